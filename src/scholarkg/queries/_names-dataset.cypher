// _names-dataset (internal): every Dataset name, for suggesting close matches. Columns: name.
MATCH (n:Dataset)
RETURN DISTINCT n.name AS name

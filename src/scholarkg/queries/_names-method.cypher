// _names-method (internal): every Method name, for suggesting close matches. Columns: name.
MATCH (n:Method)
RETURN DISTINCT n.name AS name

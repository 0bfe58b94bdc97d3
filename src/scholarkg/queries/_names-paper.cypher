// _names-paper (internal): every Paper name, for suggesting close matches. Columns: name.
MATCH (n:Paper)
RETURN DISTINCT n.title AS name

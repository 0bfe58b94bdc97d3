// _names-author (internal): every Author name, for suggesting close matches. Columns: name.
MATCH (n:Author)
RETURN DISTINCT n.name AS name

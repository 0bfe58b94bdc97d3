// _names-organization (internal): every Organization name, for suggesting close matches. Columns: name.
MATCH (n:Organization)
RETURN DISTINCT n.name AS name

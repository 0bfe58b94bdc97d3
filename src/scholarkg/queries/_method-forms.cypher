// _method-forms (internal): every name and alias of every Method node, for the corpus-wide identity pass.
// Columns: key, kind ('name' or 'alias'), value.
MATCH (n:Method)
RETURN n.key AS key, 'name' AS kind, n.name AS value
UNION ALL
MATCH (n:Method)
UNWIND coalesce(n.aliases, []) AS alias
RETURN n.key AS key, 'alias' AS kind, alias AS value

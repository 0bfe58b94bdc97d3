// _key-paper (internal): the Paper nodes whose key is the user's text or the key that text would get (an index lookup,
// tried before the slower name and alias match of _lookup-paper).
// Parameters: $text, $guess. Columns: key, name.
MATCH (n:Paper)
WHERE n.key IN [$text, $guess]
RETURN n.key AS key, n.title AS name
ORDER BY key

// _key-method (internal): the Method nodes whose key is the user's text or the key that text would get (an index lookup,
// tried before the slower name and alias match of _lookup-method).
// Parameters: $text, $guess. Columns: key, name.
MATCH (n:Method)
WHERE n.key IN [$text, $guess]
RETURN n.key AS key, n.name AS name
ORDER BY key

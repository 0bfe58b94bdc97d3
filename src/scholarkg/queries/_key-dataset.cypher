// _key-dataset (internal): the Dataset nodes whose key is the user's text or the key that text would get (an index lookup,
// tried before the slower name and alias match of _lookup-dataset).
// Parameters: $text, $guess. Columns: key, name.
MATCH (n:Dataset)
WHERE n.key IN [$text, $guess]
RETURN n.key AS key, n.name AS name
ORDER BY key

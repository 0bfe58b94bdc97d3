// _key-organization (internal): the Organization nodes whose key is the user's text or the key that text would get (an index lookup,
// tried before the slower name and alias match of _lookup-organization).
// Parameters: $text, $guess. Columns: key, name.
MATCH (n:Organization)
WHERE n.key IN [$text, $guess]
RETURN n.key AS key, n.name AS name
ORDER BY key

// _lookup-author (internal): the Author nodes a user's text names, by key, by the key the text would have, by name or alias (any case).
// Parameters: $text, $lower (lower-cased text), $guess (the key the text would get). Columns: key, name.
MATCH (n:Author)
WHERE n.key = $text OR n.key = $guess OR toLower(n.name) = $lower
   OR any(alias IN coalesce(n.aliases, []) WHERE toLower(alias) = $lower)
RETURN n.key AS key, n.name AS name
ORDER BY key

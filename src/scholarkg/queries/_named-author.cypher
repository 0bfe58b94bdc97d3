// _named-author (internal): the Author nodes written exactly as the user's text or as the name of the node its key
// found (the people the identity stage split out of one name keep that name).
// Parameters: $text, $name. Columns: key, name.
MATCH (n:Author)
WHERE n.name IN [$text, $name] OR any(alias IN coalesce(n.aliases, []) WHERE alias IN [$text, $name])
RETURN n.key AS key, n.name AS name
ORDER BY key

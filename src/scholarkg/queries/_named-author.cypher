// _named-author (internal): the Author nodes written exactly as the user's text or as the name of the node its key
// found (the people the identity stage split out of one name keep that name).
// Parameters: $text, $name. Columns: key, name.
// By name, then by alias, in two parts: each reads an index (schema/neo4j/constraints.cypher: author_name, and
// author_aliases, which holds only the persons that have aliases), where one WHERE with OR read every Author node.
CALL {
  MATCH (n:Author) WHERE n.name IN [$text, $name] RETURN n
  UNION
  MATCH (n:Author) WHERE n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias IN [$text, $name]) RETURN n
}
RETURN n.key AS key, n.name AS name
ORDER BY key

// methods: The methods the graph holds (or those whose name or an alias contains the text, any case), with their aliases, the papers naming them and how many papers propose them.
// Parameters: $name (text to look for, or null for every method), $limit. Columns: method, aliases, papers, proposed_by.
MATCH (m:Method)
WHERE $name IS NULL OR toLower(m.name) CONTAINS toLower($name)
   OR any(alias IN coalesce(m.aliases, []) WHERE toLower(alias) CONTAINS toLower($name))
OPTIONAL MATCH (p:Paper)-[r:PROPOSES|USES]->(m)
WITH m, count(DISTINCT p) AS papers, count(DISTINCT CASE WHEN type(r) = 'PROPOSES' THEN p END) AS proposed_by
RETURN m.name AS method, coalesce(m.aliases, []) AS aliases, papers, proposed_by
ORDER BY papers DESC, method, m.key
LIMIT $limit

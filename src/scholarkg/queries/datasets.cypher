// datasets: The datasets the graph holds (or those whose name or an alias contains the text, any case), with their aliases, the papers evaluating on them and how many methods are evaluated on them.
// Parameters: $name (text to look for, or null for every dataset), $limit. Columns: dataset, aliases, papers, methods.
MATCH (d:Dataset)
WHERE $name IS NULL OR toLower(d.name) CONTAINS toLower($name)
   OR any(alias IN coalesce(d.aliases, []) WHERE toLower(alias) CONTAINS toLower($name))
OPTIONAL MATCH (p:Paper)-[:EVALUATES_ON]->(d)
WITH d, count(DISTINCT p) AS papers
OPTIONAL MATCH (m:Method)-[:EVALUATED_ON]->(d)
WITH d, papers, count(DISTINCT m) AS methods
RETURN d.name AS dataset, coalesce(d.aliases, []) AS aliases, papers, methods
ORDER BY papers DESC, dataset, d.key
LIMIT $limit

// author-identity: Who an Author node is: every name written for the person (one row each), the papers and years, and the evidence that made these mentions one person (the identity stage).
// Parameters: $author (Author key). Columns: key, name, alias, papers, first_year, last_year, evidence.
MATCH (a:Author {key: $author})
OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)
WITH a, count(DISTINCT p) AS papers, min(p.year) AS first_year, max(p.year) AS last_year
UNWIND CASE WHEN a.aliases IS NULL OR size(a.aliases) = 0 THEN [a.name] ELSE a.aliases END AS alias
RETURN a.key AS key, a.name AS name, alias, papers, first_year, last_year, coalesce(a.identity, '') AS evidence
ORDER BY alias

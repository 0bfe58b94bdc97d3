// trending-methods: Methods named by the most papers published in or after a year.
// Parameters: $since_year, $limit. Columns: method, papers.
MATCH (p:Paper)-[:PROPOSES|USES]->(m:Method)
WHERE p.year >= $since_year
WITH m, count(DISTINCT p) AS papers
RETURN m.name AS method, papers
ORDER BY papers DESC, method, m.key
LIMIT $limit

// prolific-authors: Authors with the most papers in the graph.
// Parameters: $limit. Columns: author, papers, first_year, last_year.
MATCH (a:Author)-[:AUTHORED]->(p:Paper)
WITH a, count(DISTINCT p) AS papers, min(p.year) AS first_year, max(p.year) AS last_year
RETURN a.name AS author, papers, first_year, last_year
ORDER BY papers DESC, author, a.key
LIMIT $limit

// top-collaborations: The author pairs with the most joint papers.
// Parameters: $limit. Columns: author_a, author_b, papers.
MATCH (x:Author)-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(y:Author)
WHERE x.key < y.key
WITH x, y, count(DISTINCT p) AS papers
RETURN x.name AS author_a, y.name AS author_b, papers
ORDER BY papers DESC, author_a, author_b, x.key, y.key
LIMIT $limit

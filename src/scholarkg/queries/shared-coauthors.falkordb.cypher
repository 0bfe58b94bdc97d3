// shared-coauthors: Authors who wrote papers with both a and b.
// Parameters: $a, $b (Author keys). Columns: coauthor, papers_with_a, papers_with_b.
// FalkorDB: b is looked up once by its key and carried; matched inside the second pattern it was looked up again for
// every co-author of a (2.6 s on the 102k-paper graph, 40 ms this way).
MATCH (a:Author {key: $a})
MATCH (b:Author {key: $b})
MATCH (a)-[:AUTHORED]->(pa:Paper)<-[:AUTHORED]-(c:Author)
WHERE c <> a AND c <> b
WITH b, c, count(DISTINCT pa) AS papers_with_a
MATCH (c)-[:AUTHORED]->(pb:Paper)<-[:AUTHORED]-(b)
WITH c, papers_with_a, count(DISTINCT pb) AS papers_with_b
RETURN c.name AS coauthor, papers_with_a, papers_with_b
ORDER BY papers_with_a + papers_with_b DESC, coauthor, c.key

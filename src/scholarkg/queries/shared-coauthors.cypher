// shared-coauthors: Authors who wrote papers with both a and b.
// Parameters: $a, $b (Author keys). Columns: coauthor, papers_with_a, papers_with_b.
MATCH (:Author {key: $a})-[:AUTHORED]->(pa:Paper)<-[:AUTHORED]-(c:Author)
WHERE c.key <> $a AND c.key <> $b
WITH c, count(DISTINCT pa) AS papers_with_a
MATCH (:Author {key: $b})-[:AUTHORED]->(pb:Paper)<-[:AUTHORED]-(c)
WITH c, papers_with_a, count(DISTINCT pb) AS papers_with_b
RETURN c.name AS coauthor, papers_with_a, papers_with_b
ORDER BY papers_with_a + papers_with_b DESC, coauthor, c.key

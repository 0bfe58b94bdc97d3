// coauthors: Everyone who wrote a paper with the author, with the number of joint papers and the years they span.
// Parameters: $author (Author key). Columns: coauthor, papers, first_year, last_year.
MATCH (a:Author {key: $author})-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(c:Author)
WHERE c.key <> a.key
WITH c, count(DISTINCT p) AS papers, min(p.year) AS first_year, max(p.year) AS last_year
RETURN c.name AS coauthor, papers, first_year, last_year
ORDER BY papers DESC, coauthor, c.key

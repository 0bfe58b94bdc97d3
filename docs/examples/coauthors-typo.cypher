// coauthors-typo: coauthors.cypher with four mistakes in it, for the linter's example in the README.
// Parameters: $author (Author key). Columns: coauthor.
MATCH (a:Autor {key: $author})-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(c:Author)
WHERE p.year >= $since
RETURN toLowr(c.name) AS coauthor

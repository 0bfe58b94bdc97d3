// who-introduced: The earliest paper proposing the method, one row per author in author order (one row without
// an author when the paper lists none).
// Parameters: $method (Method key). Columns: title, year, author, position.
MATCH (p:Paper)-[:PROPOSES]->(:Method {key: $method})
WITH p ORDER BY coalesce(p.published, toString(coalesce(p.year, 9999))), p.title, p.key
LIMIT 1
OPTIONAL MATCH (a:Author)-[r:AUTHORED]->(p)
RETURN p.title AS title, p.year AS year, a.name AS author, r.position AS position
ORDER BY coalesce(position, 9999), author

// author-papers: The author's papers, newest first, with the author's position in the author list (null when unknown).
// Parameters: $author (Author key). Columns: title, year, position.
MATCH (:Author {key: $author})-[r:AUTHORED]->(p:Paper)
RETURN p.title AS title, p.year AS year, r.position AS position
ORDER BY coalesce(year, 0) DESC, title, p.key

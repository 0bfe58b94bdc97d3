// citing-papers: Papers whose text cites one of the author's papers.
// Parameters: $author (Author key). Columns: citing_title, citing_year, cited_title.
MATCH (:Author {key: $author})-[:AUTHORED]->(cited:Paper)<-[:CITES]-(citing:Paper)
RETURN DISTINCT citing.title AS citing_title, citing.year AS citing_year, cited.title AS cited_title
ORDER BY coalesce(citing_year, 0) DESC, citing_title, cited_title

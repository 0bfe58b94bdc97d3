// citing-papers: Papers whose text cites one of the author's papers.
// Parameters: $author (Author key). Columns: citing_title, citing_year, cited_title.
MATCH (:Author {key: $author})-[:AUTHORED]->(cited:Paper)
CALL {
  WITH cited
  MATCH (citing:Paper)-[:CITES]->(cited)
  RETURN citing
  UNION
  WITH cited
  MATCH (citing:Paper)-[:CITES]->(r:Reference)
  WHERE r.key = cited.cite_key
  RETURN citing
}
WITH citing, cited WHERE citing <> cited
RETURN DISTINCT citing.title AS citing_title, citing.year AS citing_year, cited.title AS cited_title
ORDER BY coalesce(citing_year, 0) DESC, citing_title, cited_title

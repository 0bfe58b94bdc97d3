// dataset-papers: Papers evaluating on the dataset.
// Parameters: $dataset (Dataset key). Columns: title, year.
MATCH (p:Paper)-[:EVALUATES_ON]->(:Dataset {key: $dataset})
RETURN p.title AS title, p.year AS year
ORDER BY coalesce(year, 0) DESC, title, p.key

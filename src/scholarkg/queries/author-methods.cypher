// author-methods: Methods the author's papers propose or use.
// Parameters: $author (Author key). Columns: method, role, papers.
MATCH (:Author {key: $author})-[:AUTHORED]->(p:Paper)-[r:PROPOSES|USES]->(m:Method)
WITH m, CASE type(r) WHEN 'PROPOSES' THEN 'proposes' ELSE 'uses' END AS role, count(DISTINCT p) AS papers
RETURN m.name AS method, role, papers
ORDER BY papers DESC, method, role, m.key

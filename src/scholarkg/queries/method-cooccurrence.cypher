// method-cooccurrence: Methods named in the same papers as the method.
// Parameters: $method (Method key). Columns: method, papers.
MATCH (:Method {key: $method})<-[:PROPOSES|USES]-(p:Paper)-[:PROPOSES|USES]->(other:Method)
WHERE other.key <> $method
WITH other, count(DISTINCT p) AS papers
RETURN other.name AS method, papers
ORDER BY papers DESC, method, other.key

// paper-influence: Later papers that cite the paper or use a method it proposed.
// Parameters: $paper (Paper key). Columns: title, year, via, method.
MATCH (p:Paper {key: $paper})
CALL {
  WITH p
  MATCH (later:Paper)-[:CITES]->(p)
  RETURN later, 'cites' AS via, null AS method
  UNION
  WITH p
  MATCH (later:Paper)-[:CITES]->(r:Reference)
  WHERE r.key = p.cite_key
  RETURN later, 'cites' AS via, null AS method
  UNION
  WITH p
  MATCH (p)-[:PROPOSES]->(m:Method)<-[:USES]-(later:Paper)
  WHERE coalesce(later.year, 0) >= coalesce(p.year, 0)
  RETURN later, 'uses' AS via, m.name AS method
}
WITH p, later, via, method WHERE later <> p
RETURN DISTINCT later.title AS title, later.year AS year, via, method
ORDER BY coalesce(year, 0), title, via, coalesce(method, '')

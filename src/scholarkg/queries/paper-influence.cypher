// paper-influence: Later papers that cite the paper or use a method it proposed.
// Parameters: $paper (Paper key). Columns: title, year, via, method.
MATCH (p:Paper {key: $paper})
CALL {
  WITH p
  MATCH (later:Paper)-[:CITES]->(p)
  RETURN later, 'cites' AS via, null AS method
  UNION
  WITH p
  MATCH (p)-[:PROPOSES]->(m:Method)<-[:USES]-(later:Paper)
  WHERE later <> p AND coalesce(later.year, 0) >= coalesce(p.year, 0)
  RETURN later, 'uses' AS via, m.name AS method
}
RETURN DISTINCT later.title AS title, later.year AS year, via, method
ORDER BY coalesce(year, 0), title, via, coalesce(method, '')

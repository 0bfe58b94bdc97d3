// method-comparisons: What the method outperforms, what outperforms it, and what it is compared with.
// Parameters: $method (Method key). Columns: method, relation.
// relation: 'outperforms' (the method outperforms the row's method), 'outperformed by' (the row's method outperforms
// it) or 'compared with' (a COMPARED_WITH edge either way).
MATCH (m:Method {key: $method})
CALL {
  WITH m
  MATCH (m)-[:OUTPERFORMS]->(other:Method)
  WHERE other <> m
  RETURN other, 'outperforms' AS relation
  UNION
  WITH m
  MATCH (other:Method)-[:OUTPERFORMS]->(m)
  WHERE other <> m
  RETURN other, 'outperformed by' AS relation
  UNION
  WITH m
  MATCH (m)-[:COMPARED_WITH]-(other:Method)
  WHERE other <> m
  RETURN other, 'compared with' AS relation
}
RETURN other.name AS method, relation
ORDER BY relation DESC, method, other.key

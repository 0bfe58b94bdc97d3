// method-lineage: Methods the method builds on (ancestors) and methods built on it (descendants), over EXTENDS and USES.
// Parameters: $method (Method key), $depth (1-5). Columns: method, direction, relation, hops.
// relation is the type of the edge at the other method's end of the chain; hops the shortest such chain.
MATCH (m:Method {key: $method})
CALL {
  WITH m
  MATCH path = (m)-[:EXTENDS|USES*1..5]->(other:Method)
  WHERE length(path) <= $depth AND other <> m
  RETURN other, 'ancestor' AS direction, type(last(relationships(path))) AS relation, length(path) AS hops
  UNION
  WITH m
  MATCH path = (other:Method)-[:EXTENDS|USES*1..5]->(m)
  WHERE length(path) <= $depth AND other <> m
  RETURN other, 'descendant' AS direction, type(head(relationships(path))) AS relation, length(path) AS hops
}
WITH other, direction, relation, min(hops) AS hops
RETURN other.name AS method, direction, relation, hops
ORDER BY direction, hops, method, relation

// collaboration-distance: Co-authorship hops between two authors and one shortest path (the first by names).
// Parameters: $a, $b (Author keys), $max_hops (1-6). Columns: hops, path ("A → B → C"). No row when not connected within $max_hops.
// FalkorDB: a path length bound must be written in the query, so there is one branch per bound and $max_hops
// picks the one that runs (an UNWIND of an empty list stops the others; behind a WHERE they still searched).
// Searching to 12 edges whatever $max_hops is explores far more of the graph: two authors not within 4 hops of
// each other on the 102k-paper graph took 0.95 s that way and 0.19 s this way.
MATCH (a:Author {key: $a})
MATCH (b:Author {key: $b})
WITH a, b WHERE a <> b
CALL {
  WITH a, b
  UNWIND CASE WHEN $max_hops = 1 THEN [b] ELSE [] END AS t
  MATCH p = allShortestPaths((a)-[:AUTHORED*..2]-(t))
  RETURN p
  UNION
  WITH a, b
  UNWIND CASE WHEN $max_hops = 2 THEN [b] ELSE [] END AS t
  MATCH p = allShortestPaths((a)-[:AUTHORED*..4]-(t))
  RETURN p
  UNION
  WITH a, b
  UNWIND CASE WHEN $max_hops = 3 THEN [b] ELSE [] END AS t
  MATCH p = allShortestPaths((a)-[:AUTHORED*..6]-(t))
  RETURN p
  UNION
  WITH a, b
  UNWIND CASE WHEN $max_hops = 4 THEN [b] ELSE [] END AS t
  MATCH p = allShortestPaths((a)-[:AUTHORED*..8]-(t))
  RETURN p
  UNION
  WITH a, b
  UNWIND CASE WHEN $max_hops = 5 THEN [b] ELSE [] END AS t
  MATCH p = allShortestPaths((a)-[:AUTHORED*..10]-(t))
  RETURN p
  UNION
  WITH a, b
  UNWIND CASE WHEN $max_hops >= 6 THEN [b] ELSE [] END AS t
  MATCH p = allShortestPaths((a)-[:AUTHORED*..12]-(t))
  RETURN p
}
WITH p, length(p) / 2 AS hops
WHERE hops <= $max_hops
WITH hops, [n IN nodes(p) WHERE n:Author | n.name] AS names
RETURN hops, reduce(s = head(names), n IN tail(names) | s + ' → ' + n) AS path
ORDER BY hops, path
LIMIT 1

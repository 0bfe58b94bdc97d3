// collaboration-distance: Co-authorship hops between two authors and one shortest path (the first by names).
// Parameters: $a, $b (Author keys), $max_hops (1-6). Columns: hops, path ("A → B → C"). No row when not connected within $max_hops.
MATCH (a:Author {key: $a}), (b:Author {key: $b})
WITH a, b WHERE a <> b
MATCH p = allShortestPaths((a)-[:AUTHORED*..12]-(b))
WITH p, length(p) / 2 AS hops
WHERE hops <= $max_hops
WITH hops, [n IN nodes(p) WHERE n:Author | n.name] AS names
RETURN hops, reduce(s = head(names), n IN tail(names) | s + ' → ' + n) AS path
ORDER BY hops, path
LIMIT 1

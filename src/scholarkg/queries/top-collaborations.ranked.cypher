// top-collaborations (ranked): The author pairs with the most joint papers, from the rankings kept beside the graph.
// Parameters: $limit. Columns: author_a, author_b, papers.
// How: reads the (:RankedPair) entries (the pairs with the most joint papers and every pair tied with the last,
// refreshed at the end of every build, remove-source and refresh), cuts them at the $limit-th count and looks the
// two authors up by key. The same rows as top-collaborations.cypher while $limit is at most pair_depth of the
// (:Rankings) node (or that is -1) and the node exists; scholarkg checks that and otherwise runs top-collaborations.cypher.
MATCH (r:RankedPair)
WITH r.papers AS n ORDER BY n DESC LIMIT $limit
WITH min(n) AS least
MATCH (r:RankedPair) WHERE r.papers >= least
MATCH (x:Author {key: r.a})
MATCH (y:Author {key: r.b})
WITH r.papers AS papers, CASE WHEN x.key < y.key THEN x ELSE y END AS first,
     CASE WHEN x.key < y.key THEN y ELSE x END AS second
RETURN first.name AS author_a, second.name AS author_b, papers
ORDER BY papers DESC, author_a, author_b, first.key, second.key
LIMIT $limit

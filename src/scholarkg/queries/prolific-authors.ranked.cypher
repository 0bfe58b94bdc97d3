// prolific-authors (ranked): Authors with the most papers in the graph, from the rankings kept beside the graph.
// Parameters: $limit. Columns: author, papers, first_year, last_year.
// How: reads the (:RankedAuthor) entries (the authors with the most papers and every author tied with the last,
// with the first and last year of their papers, refreshed at the end of every build, remove-source and refresh),
// cuts them at the $limit-th count and looks each author up by key. The same rows as prolific-authors.cypher while
// $limit is at most author_depth of the (:Rankings) node (or that is -1) and the node exists; scholarkg checks that
// and otherwise runs prolific-authors.cypher.
MATCH (r:RankedAuthor)
WITH r.papers AS n ORDER BY n DESC LIMIT $limit
WITH min(n) AS least
MATCH (r:RankedAuthor) WHERE r.papers >= least
MATCH (a:Author {key: r.author})
RETURN a.name AS author, r.papers AS papers, r.first_year AS first_year, r.last_year AS last_year
ORDER BY papers DESC, author, a.key
LIMIT $limit

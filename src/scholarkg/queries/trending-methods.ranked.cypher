// trending-methods (ranked): Methods named by the most papers published in or after a year, from the rankings kept beside the graph.
// Parameters: $since_year, $limit. Columns: method, papers.
// How: the (:Rankings) node lists in trend_years every year that starts a paper naming a method (a paper's year
// is its smallest); for each, (:RankedMethod) entries keep the methods named by the most papers of that year or
// later (refreshed at the end of every build, remove-source and refresh). The question reads the first such year
// at or after $since_year (no paper starts in between) and looks each method up by key. The same rows as
// trending-methods.cypher while $limit is at most method_depth of the (:Rankings) node (or that is -1) and the
// node exists; scholarkg checks that and otherwise runs trending-methods.cypher.
MATCH (s:Rankings)
UNWIND s.trend_years AS y
WITH min(CASE WHEN y >= $since_year THEN y END) AS year
MATCH (t:RankedMethod) WHERE t.since_year = year
MATCH (m:Method {key: t.method})
RETURN m.name AS method, t.papers AS papers
ORDER BY papers DESC, method, m.key
LIMIT $limit

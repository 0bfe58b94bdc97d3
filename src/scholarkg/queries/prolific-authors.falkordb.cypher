// prolific-authors: Authors with the most papers in the graph.
// Parameters: $limit. Columns: author, papers, first_year, last_year.
// FalkorDB: papers is the AUTHORED degree (one AUTHORED edge per author and paper: writes MERGE it), read without
// walking the edges. A first pass finds the smallest count that makes the list; only authors with at least that
// many papers (ties included) are then named, sorted and given their years (3.6 s on the 102k-paper graph, 0.2 s this way).
MATCH (a:Author)
WITH outdegree(a, 'AUTHORED') AS papers ORDER BY papers DESC LIMIT $limit
WITH min(papers) AS least
MATCH (a:Author)
WITH a, least, outdegree(a, 'AUTHORED') AS papers
WHERE papers >= least AND papers > 0
MATCH (a)-[:AUTHORED]->(p:Paper)
WITH a, papers, min(p.year) AS first_year, max(p.year) AS last_year
RETURN a.name AS author, papers, first_year, last_year
ORDER BY papers DESC, author, a.key
LIMIT $limit

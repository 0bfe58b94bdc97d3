// prolific-organizations: Organizations listed on the most papers, with how many authors wrote those papers.
// Parameters: $limit. Columns: organization, papers, authors.
// FalkorDB: papers is the AFFILIATED_WITH in-degree (one edge per paper and organization: writes MERGE it), so the
// list is chosen without walking any edge, and authors are counted only for the organizations on it.
MATCH (o:Organization)
WITH o, indegree(o, 'AFFILIATED_WITH') AS papers
WHERE papers > 0
WITH o, papers ORDER BY papers DESC, o.name, o.key LIMIT $limit
OPTIONAL MATCH (o)<-[:AFFILIATED_WITH]-(p:Paper)<-[:AUTHORED]-(a:Author)
WITH o, papers, count(DISTINCT a) AS authors
RETURN o.name AS organization, papers, authors
ORDER BY papers DESC, organization, o.key

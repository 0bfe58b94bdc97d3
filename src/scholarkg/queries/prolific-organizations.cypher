// prolific-organizations: Organizations listed on the most papers, with how many authors wrote those papers.
// Parameters: $limit. Columns: organization, papers, authors.
// Neo4j: papers is the AFFILIATED_WITH in-degree (one edge per paper and organization: writes MERGE it; only papers
// have such edges), read from the degree store without walking the edges, so the list is chosen first and authors
// are counted only for the organizations on it (216,134 db hits and 90-190 ms on the 102k-paper graph before).
MATCH (o:Organization)
WITH o, COUNT { (o)<-[:AFFILIATED_WITH]-() } AS papers
WHERE papers > 0
WITH o, papers ORDER BY papers DESC, o.name, o.key LIMIT $limit
OPTIONAL MATCH (o)<-[:AFFILIATED_WITH]-(p:Paper)<-[:AUTHORED]-(a:Author)
WITH o, papers, count(DISTINCT a) AS authors
RETURN o.name AS organization, papers, authors
ORDER BY papers DESC, organization, o.key

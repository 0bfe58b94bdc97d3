// prolific-organizations: Organizations listed on the most papers, with how many authors wrote those papers.
// Parameters: $limit. Columns: organization, papers, authors.
MATCH (p:Paper)-[:AFFILIATED_WITH]->(o:Organization)
OPTIONAL MATCH (a:Author)-[:AUTHORED]->(p)
WITH o, count(DISTINCT p) AS papers, count(DISTINCT a) AS authors
RETURN o.name AS organization, papers, authors
ORDER BY papers DESC, organization, o.key
LIMIT $limit

// author-organizations: Organizations on the author's papers, and whether an input ties the author to them directly.
// Parameters: $author (Author key). Columns: organization, papers, member.
MATCH (a:Author {key: $author})-[:AUTHORED]->(p:Paper)-[:AFFILIATED_WITH]->(o:Organization)
WITH a, o, count(DISTINCT p) AS papers
OPTIONAL MATCH (a)-[m:MEMBER_OF]->(o)
RETURN o.name AS organization, papers, m IS NOT NULL AS member
ORDER BY papers DESC, organization, o.key

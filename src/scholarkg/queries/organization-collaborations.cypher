// organization-collaborations: Pairs of organizations listed together on papers; with an organization, only its partners.
// Parameters: $organization (Organization key, or null for all pairs). Columns: organization_a, organization_b, papers.
MATCH (x:Organization)<-[:AFFILIATED_WITH]-(p:Paper)-[:AFFILIATED_WITH]->(y:Organization)
WHERE x <> y AND (($organization IS NULL AND x.key < y.key) OR x.key = $organization)
WITH x, y, count(DISTINCT p) AS papers
RETURN x.name AS organization_a, y.name AS organization_b, papers
ORDER BY papers DESC, organization_a, organization_b, x.key, y.key

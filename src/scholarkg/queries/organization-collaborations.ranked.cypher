// organization-collaborations (ranked): Every pair of organizations listed together on papers, from the rankings kept beside the graph.
// Parameters: none (all pairs). Columns: organization_a, organization_b, papers.
// How: the (:RankedOrganizationPair) entries keep every pair as organization-collaborations.cypher shows it over
// all pairs (names, the one with the smaller key first, joint papers) and its place in that question's order
// (rank), refreshed at the end of every build, remove-source and refresh. The same rows as
// organization-collaborations.cypher without an organization while the (:Rankings) node exists; scholarkg checks
// that and otherwise runs organization-collaborations.cypher.
MATCH (r:RankedOrganizationPair)
RETURN r.organization_a AS organization_a, r.organization_b AS organization_b, r.papers AS papers
ORDER BY r.rank

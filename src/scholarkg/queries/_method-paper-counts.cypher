// _method-paper-counts (internal): how many papers propose or use each Method node, and how many propose it, for
// the identity pass. Columns: key, papers, proposed.
MATCH (p:Paper)-[r:PROPOSES|USES]->(n:Method)
RETURN n.key AS key, count(DISTINCT p) AS papers, count(DISTINCT CASE WHEN type(r) = 'PROPOSES' THEN p END) AS proposed

// Upsert USES edges from Method to Method asserted by source $source (generated from scholarkg.graph_model).
// Parameters: $rows (list of {start, end, props}), $source.
UNWIND $rows AS row
MATCH (a:Method {key: row.start})
MATCH (b:Method {key: row.end})
MERGE (a)-[r:USES]->(b)
ON CREATE SET r += row.props, r.sources = [$source]
ON MATCH SET r.sources = CASE WHEN r.sources IS NULL THEN [$source] WHEN $source IN r.sources THEN r.sources ELSE r.sources + [$source] END

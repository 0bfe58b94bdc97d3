// Upsert CITES edges from Paper to Paper asserted by source $source (generated from scholarkg.graph_model).
// Parameters: $rows (list of {start, end, props}), $source.
UNWIND $rows AS row
MATCH (a:Paper {key: row.start})
MATCH (b:Paper {key: row.end})
MERGE (a)-[r:CITES]->(b)
ON CREATE SET r += row.props, r.sources = [$source]
ON MATCH SET r.sources = CASE WHEN r.sources IS NULL THEN [$source] WHEN $source IN r.sources THEN r.sources ELSE r.sources + [$source] END

// Upsert AUTHORED edges from Author to Paper asserted by source $source (generated from scholarkg.graph_model).
// Parameters: $rows (list of {start, end, props}), $source.
UNWIND $rows AS row
MATCH (a:Author {key: row.start})
MATCH (b:Paper {key: row.end})
MERGE (a)-[r:AUTHORED]->(b)
SET r.sources = CASE WHEN r.sources IS NULL THEN [$source] WHEN $source IN r.sources THEN r.sources ELSE r.sources + [$source] END,
    r.position = CASE WHEN row.props.position IS NULL THEN r.position WHEN r.position IS NULL OR row.props.position < r.position THEN row.props.position ELSE r.position END

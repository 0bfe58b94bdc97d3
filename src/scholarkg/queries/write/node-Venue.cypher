// Upsert Venue nodes asserted by source $source (generated from scholarkg.graph_model).
// Parameters: $rows (list of {key, props}), $source.
UNWIND $rows AS row
MERGE (n:Venue {key: row.key})
ON CREATE SET n += row.props, n.sources = [$source]
ON MATCH SET n.sources = CASE WHEN n.sources IS NULL THEN [$source] WHEN $source IN n.sources THEN n.sources ELSE n.sources + [$source] END,
    n.name = CASE WHEN row.props.name IS NULL THEN n.name WHEN n.name IS NULL OR row.props.name < n.name THEN row.props.name ELSE n.name END

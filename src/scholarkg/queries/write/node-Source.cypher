// Upsert Source nodes asserted by source $source (generated from scholarkg.graph_model).
// Parameters: $rows (list of {key, props}), $source.
UNWIND $rows AS row
MERGE (n:Source {key: row.key})
ON CREATE SET n += row.props, n.sources = [$source]
ON MATCH SET n.sources = CASE WHEN n.sources IS NULL THEN [$source] WHEN $source IN n.sources THEN n.sources ELSE n.sources + [$source] END,
    n.complete = CASE WHEN row.props.complete IS NULL THEN n.complete WHEN n.complete IS NULL THEN row.props.complete ELSE (n.complete OR row.props.complete) END,
    n.format = CASE WHEN row.props.format IS NULL THEN n.format WHEN n.format IS NULL OR row.props.format < n.format THEN row.props.format ELSE n.format END,
    n.path = CASE WHEN row.props.path IS NULL THEN n.path WHEN n.path IS NULL OR row.props.path < n.path THEN row.props.path ELSE n.path END

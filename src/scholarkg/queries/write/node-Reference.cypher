// Upsert Reference nodes asserted by source $source (generated from scholarkg.graph_model).
// Parameters: $rows (list of {key, props}), $source.
UNWIND $rows AS row
MERGE (n:Reference {key: row.key})
ON CREATE SET n += row.props, n.sources = [$source]
ON MATCH SET n.sources = CASE WHEN n.sources IS NULL THEN [$source] WHEN $source IN n.sources THEN n.sources ELSE n.sources + [$source] END,
    n.family = CASE WHEN row.props.family IS NULL THEN n.family WHEN n.family IS NULL OR row.props.family < n.family THEN row.props.family ELSE n.family END,
    n.year = CASE WHEN row.props.year IS NULL THEN n.year WHEN n.year IS NULL OR row.props.year < n.year THEN row.props.year ELSE n.year END

// Upsert Author nodes asserted by source $source (generated from scholarkg.graph_model).
// Parameters: $rows (list of {key, props}), $source.
UNWIND $rows AS row
MERGE (n:Author {key: row.key})
ON CREATE SET n += row.props, n.sources = [$source]
ON MATCH SET n.sources = CASE WHEN n.sources IS NULL THEN [$source] WHEN $source IN n.sources THEN n.sources ELSE n.sources + [$source] END,
    n.aliases = CASE WHEN row.props.aliases IS NULL THEN n.aliases WHEN n.aliases IS NULL THEN row.props.aliases ELSE n.aliases + [x IN row.props.aliases WHERE NOT x IN n.aliases] END,
    n.family = CASE WHEN row.props.family IS NULL THEN n.family WHEN n.family IS NULL OR row.props.family < n.family THEN row.props.family ELSE n.family END,
    n.given = CASE WHEN row.props.given IS NULL THEN n.given WHEN n.given IS NULL OR row.props.given < n.given THEN row.props.given ELSE n.given END,
    n.identity = CASE WHEN row.props.identity IS NULL THEN n.identity WHEN n.identity IS NULL OR row.props.identity < n.identity THEN row.props.identity ELSE n.identity END,
    n.name = CASE WHEN row.props.name IS NULL THEN n.name WHEN n.name IS NULL OR row.props.name < n.name THEN row.props.name ELSE n.name END,
    n.orcid = CASE WHEN row.props.orcid IS NULL THEN n.orcid WHEN n.orcid IS NULL OR row.props.orcid < n.orcid THEN row.props.orcid ELSE n.orcid END

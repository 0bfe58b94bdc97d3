// Upsert AUTHORED edges from Author to Paper asserted by source $source (generated from scholarkg.graph_model).
// Parameters: $rows (list of {start, end, props}), $source.
UNWIND $rows AS row
MATCH (a:Author {key: row.start})
MATCH (b:Paper {key: row.end})
MERGE (a)-[r:AUTHORED]->(b)
ON CREATE SET r += row.props, r.sources = [$source]
ON MATCH SET r.sources = CASE WHEN r.sources IS NULL THEN [$source] WHEN $source IN r.sources THEN r.sources ELSE r.sources + [$source] END,
    r.author_ids = CASE WHEN row.props.author_ids IS NULL THEN r.author_ids WHEN r.author_ids IS NULL THEN row.props.author_ids ELSE r.author_ids + [x IN row.props.author_ids WHERE NOT x IN r.author_ids] END,
    r.listed_as = CASE WHEN row.props.listed_as IS NULL THEN r.listed_as WHEN r.listed_as IS NULL OR row.props.listed_as < r.listed_as THEN row.props.listed_as ELSE r.listed_as END,
    r.organizations = CASE WHEN row.props.organizations IS NULL THEN r.organizations WHEN r.organizations IS NULL THEN row.props.organizations ELSE r.organizations + [x IN row.props.organizations WHERE NOT x IN r.organizations] END,
    r.position = CASE WHEN row.props.position IS NULL THEN r.position WHEN r.position IS NULL OR row.props.position < r.position THEN row.props.position ELSE r.position END

// Upsert Paper nodes asserted by source $source (generated from scholarkg.graph_model).
// Parameters: $rows (list of {key, props}), $source.
UNWIND $rows AS row
MERGE (n:Paper {key: row.key})
ON CREATE SET n += row.props, n.sources = [$source]
ON MATCH SET n.sources = CASE WHEN n.sources IS NULL THEN [$source] WHEN $source IN n.sources THEN n.sources ELSE n.sources + [$source] END,
    n.abstract = CASE WHEN row.props.abstract IS NULL THEN n.abstract WHEN n.abstract IS NULL OR row.props.abstract < n.abstract THEN row.props.abstract ELSE n.abstract END,
    n.arxiv_id = CASE WHEN row.props.arxiv_id IS NULL THEN n.arxiv_id WHEN n.arxiv_id IS NULL OR row.props.arxiv_id < n.arxiv_id THEN row.props.arxiv_id ELSE n.arxiv_id END,
    n.authors_complete = CASE WHEN row.props.authors_complete IS NULL THEN n.authors_complete WHEN n.authors_complete IS NULL THEN row.props.authors_complete ELSE (n.authors_complete OR row.props.authors_complete) END,
    n.cite_key = CASE WHEN row.props.cite_key IS NULL THEN n.cite_key WHEN n.cite_key IS NULL OR row.props.cite_key < n.cite_key THEN row.props.cite_key ELSE n.cite_key END,
    n.date_text = CASE WHEN row.props.date_text IS NULL THEN n.date_text WHEN n.date_text IS NULL OR row.props.date_text < n.date_text THEN row.props.date_text ELSE n.date_text END,
    n.doi = CASE WHEN row.props.doi IS NULL THEN n.doi WHEN n.doi IS NULL OR row.props.doi < n.doi THEN row.props.doi ELSE n.doi END,
    n.has_code = CASE WHEN row.props.has_code IS NULL THEN n.has_code WHEN n.has_code IS NULL THEN row.props.has_code ELSE (n.has_code OR row.props.has_code) END,
    n.published = CASE WHEN row.props.published IS NULL THEN n.published WHEN n.published IS NULL OR row.props.published < n.published THEN row.props.published ELSE n.published END,
    n.title = CASE WHEN row.props.title IS NULL THEN n.title WHEN n.title IS NULL OR row.props.title < n.title THEN row.props.title ELSE n.title END,
    n.year = CASE WHEN row.props.year IS NULL THEN n.year WHEN n.year IS NULL OR row.props.year < n.year THEN row.props.year ELSE n.year END

// _paper-titles (internal): every paper title, for the identity pass (a method name that is a title is dropped).
// Columns: title.
MATCH (p:Paper)
RETURN DISTINCT p.title AS title

// method-papers: Papers that propose or use the method.
// Parameters: $method (Method key). Columns: title, year, role.
MATCH (p:Paper)-[r:PROPOSES|USES]->(:Method {key: $method})
RETURN p.title AS title, p.year AS year, CASE type(r) WHEN 'PROPOSES' THEN 'proposes' ELSE 'uses' END AS role
ORDER BY coalesce(year, 0) DESC, title, role, p.key

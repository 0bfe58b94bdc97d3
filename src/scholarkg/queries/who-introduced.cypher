// who-introduced: The earliest paper that proposes the method, whose title opens with one of its names, or whose
// abstract coins one; one row per author in author order (one row without an author when it lists none).
// Parameters: $method (Method key). Columns: title, year, author, position.
// A title that opens with the name ("Generative Adversarial Networks", "The KL-UCB Algorithm ...") or an abstract
// that coins it (in quotes: 'Random "dropout" gives ...'; after "called", "dubbed", "termed", "coined"; a name of
// several words defining its acronym: "generative stochastic networks (GSN)") introduces it when no earlier paper
// does: the extractor reads a known name there as used, and only the corpus
// shows which paper came first. A name opening a title must end where a word ends (end of title, space, colon,
// comma, full stop, semicolon, or a plural s).
MATCH (m:Method {key: $method})<-[r:PROPOSES|USES]-(p:Paper)
WITH p, collect(type(r)) AS roles, toLower(coalesce(p.abstract, '')) AS abstract,
     [x IN [m.name] + coalesce(m.aliases, []) | toLower(x)] AS names,
     CASE WHEN toLower(p.title) STARTS WITH 'the ' THEN substring(toLower(p.title), 4, size(p.title))
          ELSE toLower(p.title) END AS title
WHERE 'PROPOSES' IN roles
   OR any(n IN names WHERE title STARTS WITH n AND substring(title + ' ', size(n), 1) IN [' ', ':', ',', '.', ';', 's'])
   OR any(n IN names WHERE any(cue IN ['"', '“', 'called ', 'dubbed ', 'termed ', 'coined '] WHERE abstract CONTAINS (cue + n)))
   OR any(n IN names WHERE n CONTAINS ' ' AND abstract CONTAINS (n + ' ('))
WITH p ORDER BY coalesce(p.published, toString(coalesce(p.year, 9999))), p.title, p.key
LIMIT 1
OPTIONAL MATCH (a:Author)-[r:AUTHORED]->(p)
RETURN p.title AS title, p.year AS year, a.name AS author, r.position AS position
ORDER BY coalesce(position, 9999), author

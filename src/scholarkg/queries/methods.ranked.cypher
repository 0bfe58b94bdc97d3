// methods (ranked): The methods the graph holds (or those whose name or an alias contains the text, any case), from the rankings kept beside the graph.
// Parameters: $name (text to look for, or null for every method), $limit. Columns: method, aliases, papers, proposed_by.
// How: one (:RankedMethodCount) entry per method keeps what methods.cypher shows of it (name, aliases, the papers
// naming it and those proposing it; key in r.method), refreshed at the end of every build, remove-source and
// refresh: counting the papers of every method took Neo4j 0.2 to 0.3 s on the 102k-paper graph. The same rows as
// methods.cypher while the (:Rankings) node exists; scholarkg checks that and otherwise runs methods.cypher.
MATCH (r:RankedMethodCount)
WHERE $name IS NULL OR toLower(r.name) CONTAINS toLower($name)
   OR any(alias IN r.aliases WHERE toLower(alias) CONTAINS toLower($name))
RETURN r.name AS method, r.aliases AS aliases, r.papers AS papers, r.proposed_by AS proposed_by
ORDER BY papers DESC, method, r.method
LIMIT $limit

// _method-forms-from (internal): the names and aliases of Method nodes that start with $initial (in lower case),
// for looking a method up by a name written another way ("kmeans" for K-Means).
// Parameters: $initial. Columns: key, value.
MATCH (n:Method)
WHERE toLower(n.name) STARTS WITH $initial
RETURN n.key AS key, n.name AS value
UNION
MATCH (n:Method)
UNWIND coalesce(n.aliases, []) AS alias
WITH n, alias
WHERE toLower(alias) STARTS WITH $initial
RETURN n.key AS key, alias AS value

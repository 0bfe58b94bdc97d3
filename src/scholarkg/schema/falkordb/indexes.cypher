// Exact-match index on the key of every label; applied before any write.
// Generated from scholarkg.graph_model by scripts/gen_cypher_writes.py.
CREATE INDEX FOR (n:Paper) ON (n.key);
CREATE INDEX FOR (n:Author) ON (n.key);
CREATE INDEX FOR (n:Organization) ON (n.key);
CREATE INDEX FOR (n:Category) ON (n.key);
CREATE INDEX FOR (n:Method) ON (n.key);
CREATE INDEX FOR (n:Dataset) ON (n.key);
CREATE INDEX FOR (n:Venue) ON (n.key);
CREATE INDEX FOR (n:Source) ON (n.key);
CREATE INDEX FOR (n:Reference) ON (n.key);
// Index of the name lookups (queries/_named-author.cypher).
CREATE INDEX FOR (n:Author) ON (n.name);

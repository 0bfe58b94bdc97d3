"""What the property-graph stores (FalkorDB, Neo4j) share: how a ``GraphBatch`` becomes parameterized Cypher,
how a source is removed, stats, sources and the query catalogue.

Every node is ``(:Label {key, ...})`` and every node and edge carries ``sources``, the keys of the sources
asserting it. A property asserted with different values by different sources keeps the smallest value, and
list properties keep the union: that is what the SPARQL catalogue reads from the RDF stores (``MIN`` over the
union graph), so both languages answer alike whatever order the inputs were loaded in; a boolean is true when
any source says so (a listing with a ``Code`` link, a complete author list). Removing a source deletes what only
it asserted and drops it from every ``sources`` list; a property value that only the removed source gave stays
until the node's sources are loaded again (the RDF stores drop it at once: each source is its own graph). Labels, relationship
types and property names come from our graph model (``scholarkg.graph_model``) through the generated files in
``queries/write/``; values only ever travel as parameters.

>>> stmts = write_statements(_example_batch())
>>> print(stmts[0][0].splitlines()[3])
MERGE (n:Author {key: row.key})
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Iterable, Mapping

from ..errors import QueryError, StoreError
from ..graph_model import EDGES, NODES
from ..model import GraphBatch
from ..resources import resource
from . import Capability, Prepared, Store, UpsertStats, graph_edge, graph_node, sort_graph
from . import cypher_rankings, rankings
from .identity import chunks, cypher_merge_statements, merged_props, refresh_method_identity
from .cypher_identity import CLEAR_PENDING, MARK_PENDING, CypherIdentity

Statement = tuple[str, dict[str, Any]]
WRITE_FOLDER = "write"  # queries/write/: one generated file per node label and per edge (type, start, end)


def _set_clause(var: str, props: Mapping[str, str]) -> str:
    """The SET clauses of an upsert of ``var`` from ``row.props`` asserted by ``$source``. A new node or edge takes
    ``row.props`` whole; one that exists keeps the smallest value of each property, the union of lists, true when
    any source says true, and adds ``$source`` to its ``sources``. (Most rows of a build are new: the CASE rules on
    every property, run for every row, cost Neo4j twice a plain ``SET +=``.)"""
    parts = [
        f"{var}.sources = CASE WHEN {var}.sources IS NULL THEN [$source] WHEN $source IN {var}.sources "
        f"THEN {var}.sources ELSE {var}.sources + [$source] END"
    ]
    for prop, kind in sorted(props.items()):
        p, new = f"{var}.{prop}", f"row.props.{prop}"
        if kind == "bool":  # has_code, authors_complete, complete: true when any source says so
            parts.append(f"{p} = CASE WHEN {new} IS NULL THEN {p} WHEN {p} IS NULL THEN {new} ELSE ({p} OR {new}) END")
        elif kind == "list":
            parts.append(f"{p} = CASE WHEN {new} IS NULL THEN {p} WHEN {p} IS NULL THEN {new} "
                         f"ELSE {p} + [x IN {new} WHERE NOT x IN {p}] END")
        else:
            parts.append(f"{p} = CASE WHEN {new} IS NULL THEN {p} WHEN {p} IS NULL OR {new} < {p} THEN {new} ELSE {p} END")
    return (f"ON CREATE SET {var} += row.props, {var}.sources = [$source]\n"
            "ON MATCH SET " + ",\n    ".join(parts))


def node_write_name(label: str) -> str:
    return f"node-{label}"


def edge_write_name(etype: str, start: str, end: str) -> str:
    return f"edge-{etype}-{start}-{end}"


def render_writes() -> dict[str, str]:
    """The text of every write file, by file name (what ``scripts/gen_cypher_writes.py`` writes)."""
    out = {}
    for label, props in NODES.items():
        out[node_write_name(label) + ".cypher"] = (
            f"// Upsert {label} nodes asserted by source $source (generated from scholarkg.graph_model).\n"
            f"// Parameters: $rows (list of {{key, props}}), $source.\n"
            f"UNWIND $rows AS row\nMERGE (n:{label} {{key: row.key}})\n{_set_clause('n', props)}\n")
    for (etype, start, end), props in EDGES.items():
        out[edge_write_name(etype, start, end) + ".cypher"] = (
            f"// Upsert {etype} edges from {start} to {end} asserted by source $source (generated from scholarkg.graph_model).\n"
            f"// Parameters: $rows (list of {{start, end, props}}), $source.\n"
            f"UNWIND $rows AS row\nMATCH (a:{start} {{key: row.start}})\nMATCH (b:{end} {{key: row.end}})\n"
            f"MERGE (a)-[r:{etype}]->(b)\n{_set_clause('r', props)}\n")
    return out


# The person lookup by name (queries/_named-author.cypher, run for every question given an author's name) reads
# these instead of every Author node: 180 ms -> 3 ms on Neo4j, 140 -> 30 ms on FalkorDB (102k-paper graph).
NAME_INDEXES = {
    "neo4j": ["// Indexes of the name lookups (queries/_named-author.cypher).",
              "CREATE INDEX author_name IF NOT EXISTS FOR (n:Author) ON (n.name);",
              "CREATE INDEX author_aliases IF NOT EXISTS FOR (n:Author) ON (n.aliases);"],
    "falkordb": ["// Index of the name lookups (queries/_named-author.cypher).",
                 "CREATE INDEX FOR (n:Author) ON (n.name);"],
}


def render_constraints() -> str:
    """``schema/neo4j/constraints.cypher``: a uniqueness constraint on ``key`` for every label, and the name indexes."""
    lines = ["// Uniqueness constraints (each also an index) on the key of every label; applied before any write.",
             "// Generated from scholarkg.graph_model by scripts/gen_cypher_writes.py."]
    for label in NODES:
        lines.append(f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE;")
    lines += NAME_INDEXES["neo4j"]
    return "\n".join(lines) + "\n"


def render_falkordb_indexes() -> str:
    """``schema/falkordb/indexes.cypher``: an exact-match index on the key of every label, and the name index."""
    lines = ["// Exact-match index on the key of every label; applied before any write.",
             "// Generated from scholarkg.graph_model by scripts/gen_cypher_writes.py."]
    lines += [f"CREATE INDEX FOR (n:{label}) ON (n.key);" for label in NODES]
    lines += NAME_INDEXES["falkordb"]
    return "\n".join(lines) + "\n"


def schema_statements(*path: str) -> list[str]:
    """The statements of a schema file (``;``-separated, ``//`` comments dropped)."""
    text = resource("schema", *path).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]


@functools.lru_cache(maxsize=None)
def load_write(name: str) -> str:
    path = resource("queries", WRITE_FOLDER, name + ".cypher")
    if not path.is_file():
        raise StoreError(f"no write file {WRITE_FOLDER}/{name}.cypher (run scripts/gen_cypher_writes.py)")
    return path.read_text(encoding="utf-8")


def _check_props(what: str, allowed: Mapping[str, str], items: Iterable[Mapping[str, Any]]) -> None:
    for props in items:
        unknown = set(props) - set(allowed)
        if unknown:
            raise StoreError(f"refusing {what} properties {sorted(unknown)}: not in the graph model")


def write_statements(batch: GraphBatch) -> list[Statement]:
    """The statements that upsert ``batch``: the write file of each node label, then of each edge kind, with the
    batch's rows as ``$rows`` and its source key as ``$source``. Labels, types and properties outside the graph
    model are refused."""
    out: list[Statement] = []
    by_label: dict[str, list[Any]] = {}
    for node in batch.nodes.values():
        by_label.setdefault(node.label, []).append(node)
    for label in sorted(by_label):
        if label not in NODES:
            raise StoreError(f"refusing label {label!r}: not in the graph model")
        nodes = by_label[label]
        _check_props(label, NODES[label], (n.props for n in nodes))
        out.append((load_write(node_write_name(label)),
                    {"rows": [{"key": n.key, "props": n.props} for n in nodes], "source": batch.source_key}))
    by_kind: dict[tuple[str, str, str], list[Any]] = {}
    for edge in batch.edges.values():
        by_kind.setdefault((edge.type, edge.start[0], edge.end[0]), []).append(edge)
    for kind in sorted(by_kind):
        if kind not in EDGES:
            raise StoreError(f"refusing edge {kind[0]!r} from {kind[1]!r} to {kind[2]!r}: not in the graph model")
        edges = by_kind[kind]
        _check_props(kind[0], EDGES[kind], (e.props for e in edges))
        rows = [{"start": e.start[1], "end": e.end[1], "props": e.props} for e in edges]
        out.append((load_write(edge_write_name(*kind)), {"rows": rows, "source": batch.source_key}))
    return out


def prepare_statements(batch: GraphBatch) -> Prepared:
    """The batch as the statements that upsert it (``write_statements``)."""
    return Prepared.of(batch, write_statements(batch))


# Removing a source: what only it asserted goes, the rest forgets it. Edges first, then nodes.
REMOVE_STATEMENTS: list[str] = [
    "MATCH ()-[r]->() WHERE $source IN r.sources AND size(r.sources) = 1 DELETE r",
    "MATCH ()-[r]->() WHERE $source IN r.sources SET r.sources = [x IN r.sources WHERE x <> $source]",
    "MATCH (n) WHERE $source IN n.sources AND size(n.sources) = 1 DETACH DELETE n",
    "MATCH (n) WHERE $source IN n.sources SET n.sources = [x IN n.sources WHERE x <> $source]",
]
COUNT_SOURCE = [
    "MATCH (n) WHERE $source IN n.sources AND size(n.sources) = 1 RETURN count(n) AS n",
    "MATCH ()-[r]->() WHERE $source IN r.sources AND size(r.sources) = 1 RETURN count(r) AS n",
]


def load_cypher(name: str, dialect: str) -> str:
    """The Cypher text of catalogue query ``name``: ``name.<dialect>.cypher`` when that variant exists."""
    for filename in (f"{name}.{dialect}.cypher", f"{name}.cypher"):
        path = resource("queries", filename)
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise QueryError(f"no Cypher file for query {name!r}")


class CypherStore(CypherIdentity, Store):
    """A property-graph store; subclasses provide ``_read`` (rows as dicts) and ``_write`` (atomic statements)."""

    dialect = "neo4j"
    capabilities: frozenset[Capability] = frozenset({"author_identity", "rankings"})  # rankings: stores.cypher_rankings
    _changed = False  # written since the last identity pass (``start_changes``)
    identity_plan = None  # what the last identity pass (``stores.identity``) merged and dropped, and its seconds
    identity_seconds = 0.0

    def start_changes(self) -> None:
        # (before any write: a build killed from here on is finished by the next, and questions read the graph)
        self._write([(cypher_rankings.DROP_STATE, {}), (MARK_PENDING, {})])
        self._changed = True

    def _method_identity(self):
        return refresh_method_identity(self)

    def finish_changes(self) -> None:
        """After a change, or a series of changes that never finished: the corpus-wide method identity
        (``stores.identity``), then the rankings (``stores.cypher_rankings``) on stores that keep them; the
        rankings alone when they are missing."""
        keeps = self.can("rankings")
        if self._changed or self.changes_pending():
            self._methods_once()
            self._write((cypher_rankings.refresh_statements(self._read) if keeps else []) + [(CLEAR_PENDING, {})])
            self._changed = False
        elif keeps and not self.rankings_state():
            self._write(cypher_rankings.refresh_statements(self._read))

    def rankings_state(self) -> dict[str, Any]:
        """The facts of the ``Rankings`` node (fresh, depths) keyed by the RDF predicates of ``stores.rankings``;
        empty while the rankings are out of date."""
        rows = self._read(cypher_rankings.STATE)
        return cypher_rankings.state_of(rows[0] if rows else None)

    def merge_nodes(self, label: str, merges: Mapping[str, str], drops: Iterable[str], names: Mapping[str, str]) -> None:
        keys = sorted(set(merges) | set(merges.values()))
        nodes = {}
        for part in chunks(keys):
            for row in self._read(f"MATCH (n:{label}) WHERE n.key IN $keys "
                                  "RETURN n.key AS key, n.name AS name, n.aliases AS aliases, n.sources AS sources",
                                  {"keys": part}):
                nodes[row["key"]] = row
        statements = cypher_merge_statements(label, merges, drops, merged_props(label, merges, nodes))
        if statements:
            self._write(statements)

    def _read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _write(self, statements: list[Statement]) -> None:
        """Run ``statements`` in order as one transaction: all land or none does."""
        raise NotImplementedError

    def preparer(self) -> Callable[[GraphBatch], Prepared]:
        return prepare_statements

    def write(self, prepared: Prepared) -> UpsertStats:
        self._write(prepared.payload)
        return prepared.stats

    def remove_source(self, source_key: str) -> int:
        gone = sum(int(row["n"] or 0) for q in COUNT_SOURCE for row in self._read(q, {"source": source_key}))
        self._write([(q, {"source": source_key}) for q in REMOVE_STATEMENTS])
        return gone

    def query(self, name: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        if name in rankings.RANKED and self.can("rankings") and rankings.use_ranked(name, params, self.rankings_state()):
            return self._read_answer(load_cypher(f"{name}.ranked", self.dialect), params)
        return self._read_answer(load_cypher(name, self.dialect), params)

    def _read_answer(self, cypher: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The rows of a catalogue file (bounded by its ``$limit`` or its parameters); ``_read`` unless a store
        reads them faster another way."""
        return self._read(cypher, params)

    def sources(self) -> list[dict[str, Any]]:
        return self._read(
            "MATCH (s:Source) RETURN s.key AS key, s.path AS path, s.format AS format, s.complete AS complete "
            "ORDER BY path, key"
        )

    def stats(self) -> dict[str, dict[str, int]]:
        nodes = {r["label"]: r["n"] for r in self._read("MATCH (n) RETURN labels(n)[0] AS label, count(n) AS n")
                 if r["label"] not in cypher_rankings.LABELS}
        edges = {r["type"]: r["n"] for r in self._read("MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n")}
        return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}

    def iter_rows(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Every node and edge as plain dicts (used by exports and the store contract tests)."""
        nodes = self._read("MATCH (n) WITH n, labels(n)[0] AS label WHERE NOT label IN $hidden "
                           "RETURN label, n.key AS key, properties(n) AS props ORDER BY label, key",
                           {"hidden": sorted(cypher_rankings.LABELS)})
        edges = self._read(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a)[0] AS start_label, a.key AS start, "
            "labels(b)[0] AS end_label, b.key AS end, properties(r) AS props "
            "ORDER BY type, start_label, start, end_label, end"
        )
        return nodes, edges

    def iter_graph(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The whole graph as ``Store.iter_graph`` dicts: each node's and edge's ``sources`` list apart from its
        properties."""
        nodes, edges = self.iter_rows()
        return sort_graph(
            [graph_node(n["label"], n["key"], n["props"], n["props"].get("sources") or []) for n in nodes],
            [graph_edge(e["type"], (e["start_label"], e["start"]), (e["end_label"], e["end"]), e["props"],
                        e["props"].get("sources") or []) for e in edges])


def _example_batch() -> GraphBatch:
    b = GraphBatch("s1")
    b.add_node("Author", "ada-lovelace", name="Ada Lovelace")
    return b

"""The embedded default store: Oxigraph on disk (``oxigraph:PATH``), no server to install.

Each batch is written in one transaction (``Store.extend``), so it lands whole or not at all. Every triple goes
into its source's named graph (provenance) and into the default graph, which thus holds each fact once however
many sources assert it; queries read the default graph. (Reading the union of the named graphs instead repeats a
node's triples once per source that asserts it, and joins on popular nodes multiply by that count.) Removing a
source deletes from the default graph the triples no other source holds, then drops its graph, in one update.
Parameters go in as RDF terms (``rdf.bind_sparql``).

>>> with OxigraphStore("oxigraph::memory:") as store:  # in memory
...     store.stats()
{'nodes': {}, 'edges': {}}
"""
from __future__ import annotations

import functools
import io
from typing import Any, Callable, Iterable, Iterator, Mapping

import pyoxigraph
from pyoxigraph import Literal, NamedNode

from ..errors import ConfigError, QueryError, StoreBusy, StoreError, StoreFull
from ..model import GraphBatch
from ..resources import resource
from . import Prepared, Store, UpsertStats, graph_edge, graph_node, sort_graph, rankings
from .. import graph_model
from .identity import refresh_method_identity, sparql_merge_updates
from .rdf import (AUTHORSHIP, AUTHORSHIP_AUTHOR, AUTHORSHIP_ID, AUTHORSHIP_LISTED_AS, AUTHORSHIP_PAPER, AUTHORSHIP_POSITION, EDGES, LABELS, PROPERTIES,
                  PROPERTY_NAMES, RDF_TYPE, RdfMapping, bind_sparql, prepare_nquads, term_to_python)
from .rdf_identity import RdfIdentity

_PREFIXES = {
    "skg": "https://w3id.org/scholarkg/ontology#",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}


def load_sparql(name: str) -> str:
    path = resource("queries", f"{name}.rq")
    if not path.is_file():
        raise QueryError(f"no SPARQL file for query {name!r} ({path.name})")
    return path.read_text(encoding="utf-8")


class RdfStoreBase(Store):
    """What the two RDF stores share: the mapping, the query catalogue, stats and sources."""

    mapping: RdfMapping
    _changed = False  # written since the rankings were last computed (``start_changes``)
    identity_plan = None  # what the last identity pass (``stores.identity``) merged and dropped, and its seconds
    identity_seconds = 0.0

    def _select(self, sparql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _tuples(self, sparql: str) -> Iterable[tuple]:
        """The answers of a query as tuples of plain values, in the order of its variables."""
        return (tuple(row.values()) for row in self._select(sparql))

    def _update(self, sparql: str) -> None:
        raise NotImplementedError

    def _put_rankings(self, entries: str, facts: str) -> None:
        """Replace the rankings graph with ``entries`` and ``facts`` (N-Triples), the facts landing last."""
        raise NotImplementedError

    def start_changes(self) -> None:
        self._update(rankings.MARK_STALE)
        self._changed = True

    def finish_changes(self) -> None:
        """After a change, or when the rankings are missing or out of date: the corpus-wide method identity
        (``stores.identity``), then the rankings (``stores.rankings``)."""
        if not self._changed and self.rankings_state().get(rankings.SKG + "fresh"):
            return
        self.identity_plan, self.identity_seconds = refresh_method_identity(self)
        self._put_rankings(*rankings.compute(self._tuples))
        self._changed = False

    default_graph_holds_copy = True  # the embedded store's default graph is a copy of every source graph

    def merge_nodes(self, label: str, merges: Mapping[str, str], drops: Iterable[str], names: Mapping[str, str]) -> None:
        updates = sparql_merge_updates(self.mapping, label, merges, drops, names,
                                       default_graph=self.default_graph_holds_copy)
        if updates:
            self._update(" ;\n".join(updates))  # one update: one transaction

    def rankings_state(self) -> dict[str, Any]:
        """The facts on ``skg:rankings`` (fresh, depths) by predicate IRI; empty while they are out of date."""
        return dict(self._tuples(rankings.STATE))

    def ensure_schema(self) -> None:
        """RDF needs no schema; this only checks the store answers."""
        self._select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")

    def query(self, name: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        if name in rankings.RANKED and rankings.use_ranked(name, params, self.rankings_state()):
            return self._select(load_sparql(f"{name}.ranked"), params)
        return self._select(load_sparql(name), params)

    def sources(self) -> list[dict[str, Any]]:
        return self._select(
            "SELECT ?key ?path ?format ?complete WHERE { ?s a prov:Entity ; skg:key ?key ; skg:path ?path ; "
            "skg:format ?format OPTIONAL { ?s skg:complete ?complete } } ORDER BY ?path ?key"
        )

    def stats(self) -> dict[str, dict[str, int]]:
        nodes = {}
        for row in self._select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"):
            label = LABELS.get(row["c"])
            if label:
                nodes[label] = row["n"]
        edges: dict[str, int] = {}
        preds = " ".join(f"<{p}>" for p in sorted(set(EDGES.values())))
        rows = self._select(
            "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?p { " + preds + " } ?s ?p ?o } } GROUP BY ?p"
        )
        by_pred = {pred: etype for (etype, _, _), pred in EDGES.items()}
        for row in rows:
            etype = by_pred[row["p"]]
            edges[etype] = edges.get(etype, 0) + row["n"]
        rows = self._select(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a <{AUTHORSHIP}> }}")
        authored = rows[0]["n"] if rows else 0
        if authored:
            edges["AUTHORED"] = authored
        return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}

    def _iter_quads(self) -> Iterator[tuple[Any, Any, Any, Any]]:
        """Every quad of the store as pyoxigraph terms (subject, predicate, object, graph)."""
        raise NotImplementedError

    def iter_graph(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The graph read back through the RDF mapping as ``Store.iter_graph`` dicts, in one pass over the quads.

        A node's or edge's sources are the named graphs asserting it; where sources give a property different
        values the property graph's rule applies (the smallest value, the union of lists, true when any says
        so), and an authorship node reads back as an AUTHORED edge with its position.
        """
        typed: dict[str, tuple[str, set[str]]] = {}  # node IRI -> (label, graphs typing it)
        literals: dict[str, dict[str, set[Any]]] = {}  # node IRI -> predicate -> values
        links: dict[tuple[str, str, str], set[str]] = {}  # (predicate, subject, object) -> graphs
        authorships: dict[str, dict[str, Any]] = {}  # authorship IRI -> graphs, author, paper, positions
        for s, p, o, g in self._iter_quads():
            if not isinstance(g, NamedNode):
                continue  # the default graph holds no source's statements
            pred = p.value
            if pred == _TYPE:
                label = LABELS.get(o.value)
                if label is not None:
                    typed.setdefault(s.value, (label, set()))[1].add(g.value)
                elif o.value == AUTHORSHIP:
                    authorships.setdefault(s.value, {}).setdefault("graphs", set()).add(g.value)
            elif pred in EDGE_KINDS:
                links.setdefault((pred, s.value, o.value), set()).add(g.value)
            elif pred in _AUTHORSHIP_PARTS:
                value = term_to_python(o) if isinstance(o, Literal) else o.value
                authorships.setdefault(s.value, {}).setdefault(pred, set()).add(value)
            elif isinstance(o, Literal) and pred in _PREDICATE_NAMES:
                literals.setdefault(s.value, {}).setdefault(pred, set()).add(term_to_python(o))

        source_of: dict[str, str] = {}

        def sources(graphs: set[str]) -> list[str]:
            for graph in graphs - source_of.keys():
                source_of[graph] = self.mapping.source_key_of(NamedNode(graph))
            return [source_of[graph] for graph in graphs]

        ids: dict[str, tuple[str, str]] = {}
        nodes = []
        for iri, (label, graphs) in typed.items():
            values = literals.get(iri, {})
            if PROPERTIES["key"] not in values:
                raise StoreError(f"{self.uri}: node {iri} has no skg:key")
            renamed, kinds = PROPERTY_NAMES.get(label, {}), graph_model.NODES.get(label, {})
            props = {}
            for pred, vals in values.items():
                name = renamed.get(pred) or _PREDICATE_NAMES[pred]
                props[name] = _merged(vals, kinds.get(name, "str"))
            ids[iri] = (label, props["key"])
            nodes.append(graph_node(label, props["key"], props, sources(graphs)))

        def node_id(iri: str) -> tuple[str, str]:
            if iri not in ids:
                raise StoreError(f"{self.uri}: an edge points at {iri}, which has no class of our graph model")
            return ids[iri]

        edges = [graph_edge(EDGE_KINDS[pred][0], node_id(s), node_id(o), {}, sources(graphs))
                 for (pred, s, o), graphs in links.items()]
        for iri, parts in authorships.items():
            if "graphs" not in parts or AUTHORSHIP_AUTHOR not in parts or AUTHORSHIP_PAPER not in parts:
                raise StoreError(f"{self.uri}: authorship {iri} lacks its type, author or paper")
            [author], [paper] = parts[AUTHORSHIP_AUTHOR], parts[AUTHORSHIP_PAPER]
            positions = parts.get(AUTHORSHIP_POSITION)
            listed = parts.get(AUTHORSHIP_LISTED_AS)
            edges.append(graph_edge("AUTHORED", node_id(author), node_id(paper),
                                    {"position": min(positions) if positions else None,
                                     "listed_as": min(listed) if listed else None,
                                     "author_ids": sorted(parts.get(AUTHORSHIP_ID) or ())}, sources(parts["graphs"])))
        return sort_graph(nodes, edges)


# predicate -> property name (schema:name reads back as `name`, and as `title` on a Paper: PROPERTY_NAMES);
# predicate -> (type, start, end) of an edge
_PREDICATE_NAMES = {pred: name for name, pred in PROPERTIES.items() if name != "title"}
EDGE_KINDS = {pred: kind for kind, pred in EDGES.items()}
_AUTHORSHIP_PARTS = {AUTHORSHIP_AUTHOR, AUTHORSHIP_PAPER, AUTHORSHIP_POSITION, AUTHORSHIP_LISTED_AS, AUTHORSHIP_ID}
_TYPE = RDF_TYPE.value


def _merged(values: list[Any], kind: str) -> Any:
    """One property from the values its sources give: the union of a list, any true flag, else the smallest.

    >>> _merged(["b", "a"], "list"), _merged([False, True], "bool"), _merged([2021, 2019], "int")
    (['a', 'b'], True, 2019)
    """
    if kind == "list":
        return sorted(set(values))
    if kind == "bool":
        return any(values)
    return min(values)


_RANKINGS = NamedNode(rankings.GRAPH)
BULK_LIMIT = 900_000  # quads per write below which a bulk load is one RocksDB ingestion (its batch: 1,000,000)

# Remove a source graph and the default-graph triples that only it held, as one update (one transaction).
REMOVE_SOURCE = """
DELETE { ?s ?p ?o }
WHERE { GRAPH $g { ?s ?p ?o } FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER(?other != $g) } } ;
DROP GRAPH $g
"""


MEMORY_PATH = ":memory:"
MEMORY_URI = "oxigraph::memory:"  # asked for by name only (as SQLite's ":memory:")


class OxigraphStore(RdfIdentity, RdfStoreBase):
    """``oxigraph:PATH`` — a pyoxigraph store in a directory (``oxigraph::memory:``: in memory, gone at ``close``).

    An empty path is an error rather than a store in memory: a build into it would report success and keep
    nothing.
    """

    supports_identity = True

    def __init__(self, uri: str):
        self.uri = uri
        path = uri.split(":", 1)[1] if ":" in uri else uri
        if not path.strip():
            raise ConfigError(f"{uri!r} names no folder: give one, e.g. --store oxigraph:./scholarkg.db "
                              f"(or {MEMORY_URI} for a store in memory, gone when the command ends)")
        self.path = None if path == MEMORY_PATH else path
        self.mapping = RdfMapping()
        try:
            self._store = pyoxigraph.Store(self.path) if self.path else pyoxigraph.Store()
        except OSError as exc:
            text = str(exc)
            if "lock" in text.lower():
                raise StoreBusy(f"store {self.path} is in use by another scholarkg process; wait for it to finish") from None
            raise _os_error(exc, f"cannot open Oxigraph store at {self.path}") from None

    def _select(self, sparql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        try:
            result = self._store.query(bind_sparql(sparql, params or {}), prefixes=_PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise StoreError(f"Oxigraph query failed: {exc}") from None
        names = [v.value for v in result.variables]
        return [{n: term_to_python(sol[n]) for n in names} for sol in result]

    def _tuples(self, sparql: str) -> Iterator[tuple]:
        """Streamed: the rankings read every authorship of the graph."""
        result = self._store.query(sparql, prefixes=_PREFIXES)
        for solution in result:
            yield tuple(term_to_python(term) for term in solution)

    def _terms(self, sparql: str) -> Iterator[tuple]:
        """Streamed answers as pyoxigraph terms (the identity stage copies them as they are)."""
        return (tuple(solution) for solution in self._store.query(sparql, prefixes=_PREFIXES))

    def _update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except OSError as exc:
            raise _os_error(exc, "Oxigraph update failed (nothing of it was written)") from None

    def _put_rankings(self, entries: str, facts: str) -> None:
        # Until the facts land (one small transaction after the entries), the rankings look stale and every
        # question reads the graph itself: a failure in between loses nothing.
        self._update(rankings.DROP)
        try:
            self._store.bulk_load(entries.encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES, to_graph=_RANKINGS)
            self._store.load(facts.encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES, to_graph=_RANKINGS)
        except OSError as exc:
            raise _os_error(exc, "Oxigraph could not write the rankings (questions read the graph until the next "
                                 "build)") from None

    def preparer(self) -> Callable[[GraphBatch], Prepared]:
        return functools.partial(prepare_nquads, self.mapping)

    def write(self, prepared: Prepared) -> UpsertStats:
        data = prepared.payload
        # The bulk loader writes sorted files and adds them to RocksDB in one ingestion, which lands whole or not
        # at all while it holds fewer quads than the loader's own batch (1,000,000); beyond that, a transaction.
        atomic_bulk = data.count(b"\n") < BULK_LIMIT
        try:
            if atomic_bulk:
                self._store.bulk_load(data, pyoxigraph.RdfFormat.N_QUADS, lenient=True)
            else:
                self._store.load(data, pyoxigraph.RdfFormat.N_QUADS, lenient=True)
        except OSError as exc:
            raise _os_error(exc, "Oxigraph write failed (nothing of this batch was written)") from None
        return prepared.stats

    def remove_source(self, source_key: str) -> int:
        graph = self.mapping.graph_iri(source_key)
        count = sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))
        if count:
            try:
                self._store.update(bind_sparql(REMOVE_SOURCE, {"g": graph}))
            except OSError as exc:
                raise _os_error(exc, "Oxigraph could not remove the source (nothing was removed)") from None
        return count

    def _iter_quads(self) -> Iterator[tuple[Any, Any, Any, Any]]:
        """The quads of the source graphs (the default graph is their de-duplicated copy)."""
        return ((q.subject, q.predicate, q.object, q.graph_name) for q in self._store
                if not isinstance(q.graph_name, pyoxigraph.DefaultGraph) and q.graph_name != _RANKINGS)

    def iter_nquads(self) -> Iterator[str]:
        """Every quad of the source graphs as an N-Quads line (store order)."""
        for s, p, o, g in self._iter_quads():
            yield f"{s} {p} {o} {g} ."

    def dump(self, out, fmt: str) -> None:
        """Write the store in an RDF format: nq (sorted N-Quads), nt, ttl (union of graphs), jsonld."""
        if fmt == "nq":
            for line in sorted(self.iter_nquads()):
                out.write(line + "\n")
            return
        union = self._store  # the default graph is the union of the source graphs
        buf = io.BytesIO()
        rdf_format = {"nt": pyoxigraph.RdfFormat.N_TRIPLES, "ttl": pyoxigraph.RdfFormat.TURTLE,
                      "jsonld": pyoxigraph.RdfFormat.JSON_LD}[fmt]
        kwargs = {"prefixes": _PREFIXES} if fmt == "ttl" else {}
        union.dump(buf, rdf_format, from_graph=pyoxigraph.DefaultGraph(), **kwargs)
        data = buf.getvalue().decode("utf-8")
        if fmt == "nt":
            data = "".join(line + "\n" for line in sorted(data.splitlines()) if line.strip())
        out.write(data)

    def close(self) -> None:
        store = getattr(self, "_store", None)
        if store is not None:
            del self._store
            try:
                store.flush()
            except OSError as exc:
                raise _os_error(exc, "Oxigraph could not flush the store to disk") from None


def _os_error(exc: OSError, doing: str) -> StoreError:
    """The StoreError for an I/O failure of RocksDB (its messages carry no errno, only the text)."""
    text = str(exc)
    if "No space left" in text or "Disk quota" in text:
        return StoreFull(f"{doing}: the disk is full ({text.splitlines()[0]}); free some space and run the same "
                         "command again")
    return StoreError(f"{doing}: {text}")

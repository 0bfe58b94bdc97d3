"""What the two RDF stores (``oxigraph:`` and ``sparql+http:``) share: the mapping, the query catalogue, stats,
sources, the rankings and reading the graph back as a property graph. A backend adds ``_select``, ``_tuples``,
``_update``, ``_put_rankings`` and ``_iter_quads``.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Mapping

from pyoxigraph import Literal, NamedNode

from ..errors import QueryError, StoreError
from ..resources import resource
from . import Capability, Store, graph_edge, graph_node, sort_graph, rankings
from .. import graph_model
from .identity import refresh_method_identity, sparql_merge_updates
from .rdf import (AUTHORSHIP, AUTHORSHIP_AUTHOR, AUTHORSHIP_ID, AUTHORSHIP_LISTED_AS, AUTHORSHIP_ORG, AUTHORSHIP_PAPER,
                  AUTHORSHIP_POSITION,
                  EDGES, LABELS, PROPERTIES, PROPERTY_NAMES, RDF_TYPE, RdfMapping, term_to_python)

PREFIXES = graph_model.PREFIXES  # every query of an RDF store may use these prefixes (the catalogue's .rq files do)


def load_sparql(name: str) -> str:
    path = resource("queries", f"{name}.rq")
    if not path.is_file():
        raise QueryError(f"no SPARQL file for query {name!r} ({path.name})")
    return path.read_text(encoding="utf-8")


class RdfStoreBase(Store):
    """What the two RDF stores share: the mapping, the query catalogue, stats and sources."""

    mapping: RdfMapping
    capabilities: frozenset[Capability] = frozenset({"rdf", "rankings"})
    _changed = False  # written since the rankings were last computed (``start_changes``)

    def _select(self, sparql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _tuples(self, sparql: str) -> Iterable[tuple]:
        """The answers of a query as tuples of plain values, in the order of its variables."""
        return (tuple(row.values()) for row in self._select(sparql))

    def _update(self, sparql: str) -> None:
        raise NotImplementedError

    def _ranking_rows(self) -> Callable[[str], Iterable[tuple]]:
        """What ``rankings.compute`` reads the graph through (the embedded store scans its index for most reads)."""
        return self._tuples

    def _put_rankings(self, entries: str, facts: str) -> None:
        """Replace the rankings graph with ``entries`` and ``facts`` (N-Triples), the facts landing last."""
        raise NotImplementedError

    def start_changes(self) -> None:
        self._update(rankings.MARK_STALE)
        self._changed = True

    def _method_identity(self):
        return refresh_method_identity(self)

    def finish_changes(self) -> None:
        """After a change, or when the rankings are missing or out of date: the corpus-wide method identity
        (``stores.identity``), then the rankings (``stores.rankings``)."""
        if not self._changed and self.rankings_state().get(rankings.SKG + "fresh"):
            return
        self._methods_once()
        self._put_rankings(*rankings.compute(self._ranking_rows()))
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

    def merged_triples(self) -> Iterator[tuple[Any, Any, Any]]:
        """The source graphs' statements, each once (what ``dump(out, "nt")`` writes)."""
        seen: set[tuple[Any, Any, Any]] = set()
        for s, p, o, _ in self._iter_quads():
            if (s, p, o) not in seen:
                seen.add((s, p, o))
                yield s, p, o

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
                                     "author_ids": sorted(parts.get(AUTHORSHIP_ID) or ()),
                                     "organizations": sorted(node_id(o)[1] for o in parts.get(AUTHORSHIP_ORG) or ())},
                                    sources(parts["graphs"])))
        return sort_graph(nodes, edges)


# predicate -> property name (schema:name reads back as `name`, and as `title` on a Paper: PROPERTY_NAMES);
# predicate -> (type, start, end) of an edge
_PREDICATE_NAMES = {pred: name for name, pred in PROPERTIES.items() if name != "title"}
EDGE_KINDS = {pred: kind for kind, pred in EDGES.items()}
_AUTHORSHIP_PARTS = {AUTHORSHIP_AUTHOR, AUTHORSHIP_PAPER, AUTHORSHIP_POSITION, AUTHORSHIP_LISTED_AS, AUTHORSHIP_ID,
                     AUTHORSHIP_ORG}
_TYPE = RDF_TYPE.value


def _merged(values: Iterable[Any], kind: str) -> Any:
    """One property from the values its sources give: the union of a list, any true flag, else the smallest.

    >>> _merged(["b", "a"], "list"), _merged([False, True], "bool"), _merged([2021, 2019], "int")
    (['a', 'b'], True, 2019)
    """
    if kind == "list":
        return sorted(set(values))
    if kind == "bool":
        return any(values)
    return min(values)

"""Graph stores behind one small protocol, chosen by URI.

``oxigraph:PATH`` (default ``oxigraph:./scholarkg.db``), ``sparql+http://HOST:PORT/PATH``,
``neo4j://`` / ``bolt://`` (``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``),
``falkordb://HOST:PORT/GRAPH``.

>>> with open_store("oxigraph:/tmp/kg.db") as store:  # doctest: +SKIP
...     store.ensure_schema()
...     store.upsert(batch)
...     store.stats()
"""
from __future__ import annotations

import contextlib
import importlib
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Callable, ContextManager, Iterable, Iterator, Literal, Mapping, Self, TextIO

from ..errors import UnknownStoreURI, redact
from ..model import GraphBatch

DEFAULT_URI = "oxigraph:./scholarkg.db"


@dataclass
class UpsertStats:
    """What one ``upsert`` wrote: nodes and edges by label/type (as asserted by the batch)."""

    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of_batch(cls, batch: GraphBatch) -> "UpsertStats":
        """What a batch asserts: its nodes by label and edges by type."""
        stats = cls()
        for node in batch.nodes.values():
            stats.nodes[node.label] = stats.nodes.get(node.label, 0) + 1
        for edge in batch.edges.values():
            stats.edges[edge.type] = stats.edges.get(edge.type, 0) + 1
        return stats

    def add(self, other: "UpsertStats") -> None:
        for mine, theirs in ((self.nodes, other.nodes), (self.edges, other.edges)):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v


@dataclass
class Prepared:
    """A batch in a store's own form (``payload``), with what it asserts (``stats``) and its source key."""

    source_key: str
    payload: Any
    stats: UpsertStats
    identity: Any = None  # what the author identity stage will read of it, where the store collects that
    # (``stores.identity_rows``: a build into an empty embedded store)

    @classmethod
    def of(cls, batch: GraphBatch, payload: Any = None) -> "Prepared":
        """``payload`` defaults to the batch itself."""
        return cls(batch.source_key, batch if payload is None else payload, UpsertStats.of_batch(batch))


Capability = Literal["rdf", "rankings", "author_identity"]
"""What a store may do beyond the protocol every store keeps (``Store.can``):

- ``rdf``: the graph is RDF: ``dump`` writes it in RDF formats, ``validate`` checks it against the SHACL shapes;
- ``rankings``: keeps precomputed rankings beside the graph (``rankings_state``), refreshed by ``finish_changes``;
- ``author_identity``: runs the author identity stage (``resolve.identity``) in ``finish``: it has
  ``identity_authorships()``, ``identity_papers()`` and ``apply_identity(moves, persons)``.
"""


class Store(ABC):
    """The protocol every backend keeps (DESIGN.md §1). Values always travel as parameters or RDF terms.

    What only some stores can do is declared in ``capabilities`` and asked with ``can``, never probed with
    ``hasattr``:

    >>> with open_store("oxigraph::memory:") as store:
    ...     store.can("rdf"), store.can("rankings")
    (True, True)
    """

    uri: str
    capabilities: frozenset[Capability] = frozenset()
    identity_plan: Any = None  # what the last method identity pass (``stores.identity``) merged and dropped
    identity_seconds = 0.0  # and the seconds it took
    _methods_done = False  # that pass already ran in this series of changes (``refresh_methods``)

    def can(self, capability: Capability) -> bool:
        """Whether this store has ``capability`` (see ``Capability``)."""
        return capability in self.capabilities

    def dump(self, out: TextIO, fmt: str) -> None:
        """Write the graph in an RDF format (``nq``, ``nt``, ``ttl``, ``jsonld``); stores that ``can("rdf")``."""
        raise NotImplementedError(f"{type(self).__name__} holds no RDF graph")

    def merged_triples(self) -> Iterator[tuple[Any, Any, Any]]:
        """Every statement of the graph once, as pyoxigraph terms (subject, predicate, object); stores that
        ``can("rdf")``. ``validate`` reads the graph this way, without writing it out as text and parsing it back."""
        raise NotImplementedError(f"{type(self).__name__} holds no RDF graph")

    def rankings_state(self) -> dict[str, Any]:
        """The facts about the rankings by predicate IRI (fresh, depths); stores that ``can("rankings")``."""
        raise NotImplementedError(f"{type(self).__name__} keeps no rankings")

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create constraints/indexes (property graphs) or check the store is usable (RDF). Idempotent."""

    def upsert(self, batch: GraphBatch) -> UpsertStats:
        """Write a batch atomically: all of it lands, or none of it. Idempotent."""
        return self.write(self.preparer()(batch))

    def preparer(self) -> Callable[[GraphBatch], "Prepared"]:
        """A picklable function turning a batch into what ``write`` sends: the store's own form of it (N-Quads,
        Cypher statements). It needs no connection, so build workers (a process pool, a Dask cluster) run it
        beside extraction and the writer only writes."""
        return Prepared.of

    @abstractmethod
    def write(self, prepared: "Prepared") -> UpsertStats:
        """Write what ``preparer()`` made of a batch, atomically."""

    group_capacity = 0  # how much (``write_weight``) one ``write_group`` takes; 0: a build writes batch by batch

    def write_weight(self, prepared: "Prepared") -> int:
        """How much of ``group_capacity`` a prepared batch takes."""
        return 1

    def write_group(self, group: list["Prepared"]) -> UpsertStats:
        """Write prepared batches in order; each lands whole or not at all (a store with a ``group_capacity``
        writes the group as one atomic write: cheaper than one write per batch)."""
        stats = UpsertStats()
        for prepared in group:
            stats.add(self.write(prepared))
        return stats

    @abstractmethod
    def query(self, name: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Run the catalogue query ``name`` with ``params``; rows as dicts in the catalogue's columns."""

    def start_changes(self) -> None:
        """Called before a build or remove-source writes anything: what the store derives from the graph (the RDF
        stores' rankings) is out of date from here until ``finish_changes``."""

    def finish_changes(self) -> None:
        """Called when a build or remove-source has written everything: bring derived data up to date."""

    def refresh_methods(self) -> None:
        """Run the corpus-wide method identity (``stores.identity``) now; ``finish_changes`` then skips it in this
        series of changes. ``stores.finish`` runs it while the author identity stage decides in another process:
        it reads and writes Method nodes only, which that stage neither reads nor writes."""
        self.identity_plan, self.identity_seconds = self._method_identity()
        self._methods_done = True

    def _method_identity(self) -> tuple[Any, float]:
        """``stores.identity.refresh_method_identity`` on this store: (plan, seconds). Each store module that can
        merge nodes imports it (this package's ``__init__`` cannot: ``stores.identity`` reads ``stores.rdf``)."""
        raise NotImplementedError(f"{type(self).__name__} has no method identity")

    def _methods_once(self) -> None:
        """The method identity of ``finish_changes``, unless ``refresh_methods`` ran it already."""
        if not self._methods_done:
            self.refresh_methods()
        self._methods_done = False

    def merge_nodes(self, label: str, merges: Mapping[str, str], drops: Iterable[str], names: Mapping[str, str]) -> None:
        """Merge each node ``label``/key of ``merges`` into the node its value names, and delete the nodes ``drops``
        names, atomically (``stores.identity`` says what a merge keeps). ``names``: each node's smallest name."""
        raise NotImplementedError(f"{type(self).__name__} cannot merge nodes")

    def changes_pending(self) -> bool:
        """Whether a series of changes started (``start_changes``) and its corpus-wide passes have not all finished
        since: a build killed before or during them left the graph half-resolved, and the next ``finish`` runs them
        again even when it changes nothing. Kept in the store, so another process sees it."""
        return False

    def exclusive(self) -> ContextManager[None]:
        """Hold off every other scholarkg writer of this store while the corpus-wide passes read, decide and write:
        a pass decides from the whole graph, so a batch landing between its read and its writes would be lost to
        it. A store that admits one writer only (Oxigraph's lock file) needs nothing more."""
        return contextlib.nullcontext()

    @abstractmethod
    def remove_source(self, source_key: str) -> int:
        """Remove what only this source asserted; returns how many nodes+edges (or quads) went."""

    @abstractmethod
    def sources(self) -> list[dict[str, Any]]:
        """The sources loaded: dicts with key, path, format."""

    @abstractmethod
    def stats(self) -> dict[str, dict[str, int]]:
        """{"nodes": {label: count}, "edges": {type: count}}."""

    @abstractmethod
    def iter_graph(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The whole graph as a property graph, the same on every store: ``(nodes, edges)`` as plain dicts, made
        by ``graph_node`` and ``graph_edge`` and sorted by ``sort_graph``."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


AUTHOR_IDENTITY_ENV = "SCHOLARKG_AUTHOR_IDENTITY"


def author_identity_enabled() -> bool:
    """Whether builds, ``remove-source`` and ``refresh`` run the author identity stage: yes, unless
    ``SCHOLARKG_AUTHOR_IDENTITY`` is ``0`` (or ``false``, ``no``, ``off``; ``build --no-author-identity`` too)."""
    return os.environ.get(AUTHOR_IDENTITY_ENV, "").strip().lower() not in ("0", "false", "no", "off")


def finish(store: Store, changed: bool = True, author_identity: bool | None = None) -> dict[str, float]:
    """End a series of changes (a build, remove-source, ``scholarkg refresh``): when something changed, or an earlier
    series never finished (``Store.changes_pending``: a build killed half-way), run the corpus-wide passes over the
    whole graph (person identity, ``resolve.identity``, when ``author_identity`` or ``author_identity_enabled()``,
    with the method identity run while it decides), then the store's own ``finish_changes`` (the method identity if
    it has not run, then the rankings, which count authors, so they come after). All of it holds the store
    (``Store.exclusive``): no other writer lands in between. Returns seconds per pass (and the identity stage's
    parts: ``identity:read``, ``identity:decide``, ``identity:write``).

    This is the one hook for corpus-wide resolution: a pass reads the graph through a few store methods, decides in
    Python (the same answer on every store) and writes back through one store method.
    """
    import time

    from ..resolve.identity import refresh_identity

    seconds: dict[str, float] = {}
    if author_identity is None:
        author_identity = author_identity_enabled()
    with store.exclusive(), _methods_reset(store):
        if author_identity and store.can("author_identity") and (changed or store.changes_pending()):
            # the method identity runs here, in this process, while the stage's decision runs in another one
            done = refresh_identity(store, meanwhile=store.refresh_methods)
            seconds["identity"] = done.seconds
            seconds.update({f"identity:{part}": t for part, t in done.parts.items()})  # read, decide, write
        started = time.perf_counter()
        store.finish_changes()
        seconds["finish"] = time.perf_counter() - started
    return seconds


@contextlib.contextmanager
def _methods_reset(store: Store) -> Iterator[None]:
    """A series of changes that failed after ``refresh_methods`` leaves no mark that the next would skip it by."""
    try:
        yield
    finally:
        store._methods_done = False


def _plain_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """Properties without ``key``/``sources``, nulls and empty lists (a store may keep ``[]`` where another keeps
    nothing), lists sorted: the same graph reads back the same from every store."""
    out = {}
    for name, value in sorted(props.items()):
        if name in ("key", "sources") or value is None or value == []:
            continue
        out[name] = sorted(value) if isinstance(value, list) else value
    return out


def graph_node(label: str, key: str, props: Mapping[str, Any], sources: Iterable[str]) -> dict[str, Any]:
    """One node of ``Store.iter_graph``.

    >>> graph_node("Method", "lora", {"key": "lora", "name": "LoRA", "aliases": ["low-rank adaptation", "LoRA"]}, ["s2", "s1"])
    {'label': 'Method', 'key': 'lora', 'props': {'aliases': ['LoRA', 'low-rank adaptation'], 'name': 'LoRA'}, 'sources': ['s1', 's2']}
    """
    return {"label": label, "key": key, "props": _plain_props(props), "sources": sorted(set(sources))}


def graph_edge(type: str, start: tuple[str, str], end: tuple[str, str], props: Mapping[str, Any],
               sources: Iterable[str]) -> dict[str, Any]:
    """One edge of ``Store.iter_graph``; ``start`` and ``end`` are (label, key).

    >>> graph_edge("AUTHORED", ("Author", "ada"), ("Paper", "t1"), {"position": 1, "sources": ["s1"]}, ["s1"])
    {'type': 'AUTHORED', 'start': ('Author', 'ada'), 'end': ('Paper', 't1'), 'props': {'position': 1}, 'sources': ['s1']}
    """
    return {"type": type, "start": tuple(start), "end": tuple(end), "props": _plain_props(props),
            "sources": sorted(set(sources))}


def sort_graph(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes by (label, key), edges by (type, start, end)."""
    nodes.sort(key=lambda n: (n["label"], n["key"]))
    edges.sort(key=lambda e: (e["type"], e["start"], e["end"]))
    return nodes, edges


# scheme -> (module, class name)
BACKENDS: dict[str, tuple[str, str]] = {
    "oxigraph": (".oxigraph", "OxigraphStore"),
    "sparql+http": (".sparql_http", "SparqlHttpStore"),
    "sparql+https": (".sparql_http", "SparqlHttpStore"),
    "falkordb": (".falkordb", "FalkorDBStore"),
    **{scheme: (".neo4j", "Neo4jStore") for scheme in ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")},
}


def open_store(uri: str | None = None) -> Store:
    """Open the store a URI names (default ``$SCHOLARKG_STORE`` or ``oxigraph:./scholarkg.db``)."""
    uri = uri or os.environ.get("SCHOLARKG_STORE") or DEFAULT_URI
    scheme = uri.split(":", 1)[0].lower()
    if scheme not in BACKENDS:
        known = ", ".join(sorted(BACKENDS)) or "none"
        raise UnknownStoreURI(f"unknown store URI {redact(uri)!r} (schemes: {known})")
    module, cls = BACKENDS[scheme]
    store = getattr(importlib.import_module(module, __name__), cls)(uri)
    store.uri = redact(uri)  # summaries and messages print it: never the password
    return store

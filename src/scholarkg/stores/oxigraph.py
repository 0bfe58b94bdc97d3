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
from pyoxigraph import NamedNode

from ..errors import ConfigError, QueryError, StoreBusy, StoreError, StoreFull
from ..model import GraphBatch
from . import Capability, Prepared, UpsertStats, rankings
from .rdf import (AUTHORSHIP_AUTHOR, AUTHORSHIP_LISTED_AS, AUTHORSHIP_ORG, AUTHORSHIP_POSITION, RdfMapping,
                  bind_sparql, term_to_python)
from .identity_rows import Collected, prepare_with_rows
from .rdf_identity import RdfIdentity
from .rdf_store import PREFIXES, RdfStoreBase

_RANKINGS = NamedNode(rankings.GRAPH)
BULK_LIMIT = 900_000  # quads per write below which a bulk load is one RocksDB ingestion (its batch: 1,000,000)
# Quads per build write: a build hands over several batches at once (``write_group``). Every bulk load adds sorted
# files to RocksDB, which later merges them (compaction); fewer, larger loads cost less CPU in all, and the loader's
# memory grows with the load (a 900,000-quad group took the process to 1.3 GB).
GROUP_QUADS = 300_000

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

    capabilities: frozenset[Capability] = frozenset({"rdf", "rankings", "author_identity"})
    identity_write_behind = True  # (pyoxigraph updates let other threads run; reads see whole transactions)
    _collected: Collected | None = None  # the identity stage's rows, while they are all the store holds

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
            result = self._store.query(bind_sparql(sparql, params or {}), prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise StoreError(f"Oxigraph query failed: {exc}") from None
        assert isinstance(result, pyoxigraph.QuerySolutions), sparql  # the catalogue asks SELECT queries only
        names = [v.value for v in result.variables]
        return [{n: term_to_python(sol[n]) for n in names} for sol in result]

    def _tuples(self, sparql: str) -> Iterator[tuple]:
        """Streamed: the rankings read every authorship of the graph."""
        result = self._store.query(sparql, prefixes=PREFIXES)
        assert isinstance(result, pyoxigraph.QuerySolutions), sparql
        for solution in result:
            yield tuple(term_to_python(term) for term in solution)

    def _terms(self, sparql: str) -> Iterator[tuple]:
        """Streamed answers as pyoxigraph terms (the identity stage copies them as they are)."""
        result = self._store.query(sparql, prefixes=PREFIXES)
        assert isinstance(result, pyoxigraph.QuerySolutions), sparql
        return (tuple(solution) for solution in result)

    def _pairs(self, pred: str, obj: str | None = None) -> Iterator[tuple[Any, Any]]:
        """(subject, object) of every default-graph statement with predicate ``pred`` (and object ``obj``), read from
        the index (the identity stage's reads: ``RdfIdentity._pairs``)."""
        wanted = NamedNode(obj) if obj else None
        for q in self._store.quads_for_pattern(None, NamedNode(pred), wanted, pyoxigraph.DefaultGraph()):
            yield q.subject.value, term_to_python(q.object)  # type: ignore[union-attr]

    def _ranking_rows(self) -> Callable[[str], Iterable[tuple]]:
        return rankings.scan_reads(self._pairs, self._tuples)

    def _authorship_rows(self) -> Iterator[tuple[str, Any, Any]]:
        """``RdfIdentity._authorship_rows`` as three scans of the index (the SPARQL join with two OPTIONALs costs
        several times more)."""
        seen = set()
        for s, _ in self._pairs(AUTHORSHIP_AUTHOR):
            seen.add(s)
            yield s, None, None
        for s, position in self._pairs(AUTHORSHIP_POSITION):
            if s in seen:
                yield s, position, None
        for s, listed in self._pairs(AUTHORSHIP_LISTED_AS):
            if s in seen:
                yield s, None, listed

    def _statements_about(self, iris: list[str], default: bool = True) -> Iterator[tuple[str, str, str, str]]:
        """``RdfIdentity._statements_about`` from the index (no query to parse; the stage calls it chunk by chunk)."""
        for iri in iris:
            for q in self._store.quads_for_pattern(NamedNode(iri[1:-1]), None, None, None):
                g = q.graph_name
                if isinstance(g, pyoxigraph.DefaultGraph):
                    if default:
                        yield "", iri, str(q.predicate), str(q.object)
                else:
                    yield str(g), iri, str(q.predicate), str(q.object)

    def _held(self, authors: list[str]) -> Iterator[tuple[str, str, str, str | None]]:
        """``RdfIdentity._held`` from the index."""
        author_p, org_p = NamedNode(AUTHORSHIP_AUTHOR), NamedNode(AUTHORSHIP_ORG)
        for iri in authors:
            for q in self._store.quads_for_pattern(None, author_p, NamedNode(iri[1:-1]), None):
                g = q.graph_name
                if isinstance(g, pyoxigraph.DefaultGraph):
                    continue
                orgs: list[str | None] = [str(o.object) for o in self._store.quads_for_pattern(q.subject, org_p, None, g)]
                for org in orgs or [None]:
                    yield str(g), str(q.subject), iri, org

    def start_changes(self) -> None:
        super().start_changes()
        # A store that holds nothing yet (the rankings' stale mark aside) will hold exactly the batches written
        # from here: the identity stage's rows are collected from them as they land (``stores.identity_rows``).
        empty = (next(iter(self._store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())), None) is None
                 and all(g == _RANKINGS for g in self._store.named_graphs()))
        self._collected = Collected() if empty else None

    def identity_authorships(self) -> Iterator[dict[str, Any]]:
        """``RdfIdentity.identity_authorships``, from the rows collected while they are all the store holds."""
        rows = self._collected.authorship_rows() if self._collected is not None else None
        return super().identity_authorships() if rows is None else rows

    def identity_papers(self) -> Iterator[dict[str, Any]]:
        """``RdfIdentity.identity_papers``, from the rows collected while they are all the store holds."""
        rows = self._collected.paper_rows() if self._collected is not None else None
        return super().identity_papers() if rows is None else rows

    def _update(self, sparql: str) -> None:
        self._collected = None  # (the store no longer holds only the batches written)
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
        return functools.partial(prepare_with_rows, self.mapping)

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
        if self._collected is not None:
            if prepared.identity is None:  # (a batch prepared elsewhere: the stage reads the store)
                self._collected = None
            else:
                self._collected.add(prepared.identity)
        return prepared.stats

    group_capacity = GROUP_QUADS

    def write_weight(self, prepared: Prepared) -> int:
        return prepared.payload.count(b"\n")

    def write_group(self, group: list[Prepared]) -> UpsertStats:
        """The group's N-Quads in one bulk load (one ingestion while under ``BULK_LIMIT`` quads: all or nothing)."""
        if len(group) == 1:
            return self.write(group[0])
        stats = UpsertStats()
        for prepared in group:
            stats.add(prepared.stats)
        rows = [p.identity for p in group]
        self.write(Prepared(group[0].source_key, b"".join(p.payload for p in group), stats,
                            None if None in rows else [r for batch in rows for r in batch]))
        return stats

    def remove_source(self, source_key: str) -> int:
        graph = self.mapping.graph_iri(source_key)
        self._collected = None
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

    def merged_triples(self) -> Iterator[tuple[Any, Any, Any]]:
        """The default graph: the store's own copy of every source graph's statements, each once."""
        return ((q.subject, q.predicate, q.object)
                for q in self._store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()))

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
        union.dump(buf, rdf_format, from_graph=pyoxigraph.DefaultGraph(), prefixes=PREFIXES if fmt == "ttl" else None)
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

"""The embedded default store: Oxigraph on disk (``oxigraph:PATH``), no server to install.

Each batch is written in one transaction (``Store.extend``), so it lands whole or not at all. Queries see the
union of all source graphs. Parameters go in as RDF terms (``rdf.bind_sparql``).

>>> with OxigraphStore("oxigraph:") as store:  # in memory
...     store.stats()
{'nodes': {}, 'edges': {}}
"""
from __future__ import annotations

import io
from typing import Any, Iterator, Mapping

import pyoxigraph

from ..errors import QueryError, StoreError
from ..model import GraphBatch
from ..resources import resource
from . import Store, UpsertStats
from .rdf import AUTHORSHIP, EDGES, LABELS, RdfMapping, bind_sparql, term_to_python

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

    def _select(self, sparql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def ensure_schema(self) -> None:
        """RDF needs no schema; this only checks the store answers."""
        self._select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")

    def query(self, name: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
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

    def _upsert_stats(self, batch: GraphBatch) -> UpsertStats:
        return UpsertStats.of_batch(batch)


class OxigraphStore(RdfStoreBase):
    """``oxigraph:PATH`` — a pyoxigraph store in a directory (``oxigraph:`` alone: in memory)."""

    def __init__(self, uri: str):
        self.uri = uri
        path = uri.split(":", 1)[1] if ":" in uri else uri
        self.path = path or None
        self.mapping = RdfMapping()
        try:
            self._store = pyoxigraph.Store(self.path) if self.path else pyoxigraph.Store()
        except OSError as exc:
            text = str(exc)
            if "lock" in text.lower():
                raise StoreError(f"store {self.path} is in use by another scholarkg process; wait for it to finish") from None
            raise StoreError(f"cannot open Oxigraph store at {self.path}: {text}") from None

    def _select(self, sparql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        try:
            result = self._store.query(bind_sparql(sparql, params or {}), use_default_graph_as_union=True, prefixes=_PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise StoreError(f"Oxigraph query failed: {exc}") from None
        names = [v.value for v in result.variables]
        return [{n: term_to_python(sol[n]) for n in names} for sol in result]

    def upsert(self, batch: GraphBatch) -> UpsertStats:
        quads = list(self.mapping.quads(batch))  # map first: a mapping error writes nothing
        try:
            self._store.extend(quads)
        except OSError as exc:
            raise StoreError(f"Oxigraph write failed (nothing of this batch was written): {exc}") from None
        return self._upsert_stats(batch)

    def remove_source(self, source_key: str) -> int:
        graph = self.mapping.graph_iri(source_key)
        count = sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))
        if count:
            self._store.remove_graph(graph)
        return count

    def iter_nquads(self) -> Iterator[str]:
        """Every quad as an N-Quads line (store order)."""
        buf = io.BytesIO()
        self._store.dump(buf, pyoxigraph.RdfFormat.N_QUADS)
        for line in buf.getvalue().decode("utf-8").splitlines():
            if line.strip():
                yield line

    def dump(self, out, fmt: str) -> None:
        """Write the store in an RDF format: nq (sorted N-Quads), nt, ttl (union of graphs), jsonld."""
        if fmt == "nq":
            for line in sorted(self.iter_nquads()):
                out.write(line + "\n")
            return
        union = pyoxigraph.Store()
        union.extend(pyoxigraph.Quad(q.subject, q.predicate, q.object, pyoxigraph.DefaultGraph()) for q in self._store)
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
            store.flush()
            del self._store

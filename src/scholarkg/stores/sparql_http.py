"""Any SPARQL 1.1 endpoint over HTTP: ``sparql+http://HOST:PORT/PATH`` (or ``sparql+https://``).

Endpoints under the base URL: ``query`` (SPARQL 1.1 Query), ``update`` (SPARQL 1.1 Update) and ``store``
(Graph Store Protocol) — Oxigraph's names; other servers name them in the URI's query string, e.g.
``sparql+http://localhost:3030/ds?query=sparql&update=update&store=data`` for Fuseki.

Writes go through the Graph Store Protocol: one POST of N-Triples into the source's named graph per batch, so
a batch lands whole or not at all. Queries name the source graphs as their default graph (``default-graph-uri``),
so they see the merge of every source, as in the embedded store.

>>> SparqlHttpStore("sparql+http://127.0.0.1:7878").endpoints["query"]
'http://127.0.0.1:7878/query'
"""
from __future__ import annotations

import functools
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Iterator, Mapping

from pyoxigraph import BlankNode, Literal, NamedNode

from ..errors import QueryError, StoreAuthError, StoreError, StoreUnavailable, StoreWriteError
from ..model import GraphBatch
from . import Prepared, UpsertStats, rankings
from .oxigraph import RdfStoreBase, _PREFIXES
from .rdf import RdfMapping, bind_sparql, prepare_ntriples, term_to_python
from .rdf_identity import GRAPH as _IDENTITY, RdfIdentity

_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in _PREFIXES.items())
_SOURCE_QUADS = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{rankings.GRAPH}>) }}"


class SparqlHttpStore(RdfIdentity, RdfStoreBase):
    """A remote SPARQL 1.1 dataset reached over HTTP."""

    def __init__(self, uri: str, timeout: float = 60.0):
        self.uri = uri
        scheme, rest = uri.split(":", 1)
        http = "https" if scheme.endswith("https") else "http"
        parsed = urllib.parse.urlsplit(f"{http}:{rest}")
        names = dict(urllib.parse.parse_qsl(parsed.query))
        base = urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, parsed.path.rstrip("/"), "", ""))
        self.endpoints = {kind: f"{base}/{names.get(kind, kind).lstrip('/')}" for kind in ("query", "update", "store")}
        self.timeout = timeout
        self.mapping = RdfMapping()
        self._graphs: list[str] | None = None

    # -------------------------------------------------------------- HTTP

    def _request(self, url: str, *, data: bytes | None = None, method: str = "GET",
                 headers: Mapping[str, str] | None = None) -> bytes:
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip().splitlines()
            detail = body[0][:300] if body else exc.reason
            if exc.code in (400,) and "query" in url:
                raise QueryError(f"{self.uri}: the endpoint refused the query: {detail}") from None
            if exc.code in (401, 403):
                raise StoreAuthError(f"{self.uri}: the endpoint refused the credentials (HTTP {exc.code})") from None
            error = StoreWriteError if data is not None and method != "GET" and url != self.endpoints["query"] else StoreError
            raise error(f"{self.uri}: HTTP {exc.code} from {url}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreUnavailable(f"cannot reach SPARQL endpoint {self.uri}: {reason}") from None

    def _source_graphs(self) -> list[str]:
        if self._graphs is None:
            raw = self._raw_select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a prov:Entity } }", dataset=False)
            self._graphs = sorted(row["g"] for row in raw)
        return self._graphs

    def _raw_select(self, sparql: str, params: Mapping[str, Any] | None = None, dataset: bool = True) -> list[dict]:
        query = _PROLOGUE + bind_sparql(sparql, params or {})  # a query may declare a prefix again
        args = [("default-graph-uri", g) for g in self._source_graphs()] if dataset else []
        if dataset and not args:
            return []  # an empty dataset answers nothing
        if args:
            args.append(("default-graph-uri", _IDENTITY))  # the identity stage's aliases and evidence
            args.append(("named-graph-uri", rankings.GRAPH))  # the one named graph a catalogue query reads
        url = self.endpoints["query"] + ("?" + urllib.parse.urlencode(args) if args else "")
        body = self._request(url, data=query.encode("utf-8"), method="POST", headers={
            "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        result = json.loads(body)
        names = result["head"].get("vars", [])
        return [{n: _json_term(b.get(n)) for n in names} for b in result["results"]["bindings"]]

    # -------------------------------------------------------------- the protocol

    def _select(self, sparql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._raw_select(sparql, params)

    def _iter_quads(self) -> Iterator[tuple]:
        return self._raw_select_terms(_SOURCE_QUADS)

    def _update(self, sparql: str) -> None:
        self._request(self.endpoints["update"], data=(_PROLOGUE + sparql).encode("utf-8"), method="POST",
                      headers={"Content-Type": "application/sparql-update"})

    def _put_rankings(self, entries: str, facts: str) -> None:
        """One PUT of the Graph Store Protocol replaces the rankings graph whole."""
        url = self.endpoints["store"] + "?" + urllib.parse.urlencode({"graph": rankings.GRAPH})
        self._request(url, data=(entries + facts).encode("utf-8"), method="PUT",
                      headers={"Content-Type": "application/n-triples"})

    def preparer(self) -> Callable[[GraphBatch], Prepared]:
        return functools.partial(prepare_ntriples, self.mapping)

    def write(self, prepared: Prepared) -> UpsertStats:
        graph = self.mapping.graph_iri(prepared.source_key).value
        url = self.endpoints["store"] + "?" + urllib.parse.urlencode({"graph": graph})
        self._request(url, data=prepared.payload, method="POST", headers={"Content-Type": "application/n-triples"})
        self._graphs = None
        return prepared.stats

    def remove_source(self, source_key: str) -> int:
        graph = self.mapping.graph_iri(source_key).value
        rows = self._raw_select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", dataset=False)
        count = rows[0]["n"] if rows else 0
        if count:
            url = self.endpoints["store"] + "?" + urllib.parse.urlencode({"graph": graph})
            self._request(url, method="DELETE")
        self._graphs = None
        return count

    def iter_nquads(self) -> Iterator[str]:
        for s, p, o, g in self._raw_select_terms(_SOURCE_QUADS):
            yield f"{s} {p} {o} {g} ."

    supports_identity = True

    def _terms(self, sparql: str) -> Iterator[tuple]:
        """Answers as pyoxigraph terms over the whole store (the identity stage names its graphs)."""
        body = self._request(self.endpoints["query"], data=(_PROLOGUE + sparql).encode("utf-8"), method="POST", headers={
            "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        result = json.loads(body)
        names = result["head"].get("vars", [])
        for b in result["results"]["bindings"]:
            yield tuple(_rdf_term(b[n]) if n in b else None for n in names)

    def _raw_select_terms(self, sparql: str) -> Iterator[tuple]:
        body = self._request(self.endpoints["query"], data=sparql.encode("utf-8"), method="POST", headers={
            "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        for b in json.loads(body)["results"]["bindings"]:
            yield tuple(_rdf_term(b[v]) for v in ("s", "p", "o", "g"))

    def dump(self, out, fmt: str) -> None:
        from .oxigraph import OxigraphStore

        if fmt == "nq":
            for line in sorted(self.iter_nquads()):
                out.write(line + "\n")
            return
        local = OxigraphStore("oxigraph::memory:")  # the other formats: load into memory and serialize the same way
        import pyoxigraph

        local._store.load(("\n".join(self.iter_nquads()) + "\n").encode("utf-8"), pyoxigraph.RdfFormat.N_QUADS)
        local.dump(out, fmt)

    def close(self) -> None:
        self._graphs = None


def _rdf_term(b: Mapping[str, Any]):
    if b["type"] == "uri":
        return NamedNode(b["value"])
    if b["type"] == "bnode":
        return BlankNode(b["value"])
    if "xml:lang" in b:
        return Literal(b["value"], language=b["xml:lang"])
    if "datatype" in b:
        return Literal(b["value"], datatype=NamedNode(b["datatype"]))
    return Literal(b["value"])


def _json_term(b: Mapping[str, Any] | None) -> Any:
    return None if b is None else term_to_python(_rdf_term(b))

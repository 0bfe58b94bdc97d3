"""Any SPARQL 1.1 server over HTTP: ``sparql+http://HOST:PORT/PATH[?OPTIONS]`` (or ``sparql+https://``).

Three endpoints sit under the base URL ``http://HOST:PORT/PATH``: ``query`` (SPARQL 1.1 Query), ``update`` (SPARQL
1.1 Update) and ``store`` (Graph Store Protocol). ``server=NAME`` picks the names a server uses (``SERVERS``), and
``query=``, ``update=``, ``store=`` name any other (relative to the base; empty: the base itself):

- Oxigraph (``oxigraph serve``): ``sparql+http://localhost:7878`` (``/query``, ``/update``, ``/store``);
- Jena Fuseki: ``sparql+http://localhost:3030/DATASET?server=fuseki`` (``/query``, ``/update``, ``/data``);
- Virtuoso 7: ``sparql+http://localhost:8890?server=virtuoso`` (``/sparql``; updates and loads through
  ``/sparql-auth`` and ``/sparql-graph-crud-auth``, which need a user with SPARQL_UPDATE, e.g. ``dba``);
- GraphDB: ``sparql+http://localhost:7200/repositories/REPO?server=graphdb`` (the repository URL,
  ``/statements``, ``/rdf-graphs/service``).

Other options: ``form=1`` sends queries and updates as form-encoded POSTs (the default for Virtuoso, which never
answers a direct ``application/sparql-query`` POST), ``timeout=SECONDS`` (default 60). The user and password for
HTTP Basic or Digest authentication (whichever the server asks for) come from ``$SCHOLARKG_SPARQL_USER`` and
``$SCHOLARKG_SPARQL_PASSWORD``; they are never printed.

The layout: every source's statements go into its named graph ``{base}source/KEY`` and into the merged graph
``skg:merged``, which holds each fact once whatever the number of sources asserting it (a server's merge of several
``default-graph-uri`` graphs may repeat it: Oxigraph and Virtuoso do, and ``COUNT`` would count it twice). Queries
read ``skg:merged`` as their default graph and ``skg:rankings`` as their one named graph, as the embedded store reads
its de-duplicated default graph. A batch is one Graph Store POST into its source graph, then the same into
``skg:merged``; ``sources()`` reads ``skg:merged``, so a batch whose second POST failed leaves its source incomplete
and the next build reloads it. Reads of the whole graph (export, the rankings) are paged when the server announces a
row cap (Virtuoso's ``X-SPARQL-MaxRows``), and a query answer cut at a cap is an error, never a short answer.

>>> SparqlHttpStore("sparql+http://127.0.0.1:7878").endpoints["query"]
'http://127.0.0.1:7878/query'
>>> SparqlHttpStore("sparql+http://127.0.0.1:3030/kg?server=fuseki").endpoints["store"]
'http://127.0.0.1:3030/kg/data'
"""
from __future__ import annotations

import functools
import json
import os
import urllib.parse
from typing import Any, Callable, Iterator, Mapping

from pyoxigraph import BlankNode, Literal, NamedNode

from ..errors import ConfigError, QueryError, StoreAuthError, StoreError, StoreUnavailable, StoreWriteError
from ..model import GraphBatch
from . import Capability, Prepared, UpsertStats, rankings
from .rdf import SKG, RdfMapping, bind_sparql, prepare_ntriples, term_to_python
from .rdf_identity import GRAPH as _IDENTITY, RdfIdentity
from .rdf_store import PREFIXES, RdfStoreBase

MERGED = SKG + "merged"
USER_ENV, PASSWORD_ENV = "SCHOLARKG_SPARQL_USER", "SCHOLARKG_SPARQL_PASSWORD"

# server -> endpoint names under the base URL, and whether queries must be form-encoded
SERVERS: dict[str, dict[str, str]] = {
    "oxigraph": {"query": "query", "update": "update", "store": "store"},
    "fuseki": {"query": "query", "update": "update", "store": "data"},
    "virtuoso": {"query": "sparql", "update": "sparql-auth", "store": "sparql-graph-crud-auth", "form": "1"},
    "graphdb": {"query": "", "update": "statements", "store": "rdf-graphs/service"},
}
_OPTIONS = {"server", "query", "update", "store", "form", "timeout"}

_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
# The source graphs are those under ``{base}source/`` ($sources): a server may hold graphs of its own (Virtuoso does).
# The quads the embedded store exports too: the source graphs and the identity stage's graph.
_SOURCE_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), $sources) || ?g = $identity) }"
_SOURCE_GRAPH_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH $g { ?s ?p ?o } }"
# Take out of skg:merged what only this source asserts, then drop its graph: one update request.
_REMOVE_SOURCE = f"""
DELETE {{ GRAPH <{MERGED}> {{ ?s ?p ?o }} }}
WHERE {{ GRAPH $g {{ ?s ?p ?o }}
        FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != $g && STRSTARTS(STR(?other), $sources)) }} }} ;
DROP SILENT GRAPH $g
"""


class SparqlHttpStore(RdfIdentity, RdfStoreBase):
    """A remote SPARQL 1.1 dataset reached over HTTP (see the module docstring for the URI)."""

    def __init__(self, uri: str, timeout: float = 60.0):
        self.uri = uri
        scheme, rest = uri.split(":", 1)
        http = "https" if scheme.lower().endswith("https") else "http"
        parsed = urllib.parse.urlsplit(f"{http}:{rest}")
        given = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        unknown = sorted(set(given) - _OPTIONS)
        if unknown:
            raise ConfigError(f"unknown option {unknown[0]!r} in store URI (options: {', '.join(sorted(_OPTIONS))})")
        server = given.get("server", "oxigraph")
        if server not in SERVERS:
            raise ConfigError(f"unknown server={server!r} in store URI (known: {', '.join(SERVERS)})")
        names = {**SERVERS[server], **given}
        netloc = parsed.hostname or ""
        if ":" in netloc:
            netloc = f"[{netloc}]"
        if parsed.port:
            netloc += f":{parsed.port}"
        base = urllib.parse.urlunsplit((parsed.scheme, netloc, parsed.path.rstrip("/"), "", ""))
        self.endpoints = {kind: _join(base, names[kind]) for kind in ("query", "update", "store")}
        self.form = names.get("form", "") in ("1", "true", "yes")
        try:
            self.timeout = float(names.get("timeout", timeout))
        except ValueError:
            raise ConfigError(f"timeout={names['timeout']!r} in store URI is not a number of seconds") from None
        self.mapping = RdfMapping()
        import requests

        self._session = requests.Session()
        self._session.trust_env = False  # no ~/.netrc or proxy settings: the store URI and our variables decide
        self._user, self._password = os.environ.get(USER_ENV) or None, os.environ.get(PASSWORD_ENV) or ""

    # -------------------------------------------------------------- HTTP

    def _request(self, url: str, *, data: bytes | None = None, method: str = "GET",
                 headers: Mapping[str, str] | None = None, kind: str = "store") -> tuple[bytes, Mapping[str, str]]:
        """Send one request; the body and headers of the answer. Failures become the errors of ``errors.py``."""
        import requests

        endpoint = url.split("?", 1)[0]
        try:
            self._authenticate(url)
            resp = self._session.request(method, url, data=data, headers=dict(headers or {}), timeout=self.timeout)
        except requests.Timeout:
            raise StoreUnavailable(f"{self.uri}: {endpoint} did not answer within {self.timeout:g} s "
                                   "(raise it with ?timeout=SECONDS in the store URI)") from None
        except requests.RequestException as exc:
            reason = exc.args[0] if exc.args else exc
            reason = getattr(reason, "reason", reason)
            raise StoreUnavailable(f"cannot reach SPARQL endpoint {self.uri} ({endpoint}): {reason}") from None
        if resp.status_code < 400:
            return resp.content, resp.headers
        lines = resp.content.decode("utf-8", "replace").strip().splitlines()
        detail = next((line.strip()[:300] for line in lines if line.strip() and not line.lstrip().startswith("<")),
                      resp.reason)
        # 401: the server wants (other) credentials; 403 too when we sent some or it asks for them, but a 403 to no
        # credentials and no challenge is a server refusing the request itself (a read-only endpoint)
        if resp.status_code == 401 or (resp.status_code == 403 and (self._user or "WWW-Authenticate" in resp.headers)):
            who = (f"refused the credentials in ${USER_ENV} / ${PASSWORD_ENV}" if self._user else
                   f"needs credentials: set ${USER_ENV} and ${PASSWORD_ENV}")
            raise StoreAuthError(f"{self.uri}: {endpoint} {who} (HTTP {resp.status_code}: {detail})")
        if resp.status_code == 400 and kind == "query":
            raise QueryError(f"{self.uri}: {endpoint} refused the query: {detail}")
        doing = {"query": "query", "update": "update", "store": "write"}[kind]
        error = StoreError if kind == "query" else StoreWriteError
        raise error(f"{self.uri}: {endpoint} refused the {doing} (HTTP {resp.status_code}): {detail}")

    def _authenticate(self, url: str) -> None:
        """Before the first request, when a user is set: ask the server which scheme it wants (Basic or Digest) with a
        request without body, and answer its challenge, so that no request with a body is refused half-sent (Virtuoso
        closes the connection on an unauthenticated POST) and the password never goes as Basic to a Digest server."""
        if not self._user or self._session.auth is not None:
            return
        from requests.auth import HTTPBasicAuth, HTTPDigestAuth

        probe = self.endpoints["update"]
        challenge = self._session.get(probe, timeout=self.timeout).headers.get("WWW-Authenticate", "")
        if challenge.lower().startswith("digest"):
            self._session.auth = HTTPDigestAuth(self._user, self._password)
            self._session.get(probe, timeout=self.timeout)  # the nonce: later requests authenticate up front
        else:
            self._session.auth = HTTPBasicAuth(self._user, self._password)

    def _post_sparql(self, kind: str, text: str, args: list[tuple[str, str]]) -> tuple[bytes, Mapping[str, str]]:
        """A query or update as a direct POST (``application/sparql-query``) or, with ``form``, form-encoded."""
        url = self.endpoints[kind]
        headers = {"Accept": "application/sparql-results+json"} if kind == "query" else {}
        if self.form:
            body = urllib.parse.urlencode([(kind, text), *args]).encode("utf-8")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            url += "?" + urllib.parse.urlencode(args) if args else ""
            body = text.encode("utf-8")
            headers["Content-Type"] = f"application/sparql-{kind}"
        return self._request(url, data=body, method="POST", headers=headers, kind=kind)

    def _bindings(self, sparql: str, args: list[tuple[str, str]], cut_ok: bool = False) -> tuple[list[str], list[dict], int | None]:
        """(variables, SPARQL JSON bindings, the server's row cap when the answer may have been cut by it)."""
        body, headers = self._post_sparql("query", sparql, args)
        try:
            result = json.loads(body)
            names, rows = result["head"].get("vars", []), result["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            raise StoreError(f"{self.uri}: {self.endpoints['query']} answered something that is not SPARQL JSON "
                             f"results: {body[:200]!r}") from None
        cap = _row_cap(headers)
        cut = cap if cap is not None and len(rows) >= cap else None
        if cut is not None and not cut_ok:
            raise StoreError(f"{self.uri}: the server cut the answer at its cap of {cap} rows (X-SPARQL-MaxRows); "
                             "raise ResultSetMaxRows on the server or ask for fewer rows")
        return names, rows, cut

    def _dataset(self, dataset: bool) -> list[tuple[str, str]]:
        # skg:identity holds only the identity stage's own facts (aliases, evidence): nothing in it is counted twice
        return ([("default-graph-uri", MERGED), ("default-graph-uri", _IDENTITY), ("named-graph-uri", rankings.GRAPH)]
                if dataset else [])

    def _all_bindings(self, sparql: str, dataset: bool = True) -> Iterator[tuple[list[str], dict]]:
        """Every answer of a SELECT (without prologue), paged in the server's row cap when it has one: the query
        becomes a subquery ordered on all its variables, read with OFFSET/LIMIT outside it (Virtuoso sorts at most
        the cap inside one query, but pages a sorted subquery)."""
        args = self._dataset(dataset)
        names, rows, cap = self._bindings(_PROLOGUE + sparql, args, cut_ok=True)
        if cap is None:
            yield from ((names, row) for row in rows)
            return
        order = " ".join(f"?{n}" for n in names)
        offset = 0
        while True:
            paged = f"{_PROLOGUE}SELECT * WHERE {{ {{ {sparql} ORDER BY {order} }} }} OFFSET {offset} LIMIT {cap}"
            _, rows, _ = self._bindings(paged, args, cut_ok=True)
            yield from ((names, row) for row in rows)
            if len(rows) < cap:
                return
            offset += cap

    def _raw_select(self, sparql: str, params: Mapping[str, Any] | None = None, dataset: bool = True) -> list[dict]:
        query = _PROLOGUE + bind_sparql(sparql, params or {})  # a query may declare a prefix again
        names, rows, _ = self._bindings(query, self._dataset(dataset))
        return [{n: _json_term(b.get(n)) for n in names} for b in rows]

    # -------------------------------------------------------------- the protocol

    def _select(self, sparql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._raw_select(sparql, params)

    def _tuples(self, sparql: str) -> Iterator[tuple]:
        """Paged: the rankings read every authorship of the graph."""
        for names, row in self._all_bindings(sparql):
            yield tuple(_json_term(row.get(n)) for n in names)

    def _iter_quads(self) -> Iterator[tuple]:
        query = bind_sparql(_SOURCE_QUADS, {"sources": self.mapping.graph_iri("").value,
                                            "identity": NamedNode(_IDENTITY)})
        for names, row in self._all_bindings(query, dataset=False):
            yield tuple(_rdf_term(row[v]) for v in ("s", "p", "o", "g"))

    def _update(self, sparql: str) -> None:
        self._post_sparql("update", _PROLOGUE + sparql, [])

    def _graph_url(self, graph: str) -> str:
        return self.endpoints["store"] + "?" + urllib.parse.urlencode({"graph": graph})

    def _put_rankings(self, entries: str, facts: str) -> None:
        """One PUT of the Graph Store Protocol replaces the rankings graph whole."""
        self._request(self._graph_url(rankings.GRAPH), data=(entries + facts).encode("utf-8"), method="PUT",
                      headers={"Content-Type": "text/turtle"})

    def preparer(self) -> Callable[[GraphBatch], Prepared]:
        return functools.partial(prepare_ntriples, self.mapping)

    def write(self, prepared: Prepared) -> UpsertStats:
        # N-Triples sent as Turtle (of which it is a subset): Virtuoso 7 takes no application/n-triples.
        headers = {"Content-Type": "text/turtle"}
        graph = self.mapping.graph_iri(prepared.source_key).value
        self._request(self._graph_url(graph), data=prepared.payload, method="POST", headers=headers)
        self._request(self._graph_url(MERGED), data=prepared.payload, method="POST", headers=headers)
        return prepared.stats

    def remove_source(self, source_key: str) -> int:
        graph = self.mapping.graph_iri(source_key)
        rows = self._raw_select(_SOURCE_GRAPH_SIZE, {"g": graph}, dataset=False)
        count = rows[0]["n"] if rows else 0
        if count:
            self._update(bind_sparql(_REMOVE_SOURCE, {"g": graph, "sources": self.mapping.graph_iri("").value}))
        return count

    def iter_nquads(self) -> Iterator[str]:
        for s, p, o, g in self._iter_quads():
            yield f"{s} {p} {o} {g} ."

    capabilities: frozenset[Capability] = frozenset({"rdf", "rankings", "author_identity"})
    default_graph_holds_copy = False  # skg:merged, a named graph, is the copy here

    def _terms(self, sparql: str) -> Iterator[tuple]:
        """Answers as pyoxigraph terms over the server's whole dataset, paged past a row cap (the identity stage
        names the graphs it reads: every source graph and skg:merged hold what it moves)."""
        for names, b in self._all_bindings(sparql, dataset=False):
            yield tuple(_rdf_term(b[n]) if n in b else None for n in names)

    def dump(self, out, fmt: str) -> None:
        """Write the source graphs in an RDF format, as the embedded store does (nq: sorted N-Quads)."""
        from .oxigraph import OxigraphStore

        if fmt == "nq":
            for line in sorted(self.iter_nquads()):
                out.write(line + "\n")
            return
        import pyoxigraph

        with OxigraphStore("oxigraph::memory:") as local:  # the other formats: load into memory, serialize the same way
            lines = "".join(f"{s} {p} {o} {g} .\n{s} {p} {o} .\n" for s, p, o, g in self._iter_quads())
            local._store.load(lines.encode("utf-8"), pyoxigraph.RdfFormat.N_QUADS)
            local.dump(out, fmt)

    def close(self) -> None:
        self._session.close()


def _join(base: str, name: str) -> str:
    """An endpoint URL: ``name`` under ``base``, or ``base`` itself when ``name`` is empty; an absolute URL as is."""
    if name.startswith(("http://", "https://")):
        return name
    return f"{base}/{name.strip('/')}" if name.strip("/") else base


def _row_cap(headers: Mapping[str, str]) -> int | None:
    value = headers.get("X-SPARQL-MaxRows") if headers is not None else None
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _rdf_term(b: Mapping[str, Any]):
    if b["type"] == "uri":
        return NamedNode(b["value"])
    if b["type"] == "bnode":
        return _blank_node(b["value"])
    if "xml:lang" in b:
        return Literal(b["value"], language=b["xml:lang"])
    if "datatype" in b:
        value = b["value"]
        if b["datatype"] == _BOOLEAN:
            value = _BOOLEAN_FORMS.get(value, value)  # Virtuoso answers 1 and 0 for the true and false it was given
        return Literal(value, datatype=NamedNode(b["datatype"]))
    return Literal(b["value"])


def _blank_node(label: str) -> BlankNode:
    """A blank node of the answer: its label as given, or, where the server's is not a valid N-Triples label
    (Virtuoso's ``nodeID://b10001``), the label's bytes in hex, so distinct labels stay distinct.

    >>> _blank_node("b0").value, _blank_node("nodeID://b1").value
    ('b0', 'x6e6f646549443a2f2f6231')
    """
    try:
        return BlankNode(label)
    except ValueError:
        return BlankNode("x" + label.encode("utf-8").hex())


_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BOOLEAN_FORMS = {"1": "true", "0": "false"}


def _json_term(b: Mapping[str, Any] | None) -> Any:
    return None if b is None else term_to_python(_rdf_term(b))

"""``scholarkg serve``: a SPARQL 1.1 endpoint over an Oxigraph store, with a small query page.

- ``GET /`` the query page; ``GET|POST /query`` SPARQL 1.1 Protocol queries over the default graph, which holds
  every source's statements once (the graph ``scholarkg query`` reads; ``GRAPH`` reaches the source graphs and
  ``skg:rankings``), or over the dataset ``default-graph-uri`` / ``named-graph-uri`` name; answers in the format the
  Accept header asks for (``serve_formats``), 406 when it takes none; one ``query`` parameter exactly (400), POST
  bodies as ``application/sparql-query`` or a form, in UTF-8 (415 otherwise), other methods 405.
  ``POST /update`` only with ``writable=True`` (otherwise 403), and each update first marks the rankings out of date.
- It binds 127.0.0.1 unless told otherwise, stops reading a result after ``max_rows`` rows (the answer says it
  was cut), and stops a query after ``timeout`` seconds: queries run in worker processes that are killed and
  replaced when they overrun (a 503 answer), since Oxigraph cannot cancel a query that computes before its first row.

>>> server = make_server("oxigraph::memory:", ("127.0.0.1", 0))  # doctest: +SKIP
"""
from __future__ import annotations

import json
import time
import urllib.parse
from typing import Any
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph

from .errors import ConfigError
from .serve_formats import media_of, negotiate, offered_for, render
from .stores import rankings
from .stores.rdf_store import PREFIXES

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>scholarkg SPARQL</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
textarea{width:100%;height:14rem;font-family:ui-monospace,monospace;font-size:.9rem}
table{border-collapse:collapse;margin-top:1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
th{background:#f0f0f0}#status{color:#555;margin-left:1rem}
</style></head><body>
<h1>scholarkg SPARQL endpoint</h1>
<p>Queries see every source's graph merged. Prefixes skg:, schema:, prov:, skos:, xsd: and rdf: are predeclared.
Endpoint: <code>/query</code>.</p>
<textarea id="q">SELECT ?author (COUNT(DISTINCT ?paper) AS ?papers)
WHERE { ?paper schema:author ?a . ?a schema:name ?author }
GROUP BY ?author ORDER BY DESC(?papers) ?author LIMIT 20</textarea>
<p><button id="run">Run query</button><span id="status"></span></p>
<div id="out"></div>
<script>
const out = document.getElementById('out'), status = document.getElementById('status');
document.getElementById('run').onclick = async () => {
  status.textContent = 'running…'; out.textContent = '';
  const t0 = performance.now();
  const r = await fetch('query', {method: 'POST', headers: {'Content-Type': 'application/sparql-query',
    'Accept': 'application/sparql-results+json'}, body: document.getElementById('q').value});
  if (!r.ok) { status.textContent = 'error ' + r.status; out.textContent = await r.text(); return; }
  const data = await r.json();
  const vars = data.head.vars || [], rows = data.results.bindings;
  const table = document.createElement('table'), head = table.insertRow();
  for (const v of vars) { const th = document.createElement('th'); th.textContent = v; head.appendChild(th); }
  for (const b of rows) { const tr = table.insertRow(); for (const v of vars) tr.insertCell().textContent = b[v] ? b[v].value : ''; }
  out.appendChild(table);
  status.textContent = rows.length + ' rows in ' + Math.round(performance.now() - t0) + ' ms' + (data.truncated ? ' (cut at the row limit)' : '');
};
</script></body></html>
"""


def _term_json(term) -> dict:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


class _Handler(BaseHTTPRequestHandler):
    server: "SparqlServer"

    def log_message(self, fmt, *args):  # quiet: the CLI prints its own line
        return

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, (message + "\n").encode(), "text/plain; charset=utf-8", headers)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            return self._send(200, PAGE.encode(), "text/html; charset=utf-8")
        if url.path == "/query":
            params = self._params(url.query)
            if params is not None:
                self._query(params)
            return
        if url.path == "/update":
            return self._error(405, "updates are POSTed to /update", {"Allow": "POST"})
        return self._error(404, "not found: try / or /query")

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/query", "/update"):
            return self._error(404, "not found: try /query")
        kind = url.path[1:]
        length = int(self.headers.get("Content-Length") or 0)
        if length > self.server.max_body:
            return self._error(413, f"request body over {self.server.max_body} bytes")
        body = self.rfile.read(length)
        media, options = media_of(self.headers.get("Content-Type"))
        if options.get("charset", "utf-8") not in ("utf-8", "utf8"):
            return self._error(415, f"the {kind} must be UTF-8, not {options['charset']}")
        if media == "application/x-www-form-urlencoded":
            params = self._params(body)
        elif media == f"application/sparql-{kind}":
            params = self._params(url.query)
            if params is not None:
                try:
                    params.append((kind, body.decode("utf-8")))
                except UnicodeDecodeError:
                    return self._error(400, f"the {kind} is not UTF-8")
        else:
            return self._error(415, f"POST a {kind} as application/sparql-{kind} or as "
                                    f"application/x-www-form-urlencoded, not {media or 'no media type'}")
        if params is None:
            return
        return self._query(params) if kind == "query" else self._update(params)

    def _refuse_method(self):
        self._error(405, f"{self.command} is not a SPARQL protocol operation: use GET or POST", {"Allow": "GET, POST"})

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _params(self, raw: str | bytes) -> list[tuple[str, str]] | None:
        """Form or URL parameters (UTF-8); None after answering 400 when they are not UTF-8."""
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            return urllib.parse.parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
        except (UnicodeDecodeError, ValueError):
            self._error(400, "the request parameters are not UTF-8")
            return None

    def _one(self, params: list[tuple[str, str]], name: str) -> str | None:
        """The one value of ``name``; None after answering 400 when it is missing or repeated."""
        values = [v for k, v in params if k == name]
        if len(values) != 1:
            self._error(400, f"give exactly one {name} (got {len(values)})")
            return None
        return values[0]

    def _query(self, params: list[tuple[str, str]]) -> None:
        query = self._one(params, "query")
        if query is None:
            return
        defaults = [v for k, v in params if k == "default-graph-uri"]
        named = [v for k, v in params if k == "named-graph-uri"]
        try:
            answer = self.server.answer(query, defaults, named)
        except QueryTimeout as exc:
            return self._error(503, str(exc))
        if "error" in answer:
            return self._error(*answer["error"])
        offered = offered_for(answer)
        media = negotiate(self.headers.get("Accept"), offered)
        if media is None:
            return self._error(406, f"this answer comes as {', '.join(offered)}; the Accept header takes none of them")
        headers = {"Vary": "Accept"}
        if answer.get("truncated"):
            headers["X-SPARQL-MaxRows"] = str(self.server.max_rows)  # as Virtuoso says it: the answer was cut
        self._send(200, render(media, answer), f"{media}; charset=utf-8", headers)

    def _update(self, params: list[tuple[str, str]]) -> None:
        update = self._one(params, "update")
        if update is None:
            return
        if not self.server.writable:
            return self._error(403, "this endpoint is read-only (start scholarkg serve --writable to allow updates)")
        try:
            self.server.store.update(rankings.MARK_STALE)  # the graph may change: questions read it directly
            self.server.store.update(update)
        except (SyntaxError, OSError, ValueError) as exc:
            return self._error(400, f"update failed: {exc}")
        return self._send(204, b"", "text/plain")


def answer_query(store, query: str, max_rows: int, timeout: float, defaults: list[str] | None = None,
                 named: list[str] | None = None) -> dict:
    """Run ``query`` on ``store`` and return plain data (so a worker process can send it back): ``vars``, ``rows``
    (SPARQL JSON bindings) and ``truncated``; or ``boolean``; or ``triples`` (N-Triples); or ``error``
    (HTTP status, message). Rows stop at ``max_rows``, and at ``timeout`` seconds once rows are coming.
    ``defaults`` and ``named`` are the protocol's ``default-graph-uri`` and ``named-graph-uri``: when either is
    given, the query's dataset is exactly those graphs (as the SPARQL 1.1 Protocol says)."""
    try:
        dataset = {}
        if defaults or named:
            dataset = {"default_graph": [pyoxigraph.NamedNode(g) for g in defaults or []] or pyoxigraph.DefaultGraph(),
                       "named_graphs": [pyoxigraph.NamedNode(g) for g in named or []]}
    except ValueError as exc:
        return {"error": (400, f"bad graph IRI in default-graph-uri or named-graph-uri: {exc}")}
    try:
        result = store.query(query, prefixes=PREFIXES, **dataset)
        if isinstance(result, pyoxigraph.QueryBoolean):
            return {"boolean": bool(result)}
        deadline = time.monotonic() + timeout
        items: list[Any] = []
        truncated = False
        for item in result:
            if len(items) >= max_rows or time.monotonic() > deadline:
                truncated = True
                break
            items.append(item)
        if not isinstance(result, pyoxigraph.QuerySolutions):
            return {"triples": "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in items), "truncated": truncated}
        names = [v.value for v in result.variables]
        rows = [{n: _term_json(sol[n]) for n in names if sol[n] is not None} for sol in items]
        return {"vars": names, "rows": rows, "truncated": truncated}
    except SyntaxError as exc:
        return {"error": (400, f"query syntax error: {exc}")}
    except OSError as exc:
        return {"error": (500, f"query failed: {exc}")}


class QueryTimeout(Exception):
    """A query ran past the time limit before giving its first rows, and its worker was stopped."""


class QueryWorkers:
    """Worker processes that each hold the store open read-only and answer one query at a time.

    Oxigraph cannot cancel a query, and one that sorts or counts a huge join computes for minutes before its
    first row, so each query runs in a worker: past ``timeout`` (plus a grace second) the worker is killed and
    replaced, and the request gets a 503. A worker also arms SIGALRM, so it ends itself if it outlives the server.
    Workers are plain ``python -c`` processes speaking JSON lines on stdin/stdout (no multiprocessing, which would
    re-import the program that started the server).
    """

    GRACE = 1.0

    def __init__(self, path: str, *, size: int = 2, max_rows: int = 10000, timeout: float = 30.0):
        import queue

        self.path, self.max_rows, self.timeout = path, max_rows, timeout
        self._idle: "queue.Queue" = queue.Queue()
        self._all: list = []
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self):
        import subprocess
        import sys

        code = "import sys; from scholarkg.serve import worker_main; worker_main(*sys.argv[1:])"
        proc = subprocess.Popen([sys.executable, "-c", code, self.path, str(self.max_rows), str(self.timeout + self.GRACE)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
        self._all.append(proc)
        return proc

    def answer(self, query: str, defaults: list[str] | None = None, named: list[str] | None = None) -> dict:
        import queue
        import select

        try:
            proc = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"every query worker stayed busy for {self.timeout:g} s; try again later") from None
        line = ""
        try:
            proc.stdin.write(json.dumps({"query": query, "defaults": defaults, "named": named}) + "\n")
            proc.stdin.flush()
            # the first query also waits for the worker to start and open the store
            if select.select([proc.stdout], [], [], self.timeout + self.GRACE)[0]:
                line = proc.stdout.readline()
        except OSError:
            pass
        if line:
            self._idle.put(proc)
            return json.loads(line)
        overran = proc.poll() is None
        proc.kill()
        proc.wait()
        self._all.remove(proc)
        self._idle.put(self._start())
        if overran:
            raise QueryTimeout(f"the query ran past the {self.timeout:g} s limit (--timeout) and was stopped; "
                               "narrow it or add a LIMIT")
        return {"error": (500, f"the query worker died (exit code {proc.returncode}): out of memory?")}

    def close(self) -> None:
        for proc in self._all:
            proc.kill()
            proc.wait()
        self._all.clear()


def worker_main(path: str, max_rows: str, hard_limit: str) -> None:
    """A query worker (``QueryWorkers``): one JSON request per line on stdin, one JSON answer per line on stdout."""
    import math
    import signal
    import sys

    store = pyoxigraph.Store.read_only(path)
    for line in sys.stdin:  # ends when the server closes the pipe or goes away
        request = json.loads(line)
        signal.alarm(math.ceil(float(hard_limit)) + 1)  # default action: end this process, even mid-query
        answer = answer_query(store, request["query"], int(max_rows), float(hard_limit), request.get("defaults"),
                              request.get("named"))
        signal.alarm(0)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, store, address, *, writable=False, max_rows=10000, timeout=30.0, max_body=1 << 20,
                 workers: QueryWorkers | None = None):
        super().__init__(address, _Handler)
        self.store, self.writable, self.workers = store, writable, workers
        self.max_rows, self.query_timeout, self.max_body = max_rows, timeout, max_body  # (self.timeout: socketserver's)

    def answer(self, query: str, defaults: list[str] | None = None, named: list[str] | None = None) -> dict:
        if self.workers is not None:
            return self.workers.answer(query, defaults, named)
        return answer_query(self.store, query, self.max_rows, self.query_timeout, defaults, named)

    def server_close(self) -> None:
        super().server_close()
        if self.workers is not None:
            self.workers.close()


def make_server(uri: str, address: tuple[str, int], **options) -> SparqlServer:
    """A server over the Oxigraph store ``uri`` (``oxigraph:PATH``); read-only stores open without a write lock.

    A read-only server on a store on disk answers queries in worker processes, so ``timeout`` is a hard limit; with
    ``writable`` (or an in-memory store) queries run in the server and ``timeout`` only cuts the rows they stream.
    """
    if not uri.startswith("oxigraph:"):
        raise ConfigError(f"serve works on oxigraph: stores, not {uri}")
    path = uri.split(":", 1)[1]
    if not path.strip():
        from .stores.oxigraph import OxigraphStore

        OxigraphStore(uri)  # raises the error that says what to give instead
    path = "" if path == ":memory:" else path
    if options.get("writable") or not path:
        return SparqlServer(pyoxigraph.Store(path or None), address, **options)
    try:
        store = pyoxigraph.Store.read_only(path)
    except OSError as exc:
        raise ConfigError(f"cannot open Oxigraph store at {path} for serving: {exc}") from None
    workers = QueryWorkers(path, max_rows=options.get("max_rows", 10000), timeout=options.get("timeout", 30.0))
    return SparqlServer(store, address, workers=workers, **options)

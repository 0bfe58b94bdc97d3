"""``scholarkg serve``: a SPARQL 1.1 endpoint over an Oxigraph store, with a small query page.

- ``GET /`` the query page; ``GET|POST /query`` SPARQL 1.1 Protocol queries (results as SPARQL JSON, CSV or TSV,
  by the Accept header), over the default graph, which holds every source's statements once (the graph
  ``scholarkg query`` reads; ``GRAPH`` reaches the source graphs and ``skg:rankings``); ``POST /update`` only with
  ``writable=True`` (otherwise 403), and each update first marks the rankings out of date.
- It binds 127.0.0.1 unless told otherwise, stops reading a result after ``max_rows`` rows (the answer says it
  was cut), and stops a query after ``timeout`` seconds: queries run in worker processes that are killed and
  replaced when they overrun (a 503 answer), since Oxigraph cannot cancel a query that computes before its first row.

>>> server = make_server("oxigraph::memory:", ("127.0.0.1", 0))  # doctest: +SKIP
"""
from __future__ import annotations

import csv
import io
import json
import time
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph

from .errors import ConfigError
from .stores import rankings
from .stores.oxigraph import _PREFIXES

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

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode(), "text/plain; charset=utf-8")

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            return self._send(200, PAGE.encode(), "text/html; charset=utf-8")
        if url.path == "/query":
            query = dict(urllib.parse.parse_qsl(url.query)).get("query")
            if not query:
                return self._error(400, "missing query parameter")
            return self._query(query)
        return self._error(404, "not found: try / or /query")

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > self.server.max_body:
            return self._error(413, f"request body over {self.server.max_body} bytes")
        body = self.rfile.read(length).decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if ctype == "application/x-www-form-urlencoded":
            form = dict(urllib.parse.parse_qsl(body))
            body = form.get("query") or form.get("update") or ""
        if url.path == "/query":
            return self._query(body)
        if url.path == "/update":
            if not self.server.writable:
                return self._error(403, "this endpoint is read-only (start scholarkg serve --writable to allow updates)")
            try:
                self.server.store.update(rankings.MARK_STALE)  # the graph may change: questions read it directly
                self.server.store.update(body)
            except (SyntaxError, OSError, ValueError) as exc:
                return self._error(400, f"update failed: {exc}")
            return self._send(204, b"", "text/plain")
        return self._error(404, "not found: try /query")

    def _query(self, query: str) -> None:
        try:
            answer = self.server.answer(query)
        except QueryTimeout as exc:
            return self._error(503, str(exc))
        if "error" in answer:
            return self._error(*answer["error"])
        if "boolean" in answer:
            return self._send(200, json.dumps({"head": {}, "boolean": answer["boolean"]}).encode(), "application/sparql-results+json")
        if "triples" in answer:
            return self._send(200, answer["triples"].encode(), "application/n-triples")
        names, rows = answer["vars"], answer["rows"]
        accept = self.headers.get("Accept") or ""
        if "text/csv" in accept or "text/tab-separated-values" in accept:
            buf = io.StringIO()
            writer = csv.writer(buf, delimiter="\t" if "tab-separated" in accept else ",", lineterminator="\n")
            writer.writerow(names)
            for row in rows:
                writer.writerow([row[n]["value"] if n in row else "" for n in names])
            return self._send(200, buf.getvalue().encode(), "text/csv; charset=utf-8")
        payload = {"head": {"vars": names}, "results": {"bindings": rows}}
        if answer["truncated"]:
            payload["truncated"] = True
        self._send(200, json.dumps(payload).encode(), "application/sparql-results+json")


def answer_query(store, query: str, max_rows: int, timeout: float) -> dict:
    """Run ``query`` on ``store`` and return plain data (so a worker process can send it back): ``vars``, ``rows``
    (SPARQL JSON bindings) and ``truncated``; or ``boolean``; or ``triples`` (N-Triples); or ``error``
    (HTTP status, message). Rows stop at ``max_rows``, and at ``timeout`` seconds once rows are coming."""
    try:
        result = store.query(query, prefixes=_PREFIXES)
        if isinstance(result, pyoxigraph.QueryBoolean):
            return {"boolean": bool(result)}
        deadline = time.monotonic() + timeout
        items, truncated = [], False
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

    def answer(self, query: str) -> dict:
        import queue
        import select

        try:
            proc = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"every query worker stayed busy for {self.timeout:g} s; try again later") from None
        line = ""
        try:
            proc.stdin.write(json.dumps({"query": query}) + "\n")
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
        query = json.loads(line)["query"]
        signal.alarm(math.ceil(float(hard_limit)) + 1)  # default action: end this process, even mid-query
        answer = answer_query(store, query, int(max_rows), float(hard_limit))
        signal.alarm(0)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, store, address, *, writable=False, max_rows=10000, timeout=30.0, max_body=1 << 20,
                 workers: QueryWorkers | None = None):
        super().__init__(address, _Handler)
        self.store, self.writable, self.workers = store, writable, workers
        self.max_rows, self.timeout, self.max_body = max_rows, timeout, max_body

    def answer(self, query: str) -> dict:
        if self.workers is not None:
            return self.workers.answer(query)
        return answer_query(self.store, query, self.max_rows, self.timeout)

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

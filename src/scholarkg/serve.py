"""``scholarkg serve``: a SPARQL 1.1 endpoint over an Oxigraph store, with a small query page.

- ``GET /`` the query page; ``GET|POST /query`` SPARQL 1.1 Protocol queries (results as SPARQL JSON, CSV or TSV,
  by the Accept header), over the union of all source graphs; ``POST /update`` only with ``writable=True``
  (otherwise 403).
- It binds 127.0.0.1 unless told otherwise, stops reading a result after ``max_rows`` rows (the answer says it
  was cut) and after ``timeout`` seconds between rows.

>>> server = make_server("oxigraph:", ("127.0.0.1", 0))  # doctest: +SKIP
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
                self.server.store.update(body)
            except (SyntaxError, OSError, ValueError) as exc:
                return self._error(400, f"update failed: {exc}")
            return self._send(204, b"", "text/plain")
        return self._error(404, "not found: try /query")

    def _query(self, query: str) -> None:
        try:
            result = self.server.store.query(query, use_default_graph_as_union=True, prefixes=_PREFIXES)
        except SyntaxError as exc:
            return self._error(400, f"query syntax error: {exc}")
        except OSError as exc:
            return self._error(500, f"query failed: {exc}")
        if isinstance(result, pyoxigraph.QueryBoolean):
            return self._send(200, json.dumps({"head": {}, "boolean": bool(result)}).encode(), "application/sparql-results+json")
        if not isinstance(result, pyoxigraph.QuerySolutions):
            nt = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in result)
            return self._send(200, nt.encode(), "application/n-triples")
        names = [v.value for v in result.variables]
        rows, truncated = [], False
        deadline = time.monotonic() + self.server.timeout
        for solution in result:
            if len(rows) >= self.server.max_rows or time.monotonic() > deadline:
                truncated = True
                break
            rows.append({n: solution[n] for n in names if solution[n] is not None})
        accept = self.headers.get("Accept") or ""
        if "text/csv" in accept or "text/tab-separated-values" in accept:
            buf = io.StringIO()
            writer = csv.writer(buf, delimiter="\t" if "tab-separated" in accept else ",", lineterminator="\n")
            writer.writerow(names)
            for row in rows:
                writer.writerow([row[n].value if n in row else "" for n in names])
            return self._send(200, buf.getvalue().encode(), "text/csv; charset=utf-8")
        payload = {"head": {"vars": names},
                   "results": {"bindings": [{n: _term_json(t) for n, t in row.items()} for row in rows]}}
        if truncated:
            payload["truncated"] = True
        self._send(200, json.dumps(payload).encode(), "application/sparql-results+json")


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, store, address, *, writable=False, max_rows=10000, timeout=30.0, max_body=1 << 20):
        super().__init__(address, _Handler)
        self.store, self.writable = store, writable
        self.max_rows, self.timeout, self.max_body = max_rows, timeout, max_body


def make_server(uri: str, address: tuple[str, int], **options) -> SparqlServer:
    """A server over the Oxigraph store ``uri`` (``oxigraph:PATH``); read-only stores open without a write lock."""
    if not uri.startswith("oxigraph:"):
        raise ConfigError(f"serve works on oxigraph: stores, not {uri}")
    path = uri.split(":", 1)[1]
    if options.get("writable") or not path:
        store = pyoxigraph.Store(path or None)
    else:
        store = pyoxigraph.Store.read_only(path)
    return SparqlServer(store, address, **options)

"""Real SPARQL 1.1 servers for tests beside Oxigraph's: Virtuoso 7 (Debian's ``virtuoso-opensource``) and Apache
Jena Fuseki (``jena-fuseki-server`` from Maven Central), both installed by ``scripts/install-sparql-servers``.

Each starts on free loopback ports with a data directory of its own and stops after. Virtuoso takes updates and
loads only from an authenticated user (HTTP Digest, its ``dba``); Fuseki is started with a password file and HTTP
Basic on every endpoint, so the tests go through both kinds of authentication. ``missing()`` says which of them
this machine cannot run (conftest.py deselects their tests with a printed note).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from servers import _stop, _wait_http, free_port, oxigraph_server

FUSEKI_VERSION = "5.6.0"
USER, PASSWORD = "dba", "dba"  # Virtuoso's built-in administrator; the Fuseki fixture is given the same


def fuseki_jar() -> Path | None:
    """The Fuseki server jar: ``$SCHOLARKG_FUSEKI_JAR``, else where the install script put it (in the venv)."""
    given = os.environ.get("SCHOLARKG_FUSEKI_JAR")
    jar = Path(given) if given else Path(sys.prefix) / "share" / "scholarkg" / f"jena-fuseki-server-{FUSEKI_VERSION}.jar"
    return jar if jar.is_file() else None


def missing() -> dict[str, str]:
    """marker -> why that server cannot run here."""
    out = {}
    if not shutil.which("virtuoso-t"):
        out["virtuoso"] = "no virtuoso-t (Debian: apt-get install virtuoso-opensource; scripts/install-sparql-servers)"
    if not shutil.which("java"):
        out["fuseki"] = "no java (Fuseki needs Java 17)"
    elif fuseki_jar() is None:
        out["fuseki"] = f"no jena-fuseki-server-{FUSEKI_VERSION}.jar (scripts/install-sparql-servers fetches it)"
    return out


def _wait(url: str, proc: subprocess.Popen, seconds: float, log: Path) -> None:
    try:
        _wait_http(url, proc, seconds)
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}: {log.read_text(errors='replace')[-2000:]}") from None


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 1
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 300
"""


@contextmanager
def virtuoso_server(workdir: Path, *, max_rows: int = 10000, buffers: int = 40000):
    """Virtuoso 7 on free loopback ports with its database in ``workdir``; yields the ``sparql+http`` URI.
    ``max_rows`` is its ``ResultSetMaxRows`` (Debian's default, 10,000: the cap paging must get past)."""
    workdir.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=workdir, sql_port=sql_port, http_port=http_port, max_rows=max_rows,
                                       buffers=buffers, dirty=buffers * 3 // 4), encoding="utf-8")
    log = workdir / "virtuoso.log"
    log.touch()
    proc = subprocess.Popen(["virtuoso-t", "-f", "-c", str(ini)], cwd=workdir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D", proc, 120, log)
        yield f"sparql+http://127.0.0.1:{http_port}?server=virtuoso"
    finally:
        _stop(proc)


def virtuoso_sql(workdir: Path, statement: str) -> str:
    """Run SQL (e.g. the bulk loader) in the Virtuoso of ``workdir`` through its ``isql-vt`` client."""
    ini = (workdir / "virtuoso.ini").read_text(encoding="utf-8")
    port = ini.split("ServerPort = 127.0.0.1:", 1)[1].split()[0]
    done = subprocess.run(["isql-vt", port, USER, PASSWORD, f"exec={statement}"], capture_output=True, text=True,
                          timeout=3600)
    if done.returncode != 0 or "*** Error" in done.stdout:
        raise RuntimeError(f"isql-vt failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    return done.stdout


@contextmanager
def fuseki_server(workdir: Path, *, memory_mb: int = 1024):
    """Apache Jena Fuseki on a free loopback port serving one TDB2 dataset ``/kg`` in ``workdir`` (updates on,
    HTTP Basic with ``USER``/``PASSWORD``); yields the ``sparql+http`` URI."""
    jar = fuseki_jar()
    if jar is None:
        raise RuntimeError(missing().get("fuseki", "no Fuseki"))
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "tdb2").mkdir(exist_ok=True)
    passwd = workdir / "passwd"
    passwd.write_text(f"{USER}: {PASSWORD}\n", encoding="utf-8")
    port = free_port()
    log = workdir / "fuseki.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(["java", f"-Xmx{memory_mb}m", "-jar", str(jar), "--localhost", "--port", str(port),
                                 "--tdb2", "--loc", str(workdir / "tdb2"), "--update", "--passwd", str(passwd),
                                 "--auth=basic", "--ping", "/kg"],
                                cwd=workdir, env={**os.environ, "FUSEKI_BASE": str(workdir / "run")},
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait(f"http://127.0.0.1:{port}/$/ping", proc, 120, log)
        yield f"sparql+http://127.0.0.1:{port}/kg?server=fuseki"
    finally:
        _stop(proc)


@contextmanager
def sparql_credentials():
    """``$SCHOLARKG_SPARQL_USER`` / ``$SCHOLARKG_SPARQL_PASSWORD`` set to the fixtures' user while inside."""
    saved = {k: os.environ.get(k) for k in ("SCHOLARKG_SPARQL_USER", "SCHOLARKG_SPARQL_PASSWORD")}
    os.environ.update(SCHOLARKG_SPARQL_USER=USER, SCHOLARKG_SPARQL_PASSWORD=PASSWORD)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


SERVERS = ("oxigraph", "virtuoso", "fuseki")


@contextmanager
def sparql_server(kind: str, workdir: Path):
    """One of ``SERVERS`` running with the credentials set; yields its ``sparql+http`` URI."""
    start = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server, "fuseki": fuseki_server}[kind]
    with sparql_credentials(), start(workdir) as uri:
        yield uri


@pytest.fixture(scope="module", params=[pytest.param(kind, marks=getattr(pytest.mark, kind)) if kind != "oxigraph"
                                        else kind for kind in SERVERS])
def server(request, tmp_path_factory):
    """(kind, URI) of a running server of each kind, for a module's tests (conftest.py deselects what is missing)."""
    with sparql_server(request.param, tmp_path_factory.mktemp(request.param)) as uri:
        yield request.param, uri


def wipe(store) -> None:
    """Drop every graph scholarkg wrote on a server that tests share."""
    from scholarkg.stores import rankings
    from scholarkg.stores.sparql_http import MERGED

    prefix = store.mapping.graph_iri("").value
    rows = store._raw_select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), $p)) }",
                             {"p": prefix}, dataset=False)
    for graph in [row["g"] for row in rows] + [MERGED, rankings.GRAPH]:
        store._update(f"DROP SILENT GRAPH <{graph}>")


def nquads(store) -> str:
    """``export --format nq`` of a store, as text."""
    import io

    buf = io.StringIO()
    store.dump(buf, "nq")
    return buf.getvalue()

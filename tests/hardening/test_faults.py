"""Faults: a store that is down, a wrong port, a wrong or missing password, a FalkorDB or Neo4j server killed in the
middle of a load or restarted under it, Ctrl-C, and a full disk. Each gives one clear line on stderr, an exit code
saying which fault it was, no traceback unless --debug, and never the password; running the same command again
finishes the job, and the graph then equals a clean build."""
from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crash_corpus import write_corpus
from scholarkg.errors import StoreAuthError, StoreFull, StoreUnavailable
from scholarkg.stores import open_store

PASSWORD = "s3cret-Pa55word"


def cli(*args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "scholarkg.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env)


def assert_one_clear_line(out, code: int, starts: str) -> str:
    assert out.returncode == code, (out.returncode, out.stderr)
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(starts), out.stderr
    assert "Traceback" not in out.stderr and PASSWORD not in out.stderr + out.stdout
    return lines[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FalkorDB:
    """A FalkorDB server of our own that tests may kill and restart on the same port and data folder."""

    def __init__(self, folder: Path, *, password: str | None = None, persist: bool = False):
        from servers import falkordb_binaries

        self.server, self.module = falkordb_binaries()
        self.folder, self.password, self.persist = folder, password, persist
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def start(self) -> "FalkorDB":
        args = [self.server, "--port", str(self.port), "--bind", "127.0.0.1", "--loadmodule", self.module,
                "--dir", str(self.folder), "--save", "", "--appendonly", "yes" if self.persist else "no",
                "--appendfsync", "always"]
        if self.password:
            args += ["--requirepass", self.password]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            assert self.proc.poll() is None, "FalkorDB exited at start"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(64).startswith((b"+PONG", b"-NOAUTH")):
                        return self
            except OSError:
                pass
            assert time.monotonic() < deadline, "FalkorDB did not answer within 30 s"
            time.sleep(0.05)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def uri(self, graph: str, password: str | None = None) -> str:
        auth = f":{password}@" if password else ""
        return f"falkordb://{auth}127.0.0.1:{self.port}/{graph}"


@pytest.fixture
def falkordb(tmp_path):
    servers: list[FalkorDB] = []

    def make(**kw) -> FalkorDB:
        server = FalkorDB(tmp_path / f"falkordb-{len(servers)}", **kw)
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.kill()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("faults") / "corpus", pages=4, per_page=150)


def build_args(corpus, uri):
    return ["build", corpus, "--store", uri, "--no-extract", "-q", "--batch-size", "30"]


def graph_of(uri):
    with open_store(uri) as store:
        nodes, edges = store.iter_rows()
    for row in nodes + edges:
        row["props"]["sources"] = sorted(row["props"].get("sources") or [])
    return json.dumps([nodes, edges], sort_keys=True, default=str)


# ------------------------------------------------------------------ unreachable, credentials

def test_store_down_or_wrong_port_is_one_line_exit_6(corpus):
    uri = f"falkordb://ada:{PASSWORD}@127.0.0.1:{free_port()}/g"
    line = assert_one_clear_line(cli(*build_args(corpus, uri)), StoreUnavailable.exit_code,
                                 "scholarkg: error: cannot reach FalkorDB at falkordb://127.0.0.1:")
    assert "Connection refused" in line
    out = cli("--debug", "stats", "--store", uri)  # --debug: the traceback, and still no password
    assert out.returncode != 0 and "Traceback" in out.stderr and "StoreUnavailable" in out.stderr
    assert PASSWORD not in out.stderr


def test_wrong_or_missing_password_is_one_line_exit_7_and_never_printed(falkordb, corpus):
    server = falkordb(password=PASSWORD)
    for uri in (server.uri("g"), f"falkordb://nobody:{PASSWORD}x@127.0.0.1:{server.port}/g"):  # none, wrong
        assert_one_clear_line(cli(*build_args(corpus, uri)), StoreAuthError.exit_code,
                              f"scholarkg: error: cannot log in to falkordb://127.0.0.1:{server.port}/g: authentication failed")
    env = {**os.environ, "SCHOLARKG_STORE": server.uri("g", "not-" + PASSWORD)}  # from the environment too
    assert_one_clear_line(cli("stats", env=env), StoreAuthError.exit_code, "scholarkg: error: cannot log in")
    out = cli(*build_args(corpus, server.uri("g", PASSWORD)), "--summary", "json")
    assert out.returncode == 0 and PASSWORD not in out.stderr + out.stdout
    assert json.loads(out.stdout)["store"] == f"falkordb://:***@127.0.0.1:{server.port}/g"


# ------------------------------------------------------------------ the server dies under a load

def start_build(corpus, uri):
    return subprocess.Popen([sys.executable, "-m", "scholarkg.cli", *map(str, build_args(corpus, uri))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_papers(server: FalkorDB, graph: str, at_least: int, proc, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    with open_store(server.uri(graph)) as store:
        while True:
            assert proc.poll() is None, "the build ended before the fault was injected"
            if store.stats()["nodes"].get("Paper", 0) >= at_least:
                return
            assert time.monotonic() < deadline
            time.sleep(0.05)


@pytest.mark.slow
def test_server_killed_mid_load_then_rerun_finishes_the_job(falkordb, corpus):
    server = falkordb(persist=True)
    build = start_build(corpus, server.uri("g"))
    wait_for_papers(server, "g", 150, build)
    server.kill()
    stdout, stderr = build.communicate(timeout=120)
    out = subprocess.CompletedProcess(build.args, build.returncode, stdout, stderr)
    line = assert_one_clear_line(out, StoreUnavailable.exit_code,
                                 f"scholarkg: error: lost FalkorDB at falkordb://127.0.0.1:{server.port}/g")
    assert "run the same command again" in line
    server.start()  # same port, same data folder: what landed before the kill is still there
    with open_store(server.uri("g")) as store:
        partial = store.stats()["nodes"].get("Paper", 0)
        assert 0 < partial < 555
    assert cli(*build_args(corpus, server.uri("g"))).returncode == 0
    assert cli(*build_args(corpus, server.uri("clean"))).returncode == 0
    assert graph_of(server.uri("g")) == graph_of(server.uri("clean"))


@pytest.mark.slow
def test_a_server_restart_during_a_load_is_absorbed_by_retries(falkordb, corpus):
    server = falkordb(persist=True)
    build = start_build(corpus, server.uri("g"))
    wait_for_papers(server, "g", 150, build)
    server.kill()
    server.start()  # back within the client's retries (0.5 s, 1 s, 2 s)
    stdout, stderr = build.communicate(timeout=300)
    assert build.returncode == 0, stderr
    assert cli(*build_args(corpus, server.uri("clean"))).returncode == 0
    assert graph_of(server.uri("g")) == graph_of(server.uri("clean"))


# ------------------------------------------------------------------ Ctrl-C

@pytest.mark.slow
def test_ctrl_c_is_one_line_exit_130_and_a_rerun_completes(corpus, tmp_path):
    uri = f"oxigraph:{tmp_path / 'db'}"
    for delay in (0.3, 0.1, 0.0):  # Ctrl-C shortly after the store opens: while the load runs
        # SIGINT back to its default in the child: a test run started in the background (nohup, `&` in a script)
        # ignores SIGINT, the child would inherit that, and Python then never raises KeyboardInterrupt
        proc = subprocess.Popen([sys.executable, "-m", "scholarkg.cli", *map(str, build_args(corpus, uri))],
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not (tmp_path / "db" / "LOCK").exists() and proc.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=120)
        if proc.returncode != 0:
            break
        shutil.rmtree(tmp_path / "db")  # it finished first: try again, sooner
    out = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    assert_one_clear_line(out, 130, "scholarkg: interrupted")
    assert cli(*build_args(corpus, uri)).returncode == 0
    assert cli(*build_args(corpus, f"oxigraph:{tmp_path / 'clean'}")).returncode == 0
    assert nquads(uri) == nquads(f"oxigraph:{tmp_path / 'clean'}")


def nquads(uri):
    with open_store(uri) as store:
        buf = io.StringIO()
        store.dump(buf, "nq")
    return buf.getvalue()


# ------------------------------------------------------------------ a full disk

@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs (needs root and permission to mount; otherwise the test is skipped, saying why)."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a full disk needs a small tmpfs, and mounting one needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


@pytest.mark.slow
def test_disk_full_is_one_line_exit_9_and_a_rerun_with_space_completes(small_disk, corpus, tmp_path):
    uri = f"oxigraph:{small_disk / 'db'}"
    out = cli(*build_args(corpus, uri))
    line = assert_one_clear_line(out, StoreFull.exit_code, "scholarkg: error: ")
    assert "the disk is full" in line and "run the same command again" in line
    done = subprocess.run(["mount", "-o", "remount,size=256m", str(small_disk)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert cli(*build_args(corpus, uri)).returncode == 0
    assert cli(*build_args(corpus, f"oxigraph:{tmp_path / 'clean'}")).returncode == 0
    assert nquads(uri) == nquads(f"oxigraph:{tmp_path / 'clean'}")


# ------------------------------------------------------------------ Neo4j: the same faults

@pytest.fixture(scope="module")
def neo4j(tmp_path_factory):
    """A Neo4j server of this module's own (tests kill and restart it), with the password PASSWORD."""
    from neo4j_server import Neo4jServer

    server = Neo4jServer(tmp_path_factory.mktemp("neo4j-faults"), password=PASSWORD)
    try:
        yield server.start()
    finally:
        server.stop()


def neo4j_env(password: str | None):
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_PASSWORD", "NEO4J_USER", "SCHOLARKG_STORE")}
    return env | ({"NEO4J_PASSWORD": password} if password else {})


@pytest.mark.neo4j
def test_neo4j_down_or_wrong_port_is_one_line_exit_6(corpus):
    port = free_port()
    for uri in (f"bolt://neo4j:{PASSWORD}@127.0.0.1:{port}", f"neo4j://127.0.0.1:{port}"):
        line = assert_one_clear_line(cli(*build_args(corpus, uri), env=neo4j_env(PASSWORD)), StoreUnavailable.exit_code,
                                     f"scholarkg: error: cannot reach Neo4j at {uri.split(':', 1)[0]}://127.0.0.1:{port}")
        assert "`scholarkg neo4j start`" in line


@pytest.mark.neo4j
def test_neo4j_wrong_or_missing_password_is_one_line_exit_7_and_never_printed(neo4j, corpus):
    where = f"bolt://127.0.0.1:{neo4j.port}"
    cases = [(build_args(corpus, where), neo4j_env(None)),  # none
             (build_args(corpus, neo4j.uri("x" + PASSWORD)), neo4j_env(None)),  # wrong, in the URI
             (["stats", "--store", where], neo4j_env("not-" + PASSWORD))]  # wrong, in NEO4J_PASSWORD
    for args, env in cases:
        line = assert_one_clear_line(cli(*args, env=env), StoreAuthError.exit_code,
                                     f"scholarkg: error: cannot log in to Neo4j at {where} as 'neo4j': authentication failed")
        assert "NEO4J_PASSWORD" in line  # the next step
    time.sleep(6)  # Neo4j locks a user out for 5 s after 3 failed logins
    out = cli("stats", "--store", neo4j.uri(), "--format", "json", env=neo4j_env(None))
    assert out.returncode == 0, out.stderr
    assert PASSWORD not in out.stderr + out.stdout


def neo4j_papers(uri: str) -> int:
    with open_store(uri) as store:
        return store.stats()["nodes"].get("Paper", 0)


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_killed_mid_load_then_rerun_finishes_the_job(neo4j, corpus):
    uri = neo4j.uri()
    with open_store(uri) as store:
        store.clear()
    build = start_build(corpus, uri)
    deadline = time.monotonic() + 300
    while neo4j_papers(uri) < 150:
        assert build.poll() is None, "the build ended before the fault was injected"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    neo4j.kill()
    stdout, stderr = build.communicate(timeout=300)  # the driver retries for 30 s before it gives up
    out = subprocess.CompletedProcess(build.args, build.returncode, stdout, stderr)
    line = assert_one_clear_line(out, StoreUnavailable.exit_code,
                                 f"scholarkg: error: lost Neo4j at bolt://127.0.0.1:{neo4j.port}")
    assert "run the same command again" in line
    neo4j.start()  # same port, same data: Neo4j recovers what was committed from its transaction log
    assert 0 < neo4j_papers(uri) < 555
    assert cli(*build_args(corpus, uri)).returncode == 0
    rerun = graph_of(uri)
    with open_store(uri) as store:
        store.clear()
    assert cli(*build_args(corpus, uri)).returncode == 0
    assert graph_of(uri) == rerun

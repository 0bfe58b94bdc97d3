"""`scholarkg neo4j start|stop|status` against the real Neo4j 5 launcher: a graph built into it survives a stop and a
start, the password is never printed, the Browser's files are served; a machine without Java or Maven gets one line
naming what is missing."""
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from scholarkg.servers import neo4j as neo4j_server
from servers import free_port

from test_build import EXAMPLE

SCHOLARKG = [sys.executable, "-m", "scholarkg.cli"]


def run(*args, env=None, timeout=900):
    return subprocess.run([*SCHOLARKG, *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture
def data_dir(tmp_path):
    """A data directory whose server, if a test started one, is stopped afterwards whatever happened."""
    folder = tmp_path / "neo4j-data"
    yield folder
    state = neo4j_server.status(folder)
    if state.running:
        neo4j_server.stop(folder, timeout=120)


@pytest.mark.neo4j
@pytest.mark.slow
def test_start_build_status_stop_and_the_data_survives(data_dir, monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    port, browser = free_port(), free_port()
    done = run("neo4j", "start", "--dir", data_dir, "--port", port, "--browser-port", browser, "--heap", "512m",
               env={k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"})
    assert done.returncode == 0, done.stderr
    uri = f"bolt://127.0.0.1:{port}"
    assert f"store URI  {uri}" in done.stdout and f"bolt port  {port} (127.0.0.1)" in done.stdout
    password = (data_dir / "password").read_text().strip()
    assert len(password) >= 16 and (data_dir / "password").stat().st_mode & 0o077 == 0
    assert password not in done.stdout + done.stderr
    assert f"export NEO4J_PASSWORD=$(cat {data_dir.resolve()}/password)" in done.stdout
    pid = int((data_dir / "neo4j.pid").read_text())

    page = urllib.request.urlopen(f"http://127.0.0.1:{browser}/browser/", timeout=30).read().decode()
    assert "<html" in page.lower() and "neo4j" in page.lower()
    request = urllib.request.Request(f"http://127.0.0.1:{browser}/", headers={"Accept": "application/json"})
    assert json.loads(urllib.request.urlopen(request, timeout=30).read())["bolt_direct"] == uri

    env = {**os.environ, "NEO4J_PASSWORD": password}
    assert run("build", EXAMPLE, "--store", uri, "--no-extract", "-q", env=env).returncode == 0
    stats = json.loads(run("stats", "--store", uri, "--format", "json", env=env).stdout)
    assert stats["nodes"]["Paper"] == 9
    out = run("neo4j", "status", "--dir", data_dir)
    assert out.returncode == 0 and f"Neo4j is running (pid {pid})" in out.stdout
    state = json.loads(run("neo4j", "status", "--dir", data_dir, "--format", "json").stdout)
    assert state["running"] and state["pid"] == pid and state["port"] == port and state["uri"] == uri

    out = run("neo4j", "stop", "--dir", data_dir)
    assert out.returncode == 0 and f"Neo4j stopped (pid {pid}, port {port})" in out.stdout
    assert not (data_dir / "neo4j.pid").exists()
    out = run("neo4j", "status", "--dir", data_dir)
    assert out.returncode == 1 and "Neo4j is not running" in out.stdout
    out = run("neo4j", "stop", "--dir", data_dir)
    assert out.returncode == 0 and "nothing to stop" in out.stderr

    out = run("neo4j", "start", "--dir", data_dir, "--heap", "512m", env=env)  # the port it had: the URI stays valid
    assert out.returncode == 0 and f"store URI  {uri}" in out.stdout, out.stderr
    assert json.loads(run("stats", "--store", uri, "--format", "json", env=env).stdout) == stats
    again = run("neo4j", "start", "--dir", data_dir)
    assert again.returncode == 0 and "Neo4j was already running" in again.stdout


def test_without_java_or_maven_one_line_names_what_is_missing(tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    env = {**os.environ, "PATH": str(bare)}
    out = run("neo4j", "start", "--dir", tmp_path / "d", env=env)
    assert out.returncode == 2
    [line] = out.stderr.splitlines()
    assert line.startswith("scholarkg: error: running Neo4j without Docker needs Java 17+ (no `java` on PATH) and "
                           "Maven (no `mvn` on PATH)"), line
    assert not (tmp_path / "d" / "neo4j.pid").exists()

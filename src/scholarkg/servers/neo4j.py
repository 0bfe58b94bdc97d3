"""A local Neo4j Community 5 server without Docker: a small Java launcher (``neo4j_launcher/``: a ``pom.xml`` and one
class) built with Maven from Maven Central, run as a background process that keeps its databases, logs, pid file and
password in one data directory.

The launcher embeds the DBMS (``org.neo4j:neo4j``) with a Bolt connector (``org.neo4j:neo4j-bolt``) on a loopback
port and authentication on; the same classpath carries the import tool (``org.neo4j:neo4j-import-tool``, run as
``neo4j-admin database import full``) and the Neo4j Browser's static files (``org.neo4j.client:neo4j-browser``),
which the launcher serves on ``--browser-port``. The build goes to ``~/.cache/scholarkg/neo4j-launcher-<hash>``
(``SCHOLARKG_CACHE`` moves it) and the jars to Maven's own ``~/.m2``, so it happens once per machine and version.

>>> launcher_command(Path("/kg/neo4j"), 7687, classpath="/c/l.jar", java="java", heap="1g")[-4:]
['--home', '/kg/neo4j', '--bolt-port', '7687']
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, StoreError
from ._process import free_port, log_tail, pid_alive, port_in_use, runs
from ..resources import PACKAGE_DIR

LAUNCHER_SOURCE = PACKAGE_DIR / "neo4j_launcher"
MAIN_CLASS = "org.scholarkg.neo4j.Launcher"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"  # what the `neo4j-admin` script of a Neo4j distribution runs
DEFAULT_BOLT_PORT = 7687
DEFAULT_DIR = "neo4j-data"
DEFAULT_HEAP = "1g"
DEFAULT_PAGE_CACHE = "256m"  # Neo4j's cache of store files, outside the heap
PID_FILE, LOG_FILE, STATE_FILE, PASSWORD_FILE = "neo4j.pid", "neo4j.log", "neo4j.json", "password"
READY_LINE = "scholarkg-neo4j ready"
MIN_JAVA = 17


def cache_root() -> Path:
    """Where builds are cached: ``$SCHOLARKG_CACHE``, else ``$XDG_CACHE_HOME/scholarkg``, else ``~/.cache/scholarkg``."""
    if os.environ.get("SCHOLARKG_CACHE"):
        return Path(os.environ["SCHOLARKG_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "scholarkg"


def java_major(java: str) -> int | None:
    """The major version of ``java`` (``java -version`` prints e.g. ``openjdk version "17.0.15"``)."""
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not found:
        return None
    major = int(found[1])
    return int(found[2] or 0) if major == 1 else major  # "1.8.0" is Java 8


def missing_tools() -> list[str]:
    """What this machine lacks to run the launcher: empty when Java 17+ and Maven are on PATH."""
    missing = []
    java = shutil.which("java")
    if java is None:
        missing.append(f"Java {MIN_JAVA}+ (no `java` on PATH)")
    else:
        major = java_major(java)
        if major is None or major < MIN_JAVA:
            missing.append(f"Java {MIN_JAVA}+ (`java` on PATH is version {major or 'unknown'})")
    if shutil.which("mvn") is None:
        missing.append("Maven (no `mvn` on PATH)")
    return missing


def require_tools() -> None:
    missing = missing_tools()
    if missing:
        raise ConfigError("running Neo4j without Docker needs " + " and ".join(missing) +
                          "; install them (Debian: apt-get install openjdk-17-jdk-headless maven) or use "
                          "docker/compose.yml")


def _source_files() -> list[Path]:
    return sorted(p for p in LAUNCHER_SOURCE.rglob("*") if p.is_file() and p.suffix in (".xml", ".java"))


def launcher_dir() -> Path:
    """The build folder of this version of the launcher (named by a hash of its pom and sources)."""
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(str(path.relative_to(LAUNCHER_SOURCE)).encode() + b"\0" + path.read_bytes())
    return cache_root() / f"neo4j-launcher-{digest.hexdigest()[:12]}"


def _built(folder: Path) -> str | None:
    marker = folder / "classpath.done"
    return marker.read_text(encoding="utf-8").strip() if marker.is_file() else None


def launcher_classpath() -> str | None:
    """The launcher's classpath when it is built, else None."""
    return _built(launcher_dir())


def build_launcher() -> str:
    """Build the launcher with Maven (once; later calls return the cached result) and return its classpath.

    Maven downloads Neo4j's jars from Maven Central into ``~/.m2`` the first time (~145 MB). Two processes
    building at once take turns on a lock file; a failed build names its log.
    """
    require_tools()
    folder = launcher_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = _built(folder)
        if done:
            return done
        work = folder / "src-copy"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(LAUNCHER_SOURCE, work)
        log = folder / "build.log"
        with open(log, "w", encoding="utf-8") as out:
            proc = subprocess.run(["mvn", "-B", "-q", "package", "dependency:build-classpath",
                                   "-Dmdep.outputFile=classpath.txt", "-Dmdep.includeScope=runtime"],
                                  cwd=work, stdout=out, stderr=subprocess.STDOUT)
        if proc.returncode != 0:
            raise StoreError(f"building the Neo4j launcher with Maven failed (exit {proc.returncode}){log_tail(log)}")
        jar = next((work / "target").glob("scholarkg-neo4j-launcher-*.jar"))
        classpath = os.pathsep.join([str(jar), (work / "classpath.txt").read_text(encoding="utf-8").strip()])
        (folder / "classpath.done").write_text(classpath + "\n", encoding="utf-8")
        return classpath


def launcher_command(home: Path, bolt_port: int, *, classpath: str, java: str = "java", heap: str = DEFAULT_HEAP,
                     browser_port: int | None = None, page_cache: str = DEFAULT_PAGE_CACHE) -> list[str]:
    """The command line that runs the server of ``home`` (the password travels in the environment, not here)."""
    command = [java, f"-Xmx{heap}", "-XX:+UseG1GC", "-cp", classpath, MAIN_CLASS, "--page-cache", page_cache]
    if browser_port:
        command += ["--browser-port", str(browser_port)]
    return command + ["--home", str(home), "--bolt-port", str(bolt_port)]


def admin_command(classpath: str, *, java: str = "java", heap: str = DEFAULT_HEAP) -> list[str]:
    """``neo4j-admin`` from the import tool on the launcher's classpath (needs ``NEO4J_HOME`` in the environment)."""
    return [java, f"-Xmx{heap}", "-cp", classpath, ADMIN_CLASS]


def write_admin_script(path: Path, classpath: str, *, heap: str = DEFAULT_HEAP) -> Path:
    """A ``neo4j-admin`` shell script at ``path`` running the import tool (what ``import.sh`` calls)."""
    words = " ".join(f"'{w}'" for w in admin_command(classpath, java=shutil.which("java") or "java", heap=heap))
    path.write_text(f"#!/bin/sh\n# neo4j-admin from org.neo4j:neo4j-import-tool (written by scholarkg)\nexec {words} \"$@\"\n",
                    encoding="utf-8")
    path.chmod(0o755)
    return path


def wait_ready(log: Path, *, alive, timeout: float) -> None:
    """Wait until the launcher writing ``log`` says it is ready; ``alive()`` says whether it still runs."""
    deadline = time.monotonic() + timeout
    while True:
        if log.is_file() and READY_LINE in log.read_text(encoding="utf-8", errors="replace"):
            return
        if not alive():
            raise StoreError(f"the Neo4j server exited during start-up{log_tail(log)}")
        if time.monotonic() > deadline:
            raise StoreError(f"the Neo4j server was not ready within {timeout:.0f} s{log_tail(log)}")
        time.sleep(0.2)


def spawn(home: Path, bolt_port: int, password: str, *, log: Path, heap: str = DEFAULT_HEAP,
          page_cache: str = DEFAULT_PAGE_CACHE, browser_port: int | None = None, detach: bool = True) -> subprocess.Popen:
    """Start the launcher on ``home`` in the background, its output going to ``log``; returns the process."""
    command = launcher_command(home, bolt_port, classpath=build_launcher(), java=shutil.which("java") or "java",
                               heap=heap, browser_port=browser_port, page_cache=page_cache)
    env = {**os.environ, "SCHOLARKG_NEO4J_PASSWORD": password}
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=detach)


@dataclass
class ServerState:
    """The Neo4j server of one data directory, as ``status`` reports it."""

    data_dir: Path
    running: bool
    port: int | None = None
    pid: int | None = None
    browser_port: int | None = None
    stale_pid: int | None = None  # a pid file naming a process that is gone

    @property
    def uri(self) -> str | None:
        return f"bolt://127.0.0.1:{self.port}" if self.port else None

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "data_dir": str(self.data_dir), "uri": self.uri}


def _saved(data_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((data_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def status(data_dir: str | Path = DEFAULT_DIR) -> ServerState:
    """Whether the server of ``data_dir`` runs, with its pid and ports."""
    data_dir = Path(data_dir).resolve()
    saved = _saved(data_dir)
    state = ServerState(data_dir, running=False, port=saved.get("port"), browser_port=saved.get("browser_port"))
    try:
        pid = int((data_dir / PID_FILE).read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):
        return state
    if pid_alive(pid) and runs(pid, MAIN_CLASS.encode()):
        state.running, state.pid = True, pid
    else:
        state.stale_pid = pid
    return state


def password_of(data_dir: Path) -> str:
    """The password of ``data_dir``'s server: ``NEO4J_PASSWORD`` when set, else the one kept in ``DIR/password``
    (made up, and readable by its owner only, at the first start)."""
    if os.environ.get("NEO4J_PASSWORD"):
        return os.environ["NEO4J_PASSWORD"]
    path = data_dir / PASSWORD_FILE
    if not path.is_file():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(18) + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


def start(data_dir: str | Path = DEFAULT_DIR, port: int | None = None, *, browser_port: int | None = None,
          heap: str = DEFAULT_HEAP, page_cache: str = DEFAULT_PAGE_CACHE,
          timeout: float = 300.0) -> tuple[ServerState, bool, list[str]]:
    """Start the server of ``data_dir`` on loopback ``port`` (None: the port it used last, else 7687; 0: a free
    one) and wait until clients can log in. Returns its state, whether this call started it, and notes."""
    data_dir = Path(data_dir).resolve()
    require_tools()
    data_dir.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    current = status(data_dir)
    if current.running:
        if port and port != current.port:
            notes.append(f"it already runs on port {current.port}, so --port {port} was not applied")
        return current, False, notes
    if current.stale_pid is not None:
        (data_dir / PID_FILE).unlink(missing_ok=True)
        notes.append(f"removed a stale pid file (process {current.stale_pid} is not running)")
    if port is None:
        port = _saved(data_dir).get("port") or DEFAULT_BOLT_PORT
    port = port or free_port()
    for what, p in (("port", port), ("browser port", browser_port)):
        if p and port_in_use(p):
            raise ConfigError(f"{what} {p} is in use by another program; choose another with "
                              f"--{what.replace(' ', '-')} N (0 picks a free one)")
    if browser_port == 0:
        browser_port = free_port()
    log = data_dir / LOG_FILE
    log.write_text("", encoding="utf-8")
    proc = spawn(data_dir / "home", port, password_of(data_dir), log=log, heap=heap, page_cache=page_cache,
                 browser_port=browser_port)
    (data_dir / PID_FILE).write_text(f"{proc.pid}\n", encoding="utf-8")
    (data_dir / STATE_FILE).write_text(json.dumps({"port": port, "browser_port": browser_port}), encoding="utf-8")
    try:
        wait_ready(log, alive=lambda: proc.poll() is None, timeout=timeout)
    except StoreError:
        if proc.poll() is None:
            proc.kill()
        (data_dir / PID_FILE).unlink(missing_ok=True)
        raise
    return status(data_dir), True, notes


def stop(data_dir: str | Path = DEFAULT_DIR, *, timeout: float = 120.0) -> tuple[ServerState, list[str]]:
    """Stop the server of ``data_dir`` cleanly (SIGTERM: Neo4j checkpoints and closes its stores)."""
    data_dir = Path(data_dir).resolve()
    state = status(data_dir)
    if not state.running:
        notes = ["not running"]
        if state.stale_pid is not None:
            (data_dir / PID_FILE).unlink(missing_ok=True)
            notes.append(f"removed a stale pid file (process {state.stale_pid} is not running)")
        return state, notes
    assert state.pid is not None  # a running server has one
    os.kill(state.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while pid_alive(state.pid):
        if time.monotonic() > deadline:
            raise StoreError(f"Neo4j (pid {state.pid}) did not exit within {timeout:.0f} s of SIGTERM; "
                             f"`kill -9 {state.pid}` ends it (the next start recovers from its transaction log)")
        time.sleep(0.2)
    (data_dir / PID_FILE).unlink(missing_ok=True)
    return state, []

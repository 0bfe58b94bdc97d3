"""A real Neo4j 5 server for tests: the launcher of ``scholarkg.servers.neo4j`` (built with Maven on first use) with
Bolt on a free loopback port, authentication on with ``PASSWORD``, and its own data directory.

``neo4j_uri`` (a session fixture, hooked in conftest.py) is one server shared by every test marked ``neo4j``
(Neo4j Community holds one user database, so tests clear it before use); tests that kill or restart a server make
their own ``Neo4jServer``. ``NEO4J_URI`` (with ``NEO4J_PASSWORD``) points the tests at a server of your own instead.
"""
from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from scholarkg.servers import neo4j as neo4j_server
from servers import free_port

PASSWORD = "scholarkg-test-Pa55"
START_TIMEOUT = 600.0  # a cold JVM on a busy 2-core machine takes a minute or more


def unavailable() -> str | None:
    """Why the Neo4j tests cannot run here, or None."""
    if os.environ.get("NEO4J_URI"):
        return None
    missing = neo4j_server.missing_tools()
    return ("no NEO4J_URI, and no " + " and no ".join(missing)) if missing else None


class Neo4jServer:
    """One launcher process on ``folder``; tests may kill it and start it again on the same port and data."""

    def __init__(self, folder: Path, *, password: str = PASSWORD, heap: str = "1g"):
        self.folder, self.password, self.heap = Path(folder), password, heap
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.browser_port: int | None = None
        self.folder.mkdir(parents=True, exist_ok=True)

    @property
    def log(self) -> Path:
        return self.folder / "neo4j.log"

    def start(self, browser_port: int | None = None) -> "Neo4jServer":
        self.log.write_text("", encoding="utf-8")
        self.proc = neo4j_server.spawn(self.folder / "home", self.port, self.password, log=self.log, heap=self.heap,
                                       browser_port=browser_port, detach=False)
        proc = self.proc
        neo4j_server.wait_ready(self.log, alive=lambda: proc.poll() is None, timeout=START_TIMEOUT)
        return self

    def kill(self) -> None:
        """SIGKILL: no clean shutdown; the next start recovers from the transaction log."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(120)
            except subprocess.TimeoutExpired:
                self.kill()

    def uri(self, password: str | None = None, user: str = "neo4j") -> str:
        return f"bolt://{user}:{password or self.password}@127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"


SESSION: dict[str, Neo4jServer] = {}  # "server": the session's server while it runs


def shared_server_uri(tmp_path_factory):
    """The URI of the session's server (``NEO4J_URI`` when set), started on first use and stopped at the end; it
    also serves the Neo4j Browser (``browser_port``)."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    server = Neo4jServer(tmp_path_factory.mktemp("neo4j"))
    server.browser_port = free_port()
    try:
        SESSION["server"] = server.start(browser_port=server.browser_port)
        yield server.uri()
    finally:
        SESSION.pop("server", None)
        server.stop()

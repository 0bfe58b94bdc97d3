"""What the local servers share: free ports, process checks and log tails."""
from __future__ import annotations

import os
import socket
from pathlib import Path


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """True when something accepts connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def log_tail(log: Path | None, lines: int = 5) -> str:
    """The last ``lines`` of ``log`` as " (log PATH: a | b | c)", for an error message; "" without a log."""
    if log is None or not log.is_file():
        return ""
    tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-lines:]
    return f" (log {log}: " + " | ".join(line.strip() for line in tail) + ")"


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but someone else's
        return True
    try:  # an exited daemon whose parent has not reaped it yet still answers kill(0)
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def runs(pid: int, marker: bytes) -> bool:
    """Whether process ``pid`` runs a command line holding ``marker`` (True where /proc cannot say)."""
    try:
        return marker in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True

"""A real headless Chromium driven over the DevTools protocol, for testing pages as a person sees them.

The protocol runs over ``--remote-debugging-pipe`` (JSON messages ending in NUL on file descriptors 3 and 4),
so no port is opened and nothing but the standard library is needed.

    with Browser() as browser:
        page = browser.open(Path("graph.html"), width=1200, height=850)
        page.evaluate("document.querySelectorAll('g.node').length")
        page.screenshot(Path("docs/graph.png"))
        page.console_errors   # console.error calls, uncaught exceptions, failed loads
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from scholarkg.viz.png import find_chromium


class BrowserError(RuntimeError):
    pass


class Browser:
    def __init__(self, timeout: float = 30.0):
        self.binary = find_chromium()
        if not self.binary:
            raise BrowserError("no Chromium on the PATH: apt-get install chromium")
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="scholarkg-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire():  # in the child: the protocol wants its pipes on fds 3 (in) and 4 (out)
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [self.binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
             "--remote-debugging-pipe", f"--user-data-dir={self._profile}", "about:blank"],
            close_fds=False, preexec_fn=wire,  # Python's own fds are not inheritable; 3 and 4 are
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    # -- protocol ------------------------------------------------------------------------------------------------
    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise BrowserError(f"{method}: no answer within {self.timeout} s")

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise BrowserError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def wait_event(self, method: str, session: str, seen: int = 0) -> dict:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            for event in self.events[seen:]:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            seen = len(self.events)
            self.events.append(self._read())
        raise BrowserError(f"no {method} within {self.timeout} s")

    # -- pages ---------------------------------------------------------------------------------------------------
    def open(self, path: Path | str, width: int = 1200, height: int = 850) -> "Page":
        """A new tab showing ``path`` (a file) or a URL given as a string."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=session)
        seen = len(self.events)
        url = path if isinstance(path, str) else Path(path).resolve().as_uri()
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_event("Page.loadEventFired", session, seen)
        return Page(self, session, seen)

    def close(self) -> None:
        try:
            os.write(self._to_child, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
            self.proc.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(10)
        finally:
            os.close(self._to_child)
            os.close(self._from_child)
            shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Page:
    def __init__(self, browser: Browser, session: str, first_event: int):
        self.browser, self.session, self.first_event = browser, session, first_event

    def evaluate(self, expression: str):
        result = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                        "awaitPromise": True}, session=self.session)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def mouse(self, kind: str, x: float, y: float, button: str = "none") -> None:
        self.browser.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": button,
                                                       "buttons": 1 if button == "left" and kind != "mouseReleased" else 0,
                                                       "clickCount": 1 if button == "left" else 0},
                          session=self.session)

    def screenshot(self, out: Path) -> Path:
        data = self.browser.send("Page.captureScreenshot", {"format": "png"}, session=self.session)["data"]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(data))
        return out

    @property
    def console_errors(self) -> list[str]:
        """Everything the page reported as an error: console.error/assert, uncaught exceptions, log errors (a
        failed network load, a blocked resource)."""
        self.evaluate("0")  # let queued events arrive
        out = []
        for event in self.browser.events[self.first_event:]:
            if event.get("sessionId") != self.session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.append("console: " + " ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                out.append("exception: " + str(details.get("exception", {}).get("description") or details.get("text")))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                out.append(f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}".strip())
        return out

    @property
    def requests_outside(self) -> list[str]:
        """Resources the page asked for that are not file:// or data: (a page must need no network)."""
        return self.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(u => !u.startsWith('file:') && !u.startsWith('data:'))")

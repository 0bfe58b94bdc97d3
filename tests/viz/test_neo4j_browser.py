"""The Neo4j Browser (org.neo4j.client:neo4j-browser, served by the Neo4j test server's launcher) in a real headless
Chromium, logged in to the test server over Bolt: our style.grass applied with `:style`, a co-author neighbourhood
drawn in its colours, and our guide played with `:play`. With SCHOLARKG_SCREENSHOTS=1 the screenshots go to docs/
(shown in the README)."""
from __future__ import annotations

import functools
import json
import os
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from browser import Browser
from conftest import ROOT, SHARED
from neo4j_server import SESSION
from scholarkg.build import build
from scholarkg.stores import open_store
from scholarkg.viz.png import find_chromium

DOCS = ROOT / "docs" if os.environ.get("SCHOLARKG_SCREENSHOTS") else Path(tempfile.mkdtemp(prefix="scholarkg-shots-"))
SCHEMA = ROOT / "src" / "scholarkg" / "schema" / "neo4j"
AUTHOR_COLOUR = "#3B6FB6"  # node.Author in style.grass
NEIGHBOURHOOD = ("MATCH p = (a:Author {name: 'Roger Grosse'})-[:AUTHORED]->(:Paper)<-[:AUTHORED]-(:Author) "
                 "RETURN p LIMIT 40")

pytestmark = [pytest.mark.neo4j, pytest.mark.shared, pytest.mark.slow]


class _SchemaFiles(SimpleHTTPRequestHandler):
    """schema/neo4j/ over HTTP with the CORS headers the Browser's fetch of a guide or style asks for."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def do_OPTIONS(self) -> None:  # the preflight of the Browser's fetch
        self.send_response(200)
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, OPTIONS")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def schema_url():
    """schema/neo4j/ served on localhost (the host the Browser's default allowlist lets guides and styles come from)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SchemaFiles, directory=str(SCHEMA)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser_page(neo4j_uri):
    server = SESSION.get("server")
    if server is None or not server.browser_port:
        pytest.skip("NEO4J_URI names a server of your own: the Browser test needs the launcher's Browser port")
    if not find_chromium():
        pytest.skip("no Chromium on this machine: apt-get install chromium")
    with open_store(neo4j_uri) as store:
        store.clear()
        store.ensure_schema()
        build([SHARED / "seeds"], store, extract=False)  # authors and papers are all the pictures need
    with Browser(timeout=60) as chromium:
        page = chromium.open(f"http://127.0.0.1:{server.browser_port}/browser/?dbms={server.address}",
                             width=1400, height=900)
        connect(page, "neo4j", server.password)
        yield page


def connect(page, user: str, password: str, attempts: int = 3) -> None:
    """Log in through the Browser's connect form. The form renders before it settles (it fills itself from
    ``?dbms=`` and may re-render, dropping what was typed), so type, check the fields hold it, and try again."""
    for attempt in range(1, attempts + 1):
        wait(page, "!!document.querySelector('[data-testid=password]')")
        time.sleep(1)
        type_into(page, "[data-testid=username]", user)
        type_into(page, "[data-testid=password]", password)
        held = page.evaluate("[document.querySelector('[data-testid=username]').value,"
                             " document.querySelector('[data-testid=password]').value]")
        if held != [user, password]:
            continue
        click(page, "[data-testid=connect]")
        try:
            wait(page, "document.body.innerText.includes('You are connected')", 20 if attempt < attempts else 60)
            return
        except AssertionError:
            if attempt == attempts:
                raise
    raise AssertionError(f"the connect form never held what was typed after {attempts} attempts")


def click(page, selector: str) -> None:
    x, y = page.evaluate(f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                         " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    page.mouse("mousePressed", x, y, "left")
    page.mouse("mouseReleased", x, y, "left")


def type_into(page, selector: str, text: str) -> None:
    """Type ``text`` over what the field holds (selected first, so typing replaces it)."""
    page.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.focus();"
                  " if (e.select) e.select(); })()")
    page.browser.send("Input.insertText", {"text": text}, session=page.session)


def wait(page, expression: str, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        time.sleep(0.3)
    said = page.evaluate("document.body.innerText") or ""
    raise AssertionError(f"not true within {seconds:.0f} s: {expression}; the page says: {said[:600]!r}")


def run(page, command: str) -> None:
    """Type ``command`` into the Browser's editor and run it."""
    type_into(page, "[data-testid=activeEditor] textarea", command)
    click(page, "[data-testid=editor-Run]")


def test_coauthor_neighbourhood_in_our_style(browser_page, schema_url):
    page = browser_page
    run(page, f":style {schema_url}/style.grass")
    wait(page, "document.querySelector('[data-testid=frame]')?.innerText.includes('node.Author')")
    run(page, ":clear")
    run(page, NEIGHBOURHOOD)
    nodes = wait(page, "document.querySelectorAll('g.node').length > 10 && document.querySelectorAll('g.node').length")
    assert nodes > 10
    time.sleep(5)  # let the layout settle
    fills = page.evaluate("[...document.querySelectorAll('g.node circle')].map(c => (c.getAttribute('fill') || '')"
                          ".toUpperCase())")
    assert fills.count(AUTHOR_COLOUR) >= 10, set(fills)  # the authors drawn in style.grass's colour
    overview = page.evaluate("document.querySelector('[data-testid=frame]').innerText")
    assert "Author" in overview and "Paper" in overview and "AUTHORED" in overview
    page.screenshot(DOCS / "neo4j-browser-coauthors.png")


def test_our_guide_plays(browser_page, schema_url):
    page = browser_page
    run(page, ":clear")
    run(page, f":play {schema_url}/guide.html")
    wait(page, "document.querySelector('[data-testid=frame]')?.innerText.includes('A knowledge graph of research papers')")
    assert page.evaluate("document.querySelector('[data-testid=frame]').innerText").count("scholarkg") >= 1
    text = page.evaluate("document.querySelector('[data-testid=frame]').innerText")
    assert "1 / 9" in text and "MATCH (n) RETURN labels(n)[0] AS label" in text, text[:300]  # 9 slides, runnable
    time.sleep(2)
    page.screenshot(DOCS / "neo4j-browser-guide.png")

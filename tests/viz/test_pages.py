"""The pictures as a person uses them: `scholarkg viz` and `scholarkg report` run on the seeds graph, each page
opened offline in a real headless Chromium (no console errors, nothing fetched, the expected nodes drawn, hover
and drag work), and screenshots saved into docs/ for the README."""
import os
import tempfile
import subprocess
import sys
import time
from pathlib import Path

import pytest

from browser import Browser
from conftest import ROOT, SHARED
from scholarkg.catalog import run_query
from scholarkg.stores import open_store
from scholarkg.viz.png import find_chromium

pytestmark = pytest.mark.shared
# Screenshots go to docs/ (the README shows them) only when asked: SCHOLARKG_SCREENSHOTS=1 scripts/test tests/viz.
# Otherwise a run would leave the working tree changed.
DOCS = ROOT / "docs" if os.environ.get("SCHOLARKG_SCREENSHOTS") else Path(tempfile.mkdtemp(prefix="scholarkg-shots-"))


def scholarkg(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "scholarkg.cli", *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def store_uri(tmp_path_factory):
    uri = f"oxigraph:{tmp_path_factory.mktemp('seeds') / 'kg.db'}"
    scholarkg("build", str(ROOT / "examples" / "profile-listing.txt"), str(SHARED / "seeds"), "--store", uri, "-q")
    return uri


@pytest.fixture(scope="module")
def browser():
    if not find_chromium():
        pytest.skip("no Chromium on this machine: apt-get install chromium")
    with Browser() as b:
        yield b


def node_centre(page, node_id: str) -> tuple[float, float]:
    return tuple(page.evaluate(
        f"(() => {{ const r = document.querySelector('g.node[data-id=\"{node_id}\"] circle').getBoundingClientRect();"
        " return [r.x + r.width / 2, r.y + r.height / 2]; })()"))


def drawn_nodes(page) -> dict[str, str]:
    """data-id -> label of every node drawn with a visible circle inside the window."""
    return page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('g.node')].filter(g => {"
        " const r = g.querySelector('circle').getBoundingClientRect();"
        " return r.width > 4 && r.x >= 0 && r.y >= 0 && r.right <= innerWidth && r.bottom <= innerHeight; })"
        ".map(g => [g.dataset.id, g.querySelector('text.label').textContent]))")


def test_coauthor_page_draws_the_network_offline_with_hover_and_drag(store_uri, browser, tmp_path):
    out = tmp_path / "grosse.html"
    done = scholarkg("viz", "coauthors", "Roger Grosse", "--hops", "2", "--max-nodes", "40", "--out", str(out),
                     "--store", store_uri, "-q")
    assert "wrote" in done.stderr and "40 authors" in done.stderr
    page = browser.open(out, width=1280, height=860)
    assert page.evaluate("document.documentElement.dataset.graphReady") == "40"
    nodes = drawn_nodes(page)
    assert len(nodes) == 40
    with open_store(store_uri) as store:
        coauthors = run_query(store, "coauthors", {"author": "Roger Grosse"})
        bae_papers = run_query(store, "author-papers", {"author": "Juhan Bae"})
    strongest = [r["coauthor"] for r in coauthors[:10]]
    assert nodes["roger-grosse"] == "Roger Grosse" and set(strongest) <= set(nodes.values())

    x, y = node_centre(page, "juhan-bae")
    page.mouse("mouseMoved", x, y)
    tip = page.evaluate("[document.getElementById('tooltip').hidden, document.getElementById('tooltip').innerText]")
    assert tip[0] is False and tip[1].startswith("Juhan Bae — ") and bae_papers[0]["title"] in tip[1]
    faded = page.evaluate("document.querySelectorAll('g.node.faded').length")
    assert 0 < faded < 40  # the hovered author's neighbourhood stays in focus
    page.screenshot(DOCS / "viz-coauthors.png")

    before = dict(zip(nodes, (node_centre(page, n) for n in nodes)))
    page.mouse("mousePressed", x, y, button="left")
    for step in range(1, 11):
        page.mouse("mouseMoved", x + 12 * step, y + 8 * step, button="left")
    page.mouse("mouseReleased", x + 120, y + 80, button="left")
    time.sleep(1.0)  # let the force layout run a few frames
    after = {n: node_centre(page, n) for n in nodes}
    assert after["juhan-bae"][0] > before["juhan-bae"][0] + 60
    moved = [n for n in nodes if n != "juhan-bae" and abs(after[n][1] - before[n][1]) + abs(after[n][0] - before[n][0]) > 1]
    assert moved  # the layout answered the drag
    assert page.evaluate("document.querySelector('g.node[data-id=\"juhan-bae\"]').classList.contains('pinned')")
    assert page.console_errors == [] and page.requests_outside == []


LINEAGE_CANDIDATES = ["Generalized IWAE", "influence functions", "annealed importance sampling", "Adam"]


def test_lineage_page_shows_methods_over_time(store_uri, browser, tmp_path):
    with open_store(store_uri) as store:  # the seed method with the longest lineage the extractor found
        found = {m: run_query(store, "method-lineage", {"method": m}) for m in LINEAGE_CANDIDATES}
        method = max(LINEAGE_CANDIDATES, key=lambda m: len(found[m]))
        names = [method] + [r["method"] for r in found[method]]
        years = {}
        for name in names:
            rows = run_query(store, "who-introduced", {"method": name})
            years[name] = rows[0]["year"] if rows else None
    assert len(names) > 1, "no seed method has EXTENDS/USES edges"
    out = tmp_path / "lineage.html"
    scholarkg("viz", "lineage", method, "--out", str(out), "--store", store_uri, "-q")
    page = browser.open(out, width=1100, height=640)
    drawn = drawn_nodes(page)
    assert sorted(drawn.values(), key=str.lower) == sorted(names, key=str.lower)
    x = {label: node_centre(page, key)[0] for key, label in drawn.items()}
    dated = sorted((y, name) for name, y in years.items() if y is not None)
    for (y1, a), (y2, b) in zip(dated, dated[1:]):  # left to right in time; same year, same column
        assert (x[a] < x[b]) if y1 < y2 else (x[a] == x[b]), (a, y1, b, y2)
    for name in (n for n, y in years.items() if y is None):
        assert all(x[name] < x[d] for _, d in dated)  # year unknown: the column at the left
    arrows = page.evaluate("[...document.querySelectorAll('line.edge')].map(l => l.getAttribute('marker-end'))")
    assert len(arrows) >= len(names) - 1 and set(arrows) == {"url(#arrow)"}
    assert page.console_errors == [] and page.requests_outside == []
    page.screenshot(DOCS / "viz-lineage.png")


def test_report_page_has_every_section_with_the_graph_numbers(store_uri, browser, tmp_path):
    scholarkg("report", "--out", str(tmp_path / "report"), "--store", store_uri, "-q")
    page = browser.open(tmp_path / "report" / "index.html", width=1280, height=2750)
    with open_store(store_uri) as store:
        stats = store.stats()
        top = run_query(store, "prolific-authors", {"limit": 15})
    tiles = page.evaluate("[...document.querySelectorAll('#counts .tile b')].map(b => b.textContent)")
    assert tiles[0] == f"{stats['nodes']['Paper']:,}" and tiles[1] == f"{stats['nodes']['Author']:,}"
    bars = page.evaluate("[...document.querySelectorAll('#authors rect.bar')].map(r => r.getBoundingClientRect().width)")
    assert len(bars) == len(top) == 15 and bars == sorted(bars, reverse=True) and bars[0] > 100
    for section in ("collaborations", "organizations", "organization-collaborations", "methods-by-year",
                    "datasets-by-year"):
        assert page.evaluate(f"!!document.getElementById('{section}').querySelector('svg, p.note')"), section
    cells = page.evaluate("document.querySelectorAll('#methods-by-year rect.cell').length")
    assert cells == 10 * 11  # ten methods x the years 2015-2025
    assert page.console_errors == [] and page.requests_outside == []
    page.screenshot(DOCS / "report.png")


def test_png_and_svg_from_the_command_line(store_uri, tmp_path):
    scholarkg("viz", "coauthors", "Alexander A. Alemi", "--hops", "1", "--out", str(tmp_path / "alemi.svg"),
              "--store", store_uri, "-q")
    with open_store(store_uri) as store:
        coauthors = run_query(store, "coauthors", {"author": "Alexander A. Alemi"})
    assert (tmp_path / "alemi.svg").read_text().count('<g class="node') == 1 + min(len(coauthors), 59)
    scholarkg("viz", "coauthors", "Roger Grosse", "--max-nodes", "45", "--out", str(DOCS / "viz-coauthors-static.png"),
              "--store", store_uri, "-q")
    assert (DOCS / "viz-coauthors-static.png").read_bytes()[:4] == b"\x89PNG"


def test_neo4j_guide_renders_without_errors(browser):
    page = browser.open(ROOT / "src" / "scholarkg" / "schema" / "neo4j" / "guide.html", width=1100, height=900)
    slides = page.evaluate("document.querySelectorAll('slide').length")
    runnable = page.evaluate("[...document.querySelectorAll('pre.runnable')].map(p => p.textContent)")
    assert slides >= 5 and len(runnable) >= 8
    assert page.console_errors == [] and page.requests_outside == []
    page.screenshot(DOCS / "neo4j-guide.png")

"""Crash safety: `scholarkg build` killed with SIGKILL at random points, into Oxigraph, FalkorDB and Neo4j, then run
again: the graph equals a clean build (sorted N-Quads for Oxigraph, every node and edge for the property graphs).

Right after each kill the store is checked too: it opens, every source marked complete holds exactly what a clean
build gives it, and a source cut short holds whole batches only (a multiple of --batch-size papers).
"""
from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from crash_corpus import write_corpus
from scholarkg.stores import open_store
from servers import CYPHER_ENGINES

RUNS = int(os.environ.get("HARDENING_CRASH_RUNS", 5))
BATCH = 30
PAGES, PER_PAGE = 4, 150
# Oxigraph gets finished batches in groups (build.GROUP_BATCHES, 8); the kill tests write fewer per group (a group
# boundary inside every source), so kills land inside sources often enough for the whole-batch check to run
GROUP = os.environ.get("HARDENING_GROUP_BATCHES", "2")


@pytest.fixture(autouse=True)
def small_groups(monkeypatch):
    monkeypatch.setenv("SCHOLARKG_GROUP_BATCHES", GROUP)  # the builds these tests start inherit it


def build_cmd(corpus, uri):
    return [sys.executable, "-m", "scholarkg.cli", "build", str(corpus), "--store", uri, "--no-extract", "-q",
            "--batch-size", str(BATCH)]


def run_build(corpus, uri, expect: int = 0, extra: tuple[str, ...] = ()) -> float:
    """Run a whole build; returns the CPU seconds it took (a measure of progress that a busy machine does not
    stretch, unlike wall time)."""
    proc = subprocess.Popen(build_cmd(corpus, uri) + list(extra), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == expect, proc.stderr.read()
    return usage.ru_utime + usage.ru_stime


def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def kill_build_when(corpus, uri, due) -> bool:
    """Start a build and SIGKILL it as soon as ``due(pid)`` says so; True when it was still running then."""
    proc = subprocess.Popen(build_cmd(corpus, uri), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        while proc.poll() is None:
            try:
                if due(proc.pid):
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
                    return proc.returncode == -signal.SIGKILL
            except OSError:
                break
            time.sleep(0.01)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("crash") / "corpus", pages=PAGES, per_page=PER_PAGE)


# ------------------------------------------------------------------ what a store holds

def oxigraph_snapshot(uri):
    with open_store(uri) as store:
        buf = io.StringIO()
        store.dump(buf, "nq")
        sources = {s["key"]: bool(s["complete"]) for s in store.sources()}
    return buf.getvalue(), sources


# What the corpus-wide passes (author and method identity, ``stores.finish``) rewrite at the end of a build: a store
# killed before them holds these as its sources wrote them, so the per-source checks of a cut store leave them out;
# the re-run is still compared whole.
_REWRITTEN_AT_THE_END = ("/id/author/", "/id/authorship/", "/id/method/")


def settled(quads: set[str]) -> set[str]:
    return {q for q in quads if not any(part in q for part in _REWRITTEN_AT_THE_END)}


def per_source(nquads: str) -> dict[str, set[str]]:
    graphs: dict[str, set[str]] = {}
    for line in nquads.splitlines():
        graph = line.rsplit(" ", 2)[-2]
        graphs.setdefault(graph, set()).add(line)
    return graphs


def falkordb_snapshot(uri):
    with open_store(uri) as store:
        nodes, edges = store.iter_rows()
        sources = {s["key"]: bool(s["complete"]) for s in store.sources()}
    for row in nodes + edges:
        row["props"]["sources"] = sorted(row["props"].get("sources") or [])
    return json.dumps([nodes, edges], sort_keys=True, default=str), sources, nodes


def papers_of(nodes, key):
    """Papers that source ``key`` asserts (any source when None)."""
    return sum(1 for n in nodes if n["label"] == "Paper" and (key is None or key in n["props"]["sources"]))


def papers_in(store) -> int:
    return store.stats()["nodes"].get("Paper", 0)


# ------------------------------------------------------------------ the tests

@pytest.mark.slow
def test_kill_9_during_build_into_oxigraph_then_rerun_equals_clean(corpus, tmp_path):
    clean_uri = f"oxigraph:{tmp_path / 'clean'}"
    cpu = run_build(corpus, clean_uri)
    (tmp_path / "nothing").mkdir()
    # CPU before any loading: a build of nothing starts up (spaCy, the store code) and exits 3 without a store
    startup = run_build(tmp_path / "nothing", f"oxigraph:{tmp_path / 'empty'}", expect=3)
    # CPU up to the end of the loading: a build without the author identity stage, which runs after every source
    loaded = run_build(corpus, f"oxigraph:{tmp_path / 'loaded'}", extra=("--no-author-identity",))
    clean, clean_sources = oxigraph_snapshot(clean_uri)
    assert len(clean_sources) == PAGES and all(clean_sources.values())
    clean_graphs = per_source(clean)
    rng = random.Random(20260301)
    mid_job = cut_sources = run = 0
    # a build that finishes before its kill does not count as a crash run; and the runs go on until a kill has landed
    # inside a source (the loading is a short part of the build, so a few random kills may all miss it)
    while mid_job < RUNS or not cut_sources:
        run += 1
        assert run <= 4 * RUNS, (f"only {mid_job} of {run - 1} builds were still running at their kill, "
                                 f"{cut_sources} kills landed inside a source")
        uri = f"oxigraph:{tmp_path / f'crashed-{run}'}"
        # a random point of the build's CPU time: every other run within the loading (the stage after it takes a
        # good part of the whole, so kills drawn over the whole might all land after the last source)
        end = loaded if run % 2 else cpu
        at = startup + rng.uniform(0.05, 0.95) * (max(end, startup) - startup)
        if kill_build_when(corpus, uri, lambda pid, at=at: cpu_seconds(pid) >= at):
            mid_job += 1
        if (tmp_path / f"crashed-{run}").exists():
            partial, sources = oxigraph_snapshot(uri)  # the store opens after the kill
            graphs = per_source(partial)
            for key, complete in sources.items():
                graph = next(g for g in graphs if key in g)
                if complete:
                    assert settled(graphs[graph]) == settled(clean_graphs[graph]), f"run {run}: complete source {key} differs"
                else:
                    cut_sources += 1
                    assert settled(graphs[graph]) < settled(clean_graphs[graph]), f"run {run}: cut source {key} holds extra quads"
                    papers = {q.split(" ", 1)[0] for q in graphs[graph] if "ScholarlyArticle" in q}
                    assert len(papers) % BATCH == 0, f"run {run}: {len(papers)} papers is no whole number of batches"
        run_build(corpus, uri)
        assert oxigraph_snapshot(uri)[0] == clean, f"run {run}: re-run after the kill differs from a clean build"
    print(f"{run} builds, {mid_job} killed mid-job, {cut_sources} kills inside a source")  # -s or -rP shows it


@pytest.fixture(scope="module")
def falkordb_uri(tmp_path_factory):
    from servers import falkordb_server

    with falkordb_server(tmp_path_factory.mktemp("falkordb-crash")) as uri:
        yield uri


@pytest.fixture(params=CYPHER_ENGINES)
def fresh_graph(request):
    """name -> the URI of an empty graph: a FalkorDB graph of that name, or the Neo4j test server's one database,
    cleared."""
    if request.param == "falkordb":
        base = request.getfixturevalue("falkordb_uri")
        return lambda name: f"{base}/{name}"
    uri = request.getfixturevalue("neo4j_uri")

    def fresh(name: str) -> str:
        with open_store(uri) as store:
            store.clear()
        return uri

    return fresh


@pytest.mark.slow
def test_kill_9_during_build_into_a_property_graph_then_rerun_equals_clean(corpus, fresh_graph):
    clean_uri = fresh_graph("crash_clean")
    run_build(corpus, clean_uri)
    clean, clean_sources, clean_nodes = falkordb_snapshot(clean_uri)
    assert len(clean_sources) == PAGES and all(clean_sources.values())
    rng = random.Random(20260302)
    total = papers_of(clean_nodes, None)
    mid_job = cut_sources = run = 0
    # a build that finishes before its kill does not count as a crash run; and the runs go on until a kill has landed
    # inside a source (the loading is a short part of the build, so a few random kills may all miss it)
    while mid_job < RUNS or not cut_sources:
        run += 1
        assert run <= 4 * RUNS, (f"only {mid_job} of {run - 1} builds were still running at their kill, "
                                 f"{cut_sources} kills landed inside a source")
        uri = fresh_graph(f"crash_{run}")
        with open_store(uri) as watch:  # the server shows progress: kill once a random number of papers is in
            at, delay = rng.randint(BATCH, total - BATCH), rng.uniform(0, 0.1)
            if kill_build_when(corpus, uri, lambda pid, at=at, delay=delay: papers_in(watch) >= at and not time.sleep(delay)):
                mid_job += 1
        _, sources, nodes = falkordb_snapshot(uri)
        for key, complete in sources.items():
            if complete:
                assert papers_of(nodes, key) == papers_of(clean_nodes, key), f"run {run}: complete source {key}"
            else:
                cut_sources += 1
                assert papers_of(nodes, key) % BATCH == 0, f"run {run}: source {key} holds part of a batch"
        run_build(corpus, uri)
        assert falkordb_snapshot(uri)[0] == clean, f"run {run}: re-run after the kill differs from a clean build"
    print(f"{run} builds, {mid_job} killed mid-job, {cut_sources} kills inside a source")  # -s or -rP shows it

"""`scholarkg serve` limits not covered by tests/test_serve.py: the loopback default, updates refused on /query as
well as /update, updates accepted with --writable, a hard query timeout (a query that computes for minutes
before its first row is stopped, and the server answers the next one), and the row limit on CONSTRUCT."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from crash_corpus import write_corpus
from scholarkg.cli import main

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~10^12 rows to count


def post(url, body, ctype="application/sparql-query", accept="application/sparql-results+json", timeout=60):
    req = urllib.request.Request(url, data=body.encode(), method="POST", headers={"Content-Type": ctype, "Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def count(url) -> int:
    status, body = post(url + "/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve-limits")
    corpus = write_corpus(folder / "corpus", pages=2, per_page=150)
    path = folder / "db"
    out = subprocess.run([sys.executable, "-m", "scholarkg.cli", "build", str(corpus), "--store", f"oxigraph:{path}",
                          "--no-extract", "-q"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return path


class Serve:
    def __init__(self, db, *args):
        self.proc = subprocess.Popen([sys.executable, "-m", "scholarkg.cli", "serve", "--store", f"oxigraph:{db}",
                                      "--bind", "127.0.0.1:0", *args], stderr=subprocess.PIPE, text=True)
        banner = self.proc.stderr.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/query", banner)
        assert m, banner
        self.url = f"http://127.0.0.1:{m.group(1)}"
        self.banner = banner

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)


@pytest.fixture
def serve(db):
    started = []

    def start(*args):
        server = Serve(db, *args)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def test_binds_loopback_unless_told_otherwise():
    bind = next(p for p in main.commands["serve"].params if p.name == "bind")
    assert bind.default == "127.0.0.1:7878"


def test_updates_are_refused_on_every_path_when_read_only(serve):
    server = serve("--timeout", "5")
    assert "(read-only)" in server.banner
    before = count(server.url)
    update = "DELETE WHERE { ?s ?p ?o }"
    assert post(server.url + "/update", update, "application/sparql-update")[0] == 403
    assert post(server.url + "/update", urllib.parse.urlencode({"update": update}),
                "application/x-www-form-urlencoded")[0] == 403
    status, body = post(server.url + "/query", update)  # an update sent as a query is no query
    assert status == 400 and "syntax" in body
    status, _ = post(server.url + "/query", urllib.parse.urlencode({"update": "INSERT DATA { <x:a> <x:b> <x:c> }"}),
                     "application/x-www-form-urlencoded")
    assert status == 400
    assert count(server.url) == before > 0


def test_writable_accepts_updates(serve, tmp_path):
    import shutil

    from scholarkg.stores import open_store

    copy = tmp_path / "copy"
    with open_store(f"oxigraph:{tmp_path / 'copy'}") as store:
        store._store.update("INSERT DATA { <urn:x:a> <urn:x:b> 'c' }")
        store.finish_changes()
        assert store.rankings_state()
    server = Serve(copy, "--writable")
    try:
        assert "(read-write)" in server.banner
        assert post(server.url + "/update", "INSERT DATA { <urn:x:d> <urn:x:e> 'f' }", "application/sparql-update")[0] == 204
        assert count(server.url) == 2  # the default graph: not the rankings
    finally:
        server.stop()
    with open_store(f"oxigraph:{copy}") as store:
        assert store.rankings_state() == {}  # an update through the server leaves them out of date
    shutil.rmtree(copy, ignore_errors=True)


def test_a_query_past_the_timeout_is_stopped_and_the_server_goes_on(serve):
    server = serve("--timeout", "1.5")
    assert count(server.url) > 10_000  # a warm worker
    workers = sorted(children(server.proc.pid))
    assert len(workers) == 2
    started = time.monotonic()
    status, body = post(server.url + "/query", HEAVY)
    took = time.monotonic() - started
    assert status == 503 and "ran past the 1.5 s limit" in body
    assert took < 1.5 + 1 + 5  # the limit, the grace second, and a busy machine
    assert count(server.url) > 10_000  # answered by the other worker, or a fresh one
    deadline = time.monotonic() + 20
    while True:  # the runaway worker is gone (killed), a new one took its place
        now = sorted(children(server.proc.pid))
        if len(now) == 2 and not set(now) >= set(workers):
            break
        assert time.monotonic() < deadline, (workers, now)
        time.sleep(0.1)


def test_row_limit_holds_for_select_and_construct(serve):
    server = serve("--max-rows", "7")
    status, body = post(server.url + "/query", "SELECT * WHERE { ?s ?p ?o }")
    data = json.loads(body)
    assert status == 200 and len(data["results"]["bindings"]) == 7 and data["truncated"] is True
    status, body = post(server.url + "/query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept="application/n-triples")
    assert status == 200 and len(body.splitlines()) == 7

"""The sparql+http store against real servers (Oxigraph's, Virtuoso 7, Jena Fuseki): the same graph as the
embedded store, each fact counted once, answers never cut short, failures as the errors of errors.py."""
import os
import socket
import threading
from pathlib import Path

import pytest

from scholarkg.build import build, source_key
from scholarkg.catalog import run_query
from scholarkg.errors import ConfigError, StoreAuthError, StoreError, StoreUnavailable
from scholarkg.model import GraphBatch
from scholarkg.stores import open_store, rankings

from servers import free_port
from sparql_servers import (PASSWORD, USER, fuseki_server, nquads, server, sparql_credentials,  # noqa: F401
                            virtuoso_server, wipe)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "profile-listing.txt"


@pytest.fixture
def remote(server):
    kind, uri = server
    with sparql_credentials(), open_store(uri) as store:
        wipe(store)
        yield store


def test_same_quads_as_the_embedded_store(tmp_path, remote):
    with open_store(f"oxigraph:{tmp_path / 'local'}") as local:
        build([EXAMPLE], remote, extract=False)
        build([EXAMPLE], local, extract=False)
        assert nquads(remote) == nquads(local)
        assert remote.stats() == local.stats()
        assert remote.iter_graph() == local.iter_graph()
        for name, params in [("coauthors", {"author": "Mara Lindqvist"}), ("top-collaborations", {"limit": 5}),
                             ("prolific-authors", {"limit": 3})]:
            assert run_query(remote, name, params) == run_query(local, name, params), name
        assert build([EXAMPLE], remote, extract=False).sources_unchanged == 1
        assert remote.remove_source(source_key(EXAMPLE)) > 0
        assert remote.stats() == {"nodes": {}, "edges": {}} and remote.sources() == []


def test_failed_batch_writes_nothing_remotely(remote):
    build([EXAMPLE], remote, extract=False)
    before = nquads(remote)
    batch = GraphBatch("bad")
    batch.add_node("Paper", "tx", title="x")
    batch.add_node("Planet", "mars")
    with pytest.raises(StoreError):
        remote.upsert(batch)
    assert nquads(remote) == before


def test_a_fact_two_sources_assert_counts_once(tmp_path, remote):
    """The same papers from two files: every counting question answers as with one file."""
    copy = tmp_path / "copy.txt"
    copy.write_text(EXAMPLE.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # other bytes, other source
    with open_store(f"oxigraph:{tmp_path / 'one'}") as one:
        build([EXAMPLE], one, extract=False)
        build([EXAMPLE, copy], remote, extract=False)
        assert len(remote.sources()) == 2
        two, one_stats = remote.stats(), one.stats()
        assert two["nodes"].pop("Source") == 2 and one_stats["nodes"].pop("Source") == 1
        assert two == one_stats
        remote._update(rankings.MARK_STALE)  # the questions now count in the graph itself, not in the rankings
        for name, params in COUNTING:
            rows = run_query(one, name, params)
            assert rows and run_query(remote, name, params) == rows, name


COUNTING = [
    ("coauthors", {"author": "Mara Lindqvist"}),
    ("shared-coauthors", {"a": "Mara Lindqvist", "b": "Aiko Tanabe"}),
    ("top-collaborations", {"limit": 50}),
    ("prolific-authors", {"limit": 50}),
    ("prolific-organizations", {"limit": 50}),
    ("organization-collaborations", {}),
    ("author-papers", {"author": "Mara Lindqvist"}),
    ("author-organizations", {"author": "Mara Lindqvist"}),
]


def test_unreachable_endpoint_is_one_clear_error():
    port = free_port()
    with open_store(f"sparql+http://127.0.0.1:{port}") as remote:
        with pytest.raises(StoreUnavailable, match=f"cannot reach SPARQL endpoint sparql\\+http://127.0.0.1:{port}"):
            remote.stats()


@pytest.mark.shared
def test_seeds_through_http_equal_embedded(tmp_path, remote, seeds):
    with open_store(f"oxigraph:{tmp_path / 'local'}") as local:
        build([seeds], remote, extract=False)
        build([seeds], local, extract=False)
        assert nquads(remote) == nquads(local)


def test_endpoints_per_server():
    """The URIs the README gives for each server name the endpoints that server has."""
    def endpoints(uri):
        return open_store(uri).endpoints

    assert endpoints("sparql+http://h:7878") == {
        "query": "http://h:7878/query", "update": "http://h:7878/update", "store": "http://h:7878/store"}
    assert endpoints("sparql+http://h:3030/kg?server=fuseki") == {
        "query": "http://h:3030/kg/query", "update": "http://h:3030/kg/update", "store": "http://h:3030/kg/data"}
    assert endpoints("sparql+http://h:8890?server=virtuoso") == {
        "query": "http://h:8890/sparql", "update": "http://h:8890/sparql-auth",
        "store": "http://h:8890/sparql-graph-crud-auth"}
    assert endpoints("sparql+https://h/repositories/kg?server=graphdb") == {
        "query": "https://h/repositories/kg", "update": "https://h/repositories/kg/statements",
        "store": "https://h/repositories/kg/rdf-graphs/service"}
    assert endpoints("sparql+http://h:8890?server=virtuoso&update=sparql&store=sparql-graph-crud")["store"] == \
        "http://h:8890/sparql-graph-crud"
    assert open_store("sparql+http://h:8890?server=virtuoso").form and not open_store("sparql+http://h:1").form
    with pytest.raises(ConfigError, match="server='blazegraph'"):
        open_store("sparql+http://h:1?server=blazegraph")
    with pytest.raises(ConfigError, match="unknown option 'querry'"):
        open_store("sparql+http://h:1?querry=sparql")


@pytest.mark.virtuoso
def test_a_row_cap_never_cuts_a_whole_graph_read(tmp_path):
    """Virtuoso capped at 100 rows: export, stats and the rankings read past the cap by pages (the same quads and
    answers as the embedded store), and a question whose answer reaches the cap is an error, not a short answer."""
    with sparql_credentials(), virtuoso_server(tmp_path / "capped", max_rows=100) as uri:
        with open_store(uri) as remote, open_store(f"oxigraph:{tmp_path / 'local'}") as local:
            build([EXAMPLE], remote, extract=False)
            build([EXAMPLE], local, extract=False)
            exported = nquads(remote)
            assert exported == nquads(local) and exported.count("\n") > 2 * 100
            assert remote.stats() == local.stats()
            assert remote.iter_graph() == local.iter_graph()
            assert run_query(remote, "top-collaborations", {"limit": 5}) == run_query(local, "top-collaborations", {"limit": 5})
            with pytest.raises(StoreError, match="cut the answer at its cap of 100 rows"):
                remote._select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")


@pytest.mark.virtuoso
def test_credentials_refused_or_missing_say_so_without_the_password(tmp_path, monkeypatch):
    with virtuoso_server(tmp_path / "auth") as uri:
        monkeypatch.delenv("SCHOLARKG_SPARQL_USER", raising=False)
        with open_store(uri) as remote, pytest.raises(StoreAuthError, match="needs credentials: set"):
            build([EXAMPLE], remote, extract=False)
        monkeypatch.setenv("SCHOLARKG_SPARQL_USER", USER)
        monkeypatch.setenv("SCHOLARKG_SPARQL_PASSWORD", "not-the-s3cret")
        with open_store(uri) as remote, pytest.raises(StoreAuthError, match="refused the credentials") as err:
            build([EXAMPLE], remote, extract=False)
        assert "not-the-s3cret" not in str(err.value)


@pytest.mark.fuseki
def test_basic_auth_refused_on_fuseki(tmp_path, monkeypatch):
    with fuseki_server(tmp_path / "auth") as uri:
        monkeypatch.setenv("SCHOLARKG_SPARQL_USER", USER)
        monkeypatch.setenv("SCHOLARKG_SPARQL_PASSWORD", PASSWORD + "x")
        with open_store(uri) as remote, pytest.raises(StoreAuthError, match="refused the credentials") as err:
            remote.stats()
        assert PASSWORD + "x" not in str(err.value)


def test_a_server_that_never_answers_is_named_in_the_timeout():
    """A socket that accepts and stays silent: StoreUnavailable naming the endpoint and the limit."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    port = listener.getsockname()[1]
    held = []
    thread = threading.Thread(target=lambda: held.append(listener.accept()), daemon=True)
    thread.start()
    try:
        with open_store(f"sparql+http://127.0.0.1:{port}/kg?server=fuseki&timeout=0.5") as remote:
            with pytest.raises(StoreUnavailable, match=f"http://127.0.0.1:{port}/kg/query did not answer within 0.5 s"):
                remote.stats()
    finally:
        listener.close()
        for conn, _ in held:
            conn.close()

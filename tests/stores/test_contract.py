"""One contract for every property-graph store (FalkorDB, and Neo4j 5 from tests/neo4j_server.py):
the same graph as Oxigraph, idempotent upserts, provenance, atomic batches, refused names, clear errors."""
from pathlib import Path

import pytest

from conftest import SHARED
from scholarkg.build import build
from scholarkg.catalog import run_query
from scholarkg.errors import StoreAuthError, StoreError, StoreUnavailable, StoreWriteError
from scholarkg.model import GraphBatch
from scholarkg.stores import open_store
from servers import CYPHER_ENGINES, empty_cypher_store, falkordb_server, free_port, oxigraph_server

from test_build import EXAMPLE


@pytest.fixture(scope="module")
def falkordb_uri(tmp_path_factory):
    with falkordb_server(tmp_path_factory.mktemp("falkordb")) as uri:
        yield uri


@pytest.fixture(params=CYPHER_ENGINES)
def store(request):
    s = empty_cypher_store(request, request.node.name[:40], "falkordb_uri")
    yield s
    s.clear()
    s.close()


def snapshot(store):
    nodes, edges = store.iter_rows()
    for row in nodes + edges:
        row["props"]["sources"] = sorted(row["props"].get("sources", []))
    return nodes, edges


def structure(store):
    """Nodes and edges with their sources, without property values (those may outlive a removed source)."""
    nodes, edges = snapshot(store)
    return ([(n["label"], n["key"], n["props"]["sources"]) for n in nodes],
            [(e["type"], e["start"], e["end"], e["props"]["sources"]) for e in edges])


def test_same_counts_and_answers_as_oxigraph(store, tmp_path):
    with open_store(f"oxigraph:{tmp_path / 'oxi'}") as oxi:
        build([EXAMPLE], store)
        build([EXAMPLE], oxi)
        assert store.stats() == oxi.stats()
        assert store.stats()["nodes"]["Paper"] == 9
        for author in ("Mara Lindqvist", "Aiko Tanabe"):
            assert run_query(store, "coauthors", {"author": author}) == run_query(oxi, "coauthors", {"author": author})


def test_building_twice_changes_nothing(store):
    build([EXAMPLE], store, extract=False)
    before = snapshot(store)
    build([EXAMPLE], store, extract=False, force=True)
    assert snapshot(store) == before


def test_remove_source_removes_only_what_it_alone_asserted(store, tmp_path):
    other = tmp_path / "other.txt"
    # a second listing sharing one paper (same title) with the example
    other.write_text(
        "Aiko Tanabe\n\nLGMar 3, 2025\nSparse Momentum Tuning: Fast Adaptation of Transformers with Adam\n"
        "Mara Lindqvist, Tomasz Wieczorek, Aiko Tanabe\nAn abstract long enough to be an abstract of a paper here.\n\n"
        "LGJan 5, 2024\nA Paper Only The Second Listing Has\nAiko Tanabe, Nils Berg\n"
        "Another abstract that is long enough to read as one.\n", encoding="utf-8")
    build([EXAMPLE], store, extract=False)
    alone = structure(store)
    build([other], store, extract=False)
    assert store.stats()["nodes"]["Paper"] == 10
    [key] = [s["key"] for s in store.sources() if s["path"].endswith("other.txt")]
    assert store.remove_source(key) > 0
    assert structure(store) == alone
    build([other], store, extract=False)
    assert store.stats()["nodes"]["Paper"] == 10


def test_a_failing_batch_writes_nothing(store):
    build([EXAMPLE], store, extract=False)
    before = snapshot(store)
    batch = GraphBatch("broken-source")
    batch.add_node("Author", "someone", name="Someone")
    batch.add_node("Paper", "tnew", title="Would be new")
    batch.add_node("Venue", "v", name={"nested": {"maps": "cannot be stored"}})  # fails at the server, mid-batch
    with pytest.raises(StoreWriteError):
        store.upsert(batch)
    assert snapshot(store) == before


def test_names_outside_the_graph_model_are_refused(store):
    batch = GraphBatch("s")
    batch.add_node("Paper`) DETACH DELETE (n", "x")
    with pytest.raises(StoreError, match="refusing label"):
        store.upsert(batch)
    batch = GraphBatch("s")
    batch.add_node("Paper", "x", **{"title = 1 DETACH DELETE n //": "x"})
    with pytest.raises(StoreError, match="refusing Paper properties"):
        store.upsert(batch)
    assert store.stats() == {"nodes": {}, "edges": {}}


@pytest.mark.shared
def test_seeds_give_the_same_counts_as_oxigraph(store, tmp_path):
    with open_store(f"oxigraph:{tmp_path / 'oxi'}") as oxi:
        build([SHARED / "seeds"], store, extract=False)
        build([SHARED / "seeds"], oxi, extract=False)
        assert store.stats() == oxi.stats()
        [key] = [s["key"] for s in store.sources() if Path(s["path"]).name.startswith("004")]
        assert store.remove_source(key) > 0 and oxi.remove_source(key) > 0
        assert store.stats() == oxi.stats()


# ------------------------------------------------------------------ one class per fault, on every store


@pytest.mark.parametrize("uri,message", [
    ("falkordb://user:secret@127.0.0.1:{port}/g", r"cannot reach FalkorDB at falkordb://127.0.0.1:\d+/g"),
    ("bolt://neo4j:secret@127.0.0.1:{port}", r"cannot reach Neo4j at bolt://127.0.0.1:\d+: ServiceUnavailable"),
    ("neo4j://127.0.0.1:{port}", r"cannot reach Neo4j at neo4j://127.0.0.1:\d+: ServiceUnavailable"),
    ("sparql+http://127.0.0.1:{port}", r"cannot reach SPARQL endpoint sparql\+http://127.0.0.1:\d+"),
])
def test_unreachable_is_store_unavailable_on_every_store(uri, message):
    with pytest.raises(StoreUnavailable, match=message) as caught:
        store = open_store(uri.format(port=free_port()))
        store.stats()  # sparql+http connects on first use
    assert "secret" not in str(caught.value)


def test_a_refused_write_is_store_write_error_over_sparql_http(tmp_path):
    """A server that refuses the write itself (Oxigraph's read-only mode answers 403 without asking for credentials)
    raises StoreWriteError, not StoreAuthError, and nothing lands. (The Cypher stores: test_a_failing_batch_writes_nothing;
    the embedded Oxigraph store refuses no batch the mapping makes: its faults are StoreBusy and StoreFull,
    tests/hardening.)"""
    with open_store(f"oxigraph:{tmp_path / 'ro'}") as local:
        build([EXAMPLE], local, extract=False)
        before = local.iter_graph()
        assert len(before[0]) > 20
    with oxigraph_server(tmp_path / "ro", read_only=True) as uri, open_store(uri) as remote:
        batch = GraphBatch("refused")
        batch.add_node("Method", "never-written", name="Never written")
        with pytest.raises(StoreWriteError, match="refused the write \\(HTTP 403\\): The server is read-only"):
            remote.upsert(batch)
        assert remote.iter_graph() == before  # the source graphs, read back as they were


def test_wrong_or_missing_password_is_store_auth_error_on_falkordb(tmp_path):
    with falkordb_server(tmp_path / "falkordb", password="right-Pa55") as uri:
        for wrong in (uri, uri.replace("://", "://:wrong-Pa55@")):
            with pytest.raises(StoreAuthError, match="authentication failed") as caught:
                open_store(f"{wrong}/g")
            assert "Pa55" not in str(caught.value)
        with open_store(f"{uri.replace('://', '://:right-Pa55@')}/g") as store:
            assert store.stats() == {"nodes": {}, "edges": {}}


@pytest.mark.neo4j
def test_wrong_or_missing_password_is_store_auth_error_on_neo4j(neo4j_uri, monkeypatch):
    from scholarkg.stores.neo4j import Neo4jStore

    address, user, password = Neo4jStore.parse_uri(neo4j_uri)
    host = address.split("://", 1)[1]
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    for uri in (f"bolt://{user}:not-{password}@{host}", f"bolt://{host}"):
        with pytest.raises(StoreAuthError, match=f"cannot log in to Neo4j at bolt://{host} as 'neo4j'") as caught:
            open_store(uri)
        assert password not in str(caught.value)

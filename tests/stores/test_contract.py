"""One contract for every property-graph store (FalkorDB, and Neo4j 5 from tests/neo4j_server.py):
the same graph as Oxigraph, idempotent upserts, provenance, atomic batches, refused names, clear errors."""
import os
from pathlib import Path

import pytest

from conftest import SHARED
from scholarkg.build import build
from scholarkg.catalog import run_query
from scholarkg.errors import QueryError, StoreError
from scholarkg.model import GraphBatch
from scholarkg.stores import open_store
from servers import falkordb_server

from test_build import EXAMPLE


@pytest.fixture(scope="module")
def falkordb_uri(tmp_path_factory):
    with falkordb_server(tmp_path_factory.mktemp("falkordb")) as uri:
        yield uri


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request):
    if request.param == "falkordb":
        s = open_store(f"{request.getfixturevalue('falkordb_uri')}/{request.node.name[:40]}")
    else:
        s = open_store(request.getfixturevalue("neo4j_uri"))
    s.clear()
    s.ensure_schema()
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
    with pytest.raises((QueryError, StoreError)):
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


def test_unreachable_server_is_one_clear_error():
    from servers import free_port

    with pytest.raises(StoreError, match=r"cannot reach FalkorDB at falkordb://127.0.0.1:\d+/g"):
        open_store(f"falkordb://user:secret@127.0.0.1:{free_port()}/g")

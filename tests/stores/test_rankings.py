"""The rankings the stores keep (``stores.rankings`` for RDF, ``stores.cypher_rankings`` for FalkorDB and Neo4j): the
ranked variants give the rows the questions give from the graph itself, at every depth, after every change, the
same rows in every store, and nothing of them leaks into exports, stats or the graph."""
import io
import random
from pathlib import Path

import pytest

from scholarkg.build import build, source_key
from scholarkg.catalog import run_query
from scholarkg.model import GraphBatch
from scholarkg.stores import cypher_rankings, open_store, rankings
from scholarkg.stores.rankings import SKG, use_ranked

from servers import CYPHER_ENGINES, empty_cypher_store, falkordb_server, oxigraph_server

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "profile-listing.txt"


def _graph(store, seed: int = 7) -> None:
    """Two sources over 80 papers from 14 authors (many pairs tie), 6 organizations, 9 methods (and one no paper
    names), years 2009-2016;
    the sources overlap and date some shared papers differently, and some papers have no year."""
    rng = random.Random(seed)
    authors = [f"Author {chr(65 + i)}" for i in range(14)]
    orgs = [f"org-{i}" for i in range(6)]
    methods = [f"method-{i}" for i in range(9)]
    papers = []
    for i in range(80):
        papers.append((f"p{i}", rng.sample(authors, rng.randint(1, 4)), rng.sample(orgs, rng.randint(0, 3)),
                       rng.sample(methods, rng.randint(0, 3)), rng.choice([None, *range(2009, 2017)])))
    for source, chosen in (("s1", papers[:50]), ("s2", papers[30:])):
        batch = GraphBatch(source)
        batch.add_node("Source", source, path=f"{source}.txt", format="test", complete=True)
        for key, names, paper_orgs, paper_methods, year in chosen:
            if source == "s2" and year is not None and int(key[1:]) % 3 == 0:
                year += 1  # the second source dates it a year later
            batch.add_node("Paper", key, title=f"Paper {key}", year=year)
            for position, name in enumerate(names):
                akey = name.lower().replace(" ", "-")
                batch.add_node("Author", akey, name=name)
                batch.add_edge("AUTHORED", ("Author", akey), ("Paper", key), position=position)
            for org in paper_orgs:
                batch.add_node("Organization", org, name=org.replace("-", " ").title())
                batch.add_edge("AFFILIATED_WITH", ("Paper", key), ("Organization", org))
            for j, method in enumerate(paper_methods):
                batch.add_node("Method", method, name=method.title())
                batch.add_edge("USES" if j else "PROPOSES", ("Paper", key), ("Method", method))
        if source == "s2":  # a method no paper names, found by an alias
            batch.add_node("Method", "lonely-net", name="Lonely Net", aliases=["Solitary Net", "LN"])
        store.upsert(batch)


CASES = ([("top-collaborations", {"limit": n}) for n in (1, 2, 3, 5, 10, 40, 200)]
         + [("prolific-authors", {"limit": n}) for n in (1, 2, 3, 5, 14, 30)]
         + [("trending-methods", {"since_year": y, "limit": n}) for y in (1990, 2009, 2012, 2013, 2016, 2017, 2030)
            for n in (1, 3, 9, 20)]
         + [("organization-collaborations", {}), ("organization-collaborations", {"organization": "org-1"})]
         + [("methods", {"name": text, "limit": n}) for text in (None, "OD-1", "solitary") for n in (1, 4, 100)])


def _answers(store) -> dict:
    return {(name, tuple(sorted(p.items()))): run_query(store, name, p) for name, p in CASES}


@pytest.mark.parametrize("depth", [1, 2, 3, 1000])
def test_ranked_rows_equal_the_graph_rows(tmp_path, depth):
    with open_store(f"oxigraph:{tmp_path / 'kg'}") as store:
        _graph(store)
        store._put_rankings(*rankings.compute(store._tuples, depth=depth))
        state = store.rankings_state()
        used = [name for name, p in CASES if use_ranked(name, p, state)]
        ranked = _answers(store)
        store.start_changes()  # stale: every question reads the graph
        assert not any(use_ranked(name, p, store.rankings_state()) for name, p in CASES)
        live = _answers(store)
    assert ranked == live
    assert all(rows for (name, _), rows in live.items() if name != "trending-methods")
    # the ranked files answered most cases (all of them at depth 1000; at depth 1 the cut ties decide)
    assert len(used) >= (len(CASES) - 1 if depth == 1000 else 10), used
    if depth == 1000:
        assert state[SKG + "pairDepth"] == -1 and state[SKG + "authorDepth"] == -1


def test_rankings_without_method_counts_leave_methods_to_the_graph(tmp_path):
    """Rankings written before scholarkg kept method counts (no skg:methodCountDepth): methods reads the graph."""
    with open_store(f"oxigraph:{tmp_path / 'kg'}") as store:
        _graph(store)
        store._put_rankings(*rankings.compute(store._tuples))
        assert use_ranked("methods", {"limit": 5}, store.rankings_state())
        want = run_query(store, "methods", {"limit": 5})
        store._update(f"DELETE WHERE {{ GRAPH <{rankings.GRAPH}> {{ ?m <{SKG}papersNaming> ?n }} }} ; "
                      f"DELETE WHERE {{ GRAPH <{rankings.GRAPH}> {{ <{rankings.GRAPH}> <{SKG}methodCountDepth> ?d }} }}")
        assert store.rankings_state()[SKG + "fresh"] is True
        assert not use_ranked("methods", {"limit": 5}, store.rankings_state())
        assert len(want) == 5 and run_query(store, "methods", {"limit": 5}) == want


def _build_and_remove(store) -> dict:
    """Our graph, then a build of the example and its removal, with the rankings checked at each step; the answers
    after the removal."""
    _graph(store)  # written without a build: no rankings yet
    assert not store.rankings_state()
    build([EXAMPLE], store, extract=False)
    assert store.rankings_state()[SKG + "fresh"] is True
    top = run_query(store, "prolific-authors", {"limit": 30})
    assert {"author": "Mara Lindqvist", "papers": 9} in [{k: r[k] for k in ("author", "papers")} for r in top]

    store.start_changes()
    store.remove_source(source_key(EXAMPLE))
    assert not store.rankings_state()  # a change under way: the questions read the graph
    assert all(r["author"] != "Mara Lindqvist" for r in run_query(store, "prolific-authors", {"limit": 30}))
    store.finish_changes()
    assert store.rankings_state()[SKG + "fresh"] is True
    after = _answers(store)
    assert all(r["author"] != "Mara Lindqvist" for r in run_query(store, "prolific-authors", {"limit": 30}))
    return after


def test_builds_and_removals_keep_them_fresh(tmp_path):
    with open_store(f"oxigraph:{tmp_path / 'kg'}") as store:
        after = _build_and_remove(store)

        # an unchanged build leaves fresh rankings alone, and stale ones get refreshed
        store.start_changes()
        assert build([EXAMPLE], store, extract=False).sources_loaded == 1
        assert build([EXAMPLE], store, extract=False).sources_unchanged == 1
        assert store.rankings_state()[SKG + "fresh"] is True
        store.start_changes()
        store.remove_source(source_key(EXAMPLE))
        store.finish_changes()
        assert _answers(store) == after


def test_rankings_stay_out_of_exports_and_the_graph(tmp_path):
    with open_store(f"oxigraph:{tmp_path / 'a'}") as store, open_store(f"oxigraph:{tmp_path / 'b'}") as bare:
        build([EXAMPLE], store, extract=False)
        build([EXAMPLE], bare, extract=False)
        bare._update(rankings.DROP)
        assert store.rankings_state() and not bare.rankings_state()
        for fmt in ("nq", "nt", "ttl"):
            out, expected = io.StringIO(), io.StringIO()
            store.dump(out, fmt)
            bare.dump(expected, fmt)
            assert out.getvalue() == expected.getvalue()
            assert "rankings" not in out.getvalue()
        assert store.iter_graph() == bare.iter_graph()
        assert store.stats() == bare.stats()


def test_rankings_over_http(tmp_path):
    with oxigraph_server(tmp_path / "server-data") as uri:
        with open_store(uri) as remote, open_store(f"oxigraph:{tmp_path / 'local'}") as local:
            build([EXAMPLE], remote, extract=False)
            build([EXAMPLE], local, extract=False)
            assert remote.rankings_state()[SKG + "fresh"] is True
            cases = [("top-collaborations", {"limit": 5}), ("prolific-authors", {"limit": 5}),
                     ("trending-methods", {"since_year": 2000}), ("organization-collaborations", {})]
            assert all(use_ranked(name, p, remote.rankings_state()) for name, p in cases)
            for name, params in cases:
                assert run_query(remote, name, params) == run_query(local, name, params), name
            assert "rankings" not in "".join(remote.iter_nquads())
            remote.start_changes()
            assert not remote.rankings_state()
            assert remote.remove_source(source_key(EXAMPLE)) > 0
            remote.finish_changes()
            assert run_query(remote, "prolific-authors", {"limit": 5}) == []


@pytest.fixture(scope="module")
def falkordb(tmp_path_factory):
    with falkordb_server(tmp_path_factory.mktemp("falkordb")) as uri:
        yield uri


@pytest.fixture(params=CYPHER_ENGINES)
def cypher_store(request):
    store = empty_cypher_store(request, request.node.name[:40])
    yield store
    store.clear()
    store.close()


@pytest.mark.parametrize("depth", [1, 2, 3, 1000])
def test_cypher_ranked_rows_equal_the_graph_rows_and_oxigraph(cypher_store, tmp_path, depth):
    store = cypher_store
    with open_store(f"oxigraph:{tmp_path / 'kg'}") as oxigraph:
        _graph(oxigraph)
        expected = _answers(oxigraph)
    _graph(store)
    assert not store.rankings_state()  # written without a build: no rankings yet
    store._write(cypher_rankings.refresh_statements(store._read, depth=depth))
    state = store.rankings_state()
    assert state[SKG + "fresh"] is True
    used = [name for name, p in CASES if use_ranked(name, p, state)]
    ranked = _answers(store)
    store.start_changes()  # stale: every question reads the graph
    assert not store.rankings_state()
    live = _answers(store)
    assert ranked == live
    assert live == expected
    assert len(used) >= (len(CASES) - 1 if depth == 1000 else 10), used
    if depth == 1000:
        assert state[SKG + "pairDepth"] == -1 and state[SKG + "authorDepth"] == -1


def test_cypher_builds_and_removals_keep_them_fresh(cypher_store, tmp_path):
    store = cypher_store
    after = _build_and_remove(store)
    store.start_changes()
    assert _answers(store) == after  # from the graph itself
    assert build([EXAMPLE], store, extract=False).sources_loaded == 1
    store.start_changes()
    store.remove_source(source_key(EXAMPLE))
    store.finish_changes()
    assert _answers(store) == after
    # rankings missing while nothing changed (a graph built before they were kept): the next finish makes them
    assert build([EXAMPLE], store, extract=False).sources_loaded == 1
    store._write([(cypher_rankings.DROP_STATE, {})])
    assert build([EXAMPLE], store, extract=False).sources_unchanged == 1
    assert store.rankings_state()[SKG + "fresh"] is True
    assert any(r["author"] == "Mara Lindqvist" for r in run_query(store, "prolific-authors", {"limit": 30}))


def test_cypher_rankings_stay_out_of_stats_and_the_graph(cypher_store):
    store = cypher_store
    build([EXAMPLE], store, extract=False)
    assert store.rankings_state()
    with_rankings = (store.stats(), store.iter_graph(), store.sources())
    labels = {r["label"] for r in store._read("MATCH (n) RETURN DISTINCT labels(n)[0] AS label")}
    assert {"Rankings", "RankedPair", "RankedAuthor", "RankedOrganizationPair"} <= labels
    store._write([(f"MATCH (n:{label}) DELETE n", {}) for label in cypher_rankings.LABELS])
    assert not store.rankings_state()
    assert (store.stats(), store.iter_graph(), store.sources()) == with_rankings
    assert not cypher_rankings.LABELS & set(with_rankings[0]["nodes"])

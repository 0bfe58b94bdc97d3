"""Networks and the report overview read through the catalogue: exact answers on a graph we wrote, and the same
picture from FalkorDB (Cypher) as from Oxigraph (SPARQL)."""
import pytest

from graph import PAPERS, load
from scholarkg.catalog import run_query as catalogue_query
from scholarkg.errors import QueryError
from scholarkg.stores import open_store
from scholarkg.viz.data import NO_GROUP, coauthor_network, lineage_network
from scholarkg.viz.report import overview
from servers import falkordb_server


@pytest.fixture(scope="module")
def oxi():
    with open_store("oxigraph::memory:") as store:  # in memory
        load(store)
        yield store


def test_ego_network_has_the_authors_within_the_hops_and_their_joint_papers(oxi):
    calls = []
    net = coauthor_network(oxi, "Ada Moreau", hops=2, progress=calls.append)
    assert [(n.id, n.ring, n.size) for n in net.nodes] == [
        ("ada-moreau", 0, 2), ("bo-lindgren", 1, 3), ("cy-okoro", 1, 2), ("dee-varga", 2, 2)]
    assert {(e.source, e.target): e.weight for e in net.edges} == {
        ("ada-moreau", "bo-lindgren"): 2, ("ada-moreau", "cy-okoro"): 1, ("bo-lindgren", "cy-okoro"): 2,
        ("bo-lindgren", "dee-varga"): 1, ("cy-okoro", "dee-varga"): 1}
    joint = next(e for e in net.edges if e.source == "ada-moreau" and e.target == "bo-lindgren")
    assert joint.details == ["Base Nets Two (2018)", "Base Nets (2016)"]
    assert net.node("ada-moreau").details == ["Base Nets Two (2018)", "Base Nets (2016)"]
    assert net.title == "Co-authors of Ada Moreau" and sum(calls) > len(net.nodes)


def test_colour_group_is_the_organization_on_most_papers(oxi):
    net = coauthor_network(oxi, "Eve Nakamura", hops=1)
    groups = {n.id: n.group for n in net.nodes}
    # Dee: DeepMind on one paper, nothing on the other; Eve and Finn: no organization anywhere
    assert groups == {"eve-nakamura": NO_GROUP, "dee-varga": "DeepMind", "finn-olsen": NO_GROUP}
    assert coauthor_network(oxi, "Ada Moreau", hops=1).node("ada-moreau").group == "Mila"


def test_more_hops_reach_further_and_max_nodes_keeps_the_closest(oxi):
    assert {n.id for n in coauthor_network(oxi, "Ada Moreau", hops=4).nodes} == {
        "ada-moreau", "bo-lindgren", "cy-okoro", "dee-varga", "eve-nakamura", "finn-olsen"}
    small = coauthor_network(oxi, "Ada Moreau", hops=3, max_nodes=2)
    assert [n.id for n in small.nodes] == ["ada-moreau", "bo-lindgren"]  # Bo: 2 joint papers, Cy: 1
    assert "the 2 closest of 4 reached" in small.subtitle  # Ada, Bo, Cy and (through Bo) Dee


def test_unknown_author_is_an_error_with_close_matches(oxi):
    with pytest.raises(QueryError, match="Close matches: Ada Moreau"):
        coauthor_network(oxi, "Ada Moreu")


def test_lineage_has_every_extends_and_uses_edge_and_the_introduction_years(oxi):
    net = lineage_network(oxi, "Base Net 2")
    assert [(n.id, n.year, n.group) for n in net.nodes] == [
        ("base-net", 2016, "it builds on"), ("base-net-2", 2018, "this method"),
        ("stacked-base-net", 2020, "builds on it")]
    assert [(e.source, e.target, e.kind) for e in net.edges] == [
        ("base-net-2", "base-net", "EXTENDS"), ("stacked-base-net", "base-net-2", "USES")]
    assert net.directed and net.node("base-net").size == 3  # proposed once, used twice
    assert net.node("base-net").details[0] == "introduced in Base Nets (2016) by Ada Moreau, Bo Lindgren"
    assert [n.id for n in lineage_network(oxi, "base-net", depth=1).nodes] == ["base-net", "base-net-2"]


def test_overview_counts_by_year_equal_what_the_papers_say(oxi):
    ov = overview(oxi)
    assert ov.years == [2016, 2017, 2018, 2019, 2020, 2021]
    assert ov.nodes["Paper"] == len(PAPERS) and ov.authors[0] == {
        "author": "Bo Lindgren", "papers": 3, "first_year": 2016, "last_year": 2020}
    for method, per_year in ov.methods_by_year.items():
        papers = catalogue_query(oxi, "method-papers", {"method": method})
        expected = {y: len({r["title"] for r in papers if r["year"] == y}) for y in ov.years}
        assert per_year == expected, method
    assert ov.methods_by_year["Base Net"] == {2016: 1, 2017: 0, 2018: 1, 2019: 0, 2020: 0, 2021: 1}
    assert ov.datasets_by_year["Imagenet"] == {2016: 1, 2018: 1, 2021: 1}
    assert ov.organization_pairs == [{"organization_a": "DeepMind", "organization_b": "Mila", "papers": 1}]


def test_falkordb_and_oxigraph_draw_the_same_networks(oxi, tmp_path):
    with falkordb_server(tmp_path / "falkordb") as uri, open_store(f"{uri}/viztest") as fdb:
        fdb.clear()
        load(fdb)
        for draw in (lambda s: coauthor_network(s, "Ada Moreau", hops=3), lambda s: lineage_network(s, "base-net")):
            assert draw(fdb).to_json() == draw(oxi).to_json()
        assert overview(fdb).methods_by_year == overview(oxi).methods_by_year

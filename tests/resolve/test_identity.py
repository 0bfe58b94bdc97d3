"""The identity stage: name compatibility, the clustering of mentions, and the stage on real stores (Oxigraph,
FalkorDB): moves, undo on remove-source, the same persons on both, and the seeds' merges."""
import random
from dataclasses import replace

import pytest

from conftest import SHARED
from scholarkg.build import build
from scholarkg.catalog import run_query
from scholarkg.errors import QueryError
from scholarkg.model import GraphBatch, Paper, SourceRef
from scholarkg.resolve.graph import add_paper, add_source
from scholarkg.resolve.identity import mentions_of
from scholarkg.resolve.person_names import compatible, read_name
from scholarkg.resolve.persons import Mention, resolve_persons
from scholarkg.sources.names import parse_given_first
from scholarkg.sources.text import paper_key
from scholarkg.stores import author_identity_enabled, finish, open_store
from servers import falkordb_server


@pytest.fixture(autouse=True)
def _author_identity_on(monkeypatch):
    """The stage runs unless switched off (``stores.author_identity_enabled``); these tests are about it, whatever
    the environment of the test run says."""
    monkeypatch.setenv("SCHOLARKG_AUTHOR_IDENTITY", "1")

SAME = [("Andrea Goldsmith", "Andrea J. Goldsmith"), ("H. V. Poor", "H. Vincent Poor"),
        ("J. J. Merelo", "Juan-J. Merelo"), ("Alex Szalay", "Alexander S. Szalay"), ("Xiangyang Li", "Xiang-Yang Li"),
        ("Ying Chang Liang", "Ying-Chang Liang"), ("Mérouane Debbah", "Merouane Debbah"),
        ("Bernhard Schölkopf", "Bernhard Schoelkopf"), ("Jörg Rothe", "Joerg Rothe"),
        ("Robert Heath", "Robert W. Heath Jr"), ("Jeffery G. Andrews", "Jeffrey G. Andrews"),
        ("Jon Lorraine", "Jonathan Lorraine"), ("Warren R. Morningstar", "Warren Morningstar")]
NEVER = [("Yang-Yu Liu", "Yang Liu"), ("Xiang Li", "Xiang-Yang Li"), ("Daniel J. Katz", "Daniel S. Katz"),
         ("David C. Wilson", "David B. Wilson"), ("Terence Chan", "T-H. Hubert Chan"), ("Robert Heath Jr.", "Robert Heath Sr.")]


@pytest.mark.parametrize("a,b", SAME)
def test_compatible_names(a, b):
    assert compatible(read_name(a), read_name(b)) is not None
    assert compatible(read_name(b), read_name(a)) is not None


@pytest.mark.parametrize("a,b", NEVER)
def test_incompatible_names(a, b):
    assert compatible(read_name(a), read_name(b)) is None


def _m(paper, pos, name, coauthors, cats=("cs.IT",), title="", year=2010):
    return Mention(paper, pos, name, tuple(coauthors), year, tuple(cats), (), title)


MENTIONS = [
    _m("p1", 1, "H. V. Poor", ["Mung Chiang"]), _m("p2", 2, "H. Vincent Poor", ["M. Chiang", "Zhiguo Ding"]),
    _m("p3", 1, "H. Vincent Poor", ["Zhiguo Ding"]),
    _m("q1", 1, "Li Li", ["Xiaoxiong Zhong", "Yang Qin"], ["cs.NI"], "cognitive radio spectrum"),
    _m("q2", 2, "Li Li", ["Xiaoxiong Zhong"], ["cs.NI"], "cognitive radio routing"),
    _m("q3", 1, "Li Li", ["Kieron Burke"], ["physics.chem-ph"], "machine learning density functionals"),
    _m("r1", 1, "Robert Heath", ["Robert Heath Jr."], ["cs.IT"]), _m("r1", 2, "Robert Heath Jr.", ["Robert Heath"]),
    _m("s1", 1, "David Wilson", ["Ann Lee"], ["cs.CL"]), _m("s2", 1, "David B. Wilson", ["Ann Lee"], ["cs.CL"]),
    _m("s3", 1, "David C. Wilson", ["Ann Lee"], ["cs.CL"]),
]


def test_resolution_joins_and_splits():
    r = resolve_persons(MENTIONS)
    p = r.person
    assert p[("p1", 1)] == p[("p2", 2)] == p[("p3", 1)]  # co-authors, one of them abbreviated
    assert p[("q1", 1)] == p[("q2", 2)] != p[("q3", 1)]  # a common name split by co-authors and topic
    assert p[("r1", 1)] != p[("r1", 2)]  # father and son on one paper
    assert p[("s2", 1)] != p[("s3", 1)]  # "David Wilson" never chains B. to C.
    assert "share co-author" in " ".join(r.evidence[p[("p1", 1)]])
    assert set(r.names[p[("p1", 1)]]) == {"H. V. Poor", "H. Vincent Poor"}


def test_resolution_ignores_input_order():
    first = resolve_persons(MENTIONS).person
    shuffled = list(MENTIONS)
    random.Random(7).shuffle(shuffled)
    assert resolve_persons(shuffled).person == first


def test_one_position_two_sources_is_one_mention_only_for_one_name():
    """Two sources listing one paper: the same or a variant name at a position is one mention (it moves to one
    person); different people at one position (author lists that disagree) are two, never merged into one."""
    rows = [{"paper": "t1", "author": "h-v-poor", "position": 1, "listed_as": "H. V. Poor"},
            {"paper": "t1", "author": "h-vincent-poor", "position": 1, "listed_as": "H. Vincent Poor"},
            {"paper": "t1", "author": "mung-chiang", "position": 2, "listed_as": "Mung Chiang"},
            {"paper": "t1", "author": "zhiguo-ding", "position": 2, "listed_as": "Zhiguo Ding"}]
    mentions, current = mentions_of(rows, {})
    assert sorted(m.name for m in mentions) == ["H. V. Poor", "Mung Chiang", "Zhiguo Ding"]
    assert current[("t1", 1)] == ["h-v-poor", "h-vincent-poor"]
    assert resolve_persons(mentions).person[("t1", 2)] == "mung-chiang"  # Zhiguo Ding stays apart


def test_a_name_written_again_at_a_disputed_position_joins_its_own_mention_whatever_nodes_it_hangs_on():
    """Three sources put three different people first on one paper; one of them was moved to a person of its own by
    an earlier build and is written again under the listed name by a later one. It stays one mention, numbered as
    before: a build in parts gives the mentions one build of everything gives."""
    once = [{"paper": "t1", "author": "ada-osei", "position": 1, "listed_as": "Ada Osei"},
            {"paper": "t1", "author": "lena-novak", "position": 1, "listed_as": "Lena Novak"},
            {"paper": "t1", "author": "tom-park", "position": 1, "listed_as": "Tom Park"},
            {"paper": "t1", "author": "ian-roe", "position": 2, "listed_as": "Ian Roe"}]
    again = once + [{"paper": "t1", "author": "lena-novak~85a5c2", "position": 1, "listed_as": "Lena Novak"}]
    first, _ = mentions_of(once, {})
    later, current = mentions_of(list(reversed(again)), {})
    assert [(m.id, m.name, m.coauthors) for m in later] == [(m.id, m.name, m.coauthors) for m in first]
    lena = next(m.id for m in later if m.name == "Lena Novak")
    assert sorted(current[lena]) == ["lena-novak", "lena-novak~85a5c2"]


def _paper(title, authors, cats=("cs.IT",), year=2012):
    return Paper(key=paper_key(title), title=title, source=SourceRef("ours", "test", "record"), year=year,
                 authors=tuple(parse_given_first(a) for a in authors), categories=tuple(cats))


SOURCE_A = [_paper("Capacity of Relay Channels", ["H. Vincent Poor", "Mung Chiang"]),
            _paper("Secrecy in Fading Channels", ["H. Vincent Poor", "Zhiguo Ding"]),
            _paper("Spectrum Sensing Games", ["Li Li", "Xiaoxiong Zhong"], ["cs.NI"]),
            _paper("Density Functionals Learned", ["Li Li", "Kieron Burke"], ["physics.chem-ph"])]
SOURCE_B = [_paper("Power Control for Relays", ["H. V. Poor", "Mung Chiang"])]


def _load(store, key, papers):
    batch = GraphBatch(key)
    add_source(batch, f"{key}.txt", "test")
    for p in papers:
        add_paper(batch, p)
    store.start_changes()
    store.upsert(batch)
    finish(store)


def _persons(store):
    nodes, edges = store.iter_graph()
    authors = {n["key"]: n for n in nodes if n["label"] == "Author"}
    authored = sorted((e["start"][1], e["end"][1], e["props"].get("position"), tuple(e["sources"]))
                      for e in edges if e["type"] == "AUTHORED")
    return authors, authored


@pytest.fixture(scope="module")
def falkordb(tmp_path_factory):
    with falkordb_server(tmp_path_factory.mktemp("falkordb")) as uri:
        yield uri


def _stores(falkordb, tmp_path, name):
    fdb = open_store(f"{falkordb}/{name}")
    fdb.clear()
    fdb.ensure_schema()
    return [fdb, open_store(f"oxigraph:{tmp_path / name}")]


def test_stage_moves_and_undoes_on_both_stores(falkordb, tmp_path):
    seen = []
    for store in _stores(falkordb, tmp_path, "moves"):
        with store:
            _load(store, "a", SOURCE_A)
            authors, _ = _persons(store)
            assert "h-vincent-poor" in authors
            lis = sorted(k for k in authors if k.startswith("li-li"))
            assert len(lis) == 2 and "li-li" in lis  # two people named Li Li: one keeps the plain key
            with pytest.raises(QueryError) as err:  # a name denoting two people is an error, never a pick
                run_query(store, "coauthors", {"author": "Li Li"})
            assert all(k in str(err.value) for k in lis) and "Kieron Burke" in str(err.value)
            with pytest.raises(QueryError) as err:  # written in another case: still both people
                run_query(store, "coauthors", {"author": "li li"})
            assert all(k in str(err.value) for k in lis)
            assert run_query(store, "coauthors", {"author": lis[1]})  # the key chooses one
            who = run_query(store, "author-identity", {"author": "h-vincent-poor"})
            assert [(r["alias"], r["papers"]) for r in who] == [("H. Vincent Poor", 2)]
            _load(store, "b", SOURCE_B)
            authors, authored = _persons(store)
            assert "h-v-poor" not in authors  # moved onto the person, evidence on the node
            poor = authors["h-vincent-poor"]
            assert poor["props"]["aliases"] == ["H. V. Poor", "H. Vincent Poor"] and "share co-author" in poor["props"]["identity"]
            assert ("h-vincent-poor", paper_key("Power Control for Relays"), 1, ("b",)) in authored
            who = run_query(store, "author-identity", {"author": "H. V. Poor"})  # any name written finds the person
            assert [(r["key"], r["alias"], r["papers"]) for r in who] == [
                ("h-vincent-poor", "H. V. Poor", 3), ("h-vincent-poor", "H. Vincent Poor", 3)]
            after_b = _persons(store)
            _load(store, "b", SOURCE_B)  # loading again changes nothing
            assert _persons(store) == after_b
            store.start_changes()
            store.remove_source("b")
            finish(store)
            authors, authored = _persons(store)
            assert "aliases" not in authors["h-vincent-poor"]["props"]
            assert all(e[0] != "h-v-poor" for e in authored)
            seen.append(after_b)
    assert seen[0] == seen[1]  # FalkorDB and Oxigraph hold the same persons and authorships


def test_deciding_beside_and_writing_behind_change_nothing(monkeypatch, tmp_path):
    """The stage's decision in a child process while the method identity runs (``identity.BESIDE_FROM``), and
    its updates written from a thread chunk after chunk (``identity_write_behind``; one move per chunk), give the
    graph the plain way gives."""
    from scholarkg.resolve import identity
    from scholarkg.stores.oxigraph import OxigraphStore

    graphs = []
    for beside, behind in ((10**9, False), (0, True)):
        monkeypatch.setattr(identity, "BESIDE_FROM", beside)
        monkeypatch.setattr(OxigraphStore, "identity_write_behind", behind)
        monkeypatch.setattr(OxigraphStore, "identity_chunk", 1 if behind else 2000)
        with open_store(f"oxigraph:{tmp_path / str(beside)}") as store:
            _load(store, "a", SOURCE_A)
            _load(store, "b", SOURCE_B)
            graphs.append(store.iter_graph())
            assert store.rankings_state()  # (and the rankings came after)
    assert graphs[0] == graphs[1]
    authors = {n["key"] for n in graphs[1][0] if n["label"] == "Author"}
    assert "h-vincent-poor" in authors and "h-v-poor" not in authors


def test_a_child_that_fails_leaves_the_decision_to_this_process(monkeypatch):
    """No interpreter answers on the pipe (``/bin/false`` as ``sys.executable``): a warning, and the same decision."""
    from scholarkg.resolve import identity

    def row(paper, author, position, listed):
        return {"paper": paper, "author": author, "position": position, "listed_as": listed, "ids": []}

    rows = [row("p1", "h-v-poor", 1, "H. V. Poor"), row("p1", "mung-chiang", 2, "Mung Chiang"),
            row("p2", "h-vincent-poor", 2, "H. Vincent Poor"), row("p2", "mung-chiang", 1, "Mung Chiang"),
            row("p3", "li-li", 1, "Li Li"), row("p3", "wei-xu", 2, "Wei Xu")]
    papers = {p: {"paper": p, "year": 2012, "title": "", "categories": ["cs.IT"], "orgs": []} for p in ("p1", "p2", "p3")}
    ran = []
    monkeypatch.setattr("sys.executable", "/bin/false")
    with pytest.warns(UserWarning, match="child process gave no answer"):
        decision, _ = identity._decide_beside(rows, papers, lambda: ran.append(1))
    assert ran == [1] and decision == identity.decide(rows, papers)
    assert decision.moves and decision.authorships == 6  # (the Poor variants are one person: a move)


def _with_affiliation(paper, name, text):
    authors = tuple(replace(a, affiliations=(text,)) if a.name == name else a for a in paper.authors)
    return replace(paper, authors=authors)


def _memberships(store):
    _, edges = store.iter_graph()
    return sorted((e["start"][1], e["end"][1], tuple(e["sources"])) for e in edges if e["type"] == "MEMBER_OF")


def test_organizations_follow_the_mention_that_moves(falkordb, tmp_path):
    """An author's organization comes from the papers that tie them to it: when the stage moves a mention from a node
    that stays a person to another person, the organization its paper named goes with it (and nowhere else), the same
    in every store; remove-source takes it away again."""
    networks = [_with_affiliation(p, "Li Li", "Tsinghua University") for p in (
        _paper("Spectrum Sensing Games", ["Li Li", "Xiaoxiong Zhong"], ["cs.NI"]),
        _paper("Routing in Sensor Networks", ["Li Li", "Xiaoxiong Zhong"], ["cs.NI"]))]
    chemistry = [_with_affiliation(_paper("Density Functionals Learned", ["Li Li", "Kieron Burke"], ["physics.chem-ph"]),
                                   "Li Li", "University of California, Irvine")]
    seen = []
    for store in _stores(falkordb, tmp_path, "orgs"):
        with store:
            _load(store, "a", networks)
            _load(store, "b", chemistry)
            authors, authored = _persons(store)
            chemist = next(k for k, _, _, src in authored if src == ("b",) and k.startswith("li-li"))
            assert chemist != "li-li" and "li-li" in authors  # the networking Li Li keeps the plain key
            member = _memberships(store)
            assert member == [("li-li", "tsinghua", ("a",)), (chemist, "university-of-california", ("b",))]
            seen.append(member)
            store.start_changes()
            store.remove_source("b")
            finish(store)
            assert _memberships(store) == [("li-li", "tsinghua", ("a",))]
    assert seen[0] == seen[1]


def test_the_stage_is_on_unless_switched_off(monkeypatch, tmp_path):
    monkeypatch.delenv("SCHOLARKG_AUTHOR_IDENTITY")
    assert author_identity_enabled()
    for on in ("1", "on", ""):
        monkeypatch.setenv("SCHOLARKG_AUTHOR_IDENTITY", on)
        assert author_identity_enabled()
    for off in ("0", "off", " False "):
        monkeypatch.setenv("SCHOLARKG_AUTHOR_IDENTITY", off)
        assert not author_identity_enabled()
    with open_store(f"oxigraph:{tmp_path / 'off'}") as store:
        _load(store, "a", SOURCE_A)
        _load(store, "b", SOURCE_B)
        authors, _ = _persons(store)
    assert "h-v-poor" in authors and not any(a["props"].get("aliases") for a in authors.values())  # names, as listed


def test_changes_left_unfinished_are_finished_by_the_next_run(falkordb, tmp_path):
    """A build killed after its writes, before or during the corpus-wide passes, leaves a mark in the store: the next
    ``finish`` runs the passes although it changes nothing, and the graph is the one a whole run gives."""
    whole = []
    for name in ("whole", "cut"):
        for store in _stores(falkordb, tmp_path, name):
            with store:
                _load(store, "a", SOURCE_A)
                assert not store.changes_pending()
                batch = GraphBatch("b")
                add_source(batch, "b.txt", "test")
                for p in SOURCE_B:
                    add_paper(batch, p)
                store.start_changes()
                store.upsert(batch)
                if name == "whole":
                    finish(store)
                    whole.append(_persons(store))
                    continue
                assert store.changes_pending()  # (the kill: no finish in this process)
            with open_store(store.uri if "falkordb" in store.uri else f"oxigraph:{tmp_path / name}") as again:
                assert again.changes_pending()
                assert "identity" in finish(again, changed=False)
                assert not again.changes_pending()
                assert _persons(again) == whole.pop(0)


@pytest.mark.shared
def test_seeds_merge_only_the_two_known_pairs(tmp_path):
    with open_store(f"oxigraph:{tmp_path / 'seeds'}") as store:
        build([SHARED / "seeds"], store, extract=False)
        authors, _ = _persons(store)
    merged = {k: sorted({n["props"]["name"], *n["props"].get("aliases", [])}) for k, n in authors.items()
              if n["props"].get("aliases")}
    assert merged == {"jonathan-lorraine": ["Jon Lorraine", "Jonathan Lorraine"],
                      "warren-r-morningstar": ["Warren Morningstar", "Warren R. Morningstar"]}
    assert not [k for k in authors if "~" in k]  # and nobody split


@pytest.mark.shared
def test_build_without_the_stage(tmp_path):
    """``build --no-author-identity`` leaves every author under the name as listed, on a graph the stage would change."""
    from click.testing import CliRunner

    from scholarkg.cli import main

    out = CliRunner().invoke(main, ["build", str(SHARED / "seeds"), "--store", f"oxigraph:{tmp_path / 'db'}",
                                    "--no-extract", "--no-author-identity", "--quiet"])
    assert out.exit_code == 0, out.output
    with open_store(f"oxigraph:{tmp_path / 'db'}") as store:
        authors, _ = _persons(store)
    assert {"warren-morningstar", "warren-r-morningstar", "jon-lorraine", "jonathan-lorraine"} <= set(authors)
    assert not any(a["props"].get("aliases") for a in authors.values())

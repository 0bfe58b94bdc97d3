"""`scholarkg build` into Oxigraph: determinism, idempotency, provenance, atomic batches, and the seeds graph."""
import io
import shutil

import pytest

from scholarkg.build import build, source_key
from scholarkg.catalog import run_query
from scholarkg.errors import InputError, StoreError
from scholarkg.model import GraphBatch
from scholarkg.sources import iter_papers
from scholarkg.stores import open_store
from scholarkg.validate import validate_store

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

EXAMPLE = ROOT / "examples" / "profile-listing.txt"


def nquads(store) -> str:
    buf = io.StringIO()
    store.dump(buf, "nq")
    return buf.getvalue()


def built(tmp_path, name, inputs, **kw):
    store = open_store(f"oxigraph:{tmp_path / name}")
    build(inputs, store, extract=False, **kw)
    return store


def test_example_graph_has_every_paper_author_and_organization(tmp_path):
    with built(tmp_path, "db", [EXAMPLE]) as store:
        stats = store.stats()
        assert stats["nodes"]["Paper"] == 9 and stats["nodes"]["Source"] == 1
        assert stats["nodes"]["Organization"] == 2  # northwind, kestrel
        rows = run_query(store, "coauthors", {"author": "Mara Lindqvist"})
        assert rows[0] == {"coauthor": "Aiko Tanabe", "papers": 3, "first_year": 2021, "last_year": 2025}
        assert validate_store(store)[0]


def test_build_twice_changes_nothing_and_skips_unchanged_files(tmp_path):
    with built(tmp_path, "db", [EXAMPLE]) as store:
        before = nquads(store)
        report = build([EXAMPLE], store, extract=False)
        assert report.sources_unchanged == 1 and report.papers == 0
        report = build([EXAMPLE], store, extract=False, force=True)
        assert report.papers == 9
        assert nquads(store) == before


def test_changed_file_replaces_its_graph(tmp_path):
    listing = tmp_path / "listing.txt"
    shutil.copy(EXAMPLE, listing)
    with built(tmp_path, "db", [listing]) as store:
        old_key = source_key(listing)
        text = listing.read_text().replace("A Short Note on Warm Restarts", "A Longer Note on Warm Restarts")
        listing.write_text(text)
        report = build([listing], store, extract=False)
        assert report.sources_replaced == 1
        assert [s["key"] for s in store.sources()] == [source_key(listing)] != [old_key]
        rows = store._select("SELECT ?t WHERE { ?p a <http://schema.org/ScholarlyArticle> ; <http://schema.org/name> ?t }")
        titles = {r["t"] for r in rows}
        assert "A Longer Note on Warm Restarts" in titles and "A Short Note on Warm Restarts" not in titles
        assert store.stats()["nodes"]["Paper"] == 9


def test_a_failing_batch_writes_nothing(tmp_path):
    with built(tmp_path, "db", [EXAMPLE]) as store:
        before = nquads(store)
        batch = GraphBatch("broken-source")
        batch.add_node("Paper", "tnew", title="Would be new")
        batch.add_node("Author", "someone", name="Someone")
        batch.add_edge("AUTHORED", ("Author", "someone"), ("Paper", "tnew"), position=0)
        batch.add_node("Planet", "mars", name="Mars")  # no RDF mapping: the batch must fail whole
        with pytest.raises(StoreError, match="Planet"):
            store.upsert(batch)
        assert nquads(store) == before


def test_a_crash_half_way_is_completed_by_a_rerun(tmp_path):
    bad = tmp_path / "listing.txt"
    text = EXAMPLE.read_text()
    # an entry with a date line and no title, after the first three papers: with --on-error fail the build stops
    cut = text.index("CLNov 2, 2023")
    bad.write_text(text[:cut] + "LGJan 1, 2020\n" + text[cut:])
    with open_store(f"oxigraph:{tmp_path / 'db'}") as store:
        with pytest.raises(InputError, match="no title"):
            build([bad], store, extract=False, on_error="fail", batch_size=2)
        partial = store.sources()
        assert partial and not partial[0]["complete"]
        report = build([bad], store, extract=False, on_error="skip", batch_size=2)
        assert report.papers == 9 and len(report.errors) == 1
        assert store.sources()[0]["complete"] is True
        crashed_then_fixed = nquads(store)
    with built(tmp_path, "clean", [bad], on_error="skip", batch_size=2) as clean:
        assert nquads(clean) == crashed_then_fixed


# ------------------------------------------------------------------ the seeds

@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory, seeds):
    store = open_store(f"oxigraph:{tmp_path_factory.mktemp('seeds') / 'db'}")
    build([seeds], store, extract=False)
    yield store
    store.close()


@pytest.mark.shared
def test_seeds_twice_give_byte_identical_nquads(tmp_path, seeds, seeds_store):
    with built(tmp_path, "again", [seeds]) as again:
        assert nquads(again) == nquads(seeds_store)


@pytest.mark.shared
def test_001_then_004_equals_both_at_once(tmp_path, seeds, seeds_store):
    one, four = seeds / "001_87e66b188c6948de.txt", seeds / "004_1528f3380a3e320a.txt"
    with built(tmp_path, "a", [one]) as a:
        build([four], a, extract=False)
        with built(tmp_path, "b", [one, four]) as b:
            assert nquads(a) == nquads(b)
        with built(tmp_path, "c", [four, one]) as c:
            assert nquads(a) == nquads(c)


@pytest.mark.shared
def test_remove_source_then_readd_restores_the_graph(tmp_path, seeds):
    four = seeds / "004_1528f3380a3e320a.txt"
    with built(tmp_path, "db", [seeds]) as store:
        full, full_stats = nquads(store), store.stats()
        removed = store.remove_source(source_key(four))
        assert removed > 0
        after = store.stats()
        assert after["nodes"]["Paper"] == full_stats["nodes"]["Paper"] - 8  # 2 of its 10 papers are also in 001
        assert source_key(four) not in {s["key"] for s in store.sources()}
        build([seeds], store, extract=False)
        assert nquads(store) == full


@pytest.mark.shared
def test_seeds_graph_validates_and_holds_every_paper_with_its_authors(seeds, seeds_store):
    conforms, text = validate_store(seeds_store)
    assert conforms, text
    papers = list(iter_papers([seeds]))
    assert seeds_store.stats()["nodes"]["Paper"] == len({p.key for p in papers}) == 304
    for paper in papers:
        rows = seeds_store._select(
            "SELECT ?name WHERE { ?p <https://w3id.org/scholarkg/ontology#key> $key ; <http://schema.org/author> ?a . "
            "?a <http://schema.org/name> ?name }", {"key": paper.key})
        names = {r["name"] for r in rows}
        assert {a.name for a in paper.authors} <= names, paper.title
        if paper.profile_owner:
            assert paper.profile_owner in names, paper.title


@pytest.mark.shared
def test_seed_collaborations(seeds_store):
    rows = run_query(seeds_store, "coauthors", {"author": "Roger Grosse"})
    assert [(r["coauthor"], r["papers"]) for r in rows[:3]] == [("Juhan Bae", 10), ("Guodong Zhang", 8), ("Yuhuai Wu", 8)]
    toy = seeds_store._select(
        "SELECT ?name WHERE { ?p <http://schema.org/name> 'Toy Models of Superposition' ; <http://schema.org/author> ?a . "
        "?a <http://schema.org/name> ?name }")
    assert "Roger Grosse" in {r["name"] for r in toy}
    alemi = run_query(seeds_store, "coauthors", {"author": "Alemi, Alexander A."})
    assert alemi[0]["coauthor"] == "Ian Fischer"

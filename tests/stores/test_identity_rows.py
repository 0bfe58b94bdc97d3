"""The identity rows a build into an empty embedded store collects as it writes (``stores.identity_rows``) are the
rows the store itself returns; where it held anything before, the store is read."""
import pytest

from conftest import SHARED
from scholarkg import build as build_module
from scholarkg.model import AuthorRef, GraphBatch, Paper, SourceRef
from scholarkg.resolve.graph import add_paper, add_source
from scholarkg.sources.text import paper_key
from scholarkg.stores import open_store
from scholarkg.stores.rdf_identity import RdfIdentity


def _rows(authorships, papers):
    """Both reads in one comparable form (order and the order of lists aside)."""
    return (sorted((r["paper"], r["author"], r["position"], r["listed_as"], sorted(r["ids"])) for r in authorships),
            sorted((r["paper"], r["year"], r["title"], sorted(r["categories"]), sorted(r["orgs"])) for r in papers))


def _collected_and_read(store):
    assert store._collected is not None, "the rows were not collected"
    collected = _rows(store.identity_authorships(), store.identity_papers())
    read = _rows(RdfIdentity.identity_authorships(store), RdfIdentity.identity_papers(store))
    return collected, read


TITLE = "Capacity of Relay Channels"


def _batch(key, papers):
    batch = GraphBatch(key)
    add_source(batch, f"{key}.txt", "test")
    for p in papers:
        add_paper(batch, p)
    return batch


def _paper(title, authors, cats, year):
    return Paper(key=paper_key(TITLE), title=title, source=SourceRef("ours", "test", "record"), year=year,
                 authors=tuple(authors), categories=tuple(cats))


# The same paper in two inputs: the authors in another order (positions), a name listed two ways under one key,
# other identifiers, another year, title case and categories; an affiliation; a paper in one input only.
SOURCE_A = [_paper(TITLE, [AuthorRef("Mung Chiang", ids={"s2": "11"}),
                           AuthorRef("H. Vincent Poor", orcid="0000-0002-2062-131X",
                                     affiliations=("Princeton University",))], ["cs.IT"], 2013)]
SOURCE_B = [_paper(TITLE.lower(), [AuthorRef("H. Vincent Poor", ids={"s2": "99", "dblp": "p/HVincentPoor"}),
                                   AuthorRef("MUNG CHIANG")], ["cs.NI", "cs.IT"], 2012),
            Paper(key=paper_key("Secrecy in Fading Channels"), title="Secrecy in Fading Channels",
                  source=SourceRef("ours", "test", "record"), authors=(AuthorRef("Zhiguo Ding"),))]


def test_collected_rows_are_the_rows_the_store_returns(tmp_path):
    with open_store(f"oxigraph:{tmp_path / 'kg'}") as store:
        store.start_changes()
        store.upsert(_batch("a", SOURCE_A))
        prepare = store.preparer()
        store.write_group([prepare(_batch("b", SOURCE_B)), prepare(_batch("c", SOURCE_A[:1]))])
        collected, read = _collected_and_read(store)
        assert collected == read
        authorships, papers = read
        chiang = [r for r in authorships if r[1] == "mung-chiang"]
        assert chiang and chiang[0][2:] == (1, "MUNG CHIANG", ["s2:11"])  # smallest position and name, ids together
        assert len(papers) == 2 and papers[0][1:5] == (2012, TITLE, ["cs.IT", "cs.NI"], ["princeton"])
        # each read is answered once from the collection, then from the store (the same rows)
        assert _rows(store.identity_authorships(), store.identity_papers()) == read


def test_a_store_that_held_anything_is_read(tmp_path):
    with open_store(f"oxigraph:{tmp_path / 'kg'}") as store:
        store.start_changes()
        store.upsert(_batch("a", SOURCE_A))
        store.finish_changes()
        assert store._collected is None  # (an update landed: the rankings)
        store.start_changes()
        assert store._collected is None  # (not empty)
        store.upsert(_batch("b", SOURCE_B))
        assert store._collected is None
    with open_store(f"oxigraph:{tmp_path / 'kg2'}") as store:
        store.start_changes()
        store.upsert(_batch("a", SOURCE_A))
        store.upsert(_batch("b", SOURCE_B))
        assert store._collected is not None
        store.remove_source("a")
        assert store._collected is None
        assert _rows(store.identity_authorships(), store.identity_papers()) == _rows(
            RdfIdentity.identity_authorships(store), RdfIdentity.identity_papers(store))


@pytest.mark.shared
@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_of_inputs_that_share_papers_collects_the_rows_the_store_returns(monkeypatch, tmp_path, workers):
    """Two arXiv formats that share 8 papers, through the build's writer (groups of batches, worker processes)."""
    seen = []

    def finish(store, changed=True, author_identity=None):
        seen.append(_collected_and_read(store))
        return {"finish": 0.0}

    monkeypatch.setattr(build_module, "finish", finish)
    formats = SHARED / "data" / "formats"
    with open_store(f"oxigraph:{tmp_path / 'kg'}") as store:
        build_module.build([formats / "arxiv_kaggle_jsonl", formats / "arxiv_oai_xml"], store, extract=False,
                           workers=workers, batch_size=7)
    [(collected, read)] = seen
    assert collected == read
    assert len({r[0] for r in read[0]}) == len(read[1]) > 8

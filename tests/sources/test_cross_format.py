"""The same paper read from two formats gets the same key, so the graph merges it."""
import pytest

from pathlib import Path

from conftest import SHARED
from scholarkg.sources import ErrorSink, iter_papers

FORMATS = SHARED / "data" / "formats"


def by_key(folder):
    return {p.key: p for p in iter_papers([FORMATS / folder], errors=ErrorSink("skip"))}


@pytest.mark.shared
def test_arxiv_json_and_oai_agree_on_shared_papers():
    kaggle, oai = by_key("arxiv_kaggle_jsonl"), by_key("arxiv_oai_xml")
    common = set(kaggle) & set(oai)
    assert len(common) == 8
    for key in common:  # the key follows the paper, and the identifiers agree
        assert kaggle[key].arxiv_id == oai[key].arxiv_id
        assert kaggle[key].published == oai[key].published


@pytest.mark.shared
def test_bibtex_pmlr_and_semantic_scholar_meet():
    bib, pmlr, s2 = by_key("bibtex"), by_key("csl_yaml_pmlr"), by_key("semantic_scholar")
    [glorot] = set(bib) & set(pmlr)
    assert pmlr[glorot].title == "Understanding the difficulty of training deep feedforward neural networks"
    [turing] = set(bib) & set(s2)
    assert bib[turing].title == "Computing machinery and intelligence"
    assert s2[turing].doi == "10.1093/mind/lix.236.433"


def test_one_path_given_as_a_string_or_path_is_one_input():
    listing = Path(__file__).resolve().parents[2] / "examples" / "profile-listing.txt"
    as_list = [p.key for p in iter_papers([listing])]
    assert as_list and [p.key for p in iter_papers(str(listing))] == as_list == [p.key for p in iter_papers(listing)]

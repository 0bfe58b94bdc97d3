"""Acronyms the lists spell out: the arXiv corpus's own definitions decide which long form one stands for
(``scripts/build_gazetteer.py``, ``contested_acronyms``), and the shipped gazetteer is what that rule makes of it."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from scholarkg.extract import extract
from scholarkg.model import Paper, SourceRef
from scholarkg.resources import resource
from script_modules import load_script


def _script():
    return load_script("build_gazetteer")


def _entry(key, name, aliases):
    return {"key": key, "name": name, "aliases": list(aliases)}


def test_an_acronym_most_papers_define_otherwise_leaves_the_listed_entry():
    build = _script()
    table = {"amp": _entry("adversarial-model-perturbation", "Adversarial Model Perturbation", ["AMP"]),
             "lda": _entry("linear-discriminant-analysis", "linear discriminant analysis", ["LDA"]),
             "lat": _entry("latent-dirichlet-allocation", "latent Dirichlet allocation", []),
             "sgd": _entry("stochastic-gradient-descent", "stochastic gradient descent", ["SGD"]),
             "cbr": _entry("case-based-reasoning", "case-based reasoning", ["CBR"])}
    table = {e["key"]: e for e in table.values()}
    votes = {"AMP": Counter({"approximatemessagepassing": 5, "asymmetricmulticoreprocessor": 1}),
             "LDA": Counter({"latentdirichletallocation": 3, "lineardiscriminantanalysi": 1}),
             "SGD": Counter({"stochasticgradientdescent": 9, "subgradientdescent": 1}),
             "CBR": Counter({"casebasedreasoning": 1})}  # one paper is no evidence either way
    moves = build.contested_acronyms(table, votes)
    assert sorted(moves) == [("AMP", "adversarial-model-perturbation", None),
                             ("LDA", "linear-discriminant-analysis", "latent-dirichlet-allocation")]
    assert table["adversarial-model-perturbation"]["aliases"] == []
    assert table["latent-dirichlet-allocation"]["aliases"] == ["LDA"]
    assert table["stochastic-gradient-descent"]["aliases"] == ["SGD"]
    assert table["case-based-reasoning"]["aliases"] == ["CBR"]
    # an even split is no majority for the list's meaning: the acronym leaves, and joins nothing
    even = {"x": _entry("x", "extra x", ["EX"])}
    assert build.contested_acronyms(even, {"EX": Counter({"extrax": 2, "exampl": 2})}) == [("EX", "x", None)]


def _methods(text):
    paper = Paper(key="t:1", title="A study", source=SourceRef("t", "test", "1"), abstract=text)
    return {(m.mention, m.key) for m in extract(paper).methods}


def _shipped_methods():
    entries = {}
    with open(resource("data", "gazetteer", "methods.jsonl"), encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            entries[e["key"]] = e
    return entries


def test_the_shipped_lists_read_acronyms_as_the_arxiv_corpus_mostly_defines_them():
    entries = _shipped_methods()
    assert "LDA" in entries["latent-dirichlet-allocation"]["aliases"]
    assert "LDA" not in entries["linear-discriminant-analysis"]["aliases"]
    assert "AMP" not in entries["adversarial-model-perturbation"]["aliases"]
    found = _methods("We fit LDA to the reviews and run AMP on the sparse signal.")
    assert ("LDA", "latent-dirichlet-allocation") in found
    assert not {k for _, k in found} & {"adversarial-model-perturbation", "linear-discriminant-analysis"}


@pytest.mark.shared
def test_the_shipped_lists_are_what_the_rule_makes_of_the_corpus(shared):
    build = _script()
    votes = build.corpus_definitions(shared / "data" / "arxiv-oai-cs-2016")
    with open(resource("data", "gazetteer", "methods.jsonl"), encoding="utf-8") as f:
        table = {e["key"]: e for e in map(json.loads, f)}
    # the shipped table is the rule's fixed point: nothing left to move
    assert build.contested_acronyms(table, votes) == []
    assert votes["LDA"]["latentdirichletallocation"] > 2 * votes["LDA"]["lineardiscriminantanalysi"]


def test_a_paper_that_defines_an_acronym_its_own_way_keeps_its_meaning_in_the_singular_and_plural():
    # the lists read GAN as generative adversarial network; this paper defines GANs otherwise
    found = _methods("We propose graph alignment networks (GANs) for parsing. Each GAN layer aligns two graphs.")
    assert {k for _, k in found} == {"graph-alignment-networks"}  # "GAN" too, not generative adversarial network


def test_acronyms_most_papers_define_as_no_technique_are_listed_as_such():
    build = _script()
    abstracts = ["We measure the slot error ratio (SER) of the link.", "A low slot error ratio (SER) helps.",
                 "The stacked echo regressor (SER) is trained.", "Its slot error ratio (SER) drops.",
                 "The uplink relay station (URS) sleeps.", "Each uplink relay station (URS) wakes.",  # two papers only
                 "A cell grid system (CGS) and the cell grid system (CGS)", "a cell grid system (CGS)",
                 "our cell grid system (CGS)"]
    assert build.no_technique_acronyms(abstracts, {}) == ["CGS", "SER"]
    listed = {"x": _entry("x", "cell grid search", ["CGS"])}  # a name the lists hold is never listed here
    assert build.no_technique_acronyms(abstracts, listed) == ["SER"]


def test_an_acronym_the_corpus_defines_as_no_technique_is_no_method_where_a_paper_leaves_it_undefined():
    from scholarkg.extract.acronyms import no_technique_acronyms
    assert {"SINR", "CSI", "MANET"} <= no_technique_acronyms()
    assert not any(m for m, _ in _methods("The SINR of each user and the CSI of every MANET link are known."))
    # a paper that defines it as a technique keeps it
    kept = {k for _, k in _methods("We propose selective iterative noise reduction (SINR) for speech, and SINR helps.")}
    assert kept & {"sinr", "selective-iterative-noise-reduction"}


@pytest.mark.shared
def test_the_shipped_no_technique_acronyms_are_what_the_corpus_makes():
    from scholarkg.extract.acronyms import no_technique_acronyms
    from scholarkg.sources import iter_papers
    from conftest import SHARED
    papers = iter_papers([SHARED / "data" / "arxiv-oai-cs-2016"])
    made = _script().no_technique_acronyms((p.abstract for p in papers), _shipped_methods())
    assert set(made) == no_technique_acronyms()


def test_acronyms_most_papers_define_as_one_method_phrase_are_listed_with_it():
    build = _script()
    abstracts = ["We run stochastic dual coordinate ascent (SDCA) here.", "Plain stochastic dual coordinate ascent (SDCA)",
                 "the stochastic dual coordinate ascent (SDCA) solver", "A sparse dual coding algorithm (SDCA) too",
                 "a random tree search (RTS) and", "the random tree search (RTS)",  # two papers only
                 "the base station (BS) a", "each base station (BS) b", "every base station (BS) c",  # no technique
                 "a storage area network (SAN) x", "the storage area network (SAN) y", "one storage area network (SAN)"]
    assert build.technique_acronyms(abstracts, {}) == {"SDCA": "stochastic dual coordinate ascent"}
    listed = {"x": _entry("x", "stochastic dual coordinate ascent", ["SDCA"])}  # what the lists hold is left to them
    assert build.technique_acronyms(abstracts, listed) == {}


@pytest.mark.shared
def test_the_shipped_technique_acronyms_are_what_the_corpus_makes():
    from scholarkg.extract.acronyms import technique_acronyms
    from scholarkg.sources import iter_papers
    from conftest import SHARED
    papers = iter_papers([SHARED / "data" / "arxiv-oai-cs-2016"])
    made = _script().technique_acronyms([p.abstract for p in papers], _shipped_methods())
    assert made == technique_acronyms()
    assert technique_acronyms()["SVRG"] == "stochastic variance-reduced gradient"

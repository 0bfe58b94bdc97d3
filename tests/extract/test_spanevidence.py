"""The corpus evidence the span model reads (scholarkg.extract.spanevidence, scripts/build_span_evidence.py)."""
import numpy as np
import spacy

from script_modules import load_script
from scholarkg.extract import spanevidence, spanmodel
from scholarkg.extract.spanevidence import Evidence, unpack

build = load_script("build_span_evidence")


def key_of(words: str) -> int:
    """The hash the span model gives these words as one candidate span."""
    doc = spacy.blank("en")(words)
    doc_of, facts = spanmodel.span_facts([doc])
    whole = [k for k, (s, e) in enumerate(zip(facts.s, facts.e)) if s == 0 and e == len(doc)]
    return int(facts.span_lower[whole[0]])


def test_words_many_abstracts_define_and_capitalise_get_codes_and_one_off_words_none():
    papers = []
    for n in range(6):  # a title, then an abstract
        papers += [f"Notes on topic {n}",
                   f"We fit the model with Quorum Descent (QD) and a quorum descent algorithm. Then wobbly frame {n} runs."]
    papers += ["One more title", "A Shimmering Lattice appears once here."]
    table, counted = build.build(papers)
    assert counted >= 10
    papers_b, defined, capitalised, headed = unpack(int(table.lookup(np.array([key_of("Quorum Descent")],
                                                                                  np.uint64))[0]))
    assert papers_b == 2  # six abstracts: 4-15
    assert defined == 2  # followed by "(QD)" six times
    assert capitalised == 2  # capitalised in six of its twelve occurrences, none at a sentence's start
    assert headed == 3  # "algorithm" follows half of them
    assert table.lookup(np.array([key_of("Shimmering Lattice")], np.uint64))[0] == 0  # one abstract: no code


def test_an_empty_table_gives_every_span_code_zero_and_lookup_keeps_the_order():
    keys = np.array([5, 1, 9], np.uint64)
    assert Evidence.empty().lookup(keys).tolist() == [0, 0, 0]
    table = Evidence(np.array([9, 1], np.uint64), np.array([7, 3], np.uint16))
    assert table.lookup(keys).tolist() == [0, 3, 7]


def test_the_shipped_table_knows_common_technique_names():
    table = spanevidence.default_evidence()
    assert len(table.keys) > 100_000
    for name in ("support vector machine", "Gaussian process", "stochastic gradient descent"):
        assert unpack(int(table.lookup(np.array([key_of(name)], np.uint64))[0]))[0] >= 3, name

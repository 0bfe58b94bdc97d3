"""The speed-ups of session 11 answer as the code they replaced: each fast path is checked against the slow form it
stands for (kept here as the reference), on sentences of our own and on awkward inputs (overlapping names, regex
characters in names, upper case, non-breaking spaces, characters whose case folds specially)."""
import itertools
import re

import numpy as np
import pytest

from scholarkg.extract import endpoints, referents, spanmodel
from scholarkg.extract.endpoints import _CLASSES, _TASK_AFTER, _TASK_BEFORE, _alternatives


# ---------------------------------------------------------------- endpoints: one compiled pattern per call (the old way)

def _called_reference(forms, text):
    names = _alternatives(forms)
    if not names:
        return False
    return re.search(rf"(?<![\w\-])(?:{names})(?:\s*\([^()]{{1,30}}\))?\s*(?:,\s*|\s+(?:is|are)\s+)(?:an?|the)\s+"
                     rf"(?:[\w\-]+\s+){{0,3}}?(?:{_CLASSES})\b|\bthe\s+(?:{names})\s+(?:{_CLASSES})\b|"
                     rf"(?<![\w\-])(?:{names})\s*\((?:[^()]{{1,60}}\s)?(?:{_CLASSES})\)|"
                     rf"\b(?:an?|the|this)\s+(?:[\w\-]+\s+){{0,4}}?(?:{_CLASSES})\s*,?\s*(?:(?:which|that)\s+we\s+)?"
                     rf"(?:namely|called|named|termed|dubbed|i\.e\.,?|call)\s+(?:the\s+)?(?:{names})(?![\w\-])",
                     text, re.I) is not None


def _task_reference(text, forms):
    names = _alternatives(forms)
    if not names:
        return False
    return re.search(rf"(?<![\w\-])(?:{names}){_TASK_AFTER}|{_TASK_BEFORE}(?:{names})(?![\w\-])", text, re.I) is not None


def _for_reference(forms, text):
    names = _alternatives(forms)
    return bool(names) and re.search(rf"\b(?:approach|method|algorithm|framework|technique|solution)s?\s+(?:for|to)\s+"
                                     rf"(?:the\s+)?(?:{names})(?![\w\-])", text, re.I) is not None


TEXTS = [
    "We build Quokka, a query language for sparse tensors, and compare it with the Quokka system of 2010.",
    "Here the Grove engine schedules jobs; Grove (Graph Rewriting Over Versioned Edges) is fast.",
    "We define a new scoring metric, namely Tail Recall (TR), and a divergence which we call the Skew gap.",
    "Solving the Quokka-lite instances is hard: the MinCut problem and the problem of Sparse Cover are NP-hard.",
    "An approach for the Sparse Cover task and methods to Tail Recall exist; a method for tail recall too.",
    "THE QUOKKA SYSTEM, i.e., QL, is a LANGUAGE; ql is not.",
    "Grove-like tools and preGrove differ from the grove   systems, as the the the logic shows.",
    "The Skew gap (SG) is a measure, and SG is an upper bound of Tail Recall.",
    "a.b (x) is the a.b standard; we call this metric, i.e., a.b, the tail.",
    "Quokka\u00a0is\u00a0a\u00a0language and the\u00a0Grove\u00a0engine run on the \u212aelvin device.",
    "In the  MinCut engine, a Sparse Cover is the\nTR prototype.",
]
FORMS = [{"Quokka"}, {"Grove"}, {"Tail Recall", "TR"}, {"Skew gap"}, {"MinCut"}, {"Sparse Cover"}, {"QL", "ql"},
         {"the the"}, {"a.b"}, {"x"}, {"SG", "Skew gap"}, {"tail recall", "Quokka-lite"}, {"kelvin"}, {"grove"}, set()]


@pytest.mark.parametrize("text", TEXTS)
def test_endpoint_checks_answer_as_one_pattern_of_the_names(text):
    for forms in FORMS:
        assert endpoints.called_no_technique(forms, text) == _called_reference(forms, text), forms
        assert endpoints._written_as_task(text, forms) == _task_reference(text, forms), forms
        subject = endpoints.subject_method(forms, text)
        assert subject == (not any(_object_or_class(f) for f in forms) and (
            not _alternatives(forms) or not _called_reference(forms, text) and (
                any(endpoints._COINED.search(f) for f in forms) or not _for_reference(forms, text)))), forms


def _object_or_class(form):
    words = form.lower().split()
    return not words or endpoints._object_task(form) or (len(words) >= 2 and words[-1] in endpoints.NOT_TECHNIQUE_CLASSES)


def test_the_checks_see_overlapping_places_of_a_name():
    # the first "the the" is followed by "the", only the second one by a class word
    assert endpoints.called_no_technique({"the the"}, "Then the the the logic fails.") is True
    assert endpoints._occurrences({"aa"}, "aaa") == [(0, 2), (1, 3)]
    assert endpoints._occurrences({"x", ""}, "x x") == []


# ---------------------------------------------------------------- referents: the patterns only where their words are

SENTENCES = [
    "Our method extends the tree search.", "Moreover, our new model learns faster.", "The proposed scheme wins.",
    "It is known that trees help.", "It builds on the first one.", "Thus,it builds on it.", "With it we win.",
    "This algorithm is faster.", "In our experiments, this new framework wins.", "Empirically ,\nit works.",
    "These models converge.", "Both the methods converge.", "The two networks share weights.", "Bother nobody.",
    "Tests on four corpora show that our approach helps.", "It\u00a0works.", "it\tworks", "Item sets are mined.",
    "Results show that these grammars parse faster.", "They outperform it.", "This", "it", "",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_reference_patterns_are_tried_wherever_they_could_match(sentence):
    own = "our" in sentence or "Our" in sentence or "proposed" in sentence or "new" in sentence or "resulting" in sentence
    if referents._OWN.match(sentence):
        assert own
    if referents._THIS.match(sentence):
        assert referents._may_open(sentence, ("it", "It", "this", "This"))
    if referents._THESE.match(sentence):
        assert "hese" in sentence or "oth" in sentence or "two" in sentence


def test_may_open_needs_a_word_start_and_a_space_after():
    assert referents._may_open("Thus, it works", ("it",)) and referents._may_open("it\u00a0works", ("it",))
    assert not referents._may_open("With item sets", ("it",)) and not referents._may_open("ends with it", ("it",))


# ---------------------------------------------------------------- span model

def test_gazetteer_column_is_the_dict_lookup_per_span():
    gaz = {(0, 2): 7, (3, 4): 2 ** 64 - 1, (5, 20): 9, (6, 6): 4, (8, 9): 5}
    spans = np.array([(a, b) for a, b in itertools.product(range(10), range(10)) if 0 < b - a <= spanmodel.MAX_LEN])
    expected = np.array([gaz.get((a, b), 0) for a, b in spans.tolist()], np.uint64)
    assert (spanmodel._gazetteer_column(gaz, spans[:, 0], spans[:, 1]) == expected).all()
    assert not spanmodel._gazetteer_column({}, spans[:, 0], spans[:, 1]).any()


@pytest.mark.parametrize("word", ["model", "Model", "mODEL", "k2", "2k", "2024", "x", "", "ǅemal", "ⓐbc", "ß", "ﬁne",
                                  "état", "naïve", "u\u0301", "ⅰ", "ab٣"])
def test_namey_words_as_before(word):
    slow = bool(word) and (word[0].isupper() or any(c.isupper() for c in word[1:]) or
                           (any(c.isdigit() for c in word) and any(c.isalpha() for c in word)))
    assert spanmodel._is_namey(word) == slow


def test_logits_take_the_same_rows():
    rng = np.random.default_rng(0)
    model = spanmodel.SpanModel(rng.normal(size=(64, 3)).astype(np.float32), np.zeros(3, np.float32))
    rows = rng.integers(0, 64, size=(50, len(spanmodel.TEMPLATES)))
    logits = model.weights[rows].sum(axis=1)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    assert np.array_equal(model.probabilities(rows), e / e.sum(axis=1, keepdims=True))


# ---------------------------------------------------------------- naming

@pytest.mark.parametrize("text", ["QRX algorithm first, then the ZZTs toolkit", "a-QRX algorithm and xQRX method",
                                  "(QRXa) method, QR algorithms, Q algorithm, QRX\nscheme", "ÉQRX algorithm; _QRX method"])
def test_acronyms_before_a_class_word_as_with_the_look_behind_first(text):
    from scholarkg.extract import naming
    from scholarkg.extract.words import ACRONYM_CLASSES
    slow = re.compile(r"(?<![\w\-])([A-Z]{2,}[a-z]?)(?:s)?\s+(?:" + "|".join(sorted(ACRONYM_CLASSES)) + r")\b")
    assert [m.span(1) for m in naming._ACRONYM_BEFORE_CLASS.finditer(text)] == [m.span(1) for m in slow.finditer(text)]


@pytest.mark.parametrize("text", ["Quokka, a tree search, is proposed.", "Quokka is newly introduced here.",
                                  "Grove are presented and developed.", "It is being proposed.", "Is Proposed."])
def test_passive_proposals_are_searched_wherever_a_verb_is(text):
    from scholarkg.extract.paper import _PASSIVE_PROPOSAL
    if _PASSIVE_PROPOSAL.search(text):
        assert any(v in text for v in ("proposed", "introduced", "presented", "developed"))


def test_docs_parts_are_the_parts_np_split_gives():
    from scholarkg.extract import build_pipeline
    nlp = build_pipeline()
    docs = [nlp.make_doc(t) for t in ("We train Deep Belief Networks on MNIST.", "", "Adam and AdamW on CIFAR-10 (C10).",
                                       "no names here", "K-FAC")]
    for part in (docs, docs[:1], docs[1:2], []):
        b = spanmodel._Batch(part)
        spans = spanmodel._candidates(b)
        feats = spanmodel._features(b, spans)
        cuts = np.searchsorted(spans[:, 0], b.offsets[1:-1]) if len(part) > 1 else []
        expected = [(sp - b.offsets[k], f) for k, (sp, f) in enumerate(zip(np.split(spans, cuts), np.split(feats, cuts)))]
        got = spanmodel._featurize(part)
        assert len(got) == len(expected)
        assert all(np.array_equal(s, es) and np.array_equal(f, ef) for (s, f, _), (es, ef) in zip(got, expected))

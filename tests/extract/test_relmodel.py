"""The relation classifier: training is deterministic, a trained model finds what it was taught, survives a save
and load, and only adds relations the rules did not decide; bad training input names its file and line."""
import json
import re

import numpy as np
import pytest

from scholarkg.errors import InputError
from scholarkg.extract.lineage import Located, find_relations
from scholarkg.extract.relmodel import RelationModel, packaged_model, using_model
from scholarkg.extract.reltrain import RulePairs, fit, gold_examples, scierc_examples, train


def doc(abstract, methods, relations=(), proposed=()):
    return {"abstract": abstract,
            "methods": [{"text": m, "canonical": m, "aliases": [], "role": "proposed" if m in proposed else "used"}
                        for m in methods],
            "relations": [{"type": t, "source": s, "target": o} for t, s, o in relations]}


# sentences we wrote: "X rests on Y" is a wording the rules do not know, so only a model can learn it
DOCS = [
    doc(f"We present {a}. {a} rests on {b} for its updates, and {c} is unrelated to {d}.", [a, b, c, d],
        [("USES", a, b)], proposed=[a])
    for a, b, c, d in [("Quill", "Adam", "Lasso", "Ridge"), ("Kestrel", "dropout", "PCA", "ICA"),
                       ("Nimbus", "SGD", "BM25", "TF-IDF"), ("Pivot", "LoRA", "Ward", "DBSCAN"),
                       ("Glide", "AdaGrad", "LDA", "NMF"), ("Sprout", "RMSProp", "SVM", "CRF")]
]


def located(text, names):
    return [Located("method", n, m.start(), m.end()) for n in names for m in re.finditer(re.escape(n), text)]


def test_training_is_deterministic():
    examples = [e for d in DOCS for e in gold_examples(d)]
    assert {label for _, label in examples} == {"USES>", "NONE"}
    assert np.array_equal(train(examples, seed=3), train(examples, seed=3))


def test_a_trained_model_finds_the_wording_it_learned_and_survives_save_and_load(tmp_path):
    model = fit(DOCS, folds=2, precision=0.5)
    path = tmp_path / "relations.npz"
    model.save(path)
    loaded = RelationModel.load(path)
    assert loaded.threshold == pytest.approx(model.threshold)
    text = "We present Falcon. Falcon rests on Adam for its updates."
    mentions = located(text, ["Falcon", "Adam"])
    with using_model(None):
        assert find_relations(text, mentions, {"Falcon"}, set()) == []
    with using_model(loaded):
        found = find_relations(text, mentions, {"Falcon"}, set())
    assert [(r.type, r.head, r.tail) for r in found] == [("USES", "Falcon", "Adam")]
    assert found[0].by.startswith("model ")


def test_the_model_never_overrides_what_the_rules_decided():
    model = fit(DOCS, folds=2, precision=0.5)
    text = "We present Falcon. Falcon outperforms Adam."
    with using_model(model):
        found = find_relations(text, located(text, ["Falcon", "Adam"]), {"Falcon"}, set())
    assert [(r.type, r.head, r.tail, r.by) for r in found] == [("OUTPERFORMS", "Falcon", "Adam", "rules")]


def test_rule_pairs_are_weak_labels_without_the_rule_feature():
    text = "Foo extends Adam. Bar is unrelated to Baz."
    with using_model(RulePairs()) as seen:
        find_relations(text, located(text, ["Foo", "Adam", "Bar", "Baz"]), set(), set())
    labels = [label for _, label in seen.examples]
    assert labels[0] == "EXTENDS>" and set(labels[1:]) == {"NONE"}
    assert not any(f.startswith("rule") for feats, _ in seen.examples for f in feats)


def test_no_model_is_shipped_active():
    # measured: the model lowers precision on real abstracts (README, Extraction); the rules decide by default
    assert packaged_model() is None


def test_a_bad_scierc_line_names_file_and_line(tmp_path):
    bad = tmp_path / "train.json"
    bad.write_text(json.dumps({"sentences": [["A", "b"]], "ner": [[]], "relations": [[]]}) + "\n{not json\n")
    with pytest.raises(InputError, match=r"train\.json: line 2"):
        list(scierc_examples(bad))


@pytest.mark.shared
def test_gold_and_scierc_give_training_pairs(shared):
    gold = json.loads((shared / "gold" / "extraction_train.json").read_text(encoding="utf-8"))
    pairs = [e for d in gold for e in gold_examples(d)]
    positives = [label for _, label in pairs if label != "NONE"]
    assert len(positives) >= 40 and {p[:-1] for p in positives} == {"EXTENDS", "USES", "OUTPERFORMS", "COMPARED_WITH"}
    scierc = list(scierc_examples(shared / "data" / "scierc" / "dev.json"))
    assert any(label.startswith("COMPARED_WITH") for _, label in scierc)


def test_documents_weighted_zero_teach_nothing_and_weight_one_is_the_default():
    plain = fit(DOCS, folds=2, precision=0.5)
    assert np.array_equal(fit(DOCS, folds=2, precision=0.5, doc_weights=[1.0] * len(DOCS)).weights, plain.weights)
    silent = fit(DOCS, folds=2, precision=0.5, doc_weights=[0.0] * len(DOCS))
    assert not silent.weights.any() and plain.weights.any()

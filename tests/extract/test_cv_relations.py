"""scripts/cv_relations.py: our label files join the folds after the gold without moving a gold abstract, and each
file is scored as its own group."""
import json
from pathlib import Path

from script_modules import load_script

cv = load_script("cv_relations")


def test_label_documents_leave_the_gold_folds_as_they_were_and_count_their_own():
    gold = [{"_group": "gold"} for _ in range(7)]
    labels = [{"_group": "fresh11"} for _ in range(4)] + [{"_group": "fresh10"} for _ in range(2)]
    alone, joined = cv.fold_of(gold, 3), cv.fold_of(gold + labels, 3)
    assert joined[:7] == alone == [0, 1, 2, 0, 1, 2, 0]
    assert joined[7:] == [0, 1, 2, 0, 0, 1]  # each file from fold 0, not where the gold stopped


def test_a_label_file_is_a_group_named_after_its_number(tmp_path, monkeypatch):
    assert cv.group_name(Path("tests/extract/fresh_gold_11.json")) == "fresh11"
    full = tmp_path / "full.json"  # what fresh_gold.with_texts_cached writes: the labels with their texts
    full.write_text(json.dumps([
        {"gid": f"x{n}", "title": "A title", "abstract": f"We present Tern{n}. Tern{n} rests on Adam.",
         "methods": [{"text": f"Tern{n}", "canonical": f"Tern{n}", "aliases": [], "role": "proposed"},
                     {"text": "Adam", "canonical": "Adam", "aliases": [], "role": "used"}],
         "datasets": [], "relations": [{"type": "USES", "source": f"Tern{n}", "target": "Adam"}], "citations": []}
        for n in range(5)]), encoding="utf-8")
    monkeypatch.setattr(cv, "with_texts_cached", lambda path: full)
    docs = cv.load_label_docs([Path("fresh_gold_12.json")])
    assert {d["_group"] for d in docs} == {"fresh12"} and all(d["_scored"]["relations"] for d in docs)
    assert [d["gid"] for d in docs] == [d["gid"] for d in cv.load_label_docs([Path("fresh_gold_12.json")])]
    assert sorted(d["gid"] for d in docs) == [f"x{n}" for n in range(5)]


def test_the_ceiling_counts_labelled_relations_whose_two_ends_the_extractor_found():
    from scholarkg.model import Extraction, Mention

    doc = {"methods": [{"names": {"tern", "tern-7"}}, {"names": {"adam"}}, {"names": {"heron"}}],
           "datasets": [{"names": {"mnist"}}],
           "relations": [("USES", "Tern-7", "Adam"), ("USES", "Tern", "Heron"), ("EVALUATED_ON", "Tern", "MNIST")]}
    ex = Extraction((Mention("method", "Tern-7", "tern-7", "Tern-7", "abstract", 0, 6, "proposes"),
                     Mention("method", "Adam", "adam", "Adam", "abstract", 20, 24, "uses")),
                    (Mention("dataset", "MNIST", "mnist", "MNIST", "abstract", 30, 35, "uses"),), ())
    assert cv.reachable(doc, ex) == {"USES": [2, 1], "EVALUATED_ON": [1, 1]}


def test_each_relation_is_counted_for_the_finder_that_found_it():
    from scholarkg.model import Relation

    found = [Relation("USES", "a", "b", by="rules"), Relation("EXTENDS", "a", "c", by="names"),
             Relation("USES", "a", "d", by="model 0.83"), Relation("USES", "a", "e")]
    assert [cv.source(r) for r in found] == ["rules", "names", "model", "other"]

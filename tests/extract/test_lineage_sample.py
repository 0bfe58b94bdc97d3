"""scripts/lineage_sample.py on a graph we build here: it counts the method-to-method edges the graph holds and
traces each edge it draws back to the sentence that states it; samples hold ids and offsets, never corpus text."""
import json
from pathlib import Path

import pytest

from scholarkg.build import build
from scholarkg.stores import open_store
from script_modules import load_script as _load

ROOT = Path(__file__).resolve().parents[2]


def load_script():
    return _load("lineage_sample")


def test_sample_from_a_built_store_has_counts_and_sentences(tmp_path):
    with open_store(f"oxigraph:{tmp_path / 'db'}") as store:
        build([ROOT / "examples" / "profile-listing.txt"], store)
    script = load_script()
    per_type, rows = script.from_store(str(tmp_path / "db"), 100, 7)
    # "SMT extends Adam ... and uses low-rank adaptation (LoRA) ... and it outperforms LoRA"
    assert per_type["EXTENDS"] >= 1 and per_type["OUTPERFORMS"] >= 1 and per_type["USES"] >= 1
    assert len(rows) == sum(per_type.values())
    smt = {(r["type"], r["tail"]) for r in rows if r["head"] == "sparse-momentum-tuning"}
    assert {("EXTENDS", "adam"), ("OUTPERFORMS", "low-rank-adaptation")} <= smt
    assert all(r["source"].startswith("examples/profile-listing.txt, paper ") and r["head_name"] for r in rows)
    assert not any(key in r for r in rows for key in ("title", "evidence"))
    shown = script.with_sentences(rows)  # the sentences come back from the file the graph was built from
    smt = next(r for r in shown if (r["head"], r["tail"]) == ("sparse-momentum-tuning", "adam"))
    assert smt["where"] == "abstract" and smt["evidence"].startswith("SMT extends Adam")
    out = tmp_path / "labels.json"
    out.write_text(json.dumps([{**r, "label": i % 2 == 0} for i, r in enumerate(rows)]))
    assert script.score_rows(json.loads(out.read_text()))["all"] == (sum(1 for i in range(len(rows)) if i % 2 == 0),
                                                                      len(rows))


LISTING = """Ada Moreau

LG
h-index3
3papers
10citations
Novelty40%
AI Score30

3 Papers

LGMar 3, 2016
Quantile Ridge Smoothing for Noisy Curves

Ada Moreau

We introduce Quantile Ridge Smoothing (QRS), a smoother for noisy curves, and test it on synthetic data.

LGMar 4, 2016
Fast Trees

Ada Moreau

We propose Fast Trees, a new variant of Quantile Ridge Smoothing. Fast Trees outperforms Quantile Ridge Smoothing on noisy curves.

LGMar 5, 2016
Curves Again

Ada Moreau

We apply the QRS method to heart rate curves and find it robust.
"""


def test_an_edge_whose_end_the_identity_pass_merged_is_traced(tmp_path):
    """The second paper's extraction keys the smoother by its long form; the identity pass merged that node into the
    acronym's ("qrs"), so the store's edge ends at a key the paper's extraction never gives."""
    listing = tmp_path / "listing.txt"
    listing.write_text(LISTING, encoding="utf-8")
    with open_store(f"oxigraph:{tmp_path / 'db'}") as store:
        build([listing], store)
    per_type, rows = load_script().from_store(str(tmp_path / "db"), 10, 1)
    assert {(r["type"], r["head"], r["tail"]) for r in rows} == {("EXTENDS", "fast-trees", "qrs"),
                                                                 ("OUTPERFORMS", "fast-trees", "qrs")}
    assert all(r["source"] and r["tail_name"] == "Quantile Ridge Smoothing" for r in rows)
    shown = load_script().with_sentences(rows)
    assert {r["evidence"] for r in shown} == {"Fast Trees outperforms Quantile Ridge Smoothing on noisy curves.",
                                             "We propose Fast Trees, a new variant of Quantile Ridge Smoothing."}


def test_a_sample_drawn_from_inputs_holds_offsets_not_text(tmp_path):
    listing = tmp_path / "listing.txt"
    listing.write_text(LISTING, encoding="utf-8")
    script = load_script()
    rows = script.collect([str(listing)], 1, None)
    assert {(r["type"], r["head"]) for r in rows} >= {("EXTENDS", "fast-trees"), ("OUTPERFORMS", "fast-trees")}
    assert not any(key in r for r in rows for key in ("title", "evidence"))
    assert {r["evidence"] for r in script.with_sentences(rows)} >= {
        "Fast Trees outperforms Quantile Ridge Smoothing on noisy curves."}


def test_a_labelling_copy_strips_back_to_ids_and_offsets(tmp_path):
    """--strip on a copy whose rows carry title and evidence (as the old samples did): each row gets its paper's
    source and the offsets of its sentence; a sentence that is not in the paper leaves the location null."""
    listing = tmp_path / "listing.txt"
    listing.write_text(LISTING, encoding="utf-8")
    script = load_script()
    rows = [{"type": "EXTENDS", "head": "fast-trees", "tail": "qrs", "title": "Fast Trees",
             "evidence": "We propose Fast Trees, a new variant of Quantile Ridge Smoothing.", "label": True, "note": ""},
            {"type": "USES", "head": "fast-trees", "tail": "qrs", "title": "Fast Trees",
             "evidence": "A sentence this paper never wrote.", "label": False, "note": "ours"},
            {"type": "USES", "head": "qrs", "tail": "x", "title": None, "evidence": None, "label": None, "note": ""}]
    plain = script.stripped(rows, [str(listing)])
    assert not any(key in r for r in plain for key in ("title", "evidence"))
    # the listing, named relative to the repository when it lies beside it (a clone under /tmp), else absolute
    where, _, paper = plain[0]["source"].rpartition(", paper ")
    assert (ROOT / where).resolve() == listing.resolve() and paper
    assert plain[0]["where"] == "abstract" and plain[0]["span"][0] == 0 and plain[0]["label"] is True
    assert [r["source"] for r in plain[1:]] == [None, None] and plain[1]["note"] == "ours"
    assert [r["evidence"] for r in script.with_sentences(plain)] == [rows[0]["evidence"], None, None]
    again = script.stripped(script.with_sentences(plain))  # a labelling copy of the new form strips to itself
    assert again == plain


SAMPLES = sorted((ROOT / "tests" / "extract").glob("lineage_*.json"))


def sample_rows(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["edges"] if isinstance(data, dict) else data


def test_no_committed_sample_row_carries_corpus_text():
    assert len(SAMPLES) >= 16
    script = load_script()
    for path in SAMPLES:
        rows = sample_rows(path)
        labelled = sum(r["label"] is not None for r in rows)
        assert script.read(path)[1] == rows and script.score_rows(rows)["all"][1] == labelled > 0  # --score reads it
        assert rows and not [r for r in rows if "title" in r or "evidence" in r], path.name
        assert all(r["source"] is None or (r["where"] in ("title", "abstract") and r["span"][0] < r["span"][1])
                   for r in rows if "source" in r), path.name


@pytest.mark.shared
def test_the_offsets_of_committed_rows_give_back_sentences_naming_both_methods():
    rows = [r for r in sample_rows(ROOT / "tests" / "extract" / "lineage_sample_102k_8.json") if r["source"]][:5]
    shown = load_script().with_sentences(rows)
    assert len(shown) == 5
    for r in shown:
        assert r["head_name"].lower() in r["evidence"].lower() and r["tail_name"].lower() in r["evidence"].lower()

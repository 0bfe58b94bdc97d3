"""scripts/lineage_sample.py on a graph we build here: it counts the method-to-method edges the graph holds and
traces each edge it draws back to the sentence that states it."""
import json
from pathlib import Path

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
    assert all(r["evidence"] and r["head_name"] for r in rows)
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
    assert all(r["evidence"] and r["tail_name"] == "Quantile Ridge Smoothing" for r in rows)

"""scripts/lineage_sample.py on a graph we build here: it counts the method-to-method edges the graph holds and
traces each edge it draws back to the sentence that states it."""
import importlib.util
import json
from pathlib import Path

from scholarkg.build import build
from scholarkg.stores import open_store

ROOT = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location("lineage_sample", ROOT / "scripts" / "lineage_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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

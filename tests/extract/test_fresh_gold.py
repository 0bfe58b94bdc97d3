"""scripts/fresh_gold.py: hand labels kept as ids only get their titles and abstracts back from the corpus."""
import json
from pathlib import Path

import pytest

from script_modules import load_script

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "tests" / "extract" / "fresh_gold_10.json"


def test_the_committed_labels_hold_no_text():
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    assert len(labels) == 40 and not any("abstract" in e or "title" in e for e in labels)


def test_a_source_without_page_and_id_is_refused():
    with pytest.raises(SystemExit, match="f9"):
        load_script("fresh_gold").with_texts([{"gid": "f9", "source": "somewhere"}])


@pytest.mark.shared
def test_every_label_finds_its_paper_in_the_corpus():
    gold = load_script("fresh_gold").with_texts(json.loads(LABELS.read_text(encoding="utf-8")))
    assert len(gold) == 40 and all(len(e["abstract"]) >= 400 and e["title"] for e in gold)
    for e in gold:  # every labelled name is written in its title or abstract
        text = (e["title"] + " " + e["abstract"]).lower()
        assert all(m["text"].lower() in text for m in e["methods"]), e["gid"]


ALL_LABELS = sorted((ROOT / "tests" / "extract").glob("*_gold_*.json"))


def test_every_label_file_holds_ids_and_labels_only_and_no_paper_twice():
    seen: dict[str, str] = {}
    for path in ALL_LABELS:
        for e in json.loads(path.read_text(encoding="utf-8")):
            assert "abstract" not in e and "title" not in e, (path.name, e["gid"])
            paper = e["source"].rsplit("arXiv ", 1)[1]
            assert paper not in seen, f"{paper} is in {seen.get(paper)} and {path.name}"
            seen[paper] = path.name
    assert len(seen) > 2500


def test_the_held_out_labels_are_no_training_or_cross_validation_file():
    fresh_gold = load_script("fresh_gold")
    held = [p for p in ALL_LABELS if p.name.startswith("heldout_")]
    assert held and not set(held) & set(fresh_gold.LABEL_FILES)


@pytest.mark.shared
def test_no_label_file_holds_a_paper_of_the_gold():
    gold = json.loads((ROOT.parent / "shared" / "gold" / "extraction_train.json").read_text(encoding="utf-8"))
    gold_papers = {e["source"].rsplit("arXiv ", 1)[1] for e in gold}
    for path in ALL_LABELS:
        papers = {e["source"].rsplit("arXiv ", 1)[1] for e in json.loads(path.read_text(encoding="utf-8"))}
        assert not papers & gold_papers, path.name

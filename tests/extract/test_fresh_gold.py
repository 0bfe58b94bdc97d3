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

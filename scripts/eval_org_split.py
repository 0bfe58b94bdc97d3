#!/usr/bin/env python3
"""Organizations found in affiliation strings against the hand-labelled sample (tests/resolve/org_sample_labels.json).

usage: scripts/eval_org_split.py [../shared/data/arxiv-oai-cs-2016]
Prints micro precision and recall of organization keys (a label counts as found when the key our alias table and
rules give for the label is among the keys found in the string), and every string where they differ.
"""
import json
import sys
from pathlib import Path

from scholarkg.resolve.orgs import org_key, org_keys
from scholarkg.sources import iter_papers

ROOT = Path(__file__).resolve().parents[1]


def evaluate(data_dir) -> dict:
    labels = json.loads((ROOT / "tests" / "resolve" / "org_sample_labels.json").read_text())["labels"]
    wanted = {lab["arxiv"] for lab in labels}
    strings = {}
    for paper in iter_papers([data_dir]):
        if paper.arxiv_id in wanted:
            strings[paper.arxiv_id] = paper.affiliations
    tp = fp = fn = 0
    wrong = []
    for lab in labels:
        text = strings[lab["arxiv"]][lab["index"]]
        gold = {org_key(name)[0] for name in lab["institutions"]}
        found = {key for key, _ in org_keys(text)}
        tp += len(gold & found)
        fp += len(found - gold)
        fn += len(gold - found)
        if gold != found:
            wrong.append((text, sorted(gold), sorted(found)))
    return {"precision": tp / (tp + fp), "recall": tp / (tp + fn), "strings": len(labels), "wrong": wrong}


if __name__ == "__main__":
    result = evaluate(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "arxiv-oai-cs-2016")
    for text, gold, found in result["wrong"]:
        print(f"{text!r}\n   labelled {gold}\n   found    {found}")
    print(f"organizations in {result['strings']} labelled strings: precision {result['precision']:.3f}, "
          f"recall {result['recall']:.3f}")

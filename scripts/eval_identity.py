#!/usr/bin/env python3
"""Author identity on the arXiv corpus without a store: read the papers, run ``resolve.persons`` on every
authorship, write the two files ``score_identity.py`` reads (nodes_Paper.csv, rels_AUTHORED_Author_Paper.csv) and
score them on the dev gold, split in two: tune (Michael Thomas, Manoj Kumar; even-numbered variant pairs) and
report (Li Li, Marcus Hutter; odd-numbered pairs). Thresholds in resolve/persons.py were set on the tune half.

usage: scripts/eval_identity.py [SHARED_DIR] [OUT_DIR]
The same numbers come from a real build: ``scholarkg export --format neo4j-csv DIR`` and score_identity.py on DIR.
"""
import csv
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from scholarkg.resolve.orgs import org_keys
from scholarkg.resolve.persons import Mention, resolve_persons
from scholarkg.sources import iter_papers

TUNE_NAMES = {"Michael Thomas", "Manoj Kumar"}


def split_gold(gold: dict) -> dict[str, dict]:
    halves = {}
    for part in ("tune", "report"):
        tune = part == "tune"
        halves[part] = {"homonyms": [h for h in gold["homonyms"] if (h["name"] in TUNE_NAMES) == tune],
                        "variants": [v for i, v in enumerate(gold["variants"]) if (i % 2 == 0) == tune]}
    halves["all"] = gold
    return halves


def main(shared: Path, out: Path) -> None:
    sys.path.insert(0, str(shared / "tools"))
    import score_identity

    papers = list(iter_papers([shared / "data" / "arxiv-oai-cs-2016"]))
    mentions = []
    for p in papers:
        names = [a.name for a in p.authors]
        orgs = tuple(sorted({k for text in p.affiliations for k, _ in org_keys(text)}))
        for i, name in enumerate(names, start=1):
            if name:
                mentions.append(Mention(p.key, i, name, tuple(n for j, n in enumerate(names, 1) if j != i), p.year,
                                        tuple(sorted(set(p.categories))), orgs, p.title))
    started = time.perf_counter()
    result = resolve_persons(mentions)
    seconds = time.perf_counter() - started
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "nodes_Paper.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key:ID(Paper)", "arxiv_id"])
        for p in papers:
            w.writerow([p.key, p.arxiv_id or ""])
    with open(out / "rels_AUTHORED_Author_Paper.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([":START_ID(Author)", ":END_ID(Paper)", "position:int"])
        for (paper, position), key in sorted(result.person.items()):
            w.writerow([key, paper, position])
    print(f"{len(mentions):,} mentions, {len(set(result.person.values())):,} persons, resolved in {seconds:.1f} s")
    gold = json.loads((shared / "gold" / "author_identity_dev.json").read_text())
    for part, sub in split_gold(gold).items():
        path = out / f"gold_{part}.json"
        path.write_text(json.dumps(sub))
        r = score_identity.main(str(path), str(out))
        b = r["homonyms_bcubed"]
        print(f"{part:<7} B-cubed P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f}; kept whole "
              f"{r['single_person_bcubed_recall']:.3f}; merged {r['variants_merged']:.3f}; kept apart "
              f"{r['variants_kept_apart']:.3f}; missing {r['items_missing_from_graph']}")


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared",
         Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="identity-")))

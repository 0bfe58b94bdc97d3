#!/usr/bin/env python3
"""Put the titles and abstracts back into hand labels kept without them, so `scholarkg eval extraction` can score them.

Labels of corpus papers are committed as ids and annotations only (tests/extract/fresh_gold_10.json: 40 arXiv 2016
abstracts drawn at random, seed 1010, and labelled under ../shared/gold/GUIDELINES.md before any extractor ran on
them; no abstract text is in the repository). Each entry's "source" names the corpus page and the arXiv id
("arxiv-oai-cs-2016 page 9, arXiv 0907.4364"); this script reads those pages of ../shared/data/arxiv-oai-cs-2016 and
writes the gold file with "title" and "abstract" filled in.

The fresh_gold_*.json files train the span model and are cross-validated (LABEL_FILES); heldout_gold_16.json (561
abstracts drawn the same way) does neither: it is scored only, the honest held-out test.

Usage: python scripts/fresh_gold.py [--labels tests/extract/fresh_gold_10.json] OUT.json
       scholarkg eval extraction --gold OUT.json
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "arxiv-oai-cs-2016"
_SOURCE = re.compile(r"page (\d+), arXiv (\S+)$")
# our hand labels of corpus abstracts, ids + labels; training and cross-validation read them all (never heldout_*)
LABEL_FILES = tuple(sorted((ROOT / "tests" / "extract").glob("fresh_gold_*.json")))


def group_name(path: Path) -> str:
    """The group a label file's documents are scored as: tests/extract/fresh_gold_11.json -> "fresh11"."""
    return "fresh" + Path(path).stem.rsplit("_", 1)[-1]


def with_texts(labels: list[dict], corpus: Path = CORPUS) -> list[dict]:
    """``labels`` with each paper's title and abstract from ``corpus``; an entry whose paper is missing is an error."""
    from scholarkg.sources import iter_papers

    wanted: dict[str, dict[str, dict]] = {}
    for entry in labels:
        m = _SOURCE.search(entry.get("source", ""))
        if not m:
            raise SystemExit(f"{entry.get('gid')}: source {entry.get('source')!r} names no page and arXiv id")
        wanted.setdefault(m.group(1), {})[m.group(2)] = entry
    found: dict[str, dict] = {}
    for page, ids in sorted(wanted.items()):
        for paper in iter_papers(corpus / f"{page}.xml.gz", format="arxiv-oai"):
            if paper.arxiv_id in ids:
                found[ids[paper.arxiv_id]["gid"]] = {"title": paper.title or "", "abstract": paper.abstract or ""}
    missing = [e["gid"] for e in labels if e["gid"] not in found]
    if missing:
        raise SystemExit(f"not in {corpus}: {', '.join(missing)}")
    return [{"gid": e["gid"], "source": e["source"], **found[e["gid"]],
             **{k: v for k, v in e.items() if k not in ("gid", "source")}} for e in labels]


def with_texts_cached(labels_path: Path, corpus: Path = CORPUS) -> Path:
    """A gold file with the texts put back for the labels in ``labels_path``, written once to the temporary folder
    (keyed by the labels' content) so training and cross-validation runs read the corpus pages only the first time."""
    import hashlib
    import tempfile

    raw = Path(labels_path).read_bytes()
    out = Path(tempfile.gettempdir()) / f"scholarkg-labels-{hashlib.sha256(raw).hexdigest()[:16]}.json"
    if not out.exists():
        gold = with_texts(json.loads(raw.decode("utf-8")), corpus)
        part = out.with_suffix(".part")
        part.write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
        part.replace(out)  # whole or not at all: a run stopped half-way leaves no short file behind
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=ROOT / "tests" / "extract" / "fresh_gold_10.json")
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    gold = with_texts(json.loads(args.labels.read_text(encoding="utf-8")))
    args.out.write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.out}: {len(gold)} abstracts", file=sys.stderr)


if __name__ == "__main__":
    main()

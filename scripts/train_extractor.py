#!/usr/bin/env python3
"""Train the span model of the extractor and write it as package data (src/scholarkg/data/span_model/weights.npz).

Training data (see scholarkg.extract.training): ../shared/gold/extraction_train.json and extraction_dev.json,
SciERC train (../shared/data/scierc, weight 0.1: its Method spans are looser than our guidelines) and, with
--weak N, weak labels on the first N papers of ../shared/data/arxiv-oai-cs-2016 (weight 0.3; the gold abstracts are
left out; off by default: 2,000 of them lowered the cross-validated methods F1 from 0.666 to 0.646).
Seeded and single-threaded: the same inputs and seed give the same weights on any machine.

It also trains on our own hand labels of 4,166 corpus abstracts (tests/extract/fresh_gold_*.json, ids + labels; the
texts are put back from ../shared by scripts/fresh_gold.py), as the shipped model is; --gold-only leaves them out.

Usage: python scripts/train_extractor.py [--seed 0] [--weak 0] [--gold-only] [--out PATH]
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # numpy: one thread, so the run is the same on every machine

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD_FILES = ("extraction_dev.json", "extraction_train.json")

import fresh_gold  # noqa: E402
from scholarkg.extract import training as T  # noqa: E402
from scholarkg.extract.evaluate import load_gold  # noqa: E402
from scholarkg.extract.spanmodel import DATA, SpanModel  # noqa: E402

THRESHOLD = 0.8  # the model's own spans: method or dataset probability at least this (chosen on the CV folds)
EPOCHS = 6


def source_parts() -> dict[str, float]:
    """Weights of the training sources (gold 1.0)."""
    return {"gold": 1.0, "scierc": 0.1, "weak": 0.3}


def gold_sets(labels: bool = True) -> list[dict]:
    """Every gold document of both gold files and (``labels``) of our label files, as training documents with "file"
    ("dev", "train", "fresh10", ...) and "eval" (the scorer's form)."""
    files = [(SHARED / "gold" / name, name.split(".")[0].replace("extraction_", "")) for name in GOLD_FILES]
    if labels:
        files += [(fresh_gold.with_texts_cached(path), fresh_gold.group_name(path)) for path in fresh_gold.LABEL_FILES]
    out = []
    for path, file in files:
        _, scored = load_gold(path)
        out.extend({**d, "file": file, "eval": e} for d, e in zip(T.gold_documents(path), scored))
    return out


def weak_examples(n: int, nlp) -> T.Examples:
    """Weak labels for the first ``n`` papers of the arXiv corpus (pages in numeric order), gold titles left out."""
    from scholarkg.sources import iter_papers

    exclude = {d["texts"][0].lower() for d in gold_sets()}
    pages = sorted((SHARED / "data/arxiv-oai-cs-2016").glob("*.xml.gz"), key=lambda p: int(p.name.split(".")[0]))
    papers = itertools.islice(iter_papers(pages, format="arxiv-oai"), n)
    return T.examples(T.weak_documents(papers, nlp, exclude), source_parts()["weak"], nlp, group_offset=200000,
                      weak=True)


def fit_model(train_docs: list[dict], scierc: T.Examples, weak: T.Examples | None, nlp, seed: int) -> SpanModel:
    """The model trained on ``train_docs`` (gold) plus the SciERC and weak examples."""
    gold = T.examples(train_docs, source_parts()["gold"], nlp)
    model = T.train([gold, scierc] + ([weak] if weak is not None else []), epochs=EPOCHS, seed=seed)
    model.threshold = THRESHOLD
    return model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--weak", type=int, default=0, help="arXiv papers with weak labels (default 0: they lowered CV F1)")
    ap.add_argument("--gold-only", action="store_true",
                    help="the two gold files alone, without our label files (tests/extract/fresh_gold_*.json)")
    ap.add_argument("--out", type=Path, default=DATA / "weights.npz")
    args = ap.parse_args()
    from scholarkg.extract import build_pipeline

    t0 = time.perf_counter()
    nlp = build_pipeline()
    scierc = T.examples(T.scierc_documents(SHARED / "data/scierc/train.json"), source_parts()["scierc"], nlp,
                        group_offset=100000)
    weak = weak_examples(args.weak, nlp) if args.weak else None
    model = fit_model(gold_sets(labels=not args.gold_only), scierc, weak, nlp, args.seed)
    model.save(args.out)
    print(written(args.out, t0))


def written(path: Path, t0: float, what: str = "") -> str:
    """What a training script prints when done: the file, its size and digest (same inputs, same digest), the time."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return f"wrote {path}{what} ({path.stat().st_size / 1e3:.0f} kB, sha256 {digest}) in {time.perf_counter() - t0:.0f} s"


if __name__ == "__main__":
    main()

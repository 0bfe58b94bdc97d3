#!/usr/bin/env python3
"""Train the title-segment classifier (``scholarkg.extract.titleseg``) and write it as package data
(src/scholarkg/data/title_segments.npz).

Training data: the gold files (../shared/gold/extraction_train.json, extraction_dev.json) and our label files
(tests/extract/fresh_gold_*.json, texts put back from ../shared by scripts/fresh_gold.py), as for the span model: every
title's opening segments, labelled by whether the paper proposes a method of that name. Seeded and single-threaded:
the same inputs and seed give the same file. About 5 s.

Usage: python scripts/train_title_segments.py [--seed 0] [--out PATH]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from train_extractor import gold_sets, written

from scholarkg.extract import build_pipeline, titleseg


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=titleseg.MODEL_PATH)
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = gold_sets()
    model = titleseg.fit(docs, build_pipeline().tokenizer, seed=args.seed)
    model.save(args.out)
    print(written(args.out, t0, f" from {len(docs)} labelled titles, threshold {model.threshold},"))


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Train the relation classifier and write it as package data (src/scholarkg/data/relations.npz).

usage: train_relations.py [--shared DIR] [--precision 0.6] [--scierc-weight 1.0] [--seed 0] [--out PATH]

Trained on every gold abstract (gold/extraction_train.json + extraction_dev.json) and SciERC train, seeded and
single-threaded (numpy only): the same inputs give the same file. The threshold is the lowest whose pairs reached
``--precision`` in a 4-fold cross-validation inside the training data (see reltrain.fit); scripts/cv_relations.py
measures what the model does on abstracts it never saw.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from scholarkg.extract.relmodel import MODEL_PATH  # noqa: E402
from scholarkg.extract.reltrain import fit, scierc_examples  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--precision", type=float, default=0.6)
    ap.add_argument("--scierc-weight", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = []
    for name in ("extraction_train.json", "extraction_dev.json"):
        docs += json.loads((args.shared / "gold" / name).read_text(encoding="utf-8"))
    random.Random(args.seed).shuffle(docs)
    extra = list(scierc_examples(args.shared / "data" / "scierc" / "train.json")) if args.scierc_weight > 0 else []
    model = fit(docs, extra, extra_weight=args.scierc_weight, precision=args.precision, seed=args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"{args.out}: threshold {model.threshold:.3f}, {model.info}, {args.out.stat().st_size / 1024:.0f} kB, "
          f"{time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Honest estimate of the extractor: 5-fold cross-validation over gold/extraction_train.json + extraction_dev.json
and our own label files (tests/extract/fresh_gold_*.json: arXiv abstracts hand-labelled under the same guidelines,
never used to write or tune a rule, so their rows are the honest ones for the rules too).

A seeded tenth of the documents of each file is set aside first and never used until ``--final`` (the gold files
are split first, as before the label files existed, so their slice and folds did not change). For each fold the
span model is trained (``scholarkg.extract.training``) on the other four folds (``--train-gold-only``: their gold
documents alone), SciERC train and the weak arXiv labels, never on the fold it is scored on; the whole extractor
(rules + model + resolver) then runs on the fold's abstracts and ``scholarkg.extract.evaluate`` scores it. Printed
per fold and mean, for all documents and per file (dev: seeds-style, train: the arXiv-2016 gold, fresh10: 40
random CS abstracts, fresh11..fresh20: 4,126 drawn like the arXiv-2016 gold): methods / datasets entity P R F1 and the
proposes role. ``--final`` trains on all CV documents and scores the set-aside slice once, SciERC dev
(methods) and DataFinder (datasets).

``--ner-models DIR`` gives the span component the second opinion of each fold (spaCy's entity tagger of
``scripts/train_ner.py --cv-fold K --out DIR/foldK``, trained on the same training part): a span it also finds passes
the span model at ``spanmodel.NER_FLOOR`` instead of the threshold. Without it the span model decides alone: the
shipped tagger (``data/ner``) saw every fold and the set-aside slice, so it is never used here, and the estimate of
the shipped code needs the fold taggers.

``--errors train`` also counts the errors on the test folds' arXiv-2016 documents by cause (scripts/extract_errors.py).

Usage: python scripts/cv_extractor.py [--folds 5] [--seed 0] [--weak N] [--final] [--rules-only] [--errors FILE]
                                     [--no-labels] [--train-gold-only] [--threshold T] [--dump JSON]
                                     [--ner-models DIR]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from extract_errors import analyse, report  # noqa: E402
from train_extractor import SHARED, gold_sets, source_parts, weak_examples  # noqa: E402

from scholarkg.extract import load_pipeline  # noqa: E402
from scholarkg.pipeline import extract_many  # noqa: E402
from scholarkg.extract import training as T  # noqa: E402
from scholarkg.extract import titleseg  # noqa: E402
from scholarkg.extract.evaluate import as_papers, evaluate, load_gold, prf  # noqa: E402
from scholarkg.extract.spanmodel import SpanModel  # noqa: E402

ROWS = [("methods", "methods (entity)"), ("datasets", "datasets (entity)"), ("proposes", "methods role=proposes")]


def split(docs: list[dict], folds: int, seed: int) -> tuple[list[int], list[list[int]]]:
    """(held-out slice, folds) of document numbers; both stratified by gold file."""
    rng = np.random.default_rng(seed)
    held, parts = [], [[] for _ in range(folds)]
    # the gold files first, in their old order, so our later label files leave the gold's slice and folds as they were
    for name in sorted({d["file"] for d in docs}, key=lambda f: (f.startswith("fresh"), f)):
        idx = [i for i, d in enumerate(docs) if d["file"] == name]
        idx = [idx[i] for i in rng.permutation(len(idx))]
        cut = max(1, len(idx) // 10)
        held += idx[:cut]
        for k, i in enumerate(idx[cut:]):
            parts[k % folds].append(i)
    return sorted(held), [sorted(p) for p in parts]


def score(model: SpanModel | None, docs: list[dict], threshold: float | None = None,
          dump: list | None = None, ner=None) -> dict[str, dict]:
    """Scores of the whole extractor with ``model`` (None: the rules alone) on ``docs``, overall and per file; with
    ``dump`` each document's extraction is appended to it (with its file and gold) for a closer look."""
    nlp = load_pipeline()
    comp = nlp.get_pipe("scholarkg_spans")
    comp.model = model or SpanModel.empty()
    comp.threshold = comp.model.threshold if threshold is None else threshold
    comp.ner = ner
    gold = [d["eval"] for d in docs]
    found = list(extract_many(list(as_papers(gold))))  # once: the groups below are slices of it
    if dump is not None:
        dump.extend({"file": d["file"], "id": d["id"], "gold": _plain_gold(d["eval"]), "extraction": ex.to_json()}
                    for d, ex in zip(docs, found))
    out = {"all": evaluate(gold, found)}
    for f in sorted({d["file"] for d in docs}):
        part = [i for i, d in enumerate(docs) if d["file"] == f]
        out[f] = evaluate([gold[i] for i in part], [found[i] for i in part])
    return out


def _plain_gold(doc: dict) -> dict:
    """A scorer's gold document as JSON (name sets as sorted lists)."""
    return {k: [{**e, "names": sorted(e["names"])} for e in v] if k in ("methods", "datasets") else v
            for k, v in doc.items()}


def _num(value) -> str:
    """A score, or n/a where it is undefined (a part with no gold and no prediction of that kind)."""
    return "n/a" if value is None else f"{value:.3f}"


def line(label: str, scores: dict) -> str:
    cells = []
    for short, key in ROWS:
        s = scores.get(key, {"precision": 0, "recall": 0, "f1": 0})
        cells.append(f"{short} " + " ".join(f"{name} {_num(s[key])}" for name, key in
                                            (("P", "precision"), ("R", "recall"), ("F1", "f1"))))
    return f"{label:<20}" + " | ".join(cells)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--weak", type=int, default=0, help="arXiv papers with weak labels (default 0, as the shipped model)")
    ap.add_argument("--final", action="store_true", help="also score the set-aside slice, SciERC dev, DataFinder")
    ap.add_argument("--threshold", type=float, default=None, help="the model's threshold (default: as trained)")
    ap.add_argument("--no-labels", action="store_true",
                    help="the two gold files alone, without our label files (tests/extract/fresh_gold_*.json)")
    ap.add_argument("--train-gold-only", action="store_true",
                    help="train on the other folds' gold documents alone (the shipped model also learns from our labels)")
    ap.add_argument("--no-segments", action="store_true", help="without the title-segment classifier")
    ap.add_argument("--segment-threshold", type=float, default=titleseg.THRESHOLD,
                    help="the title-segment classifier's threshold (default: as shipped)")
    ap.add_argument("--rules-only", action="store_true", help="the rules alone, no model (the baseline)")
    ap.add_argument("--ner-models", metavar="DIR", type=Path, default=None,
                    help="spaCy NER per fold as the span model's second opinion: DIR/fold1 ... (scripts/train_ner.py "
                         "--cv-fold K --out DIR/foldK)")
    ap.add_argument("--dump", metavar="JSON", type=Path, default=None,
                    help="write every test-fold document's extraction (out of fold) with its gold to this file")
    ap.add_argument("--errors", metavar="FILE", default=None,
                    help="also count errors by cause on the test folds' documents of this gold file (e.g. train)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = gold_sets(labels=not args.no_labels)
    held, folds = split(docs, args.folds, args.seed)

    def trained_on(doc: dict) -> bool:  # our label documents train too, unless --train-gold-only
        return not (args.train_gold_only and doc["file"].startswith("fresh"))

    nlp = load_pipeline()

    def segment_model(train: list[dict]) -> titleseg.TitleSegmentModel | None:  # trained per fold, like the span model
        if args.rules_only or args.no_segments:
            return None
        return titleseg.fit(train, nlp.tokenizer, args.segment_threshold, args.seed)

    scierc = T.examples(T.scierc_documents(SHARED / "data/scierc/train.json"), source_parts()["scierc"], nlp,
                        group_offset=100000)
    weak = weak_examples(args.weak, nlp) if args.weak else None
    print(f"{len(docs)} gold documents: {len(held)} set aside, folds of {[len(f) for f in folds]}; "
          f"SciERC {len(scierc.labels)} spans, weak {0 if weak is None else len(weak.labels)} spans")
    per: dict[str, list[dict]] = {}
    errors, examples, stats = defaultdict(Counter), defaultdict(list), Counter()
    dumped: list | None = [] if args.dump else None
    for k, test in enumerate(folds):
        train_docs = [docs[i] for f, part in enumerate(folds) if f != k for i in part if trained_on(docs[i])]
        model = None if args.rules_only else fit(train_docs, scierc, weak, nlp, args.seed)
        with titleseg.using_model(segment_model(train_docs)):
            ner, where = None, args.ner_models / f"fold{k + 1}" if args.ner_models else None
            if where is not None and where.exists():
                ner = spacy.load(where)
            elif where is not None:
                print(f"fold {k + 1}: no NER at {where}: the span model decides alone")
            scores = score(model, [docs[i] for i in test], args.threshold, dumped, ner)
        if args.errors:
            analyse([docs[i] for i in test if docs[i]["file"] == args.errors], errors, examples, stats)
        for name, s in scores.items():
            per.setdefault(name, []).append(s)
            print(line(f"fold {k + 1} {name}", s))
    print("mean over folds (a fold without gold entities of a kind counts 0), then pooled over folds:")
    for name, runs in per.items():
        mean = {key: {m: statistics.mean(r.get(key, {}).get(m) or 0.0 for r in runs) for m in ("precision", "recall", "f1")}
                for _, key in ROWS}
        print(line(f"mean {name}", mean))
    for name, runs in per.items():
        pooled = {key: prf(*(sum(r.get(key, {}).get(c, 0) for r in runs) for c in ("tp", "fp", "fn"))) for _, key in ROWS}
        print(line(f"pooled {name}", pooled))
    if args.dump:
        args.dump.write_text(json.dumps(dumped), encoding="utf-8")
        print(f"wrote {len(dumped)} out-of-fold extractions to {args.dump}")
    if args.errors:
        print(f"errors by cause, {args.errors} documents of the test folds:")
        report(errors, examples, stats)
    if args.final:
        cv_docs = [docs[i] for part in folds for i in part if trained_on(docs[i])]
        model = None if args.rules_only else fit(cv_docs, scierc, weak, nlp, args.seed)
        with titleseg.using_model(segment_model(cv_docs)):
            final = score(model, [docs[i] for i in held], args.threshold)
        for name, s in final.items():
            print(line(f"held-out {name}", s))
        comp = nlp.get_pipe("scholarkg_spans")
        for path, key in ((SHARED / "data/scierc/dev.json", "methods (entity)"),
                          (SHARED / "data/datafinder/abstracts_datasets_dev.jsonl", "datasets (entity)")):
            _, gold = load_gold(path)
            s = evaluate(gold, extract_many(list(as_papers(gold))))[key]
            print(f"{path.name}: {key} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}"
                  f" (model threshold {comp.threshold})")
    print(f"{time.perf_counter() - t0:.0f} s")


def fit(train_docs: list[dict], scierc: T.Examples, weak: T.Examples | None, nlp, seed: int) -> SpanModel:
    from train_extractor import fit_model

    return fit_model(train_docs, scierc, weak, nlp, seed)


if __name__ == "__main__":
    main()

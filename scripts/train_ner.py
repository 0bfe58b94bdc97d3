#!/usr/bin/env python
"""Train spaCy's own entity tagger (``scripts/ner.cfg``) on our gold, the span model's second opinion.

usage: train_ner.py [--out DIR] [--cv-fold K] [--seed 0] [--config scripts/ner.cfg]

The documents are those the span model trains on (``train_extractor.gold_sets``: both gold files and our label
files); every occurrence of a labelled method or dataset name in a title or abstract is an entity (longest first,
never overlapping), marked both as ``doc.ents`` and as BILUO tags ("B-METHOD", "L-METHOD", "U-DATASET", "O", ...), so
a config may train spaCy's transition-based ``ner`` or, as ``scripts/ner.cfg`` does, a ``tagger`` over those tags
(as good a second opinion out of fold and several times faster; see the README). A seeded tenth of the training
documents is the development set spaCy picks the best epoch on. ``--cv-fold K`` trains on the training part of fold
K of ``scripts/cv_extractor.py``'s split (same seed, the set-aside tenth left out as there), so ``cv_extractor.py
--ner-models DIR`` scores every fold with a model that never saw it. Without it the model trains on every document
and is written to ``--out`` (default ``src/scholarkg/data/ner``, package data, where the span component looks for it:
``extract.spanmodel.default_ner``). Seeded and single-threaded: the same documents give the same model, byte for byte
(the written config names no temporary path; the vocabulary keeps only the tag names).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import spacy  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402
from spacy.training.iob_utils import doc_to_biluo_tags  # noqa: E402

from train_extractor import gold_sets  # noqa: E402
from scholarkg.extract.spanmodel import NER_PATH  # noqa: E402

CONFIG = ROOT / "scripts" / "ner.cfg"
SPACY_RANGE = ">=3.7.5,<3.9.0"  # the spaCy versions the saved pipeline was checked to load and tag alike with
LABELS = (("METHOD", "methods"), ("DATASET", "datasets"))


def marked(nlp, text: str, names: list[tuple[str, set[str]]]):
    """``text`` as a Doc whose entities are every occurrence of the names (longest first, none overlapping)."""
    doc = nlp.make_doc(text)
    found = []
    for label, forms in names:
        for form in forms:
            if len(form) >= 2:
                found += [(m.start(), m.end(), label) for m in
                          re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text, re.I)]
    taken, ents = [], []
    for start, end, label in sorted(found, key=lambda x: (x[0] - x[1], x[0])):
        if any(start < b and a < end for a, b in taken):
            continue
        span = doc.char_span(start, end, label=label, alignment_mode="contract")
        if span is not None and span.text.strip():
            taken.append((start, end))
            ents.append(span)
    doc.ents = sorted(ents, key=lambda s: s.start)
    for token, tag in zip(doc, doc_to_biluo_tags(doc)):  # the same entities as tags, for a tagger to learn
        token.tag_ = tag
    return doc


def doc_bin(nlp, docs: list[dict]) -> DocBin:
    out = DocBin()
    for d in docs:
        names = [(label, set().union(*d[key]) if d[key] else set()) for label, key in LABELS]
        for text in d["texts"]:
            if text:
                out.add(marked(nlp, text, names))
    return out


def fit_ner(docs: list[dict], out: Path, seed: int = 0, config: Path = CONFIG) -> Path:
    """Train on ``docs`` (a seeded tenth for picking the epoch) and write the best pipeline to ``out``."""
    from spacy.cli.train import train

    docs = list(docs)
    random.Random(seed).shuffle(docs)
    cut = max(1, len(docs) // 10)
    nlp = spacy.blank("en")
    with tempfile.TemporaryDirectory() as tmp:
        doc_bin(nlp, docs[cut:]).to_disk(Path(tmp) / "train.spacy")
        doc_bin(nlp, docs[:cut]).to_disk(Path(tmp) / "dev.spacy")
        train(config, Path(tmp) / "model", overrides={"paths.train": str(Path(tmp) / "train.spacy"),
                                                       "paths.dev": str(Path(tmp) / "dev.spacy"),
                                                       "system.seed": seed})
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(Path(tmp) / "model" / "model-best", out)
    config = out / "config.cfg"  # the temporary data paths would differ from run to run: the same model, other bytes
    config.write_text(re.sub(r'^(train|dev) = ".*"$', r"\1 = null", config.read_text(), flags=re.M))
    meta = json.loads((out / "meta.json").read_text())  # spaCy 3.7.5 reads it to the same tags as 3.8 (checked), so
    meta["spacy_version"] = SPACY_RANGE  # a user on 3.7 (pyproject allows it) gets no compatibility warning
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    tagger = out / "tagger" / "cfg"  # the vocabulary's strings are the training texts' words and affixes; the tagger
    if tagger.exists():  # reads hashes of a text's own words and needs no more strings than its labels
        (out / "vocab" / "strings.json").write_text(json.dumps(sorted(json.loads(tagger.read_text())["labels"])))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--cv-fold", type=int, default=None, help="train on the training part of this fold (1-5)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--config", type=Path, default=CONFIG, help="spaCy training config (default scripts/ner.cfg)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = gold_sets()
    if args.cv_fold is not None:
        from cv_extractor import split

        _, folds = split(docs, args.folds, args.seed)
        docs = [docs[i] for k, part in enumerate(folds) if k != args.cv_fold - 1 for i in part]
        out = args.out or Path(f"ner-fold{args.cv_fold}")
    else:
        out = args.out or NER_PATH
    fit_ner(docs, out, args.seed, args.config)
    print(f"wrote {out} ({len(docs)} documents) in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()

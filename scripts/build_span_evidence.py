#!/usr/bin/env python3
"""Count what the arXiv corpus says about every candidate span's words and write the span model's evidence table
(src/scholarkg/data/span_model/evidence.npz; see scholarkg.extract.spanevidence).

Reads every title and abstract of ../shared/data/arxiv-oai-cs-2016 with the extractor's own tokenizer, lists the
candidate spans exactly as the span model does, and counts per lower-cased word sequence: the abstracts it occurs
in, its occurrences, those followed by a parenthesised acronym, those away from a sentence's start and of them the
capitalised ones, and those followed by a method or dataset word. Deterministic: the same corpus gives the same file.
Train the span model again afterwards (scripts/train_extractor.py): its features read the table.

Usage: python scripts/build_span_evidence.py [--corpus DIR] [--limit N] [--out PATH]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "arxiv-oai-cs-2016"


def texts(corpus: Path, limit: int | None):
    from scholarkg.sources import iter_papers

    pages = sorted(corpus.glob("*.xml.gz"), key=lambda p: int(p.name.split(".")[0]))
    n = 0
    for paper in iter_papers(pages, format="arxiv-oai"):
        if limit is not None and n >= limit:
            return
        n += 1
        yield paper.title or ""
        yield paper.abstract or ""


def count(stream, batch: int = 512):
    """(keys, papers, occurrences, [defined, inner, capitalised, headed]) summed over ``stream``: texts, a paper's
    title then its abstract."""
    from scholarkg.extract import load_pipeline
    from scholarkg.extract.spanmodel import span_facts

    nlp = load_pipeline()
    parts: list[np.ndarray] = []
    docs, text_no = [], 0

    def flush():
        nonlocal docs
        doc_of, f = span_facts(docs)
        paper = (text_no - len(docs) + doc_of) // 2  # title and abstract of one paper are one abstract here
        inner = f.sent == 0
        cols = np.stack([f.span_lower, paper.astype(np.uint64), (f.acronym != 0).astype(np.uint64),
                         inner.astype(np.uint64), (inner & (f.namey != 0)).astype(np.uint64),
                         f.next_head().astype(np.uint64)], axis=1)
        parts.append(cols)
        docs = []

    with nlp.select_pipes(disable=nlp.pipe_names):
        for doc in nlp.pipe(stream, batch_size=batch):
            docs.append(doc)
            text_no += 1
            if len(docs) == batch:
                flush()
        if docs:
            flush()
    rows = np.concatenate(parts) if parts else np.zeros((0, 6), np.uint64)
    keys, inverse = np.unique(rows[:, 0], return_inverse=True)
    n = len(keys)
    occurrences = np.bincount(inverse, minlength=n)
    sums = [np.bincount(inverse, weights=rows[:, c].astype(np.float64), minlength=n) for c in (2, 3, 4, 5)]
    pairs = np.unique(np.stack([inverse.astype(np.uint64), rows[:, 1]], axis=1), axis=0)
    papers = np.bincount(pairs[:, 0].astype(np.int64), minlength=n)
    return keys, papers, occurrences, sums


def build(stream) -> tuple[object, int]:
    """The evidence table of ``stream`` (texts, each paper's title then its abstract) and how many word sequences
    it counted."""
    from scholarkg.extract.spanevidence import Evidence, codes_of

    keys, papers, occurrences, (defined, inner, capitalised, headed) = count(stream)
    codes = codes_of(papers, defined, capitalised, headed, occurrences, inner)
    keep = codes != 0
    return Evidence(keys[keep], codes[keep]), len(keys)


def main() -> None:
    from scholarkg.extract.spanevidence import PATH

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="only the first N papers (a quick look)")
    ap.add_argument("--out", type=Path, default=PATH)
    args = ap.parse_args()
    t0 = time.perf_counter()
    evidence, counted = build(texts(args.corpus, args.limit))
    evidence.save(args.out)
    print(f"{counted} word sequences, {len(evidence.keys)} in two abstracts or more -> {args.out} "
          f"({args.out.stat().st_size / 1e6:.1f} MB), {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()

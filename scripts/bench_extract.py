#!/usr/bin/env python3
"""Extraction throughput against its limit, measured in the same run: spaCy's bare tokenizer on the same text.

Prints words/s of the tokenizer alone and of the whole extractor (one process), and their ratio. Each run times the
tokenizer and then the extractor back to back and the ratio is taken per run, so a machine shared with other work
slows both sides of a ratio alike; the medians over --runs runs are printed. Both sides are warmed up first (spaCy's
tokenizer caches what it has seen). Abstracts come from an arXiv OAI-PMH page (default:
../shared/data/formats/arxiv_oai_xml). --workers N also times the extractor over N processes.

Usage: python scripts/bench_extract.py [--page FILE] [--limit N] [--runs 5] [--workers N]
"""
from __future__ import annotations

import argparse
import statistics
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import spacy

from scholarkg.extract import load_pipeline
from scholarkg.pipeline import extract_many
from scholarkg.model import Paper, SourceRef

ROOT = Path(__file__).resolve().parents[1]


def abstracts(page: Path, limit: int) -> list[tuple[str, str]]:
    out = []
    for _, el in ET.iterparse(page):
        if el.tag.endswith("}arXiv"):
            title = el.findtext("{http://arxiv.org/OAI/arXiv/}title") or ""
            abstract = el.findtext("{http://arxiv.org/OAI/arXiv/}abstract") or ""
            out.append((" ".join(title.split()), " ".join(abstract.split())))
            el.clear()
            if len(out) >= limit:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page", type=Path, default=ROOT.parent / "shared/data/formats/arxiv_oai_xml/sample_page_1.xml")
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    docs = abstracts(args.page, args.limit)
    texts = [t for pair in docs for t in pair]
    papers = [Paper(key=str(i), title=t, abstract=a, source=SourceRef("bench", "bench", str(i))) for i, (t, a) in enumerate(docs)]
    tokenizer = spacy.blank("en").tokenizer
    words = sum(len(tokenizer(t)) for t in texts)
    load_pipeline()  # build once, outside the timing
    for _ in extract_many(papers, batch_size=256):  # warm up, as the tokenizer was above
        pass
    tok, ours, ratios = [], [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for doc in tokenizer.pipe(texts, batch_size=256):
            pass
        tok.append(words / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for _ in extract_many(papers, batch_size=256):
            pass
        ours.append(words / (time.perf_counter() - t0))
        ratios.append(ours[-1] / tok[-1])
    print(f"{len(docs)} papers, {words} words, median of {args.runs} runs")
    print(f"{'stage':<26}{'words/s':>12}")
    print(f"{'bare tokenizer':<26}{statistics.median(tok):>12,.0f}")
    print(f"{'extractor (1 process)':<26}{statistics.median(ours):>12,.0f}")
    if args.workers > 1:
        t0 = time.perf_counter()
        for _ in extract_many(papers, n_process=args.workers, batch_size=64):
            pass
        label = f"extractor ({args.workers} processes)"
        print(f"{label:<26}{words / (time.perf_counter() - t0):>12,.0f}")
    print(f"ratio extractor / tokenizer: {statistics.median(ratios):.3f} (target >= 0.25; "
          f"runs {min(ratios):.3f}-{max(ratios):.3f})")


if __name__ == "__main__":
    main()

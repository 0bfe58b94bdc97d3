#!/usr/bin/env python3
"""Extraction throughput against its limit, measured in the same run: spaCy's bare tokenizer on the same text.

Prints words/s of the tokenizer alone and of the whole extractor (one process), and the ratio, as medians of
--runs runs. Abstracts come from an arXiv OAI-PMH page (default: ../shared/data/formats/arxiv_oai_xml).

Usage: python scripts/bench_extract.py [--page FILE] [--limit N] [--runs 3]
"""
from __future__ import annotations

import argparse
import statistics
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import spacy

from scholarkg.extract import extract_many, load_pipeline
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
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    docs = abstracts(args.page, args.limit)
    texts = [t for pair in docs for t in pair]
    papers = [Paper(key=str(i), title=t, abstract=a, source=SourceRef("bench", "bench", str(i))) for i, (t, a) in enumerate(docs)]
    tokenizer = spacy.blank("en").tokenizer
    words = sum(len(tokenizer(t)) for t in texts)
    load_pipeline()  # build once, outside the timing
    tok, ours = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for doc in tokenizer.pipe(texts, batch_size=256):
            pass
        tok.append(words / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for _ in extract_many(papers, batch_size=256):
            pass
        ours.append(words / (time.perf_counter() - t0))
    t, o = statistics.median(tok), statistics.median(ours)
    print(f"{len(docs)} papers, {words} words, median of {args.runs} runs")
    print(f"{'stage':<22}{'words/s':>12}")
    print(f"{'bare tokenizer':<22}{t:>12,.0f}")
    print(f"{'extractor (1 process)':<22}{o:>12,.0f}")
    print(f"ratio extractor / tokenizer: {o / t:.3f} (target >= 0.25)")


if __name__ == "__main__":
    main()

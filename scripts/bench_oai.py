#!/usr/bin/env python3
"""Throughput and memory of the arXiv OAI-PMH reader over a whole harvest directory.

Parses every page (``*.xml`` / ``*.xml.gz``, in natural order) with ``scholarkg.sources.arxiv_oai`` and prints
papers, seconds, papers/s and peak RSS. It also prints the peak RSS after the first --early pages next to the
peak after all pages: equal (or nearly) peaks show that memory does not grow with the number of pages.

Usage: python scripts/bench_oai.py [DIR] [--early 10]
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from scholarkg.sources import arxiv_oai
from scholarkg.sources._io import ErrorSink, iter_input_files

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", type=Path, default=ROOT.parent / "shared/data/arxiv-oai-cs-2016")
    ap.add_argument("--early", type=int, default=10, help="report the peak RSS after this many pages too")
    args = ap.parse_args()
    errors = ErrorSink("skip")
    pages = list(iter_input_files([args.dir], errors))
    start_rss = peak_rss_mib()
    papers = 0
    early_rss = early_papers = None
    t0 = time.perf_counter()
    for i, page in enumerate(pages, start=1):
        for _ in arxiv_oai.iter_papers(str(page), errors):
            papers += 1
        if i == args.early:
            early_rss, early_papers = peak_rss_mib(), papers
    seconds = time.perf_counter() - t0
    final_rss = peak_rss_mib()
    print(f"pages            {len(pages)}")
    print(f"papers           {papers}")
    print(f"errors           {errors.count}")
    print(f"seconds          {seconds:.1f}")
    print(f"papers/s         {papers / seconds:,.0f}")
    print(f"peak RSS         {final_rss:.1f} MiB (before parsing: {start_rss:.1f} MiB)")
    if early_rss is not None:
        print(f"peak RSS after {args.early} pages ({early_papers} papers): {early_rss:.1f} MiB")
        print(f"peak RSS after {len(pages)} pages ({papers} papers): {final_rss:.1f} MiB"
              f"  (growth {final_rss - early_rss:+.1f} MiB)")
    for err in errors.errors[:5]:
        print(f"error: {err}", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The benchmark of issue 8: each build stage against its limit, measured in the same run, and end-to-end builds.

Stages, on a reproducible slice (the first --slice-pages OAI-PMH pages of ../shared/data/arxiv-oai-cs-2016):
- extraction: our extractor against spaCy's bare tokenizer on the same titles and abstracts, words/s in one
  process (each run times both back to back; the ratio is taken per run);
- Oxigraph load: ours (mapping each batch to N-Quads and writing it, one batch at a time, into a fresh store)
  against pyoxigraph's bulk load of the same quads in one call, quads/s;
- FalkorDB load: ours (the write files of queries/write/, one atomic query per batch) against a raw
  ``UNWIND $rows MERGE ... SET n += row.props`` of the same rows with the same indexes, rows/s.
End to end: ``scholarkg build DIR --workers N`` into a fresh Oxigraph store, on the slice and (unless --no-full) on
the whole corpus: papers/s and the peak RSS of the build's whole process tree (sampled every 0.2 s).
Every figure is the median over --runs runs. The machine may be shared: ratios are taken within a run.

Usage: scripts/bench [--slice-pages 10] [--runs 3] [--workers 2] [--no-full] [--no-falkordb]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pyoxigraph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_load import raw_statements  # noqa: E402
from scholarkg.extract import extract_chunk, load_pipeline  # noqa: E402
from scholarkg.model import GraphBatch  # noqa: E402
from scholarkg.resolve.graph import add_paper, add_source  # noqa: E402
from scholarkg.sources import iter_papers  # noqa: E402
from scholarkg.stores import open_store  # noqa: E402
from scholarkg.stores.rdf import RdfMapping, prepare_nquads  # noqa: E402
from servers import falkordb_server  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "arxiv-oai-cs-2016"
BATCH = 500


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def extraction(papers, runs: int) -> tuple[float, float, list[float]]:
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    texts = [t for p in papers for t in (p.title or "", p.abstract or "")]
    words = sum(len(tokenizer(t)) for t in texts)  # also warms the tokenizer's cache, as extraction is warmed below
    load_pipeline()
    chunks = [papers[i:i + BATCH] for i in range(0, len(papers), BATCH)]
    extract_chunk(chunks[0])
    tok, ours = [], []
    for _ in range(runs):
        tok.append(words / timed(lambda: [None for _ in tokenizer.pipe(texts, batch_size=256)]))
        ours.append(words / timed(lambda: [extract_chunk(c) for c in chunks]))
    return statistics.median(ours), statistics.median(tok), [o / t for o, t in zip(ours, tok)]


def batches(papers) -> list[GraphBatch]:
    extractions = [e for i in range(0, len(papers), BATCH) for e in extract_chunk(papers[i:i + BATCH])]
    out = []
    for i in range(0, len(papers), BATCH):
        b = GraphBatch(f"bench{i}")
        add_source(b, "bench", "arxiv-oai")
        for p, e in zip(papers[i:i + BATCH], extractions[i:i + BATCH]):
            add_paper(b, p, e)
        out.append(b)
    return out


def oxigraph_load(data: list[GraphBatch], runs: int, tmp: str) -> tuple[float, float, list[float], int]:
    mapping = RdfMapping()
    everything = b"".join(prepare_nquads(mapping, b).payload for b in data)
    quads = everything.count(b"\n")
    ours, limit = [], []
    for run in range(runs):
        store = open_store(f"oxigraph:{tmp}/ours{run}")
        prepare = store.preparer()
        ours.append(quads / timed(lambda: [store.write(prepare(b)) for b in data]))
        store.close()
        bulk = pyoxigraph.Store(f"{tmp}/bulk{run}")
        limit.append(quads / timed(lambda: bulk.bulk_load(everything, pyoxigraph.RdfFormat.N_QUADS, lenient=True)))
        del bulk
    return statistics.median(ours), statistics.median(limit), [o / lim for o, lim in zip(ours, limit)], quads


def falkordb_load(data: list[GraphBatch], runs: int, tmp: str) -> tuple[float, float, list[float], int]:
    rows = sum(len(b) for b in data)
    ours, limit = [], []
    with falkordb_server(Path(tmp) / "falkordb") as uri:
        for run in range(runs):
            store = open_store(f"{uri}/ours{run}")
            store.ensure_schema()
            prepare = store.preparer()
            ours.append(rows / timed(lambda: [store.write(prepare(b)) for b in data]))
            raw = open_store(f"{uri}/raw{run}")
            raw.ensure_schema()
            limit.append(rows / timed(lambda: [raw._write(raw_statements(b)) for b in data]))
            store.close()
            raw.close()
    return statistics.median(ours), statistics.median(limit), [o / lim for o, lim in zip(ours, limit)], rows


def end_to_end(inputs: list[Path], workers: int, runs: int, tmp: str) -> dict[str, float]:
    """Medians over ``scholarkg build`` runs into fresh stores: papers/s, wall s, CPU s (user+system of the build's
    whole process tree), peak tree RSS MiB, the author identity stage's own seconds, and the load average."""
    import resource

    rates, walls, peaks, cpus, stages, loads = [], [], [], [], [], []
    for run in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        store = f"oxigraph:{tmp}/e2e{run}"
        cmd = [sys.executable, "-m", "scholarkg.cli", "build", *map(str, inputs), "--store", store,
               "--workers", str(workers), "--quiet", "--summary", "json"]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        me, peak = psutil.Process(proc.pid), 0
        while proc.poll() is None:
            total = 0
            try:
                for p in [me, *me.children(recursive=True)]:
                    total += p.memory_info().rss
            except psutil.Error:
                pass
            peak = max(peak, total)
            time.sleep(0.2)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        loads.append(os.getloadavg()[0])
        out = proc.stdout.read()
        if proc.returncode != 0:
            sys.exit(f"build failed ({proc.returncode}): {' '.join(cmd)}")
        import json

        summary = json.loads(out)
        papers = summary["papers_read"]
        stages.append(summary.get("identity_seconds", 0.0))
        rates.append(papers / wall)
        walls.append(wall)
        peaks.append(peak / 2**20)
        subprocess.run(["rm", "-rf", f"{tmp}/e2e{run}"], check=True)
    return {"rate": statistics.median(rates), "wall": statistics.median(walls), "cpu": statistics.median(cpus),
            "peak": statistics.median(peaks), "identity": statistics.median(stages), "load": statistics.median(loads)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slice-pages", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-full", action="store_true", help="skip the end-to-end build of the whole corpus")
    ap.add_argument("--no-falkordb", action="store_true", help="skip the FalkorDB load stage")
    args = ap.parse_args()
    pages = sorted(CORPUS.glob("*.xml.gz"), key=lambda p: int(p.name.split(".")[0]))
    if not pages:
        sys.exit(f"no corpus at {CORPUS}")
    slice_ = pages[:args.slice_pages]
    papers = list(iter_papers(slice_))
    print(f"slice: {len(slice_)} pages, {len(papers):,} papers; whole corpus: {len(pages)} pages; "
          f"median of {args.runs} runs; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}", flush=True)
    table = []
    ours, limit, ratios = extraction(papers, args.runs)
    table.append(("extraction, words/s per process", ours, limit, ratios, ">= 0.25"))
    data = batches(papers)
    with tempfile.TemporaryDirectory() as tmp:
        ours, limit, ratios, quads = oxigraph_load(data, args.runs, tmp)
        table.append((f"Oxigraph load, quads/s ({quads:,})", ours, limit, ratios, ">= 0.5"))
        if not args.no_falkordb:
            ours, limit, ratios, rows = falkordb_load(data, args.runs, tmp)
            table.append((f"FalkorDB load, rows/s ({rows:,})", ours, limit, ratios, ">= 0.5"))
        print(f"\n{'stage':<40}{'ours':>12}{'limit':>12}{'ratio':>8}  {'target':<9}runs")
        for stage, o, lim, rs, target in table:
            print(f"{stage:<40}{o:>12,.0f}{lim:>12,.0f}{statistics.median(rs):>8.2f}  {target:<9}"
                  + " ".join(f"{r:.2f}" for r in rs), flush=True)
        print(f"\n{'end to end (--workers ' + str(args.workers) + ')':<40}{'papers/s':>12}{'wall s':>10}{'CPU s':>10}"
              f"{'peak RSS MiB':>14}{'identity s':>12}{'load':>6}")
        e2e = [(f"slice ({len(slice_)} pages)", slice_)] + ([] if args.no_full else [(f"whole ({len(pages)} pages)", [CORPUS])])
        peaks = []
        for label, inputs in e2e:
            e = end_to_end(inputs, args.workers, args.runs, tmp)
            peaks.append(e["peak"])
            # identity s: the author identity stage's own seconds (of wall s); load: the 1-minute load average at
            # the end of the build (the machine may be shared: CPU s says what the build itself used)
            print(f"{label:<40}{e['rate']:>12,.0f}{e['wall']:>10.1f}{e['cpu']:>10.1f}{e['peak']:>14,.0f}"
                  f"{e['identity']:>12.1f}{e['load']:>6.1f}", flush=True)
        if len(peaks) == 2:
            print(f"peak RSS whole / slice: {peaks[1] / peaks[0]:.2f} (target <= 1.25); whole build target <= 300 s, "
                  "<= 2048 MiB (with the author identity stage)")


if __name__ == "__main__":
    main()

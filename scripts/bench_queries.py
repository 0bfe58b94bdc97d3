#!/usr/bin/env python3
"""Time every catalogue question on built stores and check the stores agree.

Parameters are picked from the graph of the first store by ``tests/bench_params.py`` (the most prolific author
and an ordinary one, a pair two hops apart and one not within 4 hops, a popular, a rare and a proposed method, ...),
so the same script works on the seeds and on the 102k-paper arXiv graph; put the faster store first. Prints, per
case, the median (p50) time over --runs runs in each store, the number of rows and whether the stores gave equal
rows, beside the machine's load average (1 minute) when the case ended. Each store answers in a child process:
a question still running after --timeout seconds is stopped (the cell says "> N s" and equality "?"), and one
that has used up --budget seconds is not run again (the cell says how many runs it had). Exits 1 when two stores gave different rows.

Usage: python scripts/bench_queries.py falkordb://127.0.0.1:6379/oai [oxigraph:/tmp/oai.db] [--runs 5] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # bench_params, beside the tests using it

from bench_params import pick_cases, uncovered  # noqa: E402
from scholarkg.catalog import run_query
from scholarkg.stores import open_store


def _serve(uri: str, conn) -> None:
    """Child process: open the store and answer (name, params) with (True, (seconds, rows)) or (False, error)."""
    store = open_store(uri)
    while (message := conn.recv()) is not None:
        try:
            t = time.perf_counter()
            rows = run_query(store, *message)
            conn.send((True, (time.perf_counter() - t, rows)))
        except Exception as exc:  # reported by the parent with the question that caused it
            conn.send((False, f"{exc.__class__.__name__}: {exc}"))
    store.close()


class Worker:
    """One store opened in a child process, so that a question running too long can be stopped."""

    def __init__(self, uri: str):
        self.uri = uri
        self._start()

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(self.uri, child), daemon=True)
        self.proc.start()

    def ask(self, name: str, params: dict, timeout: float) -> tuple[float, list[dict]] | None:
        """(seconds, rows), or None when the answer took longer than ``timeout`` (the child is then replaced)."""
        self.conn.send((name, params))
        if not self.conn.poll(timeout):
            self.proc.kill()
            self.proc.join()
            self._start()
            return None
        ok, value = self.conn.recv()
        if not ok:
            raise RuntimeError(f"{self.uri}: {name} {params}: {value}")
        return value

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(30)


def timed(worker: Worker, name: str, params: dict, runs: int, budget: float, timeout: float):
    """(median ms or None after a timeout, runs made, rows of the last run)."""
    times, rows = [], []
    while len(times) < runs and (not times or sum(times) < budget):
        answer = worker.ask(name, params, timeout)
        if answer is None:
            return None, len(times) + 1, None
        seconds, rows = answer
        times.append(seconds)
    return statistics.median(times) * 1000, len(times), rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("stores", nargs="+", help="store URIs (already built)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--budget", type=float, default=30.0,
                    help="seconds per question and store after which no more runs start (default 30)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before one run is stopped (default 120)")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = ap.parse_args()
    first = open_store(args.stores[0])
    t = time.perf_counter()
    cases = pick_cases(first)
    first.close()
    print(f"picked {len(cases)} cases from {args.stores[0]} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    workers = [Worker(uri) for uri in args.stores]
    header = f"{'question':<52}" + "".join(f"{uri.split(':')[0] + ' p50 ms':>18}" for uri in args.stores)
    print(header + "   rows  equal  load")
    print("-" * (len(header) + 20))
    results, all_equal = [], True
    for case in cases:
        timings, counts, answers = zip(*(timed(w, case.name, case.params, args.runs, args.budget, args.timeout)
                                         for w in workers))
        known = [a for a in answers if a is not None]
        equal = all(a == known[0] for a in known[1:])
        all_equal &= equal
        verdict = "?" if len(known) < len(answers) and equal else "yes" if equal else "NO"
        cells = "".join(f"{f'> {args.timeout:g} s':>18}" if t is None else f"{t:>18.1f}" if n == args.runs
                        else f"{f'{t:.1f} ({n}x)':>18}" for t, n in zip(timings, counts))
        rows = len(known[0]) if known else "?"
        load = os.getloadavg()[0]
        print(f"{case.label[:51]:<52}{cells}  {rows:>5}  {verdict:>5}  {load:4.1f}", flush=True)
        results.append({"question": case.name, "why": case.why, "params": case.params, "rows": rows,
                        "equal": verdict, "load_average": load, "p50_ms": dict(zip(args.stores, timings)),
                        "runs": dict(zip(args.stores, counts))})
    missing = uncovered(cases)
    if missing:
        print(f"not timed (nothing in the graph to ask about): {', '.join(missing)}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=1, ensure_ascii=False)
    for w in workers:
        w.close()
    return 0 if all_equal else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Time how the Neo4j store reads a many-row answer: one Bolt record per row against all rows in one record.

Runs the same query (``--rows`` rows of two strings and an integer, like organization-collaborations over all
pairs) on a running Neo4j in two forms, taking turns, and prints per form the median wall and CPU time of this
process over ``--runs`` runs, beside the server's own time for the query (the limit both are bounded by):

- ``per record``: ``Neo4jStore._read``, the driver's ``execute_query`` and one ``Record`` per row;
- ``collected``: ``Neo4jStore._read_answer``, the catalogue path, ``CALL () { query } RETURN collect([...])``.

Says whether neo4j-rust-ext (the driver's packstream in Rust) was loaded. The password comes from NEO4J_PASSWORD.

Usage: NEO4J_PASSWORD=... python scripts/bench_neo4j_driver.py bolt://127.0.0.1:7687 [--rows 5384] [--runs 15]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from scholarkg.stores import open_store

QUERY = ("UNWIND range(1, $rows) AS i "
         "RETURN 'Organization number ' + toString(i) AS organization_a, "
         "'University of somewhere ' + toString(i * 7) AS organization_b, i % 97 AS papers ORDER BY i")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("uri", help="bolt://HOST:PORT of a running Neo4j 5")
    ap.add_argument("--rows", type=int, default=5384)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    store = open_store(args.uri)
    params = {"rows": args.rows}
    forms = {"per record": lambda: store._read(QUERY, params), "collected": lambda: store._read_answer(QUERY, params)}
    want = forms["per record"]()
    assert forms["collected"]() == want and len(want) == args.rows  # same rows, same order
    times: dict[str, list[tuple[float, float]]] = {form: [] for form in forms}
    for run in range(args.runs):
        order = list(forms) if run % 2 == 0 else list(reversed(forms))  # neither always goes first
        for form in order:
            wall, cpu = time.perf_counter(), time.process_time()
            forms[form]()
            times[form].append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
    summary = store._driver.execute_query(QUERY, params)[1]
    server = summary.result_available_after + summary.result_consumed_after
    store.close()
    rust = "neo4j._rust" in sys.modules
    print(f"{args.rows} rows, {args.runs} runs each, neo4j-rust-ext {'loaded' if rust else 'not installed'}, "
          f"load average {os.getloadavg()[0]:.1f}; the server's own time for the query: {server} ms")
    for form, values in times.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(f"{form:<11} p50 wall {wall:8.1f} ms   p50 CPU of this process {cpu:7.1f} ms")
    ratio = statistics.median(w for w, _ in times["per record"]) / statistics.median(w for w, _ in times["collected"])
    print(f"per record / collected, wall: {ratio:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

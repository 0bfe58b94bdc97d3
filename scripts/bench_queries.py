#!/usr/bin/env python3
"""Time every catalogue question on built stores and check the stores agree.

Parameters are picked from the graph itself (the most prolific author, a co-author of a co-author, the most named
method, ...), so the same script works on the seeds and on the 102k-paper arXiv graph. Prints, per question, the
median (p50) time over --runs runs in each store and whether the stores gave equal rows.

Usage: python scripts/bench_queries.py oxigraph:/tmp/oai.db [falkordb://127.0.0.1:6379/oai] [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import time

from scholarkg.catalog import load_catalog, run_query
from scholarkg.stores import open_store


def pick_params(store) -> list[tuple[str, dict]]:
    top = run_query(store, "prolific-authors", {"limit": 3})
    author = top[0]["author"]
    coauthors = run_query(store, "coauthors", {"author": author})
    near = coauthors[0]["coauthor"] if coauthors else author
    far = near
    if coauthors:  # someone two hops away: a co-author of the first co-author who did not write with `author`
        direct = {r["coauthor"] for r in coauthors} | {author}
        second = [r["coauthor"] for r in run_query(store, "coauthors", {"author": near}) if r["coauthor"] not in direct]
        far = second[0] if second else near
    methods = run_query(store, "trending-methods", {"since_year": 0, "limit": 3})
    method = methods[0]["method"] if methods else None
    datasets = [r["name"] for r in store.query("_names-dataset", {})]
    papers = run_query(store, "author-papers", {"author": author})
    orgs = run_query(store, "organization-collaborations", {})
    cases = [
        ("coauthors", {"author": author}),
        ("collaboration-distance", {"a": author, "b": far, "max_hops": 4}),
        ("shared-coauthors", {"a": author, "b": near}),
        ("top-collaborations", {"limit": 20}),
        ("author-papers", {"author": author}),
        ("author-organizations", {"author": author}),
        ("organization-collaborations", {"organization": orgs[0]["organization_a"]} if orgs else {}),
        ("prolific-authors", {"limit": 20}),
        ("author-methods", {"author": author}),
        ("citing-papers", {"author": author}),
        ("trending-methods", {"since_year": 2015, "limit": 20}),
    ]
    if papers:
        cases.append(("paper-influence", {"paper": papers[0]["title"]}))
    if method:
        cases += [("method-papers", {"method": method}), ("method-lineage", {"method": method}),
                  ("who-introduced", {"method": method}), ("method-cooccurrence", {"method": method})]
    if datasets:
        cases.append(("dataset-papers", {"dataset": sorted(datasets)[0]}))
    return cases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("stores", nargs="+", help="store URIs (already built)")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    stores = [open_store(uri) for uri in args.stores]
    cases = pick_params(stores[0])
    missing = set(load_catalog()) - {name for name, _ in cases}
    header = f"{'question':<28}" + "".join(f"{s.uri.split(':')[0] + ' p50 ms':>18}" for s in stores) + "  rows  equal"
    print(header)
    print("-" * len(header))
    for name, params in cases:
        timings, answers = [], []
        for store in stores:
            runs = []
            for _ in range(args.runs):
                t = time.perf_counter()
                rows = run_query(store, name, params)
                runs.append(time.perf_counter() - t)
            timings.append(statistics.median(runs) * 1000)
            answers.append(rows)
        equal = all(a == answers[0] for a in answers[1:])
        print(f"{name:<28}" + "".join(f"{t:>18.1f}" for t in timings) + f"  {len(answers[0]):>4}  {'yes' if equal else 'NO'}")
    if missing:
        print(f"not timed (nothing in the graph to ask about): {', '.join(sorted(missing))}")
    for store in stores:
        store.close()


if __name__ == "__main__":
    main()

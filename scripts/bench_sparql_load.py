#!/usr/bin/env python3
"""Build a corpus into Jena Fuseki through ``sparql+http://`` and compare the write rate with Fuseki's own bulk loader.

In one run: starts a Fuseki server (TDB2, a fresh directory, HTTP Basic, as the tests do), runs ``scholarkg build``
on the inputs through ``sparql+http://...?server=fuseki`` (extraction included) and times the whole build and, apart,
the HTTP writes (every ``Store.write``: a Graph Store POST of the batch into its source graph and one into
``skg:merged``); keeps exactly the quads it sent as N-Quads; stops the server; then loads that file with TDB2's bulk
loader (``tdb2.tdbloader`` from jena-cmds, the loader Fuseki's documentation points to for large loads) into another
fresh directory. Prints the wall times, quads per second of both, and the ratio (HTTP writes / bulk loader).
Run it niced; it needs scripts/install-sparql-servers to have run.

Usage: nice -n 10 python scripts/bench_sparql_load.py [INPUT...] [--workers 1] [--no-extract] [--json FILE]
       (default INPUT: ../shared/data/arxiv-oai-cs-2016, the 102,538-paper corpus)
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the server launcher the tests use

from scholarkg.build import build  # noqa: E402
from scholarkg.stores import open_store  # noqa: E402
from scholarkg.stores.sparql_http import MERGED  # noqa: E402
from sparql_servers import FUSEKI_VERSION, fuseki_jar, fuseki_server, sparql_credentials  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(ROOT.parent / "shared" / "data" / "arxiv-oai-cs-2016")])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-extract", action="store_true", help="build without extraction (the graph of the "
                        "records alone: the write path is the same, the build far shorter on a busy machine)")
    parser.add_argument("--memory-mb", type=int, default=2048, help="Java heap of the server and the loader")
    parser.add_argument("--json", help="also write the numbers to this file")
    args = parser.parse_args()
    jar = fuseki_jar()
    cmds = jar.with_name(f"jena-cmds-{FUSEKI_VERSION}.jar") if jar else None
    if jar is None or not cmds.is_file():
        print("Fuseki or jena-cmds missing: run scripts/install-sparql-servers .venv", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-sparql-"))
    sent = work / "sent.nq"
    try:
        with sparql_credentials(), fuseki_server(work / "fuseki", memory_mb=args.memory_mb) as uri, \
                open_store(uri) as store, open(sent, "w", encoding="utf-8") as out:
            written = {"seconds": 0.0, "quads": 0}
            write = store.write

            def timed_write(prepared):
                started = time.perf_counter()
                stats = write(prepared)
                written["seconds"] += time.perf_counter() - started
                graph = f"<{store.mapping.graph_iri(prepared.source_key).value}>"
                for line in prepared.payload.decode("utf-8").splitlines():
                    triple = line[:-1].rstrip()  # without the closing " ."
                    out.write(f"{triple} {graph} .\n{triple} <{MERGED}> .\n")
                    written["quads"] += 2
                return stats

            store.write = timed_write
            started = time.perf_counter()
            report = build(args.inputs, store, workers=args.workers, extract=not args.no_extract)
            build_seconds = time.perf_counter() - started
        loader_dir = work / "tdb2-bulk"
        started = time.perf_counter()
        done = subprocess.run(["java", f"-Xmx{args.memory_mb}m", "-cp", f"{jar}{os.pathsep}{cmds}", "tdb2.tdbloader",
                               "--loc", str(loader_dir), str(sent)], capture_output=True, text=True)
        loader_seconds = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
            return 1
        result = {
            "extraction": not args.no_extract, "papers": report.papers, "sources": report.sources_loaded, "quads_sent": written["quads"],
            "build_seconds": round(build_seconds, 1), "finish_seconds": round(report.finish_seconds, 1),
            "http_write_seconds": round(written["seconds"], 1),
            "http_quads_per_second": round(written["quads"] / written["seconds"]),
            "bulk_loader_seconds": round(loader_seconds, 1),
            "bulk_quads_per_second": round(written["quads"] / loader_seconds),
        }
        # a quad of the file is counted once per write in both; duplicates across batches are few and the same in both
        result["ratio_http_to_bulk"] = round(result["http_quads_per_second"] / result["bulk_quads_per_second"], 3)
        for key, value in result.items():
            print(f"{key:24} {value}")
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

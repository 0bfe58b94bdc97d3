#!/usr/bin/env python3
"""Store loading against its limits, measured in the same run on the same data.

Reads --pages OAI-PMH pages of ../shared/data/arxiv-oai-cs-2016 into GraphBatches (not timed), then times:
- Oxigraph: our upsert (mapping to quads + one transaction per batch) against pyoxigraph's bulk load of the same
  quads (``bulk_extend``, no transaction): quads/s and the ratio;
- FalkorDB: our upsert (the write files of queries/write/, one atomic query per batch) against a raw
  ``UNWIND $rows MERGE ... SET n += row.props`` of the same rows with the same indexes: rows/s and the ratio;
- Neo4j 5 (the launcher of tests/neo4j_server.py, over Bolt; with --neo4j): the same pair, each batch one managed
  write transaction, into an emptied database with the key constraints.
Medians over --runs runs, each into a fresh store; the property-graph writers each make one untimed pass first
and take turns at going first.

Usage: python scripts/bench_load.py [--pages 5] [--runs 3] [--batch-size 500] [--neo4j] [--no-oxigraph] [--no-falkordb]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from scholarkg.model import GraphBatch  # noqa: E402
from scholarkg.resolve.graph import add_paper, add_source  # noqa: E402
from scholarkg.sources import iter_papers  # noqa: E402
from scholarkg.stores import open_store  # noqa: E402
from scholarkg.stores.rdf import RdfMapping, prepare_ntriples  # noqa: E402
from servers import falkordb_server  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "arxiv-oai-cs-2016"


def batches(pages: int, batch_size: int) -> list[GraphBatch]:
    out, chunk = [], []
    files = [CORPUS / f"{i}.xml.gz" for i in range(1, pages + 1)]
    for paper in iter_papers(files):
        chunk.append(paper)
        if len(chunk) == batch_size:
            out.append(_batch(chunk, len(out)))
            chunk = []
    if chunk:
        out.append(_batch(chunk, len(out)))
    return out


def _batch(papers, n) -> GraphBatch:
    b = GraphBatch("bench")
    add_source(b, "bench", "arxiv-oai")
    for p in papers:
        add_paper(b, p)
    return b


def quads_of(mapping: RdfMapping, batch: GraphBatch) -> list[pyoxigraph.Quad]:
    """The batch's quads (source graph only) as pyoxigraph terms."""
    return list(pyoxigraph.parse(prepare_ntriples(mapping, batch).payload, pyoxigraph.RdfFormat.N_TRIPLES,
                                 to_graph=mapping.graph_iri(batch.source_key)))


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def raw_statements(batch: GraphBatch) -> list[tuple[str, dict]]:
    """The limit: plain MERGE + SET += of the same rows (no sources lists, no smallest-value rule)."""
    out = []
    labels = sorted({n.label for n in batch.nodes.values()})
    for label in labels:
        rows = [{"key": n.key, "props": n.props} for n in batch.nodes.values() if n.label == label]
        out.append((f"UNWIND $rows AS row MERGE (n:{label} {{key: row.key}}) SET n += row.props", {"rows": rows}))
    kinds = sorted({(e.type, e.start[0], e.end[0]) for e in batch.edges.values()})
    for etype, start, end in kinds:
        rows = [{"start": e.start[1], "end": e.end[1], "props": e.props} for e in batch.edges.values()
                if (e.type, e.start[0], e.end[0]) == (etype, start, end)]
        out.append((f"UNWIND $rows AS row MATCH (a:{start} {{key: row.start}}) MATCH (b:{end} {{key: row.end}}) "
                    f"MERGE (a)-[r:{etype}]->(b) SET r += row.props", {"rows": rows}))
    return out


def property_graph_runs(open_graph, data: list[GraphBatch], runs: int) -> tuple[list[float], list[float]]:
    """Seconds of our upsert and of the raw statements over ``data``, per run, each into an emptied graph with the
    key indexes (``open_graph(name)`` opens a graph; on Neo4j every name is its one database). Each writer first
    makes one untimed pass (on a fresh Neo4j the first pass of a writer took 3 to 12 times its later ones: query
    planning and the JVM's JIT), and the two take turns at going first."""
    writers = {"ours": lambda s, b: s.upsert(b), "raw": lambda s, b: s._write(raw_statements(b))}
    seconds: dict[str, list[float]] = {"ours": [], "raw": []}
    for run in range(-1, runs):  # run -1: the warm-up pass
        for kind in (("ours", "raw") if run % 2 == 0 else ("raw", "ours")):
            store = open_graph(f"{kind}{run + 1}")
            store.clear()
            store.ensure_schema()
            took = timed(lambda: [writers[kind](store, b) for b in data])
            if run >= 0:
                seconds[kind].append(took)
            store.clear()
            store.close()
    return seconds["ours"], seconds["raw"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=500)
    ap.add_argument("--neo4j", action="store_true", help="also Neo4j 5 (needs Java 17+ and Maven)")
    ap.add_argument("--neo4j-heap", default="2g", help="Java heap of the Neo4j server (default 2g)")
    ap.add_argument("--no-oxigraph", action="store_true")
    ap.add_argument("--no-falkordb", action="store_true")
    args = ap.parse_args()
    data = batches(args.pages, args.batch_size)
    mapping = RdfMapping()
    quads = [] if args.no_oxigraph else [q for b in data for q in quads_of(mapping, b)]
    rows = sum(len(b) for b in data)
    papers = sum(1 for b in data for n in b.nodes.values() if n.label == "Paper")
    print(f"{args.pages} pages, {papers} papers, {len(data)} batches, {len(quads):,} quads, {rows:,} rows; "
          f"median of {args.runs} runs")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_oxigraph:
            ours, limit = [], []
            for run in range(args.runs):
                store = open_store(f"oxigraph:{tmp}/ours{run}")
                ours.append(timed(lambda: [store.upsert(b) for b in data]))
                store.close()
                bulk = pyoxigraph.Store(f"{tmp}/bulk{run}")
                limit.append(timed(lambda: bulk.bulk_extend(quads)))
                del bulk
            results["Oxigraph load (quads/s)"] = (len(quads) / statistics.median(ours),
                                                  len(quads) / statistics.median(limit))
        if not args.no_falkordb:
            with falkordb_server(Path(tmp) / "falkordb") as uri:
                ours, limit = property_graph_runs(lambda name: open_store(f"{uri}/{name}"), data, args.runs)
                results["FalkorDB load (rows/s)"] = (rows / statistics.median(ours), rows / statistics.median(limit))
        if args.neo4j:
            from neo4j_server import Neo4jServer

            server = Neo4jServer(Path(tmp) / "neo4j", heap=args.neo4j_heap).start()
            try:
                ours, limit = property_graph_runs(lambda name: open_store(server.uri()), data, args.runs)
            finally:
                server.stop()
            results["Neo4j load (rows/s)"] = (rows / statistics.median(ours), rows / statistics.median(limit))
    print(f"{'stage':<26}{'ours':>12}{'limit':>12}{'ratio':>8}")
    for stage, (o, lim) in results.items():
        print(f"{stage:<26}{o:>12,.0f}{lim:>12,.0f}{o / lim:>8.2f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Method-to-method lineage relations the extractor finds in a corpus: how many edges, and a seeded random sample
to label by hand.

usage: lineage_sample.py INPUT... [--workers 2] [--limit N] [--size 100] [--seed 2016] [--out FILE]
       lineage_sample.py --store PATH [--size 100] [--seed 2016] [--out FILE]   (an Oxigraph store already built)
       lineage_sample.py --score FILE

With --store the edges are the graph's own (EXTENDS, USES, OUTPERFORMS, COMPARED_WITH between Method nodes); each
edge drawn is traced back to its sentence by extracting again the papers that name both methods (at most 40 of
them; an edge found in none of them is reported as not traced).

Every EXTENDS / USES / OUTPERFORMS / COMPARED_WITH relation between two methods the paper names (what the graph
keeps, see resolve/graph.py) is collected with its evidence sentence; the counts of distinct edges
(type, head key, tail key) per type and per finder (rules / names / model) are printed, and ``--size`` relations drawn
with ``random.Random(seed)`` are written to ``--out`` as JSON, each with ``"label": null`` for a person to fill in
(true when the sentence states that relation between those two methods under ../shared/gold/GUIDELINES.md).
``--score FILE`` prints the precision of a labelled sample instead.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from scholarkg.pipeline import extract_many, extract_stream  # noqa: E402
from scholarkg.extract.relmodel import RelationModel, packaged_model, using_model  # noqa: E402
from scholarkg.extract import slug  # noqa: E402
from scholarkg.model import Paper, SourceRef  # noqa: E402
from scholarkg.sources import iter_papers  # noqa: E402
from scholarkg.sources._io import ErrorSink  # noqa: E402

LINEAGE = ("EXTENDS", "USES", "OUTPERFORMS", "COMPARED_WITH")


def collect(inputs: list[str], workers: int, limit: int | None) -> list[dict]:
    """One row per lineage relation between named methods, in corpus order."""
    rows = []
    papers = iter_papers(inputs, errors=ErrorSink("skip"))
    for n, (paper, ex) in enumerate(extract_stream(papers, workers=workers)):
        if limit is not None and n >= limit:
            break
        names = {m.key: m.name for m in ex.methods}
        for r in ex.relations:
            if r.type in LINEAGE and r.head in names and r.tail in names:
                rows.append({"paper": paper.key, "title": paper.title, "type": r.type, "head": r.head,
                             "tail": r.tail, "head_name": names[r.head], "tail_name": names[r.tail],
                             "by": (r.by or "rules").split()[0], "score": r.by, "evidence": r.evidence})
    return rows


PREDICATES = {"EXTENDS": "extends", "USES": "usesComponent", "OUTPERFORMS": "outperforms", "COMPARED_WITH": "comparedWith"}
# one query per predicate: Oxigraph answers a constant predicate from its index, a VALUES-bound one by a scan
EDGES = """PREFIX skg: <https://w3id.org/scholarkg/ontology#>
SELECT DISTINCT ?a ?b WHERE {{ ?x skg:{predicate} ?y . ?x skg:key ?a . ?y skg:key ?b . }}"""
PAPERS_OF = """PREFIX skg: <https://w3id.org/scholarkg/ontology#>
SELECT DISTINCT ?p WHERE { ?x skg:key %s . { ?p skg:proposes ?x } UNION { ?p skg:usesMethod ?x } }"""
TEXT_OF = """PREFIX schema: <http://schema.org/>
SELECT ?title ?abstract WHERE { %s schema:name ?title . OPTIONAL { %s schema:abstract ?abstract } }"""
METHODS_OF = """PREFIX skg: <https://w3id.org/scholarkg/ontology#>
PREFIX schema: <http://schema.org/>
SELECT ?key ?form WHERE { { %s skg:proposes ?x } UNION { %s skg:usesMethod ?x }
  ?x skg:key ?key . { ?x schema:name ?form } UNION { ?x skg:alias ?form } UNION { ?x skg:key ?form } }"""
TRACED = 40  # papers re-extracted per edge at most


def store_keys(ask, paper) -> dict[str, str]:
    """slug of each name, alias and key of the paper's Method nodes -> the node's key: the identity pass may have
    merged the node a paper's extraction names into another (its key then differs from the extraction's)."""
    return {slug(r["form"].value): r["key"].value for r in ask(METHODS_OF % (paper, paper))}


def from_store(path: str, size: int, seed: int) -> tuple[Counter, list[dict]]:
    """(edges per type, ``size`` edges drawn with ``seed``, each with the sentence that states it)."""
    import pyoxigraph

    store = pyoxigraph.Store.read_only(path)
    ask = lambda q: store.query(q, use_default_graph_as_union=True)  # noqa: E731
    edges = sorted((kind, r["a"].value, r["b"].value) for kind, predicate in PREDICATES.items()
                   for r in ask(EDGES.format(predicate=predicate)))
    drawn = random.Random(seed).sample(edges, min(size, len(edges)))
    rows = []
    for n, (kind, a, b) in enumerate(drawn, 1):
        print(f"\r{n}/{len(drawn)} traced", end="", file=sys.stderr, flush=True)
        row = {"type": kind, "head": a, "tail": b, "title": None, "by": None, "evidence": None}
        # the keys go in as RDF literals, written by pyoxigraph (escaped), never as raw text
        # each method's papers apart, then their intersection: one query joining both made Oxigraph crawl on
        # methods named by thousands of papers; the keys go in as RDF terms written by pyoxigraph, never raw text
        shared = sorted({r["p"] for r in ask(PAPERS_OF % pyoxigraph.Literal(a))} &
                        {r["p"] for r in ask(PAPERS_OF % pyoxigraph.Literal(b))}, key=str)[:TRACED]
        hits = []
        for p in shared:
            for h in ask(TEXT_OF % (p, p)):
                hits.append((h["title"].value, h["abstract"].value if h["abstract"] else "", store_keys(ask, p)))
                break
        papers = [Paper(key="-", title=t, source=SourceRef("-", "store", "-"), abstract=x) for t, x, _ in hits]
        for (title, _, keys), ex in zip(hits, extract_many(papers)):
            to_store = {m.key: next((keys[f] for f in (m.key, slug(m.name), slug(m.mention)) if f in keys), m.key)
                        for m in ex.methods}
            names = {to_store[m.key]: m.name for m in ex.methods}
            stated = next((r for r in ex.relations if (r.type, to_store.get(r.head), to_store.get(r.tail)) == (kind, a, b)),
                          None)
            if stated is not None:
                row.update(title=title, by=(stated.by or "rules").split()[0], score=stated.by or "rules", evidence=stated.evidence,
                           head_name=names.get(a, a), tail_name=names.get(b, b))
                break
        rows.append(row)
    return Counter(kind for kind, _, _ in edges), rows


def score_rows(rows: list[dict]) -> dict[str, tuple[int, int]]:
    """(right, labelled) overall, per finder and per type, over the rows a person labelled."""
    labelled = [r for r in rows if r.get("label") is not None]
    out = {}
    for group in ("all", *sorted({r["by"] or "untraced" for r in labelled}), *LINEAGE):
        part = [r for r in labelled if group in ("all", r["by"] or "untraced", r["type"])]
        if part:
            out[group] = (sum(bool(r["label"]) for r in part), len(part))
    return out


def score(path: Path) -> None:
    for group, (good, n) in score_rows(json.loads(path.read_text(encoding="utf-8"))).items():
        print(f"{group:<14} precision {good / n:.2f} ({good}/{n})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--store", help="draw from this Oxigraph store instead of extracting INPUTs")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2016)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--score", type=Path, help="a labelled sample: print its precision")
    ap.add_argument("--threshold", type=float, help="try the packaged model at another threshold (one process)")
    args = ap.parse_args()
    if args.score:
        score(args.score)
        return
    if args.store:
        per_type, sample = from_store(args.store, args.size, args.seed)
        print(f"{sum(per_type.values())} method-to-method lineage edges: {dict(per_type)}")
        print(f"{sum(r['evidence'] is not None for r in sample)} of {len(sample)} drawn traced to a sentence")
        if args.out:
            args.out.write_text(json.dumps([{**r, "label": None, "note": ""} for r in sample], indent=1,
                                           ensure_ascii=False) + "\n", encoding="utf-8")
        return
    if args.threshold is not None:
        model = packaged_model()
        with using_model(RelationModel(model.weights, args.threshold, model.info)):
            rows = collect(args.inputs, 1, args.limit)
    else:
        rows = collect(args.inputs, args.workers, args.limit)
    edges = {(r["type"], r["head"], r["tail"]): r["by"] for r in rows}
    print(f"{len(rows)} lineage relations, {len(edges)} distinct edges")
    print("by type:", dict(Counter(t for t, _, _ in edges)))
    print("by finder:", dict(Counter(edges.values())))
    sample = random.Random(args.seed).sample(rows, min(args.size, len(rows)))
    if args.out:
        args.out.write_text(json.dumps([{**r, "label": None, "note": ""} for r in sample], indent=1,
                                       ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{len(sample)} drawn with seed {args.seed} -> {args.out}")


if __name__ == "__main__":
    main()

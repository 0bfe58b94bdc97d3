#!/usr/bin/env python
"""Method-to-method lineage relations the extractor finds in a corpus: how many edges, and a seeded random sample
to label by hand.

usage: lineage_sample.py INPUT... [--workers 2] [--limit N] [--size 100] [--seed 2016] [--out FILE]
       lineage_sample.py --store PATH [--size 100] [--seed 2016] [--out FILE]   (an Oxigraph store already built)
       lineage_sample.py --show FILE [--out COPY]   (the sentences put back from ../shared, to read or label)
       lineage_sample.py --strip COPY --out FILE    (a labelled copy back to the committable form)
       lineage_sample.py --score FILE

With --store the edges are the graph's own (EXTENDS, USES, OUTPERFORMS, COMPARED_WITH between Method nodes); each
edge drawn is traced back to its sentence by extracting again the papers that name both methods (at most 40 of
them; an edge found in none of them is reported as not traced).

Every EXTENDS / USES / OUTPERFORMS / COMPARED_WITH relation between two methods the paper names (what the graph
keeps, see resolve/graph.py) is collected with where its evidence sentence is; the counts of distinct edges
(type, head key, tail key) per type and per finder (rules / names / model) are printed, and ``--size`` relations drawn
with ``random.Random(seed)`` are written to ``--out`` as JSON, each with ``"label": null`` for a person to fill in
(true when the sentence states that relation between those two methods under ../shared/gold/GUIDELINES.md).
``--score FILE`` prints the precision of a labelled sample instead.

A sample holds no text of the corpus (the repository holds only what we write): each row names its paper by
``"source"`` ("arxiv-oai-cs-2016 page 9, arXiv 0907.4364" for a page of ../shared/data/arxiv-oai-cs-2016, else
"FILE, paper KEY" with FILE relative to the repository), says whether the sentence is in the paper's ``"where"``
"title" or "abstract", and gives its character offsets ``"span"`` [start, end) there; a row no sentence was found
for has them null. ``--show FILE`` prints every row with its sentence read back from ../shared; with ``--out COPY``
it writes a labelling copy instead whose rows carry "title" and "evidence" (label it there, in /tmp); ``--strip
COPY --out FILE`` drops the texts again, and locates rows that carry only "title" and "evidence" (a sample of the
old form) by finding the paper in ../shared/data/arxiv-oai-cs-2016 (or the ``--corpus`` inputs).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
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
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "data" / "arxiv-oai-cs-2016"
TEXTS = ("title", "evidence")  # what a labelling copy adds to a row and the committed form never carries
_PAGE = re.compile(r"^(\S+) page (\d+), arXiv (\S+)$")
_KEYED = re.compile(r"^(.+), paper (\S+)$")


def source_of(path: str, arxiv_id: str | None, key: str) -> str:
    """Where a paper is, without its text: a page of a corpus under ../shared/data by arXiv id, else file and key."""
    file = Path(path)
    if arxiv_id and file.name.endswith(".xml.gz") and file.name[:-7].isdigit() and \
            file.resolve().parent.parent == (SHARED / "data").resolve():
        return f"{file.parent.name} page {file.name[:-7]}, arXiv {arxiv_id}"
    absolute = file.resolve()
    inside = absolute.is_relative_to(ROOT.parent.resolve())
    return f"{os.path.relpath(absolute, ROOT) if inside else absolute}, paper {key}"


def locate(source: str | None, title: str, abstract: str, evidence: str | None) -> dict:
    """The row's reference to its sentence: source, "title" or "abstract", [start, end); all null when not found."""
    for where, text in (("title", title or ""), ("abstract", abstract or "")):
        start = text.find(evidence) if evidence and source else -1
        if start >= 0:
            return {"source": source, "where": where, "span": [start, start + len(evidence)]}
    return {"source": None, "where": None, "span": None}


def _file_of(source: str) -> tuple[Path, str, str]:
    """(file, "arxiv" or "key", the id) a row's source names."""
    m = _PAGE.match(source)
    if m:
        return SHARED / "data" / m.group(1) / f"{m.group(2)}.xml.gz", "arxiv", m.group(3)
    m = _KEYED.match(source)
    if not m:
        raise SystemExit(f"source {source!r} names no corpus page and arXiv id, nor file and paper key")
    return ROOT / m.group(1), "key", m.group(2)


def paper_texts(sources) -> dict[str, tuple[str, str]]:
    """source -> (title, abstract), read from ../shared (each file once); a source not found is an error."""
    wanted: dict[Path, dict[tuple[str, str], str]] = {}
    for source in set(sources):
        file, kind, ident = _file_of(source)
        wanted.setdefault(file, {})[kind, ident] = source
    found = {}
    for file, ids in sorted(wanted.items()):
        for paper in iter_papers(file, errors=ErrorSink("skip")):
            for ident in (("arxiv", paper.arxiv_id), ("key", paper.key)):
                if ident in ids:
                    found[ids[ident]] = (paper.title or "", paper.abstract or "")
    missing = sorted(set(sources) - set(found))
    if missing:
        raise SystemExit(f"not found under {SHARED}: {'; '.join(missing[:5])}")
    return found


def with_sentences(rows: list[dict]) -> list[dict]:
    """Each row with "title" (its paper's) and "evidence" (the sentence its offsets give) put back from ../shared."""
    texts = paper_texts([r["source"] for r in rows if r.get("source")])
    out = []
    for r in rows:
        if "source" not in r:  # a row that never referred to a sentence (arXiv id only) stays as it is
            out.append(r)
            continue
        title = evidence = None
        if r["source"]:
            title, abstract = texts[r["source"]]
            start, end = r["span"]
            evidence = (title if r["where"] == "title" else abstract)[start:end]
        rest = {k: v for k, v in r.items() if k not in (*TEXTS, "label", "note")}  # the texts go before the label
        out.append({**rest, "title": title, "evidence": evidence, "label": r.get("label"), "note": r.get("note", "")})
    return out


def stripped(rows: list[dict], corpus: list[str] | None = None) -> list[dict]:
    """The committable form of sample rows: no "title" / "evidence"; a row carrying them without a "source" (the old
    form, before samples held offsets) is located by finding its paper by title in ``corpus`` (default the arXiv
    corpus); one whose sentence cannot be found keeps its names and label with a null location."""
    todo = [r for r in rows if "source" not in r and r.get("evidence")]
    papers: dict[str, list] = {}
    if todo:
        titles = {r["title"] for r in todo}
        for paper in iter_papers(corpus or [CORPUS], errors=ErrorSink("skip")):
            if paper.title in titles:
                papers.setdefault(paper.title, []).append(paper)
    out = []
    for r in rows:
        if "source" not in r and not any(k in r for k in TEXTS):
            out.append(r)
            continue
        place = {k: r[k] for k in ("source", "where", "span") if k in r}
        if "source" not in r:
            place = locate(None, "", "", None)
            for p in papers.get(r.get("title"), []):
                place = locate(source_of(p.source.path, p.arxiv_id, p.key), p.title, p.abstract, r["evidence"])
                if place["source"]:
                    break
        keep = {k: v for k, v in r.items() if k not in (*TEXTS, "source", "where", "span", "label", "note")}
        out.append({**keep, **place, "label": r.get("label"), "note": r.get("note", "")})
    return out


def show(rows: list[dict]) -> None:
    for n, r in enumerate(with_sentences(rows), 1):
        print(f"{n}. {r['type']} {r.get('head_name', r['head'])} -> {r.get('tail_name', r['tail'])}"
              f"  [label {r.get('label')}]  ({r.get('source') or r.get('arxiv_id') or 'not traced'})")
        if r.get("evidence") is not None:
            print(f"   {r['where']}: {r['evidence']}")
        if r.get("note"):
            print(f"   note: {r['note']}")


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
                rows.append({"paper": paper.key, "type": r.type, "head": r.head, "tail": r.tail,
                             "head_name": names[r.head], "tail_name": names[r.tail],
                             "by": (r.by or "rules").split()[0], "score": r.by,
                             **locate(source_of(paper.source.path, paper.arxiv_id, paper.key), paper.title or "",
                                      paper.abstract or "", r.evidence)})
    return rows


PREDICATES = {"EXTENDS": "extends", "USES": "usesComponent", "OUTPERFORMS": "outperforms", "COMPARED_WITH": "comparedWith"}
# one query per predicate: Oxigraph answers a constant predicate from its index, a VALUES-bound one by a scan
EDGES = """PREFIX skg: <https://w3id.org/scholarkg/ontology#>
SELECT DISTINCT ?a ?b WHERE {{ ?x skg:{predicate} ?y . ?x skg:key ?a . ?y skg:key ?b . }}"""
PAPERS_OF = """PREFIX skg: <https://w3id.org/scholarkg/ontology#>
SELECT DISTINCT ?p WHERE { ?x skg:key %s . { ?p skg:proposes ?x } UNION { ?p skg:usesMethod ?x } }"""
TEXT_OF = """PREFIX schema: <http://schema.org/>
PREFIX skg: <https://w3id.org/scholarkg/ontology#>
SELECT ?title ?abstract ?arxiv ?key ?path WHERE { GRAPH ?g { %s schema:name ?title . %s skg:key ?key .
  OPTIONAL { %s schema:abstract ?abstract } OPTIONAL { %s skg:arxivId ?arxiv } }
  ?source a <http://www.w3.org/ns/prov#Entity> ; skg:key ?sk ; skg:path ?path .
  FILTER (STR(?g) = CONCAT(REPLACE(STR(?source), "/id/source/[^/]*$", "/source/"), ?sk)) } ORDER BY ?path"""
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
        row, place = {"type": kind, "head": a, "tail": b, "by": None}, locate(None, "", "", None)
        # the keys go in as RDF literals, written by pyoxigraph (escaped), never as raw text
        # each method's papers apart, then their intersection: one query joining both made Oxigraph crawl on
        # methods named by thousands of papers; the keys go in as RDF terms written by pyoxigraph, never raw text
        shared = sorted({r["p"] for r in ask(PAPERS_OF % pyoxigraph.Literal(a))} &
                        {r["p"] for r in ask(PAPERS_OF % pyoxigraph.Literal(b))}, key=str)[:TRACED]
        hits = []
        for p in shared:
            for h in ask(TEXT_OF % (p, p, p, p)):
                source = source_of(h["path"].value, h["arxiv"].value if h["arxiv"] else None, h["key"].value)
                hits.append((h["title"].value, h["abstract"].value if h["abstract"] else "", store_keys(ask, p), source))
                break
        papers = [Paper(key="-", title=t, source=SourceRef("-", "store", "-"), abstract=x) for t, x, _, _ in hits]
        for (title, abstract, keys, source), ex in zip(hits, extract_many(papers)):
            to_store = {m.key: next((keys[f] for f in (m.key, slug(m.name), slug(m.mention)) if f in keys), m.key)
                        for m in ex.methods}
            names = {to_store[m.key]: m.name for m in ex.methods}
            stated = next((r for r in ex.relations if (r.type, to_store.get(r.head), to_store.get(r.tail)) == (kind, a, b)),
                          None)
            if stated is not None:
                row.update(by=(stated.by or "rules").split()[0], score=stated.by or "rules",
                           head_name=names.get(a, a), tail_name=names.get(b, b))
                place = locate(source, title, abstract, stated.evidence)
                break
        rows.append({**row, **place})
    return Counter(kind for kind, _, _ in edges), rows


def score_rows(rows: list[dict]) -> dict[str, tuple[int, int]]:
    """(right, labelled) overall, per finder and per type, over the rows a person labelled."""
    labelled = [r for r in rows if r.get("label") is not None]
    out = {}
    for group in ("all", *sorted({r.get("by") or "untraced" for r in labelled}), *LINEAGE):
        part = [r for r in labelled if group in ("all", r.get("by") or "untraced", r["type"])]
        if part:
            out[group] = (sum(bool(r["label"]) for r in part), len(part))
    return out


def read(path: Path) -> tuple[list | dict, list[dict]]:
    """(the file's JSON, its rows): a sample is a list of rows, or an object holding them under "edges"."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return data, data["edges"] if isinstance(data, dict) else data


def score(path: Path) -> None:
    for group, (good, n) in score_rows(read(path)[1]).items():
        print(f"{group:<14} precision {good / n:.2f} ({good}/{n})")


def write(path: Path, data) -> None:
    """A sample (or a file holding one) as indented JSON, each row's [start, end) on one line."""
    text = json.dumps(data, indent=1, ensure_ascii=False)
    path.write_text(re.sub(r'"span": \[\s+(\d+),\s+(\d+)\s+\]', r'"span": [\1, \2]', text) + "\n", encoding="utf-8")


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
    ap.add_argument("--show", type=Path, help="print a sample with its sentences (with --out: write a labelling copy)")
    ap.add_argument("--strip", type=Path, help="write a labelling copy (or an old-form sample) without texts to --out")
    ap.add_argument("--corpus", nargs="+", help="with --strip: where to find the papers of old-form rows")
    ap.add_argument("--threshold", type=float, help="try the packaged model at another threshold (one process)")
    args = ap.parse_args()
    if args.score:
        score(args.score)
        return
    if args.show or args.strip:
        data, rows = read(args.show or args.strip)
        if args.strip and not args.out:
            ap.error("--strip needs --out")
        if args.show and not args.out:
            show(rows)
            return
        rows = with_sentences(rows) if args.show else stripped(rows, args.corpus)
        write(args.out, {**data, "edges": rows} if isinstance(data, dict) else rows)
        if args.strip:
            print(f"{sum(r.get('source') is not None for r in rows)} of {len(rows)} rows located -> {args.out}")
        return
    if args.store:
        per_type, sample = from_store(args.store, args.size, args.seed)
        print(f"{sum(per_type.values())} method-to-method lineage edges: {dict(per_type)}")
        print(f"{sum(r['source'] is not None for r in sample)} of {len(sample)} drawn traced to a sentence")
        if args.out:
            write(args.out, [{**r, "label": None, "note": ""} for r in sample])
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
        write(args.out, [{**r, "label": None, "note": ""} for r in sample])
        print(f"{len(sample)} drawn with seed {args.seed} -> {args.out}")


if __name__ == "__main__":
    main()

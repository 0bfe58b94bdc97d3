"""A small graph we write ourselves, where every picture has a known answer.

Co-authorship (joint papers): Ada-Bo 2, Bo-Cy 2, Cy-Dee 1, Bo-Dee 1, Dee-Eve 1, Eve-Finn 1 (Finn is 4 hops from
Ada). Organizations: Ada and Bo on Mila papers, Cy listed at DeepMind. Methods: base-net (2016) <-EXTENDS-
base-net-2 (2018) <-USES- stacked-base-net (2020); base-net is used again in 2021.
"""
from __future__ import annotations

from scholarkg.model import Extraction, GraphBatch, Mention, Paper, Relation, SourceRef
from scholarkg.resolve.graph import add_paper, add_source
from scholarkg.sources.names import parse_given_first
from scholarkg.sources.text import paper_key


def _m(key: str, role: str) -> Mention:
    name = key.replace("-", " ").title()
    return Mention("method", name, key, name, "abstract", 0, len(name), role)


def _d(key: str) -> Mention:
    name = key.title()
    return Mention("dataset", name, key, name, "abstract", 0, len(name), "uses")


def _paper(title, year, authors, orgs=(), proposes=(), uses=(), datasets=(), relations=()):
    paper = Paper(key=paper_key(title), title=title, source=SourceRef("ours", "test", "record"), year=year,
                  published=f"{year}-01-01", authors=tuple(parse_given_first(a) for a in authors),
                  affiliations=tuple(orgs))
    ex = Extraction(methods=tuple(_m(k, "proposes") for k in proposes) + tuple(_m(k, "uses") for k in uses),
                    datasets=tuple(_d(k) for k in datasets),
                    relations=tuple(Relation(t, h, x, tail_kind="method") for t, h, x in relations))
    return paper, ex


PAPERS = [
    _paper("Base Nets", 2016, ["Ada Moreau", "Bo Lindgren"], ["mila"], proposes=["base-net"], datasets=["imagenet"]),
    _paper("Base Nets Two", 2018, ["Bo Lindgren", "Ada Moreau", "Cy Okoro"], ["mila", "deepmind"],
           proposes=["base-net-2"], uses=["base-net"], datasets=["imagenet"],
           relations=[("EXTENDS", "base-net-2", "base-net")]),
    _paper("Stacked Base Nets", 2020, ["Cy Okoro", "Dee Varga", "Bo Lindgren"], ["deepmind"],
           proposes=["stacked-base-net"], uses=["base-net-2"], datasets=["cifar"],
           relations=[("USES", "stacked-base-net", "base-net-2")]),
    _paper("Nets in the Wild", 2021, ["Dee Varga", "Eve Nakamura"], uses=["base-net"], datasets=["imagenet"]),
    _paper("A Note <on> Finn & Eve", 2021, ["Eve Nakamura", "Finn Olsen"]),
]


def load(store) -> None:
    store.ensure_schema()
    batch = GraphBatch("viz-test-source")
    add_source(batch, "viz-test.txt", "test")
    for paper, ex in PAPERS:
        add_paper(batch, paper, ex)
    store.upsert(batch)

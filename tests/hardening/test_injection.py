"""Injection: titles, author and organization names, method names and query parameters carrying Cypher and SPARQL
syntax are stored and returned verbatim, and touch nothing else, in Oxigraph, FalkorDB and Neo4j.

A listing we write (OpenAlex JSON Lines) is built on top of a baseline graph, with an extractor of our own that
names hostile methods; then the catalogue answers with exactly those values, and the baseline graph is unchanged.
NUL cannot travel in FalkorDB's query text, so it is dropped (readers and query parameters alike, see
``scholarkg.sources._clean``): a name read with a NUL is found again typed with or without it.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scholarkg.build import build, source_key
from scholarkg.catalog import run_query
from scholarkg.errors import QueryError
from scholarkg.model import Extraction, Mention
from scholarkg.resolve.orgs import org_key, org_keys
from scholarkg.sources import iter_papers
from scholarkg.stores import open_store
from servers import CYPHER_ENGINES, empty_cypher_store

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "profile-listing.txt"

HOSTILE = [
    "'}) DETACH DELETE n //",
    '"} ; DROP ALL ; INSERT DATA { <a> <b> <c> }',
    "a > b < c & d",
    'back\\slash \\" \\n \\u0041 \\\\',
    "quote ' double \" backtick ` dollar $source $rows",
    "line one\nline two\r\ttabbed",
    "nul\x00inside",
    "rtl \u200f\u202eevil\u202c mark",
    "MATCH (n) DETACH DELETE n",
    "}} UNION { ?s ?p ?o } # ) RETURN 1 //",
]


def hostile_listing(folder: Path) -> Path:
    works = [{"id": f"https://openalex.org/W{i + 1}", "title": f"Paper {i}: {v}", "publication_date": f"202{i % 5}-01-01",
              "authorships": [{"author": {"display_name": f"Ada {v}"}, "institutions": [{"display_name": f"University of {v}"}]},
                              {"author": {"display_name": "Plain Person"}, "institutions": []}]}
             for i, v in enumerate(HOSTILE)]
    path = folder / "hostile.jsonl"
    path.write_text("".join(json.dumps(w) + "\n" for w in works), encoding="utf-8")
    return path


def method_name(i: int) -> str:
    return f"Method{i} " + HOSTILE[i].replace("\x00", "")


def hostile_extractor(papers):
    """Each paper proposes one method named with its hostile text (exactly as written, braces and all)."""
    out = []
    for paper in papers:
        i = int(paper.title.split(":")[0].split()[1])
        name = method_name(i)
        out.append(Extraction(methods=(Mention("method", name, f"hostile-method-{i}", name, "title", 0, 0, "proposes"),)))
    return out


@pytest.fixture(scope="module")
def falkordb_uri(tmp_path_factory):
    from servers import falkordb_server

    with falkordb_server(tmp_path_factory.mktemp("falkordb-injection")) as uri:
        yield uri


@pytest.fixture(params=["oxigraph", *CYPHER_ENGINES])
def store(request, tmp_path):
    if request.param == "oxigraph":
        s = open_store(f"oxigraph:{tmp_path / 'db'}")
    else:
        s = empty_cypher_store(request, f"injection_{request.node.name[-12:-1]}", "falkordb_uri")
    yield s
    if request.param != "oxigraph":
        s.clear()
    s.close()


def baseline_view(store, key: str):
    """What the baseline source asserts, as the store holds it (sorted), to show nothing else touched it."""
    if store.can("rdf"):
        graph = store.mapping.graph_iri(key).value
        return sorted(line for line in store.iter_nquads() if line.endswith(f"<{graph}> ."))
    nodes, edges = store.iter_rows()
    keep = []
    for row in nodes + edges:
        if key in (row["props"].get("sources") or []):
            props = dict(row["props"])
            props["sources"] = sorted(props["sources"])
            keep.append(json.dumps({k: v for k, v in row.items() if k != "props"} | {"props": props}, sort_keys=True,
                                   default=str))
    return sorted(keep)


def test_hostile_values_round_trip_and_touch_nothing_else(store, tmp_path):
    listing = hostile_listing(tmp_path)
    papers = list(iter_papers([listing]))
    assert len(papers) == len(HOSTILE)

    build([EXAMPLE], store, extract=False)
    base_key = source_key(EXAMPLE)
    before, base_stats = baseline_view(store, base_key), store.stats()
    report = build([listing], store, extract=hostile_extractor)
    assert report.papers == len(HOSTILE) and not report.errors

    # the baseline graph is untouched, and the new source added exactly its own nodes
    assert baseline_view(store, base_key) == before
    after = store.stats()
    assert after["nodes"]["Paper"] == base_stats["nodes"]["Paper"] + len(HOSTILE)
    assert after["nodes"]["Method"] == base_stats["nodes"].get("Method", 0) + len(HOSTILE)
    assert after["nodes"]["Author"] == base_stats["nodes"]["Author"] + len(HOSTILE) + 1  # + Plain Person

    for i, paper in enumerate(papers):
        author = paper.authors[0].name
        # the values as read (the reader normalizes white space and LaTeX in titles) come back unchanged
        rows = run_query(store, "author-papers", {"author": author})
        assert [(r["title"], r["position"]) for r in rows] == [(paper.title, 1)], author
        rows = run_query(store, "method-papers", {"method": method_name(i)})
        assert [(r["title"], r["role"]) for r in rows] == [(paper.title, "proposes")], method_name(i)
        coauthors = run_query(store, "coauthors", {"author": author})
        assert [r["coauthor"] for r in coauthors] == ["Plain Person"]
    # Plain Person wrote all ten, under their exact titles
    rows = run_query(store, "author-papers", {"author": "Plain Person"})
    assert sorted(r["title"] for r in rows) == sorted(p.title for p in papers)
    # method names reach the store exactly as the extractor gave them: every brace, quote, backslash, $ and mark
    methods = run_query(store, "author-methods", {"author": "Plain Person"})
    assert sorted(r["method"] for r in methods) == sorted(method_name(i) for i in range(len(HOSTILE)))
    assert {r["role"] for r in methods} == {"proposes"}
    for paper in papers:  # organizations keep the names our alias table gives them (a ';' separates institutions)
        rows = run_query(store, "author-organizations", {"author": paper.authors[0].name})
        expected = sorted({name for _, name in org_keys(paper.authors[0].affiliations[0])})
        assert sorted(r["organization"] for r in rows) == expected
    rows = run_query(store, "author-organizations", {"author": papers[0].authors[0].name})
    assert rows[0]["organization"] == "University of '}) DETACH DELETE n //"
    assert store.stats() == after  # reading wrote nothing


def test_nul_is_dropped_consistently_and_still_finds_the_author(store, tmp_path):
    build([hostile_listing(tmp_path)], store, extract=hostile_extractor)
    i = HOSTILE.index("nul\x00inside")
    for typed in ("Ada nul\x00inside", "Ada nulinside"):
        rows = run_query(store, "author-papers", {"author": typed})
        assert [r["title"] for r in rows] == [f"Paper {i}: nulinside"]
    rows = run_query(store, "method-papers", {"method": f"Method{i} nul\x00inside"})
    assert [r["title"] for r in rows] == [f"Paper {i}: nulinside"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameters_are_only_ever_values(store, value):
    build([EXAMPLE], store, extract=False)
    before = store.stats()
    for name, param in (("coauthors", "author"), ("method-papers", "method"), ("dataset-papers", "dataset"),
                        ("author-organizations", "author")):
        with pytest.raises(QueryError, match="no (Author|Method|Dataset) named"):
            run_query(store, name, {param: "x" + value})
    with pytest.raises(QueryError, match="must be a whole number"):
        run_query(store, "top-collaborations", {"limit": "1 " + value})
    assert run_query(store, "trending-methods", {"since_year": 2000, "limit": 3}) is not None
    assert store.stats() == before


def test_hostile_parameters_through_the_command_line(tmp_path):
    db = f"oxigraph:{tmp_path / 'db'}"
    listing = hostile_listing(tmp_path)

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "scholarkg.cli", *args], capture_output=True, text=True, timeout=120)

    assert cli("build", str(listing), "--store", db, "--no-extract", "-q").returncode == 0
    for i in (0, 1, 3, 9):  # (argv cannot carry NUL at all)
        value = HOSTILE[i]
        name = next(p for p in iter_papers([listing]) if p.title.startswith(f"Paper {i}:")).authors[0].name
        out = cli("query", "author-papers", "--store", db, "--param", f"author={name}", "--format", "json")
        assert out.returncode == 0, out.stderr
        [row] = json.loads(out.stdout)
        assert row["title"].startswith(f"Paper {i}:")
        out = cli("query", "coauthors", "--store", db, "--param", f"author=zz{value}")
        assert out.returncode == 5 and out.stderr.startswith("scholarkg: error: no Author named")
    stats = json.loads(cli("stats", "--store", db, "--format", "json").stdout)
    assert stats["nodes"]["Paper"] == len(HOSTILE) and stats["sources"] == 1

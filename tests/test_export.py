"""`scholarkg export --format neo4j-csv|graphml`: the same graph gives the same files from Oxigraph, FalkorDB and a
SPARQL server; the CSV files follow neo4j-admin's header format and read back to the graph; the GraphML is
well-formed, typed and complete; awkward values survive quoting."""
import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import SHARED
from scholarkg.build import build
from scholarkg.cli import main
from scholarkg.errors import ConfigError
from scholarkg.export import export_property_graph, neo4j_csv_files, write_graphml, write_neo4j_csv
from scholarkg.model import GraphBatch
from scholarkg.stores import open_store
from servers import falkordb_server, oxigraph_server

from test_build import EXAMPLE

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
TRICKY_TITLE = 'Quotes, Commas; and "Semicolons": A Title; That Breaks CSV, Naively'
# A second listing of our own: an awkward title, and the example's first paper again with another date and a
# shorter author list, so that merging values from two sources is exercised too.
TRICKY_LISTING = f"""Aiko Tanabe

LGMar 2, 2025
Sparse Momentum Tuning: Fast Adaptation of Transformers with Adam
Mara Lindqvist, Tomasz Wieczorek et al. · kestrel
A shorter abstract of the same paper, long enough to read as an abstract here.

LGJan 5, 2024Code
{TRICKY_TITLE}
Aiko Tanabe, Nils Berg · northwind
An abstract, with "quotes", commas; semicolons; a backslash \\ and more text to be an abstract.
"""


@pytest.fixture(scope="module")
def falkordb_uri(tmp_path_factory):
    with falkordb_server(tmp_path_factory.mktemp("falkordb")) as uri:
        yield uri


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    tricky = folder / "tricky-listing.txt"
    tricky.write_text(TRICKY_LISTING, encoding="utf-8")
    return [EXAMPLE, tricky]


@pytest.fixture
def falkordb(falkordb_uri, request):
    store = open_store(f"{falkordb_uri}/{request.node.name[:40]}")
    store.clear()
    store.ensure_schema()
    yield store
    store.clear()
    store.close()


@pytest.fixture
def oxigraph(tmp_path):
    with open_store(f"oxigraph:{tmp_path / 'oxigraph'}") as store:
        yield store


def export(store, fmt, out, **options):
    """What `scholarkg export` runs (an embedded Oxigraph store admits one user at a time, so tests that hold
    it open call the library; the CLI tests below close it first)."""
    return export_property_graph(store, fmt, out, **options)


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# ---------------------------------------------------------------- the same files from every store

def test_oxigraph_and_falkordb_give_identical_files(falkordb, oxigraph, inputs, tmp_path):
    for store in (falkordb, oxigraph):
        build(inputs, store)
    assert falkordb.iter_graph() == oxigraph.iter_graph()
    for store, name in ((falkordb, "falkordb"), (oxigraph, "oxigraph")):
        export(store, "neo4j-csv", tmp_path / f"{name}-csv")
        export(store, "graphml", tmp_path / f"{name}.graphml")
    files = tree(tmp_path / "oxigraph-csv")
    assert files == tree(tmp_path / "falkordb-csv")
    assert (tmp_path / "oxigraph.graphml").read_bytes() == (tmp_path / "falkordb.graphml").read_bytes()
    stats = oxigraph.stats()
    assert sorted(files) == sorted(["import.sh", "constraints.cypher"] + [f"nodes_{label}.csv" for label in stats["nodes"]]
                                   + [name for name in files if name.startswith("rels_")])
    rows = sum(text.count(b"\n") for name, text in files.items() if name.startswith("rels_"))
    rels = sum(1 for name in files if name.startswith("rels_"))
    # one header line per file, one line per edge: no value in these inputs holds a newline
    assert rows - rels == sum(stats["edges"].values())


def test_sparql_server_gives_the_same_graph_as_embedded_oxigraph(oxigraph, inputs, tmp_path):
    build(inputs, oxigraph, extract=False)
    with oxigraph_server(tmp_path / "served") as uri:
        with open_store(uri) as served:
            build(inputs, served, extract=False)
            assert served.iter_graph() == oxigraph.iter_graph()


def test_values_from_two_sources_merge_alike(falkordb, oxigraph, inputs):
    for store in (falkordb, oxigraph):
        build(inputs, store, extract=False)
    for store in (falkordb, oxigraph):
        nodes, edges = store.iter_graph()
        [paper] = [n for n in nodes if n["label"] == "Paper" and n["props"]["title"].startswith("Sparse Momentum")]
        assert paper["props"]["published"] == "2025-03-02"  # the smaller of 2025-03-03 and 2025-03-02
        assert paper["props"]["authors_complete"] is True and paper["props"]["has_code"] is True
        assert len(paper["sources"]) == 2
        [org] = [n for n in nodes if n["label"] == "Organization" and n["key"] == "kestrel"]
        assert len(org["sources"]) == 2
        [edge] = [e for e in edges if e["type"] == "AUTHORED" and e["start"] == ("Author", "tomasz-wieczorek")
                  and e["end"] == ("Paper", paper["key"])]
        assert edge["props"] == {"position": 2, "listed_as": "Tomasz Wieczorek"} and len(edge["sources"]) == 2


# ---------------------------------------------------------------- neo4j-admin CSV

NEO4J_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point", "date",
               "localtime", "time", "localdatetime", "datetime", "duration"}
FIELD = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)?(?::(?P<type>[A-Z_]+(?:\((?P<space>[A-Za-z_]+)\))?|[a-z]+(?:\[\])?))?$")


def parse_header(fields: list[str]) -> list[tuple[str | None, str]]:
    """neo4j-admin's header grammar: ``name:type``, ``:ID(space)``, ``:LABEL``, ...; anything else fails."""
    out = []
    for field in fields:
        m = FIELD.match(field)
        assert m, f"not a neo4j-admin header field: {field!r}"
        kind = m["type"] or "string"
        base = kind.split("(")[0].removesuffix("[]")
        assert base in NEO4J_TYPES | {"ID", "START_ID", "END_ID", "LABEL", "TYPE", "IGNORE"}, field
        out.append((m["name"], kind))
    return out


def read_typed(text: str, kind: str, delimiter: str):
    if text == "":
        return None
    if kind.endswith("[]"):
        return [read_typed(item, kind[:-2], delimiter) for item in text.split(delimiter)]
    return {"int": int, "long": int, "boolean": lambda t: t == "true", "double": float}.get(kind, str)(text)


def read_back(folder: Path, delimiter: str = ";"):
    """The graph the CSV files describe, read the way neo4j-admin reads them, as ``iter_graph`` dicts."""
    nodes, edges, spaces = [], [], set()
    for path in sorted(folder.glob("nodes_*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = parse_header(next(reader))
            [space] = [k[3:-1] for _, k in header if k.startswith("ID(")]
            assert [k for _, k in header].count("LABEL") == 1 and header[0] == ("key", f"ID({space})")
            spaces.add(space)
            for row in reader:
                values = {name or kind: read_typed(cell, kind, delimiter) for (name, kind), cell in zip(header, row)}
                assert len(row) == len(header)
                props = {k: v for k, v in values.items() if k not in ("key", "sources", "LABEL") and v is not None}
                nodes.append({"label": values["LABEL"], "key": values["key"], "props": props, "sources": values["sources"]})
    for path in sorted(folder.glob("rels_*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = parse_header(next(reader))
            kinds = [k for _, k in header]
            start = next(k[9:-1] for k in kinds if k.startswith("START_ID("))
            end = next(k[7:-1] for k in kinds if k.startswith("END_ID("))
            assert {start, end} <= spaces and "TYPE" in kinds
            for row in reader:
                assert len(row) == len(header)
                values = {name or kind: read_typed(cell, kind, delimiter) for (name, kind), cell in zip(header, row)}
                props = {k: v for k, v in values.items()
                         if k not in ("sources", "TYPE") and not k.startswith(("START_ID", "END_ID")) and v is not None}
                edges.append({"type": values["TYPE"], "start": (start, values[f"START_ID({start})"]),
                              "end": (end, values[f"END_ID({end})"]), "props": props, "sources": values["sources"]})
    return nodes, edges


def test_csv_headers_parse_and_read_back_to_the_graph(oxigraph, inputs, tmp_path):
    build(inputs, oxigraph)
    export(oxigraph, "neo4j-csv", tmp_path / "csv")
    header = (tmp_path / "csv" / "nodes_Paper.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ("key:ID(Paper),abstract,arxiv_id,authors_complete:boolean,cite_key,date_text,doi,"
                      "has_code:boolean,published,title,year:int,sources:string[],:LABEL")
    assert (tmp_path / "csv" / "rels_AUTHORED_Author_Paper.csv").read_text().splitlines()[0] == \
        (":START_ID(Author),:END_ID(Paper),author_ids:string[],listed_as,organizations:string[],position:int,"
         "sources:string[],:TYPE")
    assert read_back(tmp_path / "csv") == oxigraph.iter_graph()


def test_commas_quotes_semicolons_and_newlines_are_quoted_right(oxigraph, inputs, tmp_path):
    build(inputs, oxigraph, extract=False)
    batch = GraphBatch("awkward-source")
    batch.add_node("Source", "awkward-source", path="/data/a, b; \"c\".txt", format="profile")
    batch.add_node("Paper", "t-awkward", title='Line one,\nline "two";\r\nline three \\ end', year=2024,
                   abstract="  leading and trailing blanks kept  ")
    batch.add_node("Method", "m-x", name="X; Y", aliases=['the "x" method', "x, y"])
    batch.add_edge("PROPOSES", ("Paper", "t-awkward"), ("Method", "m-x"))
    oxigraph.upsert(batch)
    export(oxigraph, "neo4j-csv", tmp_path / "csv")
    text = (tmp_path / "csv" / "nodes_Paper.csv").read_bytes().decode("utf-8")  # keep \r as written
    assert '"Line one,\nline ""two"";\r\nline three \\ end"' in text  # quoted, inner quotes doubled, newlines kept
    assert f'"{TRICKY_TITLE.replace(chr(34), 2 * chr(34))}"' in text
    methods = (tmp_path / "csv" / "nodes_Method.csv").read_text(encoding="utf-8")
    assert 'm-x,"the ""x"" method;x, y",X; Y,awkward-source,Method' in methods  # ';' needs no quotes outside arrays
    assert read_back(tmp_path / "csv") == oxigraph.iter_graph()


def test_an_array_item_holding_the_delimiter_is_refused_unless_another_is_chosen(oxigraph, tmp_path):
    batch = GraphBatch("s1")
    batch.add_node("Organization", "acme", name="ACME", aliases=["ACME; Inc."])
    oxigraph.upsert(batch)
    graph = oxigraph.iter_graph()
    oxigraph.close()
    result = cli("export", "--store", oxigraph.uri, "--format", "neo4j-csv", tmp_path / "a", "--array-delimiter", ";")
    assert result.exit_code == 2
    assert ("Organization 'acme' aliases: the value 'ACME; Inc.' contains the array delimiter ';'; "
            "choose another with --array-delimiter") in result.stderr
    assert not (tmp_path / "a").exists()  # refused before any file was written
    for folder, args in (("b", ["--array-delimiter", "|"]), ("c", [])):  # chosen, or picked by default (auto)
        result = cli("export", "--store", oxigraph.uri, "--format", "neo4j-csv", tmp_path / folder, *args)
        assert result.exit_code == 0, result.stderr
        assert result.stderr.startswith(f"wrote 1 node and 0 edges to {tmp_path / folder} (3 files; load with ")
        assert "--array-delimiter='|'" in (tmp_path / folder / "import.sh").read_text()
        assert read_back(tmp_path / folder, "|") == graph
    with pytest.raises(ConfigError, match="one character other than comma"):
        neo4j_csv_files(graph, ",")


def test_import_script_names_exactly_the_files_with_matching_options(oxigraph, inputs, tmp_path):
    build(inputs, oxigraph, extract=False)
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "nodes_Gone.csv").write_text("left by an older export\n")
    (folder / "notes.txt").write_text("the user's own file\n")
    export(oxigraph, "neo4j-csv", folder)
    assert not (folder / "nodes_Gone.csv").exists() and (folder / "notes.txt").exists()
    script = folder / "import.sh"
    assert script.stat().st_mode & stat.S_IXUSR
    constraints = (folder / "constraints.cypher").read_text()
    assert "CREATE CONSTRAINT paper_key IF NOT EXISTS FOR (n:Paper) REQUIRE n.key IS UNIQUE;" in constraints
    # run it with a stand-in for neo4j-admin that records the arguments it gets
    fake = tmp_path / "neo4j-admin"
    fake.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import json,os,sys; print(json.dumps([os.getcwd()] + sys.argv[1:]))' \"$@\"\n")
    fake.chmod(0o755)
    done = subprocess.run([str(script), "papers"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "NEO4J_ADMIN": str(fake)}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    cwd, *args = json.loads(done.stdout)
    assert Path(cwd) == folder
    assert args[:3] == ["database", "import", "full"] and args[3] == "papers"
    for option in ("--id-type=string", "--delimiter=,", "--array-delimiter=;", '--quote="', "--multiline-fields=true",
                   "--legacy-style-quoting=false", "--trim-strings=false"):
        assert option in args
    named = sorted(a.split("=", 1)[1] for a in args if a.startswith(("--nodes=", "--relationships=")))
    assert named == sorted(p.name for p in folder.glob("*.csv"))
    assert all(a.split("=", 1)[1].startswith("nodes_") for a in args if a.startswith("--nodes="))


# ---------------------------------------------------------------- GraphML

def read_graphml(path: Path):
    """Nodes and edges of a GraphML file as ``iter_graph`` dicts, typed by its ``<key>`` declarations."""
    root = etree.parse(str(path)).getroot()
    keys = {k.get("id"): (k.get("attr.name"), k.get("attr.type"), k.get("for")) for k in root.iter(f"{GRAPHML}key")}
    cast = {"int": int, "long": int, "double": float, "boolean": lambda t: {"true": True, "false": False}[t],
            "string": str}

    def values(el, domain):
        out = {}
        for data in el.iter(f"{GRAPHML}data"):
            name, attr_type, scope = keys[data.get("key")]
            assert scope == domain
            text = data.text or ""
            out[name] = json.loads(text) if name in ("sources", "aliases") else cast[attr_type](text)
        return out

    [graph] = root.iter(f"{GRAPHML}graph")
    assert graph.get("edgedefault") == "directed"
    by_id, nodes, edges = {}, [], []
    for el in graph.iter(f"{GRAPHML}node"):
        v = values(el, "node")
        label, key, sources = v.pop("labels").lstrip(":"), v.pop("key"), v.pop("sources")
        by_id[el.get("id")] = (label, key)
        nodes.append({"label": label, "key": key, "props": v, "sources": sources})
    for el in graph.iter(f"{GRAPHML}edge"):
        v = values(el, "edge")
        edges.append({"type": v.pop("label"), "start": by_id[el.get("source")], "end": by_id[el.get("target")],
                      "sources": v.pop("sources"), "props": v})
    return keys, nodes, edges


def test_graphml_is_well_formed_typed_and_complete(falkordb, inputs, tmp_path):
    build(inputs, falkordb)
    export(falkordb, "graphml", tmp_path / "graph.graphml")
    keys, nodes, edges = read_graphml(tmp_path / "graph.graphml")
    stats = falkordb.stats()
    assert len(nodes) == sum(stats["nodes"].values()) and len(edges) == sum(stats["edges"].values())
    types = {(scope, name): attr_type for name, attr_type, scope in keys.values()}
    assert types[("node", "year")] == "int" and types[("node", "has_code")] == "boolean"
    assert types[("edge", "position")] == "int" and types[("node", "title")] == "string"
    assert (nodes, edges) == falkordb.iter_graph()
    assert any(n["props"].get("title") == TRICKY_TITLE for n in nodes)


def test_a_value_xml_cannot_carry_stops_graphml_only(oxigraph, tmp_path):
    batch = GraphBatch("s1")
    batch.add_node("Paper", "t1", title="Bell\x07 character")
    oxigraph.upsert(batch)
    with pytest.raises(ConfigError, match=r"Paper 't1' title: holds the character U\+0007, which XML cannot carry"):
        export(oxigraph, "graphml", tmp_path / "graph.graphml")
    assert list(tmp_path.iterdir()) == [tmp_path / "oxigraph"]  # no file, no temporary left behind
    export(oxigraph, "neo4j-csv", tmp_path / "csv")
    assert read_back(tmp_path / "csv") == oxigraph.iter_graph()


def test_graphml_to_stdout_and_neo4j_csv_refuses_stdout(oxigraph, inputs):
    build(inputs, oxigraph, extract=False)
    buf = io.BytesIO()
    write_graphml(oxigraph.iter_graph(), buf)
    oxigraph.close()
    result = cli("export", "--store", oxigraph.uri, "--format", "graphml", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == buf.getvalue()
    etree.fromstring(result.stdout_bytes)
    result = cli("export", "--store", oxigraph.uri, "--format", "neo4j-csv", "-")
    assert result.exit_code == 2 and "writes a directory of files" in result.stderr


def test_rdf_formats_still_export_and_a_property_graph_store_refuses_them(oxigraph, falkordb, inputs, tmp_path):
    build(inputs, oxigraph, extract=False)
    oxigraph.close()
    result = cli("export", "--store", oxigraph.uri, "--format", "nq", tmp_path / "graph.nq")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "graph.nq").read_text().count("\n") > 100
    result = cli("export", "--store", falkordb.uri, "--format", "ttl", tmp_path / "graph.ttl")
    assert result.exit_code == 2 and "cannot export RDF formats" in result.stderr
    result = cli("export", "--store", falkordb.uri, "--format", "graphml", tmp_path / "graph.graphml")
    assert result.exit_code == 0 and result.stderr == f"wrote 0 nodes and 0 edges to {tmp_path / 'graph.graphml'}\n"


@pytest.mark.shared
def test_seeds_export_identically_from_both_stores(falkordb, oxigraph, tmp_path):
    seeds = SHARED / "seeds"
    for store in (falkordb, oxigraph):
        build([seeds], store, extract=False)
    graph = oxigraph.iter_graph()
    assert falkordb.iter_graph() == graph
    files = neo4j_csv_files(graph)
    for store, name in ((falkordb, "f"), (oxigraph, "o")):
        write_neo4j_csv(store.iter_graph(), tmp_path / name)
    assert tree(tmp_path / "f") == tree(tmp_path / "o")
    assert read_back(tmp_path / "o") == graph and len(files) > 5

"""`scholarkg serve` against the SPARQL 1.1 Protocol and the result formats: the W3C protocol test cases for
queries (bad_multiple_queries, bad_query_wrong_media_type, bad_query_method, bad_query_non_utf8, the dataset
parameters), content negotiation for every query form, and two real clients, SPARQLWrapper and rdflib's SPARQLStore."""
import csv
import io
import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib

from scholarkg.build import source_key
from scholarkg.stores.rdf import RdfMapping
from servers import _wait_http, free_port

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "profile-listing.txt"
SOURCE_GRAPH = RdfMapping().graph_iri(source_key(EXAMPLE)).value
RESULTS = "{http://www.w3.org/2005/sparql-results#}"
PAPERS = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:ScholarlyArticle }"
NAMES = "SELECT ?name ?year WHERE { ?p a schema:ScholarlyArticle ; schema:name ?name ; skg:year ?year } ORDER BY ?name"
TRIPLES = "CONSTRUCT { ?p schema:name ?t } WHERE { ?p a schema:ScholarlyArticle ; schema:name ?t }"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    db = tmp_path_factory.mktemp("serve") / "db"
    run = [sys.executable, "-m", "scholarkg.cli"]
    assert subprocess.run([*run, "build", "-q", "--no-extract", "--store", f"oxigraph:{db}", str(EXAMPLE)]).returncode == 0
    port = free_port()
    proc = subprocess.Popen([*run, "serve", "--store", f"oxigraph:{db}", "--bind", f"127.0.0.1:{port}"],
                            stderr=subprocess.PIPE)
    _wait_http(f"http://127.0.0.1:{port}/", proc)
    yield f"http://127.0.0.1:{port}/query"
    proc.terminate()
    proc.wait(10)


def call(url, *, method="GET", body=None, ctype=None, accept=None, params=None):
    """(status, content type, body bytes) of one request; HTTP errors are answers too."""
    if params:
        url += "?" + urllib.parse.urlencode(params)
    headers = {k: v for k, v in (("Content-Type", ctype), ("Accept", accept)) if v}
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def count(endpoint, query, **kw):
    status, _, body = call(endpoint, params=[("query", query), *kw.get("dataset", [])])
    assert status == 200, body
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


# ---------------------------------------------------------------- the W3C protocol cases

def test_query_get_and_both_posts(endpoint):
    """query_get, query_post_form, query_post_direct: the same answer three ways."""
    got = [call(endpoint, params={"query": PAPERS}),
           call(endpoint, method="POST", body=urllib.parse.urlencode({"query": PAPERS}).encode(),
                ctype="application/x-www-form-urlencoded"),
           call(endpoint, method="POST", body=PAPERS.encode(), ctype="application/sparql-query")]
    assert {(s, json.loads(b)["results"]["bindings"][0]["n"]["value"]) for s, _, b in got} == {(200, "9")}


def test_bad_multiple_queries(endpoint):
    status, _, _ = call(endpoint, params=[("query", "ASK {}"), ("query", PAPERS)])
    assert status == 400
    status, _, _ = call(endpoint, method="POST", body=urllib.parse.urlencode([("query", "ASK {}"), ("query", "ASK {}")]).encode(),
                        ctype="application/x-www-form-urlencoded")
    assert status == 400


def test_bad_query_missing_and_wrong_media_type(endpoint):
    assert call(endpoint)[0] == 400  # no query at all
    assert call(endpoint, method="POST", body=PAPERS.encode(), ctype="text/plain")[0] == 415


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_bad_query_method(endpoint, method):
    status, _, body = call(endpoint, method=method, body=PAPERS.encode(), ctype="application/sparql-query")
    assert status == 405 and b"use GET or POST" in body


def test_bad_query_non_utf8(endpoint):
    latin1 = 'ASK { ?s ?p "Müller" }'.encode("iso-8859-1")
    assert call(endpoint, method="POST", body=latin1, ctype="application/sparql-query; charset=ISO-8859-1")[0] == 415
    assert call(endpoint, method="POST", body=latin1, ctype="application/sparql-query")[0] == 400
    assert call(endpoint, method="POST", body=b"query=ASK%20%7B%7D%FF", ctype="application/x-www-form-urlencoded")[0] == 400
    assert call(endpoint + "?query=ASK%20%7B%7D%FF")[0] == 400


def test_dataset_parameters_are_honoured(endpoint):
    everything = int(count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
    source = int(count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                       dataset=[("default-graph-uri", SOURCE_GRAPH)])[0]["n"])
    assert 0 < source <= everything
    assert count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                 dataset=[("default-graph-uri", "https://example.org/no-such-graph")])[0]["n"] == "0"
    # named-graph-uri: GRAPH ?g ranges over those graphs only; with only default-graph-uri, over none
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert len(count(endpoint, graphs)) >= 2  # the source graph and skg:rankings
    assert count(endpoint, graphs, dataset=[("named-graph-uri", SOURCE_GRAPH)]) == [{"g": SOURCE_GRAPH}]
    assert count(endpoint, graphs, dataset=[("default-graph-uri", SOURCE_GRAPH)]) == []
    assert call(endpoint, params={"query": graphs, "default-graph-uri": "not an iri"})[0] == 400


# ---------------------------------------------------------------- content negotiation

def test_select_in_every_results_format(endpoint):
    status, ctype, body = call(endpoint, params={"query": NAMES}, accept="application/sparql-results+xml")
    assert status == 200 and ctype.startswith("application/sparql-results+xml")
    root = ET.fromstring(body)
    assert [v.get("name") for v in root.iter(RESULTS + "variable")] == ["name", "year"]
    results = list(root.iter(RESULTS + "result"))
    assert len(results) == 8  # the 8 of 9 papers that have a year
    year = results[0].find(f"{RESULTS}binding[@name='year']/{RESULTS}literal")
    assert year.get("datatype") == "http://www.w3.org/2001/XMLSchema#integer"

    status, ctype, body = call(endpoint, params={"query": NAMES}, accept="text/csv")
    assert status == 200 and ctype.startswith("text/csv")
    text = body.decode()
    assert text.startswith("name,year\r\n") and text.count("\r\n") == 9 and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1][1].isdigit() and any("," in r[0] or ":" in r[0] for r in rows[1:])

    status, ctype, body = call(endpoint, params={"query": NAMES}, accept="text/tab-separated-values")
    assert status == 200 and ctype.startswith("text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0] == "?name\t?year" and len(lines) == 9
    name, year = lines[1].split("\t")
    assert name.startswith('"') and name.endswith('"') and year.endswith('"^^<http://www.w3.org/2001/XMLSchema#integer>')

    status, ctype, body = call(endpoint, params={"query": NAMES}, accept="text/csv;q=0.2, application/sparql-results+json")
    assert ctype.startswith("application/sparql-results+json") and len(json.loads(body)["results"]["bindings"]) == 8
    assert call(endpoint, params={"query": NAMES}, accept="image/png")[0] == 406
    assert call(endpoint, params={"query": NAMES}, accept="text/turtle")[0] == 406


def test_ask_in_json_and_xml(endpoint):
    ask = "ASK { ?p a schema:ScholarlyArticle }"
    assert json.loads(call(endpoint, params={"query": ask})[2]) == {"head": {}, "boolean": True}
    status, ctype, body = call(endpoint, params={"query": ask}, accept="application/sparql-results+xml")
    assert ctype.startswith("application/sparql-results+xml") and ET.fromstring(body).find(RESULTS + "boolean").text == "true"
    assert call(endpoint, params={"query": ask}, accept="text/turtle")[0] == 406


@pytest.mark.parametrize("media,rdflib_format", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                 ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")])
def test_construct_in_every_graph_format(endpoint, media, rdflib_format):
    status, ctype, body = call(endpoint, params={"query": TRIPLES}, accept=media)
    assert status == 200 and ctype.startswith(media)
    graph = rdflib.Graph().parse(data=body, format=rdflib_format)
    assert len(graph) == 9


def test_construct_default_is_turtle_and_select_formats_are_refused(endpoint):
    status, ctype, _ = call(endpoint, params={"query": TRIPLES})
    assert status == 200 and ctype.startswith("text/turtle")
    assert call(endpoint, params={"query": TRIPLES}, accept="text/csv")[0] == 406


# ---------------------------------------------------------------- real clients

def test_sparqlwrapper_in_every_format(endpoint):
    from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper

    def ask(query, fmt, method=None):
        client = SPARQLWrapper(endpoint)
        client.setQuery(query)
        client.setReturnFormat(fmt)
        if method:
            client.setMethod(method)
        return client.query().convert()

    prologue = "PREFIX schema: <http://schema.org/> PREFIX skg: <https://w3id.org/scholarkg/ontology#> "
    rows = ask(prologue + NAMES, JSON)["results"]["bindings"]
    assert len(rows) == 8
    assert ask(prologue + NAMES, JSON, POST)["results"]["bindings"] == rows
    doc = ask(prologue + NAMES, XML)
    names = [b.firstChild.firstChild.data for b in doc.getElementsByTagName("binding") if b.getAttribute("name") == "name"]
    assert names == [r["name"]["value"] for r in rows]
    assert ask(prologue + NAMES, CSV).decode().split("\r\n")[1].endswith("," + rows[0]["year"]["value"])
    assert ask(prologue + NAMES, TSV).decode().splitlines()[0] == "?name\t?year"
    assert ask(prologue + "ASK { ?p a schema:ScholarlyArticle }", JSON)["boolean"] is True
    graph = rdflib.Graph().parse(data=ask(prologue + TRIPLES, TURTLE), format="turtle")
    assert len(graph) == 9


def test_rdflib_sparqlstore(endpoint):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint, returnFormat="xml")
    graph = rdflib.Graph(store=store)
    schema = rdflib.Namespace("http://schema.org/")
    rows = list(graph.query(NAMES, initNs={"schema": schema, "skg": rdflib.Namespace("https://w3id.org/scholarkg/ontology#")}))
    assert len(rows) == 8 and all(isinstance(r.year.toPython(), int) for r in rows)
    assert graph.query("ASK { ?p a <http://schema.org/ScholarlyArticle> }").askAnswer is True
    assert len(list(graph.triples((None, schema.name, None)))) >= 9
    constructed = graph.query("CONSTRUCT { ?p <http://schema.org/name> ?t } WHERE { ?p a <http://schema.org/ScholarlyArticle> ; <http://schema.org/name> ?t }")
    assert len(constructed.graph) == 9

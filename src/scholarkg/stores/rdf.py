"""The RDF form of the graph, shared by the Oxigraph and SPARQL-over-HTTP stores.

Every node is an IRI ``{base}id/{label}/{key}`` (key percent-encoded) typed with its class; every source's
assertions go into its own named graph ``{base}source/{key}``. Edges are single triples, except AUTHORED,
which is an ``skg:Authorship`` node (paper, author, position) so that author order survives. Vocabulary:
schema/ontology.ttl. The base IRI is ``$SCHOLARKG_BASE_IRI`` or ``https://w3id.org/scholarkg/``.

>>> m = RdfMapping("https://example.org/kg/")
>>> m.node_iri("Author", "ada-lovelace").value
'https://example.org/kg/id/author/ada-lovelace'
"""
from __future__ import annotations

import os
import re
from typing import Any, Iterable, Iterator, Mapping
from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from ..errors import QueryError, StoreError
from ..model import GraphBatch

DEFAULT_BASE = "https://w3id.org/scholarkg/"
SKG = "https://w3id.org/scholarkg/ontology#"
SCHEMA = "http://schema.org/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"

# label -> class IRI
CLASSES = {
    "Paper": SCHEMA + "ScholarlyArticle",
    "Author": SCHEMA + "Person",
    "Organization": SCHEMA + "Organization",
    "Category": "http://www.w3.org/2004/02/skos/core#Concept",
    "Method": SKG + "Method",
    "Dataset": SCHEMA + "Dataset",
    "Venue": SCHEMA + "Periodical",
    "Source": "http://www.w3.org/ns/prov#Entity",
    "Reference": SKG + "Reference",
}
LABELS = {v: k for k, v in CLASSES.items()}

# property name -> predicate IRI (the same name means the same predicate on every label)
PROPERTIES = {
    "key": SKG + "key",
    "name": SCHEMA + "name",
    "title": SCHEMA + "name",
    "abstract": SCHEMA + "abstract",
    "published": SCHEMA + "datePublished",
    "year": SKG + "year",
    "has_code": SKG + "hasCode",
    "authors_complete": SKG + "authorsComplete",
    "doi": SKG + "doi",
    "arxiv_id": SKG + "arxivId",
    "date_text": SKG + "dateText",
    "cite_key": SKG + "citeKey",
    "given": SCHEMA + "givenName",
    "family": SCHEMA + "familyName",
    "orcid": SKG + "orcid",
    "aliases": SKG + "alias",
    "path": SKG + "path",
    "format": SKG + "format",
    "complete": SKG + "complete",
}
PROPERTY_NAMES = {"Paper": {SCHEMA + "name": "title"}}  # where a predicate reads back under another name

# (edge type, start label, end label) -> predicate; AUTHORED is reified below
EDGES = {
    ("AFFILIATED_WITH", "Paper", "Organization"): SKG + "affiliatedWith",
    ("MEMBER_OF", "Author", "Organization"): SCHEMA + "affiliation",
    ("IN_CATEGORY", "Paper", "Category"): SKG + "inCategory",
    ("PROPOSES", "Paper", "Method"): SKG + "proposes",
    ("USES", "Paper", "Method"): SKG + "usesMethod",
    ("EVALUATES_ON", "Paper", "Dataset"): SKG + "evaluatesOn",
    ("EXTENDS", "Method", "Method"): SKG + "extends",
    ("USES", "Method", "Method"): SKG + "usesComponent",
    ("OUTPERFORMS", "Method", "Method"): SKG + "outperforms",
    ("COMPARED_WITH", "Method", "Method"): SKG + "comparedWith",
    ("EVALUATED_ON", "Method", "Dataset"): SKG + "evaluatedOn",
    ("CITES", "Paper", "Reference"): SKG + "cites",
    ("CITES", "Paper", "Paper"): SKG + "citesPaper",
    ("PUBLISHED_IN", "Paper", "Venue"): SCHEMA + "isPartOf",
}
EDGE_TYPES = {v: k[0] for k, v in EDGES.items()}
AUTHORSHIP = SKG + "Authorship"
AUTHORSHIP_PAPER = SKG + "paper"
AUTHORSHIP_AUTHOR = SKG + "author"
AUTHORSHIP_POSITION = SKG + "position"
AUTHOR_OF = SCHEMA + "author"  # the plain (paper, author) link beside the authorship node


def base_iri() -> str:
    base = os.environ.get("SCHOLARKG_BASE_IRI", DEFAULT_BASE)
    return base if base.endswith(("/", "#")) else base + "/"


class RdfMapping:
    """Turns GraphBatches into quads under one base IRI."""

    def __init__(self, base: str | None = None):
        self.base = base or base_iri()

    def node_iri(self, label: str, key: str) -> NamedNode:
        return NamedNode(f"{self.base}id/{label.lower()}/{quote(key, safe='')}")

    def graph_iri(self, source_key: str) -> NamedNode:
        return NamedNode(f"{self.base}source/{quote(source_key, safe='')}")

    def source_key_of(self, graph: NamedNode) -> str:
        from urllib.parse import unquote

        prefix = f"{self.base}source/"
        if not graph.value.startswith(prefix):
            raise StoreError(f"graph {graph.value} is not a scholarkg source graph")
        return unquote(graph.value[len(prefix):])

    def quads(self, batch: GraphBatch) -> Iterator[Quad]:
        g = self.graph_iri(batch.source_key)
        for node in batch.nodes.values():
            if node.label not in CLASSES:
                raise StoreError(f"unknown node label {node.label!r}")
            s = self.node_iri(node.label, node.key)
            yield Quad(s, RDF_TYPE, NamedNode(CLASSES[node.label]), g)
            yield Quad(s, NamedNode(PROPERTIES["key"]), Literal(node.key), g)
            for name, value in sorted(node.props.items()):
                pred = PROPERTIES.get(name)
                if pred is None:
                    raise StoreError(f"no RDF property for {node.label}.{name}")
                for lit in _literals(name, value):
                    yield Quad(s, NamedNode(pred), lit, g)
        for edge in batch.edges.values():
            s = self.node_iri(*edge.start)
            o = self.node_iri(*edge.end)
            if edge.type == "AUTHORED":
                yield from self._authorship(edge.start[1], edge.end[1], s, o, edge.props.get("position"), g)
                continue
            pred = EDGES.get((edge.type, edge.start[0], edge.end[0]))
            if pred is None:
                raise StoreError(f"no RDF predicate for ({edge.start[0]})-[:{edge.type}]->({edge.end[0]})")
            yield Quad(s, NamedNode(pred), o, g)

    def _authorship(self, author_key: str, paper_key: str, author: NamedNode, paper: NamedNode, position, g) -> Iterator[Quad]:
        a = NamedNode(f"{self.base}id/authorship/{quote(paper_key, safe='')}/{quote(author_key, safe='')}")
        yield Quad(paper, NamedNode(AUTHOR_OF), author, g)
        yield Quad(a, RDF_TYPE, NamedNode(AUTHORSHIP), g)
        yield Quad(a, NamedNode(AUTHORSHIP_PAPER), paper, g)
        yield Quad(a, NamedNode(AUTHORSHIP_AUTHOR), author, g)
        if position is not None:
            yield Quad(a, NamedNode(AUTHORSHIP_POSITION), Literal(str(int(position)), datatype=NamedNode(XSD + "integer")), g)


def _literals(name: str, value: Any) -> Iterable[Literal]:
    if isinstance(value, list):
        return [Literal(str(v)) for v in value]
    if isinstance(value, bool):
        return [Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))]
    if isinstance(value, int):
        return [Literal(str(value), datatype=NamedNode(XSD + "integer"))]
    if isinstance(value, float):
        return [Literal(repr(value), datatype=NamedNode(XSD + "double"))]
    if name == "published":
        return [Literal(str(value), datatype=NamedNode(XSD + "date"))]
    return [Literal(str(value))]


def term_to_python(term) -> Any:
    """An RDF term from a query answer as a plain Python value."""
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = term.datatype.value if term.datatype is not None else ""
        if dt in (XSD + "integer", XSD + "int", XSD + "long", XSD + "decimal") or dt.endswith("Integer"):
            try:
                return int(term.value)
            except ValueError:
                return float(term.value)
        if dt == XSD + "double" or dt == XSD + "float":
            return float(term.value)
        if dt == XSD + "boolean":
            return term.value == "true"
        return term.value
    if isinstance(term, (NamedNode, BlankNode)):
        return term.value
    return str(term)


def python_to_term(value: Any):
    """A query parameter as an RDF term (never pasted into query text); an IRI given as a ``NamedNode`` stays one."""
    if isinstance(value, NamedNode):
        return value
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode(XSD + "integer"))
    if isinstance(value, float):
        return Literal(repr(value), datatype=NamedNode(XSD + "double"))
    return Literal(str(value))


_SPARQL_TOKENS = re.compile(r'''("""(?:[^"\\]|\\.|"(?!""))*"""|'\'\'(?:[^'\\]|\\.|'(?!''))*'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|\#[^\n]*)|\$([A-Za-z_][A-Za-z0-9_]*)''')


def bind_sparql(query: str, params: Mapping[str, Any]) -> str:
    """Put parameters into a query as RDF terms: each ``$name`` becomes the N-Triples form of its value, which
    the serializer escapes (quotes, backslashes, newlines), so a value can never change the query's shape.
    ``$name`` inside strings, IRIs and comments is left alone; a parameter that is None stays an unbound variable.

    >>> bind_sparql('SELECT * WHERE { ?a <p> $name } # $name', {"name": 'x" } DROP ALL {'})
    'SELECT * WHERE { ?a <p> "x\\\\" } DROP ALL {" } # $name'
    """

    def sub(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return m.group(1)
        name = m.group(2)
        if name not in params:
            raise QueryError(f"query parameter ${name} was not given")
        value = params[name]
        if value is None:
            return f"?{name}"
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # a bare integer: valid as a term and after LIMIT / OFFSET
        return str(python_to_term(value))

    return _SPARQL_TOKENS.sub(sub, query)

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
from typing import Any, Iterator, Mapping
from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode

from ..errors import QueryError, StoreError
from ..model import GraphBatch
from . import Prepared
from ..graph_model import (AUTHORSHIP as _AUTHORSHIP, CLASSES, DATATYPE_OF, EDGE_PREDICATES, PREFIXES, PROPERTIES,
                           PROPERTY_NAMES, SCHEMA, SKG, XSD)  # noqa: F401 (the stores read PROPERTY_NAMES, SCHEMA here)

DEFAULT_BASE = "https://w3id.org/scholarkg/"
RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")

# The terms are declared once, in graph_model; these names are what the stores read.
EDGES = EDGE_PREDICATES  # (edge type, start label, end label) -> predicate; AUTHORED is reified
LABELS = {v: k for k, v in CLASSES.items()}
EDGE_TYPES = {v: k[0] for k, v in EDGES.items()}
AUTHORSHIP = _AUTHORSHIP["class"]
AUTHORSHIP_PAPER = _AUTHORSHIP["paper"]
AUTHORSHIP_AUTHOR = _AUTHORSHIP["author"]
AUTHORSHIP_POSITION = _AUTHORSHIP["position"]
AUTHORSHIP_LISTED_AS = _AUTHORSHIP["listed_as"]
AUTHORSHIP_ID = _AUTHORSHIP["author_ids"]
AUTHORSHIP_ORG = _AUTHORSHIP["organizations"]
AUTHOR_OF = _AUTHORSHIP["author_of"]


def base_iri() -> str:
    base = os.environ.get("SCHOLARKG_BASE_IRI", DEFAULT_BASE)
    return base if base.endswith(("/", "#")) else base + "/"


class RdfMapping:
    """Turns GraphBatches into quads under one base IRI."""

    def __init__(self, base: str | None = None):
        self.base = base or base_iri()
        NamedNode(self.base)  # a bad $SCHOLARKG_BASE_IRI fails here, before anything is written

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

    def statements(self, batch: GraphBatch) -> Iterator[str]:
        """The batch's statements as N-Triples text without the closing " ." (``<s> <p> o``); written as text,
        not as pyoxigraph terms, because building a term per statement costs more than the load itself. Keys
        are percent-encoded into IRIs and literals escaped (``_nt``), so no input can break a line."""
        base = self.base
        for node in batch.nodes.values():
            cls = CLASSES.get(node.label)
            if cls is None:
                raise StoreError(f"unknown node label {node.label!r}")
            s = f"<{base}id/{node.label.lower()}/{quote(node.key, safe='')}>"
            yield f"{s} {_TYPE} <{cls}>"
            yield f"{s} {_KEY} {_nt(node.key)}"
            for name, value in sorted(node.props.items()):
                pred = PROPERTIES.get(name)
                if pred is None:
                    raise StoreError(f"no RDF property for {node.label}.{name}")
                for lit in _literals(name, value):
                    yield f"{s} <{pred}> {lit}"
        for edge in batch.edges.values():
            (start_label, start_key), (end_label, end_key) = edge.start, edge.end
            s = f"<{base}id/{start_label.lower()}/{quote(start_key, safe='')}>"
            o = f"<{base}id/{end_label.lower()}/{quote(end_key, safe='')}>"
            if edge.type == "AUTHORED":
                a = f"<{base}id/authorship/{quote(end_key, safe='')}/{quote(start_key, safe='')}>"
                yield f"{o} <{AUTHOR_OF}> {s}"
                yield f"{a} {_TYPE} <{AUTHORSHIP}>"
                yield f"{a} <{AUTHORSHIP_PAPER}> {o}"
                yield f"{a} <{AUTHORSHIP_AUTHOR}> {s}"
                position = edge.props.get("position")
                if position is not None:
                    yield f'{a} <{AUTHORSHIP_POSITION}> "{int(position)}"^^<{XSD}integer>'
                if edge.props.get("listed_as"):
                    yield f"{a} <{AUTHORSHIP_LISTED_AS}> {_nt(edge.props['listed_as'])}"
                for ident in edge.props.get("author_ids") or ():
                    yield f"{a} <{AUTHORSHIP_ID}> {_nt(ident)}"
                for org in edge.props.get("organizations") or ():
                    yield f"{a} <{AUTHORSHIP_ORG}> <{base}id/organization/{quote(org, safe='')}>"
                continue
            pred = EDGES.get((edge.type, start_label, end_label))
            if pred is None:
                raise StoreError(f"no RDF predicate for ({start_label})-[:{edge.type}]->({end_label})")
            yield f"{s} <{pred}> {o}"


_TYPE = f"<{RDF_TYPE.value}>"
_KEY = f"<{SKG}key>"


def _nt(text: str) -> str:
    r"""A plain literal in N-Triples form.

    >>> print(_nt('say "hi"' + chr(10) + chr(92)))
    "say \"hi\"\n\\"
    """
    if "\\" in text or '"' in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{text}"'


def _literals(name: str, value: Any) -> list[str]:
    if isinstance(value, list):
        return [_nt(str(v)) for v in value]
    if isinstance(value, bool):
        return [f'"{"true" if value else "false"}"^^<{XSD}boolean>']
    if isinstance(value, int):
        return [f'"{value}"^^<{XSD}integer>']
    if isinstance(value, float):
        return [f'"{value!r}"^^<{XSD}double>']
    datatype = DATATYPE_OF.get(name)  # graph_model: published is an xsd:date
    if datatype is not None:
        return [f"{_nt(str(value))[:-1]}\"^^<{datatype}>"]
    return [_nt(str(value))]


def prepare_ntriples(mapping: RdfMapping, batch: GraphBatch) -> Prepared:
    """The batch as N-Triples (UTF-8 bytes) of its source graph.

    >>> from scholarkg.model import GraphBatch
    >>> b = GraphBatch("s1"); _ = b.add_node("Method", "lora", name="LoRA")
    >>> print(prepare_ntriples(RdfMapping("https://x.org/"), b).payload.decode())
    <https://x.org/id/method/lora> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/scholarkg/ontology#Method> .
    <https://x.org/id/method/lora> <https://w3id.org/scholarkg/ontology#key> "lora" .
    <https://x.org/id/method/lora> <http://schema.org/name> "LoRA" .
    <BLANKLINE>
    """
    return Prepared.of(batch, "".join(f"{t} .\n" for t in mapping.statements(batch)).encode("utf-8"))


def prepare_nquads(mapping: RdfMapping, batch: GraphBatch) -> Prepared:
    """The batch as N-Quads (UTF-8 bytes): each triple in the source's named graph and in the default graph."""
    g = f"<{mapping.graph_iri(batch.source_key).value}>"
    return Prepared.of(batch, "".join(f"{t} {g} .\n{t} .\n" for t in mapping.statements(batch)).encode("utf-8"))


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


_SPARQL_TOKENS = re.compile(r'''("""(?:[^"\\]|\\.|"(?!""))*"""|'\'\'(?:[^'\\]|\\.|'(?!''))*'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|\#[^\n]*)|\$([A-Za-z_][A-Za-z0-9_]*)''')  # noqa: E501 (one pattern: split, it is harder to read)


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

"""Content negotiation and the SPARQL 1.1 result formats ``scholarkg serve`` answers in.

SELECT answers: SPARQL JSON (the default), SPARQL XML, CSV (plain values, CRLF line ends, RFC 4180 quoting) and TSV
(a ``?var`` header and every value as an RDF term in Turtle form). ASK: JSON or XML. CONSTRUCT and DESCRIBE: Turtle
(the default), N-Triples, RDF/XML or JSON-LD. ``negotiate`` picks by the Accept header (q-values and wildcards);
``None`` means nothing offered fits (a 406). Rows are SPARQL JSON bindings: ``{"type": "uri"|"bnode"|"literal",
"value": ..., "xml:lang"?: ..., "datatype"?: ...}``.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES)
'application/sparql-results+xml'
>>> print(repr(select_body("text/tab-separated-values", ["n"], [{"n": {"type": "literal", "value": "a\\tb"}}])))
b'?n\\n"a\\\\tb"\\n'
"""
from __future__ import annotations

import io
import json
from typing import Mapping
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph

JSON, XML = "application/sparql-results+json", "application/sparql-results+xml"
CSV, TSV = "text/csv", "text/tab-separated-values"
SELECT_TYPES = [JSON, XML, CSV, TSV]
ASK_TYPES = [JSON, XML]
GRAPH_TYPES = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
}
# names clients send for the same formats
ALIASES = {"application/json": JSON, "application/xml": XML, "text/xml": XML, "text/plain": "application/n-triples",
           "application/x-turtle": "text/turtle"}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header likes best (the first offered on a tie, or with no header)."""
    if not accept or not accept.strip():
        return offered[0]
    best: str | None = None
    best_key: tuple[float, int, int] = (0.0, 0, 0)
    for position, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        media = ALIASES.get(media, media)
        for rank, kind in enumerate(offered):
            specific = 2 if media == kind else 1 if media == kind.split("/")[0] + "/*" else 0 if media == "*/*" else -1
            if specific < 0:
                continue
            key = (q, specific, -rank)
            if best is None or key > best_key:
                best, best_key = kind, key
    return best


def select_body(media: str, names: list[str], rows: list[Mapping[str, Mapping[str, str]]], truncated: bool = False) -> bytes:
    """A SELECT answer in ``media`` (one of ``SELECT_TYPES``)."""
    if media == JSON:
        payload = {"head": {"vars": names}, "results": {"bindings": rows}}
        if truncated:
            payload["truncated"] = True
        return json.dumps(payload).encode("utf-8")
    if media == XML:
        out = [_XML_HEAD, "<head>", *(f"<variable name={quoteattr(n)}/>" for n in names), "</head><results>"]
        for row in rows:
            out.append("<result>")
            out.extend(f"<binding name={quoteattr(n)}>{_xml_term(row[n])}</binding>" for n in names if n in row)
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode("utf-8")
    if media == CSV:
        buf = io.StringIO()
        buf.write(",".join(_csv_field(n) for n in names) + "\r\n")
        for row in rows:
            buf.write(",".join(_csv_field(_plain(row[n])) if n in row else "" for n in names) + "\r\n")
        return buf.getvalue().encode("utf-8")
    if media == TSV:
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(turtle_term(row[n]) if n in row else "" for n in names) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"no SELECT format {media}")


def boolean_body(media: str, value: bool) -> bytes:
    """An ASK answer in ``media`` (one of ``ASK_TYPES``)."""
    if media == JSON:
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    return f"{_XML_HEAD}<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n".encode("utf-8")


def graph_body(media: str, ntriples: str) -> bytes:
    """A CONSTRUCT or DESCRIBE answer (N-Triples text) in ``media`` (one of ``GRAPH_TYPES``)."""
    triples = pyoxigraph.parse(ntriples.encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    return pyoxigraph.serialize(triples, format=GRAPH_TYPES[media]) or b""


def turtle_term(term: Mapping[str, str]) -> str:
    """A SPARQL JSON binding as a Turtle / N-Triples term.

    >>> turtle_term({"type": "literal", "value": "7", "datatype": "http://www.w3.org/2001/XMLSchema#integer"})
    '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if term["type"] == "uri":
        return f"<{term['value']}>"
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    text = (term["value"].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))
    if "xml:lang" in term:
        return f'"{text}"@{term["xml:lang"]}'
    if term.get("datatype") and term["datatype"] != _XSD_STRING:
        return f'"{text}"^^<{term["datatype"]}>'
    return f'"{text}"'


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def _xml_term(term: Mapping[str, str]) -> str:
    if term["type"] == "uri":
        return f"<uri>{escape(term['value'])}</uri>"
    if term["type"] == "bnode":
        return f"<bnode>{escape(term['value'])}</bnode>"
    if "xml:lang" in term:
        return f"<literal xml:lang={quoteattr(term['xml:lang'])}>{escape(term['value'])}</literal>"
    if term.get("datatype"):
        return f"<literal datatype={quoteattr(term['datatype'])}>{escape(term['value'])}</literal>"
    return f"<literal>{escape(term['value'])}</literal>"


def _plain(term: Mapping[str, str]) -> str:
    return f"_:{term['value']}" if term["type"] == "bnode" else term["value"]


def _csv_field(text: str) -> str:
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def media_of(header: str | None) -> tuple[str, dict[str, str]]:
    """A Content-Type header as (media type, parameters), lower-cased.

    >>> media_of("application/sparql-query; charset=UTF-8")
    ('application/sparql-query', {'charset': 'utf-8'})
    """
    parts = [p.strip() for p in (header or "").split(";")]
    params = {}
    for param in parts[1:]:
        name, _, value = param.partition("=")
        params[name.strip().lower()] = value.strip().strip('"').lower()
    return parts[0].lower(), params


def offered_for(answer: Mapping) -> list[str]:
    """The media types an answer of ``serve.answer_query`` can be sent in, the default first."""
    if "boolean" in answer:
        return ASK_TYPES
    if "triples" in answer:
        return list(GRAPH_TYPES)
    return SELECT_TYPES


def render(media: str, answer: Mapping) -> bytes:
    """An answer of ``serve.answer_query`` in ``media`` (from ``offered_for(answer)``)."""
    if "boolean" in answer:
        return boolean_body(media, answer["boolean"])
    if "triples" in answer:
        return graph_body(media, answer["triples"])
    return select_body(media, answer["vars"], answer["rows"], answer.get("truncated", False))

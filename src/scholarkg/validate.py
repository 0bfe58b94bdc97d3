"""SHACL validation of a store's graph against ``schema/shapes.ttl`` (pySHACL).

The graph goes to rdflib term by term (``Store.merged_triples``), not written out as N-Triples and parsed back.

>>> from scholarkg.stores import open_store
>>> with open_store("oxigraph::memory:") as store:
...     conforms, text = validate_store(store)
>>> conforms
True
"""
from __future__ import annotations

from typing import Any

import pyoxigraph
import rdflib

from .errors import ConfigError
from .resources import resource
from .stores import Store

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def validate_store(store: Store) -> tuple[bool, str]:
    """(conforms, report text) for the merged graph of ``store``."""
    import pyshacl

    if not store.can("rdf"):
        raise ConfigError(f"{store.uri} is not an RDF store; validate works on oxigraph: and sparql+http: stores")
    data = rdflib.Graph()
    data.addN((_to_rdflib(s), _to_rdflib(p), _to_rdflib(o), data) for s, p, o in store.merged_triples())
    shapes = rdflib.Graph()
    shapes.parse(resource("schema", "shapes.ttl"), format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False)
    return bool(conforms), text


def _to_rdflib(term: Any) -> Any:
    """A pyoxigraph term as the rdflib term N-Triples parsing would give (a plain string literal has no datatype).

    >>> from pyoxigraph import Literal, NamedNode
    >>> _to_rdflib(Literal("2016", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer"))).toPython()
    2016
    >>> _to_rdflib(Literal("Ada")).datatype is None
    True
    """
    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return rdflib.Literal(term.value, datatype=None if datatype == _XSD_STRING else rdflib.URIRef(datatype))

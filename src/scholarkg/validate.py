"""SHACL validation of a store's graph against ``schema/shapes.ttl`` (pySHACL).

>>> from scholarkg.stores import open_store
>>> with open_store("oxigraph::memory:") as store:
...     conforms, text = validate_store(store)
>>> conforms
True
"""
from __future__ import annotations

import io

from .errors import ConfigError
from .resources import resource


def validate_store(store) -> tuple[bool, str]:
    """(conforms, report text) for the merged graph of ``store``."""
    import pyshacl
    import rdflib

    if not store.can("rdf"):
        raise ConfigError(f"{store.uri} is not an RDF store; validate works on oxigraph: and sparql+http: stores")
    buf = io.StringIO()
    store.dump(buf, "nt")
    data = rdflib.Graph()
    data.parse(data=buf.getvalue(), format="nt")
    shapes = rdflib.Graph()
    shapes.parse(resource("schema", "shapes.ttl"), format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False)
    return bool(conforms), text

"""Files shipped inside the package: queries/, schema/ and data/ (the repo's top-level ``queries`` and
``schema`` are links to the same folders, so the Neo4j Browser and SPARQL tools can use them in place).

>>> resource("schema", "ontology.ttl").name
'ontology.ttl'
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource(folder: str, *parts: str) -> Path:
    """Path of a shipped file, e.g. ``resource("queries", "coauthors.rq")``."""
    return PACKAGE_DIR.joinpath(folder, *parts)

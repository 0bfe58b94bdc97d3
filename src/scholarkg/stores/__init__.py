"""Graph stores behind one small protocol, chosen by URI.

``oxigraph:PATH`` (default ``oxigraph:./scholarkg.db``), ``sparql+http://HOST:PORT/PATH``,
``neo4j://`` / ``bolt://`` (``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``),
``falkordb://HOST:PORT/GRAPH``.

>>> with open_store("oxigraph:/tmp/kg.db") as store:  # doctest: +SKIP
...     store.ensure_schema()
...     store.upsert(batch)
...     store.stats()
"""
from __future__ import annotations

import importlib
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..errors import ConfigError
from ..model import GraphBatch

DEFAULT_URI = "oxigraph:./scholarkg.db"


@dataclass
class UpsertStats:
    """What one ``upsert`` wrote: nodes and edges by label/type (as asserted by the batch)."""

    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of_batch(cls, batch: GraphBatch) -> "UpsertStats":
        """What a batch asserts: its nodes by label and edges by type."""
        stats = cls()
        for node in batch.nodes.values():
            stats.nodes[node.label] = stats.nodes.get(node.label, 0) + 1
        for edge in batch.edges.values():
            stats.edges[edge.type] = stats.edges.get(edge.type, 0) + 1
        return stats

    def add(self, other: "UpsertStats") -> None:
        for mine, theirs in ((self.nodes, other.nodes), (self.edges, other.edges)):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v


class Store(ABC):
    """The protocol every backend keeps (DESIGN.md §1). Values always travel as parameters or RDF terms."""

    uri: str

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create constraints/indexes (property graphs) or check the store is usable (RDF). Idempotent."""

    @abstractmethod
    def upsert(self, batch: GraphBatch) -> UpsertStats:
        """Write a batch atomically: all of it lands, or none of it. Idempotent."""

    @abstractmethod
    def query(self, name: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Run the catalogue query ``name`` with ``params``; rows as dicts in the catalogue's columns."""

    @abstractmethod
    def remove_source(self, source_key: str) -> int:
        """Remove what only this source asserted; returns how many nodes+edges (or quads) went."""

    @abstractmethod
    def sources(self) -> list[dict[str, Any]]:
        """The sources loaded: dicts with key, path, format."""

    @abstractmethod
    def stats(self) -> dict[str, dict[str, int]]:
        """{"nodes": {label: count}, "edges": {type: count}}."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# scheme -> (module, class name)
BACKENDS: dict[str, tuple[str, str]] = {
    "oxigraph": (".oxigraph", "OxigraphStore"),
    "sparql+http": (".sparql_http", "SparqlHttpStore"),
    "sparql+https": (".sparql_http", "SparqlHttpStore"),
    "falkordb": (".falkordb", "FalkorDBStore"),
    **{scheme: (".neo4j", "Neo4jStore") for scheme in ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")},
}


def open_store(uri: str | None = None) -> Store:
    """Open the store a URI names (default ``$SCHOLARKG_STORE`` or ``oxigraph:./scholarkg.db``)."""
    uri = uri or os.environ.get("SCHOLARKG_STORE") or DEFAULT_URI
    scheme = uri.split(":", 1)[0].lower()
    if scheme not in BACKENDS:
        known = ", ".join(sorted(BACKENDS)) or "none"
        raise ConfigError(f"unknown store URI {uri!r} (schemes: {known})")
    module, cls = BACKENDS[scheme]
    return getattr(importlib.import_module(module, __name__), cls)(uri)

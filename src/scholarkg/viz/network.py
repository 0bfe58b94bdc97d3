"""The picture-ready graph every view draws: nodes with a size, a group (the colour) and hover lines, edges with
a weight, plus the positions a layout gave them.

>>> net = Network("demo", "coauthors")
>>> net.add_node(Node("ada", "Ada Moreau", size=3, group="Mila"))
>>> net.add_node(Node("bo", "Bo Lindgren", size=1))
>>> net.add_edge(Edge("ada", "bo", weight=2))
>>> [n.label for n in net.nodes], net.edges[0].weight, net.groups()
(['Ada Moreau', 'Bo Lindgren'], 2, ['Mila', ''])
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Node:
    """One thing drawn as a circle. ``size`` is what the radius grows with (papers); ``group`` picks the colour
    ("" for none); ``details`` are the hover lines (paper titles); ``year`` places lineage nodes in time;
    ``ring`` is the hop distance from the centre of an ego network (0 for the centre)."""

    id: str
    label: str
    size: float = 1.0
    group: str = ""
    details: list[str] = field(default_factory=list)
    year: int | None = None
    ring: int = 0
    x: float = 0.0
    y: float = 0.0
    r: float = 0.0  # radius in pixels, set by the layout


@dataclass
class Edge:
    """A line from ``source`` to ``target`` (node ids); ``weight`` sets its width (joint papers), ``kind`` its
    style (``coauthor``, ``EXTENDS``, ``USES``); ``details`` are the hover lines."""

    source: str
    target: str
    weight: float = 1.0
    kind: str = "coauthor"
    details: list[str] = field(default_factory=list)


@dataclass
class Network:
    """Nodes and edges of one picture, in a stable order (the order they were added)."""

    title: str
    kind: str  # "coauthors" or "lineage"
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    directed: bool = False
    subtitle: str = ""

    def add_node(self, node: Node) -> None:
        if any(n.id == node.id for n in self.nodes):
            raise ValueError(f"node {node.id!r} added twice")
        self.nodes.append(node)

    def add_edge(self, edge: Edge) -> None:
        ids = {n.id for n in self.nodes}
        for end in (edge.source, edge.target):
            if end not in ids:
                raise ValueError(f"edge end {end!r} is not a node")
        self.edges.append(edge)

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def groups(self) -> list[str]:
        """Groups in order of first appearance; the colour legend follows it."""
        seen: dict[str, None] = {}
        for n in self.nodes:
            seen.setdefault(n.group, None)
        return list(seen)

    def to_json(self) -> dict[str, Any]:
        """What the interactive page reads."""
        return {"title": self.title, "subtitle": self.subtitle, "kind": self.kind, "directed": self.directed,
                "nodes": [asdict(n) for n in self.nodes], "edges": [asdict(e) for e in self.edges]}

"""Pictures of the graph: co-author ego networks, method lineage over time, and a one-page report.

Data comes from the store through the query catalogue, so every backend gives the same picture. Each picture
is written as a standalone interactive HTML page, an SVG, or a PNG, chosen by the file name.

>>> with open_store("oxigraph:seeds.db") as store:  # doctest: +SKIP
...     draw_coauthors(store, "Roger Grosse", Path("grosse.html"), hops=2)
"""
from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from .data import Progress, coauthor_network, lineage_network
from .layout import force_layout, time_layout
from .network import Edge, Network, Node
from .page import graph_page
from .png import svg_to_png
from .svg import network_svg

PICTURE_SUFFIXES = (".html", ".svg", ".png")
SIZES = {"coauthors": (1100, 800), "lineage": (1100, 620)}

__all__ = ["Edge", "Network", "Node", "coauthor_network", "draw_coauthors", "draw_lineage", "lineage_network",
           "write_picture"]


def picture_format(out: Path) -> str:
    """``html``, ``svg`` or ``png`` from the file name; anything else is an error that says what works.

    >>> picture_format(Path("net.SVG"))
    'svg'
    """
    suffix = out.suffix.lower()
    if suffix not in PICTURE_SUFFIXES:
        raise ConfigError(f"{out}: cannot tell the picture format from {suffix or 'no suffix'!s}; "
                          f"name the file .html (interactive), .svg or .png")
    return suffix[1:]


def write_picture(net: Network, out: Path) -> str:
    """Lay ``net`` out and write it to ``out`` in the format its suffix names; returns that format."""
    fmt = picture_format(out)
    width, height = SIZES[net.kind]
    ticks = time_layout(net, width, height) if net.kind == "lineage" else None
    if net.kind != "lineage":
        force_layout(net, width, height)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        out.write_text(graph_page(net, width, height, ticks=ticks), encoding="utf-8")
    elif fmt == "svg":
        out.write_text(network_svg(net, width, height, ticks=ticks), encoding="utf-8")
    else:
        svg_to_png(network_svg(net, width, height, ticks=ticks), out)
    return fmt


def draw_coauthors(store, author: str, out: Path, hops: int = 2, max_nodes: int = 60,
                   progress: Progress | None = None) -> Network:
    """Write the co-author ego network of ``author`` to ``out`` (.html, .svg or .png); returns the network."""
    picture_format(out)  # a bad file name fails before any query runs
    net = coauthor_network(store, author, hops=hops, max_nodes=max_nodes, progress=progress)
    write_picture(net, out)
    return net


def draw_lineage(store, method: str, out: Path, depth: int = 3, progress: Progress | None = None) -> Network:
    """Write the lineage of ``method`` (EXTENDS/USES over time) to ``out``; returns the network."""
    picture_format(out)
    net = lineage_network(store, method, depth=depth, progress=progress)
    write_picture(net, out)
    return net

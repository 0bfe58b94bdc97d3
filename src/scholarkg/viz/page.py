"""Standalone HTML pages: everything inlined (drawing, data, script, style), so a page opens from disk with no
network, and can be mailed or archived as one file.

>>> from scholarkg.viz.network import Network, Node
>>> from scholarkg.viz.layout import force_layout
>>> net = Network("</script> test", "coauthors"); net.add_node(Node("a", "A"))
>>> force_layout(net)
>>> page = graph_page(net)
>>> page.count("</script>")  # only the two real closing tags: data cannot end a script early
2
"""
from __future__ import annotations

import json
from html import escape
from pathlib import Path

from .network import Network
from .svg import network_svg

ASSETS = Path(__file__).resolve().parent / "assets"


def asset(name: str) -> str:
    """The text of a file shipped in ``viz/assets`` (the page script and stylesheet)."""
    return (ASSETS / name).read_text(encoding="utf-8")


def script_json(value) -> str:
    """JSON safe inside a <script> element: ``<``, ``>`` and ``&`` as escapes, so no text in the data can close
    the element or open a comment.

    >>> script_json({"t": "</script><!--"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def html_document(title: str, body: str, scripts: str = "") -> str:
    """A complete page with our stylesheet inlined."""
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"scholarkg\">\n"
            f"<title>{escape(title)}</title>\n<style>\n{asset('page.css')}</style>\n</head>\n<body>\n"
            f"{body}\n{scripts}</body>\n</html>\n")


def graph_page(net: Network, width: int = 1100, height: int = 800, ticks: list[tuple[str, float]] | None = None) -> str:
    """The interactive page of a laid-out network: hover for papers, drag nodes (a live force layout settles
    the rest), scroll to zoom, drag the background to pan, search by name."""
    drawing = network_svg(net, width, height, ticks=ticks, heading=False)
    payload = dict(net.to_json(), width=width, height=height)
    hint = ("Hover a node for its papers, an edge for the joint papers. Drag a node to pin it (double-click "
            "frees it); scroll to zoom; drag the background to pan." if net.kind == "coauthors" else
            "Left to right: the year each method was introduced. Hover for papers; drag a method up or down; "
            "scroll to zoom.")
    body = (f'<header class="bar"><h1>{escape(net.title)}</h1><span class="sub">{escape(net.subtitle)}</span>'
            '<span class="tools"><input id="search" type="search" placeholder="Find a name…" aria-label="Find a name">'
            '<button id="relayout" type="button" title="Let the force layout run again">Relax layout</button>'
            '<button id="reset" type="button">Reset view</button></span></header>'
            f'<div class="hint">{escape(hint)}</div>\n<main id="stage">\n{drawing}</main>\n'
            '<div id="tooltip" role="tooltip" hidden></div>')
    scripts = (f'<script type="application/json" id="graph-data">{script_json(payload)}</script>\n'
               f"<script>\n{asset('graph.js')}</script>\n")
    return html_document(net.title, body, scripts)

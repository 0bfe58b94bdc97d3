"""A laid-out network as an SVG document: the static picture for papers and slides, and the drawing the
interactive page starts from (its script finds the nodes by their ``data-id``).

>>> from scholarkg.viz.network import Edge, Network, Node
>>> from scholarkg.viz.layout import force_layout
>>> net = Network("Co-authors of <Ada>", "coauthors")
>>> net.add_node(Node("ada", "Ada & Co", size=2, group="Mila")); net.add_node(Node("bo", "Bo", ring=1))
>>> net.add_edge(Edge("ada", "bo", weight=2))
>>> force_layout(net, width=300, height=200)
>>> text = network_svg(net, width=300, height=200)
>>> "Ada &amp; Co" in text and "Co-authors of &lt;Ada&gt;" in text
True
"""
from __future__ import annotations

import math
from html import escape

from .data import NO_GROUP
from .network import Network

# Our own palette: distinct hues of similar weight, readable under a white label halo.
PALETTE = ["#3b6fb6", "#e07b39", "#3f9b5a", "#c8484f", "#8a64b8", "#2aa3a8", "#b5883a", "#d5679f",
           "#6d8f2f", "#4f5bd5", "#a0522d", "#1f8a70"]
NEUTRAL = "#a3a8b1"
LINEAGE_COLOURS = {"this method": "#e07b39", "it builds on": "#3b6fb6", "builds on it": "#3f9b5a"}
EDGE_STYLE = {"coauthor": ("#8c96a3", ""), "EXTENDS": ("#444b55", ""), "USES": ("#7d8590", "6 4")}
AXIS_Y = 78  # the year axis sits under the heading, clear of the legend at the bottom
FONT = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Arial, sans-serif"


def colours(net: Network) -> dict[str, str]:
    """Group -> colour: lineage roles have fixed colours, organizations take the palette in order of first
    appearance, "no organization" is grey."""
    out, i = {}, 0
    for group in net.groups():
        if group in LINEAGE_COLOURS and net.kind == "lineage":
            out[group] = LINEAGE_COLOURS[group]
        elif group in ("", NO_GROUP):
            out[group] = NEUTRAL
        else:
            out[group] = PALETTE[i % len(PALETTE)]
            i += 1
    return out


def edge_width(weight: float) -> float:
    """Line width for an edge: grows with the square root of its joint papers."""
    return round(1.0 + 1.6 * math.sqrt(max(weight - 1, 0)), 2)


def label_width(text: str, size: float = 12) -> float:
    """Rough width of a label in pixels (no font metrics in here): enough to keep labels inside the canvas."""
    return 0.56 * size * len(text)


def _a(value) -> str:
    return escape(str(value), quote=True)


def _tooltip(lines: list[str]) -> str:
    return escape("\n".join(lines))


def network_svg(net: Network, width: int = 1100, height: int = 800, ticks: list[tuple[str, float]] | None = None,
                legend: bool = True, heading: bool = True) -> str:
    """The whole picture as one SVG document (UTF-8 text). ``ticks`` draws a year axis (lineage); the page leaves
    out the ``heading`` (it has its own)."""
    palette = colours(net)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="graph" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="{_a(FONT)}" font-size="12">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444b55"/></marker></defs>',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    if ticks:
        out.append('<g class="axis" fill="#6b7280" font-size="12">')
        for label, x in ticks:
            out.append(f'<line x1="{x}" y1="{AXIS_Y + 8}" x2="{x}" y2="{height - 50}" stroke="#eceef1"/>'
                       f'<text x="{x}" y="{AXIS_Y}" text-anchor="middle">{escape(label)}</text>')
        out.append("</g>")
    out.append('<g id="edges">')
    for e in net.edges:
        a, b = net.node(e.source), net.node(e.target)
        colour, dash = EDGE_STYLE.get(e.kind, EDGE_STYLE["coauthor"])
        x1, y1, x2, y2 = a.x, a.y, b.x, b.y
        if net.directed:  # stop the arrow at the target's rim
            d = math.hypot(x2 - x1, y2 - y1) or 1.0
            x2, y2 = round(x2 - (x2 - x1) * (b.r + 3) / d, 1), round(y2 - (y2 - y1) * (b.r + 3) / d, 1)
        extra = (f' stroke-dasharray="{dash}"' if dash else "") + (' marker-end="url(#arrow)"' if net.directed else "")
        opacity = "0.55" if net.kind == "coauthors" else "0.9"
        out.append(f'<line class="edge" data-source="{_a(e.source)}" data-target="{_a(e.target)}" '
                   f'x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" stroke-opacity="{opacity}" '
                   f'stroke-width="{edge_width(e.weight)}"{extra}><title>{_tooltip(_edge_lines(net, e))}</title></line>')
    out.append('</g><g id="nodes">')
    for n in net.nodes:
        centre = n.ring == 0
        font = ' font-size="14" font-weight="700"' if centre else ""
        x, y, label = round(n.x + n.r + 4, 1), round(n.y + 4, 1), escape(n.label)
        if net.directed:  # lineage edges run left to right: labels below the circle keep the arrows visible
            half = label_width(n.label, 14 if centre else 12) / 2  # moved in from the edge, never cut by it
            x = round(min(max(n.x, 6 + half), width - 6 - half), 1) if 2 * half < width - 12 else n.x
            y, font = round(n.y + n.r + 14, 1), font + ' text-anchor="middle"'
        elif x + label_width(n.label, 14 if centre else 12) > width - 6:  # no room on the right: on the left
            x, font = round(n.x - n.r - 4, 1), font + ' text-anchor="end"'
        # the halo is a second, white-stroked copy under the label: every SVG renderer draws that the same way
        out.append(f'<g class="{"node centre" if centre else "node"}" data-id="{_a(n.id)}">'
                   f'<circle cx="{n.x}" cy="{n.y}" r="{n.r}" fill="{palette[n.group]}" stroke="#ffffff" '
                   f'stroke-width="1.5"><title>{_tooltip(_node_lines(n))}</title></circle>'
                   f'<text class="halo" x="{x}" y="{y}"{font} fill="#ffffff" stroke="#ffffff" stroke-width="4" '
                   f'stroke-linejoin="round">{label}</text>'
                   f'<text class="label" x="{x}" y="{y}"{font} fill="#1d232b">{label}</text></g>')
    out.append("</g>")
    if heading:
        out.append(f'<text x="20" y="30" font-size="18" font-weight="700" fill="#1d232b">{escape(net.title)}</text>')
    if heading and net.subtitle:
        out.append(f'<text x="20" y="50" font-size="12" fill="#5b6470">{escape(net.subtitle)}</text>')
    if legend:
        out.append(_legend(net, palette, width, height))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _node_lines(n) -> list[str]:
    head = n.label + (f" — {n.group}" if n.group else "")
    count = f"{int(n.size)} paper{'s' if n.size != 1 else ''}"
    return [head, count, *n.details]


def _edge_lines(net: Network, e) -> list[str]:
    a, b = net.node(e.source).label, net.node(e.target).label
    if e.kind == "coauthor":
        head = f"{a} & {b}: {int(e.weight)} joint paper{'s' if e.weight != 1 else ''}"
        return [head, *e.details]
    return e.details or [f"{a} {e.kind} {b}"]


def _legend(net: Network, palette: dict[str, str], width: int, height: int) -> str:
    items = [(g or NO_GROUP, c) for g, c in palette.items()]
    if net.directed:
        items += [("extends (arrow to the method built on)", "edge:EXTENDS"), ("uses", "edge:USES")]
    out = ['<g id="legend" font-size="12" fill="#2b323b">']
    x, y = 20, height - 16
    rows: list[list[tuple[str, str, float]]] = [[]]
    line_width = 0.0
    for label, colour in items:
        w = 32 + label_width(label)
        if line_width + w > width - 40 and rows[-1]:
            rows.append([])
            line_width = 0.0
        rows[-1].append((label, colour, line_width))
        line_width += w
    for i, row in enumerate(reversed(rows)):
        yy = y - i * 20
        for label, colour, dx in row:
            if colour.startswith("edge:"):
                stroke, dash = EDGE_STYLE[colour[5:]]
                dashed = f' stroke-dasharray="{dash}"' if dash else ""
                out.append(f'<line x1="{x + dx}" y1="{yy - 4}" x2="{x + dx + 16}" y2="{yy - 4}" stroke="{stroke}" '
                           f'stroke-width="2"{dashed}/>')
            else:
                out.append(f'<circle cx="{x + dx + 6}" cy="{yy - 4}" r="6" fill="{colour}"/>')
            out.append(f'<text x="{x + dx + 20}" y="{yy}">{escape(label)}</text>')
    out.append("</g>")
    return "".join(out)

"""Deterministic layouts: the same network always gets the same picture.

``force_layout`` is a seeded spring embedding (repulsion between every pair, springs along edges that pull harder
for more joint papers, a little gravity) with the ego-network centre pinned in the middle; ``time_layout`` puts each
method at the x of its introducing year and orders each year's column so edges cross less. Both fit the result
into a ``width`` x ``height`` canvas and set every node's radius.

>>> from scholarkg.viz.network import Edge, Network, Node
>>> net = Network("t", "coauthors")
>>> for i, name in enumerate("abc"):
...     net.add_node(Node(name, name.upper(), size=i + 1, ring=min(i, 1)))
>>> net.add_edge(Edge("a", "b")); net.add_edge(Edge("b", "c"))
>>> force_layout(net, width=400, height=300)
>>> (net.nodes[0].x, net.nodes[0].y)  # the centre stays in the middle
(200.0, 150.0)
>>> first = [(n.x, n.y) for n in net.nodes]; force_layout(net, width=400, height=300)
>>> first == [(n.x, n.y) for n in net.nodes]
True
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from .network import Network

MARGIN = 70  # room for labels at the canvas edge
MIN_R, MAX_R = 5.0, 26.0


def set_radii(net: Network) -> None:
    """Radius grows with the square root of size, so a circle's area follows the paper count."""
    top = max((n.size for n in net.nodes), default=1) or 1
    for n in net.nodes:
        n.r = round(MIN_R + (MAX_R - MIN_R) * math.sqrt(max(n.size, 0) / top), 1)


def _fit(net: Network, xy: np.ndarray, width: float, height: float, around_origin: bool = False) -> None:
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    if around_origin:  # keep the pinned centre in the middle of the canvas
        reach = np.abs(xy).max(axis=0)
        lo, hi = -reach, reach
    span = np.where(hi - lo > 1e-9, hi - lo, 1.0)
    room = np.array([width - 2 * MARGIN, height - 2 * MARGIN], dtype=float)
    scale = room / span
    mid = (lo + hi) / 2
    out = (xy - mid) * scale + np.array([width / 2, height / 2])
    for node, (x, y) in zip(net.nodes, out):
        node.x, node.y = round(float(x), 1), round(float(y), 1)


def force_layout(net: Network, width: float = 1100, height: float = 800, seed: int = 7,
                 iterations: int = 400) -> None:
    """Spring embedding; ring-0 nodes (the ego) are pinned at the middle of the canvas."""
    set_radii(net)
    n = len(net.nodes)
    if n == 0:
        return
    index = {node.id: i for i, node in enumerate(net.nodes)}
    rng = np.random.default_rng(seed)
    # start on rings by hop distance so the picture reads from the centre outwards
    xy = np.zeros((n, 2))
    by_ring: dict[int, list[int]] = {}
    for i, node in enumerate(net.nodes):
        by_ring.setdefault(node.ring, []).append(i)
    for ring, members in by_ring.items():
        for j, i in enumerate(members):
            angle = 2 * math.pi * j / len(members) + ring * 0.7
            xy[i] = (ring * math.cos(angle), ring * math.sin(angle))
    xy += rng.normal(scale=0.05, size=xy.shape)
    pinned = np.array([node.ring == 0 and net.kind == "coauthors" for node in net.nodes])
    xy[pinned] = 0.0
    if len(net.edges):
        src = np.array([index[e.source] for e in net.edges])
        dst = np.array([index[e.target] for e in net.edges])
        weight = np.sqrt(np.array([max(e.weight, 0.1) for e in net.edges]))
    k = 1.0 / math.sqrt(max(n, 1)) * 2.0
    step = 0.3
    for _ in range(iterations):
        delta = xy[:, None, :] - xy[None, :, :]
        dist2 = (delta ** 2).sum(axis=2) + 1e-6
        force = (delta * (k * k / dist2)[:, :, None]).sum(axis=1)  # repulsion
        if len(net.edges):
            d = xy[dst] - xy[src]
            length = np.sqrt((d ** 2).sum(axis=1)) + 1e-9
            pull = d * (length * weight / k)[:, None]
            np.add.at(force, src, pull)
            np.add.at(force, dst, -pull)
        force -= xy * 0.25  # gravity keeps loose components near the middle
        size = np.sqrt((force ** 2).sum(axis=1)) + 1e-9
        move = force / size[:, None] * np.minimum(size, step)[:, None]
        move[pinned] = 0.0
        xy += move
        step *= 0.985
    _fit(net, xy, width, height, around_origin=bool(pinned.any()))
    spread(net, width, height, fixed=[n.id for n, pin in zip(net.nodes, pinned) if pin])


def spread(net: Network, width: float, height: float, gap: float = 6.0, rounds: int = 120,
           fixed: Sequence[str] = ()) -> None:
    """Move nodes apart until no circle-plus-label box overlaps another (a spring layout scaled to a canvas
    leaves tight pairs drawn over each other). Boxes are pushed apart along the axis where they overlap
    least, so wide labels mostly stack vertically; every node stays on the canvas."""
    from .svg import label_width

    if len(net.nodes) < 2:
        return
    xy = np.array([[n.x, n.y] for n in net.nodes], dtype=float)
    r = np.array([n.r for n in net.nodes])
    # box around each node relative to its centre: the circle and the label to its right
    left = r + gap / 2
    right = r + 4 + np.array([label_width(n.label, 14 if n.ring == 0 else 12) for n in net.nodes]) + gap / 2
    half_h = np.maximum(r, 8.0) + gap / 2
    still = np.array([n.id in set(fixed) for n in net.nodes])
    share = np.where(still[None, :], 1.0, np.where(still[:, None], 0.0, 0.5))  # who moves: the free end
    order = np.sign(np.arange(len(xy))[:, None] - np.arange(len(xy))[None, :]).astype(float)
    for _ in range(rounds):
        dx = xy[:, None, 0] - xy[None, :, 0]  # i minus j
        dy = xy[:, None, 1] - xy[None, :, 1]
        # overlap of i's box and j's box along x (i right of j: j's right edge against i's left edge)
        ox = np.where(dx >= 0, right[None, :] + left[:, None] - dx, right[:, None] + left[None, :] + dx)
        oy = half_h[:, None] + half_h[None, :] - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        sy = np.where(dy != 0, np.sign(dy), order)
        sx = np.where(dx != 0, np.sign(dx), order)
        vertical = oy <= ox * 1.5
        move_y = np.where(hit & vertical, sy * oy * share, 0.0).sum(axis=1)
        move_x = np.where(hit & ~vertical, sx * ox * share, 0.0).sum(axis=1)
        move = np.stack([move_x, move_y], axis=1)
        move[still] = 0.0
        xy += np.clip(move, -20, 20)
        xy[:, 0] = np.clip(xy[:, 0], MARGIN / 2, width - MARGIN / 2)
        xy[:, 1] = np.clip(xy[:, 1], MARGIN, height - MARGIN / 2)
    for node, (x, y) in zip(net.nodes, xy):
        node.x, node.y = round(float(x), 1), round(float(y), 1)


UNDATED_PITCH = 130  # px between the columns of methods with no known year
ROW_MIN = 46  # px a method needs in its column: its circle and the label under it


def time_layout(net: Network, width: float = 1100, height: float = 600) -> list[tuple[str, float]]:
    """x = the year each node was introduced (unknown years in columns at the left, as many as they need so their
    labels do not overlap); returns the year axis ticks as ``(label, x)``."""
    set_radii(net)
    if not net.nodes:
        return []
    top, bottom = 120, height - 90  # below the year axis, above the legend
    years = sorted({n.year for n in net.nodes if n.year is not None})
    undated = [n for n in net.nodes if n.year is None]
    per_column = max(1, int((bottom - top) // ROW_MIN) + 1)
    # the columns the undated methods fill, up to 40% of the width (beyond that they stack closer instead)
    n_undated = min(-(-len(undated) // per_column), max(1, int(0.4 * width // UNDATED_PITCH)))
    undated_column = {n.id: i % n_undated for i, n in enumerate(undated)}  # dealt out, so the columns stay even
    left = MARGIN + (90 + UNDATED_PITCH * (n_undated - 1) if undated else 0)
    right = width - MARGIN
    lo, hi = (years[0], years[-1]) if years else (0, 0)

    def x_of(year, node_id=None):
        if year is None:
            return MARGIN + UNDATED_PITCH * undated_column.get(node_id, 0)
        return (left + right) / 2 if hi == lo else left + (year - lo) / (hi - lo) * (right - left)

    columns: dict[float, list] = {}
    for node in net.nodes:
        node.x = round(x_of(node.year, node.id), 1)
        columns.setdefault(node.x, []).append(node)
    neighbours: dict[str, list[str]] = {n.id: [] for n in net.nodes}
    for e in net.edges:
        neighbours[e.source].append(e.target)
        neighbours[e.target].append(e.source)
    order = {n.id: i for i, n in enumerate(net.nodes)}
    rank: dict[str, float] = dict(order)
    for _ in range(6):  # barycentre sweeps: each column sorted by where its neighbours sit
        for x in sorted(columns):
            col = columns[x]
            col.sort(key=lambda n: (sum(rank[m] for m in neighbours[n.id]) / len(neighbours[n.id])
                                    if neighbours[n.id] else rank[n.id], order[n.id]))
            for i, n in enumerate(col):
                rank[n.id] = i - (len(col) - 1) / 2
    undated_x = sorted({n.x for n in undated})
    staggered = len(undated_x) > 1  # neighbouring undated columns sit half a row apart: wide labels do not meet
    tallest = max(len(c) for c in columns.values())
    gap = min(110.0, (bottom - top) / max(tallest - 1 + (0.5 if staggered else 0), 1))
    for x, col in columns.items():
        shift = (gap / 4 if undated_x.index(x) % 2 else -gap / 4) if staggered and x in undated_x else 0.0
        for i, n in enumerate(col):
            n.y = round((top + bottom) / 2 + (i - (len(col) - 1) / 2) * gap + shift, 1)
    ticks = [(str(y), round(x_of(y), 1)) for y in years]
    if undated:
        ticks.insert(0, ("year unknown", round((undated_x[0] + undated_x[-1]) / 2, 1)))
    return ticks

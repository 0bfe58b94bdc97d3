"""Networks read from a store through the query catalogue, so they look the same on every backend.

``coauthor_network`` grows an ego network hop by hop with ``coauthors``, sizes authors by ``author-papers`` and
colours them by ``author-organizations``; ``lineage_network`` follows ``method-lineage`` one hop at a time (so
each EXTENDS/USES edge is known exactly), dates methods with ``who-introduced`` and sizes them by
``method-papers``.

>>> with open_store("oxigraph:seeds.db") as store:  # doctest: +SKIP
...     net = coauthor_network(store, "Roger Grosse", hops=1)
"""
from __future__ import annotations

from typing import Callable

from ..catalog import coerce_params, get_spec, resolve_entity
from .network import Edge, Network, Node

Progress = Callable[[int], None]
NO_GROUP = "no organization listed"
MAX_DETAILS = 12  # hover lines per node: enough to recognise an author, short enough to read


class _Authors:
    """Name -> key resolution with a cache: ``coauthors`` answers with names, the next hop needs keys."""

    def __init__(self, store):
        self.store = store
        self.keys: dict[str, str] = {}

    def key(self, name: str) -> str:
        if name not in self.keys:
            self.keys[name] = resolve_entity(self.store, "author", name)
        return self.keys[name]


def run_query(store, name: str, params: dict) -> list[dict]:
    """``catalog.run_query`` for parameters that are already node keys: the same checks and columns, without
    looking each key up again (a picture asks a few hundred questions about keys it already has)."""
    spec = get_spec(name)
    rows = [{c: row.get(c) for c in spec.columns} for row in store.query(name, coerce_params(spec, params))]
    for column, sep in spec.lists.items():
        for row in rows:
            if isinstance(row[column], str):
                row[column] = row[column].split(sep)
    return rows


def _unique(rows: list[dict]) -> list[dict]:
    """Rows once each (a triple that two sources assert can come back twice from the union of their graphs)."""
    seen, out = set(), []
    for row in rows:
        marker = tuple(sorted((k, str(v)) for k, v in row.items()))
        if marker not in seen:
            seen.add(marker)
            out.append(row)
    return out


def _clip(lines: list[str]) -> list[str]:
    """At most MAX_DETAILS hover lines, the last saying how many were left out."""
    if len(lines) <= MAX_DETAILS:
        return lines
    return lines[:MAX_DETAILS - 1] + [f"… and {len(lines) - MAX_DETAILS + 1} more"]


def _paper_line(row: dict) -> str:
    return f"{row['title']} ({row['year']})" if row.get("year") else row["title"]


def _main_organization(rows: list[dict]) -> str:
    """The organization an author is drawn in: one an input ties them to, else the one on most of their papers."""
    if not rows:
        return NO_GROUP
    best = sorted(rows, key=lambda r: (not r["member"], -r["papers"], r["organization"]))[0]
    return best["organization"]


def coauthor_network(store, author: str, hops: int = 2, max_nodes: int = 60,
                     progress: Progress | None = None) -> Network:
    """The authors within ``hops`` co-authorship steps of ``author`` and the joint papers among them.

    When more than ``max_nodes`` authors are that close, the nearest hops are kept first and, within a hop, the
    authors with most joint papers with those already kept. Edge weight = joint papers; node size = papers.
    """
    if hops < 1:
        raise ValueError("hops must be at least 1")
    authors = _Authors(store)
    centre = authors.key(author)
    names = {centre: next((r["name"] for r in store.query("_key-author", {"text": centre, "guess": centre})), author)}
    ring = {centre: 0}
    links: dict[str, dict[str, int]] = {}  # key -> coauthor key -> joint papers

    def expand(key: str) -> None:
        links[key] = {}
        for row in run_query(store, "coauthors", {"author": key}):
            other = authors.key(row["coauthor"])
            names.setdefault(other, row["coauthor"])
            links[key][other] = row["papers"]
        if progress:
            progress(1)

    frontier = [centre]
    reached = {centre}
    for hop in range(1, hops + 1):
        for key in frontier:
            expand(key)
        score: dict[str, int] = {}
        for key in frontier:
            for other, joint in links[key].items():
                if other not in ring:
                    score[other] = score.get(other, 0) + joint
        reached.update(score)
        room = max_nodes - len(ring)
        chosen = sorted(score, key=lambda k: (-score[k], names[k], k))[:max(room, 0)]
        for key in chosen:
            ring[key] = hop
        frontier = chosen
        if not frontier:
            break
    for key in frontier:  # the outer ring's links among themselves
        if key not in links:
            expand(key)

    papers: dict[str, list[dict]] = {}
    net = Network(f"Co-authors of {names[centre]}", "coauthors",
                  subtitle=f"{hops} hop{'s' if hops > 1 else ''} · {len(ring)} authors"
                           + (f" (the {len(ring)} closest of {len(reached)} reached)" if len(reached) > len(ring) else ""))
    for key in sorted(ring, key=lambda k: (ring[k], -sum(links.get(k, {}).values()), names[k], k)):
        papers[key] = _unique(run_query(store, "author-papers", {"author": key}))
        orgs = run_query(store, "author-organizations", {"author": key})
        net.add_node(Node(key, names[key], size=len(papers[key]), group=_main_organization(orgs),
                          details=_clip([_paper_line(r) for r in papers[key]]), ring=ring[key]))
        if progress:
            progress(1)
    for a in (n.id for n in net.nodes):
        for b, joint in sorted(links.get(a, {}).items()):
            if b in ring and a < b:
                titles_b = {(r["title"], r["year"]) for r in papers[b]}
                shared = [_paper_line(r) for r in papers[a] if (r["title"], r["year"]) in titles_b]
                net.add_edge(Edge(a, b, weight=joint, details=_clip(shared)))
    return net


def lineage_network(store, method: str, depth: int = 3, progress: Progress | None = None) -> Network:
    """The methods ``method`` builds on and those built on it (``depth`` EXTENDS/USES steps), with every such edge
    among them, each method dated by the year of the paper that introduced it."""
    if not 1 <= depth <= 5:
        raise ValueError("depth must be between 1 and 5")
    centre = resolve_entity(store, "method", method)
    keys: dict[str, str] = {}  # name -> key

    def key_of(name: str) -> str:
        if name not in keys:
            keys[name] = resolve_entity(store, "method", name)
        return keys[name]

    rows = run_query(store, "method-lineage", {"method": centre, "depth": depth})
    members = {centre: 0}
    for row in rows:
        k = key_of(row["method"])
        members.setdefault(k, row["hops"] if row["direction"] == "descendant" else -row["hops"])
    edges: dict[tuple[str, str], str] = {}
    for k in members:
        for row in run_query(store, "method-lineage", {"method": k, "depth": 1}):
            other = key_of(row["method"])
            if other not in members:
                continue
            pair = (k, other) if row["direction"] == "ancestor" else (other, k)
            edges.setdefault(pair, row["relation"])
        if progress:
            progress(1)

    net = Network(f"Lineage of {method}", "lineage", directed=True)
    for k in sorted(members, key=lambda k: (members[k], k)):
        introduced = run_query(store, "who-introduced", {"method": k})
        used = _unique(run_query(store, "method-papers", {"method": k}))
        name = next((n for n, key in keys.items() if key == k), None) or _method_name(store, k)
        details = []
        if introduced:
            first = introduced[0]
            authors = ", ".join(r["author"] for r in introduced)
            details.append(f"introduced in {first['title']} ({first['year']}) by {authors}")
        details = _clip(details + [f"{r['role']}: {_paper_line(r)}" for r in used])
        group = "this method" if k == centre else ("builds on it" if members[k] > 0 else "it builds on")
        net.add_node(Node(k, name, size=max(len({r["title"] for r in used}), 1), group=group, details=details,
                          year=introduced[0]["year"] if introduced else None, ring=abs(members[k])))
        if progress:
            progress(1)
    for (a, b), relation in sorted(edges.items()):
        net.add_edge(Edge(a, b, kind=relation, details=[f"{net.node(a).label} {relation} {net.node(b).label}"]))
    dated = sum(1 for n in net.nodes if n.year is not None)
    net.subtitle = f"depth {depth} · {len(net.nodes)} methods · {len(net.edges)} edges · {dated} dated"
    return net


def _method_name(store, key: str) -> str:
    rows = store.query("_lookup-method", {"text": key, "lower": key.lower(), "guess": key})
    return next((r["name"] for r in rows if r["key"] == key and r.get("name")), key)

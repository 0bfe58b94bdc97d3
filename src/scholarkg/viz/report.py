"""The one-page overview of a graph (``scholarkg report``): counts, top authors and collaborations, organizations
and their collaborations, and methods and datasets by year, all from catalogue queries, charts inlined as SVG.

Per-year counts come from the catalogue as it is: ``trending-methods(since_year=y)`` minus
``trending-methods(since_year=y+1)`` is exactly the count for year ``y`` (each paper has one year), and datasets
are counted from ``dataset-papers``.

>>> with open_store("oxigraph:seeds.db") as store:  # doctest: +SKIP
...     write_report(store, Path("report"))
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from ..catalog import load_catalog
from ..catalog import run_query as run_named
from .charts import bar_chart, year_table
from .data import Progress, run_query
from .layout import force_layout
from .network import Edge, Network, Node
from .page import html_document
from .svg import network_svg

TOP = 15  # rows in each top list
TRENDING = 10  # rows in each by-year table
YEARS_SHOWN = 12  # the most recent years in the by-year tables
EVERYTHING = 10 ** 9  # a limit that keeps every row
TILES = {"Paper": "papers", "Author": "authors", "Organization": "organizations", "Method": "methods",
         "Dataset": "datasets", "Category": "categories", "Reference": "unresolved references", "Source": "sources"}


@dataclass
class Overview:
    """What the report shows, as plain data (the page is drawn from this alone)."""

    store: str
    nodes: dict[str, int]
    edges: dict[str, int]
    authors: list[dict[str, Any]]
    collaborations: list[dict[str, Any]]
    organizations: list[dict[str, Any]] | None  # None: the catalogue has no prolific-organizations question
    organization_pairs: list[dict[str, Any]]
    years: list[int]
    methods_by_year: dict[str, dict[int, int]] = field(default_factory=dict)
    datasets_by_year: dict[str, dict[int, int]] = field(default_factory=dict)


def _years(store) -> list[int]:
    """The years papers with authors were published in, the last YEARS_SHOWN of them."""
    rows = run_query(store, "prolific-authors", {"limit": EVERYTHING})
    first = [r["first_year"] for r in rows if r["first_year"] is not None]
    last = [r["last_year"] for r in rows if r["last_year"] is not None]
    if not first:
        return []
    lo, hi = min(first), max(last)
    return list(range(max(lo, hi - YEARS_SHOWN + 1), hi + 1))


def _methods_by_year(store, years: list[int], progress: Progress | None) -> dict[str, dict[int, int]]:
    if not years:
        return {}
    recent = years[-3] if len(years) >= 3 else years[0]
    top = [r["method"] for r in run_query(store, "trending-methods", {"since_year": recent, "limit": TRENDING})]
    since = {}
    for year in years + [years[-1] + 1]:
        since[year] = {r["method"]: r["papers"] for r in
                       run_query(store, "trending-methods", {"since_year": year, "limit": EVERYTHING})}
        if progress:
            progress(1)
    return {m: {y: since[y].get(m, 0) - since[y + 1].get(m, 0) for y in years} for m in top}


def _datasets_by_year(store, years: list[int], progress: Progress | None) -> dict[str, dict[int, int]]:
    if not years:
        return {}
    names = sorted({r["name"] for r in store.query("_names-dataset", {}) if r.get("name")})
    counts: dict[str, dict[int, int]] = {}
    for name in names:
        per_year: dict[int, int] = {}
        seen = set()
        for row in run_named(store, "dataset-papers", {"dataset": name}):  # by name: resolved to the key
            if row["year"] in years and (row["title"], row["year"]) not in seen:
                seen.add((row["title"], row["year"]))
                per_year[row["year"]] = per_year.get(row["year"], 0) + 1
        counts[name] = per_year
        if progress:
            progress(1)
    recent = set(years[-3:])
    ranked = sorted(counts, key=lambda n: (-sum(v for y, v in counts[n].items() if y in recent),
                                           -sum(counts[n].values()), n))
    return {n: counts[n] for n in ranked[:TRENDING] if counts[n]}


def overview(store, progress: Progress | None = None) -> Overview:
    """Everything the report shows, read from ``store``."""
    stats = store.stats()
    has_org_ranking = "prolific-organizations" in load_catalog()
    years = _years(store)

    return Overview(
        store=getattr(store, "uri", ""),
        nodes=stats["nodes"], edges=stats["edges"],
        authors=run_query(store, "prolific-authors", {"limit": TOP}),
        collaborations=run_query(store, "top-collaborations", {"limit": TOP}),
        organizations=run_query(store, "prolific-organizations", {"limit": TOP}) if has_org_ranking else None,
        organization_pairs=run_query(store, "organization-collaborations", {}),
        years=years,
        methods_by_year=_methods_by_year(store, years, progress),
        datasets_by_year=_datasets_by_year(store, years, progress),
    )


def _table(columns: list[tuple[str, str]], rows: list[dict[str, Any]], limit: int = TOP) -> str:
    if not rows:
        return '<p class="note">Nothing to show yet.</p>'
    head = "".join(f'<th class="{"n" if num else ""}">{escape(title)}</th>' for title, num in
                   ((t, isinstance(rows[0].get(c), (int, float))) for c, t in columns))
    body = []
    for row in rows[:limit]:
        cells = "".join(f'<td class="{"n" if isinstance(row.get(c), (int, float)) else ""}">'
                        f'{escape("" if row.get(c) is None else str(row.get(c)))}</td>' for c, _ in columns)
        body.append(f"<tr>{cells}</tr>")
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def organization_network(pairs: list[dict[str, Any]]) -> Network:
    """Organizations as nodes (size: papers shared with partners), pairs as edges (width: joint papers)."""
    net = Network("Organizations listed together", "organizations")
    shared: dict[str, int] = {}
    for p in pairs:
        for side in ("organization_a", "organization_b"):
            shared[p[side]] = shared.get(p[side], 0) + p["papers"]
    for name in sorted(shared, key=lambda n: (-shared[n], n)):
        net.add_node(Node(name, name, size=shared[name], group=name, ring=1))
    for p in pairs:
        net.add_edge(Edge(p["organization_a"], p["organization_b"], weight=p["papers"]))
    return net


def report_html(ov: Overview) -> str:
    """The report page for an overview."""
    n, e = ov.nodes, ov.edges
    tiles = "".join(f'<div class="tile"><b>{n.get(label, 0):,}</b><span>{plural}</span></div>'
                    for label, plural in TILES.items())
    tiles += f'<div class="tile"><b>{sum(e.values()):,}</b><span>edges</span></div>'
    authors = bar_chart([(r["author"], r["papers"]) for r in ov.authors], unit="papers")
    pairs = bar_chart([(f'{r["author_a"]} & {r["author_b"]}', r["papers"]) for r in ov.collaborations],
                      unit="joint papers", colour="#3f9b5a")
    org_pairs = ov.organization_pairs
    if org_pairs:
        net = organization_network(org_pairs[:40])
        force_layout(net, width=560, height=380, iterations=300)
        org_picture = network_svg(net, 560, 380, legend=False, heading=False)
    else:
        org_picture = '<p class="note">No paper lists two organizations yet.</p>'
    if ov.organizations is not None:
        org_ranking = bar_chart([(r["organization"], r["papers"]) for r in ov.organizations], unit="papers",
                                colour="#8a64b8")
    else:
        org_ranking = ('<p class="note">Papers per organization need the catalogue question '
                       '<code>prolific-organizations</code>, which this version does not have yet.</p>')
    years = f"{ov.years[0]}–{ov.years[-1]}" if ov.years else ""
    counts = "".join(f"<tr><td>{escape(k)}</td><td class=\"n\">{v:,}</td></tr>" for k, v in {**n}.items())
    edge_counts = "".join(f"<tr><td>{escape(k)}</td><td class=\"n\">{v:,}</td></tr>" for k, v in e.items())
    body = f"""<header class="bar"><h1>Knowledge graph report</h1><span class="sub">{escape(ov.store)}</span></header>
<main class="report">
<h2>In the graph</h2>
<div class="tiles" id="counts">{tiles}</div>
<div class="cols">
<section id="authors"><h2>Most prolific authors</h2><figure>{authors}<figcaption>papers in the graph</figcaption></figure></section>
<section id="collaborations"><h2>Strongest collaborations</h2><figure>{pairs}<figcaption>joint papers</figcaption></figure></section>
</div>
<div class="cols">
<section id="organizations"><h2>Organizations</h2>{org_ranking}</section>
<section id="organization-collaborations"><h2>Organizations listed together</h2><figure>{org_picture}
<figcaption>circle: papers shared with partners · line: joint papers</figcaption></figure>
{_table([("organization_a", "organization"), ("organization_b", "with"), ("papers", "papers")], org_pairs, 10)}</section>
</div>
<section id="methods-by-year"><h2>Trending methods by year {escape(years)}</h2><figure>{year_table(ov.methods_by_year, ov.years)}
<figcaption>papers naming the method (proposing or using it), by publication year; the methods named most in the
last three years</figcaption></figure></section>
<section id="datasets-by-year"><h2>Datasets by year {escape(years)}</h2><figure>{year_table(ov.datasets_by_year, ov.years)}
<figcaption>papers evaluating on the dataset, by publication year</figcaption></figure></section>
<div class="cols">
<section><h2>Nodes</h2><table><tbody>{counts}</tbody></table></section>
<section><h2>Edges</h2><table><tbody>{edge_counts}</tbody></table></section>
</div>
<p class="note">Made by <code>scholarkg report</code> from catalogue queries (prolific-authors, top-collaborations,
organization-collaborations, trending-methods, dataset-papers); each number can be asked again with
<code>scholarkg query</code>.</p>
</main>"""
    return html_document("scholarkg report", body)


def write_report(store, out_dir: Path, progress: Progress | None = None) -> Path:
    """Write ``out_dir/index.html`` for the graph in ``store``; returns its path."""
    ov = overview(store, progress)
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "index.html"
    page.write_text(report_html(ov), encoding="utf-8")
    return page

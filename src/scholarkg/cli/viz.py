"""`scholarkg viz coauthors|lineage` and `scholarkg report`: pictures of the graph."""
from __future__ import annotations

from pathlib import Path

import click

from ._app import main
from ._output import GivenPath, progress, quiet_option
from ._store import open_existing, store_option

OUT_HELP = "File to write: .html (interactive, works offline), .svg or .png (for papers and slides)."


@main.group()
def viz() -> None:
    """Draw parts of the graph as pictures: interactive HTML pages, SVG or PNG.

    \b
    Examples (after `scholarkg build examples/`):
      scholarkg viz coauthors "Mara Lindqvist" --out mara.html
      scholarkg viz lineage "Sparse Momentum Tuning" --out smt.svg
      scholarkg viz coauthors "Roger Grosse" --hops 1 --out grosse.png --store oxigraph:./seeds.db
    """


@viz.command("coauthors")
@click.argument("author")
@click.option("--out", "-o", required=True, type=GivenPath(dir_okay=False, path_type=Path), help=OUT_HELP)
@click.option("--hops", type=click.IntRange(1, 4), default=2, show_default=True,
              help="Co-authorship steps from AUTHOR to include.")
@click.option("--max-nodes", type=click.IntRange(2, 400), default=60, show_default=True,
              help="At most this many authors: the nearest first, then those with most joint papers.")
@store_option
@quiet_option
def coauthors_cmd(author: str, out: Path, hops: int, max_nodes: int, store_uri: str | None, quiet: bool) -> None:
    """Draw AUTHOR's co-author network: circle size = papers, line width = joint papers, colour = organization;
    hover a circle for the author's papers, a line for the joint papers.

    \b
    Examples:
      scholarkg viz coauthors "Mara Lindqvist" --out mara.html
      scholarkg viz coauthors "Roger Grosse" --out grosse.html --store oxigraph:./seeds.db
      scholarkg viz coauthors "Alexander A. Alemi" --hops 1 --max-nodes 30 --out alemi.svg --store oxigraph:./seeds.db
    """
    from ..viz import draw_coauthors

    bar = progress("reading the network", " authors", quiet)
    try:
        with open_existing(store_uri) as store:
            net = draw_coauthors(store, author, out, hops=hops, max_nodes=max_nodes, progress=bar.update)
    finally:
        bar.close()
    click.echo(f"wrote {out}: {net.subtitle}, {len(net.edges)} co-author links", err=True)


@viz.command("lineage")
@click.argument("method")
@click.option("--out", "-o", required=True, type=GivenPath(dir_okay=False, path_type=Path), help=OUT_HELP)
@click.option("--depth", type=click.IntRange(1, 5), default=3, show_default=True,
              help="EXTENDS/USES steps to follow in each direction.")
@store_option
@quiet_option
def lineage_cmd(method: str, out: Path, depth: int, store_uri: str | None, quiet: bool) -> None:
    """Draw what METHOD builds on and what builds on it, left to right by the year each method was introduced.

    \b
    Examples:
      scholarkg viz lineage Adam --depth 2 --out adam.svg
      scholarkg viz lineage "Generalized IWAE" --out iwae.html --store oxigraph:./seeds.db
    """
    from ..viz import draw_lineage

    bar = progress("reading the lineage", " methods", quiet)
    try:
        with open_existing(store_uri) as store:
            net = draw_lineage(store, method, out, depth=depth, progress=bar.update)
    finally:
        bar.close()
    hint = "" if net.edges else " — no EXTENDS or USES edges touch this method yet"
    n, e = len(net.nodes), len(net.edges)
    click.echo(f"wrote {out}: {n} method{'s' * (n != 1)}, {e} edge{'s' * (e != 1)}{hint}", err=True)


@main.command()
@click.option("--out", "-o", required=True, type=GivenPath(file_okay=False, path_type=Path),
              help="Folder to write index.html into (created if missing).")
@store_option
@quiet_option
def report(out: Path, store_uri: str | None, quiet: bool) -> None:
    """Write a one-page HTML overview of the graph: counts, top authors and collaborations, organizations and
    their collaborations, trending methods and datasets by year.

    \b
    Examples:
      scholarkg report --out report/
      scholarkg report --out seeds-report --store oxigraph:./seeds.db -q
    """
    from ..viz.report import write_report

    bar = progress("counting", " queries", quiet)
    try:
        with open_existing(store_uri) as store:
            page = write_report(store, out, progress=bar.update)
    finally:
        bar.close()
    click.echo(f"wrote {page} (open it in a browser; it needs no network)", err=True)

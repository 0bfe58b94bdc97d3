"""`scholarkg build`: parse, extract and load inputs into a store, with a progress bar and a summary."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import click

from ..errors import InputError
from ._app import ON_ERROR, check_format, main, remember_on_error, report_ignored
from ._output import GivenPath, progress, quiet_option
from ._store import store_option

SUMMARY_NODES = ("Paper", "Author", "Organization", "Method", "Dataset", "Category", "Venue", "Reference", "Source")


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=GivenPath())
@store_option
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Extraction processes on this machine (1: in this process).")
@click.option("--executor", default=None, metavar="dask://HOST:PORT",
              help="Run extraction on a Dask cluster (its scheduler's address) instead of this machine.")
@click.option("--format", "fmt", default=None, metavar="NAME", callback=check_format,
              help="Reader to use instead of detecting the layout.")
@click.option("--on-error", type=ON_ERROR, default="skip", show_default=True, callback=remember_on_error,
              help="skip: report bad records and files on stderr and go on; fail: stop at the first.")
@click.option("--no-extract", is_flag=True, help="Load records only: no methods, datasets or citations.")
@click.option("--batch-size", type=click.IntRange(1, 100000), default=500, show_default=True,
              help="Papers per write; each write lands whole or not at all.")
@click.option("--force", is_flag=True, help="Reload sources even when their bytes are unchanged.")
@click.option("--summary", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="How to print the closing summary (json: on stdout, alone).")
@click.option("--no-author-identity", is_flag=True,
              help="Skip the author identity stage: one Author per name as listed (as SCHOLARKG_AUTHOR_IDENTITY=0).")
@quiet_option
def build(inputs, store_uri, workers, executor, fmt, on_error, no_extract, batch_size, force, summary,
          no_author_identity, quiet) -> None:
    """Build (or update) the knowledge graph from paper listings.

    Re-running is safe: unchanged files are skipped, changed files replace their old graph, and a build cut
    short is completed by running it again.

    \b
    Examples:
      scholarkg build examples/profile-listing.txt
      scholarkg build ../shared/seeds --store oxigraph:./seeds.db
      scholarkg build ../shared/data/arxiv-oai-cs-2016 --workers 2
    
    With a FalkorDB server (`scholarkg falkordb start`) or a Dask scheduler of your own:
      scholarkg build ../shared/seeds --store falkordb://127.0.0.1:6379/papers
      scholarkg build ../shared/seeds --executor dask://127.0.0.1:8786
    """
    from ..build import build as run_build
    from ..stores import open_store

    folder = _oxigraph_folder(store_uri)
    new_folder = folder if folder is not None and not os.path.lexists(folder) else None
    _check_readable(inputs, fmt, folder)
    bar = progress("building", " papers", quiet)
    try:
        with open_store(store_uri) as store:
            report = run_build(inputs, store, extract=not no_extract, workers=workers, executor=executor,
                               on_error=on_error,
                               format=fmt, batch_size=batch_size, force=force, progress=bar.update,
                               author_identity=False if no_author_identity else None)
            stats = store.stats()
            uri = store.uri
            keeps_rankings = store.can("rankings")
    finally:
        bar.close()
    for err in report.errors:
        click.echo(f"scholarkg: skipped: {err}", err=True)
    report_ignored(report.ignored)
    if not (report.papers or report.sources_loaded or report.sources_unchanged):
        if new_folder is not None:  # made by this command and holding nothing: leave no empty graph behind
            shutil.rmtree(new_folder, ignore_errors=True)
        raise InputError(f"nothing was built: none of the {len(inputs)} inputs could be read (see above); "
                         "check the paths, or name a reader with --format")
    plan = store.identity_plan
    out = {
        "store": uri,
        "papers_read": report.papers,
        "sources_loaded": report.sources_loaded,
        "sources_unchanged": report.sources_unchanged,
        "sources_replaced": report.sources_replaced,
        "errors": len(report.errors),
        "seconds": round(report.seconds, 2),
        "identity_seconds": round(report.identity_seconds, 2),  # of `seconds`: the author identity stage
        "identity_parts_seconds": {k: round(t, 2) for k, t in report.identity_parts.items()},  # read, decide, write
        "rankings_seconds": round(report.finish_seconds, 2),  # of `seconds`: the method identity pass and the rankings
        "method_identity_seconds": round(store.identity_seconds, 2),  # of those: the method identity pass
        "methods_merged": len(plan.merges) if plan else 0,
        "methods_dropped": len(plan.drops) if plan else 0,
        "graph": stats,
    }
    if summary == "json":
        click.echo(json.dumps(out, indent=2))
        return
    if quiet:
        return
    rate = report.papers / report.seconds if report.seconds else 0.0
    ranking = f"; rankings refreshed in {report.finish_seconds:.1f} s" if keeps_rankings else ""
    if plan:
        ranking += (f"; method identity merged {len(plan.merges)} and dropped {len(plan.drops)} Method nodes in "
                    f"{store.identity_seconds:.1f} s")
    if report.identity_seconds:
        ranking += f"; identity stage {report.identity_seconds:.1f} s"
    click.echo(f"Built {uri}: {report.papers} papers read from {report.sources_loaded} sources in "
               f"{report.seconds:.1f} s ({rate:.0f} papers/s{ranking}); {report.sources_unchanged} unchanged, "
               f"{report.sources_replaced} replaced, {len(report.errors)} skipped with errors.", err=True)
    nodes, edges = stats["nodes"], stats["edges"]
    if nodes:
        click.echo("Graph now holds: " + ", ".join(f"{nodes.get(k, 0)} {k}" for k in SUMMARY_NODES if nodes.get(k)), err=True)
    if edges:
        click.echo("Edges: " + ", ".join(f"{v} {k}" for k, v in sorted(edges.items())), err=True)


def _oxigraph_folder(uri: str | None) -> Path | None:
    """The folder of the Oxigraph store ``uri`` names, else None."""
    from ..stores import DEFAULT_URI
    from ..stores.oxigraph import MEMORY_PATH

    scheme, _, path = (uri or os.environ.get("SCHOLARKG_STORE") or DEFAULT_URI).partition(":")
    if scheme.lower() != "oxigraph" or not path.strip() or path == MEMORY_PATH:
        return None
    return Path(path)


def _check_readable(inputs: tuple[str, ...], fmt: str | None, store_folder: Path | None) -> None:
    """Stop with exit 3, before any store is opened, when no input is in a layout scholarkg reads."""
    from ..build import readable_files

    exclude = [str(store_folder)] if store_folder is not None else []
    found, sink = readable_files(inputs, fmt, exclude)
    if found:
        return
    for err in sink.errors:
        click.echo(f"scholarkg: skipped: {err}", err=True)
    report_ignored(sink.ignored)
    what = "hold no files" if not (sink.errors or sink.ignored) else "hold no file scholarkg can read (see above)"
    raise InputError(f"nothing to build: the inputs ({', '.join(inputs)}) {what}; no store was opened. "
                     "Check the paths, or name a reader with --format")

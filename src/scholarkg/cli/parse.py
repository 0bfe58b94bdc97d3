"""`scholarkg parse`: paper records as JSON Lines."""
from __future__ import annotations

import click

from ._app import ON_ERROR, error_sink, report_skipped, write_jsonl, main


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", default=None, metavar="NAME", help="Reader to use instead of detecting the layout.")
@click.option("--on-error", type=ON_ERROR, default="fail", show_default=True,
              help="fail: stop at the first bad record; skip: report it on stderr and go on.")
def parse(inputs: tuple[str, ...], fmt: str | None, on_error: str) -> None:
    """Read paper listings and print one JSON paper record per line.

    INPUTS are files or directories (every file in them is read); .gz files are read transparently.

    \b
    Examples:
      scholarkg parse examples/profile-listing.txt
      scholarkg parse listing.txt.gz --format profile
      scholarkg parse ../shared/seeds --on-error skip > papers.jsonl
    """
    from ..sources import iter_papers

    sink = error_sink(on_error)
    write_jsonl(p.to_json() for p in iter_papers(inputs, format=fmt, errors=sink))
    report_skipped(sink, "bad inputs or records")

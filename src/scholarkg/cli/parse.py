"""`scholarkg parse`: paper records as JSON Lines."""
from __future__ import annotations

import click

from ._app import ON_ERROR, check_format, error_sink, main, remember_on_error, report_skipped, write_jsonl
from ._output import GivenPath, progress, quiet_option


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=GivenPath())
@click.option("--format", "fmt", default=None, metavar="NAME", callback=check_format,
              help="Reader to use instead of detecting the layout (the output is always JSON Lines).")
@click.option("--on-error", type=ON_ERROR, default="fail", show_default=True, callback=remember_on_error,
              help="fail: stop at the first bad record; skip: report it on stderr and go on.")
@quiet_option
def parse(inputs: tuple[str, ...], fmt: str | None, on_error: str, quiet: bool) -> None:
    """Read paper listings and print one JSON paper record per line (JSON Lines on stdout).

    INPUTS are files or directories (every file in them is read); .gz files are read transparently.
    --format names the reader of the input; the output is always JSON Lines, one record per line.

    \b
    Examples:
      scholarkg parse examples/profile-listing.txt
      scholarkg parse examples/ | jq -r '.title'
      scholarkg parse examples/profile-listing.txt --format profile > papers.jsonl
      scholarkg parse ../shared/seeds --on-error skip > papers.jsonl
    """
    from ..sources import iter_papers

    sink = error_sink(on_error)
    with progress("parsing", " papers", quiet) as bar:
        def records():
            for paper in iter_papers(inputs, format=fmt, errors=sink):
                bar.update()
                yield paper.to_json()

        write_jsonl(records())
    report_skipped(sink, "bad inputs or records")

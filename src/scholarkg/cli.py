"""The ``scholarkg`` command line: a thin click layer over the library.

Each command parses its options, calls the library, and turns a ``ScholarKGError`` into one line on
stderr and the exit code of its class. Only this module draws progress bars.
"""
from __future__ import annotations

import json
import sys
from typing import Any, Iterable

import click

from . import __version__
from .errors import ScholarKGError

ON_ERROR = click.Choice(["fail", "skip"])


class _Group(click.Group):
    """Turn library errors into one clear line and a distinct exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ScholarKGError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"scholarkg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:  # `scholarkg parse ... | head`
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scholarkg")
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Build a knowledge graph of research papers and ask it questions.

    \b
    Examples:
      scholarkg parse examples/profile-listing.txt
      scholarkg parse ../shared/seeds --on-error skip | jq .title
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _write_jsonl(rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    out = sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False))
        out.write("\n")
        n += 1
    out.flush()
    return n


def _error_sink(mode: str):
    from .sources import ErrorSink

    return ErrorSink(mode, on_report=lambda e: click.echo(f"scholarkg: skipped: {e}", err=True))


def _report_skipped(sink, what: str) -> None:
    if sink.count:
        click.echo(f"scholarkg: {sink.count} {what} skipped (see messages above)", err=True)


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
    from .sources import iter_papers

    sink = _error_sink(on_error)
    _write_jsonl(p.to_json() for p in iter_papers(inputs, format=fmt, errors=sink))
    _report_skipped(sink, "bad inputs or records")


if __name__ == "__main__":  # pragma: no cover
    main()

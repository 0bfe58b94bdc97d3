"""The click group every command hangs on, and the helpers commands share (JSON Lines output, error sinks)."""
from __future__ import annotations

import json
import sys
from typing import Any, Iterable

import click
from pathlib import Path

from .. import __version__
from ..errors import ScholarKGError

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


def write_jsonl(rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    out = sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False))
        out.write("\n")
        n += 1
    out.flush()
    return n


def error_sink(mode: str):
    from ..sources import ErrorSink

    return ErrorSink(mode, on_report=lambda e: click.echo(f"scholarkg: skipped: {e}", err=True))


def report_skipped(sink, what: str) -> None:
    if sink.ignored:
        names = ", ".join(Path(p).name for p in sink.ignored[:5]) + (", ..." if len(sink.ignored) > 5 else "")
        click.echo(f"scholarkg: note: ignored {len(sink.ignored)} files in the directories given that are in no "
                   f"known format ({names})", err=True)
    if sink.count:
        click.echo(f"scholarkg: {sink.count} {what} skipped (see messages above)", err=True)



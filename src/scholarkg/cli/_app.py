"""The click group every command hangs on, and the helpers commands share (JSON Lines output, error sinks)."""
from __future__ import annotations

import errno
import json
import os
import sys
from typing import Any, Iterable

import click
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import __version__
from ..errors import ScholarKGError, StoreFull, redact

ON_ERROR = click.Choice(["fail", "skip"])


class _Group(click.Group):
    """Turn every failure into one clear line on stderr and an exit code that says what kind it was
    (``scholarkg.errors`` lists them); ``--debug`` shows the traceback instead. Passwords never get printed."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise  # click's own exits and usage errors: click prints them
        except BrokenPipeError:  # `scholarkg parse ... | head`
            sys.stderr.close()
            ctx.exit(0)
        except KeyboardInterrupt:
            if _debug(ctx):
                raise
            click.echo("scholarkg: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            if _debug(ctx):
                raise
            message, code = describe_failure(exc)
            click.echo(f"scholarkg: error: {redact(message, _secrets())}", err=True)
            ctx.exit(code)


EXIT_UNEXPECTED = 70  # EX_SOFTWARE: a bug
EXIT_INTERRUPTED = 130


def describe_failure(exc: BaseException) -> tuple[str, int]:
    """(one-line message, exit code) for any exception that reaches the command line.

    >>> describe_failure(OSError(28, "No space left on device"))
    ('[Errno 28] No space left on device', 9)
    >>> describe_failure(KeyError("x"))[1]
    70
    """
    if isinstance(exc, ScholarKGError):
        return _one_line(str(exc)), exc.exit_code
    if isinstance(exc, OSError):  # the machine, not us: a full disk, a file that vanished, a closed socket
        code = StoreFull.exit_code if exc.errno == errno.ENOSPC else ScholarKGError.exit_code
        return _one_line(str(exc)), code
    detail = _one_line(str(exc))
    return (f"unexpected {type(exc).__name__}{': ' + detail if detail else ''} "
            f"(this is a bug in scholarkg; run with --debug for the traceback)"), EXIT_UNEXPECTED


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] + (" ..." if len(lines) > 1 else "") if lines else ""


def _debug(ctx: click.Context) -> bool:
    return bool(ctx.obj and ctx.obj.get("debug")) or os.environ.get("SCHOLARKG_DEBUG") == "1"


def _secrets() -> tuple[str, ...]:
    """Passwords the user gave us (``NEO4J_PASSWORD``, ``user:password@`` in a store URI on the command line or in
    ``SCHOLARKG_STORE``), masked in every message even where a library echoes them."""
    found = [os.environ.get("NEO4J_PASSWORD")]
    for arg in [*sys.argv[1:], os.environ.get("SCHOLARKG_STORE") or ""]:
        if "://" in arg and "@" in arg:
            try:
                password = urlsplit(arg.split("=", 1)[-1] if arg.startswith("--") else arg).password
            except ValueError:
                continue
            if password:
                found += [password, unquote(password)]
    return tuple(sorted({v for v in found if v}, key=len, reverse=True))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scholarkg")
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors (or SCHOLARKG_DEBUG=1).")
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


def report_ignored(paths: list[str]) -> None:
    """One note for the files met in input directories that are in no known format."""
    if paths:
        names = ", ".join(Path(p).name for p in paths[:5]) + (", ..." if len(paths) > 5 else "")
        click.echo(f"scholarkg: note: ignored {len(paths)} files in the directories given that are in no "
                   f"known format ({names})", err=True)


def report_skipped(sink, what: str) -> None:
    report_ignored(sink.ignored)
    if sink.count:
        click.echo(f"scholarkg: {sink.count} {what} skipped (see messages above)", err=True)



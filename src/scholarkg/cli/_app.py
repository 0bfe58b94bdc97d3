"""The click group every command hangs on, and the helpers commands share (JSON Lines output, error sinks)."""
from __future__ import annotations

import errno
import json
import logging
import os
import sys
from typing import Any, Iterable

import click
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import __version__
from ..errors import (InputError, MissingInput, NotInGraph, ScholarKGError, StoreAuthError, StoreFull, StoreUnavailable,
                      UnknownStoreURI, redact)

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
            step = next_step(exc, ctx.obj or {})
            if step:
                message = f"{message.rstrip('.')}. {step}"
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


_LISTS = {  # label -> a command that lists the names the graph holds
    "Author": "scholarkg query prolific-authors -p limit=100",
    "Organization": "scholarkg query prolific-organizations -p limit=100",
    "Method": "scholarkg query methods",
    "Dataset": "scholarkg query datasets",
}
_BY_NAME = {"Method", "Dataset"}  # their questions also filter by a part of the name


def next_step(exc: BaseException, seen: dict[str, Any]) -> str | None:
    """What the user can do about ``exc``, as one sentence; None when the message already says it.

    ``seen`` holds what the command line was given (``store_uri``, ``on_error``). The library's messages say what
    went wrong; this says what to run next, which depends on how scholarkg was called.

    >>> next_step(StoreUnavailable("cannot reach FalkorDB at falkordb://127.0.0.1:6379/g"), {"store_uri": "falkordb://h:6379/g"})
    'Is it running? `scholarkg falkordb start` starts one on this machine.'
    >>> next_step(NotInGraph("Author", "Ada"), {})
    '`scholarkg query prolific-authors -p limit=100` lists the authors it holds.'
    >>> next_step(KeyError("x"), {}) is None
    True
    """
    store = seen.get("store_uri") or os.environ.get("SCHOLARKG_STORE") or ""
    scheme = store.split(":", 1)[0].lower()
    if isinstance(exc, StoreAuthError):
        if scheme.startswith(("neo4j", "bolt")):
            return "Set NEO4J_USER and NEO4J_PASSWORD, or give neo4j://USER:PASSWORD@HOST:PORT."
        if scheme == "falkordb":
            return "Give the password in the URI: falkordb://:PASSWORD@HOST:PORT/GRAPH (or USER:PASSWORD@)."
        return None
    if isinstance(exc, StoreUnavailable):
        if scheme == "falkordb":
            return "Is it running? `scholarkg falkordb start` starts one on this machine."
        if scheme.startswith(("neo4j", "bolt")):
            return ("Is Neo4j running? `scholarkg neo4j start` starts one on this machine (Java 17+ and Maven), "
                    "or `docker compose -f docker/compose.yml up -d neo4j`.")
        return "Is the server running at that address? Check the host, port and path of --store."
    if isinstance(exc, UnknownStoreURI):
        return "For example --store oxigraph:./scholarkg.db (a folder) or --store falkordb://127.0.0.1:6379/scholarkg."
    if isinstance(exc, NotInGraph):
        if exc.close:
            return None  # the message lists the names that come near
        listing = _LISTS.get(exc.label)
        if listing and exc.label in _BY_NAME:
            return (f"`{listing}` lists the {exc.label.lower()}s it holds (`-p name=TEXT`: those whose name or "
                    f"an alias contains TEXT).")
        return (f"`{listing}` lists the {exc.label.lower()}s it holds." if listing
                else "Check the spelling (case does not matter).")
    if isinstance(exc, InputError) and exc.path and seen.get("on_error") == "fail":
        if exc.says_what_to_do:  # a PDF, a URL, an arXiv id: the message says what to give instead
            return None
        if isinstance(exc, MissingInput):
            return "Check the path."
        return "Fix or remove it, or pass --on-error skip to read the rest."
    return None


_NOT_FORMATS = {  # --format values people try, and what to do instead
    "pdf": "scholarkg reads no PDFs: export the paper's BibTeX or fetch its arXiv or OpenAlex record",
    "csv": "scholarkg reads no CSV: give BibTeX, arXiv or OpenAlex records",
    "json": "JSON comes in several layouts: openalex, semantic-scholar or arxiv-json",
    "xml": "XML comes in several layouts: arxiv-oai, arxiv-atom or dblp",
}


def check_format(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--format NAME`` of the readers: an unknown name is a bad option (exit 2) saying which names there are."""
    from ..sources import READERS

    if value is None or value in READERS:
        return value
    hint = _NOT_FORMATS.get(value.strip().lower())
    raise click.BadParameter(f"unknown format {value!r}{'; ' + hint if hint else ''} (known: {', '.join(READERS)})",
                             ctx=ctx, param=param)


def remember_on_error(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if isinstance(ctx.obj, dict):
        ctx.obj["on_error"] = value
    return value


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
    The main workflow, build -> query -> viz (the graph goes to ./scholarkg.db unless --store names another):
      scholarkg build examples/
      scholarkg queries
      scholarkg query coauthors -p author="Mara Lindqvist"
      scholarkg viz coauthors "Mara Lindqvist" --out mara.html
      scholarkg report --out report/

    \b
    Examples:
      scholarkg parse examples/profile-listing.txt | jq .title
      scholarkg stats --format json | jq .nodes
      scholarkg falkordb start && scholarkg build examples/ --store falkordb://127.0.0.1:6379/scholarkg

    Run `scholarkg COMMAND --help` for a command's options and examples. Data goes to stdout, progress and
    messages to stderr; colours only on a terminal (NO_COLOR=1 turns them off).
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug or os.environ.get("SCHOLARKG_DEBUG") == "1"
    if not ctx.obj["debug"] and not logging.getLogger().handlers:
        # Drivers log their own account of a failure (neo4j: "Unable to retrieve routing information") through
        # logging's last-resort handler, on top of our one line; --debug lets them speak.
        logging.getLogger().addHandler(logging.NullHandler())


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



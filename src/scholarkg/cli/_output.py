"""What every command shares for printing: rows as table, JSON or CSV, colours, progress bars, ``--quiet``.

Data goes to stdout; progress, notes and summaries go to stderr, so ``--format json | jq`` always sees JSON only.
"""
from __future__ import annotations

import csv
import json
import os
import sys
from typing import Any, Callable, Iterable

import click

ROW_FORMATS = ("table", "json", "csv")


def format_option(*choices: str, default: str = "table", what: str = "the rows"):
    """The ``--format`` option of a command that prints data (choices default to table, json and csv)."""
    choices = choices or ROW_FORMATS
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
                        help=f"How to print {what}: " + ", ".join(_FORMAT_HELP[c] for c in choices) + ".")


_FORMAT_HELP = {
    "table": "table (aligned text for reading)",
    "json": "json (one JSON document on stdout)",
    "csv": "csv (a header line, then one line per row)",
}

# A command that writes a file still names it (its one result line); everything else on stderr but warnings goes.
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress bar and no notes on stderr.")


class GivenPath(click.Path):
    """A path argument or option that may not be empty or blank: ``""`` would mean the current folder to the
    operating system (a build of ``""`` read the store it was writing), and is almost always an unset variable."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("an empty path names nothing; give a file or folder (`.` for the current folder)", param, ctx)
        return super().convert(value, param, ctx)


def use_colour(err: bool = False) -> bool:
    """Colours only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org).

    >>> use_colour()  # doctests print into a buffer, not a terminal
    False
    """
    if os.environ.get("NO_COLOR"):
        return False
    stream = sys.stderr if err else sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def style(text: str, err: bool = False, **how: Any) -> str:
    """``text`` styled like ``click.style`` when the stream it goes to shows colours, else unchanged.

    >>> style("Nodes", bold=True)  # doctests print into a buffer: no colours
    'Nodes'
    """
    return click.style(text, **how) if use_colour(err) else text


def progress(desc: str, unit: str, quiet: bool = False, total: int | None = None):
    """A tqdm bar on stderr: off with ``--quiet``; otherwise shown only when stderr is a terminal, unless
    ``SCHOLARKG_PROGRESS=1`` forces it (for logs of long runs) or ``SCHOLARKG_PROGRESS=0`` turns it off.

    >>> with progress("reading", " papers", quiet=True) as bar:
    ...     bar.update(3)
    """
    from tqdm import tqdm

    forced = os.environ.get("SCHOLARKG_PROGRESS")
    disable = True if quiet or forced == "0" else (False if forced == "1" else None)  # None: tty only
    return tqdm(total=total, unit=unit, desc=desc, disable=disable, dynamic_ncols=True, leave=False,
                file=sys.stderr)


def note(message: str, quiet: bool = False) -> None:
    """An informational line on stderr (a summary, "wrote FILE"), left out with ``--quiet``."""
    if not quiet:
        click.echo(message, err=True)


# how a table shows a list: a path is a chain of names, any other list (aliases, organizations) a set of them
_JOINED = {"path": " → "}


def _cell(value: Any, column: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return _JOINED.get(column, ", ").join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def format_table(columns: list[str], rows: list[dict[str, Any]], max_width: int = 60) -> str:
    """Rows as an aligned text table (numbers right-aligned, long cells cut with an ellipsis).

    >>> print(format_table(["name", "papers"], [{"name": "Juhan Bae", "papers": 10}]))
    name       papers
    ---------  ------
    Juhan Bae      10
    """
    cells = [[_cell(r.get(c), c) for c in columns] for r in rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    numeric = [bool(rows) and all(isinstance(r.get(c), (int, float)) or r.get(c) is None for r in rows)
               and not all(isinstance(r.get(c), bool) for r in rows) for c in columns]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    return "\n".join(out)


def write_csv(columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    """Rows as CSV on stdout; list values as JSON arrays so they survive a round trip.

    >>> write_csv(["a", "b"], [{"a": 1, "b": ["x", "y"]}])
    a,b
    1,"[""x"", ""y""]"
    """
    writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                         for k, v in row.items()})


def emit_rows(columns: list[str], rows: list[dict[str, Any]], fmt: str, *,
              document: Any = None, table: Callable[[], str] | None = None) -> None:
    """Print ``rows`` in ``fmt``: json prints ``document`` (default: the rows), table prints ``table()``
    (default: ``format_table``), csv one line per row.

    >>> emit_rows(["n"], [{"n": 1}], "json")
    [
      {
        "n": 1
      }
    ]
    """
    if fmt == "json":
        click.echo(json.dumps(rows if document is None else document, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        write_csv(columns, rows)
    else:
        click.echo(table() if table else (format_table(columns, rows) if rows else "(no rows)"))

"""`scholarkg query` and `scholarkg queries`: the named questions of the catalogue."""
from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click

from ._app import main
from ._store import store_option


def _param(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected K=V, got {item!r}", param_hint="--param")
        out[key.strip()] = value
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " → ".join(_cell(v) for v in value)
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
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    numeric = [bool(rows) and all(isinstance(r.get(c), (int, float)) or r.get(c) is None for r in rows)
               and not all(isinstance(r.get(c), bool) for r in rows) for c in columns]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    return "\n".join(out)


@main.command("query")
@click.argument("name")
@store_option
@click.option("--param", "-p", "params", multiple=True, metavar="K=V", help="A query parameter; repeat for more.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def query_cmd(name: str, store_uri: str | None, params: tuple[str, ...], fmt: str) -> None:
    """Answer a named question from the catalogue (see `scholarkg queries`).

    Entity parameters take what users know: an author by name, a method by any alias.

    \b
    Examples:
      scholarkg query coauthors --param author="Roger Grosse"
      scholarkg query collaboration-distance -p a="Ben Adlam" -p b="Alexander A. Alemi"
      scholarkg query method-papers -p method=KFAC --format json | jq '.[].title'
      scholarkg query top-collaborations -p limit=5 --format csv > pairs.csv
    """
    from ..catalog import get_spec, run_query
    from ..stores import open_store

    spec = get_spec(name)
    with open_store(store_uri) as store:
        rows = run_query(store, name, _param(params))
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=spec.columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for k, v in row.items()})
    else:
        click.echo(format_table(spec.columns, rows) if rows else "(no rows)")
        click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", err=True)


@main.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def queries_cmd(fmt: str) -> None:
    """List the catalogue: every question with its parameters and result columns.

    \b
    Examples:
      scholarkg queries
      scholarkg queries --format json | jq '.[].name'
    """
    from ..catalog import load_catalog

    catalog = load_catalog()
    if fmt == "json":
        out = [
            {
                "name": s.name, "group": s.group, "description": s.description,
                "params": [{"name": p.name, "type": p.type, "required": p.required,
                            "default": None if p.required else p.default, "description": p.description} for p in s.params],
                "columns": s.columns, "order": s.order,
            }
            for s in catalog.values()
        ]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for group in ("collaboration", "lineage"):
        click.echo(click.style(f"{group.title()} questions", bold=True))
        for s in (s for s in catalog.values() if s.group == group):
            sig = ", ".join(p.name if p.required else f"{p.name}={p.default}" for p in s.params)
            click.echo(f"  {click.style(s.name, fg='cyan')}({sig}) -> {', '.join(s.columns)}")
            click.echo(f"      {s.description}")
        click.echo()

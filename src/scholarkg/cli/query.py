"""`scholarkg query` and `scholarkg queries`: the named questions of the catalogue."""
from __future__ import annotations

import sys
from typing import Any

import click

from ._app import main
from ._output import emit_rows, format_option, format_table, note, style
from ._store import open_existing, store_option

__all__ = ["format_table"]  # tests and other tools format rows with it too


def _param(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected K=V, got {item!r}; for example --param author=\"Roger Grosse\" "
                                     "(`scholarkg queries` lists each query's parameters)", param_hint="--param")
        out[key.strip()] = value
    return out


@main.command("query")
@click.argument("name")
@store_option
@click.option("--param", "-p", "params", multiple=True, metavar="K=V", help="A query parameter; repeat for more.")
@format_option()
@click.option("--quiet", "-q", is_flag=True, help="Leave out the row count on stderr.")
def query_cmd(name: str, store_uri: str | None, params: tuple[str, ...], fmt: str, quiet: bool) -> None:
    """Answer a named question from the catalogue (`scholarkg queries` lists them with their parameters).

    Entity parameters take what users know: an author by name, a method by any alias.

    \b
    Examples (after `scholarkg build examples/`):
      scholarkg query coauthors --param author="Mara Lindqvist"
      scholarkg query methods -p name=adam
      scholarkg query datasets --format csv > datasets.csv
      scholarkg query method-papers -p method=K-FAC --format json | jq -r '.[].title'
      scholarkg query top-collaborations -p limit=5 --format csv > pairs.csv

    \b
    Examples (after `scholarkg build ../shared/seeds --store oxigraph:./seeds.db`):
      scholarkg query coauthors -p author="Roger Grosse" --store oxigraph:./seeds.db
      scholarkg query collaboration-distance -p a="Ben Adlam" -p b="Alexander A. Alemi" --store oxigraph:./seeds.db
    """
    from ..catalog import get_spec, run_query

    spec = get_spec(name)
    with open_existing(store_uri) as store:
        rows = run_query(store, name, _param(params))
    emit_rows(spec.columns, rows, fmt)
    sys.stdout.flush()  # the data first, then the count (on stderr, so `--format json | jq` reads JSON only)
    note(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", quiet)


@main.command("queries")
@format_option(what="the catalogue (csv: one line per query, parameters as name=default)")
def queries_cmd(fmt: str) -> None:
    """List the catalogue: every question with its parameters and result columns.

    \b
    Examples:
      scholarkg queries
      scholarkg queries --format json | jq -r '.[].name'
      scholarkg queries --format csv > catalogue.csv
    """
    from ..catalog import load_catalog

    catalog = load_catalog()
    out: list[dict[str, Any]] = [
        {
            "name": s.name, "group": s.group, "description": s.description,
            "params": [{"name": p.name, "type": p.type, "required": p.required,
                        "default": None if p.required else p.default, "description": p.description} for p in s.params],
            "columns": s.columns, "order": s.order,
        }
        for s in catalog.values()
    ]
    flat = [{**row, "params": " ".join(_signature(p) for p in row["params"]), "columns": " ".join(row["columns"])}
            for row in out]

    def table() -> str:
        lines = []
        for group in ("collaboration", "lineage"):
            lines.append(style(f"{group.title()} questions", bold=True))
            for s in (s for s in catalog.values() if s.group == group):
                sig = ", ".join(_signature({"name": p.name, "required": p.required, "default": p.default})
                                for p in s.params)
                lines.append(f"  {style(s.name, fg='cyan')}({sig}) -> {', '.join(s.columns)}")
                lines.append(f"      {s.description}")
            lines.append("")
        return "\n".join(lines)

    emit_rows(["name", "group", "params", "columns", "description"], flat, fmt, document=out, table=table)


def _signature(param: dict) -> str:
    """``name`` for a required parameter, ``name=default`` for one with a default, ``name?`` for one that may be
    left out (its default is null: the question then covers everything).

    >>> _signature({"name": "limit", "required": False, "default": 20}), _signature({"name": "name", "required": False, "default": None})
    ('limit=20', 'name?')
    """
    if param["required"]:
        return param["name"]
    return f"{param['name']}?" if param["default"] is None else f"{param['name']}={param['default']}"

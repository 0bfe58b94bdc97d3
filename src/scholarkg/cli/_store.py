"""The ``--store`` option every store command shares, and opening a store that must already hold a graph."""
from __future__ import annotations

import os
from pathlib import Path

import click


def _remember(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.strip():  # `--store ""` (an unset shell variable): never the default store
        raise click.BadParameter("an empty store URI names no store; give one, e.g. --store oxigraph:./scholarkg.db",
                                 ctx=ctx, param=param)
    # The group reads it back to say what to do next when the store fails (start FalkorDB, build first, ...).
    if isinstance(ctx.obj, dict):
        ctx.obj["store_uri"] = value
    return value


store_option = click.option(
    "--store", "store_uri", default=None, metavar="URI", envvar="SCHOLARKG_STORE", show_envvar=True,
    callback=_remember, expose_value=True,
    help="oxigraph:PATH (default oxigraph:./scholarkg.db), sparql+http://HOST:PORT/PATH, neo4j://HOST:PORT, "
         "bolt://HOST:PORT or falkordb://HOST:PORT/GRAPH. SPARQL servers: sparql+http://HOST:7878 (Oxigraph), "
         "sparql+http://HOST:3030/DATASET?server=fuseki, sparql+http://HOST:8890?server=virtuoso, "
         "sparql+http://HOST:7200/repositories/REPO?server=graphdb; login from SCHOLARKG_SPARQL_USER and "
         "SCHOLARKG_SPARQL_PASSWORD (Basic or Digest).",
)


def require_graph(uri: str | None) -> None:
    """Raise ``ConfigError`` saying how to build one when ``uri`` names an Oxigraph folder that does not exist
    (opening it would create a new, empty store, and a mistyped path would answer "no rows").

    >>> require_graph("oxigraph:/nonexistent/kg.db")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    scholarkg.errors.ConfigError: no graph at /nonexistent/kg.db: build one with `scholarkg build INPUT... --store oxigraph:...
    """
    from ..errors import ConfigError
    from ..stores import DEFAULT_URI
    from ..stores.oxigraph import MEMORY_PATH  # (a blank path: opening the store says what to give instead)

    given = uri or os.environ.get("SCHOLARKG_STORE")
    resolved = given or DEFAULT_URI
    scheme, _, path = resolved.partition(":")
    if scheme.lower() == "oxigraph" and path.strip() and path != MEMORY_PATH and not Path(path).is_dir():
        flag = f" --store {resolved}" if given else ""
        raise ConfigError(f"no graph at {path}: build one with `scholarkg build INPUT...{flag}`, "
                          f"or name another with --store")


def open_existing(uri: str | None):
    """Open the store ``uri`` names for reading, after ``require_graph``."""
    from ..stores import open_store

    require_graph(uri)
    return open_store(uri)

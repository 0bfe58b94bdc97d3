"""The ``--store`` option every store command shares."""
from __future__ import annotations

import click

store_option = click.option(
    "--store", "store_uri", default=None, metavar="URI", envvar="SCHOLARKG_STORE", show_envvar=True,
    help="oxigraph:PATH (default oxigraph:./scholarkg.db), sparql+http://HOST:PORT/PATH, neo4j://HOST:PORT, "
         "bolt://HOST:PORT or falkordb://HOST:PORT/GRAPH.",
)

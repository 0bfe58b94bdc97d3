"""`scholarkg stats`, `export`, `remove-source`, `refresh`, `validate`, `serve`: looking at and editing a store."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ._app import main
from ._output import GivenPath, emit_rows, format_option, progress, quiet_option, style
from ._store import open_existing, require_graph, store_option

EXPORT_FORMATS = ["nq", "nt", "ttl", "jsonld", "graphml", "neo4j-csv"]


@main.command()
@store_option
@format_option(what="the counts (csv: kind,label,count lines)")
def stats(store_uri, fmt) -> None:
    """Count nodes by label and edges by type.

    \b
    Examples:
      scholarkg stats
      scholarkg stats --format json | jq .nodes.Paper
      scholarkg stats --store oxigraph:./seeds.db --format csv
    """
    with open_existing(store_uri) as store:
        counts = store.stats()
        counts["sources"] = len(store.sources())
    rows = [{"kind": part[:-1], "label": k, "count": v} for part in ("nodes", "edges") for k, v in counts[part].items()]
    rows.append({"kind": "source", "label": "", "count": counts["sources"]})

    def table() -> str:
        width = max([len(k) for part in ("nodes", "edges") for k in counts[part]] + [7])
        lines = []
        for part in ("nodes", "edges"):
            lines.append(style(part.title(), bold=True))
            lines += [f"  {k:<{width}}  {v:>9,}" for k, v in counts[part].items()]
        lines.append(f"{counts['sources']} sources")
        return "\n".join(lines)

    emit_rows(["kind", "label", "count"], rows, fmt, document=counts, table=table)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="nq: sorted N-Quads with one named graph per source; nt, ttl, jsonld: the merged graph (RDF "
                   "stores); graphml: one GraphML file; neo4j-csv: a directory of neo4j-admin import files and "
                   "import.sh (any store).")
@click.option("--array-delimiter", default="auto", show_default=True, metavar="CHAR",
              help="neo4j-csv: the character between array items (import.sh passes the same one to neo4j-admin); "
                   "auto: the first of ; | ¦ § ¤ that no item holds.")
@click.argument("out", type=GivenPath(allow_dash=True))
@quiet_option
def export(store_uri, fmt, array_delimiter, out, quiet) -> None:
    """Write the whole graph to OUT ("-" for stdout; a directory for neo4j-csv).

    \b
    Examples:
      scholarkg export --format nq graph.nq
      scholarkg export --format ttl - | head -20
      scholarkg export --format graphml graph.graphml
      scholarkg export --format neo4j-csv neo4j-import/   # then: neo4j-import/import.sh
    """
    from ..errors import ConfigError

    if fmt in ("graphml", "neo4j-csv"):
        from ..export import export_property_graph

        with open_existing(store_uri) as store:
            done = export_property_graph(store, fmt, out, array_delimiter=array_delimiter)
        if out != "-":
            where = f"{out} ({len(done['files'])} files; load with {Path(out) / 'import.sh'})" if fmt == "neo4j-csv" else out
            n, e = done["nodes"], done["edges"]
            click.echo(f"wrote {n} node{'s' * (n != 1)} and {e} edge{'s' * (e != 1)} to {where}", err=True)
        return
    with open_existing(store_uri) as store:
        if not store.can("rdf"):
            raise ConfigError(f"{store.uri} cannot export RDF formats; export it with --format graphml or neo4j-csv")
        if out == "-":
            store.dump(sys.stdout, fmt)
        else:
            with open(out, "w", encoding="utf-8") as f, progress("exporting", "B", quiet) as bar:
                store.dump(_Counted(f, bar), fmt)
            click.echo(f"wrote {out}", err=True)


class _Counted:
    """A text file that counts what is written to it on a progress bar (the RDF writers have no hook of their own)."""

    def __init__(self, file, bar):
        self.file, self.bar = file, bar

    def write(self, text: str) -> int:
        self.bar.update(len(text))
        return self.file.write(text)

    def __getattr__(self, name):
        return getattr(self.file, name)


@main.command("remove-source")
@click.argument("source")
@store_option
def remove_source(source, store_uri) -> None:
    """Remove what only SOURCE asserted. SOURCE is a source key or the path the file was loaded from.

    \b
    Examples:
      scholarkg remove-source examples/profile-listing.txt
      scholarkg remove-source ../shared/seeds/004_1528f3380a3e320a.txt --store oxigraph:./seeds.db
      scholarkg remove-source 051512393f857a06e7e483db --store oxigraph:./seeds.db
    """
    from ..stores.changes import remove_source as remove

    with open_existing(store_uri) as store:
        done = remove(store, source)
    keys, removed = done.keys, done.removed
    click.echo(f"removed source {', '.join(keys)} ({removed} statements)", err=True)


@main.command()
@store_option
def refresh(store_uri) -> None:
    """Run the corpus-wide passes again (author identity, method identity) and recompute the rankings every
    store keeps for the questions that rank the whole graph.

    build and remove-source do this themselves; run it after changing a store by other means (your own SPARQL
    updates or Cypher writes).

    \b
    Examples:
      scholarkg refresh
      scholarkg refresh --store oxigraph:./seeds.db
    """
    from ..stores.changes import refresh as run_refresh

    with open_existing(store_uri) as store:
        done = run_refresh(store)
        uri = store.uri
    click.echo(f"identity stage: {done.identity_seconds:.1f} s; method identity: merged {done.methods_merged} "
               f"and dropped {done.methods_dropped} Method nodes in {done.method_identity_seconds:.1f} s", err=True)
    if done.depths is None:
        click.echo(f"{uri} answers every ranking question from the graph; no rankings to refresh", err=True)
        return
    depths = ", ".join(f"{what} {'all' if depth is None else depth}" for what, depth in done.depths.items())
    click.echo(f"rankings refreshed in {done.seconds:.1f} s (kept: {depths})", err=True)


@main.command()
@store_option
def validate(store_uri) -> None:
    """Check the graph against the SHACL shapes in schema/shapes.ttl (exit 1 on any violation).

    \b
    Examples:
      scholarkg validate
      scholarkg validate --store oxigraph:./seeds.db
    """
    from ..validate import validate_store

    with open_existing(store_uri) as store:
        conforms, text = validate_store(store)
    if conforms:
        click.echo("the graph conforms to schema/shapes.ttl")
        return
    click.echo(text)
    raise SystemExit(1)


@main.command()
@store_option
@click.option("--bind", default="127.0.0.1:7878", show_default=True, metavar="HOST:PORT",
              help="Address to listen on; anything but loopback exposes the graph to the network.")
@click.option("--writable", is_flag=True, help="Accept SPARQL updates on /update (read-only otherwise).")
@click.option("--max-rows", type=click.IntRange(1), default=10000, show_default=True, help="Rows per answer at most.")
@click.option("--timeout", type=click.FloatRange(0.1), default=30.0, show_default=True,
              help="Seconds a query may spend producing rows.")
def serve(store_uri, bind, writable, max_rows, timeout) -> None:
    """Serve the graph as a SPARQL endpoint with a query page.

    \b
    Examples:
      scholarkg serve                       # then open http://127.0.0.1:7878/
      scholarkg serve --store oxigraph:./seeds.db --bind 127.0.0.1:8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:7878/query
    """
    from ..errors import ConfigError
    from ..serve import make_server
    from ..stores import DEFAULT_URI

    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError(f"--bind must be HOST:PORT, not {bind!r}; for example --bind 127.0.0.1:7878")
    require_graph(store_uri)
    server = make_server(store_uri or DEFAULT_URI, (host, int(port)), writable=writable, max_rows=max_rows,
                         timeout=timeout)
    mode = "read-write" if writable else "read-only"
    click.echo(f"SPARQL endpoint ({mode}) on http://{host}:{server.server_port}/query — query page at "
               f"http://{host}:{server.server_port}/ (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

"""`scholarkg extract` and `scholarkg eval extraction`."""
from __future__ import annotations

import json

import click

from ._app import ON_ERROR, error_sink, main, report_skipped, write_jsonl


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", default=None, metavar="NAME", help="Reader to use instead of detecting the layout.")
@click.option("--on-error", type=ON_ERROR, default="fail", show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="spaCy processes.")
def extract(inputs, fmt, on_error, workers) -> None:
    """Print each paper record with the methods, datasets, relations and citations found in it (JSON Lines).

    \b
    Examples:
      scholarkg extract examples/profile-listing.txt | jq '.methods[] | [.name, .role]'
      scholarkg extract ../shared/seeds --workers 2 > extracted.jsonl
    """
    from ..extract import extract_many
    from ..sources import iter_papers

    sink = error_sink(on_error)
    papers = iter_papers(inputs, format=fmt, errors=sink)

    def rows():
        chunk = []
        for paper in papers:
            chunk.append(paper)
            if len(chunk) == 256:
                yield from _rows(chunk)
                chunk = []
        yield from _rows(chunk)

    def _rows(chunk):
        for paper, ex in zip(chunk, extract_many(chunk, n_process=workers)):
            yield {**paper.to_json(), **ex.to_json()}

    write_jsonl(rows())
    report_skipped(sink, "bad inputs or records")


@main.group("eval")
def eval_group() -> None:
    """Measure scholarkg against annotated data."""


@eval_group.command("extraction")
@click.option("--gold", "gold", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Annotated abstracts: our gold JSON, SciERC JSON Lines or DataFinder JSON Lines.")
@click.option("--gold-format", type=click.Choice(["gold", "scierc", "datafinder"]), default=None,
              help="Format of --gold (detected when omitted).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_extraction(gold, gold_format, fmt) -> None:
    """Precision, recall and F1 of the extractor, per type and role.

    \b
    Examples:
      scholarkg eval extraction --gold ../shared/gold/extraction_dev.json
      scholarkg eval extraction --gold ../shared/data/scierc/dev.json --format json
    """
    from pathlib import Path

    from ..extract import extract_many
    from ..extract.evaluate import as_papers, evaluate, load_gold

    kind, docs = load_gold(Path(gold), gold_format)
    scores = evaluate(docs, extract_many(list(as_papers(docs))))
    if fmt == "json":
        click.echo(json.dumps({"gold": gold, "format": kind, "documents": len(docs), "scores": scores}, indent=2))
        return
    click.echo(f"{gold} ({kind}, {len(docs)} documents)")
    click.echo(f"{'':28}{'precision':>10}{'recall':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    for name, s in scores.items():
        click.echo(f"{name:28}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")

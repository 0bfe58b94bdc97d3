"""`scholarkg extract` and `scholarkg eval extraction`."""
from __future__ import annotations

import click

from ._app import ON_ERROR, check_format, error_sink, main, remember_on_error, report_skipped, write_jsonl
from ._output import GivenPath, emit_rows, format_option, note, progress, quiet_option


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=GivenPath())
@click.option("--format", "fmt", default=None, metavar="NAME", callback=check_format,
              help="Reader to use instead of detecting the layout (the output is always JSON Lines).")
@click.option("--on-error", type=ON_ERROR, default="fail", show_default=True, callback=remember_on_error,
              help="fail: stop at the first bad record; skip: report it on stderr and go on.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="spaCy processes.")
@quiet_option
def extract(inputs, fmt, on_error, workers, quiet) -> None:
    """Print each paper record with the methods, datasets, relations and citations found in it (JSON Lines on
    stdout, one record per line).

    \b
    Examples:
      scholarkg extract examples/profile-listing.txt | jq -c '.methods[] | [.name, .role]'
      scholarkg extract examples/ --workers 2 > extracted.jsonl
      scholarkg extract ../shared/seeds --on-error skip -q > seeds.jsonl
    """
    from ..pipeline import extract_stream
    from ..sources import iter_papers

    sink = error_sink(on_error)
    papers = iter_papers(inputs, format=fmt, errors=sink)

    def rows(bar):
        for paper, ex in extract_stream(papers, workers=workers):
            bar.update()
            yield {**paper.to_json(), **ex.to_json()}

    with progress("extracting", " papers", quiet) as bar:
        write_jsonl(rows(bar))
    report_skipped(sink, "bad inputs or records")


@main.group("eval")
def eval_group() -> None:
    """Measure scholarkg against annotated data.

    \b
    Examples:
      scholarkg eval extraction --gold ../shared/gold/extraction_dev.json
    """


SCORE_COLUMNS = ["name", "precision", "recall", "f1", "tp", "fp", "fn"]


@eval_group.command("extraction")
@click.option("--gold", "gold", required=True, type=GivenPath(exists=True, dir_okay=False),
              help="Annotated abstracts: our gold JSON, SciERC JSON Lines or DataFinder JSON Lines.")
@click.option("--gold-format", type=click.Choice(["gold", "scierc", "datafinder"]), default=None,
              help="Format of --gold (detected when omitted).")
@format_option(what="the scores (csv: one line per type and role)")
@quiet_option
def eval_extraction(gold, gold_format, fmt, quiet) -> None:
    """Precision, recall and F1 of the extractor, per type and role, and per rule ("rule=NAME": what the rule
    proposed before the resolver decided).

    \b
    Examples:
      scholarkg eval extraction --gold ../shared/gold/extraction_dev.json
      scholarkg eval extraction --gold ../shared/data/datafinder/abstracts_datasets_dev.jsonl --format json | jq .scores
      scholarkg eval extraction --gold ../shared/gold/extraction_dev.json --format csv > scores.csv
    """
    from pathlib import Path

    from ..extract import extract_with_candidates
    from ..extract.evaluate import as_papers, evaluate, load_gold

    kind, docs = load_gold(Path(gold), gold_format)
    with progress("extracting", " abstracts", quiet, total=len(docs)) as bar:
        found = []
        for pair in extract_with_candidates(list(as_papers(docs))):
            bar.update()
            found.append(pair)
        scores = evaluate(docs, [ex for ex, _ in found], [c for _, c in found])
    rows = [{"name": name, **{k: s[k] for k in SCORE_COLUMNS[1:]}} for name, s in scores.items()]

    def table() -> str:
        lines = [f"{'':28}{'precision':>10}{'recall':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for r in rows:
            lines.append(f"{r['name']:28}{_score(r['precision']):>10}{_score(r['recall']):>8}{_score(r['f1']):>8}"
                         f"{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}")
        return "\n".join(lines)

    if fmt == "table":
        note(f"{gold} ({kind}, {len(docs)} documents)", quiet)
    emit_rows(SCORE_COLUMNS, rows, fmt, table=table,
              document={"gold": gold, "format": kind, "documents": len(docs), "scores": scores})


def _score(value: float | None) -> str:
    """A score to three places, or n/a where there was nothing to measure (no predictions, or no gold items).

    >>> _score(0.5), _score(None)
    ('0.500', 'n/a')
    """
    return "n/a" if value is None else f"{value:.3f}"

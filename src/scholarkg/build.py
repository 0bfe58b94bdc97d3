"""The main job: inputs -> paper records -> extraction -> GraphBatches -> a store.

Each input file is one source, keyed by the hash of its bytes. A source is written in batches of
``batch_size`` papers; each batch lands whole or not at all, and the source's last batch marks it complete.
Re-running a build skips complete sources whose bytes are unchanged, reloads incomplete ones (a crash
half-way), and replaces the graph of a file whose bytes changed.

>>> from scholarkg.stores import open_store
>>> with open_store("oxigraph:") as store:  # doctest: +ELLIPSIS
...     report = build(["examples/profile-listing.txt"], store, extract=False)
>>> report.papers
9
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import InputError
from .model import Extraction, GraphBatch, Paper
from .resolve.graph import add_paper, add_source
from .sources import ErrorSink, choose_reader, iter_papers
from .sources._io import iter_input_files
from .stores import Store, UpsertStats

Extractor = Callable[[list[Paper]], list[Extraction]]


@dataclass
class BuildReport:
    papers: int = 0
    sources_loaded: int = 0
    sources_unchanged: int = 0
    sources_replaced: int = 0
    errors: list[InputError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files in input directories with no known layout
    written: UpsertStats = field(default_factory=UpsertStats)
    seconds: float = 0.0


def source_key(path: str | Path) -> str:
    """The key of a source: the SHA-256 of its bytes (first 24 hex digits)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:24]


def default_extractor(workers: int = 1) -> Extractor:
    """The spaCy extractor (``scholarkg.extract``), run over ``workers`` processes."""
    from .extract import extract_many

    return lambda papers: list(extract_many(papers, n_process=workers))


def build(
    inputs: Iterable[str | Path],
    store: Store,
    *,
    extract: bool | Extractor = True,
    workers: int = 1,
    on_error: str = "skip",
    format: str | None = None,
    batch_size: int = 500,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BuildReport:
    """Load every input into ``store``; returns what was done. ``progress(n)`` is called as papers are written."""
    started = time.perf_counter()
    report = BuildReport()
    errors = ErrorSink(on_error)
    extractor: Extractor | None = default_extractor(workers) if extract is True else (extract or None)
    store.ensure_schema()
    loaded = {s["key"]: s for s in store.sources()}
    inputs = list(inputs)
    for path in iter_input_files(inputs, errors):
        try:
            name = choose_reader(path, format, inputs, errors)
            key = source_key(path)
        except (InputError, OSError) as exc:
            errors.report(exc if isinstance(exc, InputError) else InputError(str(exc), path=str(path)))
            continue
        if name is None:
            continue
        previous = loaded.get(key)
        if previous is not None and previous.get("complete") and not force:
            report.sources_unchanged += 1
            continue
        stale = [k for k, s in loaded.items() if k != key and Path(s["path"]).resolve() == path.resolve()]
        for old in stale + ([key] if previous is not None else []):
            store.remove_source(old)
            loaded.pop(old, None)
        report.sources_replaced += len(stale)
        for batch, count in _batches(path, name, key, errors, extractor, batch_size):
            report.written.add(store.upsert(batch))
            report.papers += count
            if progress is not None and count:
                progress(count)
        report.sources_loaded += 1  # (with --on-error fail a bad record has raised before this)
        loaded[key] = {"key": key, "path": str(path), "format": name, "complete": True}
    report.errors = errors.errors
    report.ignored = errors.ignored
    report.seconds = time.perf_counter() - started
    return report


def _batches(path: Path, name: str, key: str, errors: ErrorSink, extractor: Extractor | None,
             batch_size: int) -> Iterator[tuple[GraphBatch, int]]:
    """The GraphBatches of one source; the last one carries the Source node's ``complete`` mark."""
    papers = iter_papers([path], format=name, errors=errors)
    chunk: list[Paper] = []
    done = False
    while not done:
        chunk = []
        for paper in papers:
            chunk.append(paper)
            if len(chunk) >= batch_size:
                break
        else:
            done = True
        batch = GraphBatch(key)
        add_source(batch, str(path), name)
        extractions = extractor(chunk) if (extractor and chunk) else [None] * len(chunk)
        for paper, extraction in zip(chunk, extractions):
            add_paper(batch, paper, extraction)
        if done:
            batch.nodes[("Source", key)].props["complete"] = True
        yield batch, len(chunk)

"""The main job: inputs -> paper records -> extraction -> GraphBatches -> a store.

Each input file is one source, keyed by the hash of its bytes. A source is written in batches of
``batch_size`` papers; each batch lands whole or not at all, and a last small batch marks the source complete.
Re-running a build skips complete sources whose bytes are unchanged, reloads incomplete ones (a crash
half-way), and replaces the graph of a file whose bytes changed.

>>> from scholarkg.stores import open_store
>>> with open_store("oxigraph::memory:") as store:  # doctest: +ELLIPSIS
...     report = build(["examples/profile-listing.txt"], store, extract=False)
>>> report.papers
9
"""
from __future__ import annotations

import hashlib
import itertools
import os
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import InputError
from .model import Paper
from .pipeline import Extractor, Job, open_executor, ordered, run_job
from .sources import ErrorSink, choose_reader, iter_papers
from .sources._io import iter_input_files
from .stores import Store, UpsertStats, finish


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
    finish_seconds: float = 0.0  # of ``seconds``: bringing derived data up to date (``Store.finish_changes``)
    identity_seconds: float = 0.0  # of ``seconds``: the identity stage (``resolve.identity``), when anything changed
    identity_parts: dict[str, float] = field(default_factory=dict)  # of those: read, decide, write


def source_key(path: str | Path) -> str:
    """The key of a source: the SHA-256 of its bytes (first 24 hex digits)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:24]


def build(
    inputs: Iterable[str | Path],
    store: Store,
    *,
    extract: bool | Extractor = True,
    workers: int = 1,
    executor: str | None = None,
    on_error: str = "skip",
    format: str | None = None,
    batch_size: int = 500,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
    author_identity: bool | None = None,
) -> BuildReport:
    """Load every input into ``store``; returns what was done. ``progress(n)`` is called as papers are written.

    Chunks of ``batch_size`` papers are extracted and prepared by ``executor`` (``scholarkg.pipeline``: this
    process; ``workers`` > 1: a process pool; ``dask://HOST:PORT``: a Dask cluster) while this process reads
    the inputs and writes finished chunks in order. ``author_identity``: run the author identity stage (``None``:
    unless switched off, ``stores.author_identity_enabled``).
    """
    started = time.perf_counter()
    report = BuildReport()
    errors = ErrorSink(on_error)
    store.ensure_schema()
    plan = _plan(list(inputs), store, errors, report, format, batch_size, force, own_folders(store))
    changing = False
    writer = _Writer(store, report, progress)
    with open_executor(executor, workers) as ex:
        try:
            for kind, value in ordered(ex, plan, run_job, extract, store.preparer()):
                if kind in ("remove", "job") and not changing:
                    store.start_changes()
                    changing = True
                if kind == "remove":
                    writer.drain()  # what came before the removal lands before it
                    store.remove_source(value)
                elif kind == "job":
                    writer.add(*value)
                elif kind == "done":
                    report.sources_loaded += 1  # (with --on-error fail a bad record has raised before this)
        except Exception:
            writer.drain()  # the batches read before a bad record (--on-error fail) land, as they would one by one
            raise
        else:
            writer.drain()
        finally:
            writer.close()
    passes = finish(store, changed=changing, author_identity=author_identity)  # (finish_changes also when nothing changed: it makes missing rankings)
    report.identity_seconds = passes.get("identity", 0.0)
    report.identity_parts = {k.split(":", 1)[1]: t for k, t in passes.items() if k.startswith("identity:")}
    report.finish_seconds = passes["finish"]
    report.errors = errors.errors
    report.ignored = errors.ignored
    report.seconds = time.perf_counter() - started
    return report


GROUP_BATCHES = 8  # batches per write at most: what a build killed mid-way can lose, whatever the store
GROUP_BATCHES_ENV = "SCHOLARKG_GROUP_BATCHES"  # another limit (the kill -9 tests use 2, so kills land inside sources)


class _Writer:
    """Hands finished batches to the store in groups it writes as one (``Store.group_capacity``: a bulk load per
    group costs the embedded store less than one per batch); each batch still lands whole or not at all, and in
    order, so a source's completion mark never lands before its papers.

    A store with a group capacity is written from one thread of its own (write-behind): the embedded store lets
    other threads run while it loads, so this process goes on reading the inputs and handing chunks to the workers
    meanwhile, instead of leaving them idle for the length of every load. One thread keeps the order; at most one
    group waits behind the one being written (memory stays bounded)."""

    def __init__(self, store: Store, report: BuildReport, progress: Callable[[int], None] | None):
        self.store, self.report, self.progress = store, report, progress
        self.group: list[Any] = []
        self.limit = max(1, int(os.environ.get(GROUP_BATCHES_ENV) or GROUP_BATCHES))
        self.weight = self.papers = 0
        self.pending: deque[tuple[Future, int]] = deque()
        self.failed = False
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="scholarkg-write") if store.group_capacity else None

    def add(self, prepared: Any, papers: int) -> None:
        capacity = self.store.group_capacity
        weight = self.store.write_weight(prepared) if capacity else 0
        if self.group and (self.weight + weight > capacity or len(self.group) >= self.limit):
            self.flush()
        self.group.append(prepared)
        self.weight += weight
        self.papers += papers
        if not capacity:  # a store that writes batch by batch
            self.flush()

    def flush(self) -> None:
        """Start writing the group gathered so far (with no write thread: write it now)."""
        if not self.group:
            return
        group, papers = self.group, self.papers
        self.group, self.weight, self.papers = [], 0, 0
        if self.thread is None:
            self._done(self.store.write_group(group), papers)
            return
        while len(self.pending) > 1:
            self._collect()
        self.pending.append((self.thread.submit(self._write, group), papers))

    def drain(self) -> None:
        """Write everything handed over so far and wait until it has landed (a write's error is raised here)."""
        self.flush()
        while self.pending:
            self._collect()

    def close(self) -> None:
        """Wait for the write thread (after an error or Ctrl-C too: no write is left running behind the caller;
        a group still waiting is dropped, as if the build had stopped before it)."""
        if self.thread is not None:
            self.thread.shutdown(wait=True, cancel_futures=True)

    def _write(self, group: list[Any]) -> UpsertStats | None:
        """In the write thread. After a failed write nothing more is written (``None``): a later group may hold a
        source's completion mark, which must never land without the batches before it."""
        if self.failed:
            return None
        try:
            return self.store.write_group(group)
        except BaseException:
            self.failed = True
            raise

    def _collect(self) -> None:
        future, papers = self.pending.popleft()
        written = future.result()
        if written is not None:
            self._done(written, papers)

    def _done(self, written: UpsertStats, papers: int) -> None:
        self.report.written.add(written)
        self.report.papers += papers
        if self.progress is not None and papers:
            self.progress(papers)


def own_folders(store: Store) -> list[str]:
    """The folder a store keeps its files in (an Oxigraph store's), which a build must never read as input:
    ``scholarkg build .`` would otherwise read the store it writes."""
    path = getattr(store, "path", None)
    return [path] if isinstance(path, str) and path else []


def readable_files(inputs: Iterable[str | Path], format: str | None = None,
                   exclude: Iterable[str] = ()) -> tuple[list[Path], ErrorSink]:
    """The files among ``inputs`` that some reader takes (from their first bytes only), and a sink holding why
    the others cannot be read: a build checks this before it opens a store, so that a build of nothing readable
    (an empty folder, a PDF, a mistyped path) changes no store."""
    inputs = list(inputs)
    errors = ErrorSink("skip")
    found = []
    for path in iter_input_files(inputs, errors, exclude):
        try:
            if choose_reader(path, format, inputs, errors) is not None:
                found.append(path)
        except InputError as exc:
            errors.report(exc)
    return found, errors


def _plan(inputs: list[str | Path], store: Store, errors: ErrorSink, report: BuildReport, format: str | None,
          batch_size: int, force: bool, exclude: list[str]) -> Iterator[tuple[str, Any]]:
    """What the build does, in order: ("remove", source key), ("job", Job) per chunk, ("done", source key).
    Read lazily, so inputs are parsed only as fast as chunks get written."""
    loaded = {s["key"]: s for s in store.sources()}
    for path in iter_input_files(inputs, errors, exclude):
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
            yield "remove", old
            loaded.pop(old, None)
        report.sources_replaced += len(stale)
        errors_before, read = errors.count, 0
        for papers in _chunks(iter_papers([path], format=name, errors=errors), batch_size):
            read += len(papers)
            yield "job", Job(key, str(path), name, papers, False)
        if not read and errors.count > errors_before:
            continue  # every record was bad: the file is reported, and the store gets no source for it
        yield "job", Job(key, str(path), name, [], True)  # the Source node's `complete` mark, once all landed
        yield "done", key
        loaded[key] = {"key": key, "path": str(path), "format": name, "complete": True}


def _chunks(papers: Iterator[Paper], size: int) -> Iterator[list[Paper]]:
    """Lists of ``size`` papers.

    >>> list(_chunks(iter(range(5)), 2))
    [[0, 1], [2, 3], [4]]
    """
    while chunk := list(itertools.islice(papers, size)):
        yield chunk

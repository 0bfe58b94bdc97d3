"""Where the build's heavy work runs: extraction, graph assembly and the store's preparation of each chunk.

A *job* is one chunk of a source's papers; ``run_job`` turns it into a ``Prepared`` batch (the store's own form:
N-Quads, Cypher statements). Executors run jobs here (``inline``), on a process pool made once per build
(``--workers N``), or on a Dask cluster (``dask://HOST:PORT``); ``ordered`` keeps a bounded number of jobs in
flight and hands results back in submission order, so the writer sees exactly what a serial build would, while
memory stays bounded by the batch size and not the corpus.

>>> from scholarkg.model import Paper, SourceRef
>>> p = Paper(key="t:1", title="A Study", source=SourceRef("x", "profile", "line 1"))
>>> jobs = [("job", Job("s", "x", "profile", [p], False)), ("note", "between"), ("job", Job("s", "x", "profile", [], True))]
>>> with open_executor("inline") as ex:
...     [(kind, value if kind == "note" else (sorted(value[0].nodes), value[1]))
...      for kind, value in ordered(ex, jobs, run_job, False, _as_is)]  # doctest: +NORMALIZE_WHITESPACE
[('job', ([('Paper', 't:1'), ('Source', 's')], 1)), ('note', 'between'), ('job', ([('Source', 's')], 0))]
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from .errors import ConfigError
from .model import Extraction, GraphBatch, Paper
from .resolve.graph import add_paper, add_source

Extractor = Callable[[list[Paper]], list[Extraction]]


@dataclass
class Job:
    """A chunk of one source's papers; ``last``: the chunk marks its Source node complete (all else has landed)."""

    source_key: str
    path: str
    reader: str
    papers: list[Paper]
    last: bool


def run_job(job: Job, extract: bool | Extractor, prepare: Callable[[GraphBatch], Any]) -> tuple[Any, int]:
    """(what ``prepare`` makes of the chunk's GraphBatch, number of papers). Runs in a worker."""
    batch = GraphBatch(job.source_key)
    add_source(batch, job.path, job.reader)
    if extract is True:
        from .extract import extract_chunk  # here, not above: a build without extraction never loads spaCy

        extractions: list[Extraction | None] = list(extract_chunk(job.papers))
    elif extract and job.papers:
        extractions = list(extract(job.papers))
    else:
        extractions = [None] * len(job.papers)
    for paper, extraction in zip(job.papers, extractions):
        add_paper(batch, paper, extraction)
    if job.last:
        batch.nodes[("Source", job.source_key)].props["complete"] = True
    return prepare(batch), len(job.papers)


def _as_is(batch: GraphBatch) -> GraphBatch:
    return batch


class Executor:
    """Runs ``fn(*args)`` somewhere; ``submit`` returns a handle, ``result`` waits for it."""

    slots = 1  # jobs worth keeping in flight

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        raise NotImplementedError

    def result(self, handle: Any) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InlineExecutor(Executor):
    """In this process, at once (no job waits: what is read is written before more is read)."""

    slots = 0

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return fn, args

    def result(self, handle: Any) -> Any:
        fn, args = handle
        return fn(*args)


def _warm_worker() -> None:
    from .extract import load_pipeline

    load_pipeline()


class PoolExecutor(Executor):
    """A pool of ``workers`` processes, started once (spawned: clean processes that load the spaCy pipeline once
    each, whatever threads the parent runs)."""

    def __init__(self, workers: int):
        self.slots = 2 * workers
        self._pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_warm_worker)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self._pool.apply_async(fn, args)

    def result(self, handle: Any) -> Any:
        return handle.get()

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()


class DaskExecutor(Executor):
    """Jobs on a ``dask.distributed`` cluster at ``address`` (``tcp://HOST:PORT``). Workers need scholarkg
    installed (same version); papers travel with the jobs, so workers need no access to the input files."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError:
            raise ConfigError("--executor dask:// needs Dask: pip install 'dask[distributed]'") from None
        try:
            self._client = Client(address, timeout=20)
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}; start one with "
                              "`dask scheduler` and `dask worker ADDRESS`, or check the address") from None
        threads = sum(self._client.nthreads().values()) or 1
        self.slots = 2 * threads

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self._client.submit(fn, *args, pure=False)

    def result(self, handle: Any) -> Any:
        return handle.result()

    def close(self) -> None:
        self._client.close()


def open_executor(spec: str | None = None, workers: int = 1) -> Executor:
    """``inline`` / None (``workers`` > 1: a process pool of that size), ``processes``, or ``dask://HOST:PORT``.

    >>> open_executor("spark://x")
    Traceback (most recent call last):
    ...
    scholarkg.errors.ConfigError: unknown executor 'spark://x': use local (the default; --workers N for N processes) or dask://HOST:PORT
    """
    if spec is None or spec in ("local", "inline", "processes"):
        return PoolExecutor(workers) if workers > 1 else InlineExecutor()
    if spec.startswith("dask://"):
        return DaskExecutor("tcp://" + spec[len("dask://"):])
    if spec.startswith(("tcp://", "tls://")):
        return DaskExecutor(spec)
    raise ConfigError(f"unknown executor {spec!r}: use local (the default; --workers N for N processes) or "
                      "dask://HOST:PORT")


def ordered(executor: Executor, items: Iterable[tuple[str, Any]], fn: Callable[..., Any], *args: Any
            ) -> Iterator[tuple[str, Any]]:
    """Run ``fn(job, *args)`` for every ``("job", job)`` item, at most ``executor.slots`` at a time, and yield
    ``(kind, result)`` for every item in the order given; other items pass through as ``(kind, value)``.

    ``items`` is read lazily: a job is only read (and parsed) when a slot frees up.
    """
    pending: deque[tuple[str, Any, bool]] = deque()
    for kind, value in items:
        is_job = kind == "job"
        pending.append((kind, executor.submit(fn, value, *args) if is_job else value, is_job))
        while pending and (len(pending) > executor.slots or not pending[0][2]):
            kind0, value0, job0 = pending.popleft()
            yield kind0, executor.result(value0) if job0 else value0
    while pending:
        kind0, value0, job0 = pending.popleft()
        yield kind0, executor.result(value0) if job0 else value0


def default_workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def extract_many(papers: Iterable[Paper], *, n_process: int = 1, batch_size: int = 256) -> Iterator[Extraction]:
    """Extractions for ``papers`` in order; ``n_process`` > 1 spreads chunks of ``batch_size`` papers over a pool
    of that many processes (``open_executor``), made once for the whole stream.

    Titles and abstracts go through ``nlp.pipe`` as one stream; the paper-level rules read the original strings
    (rebuilding ``Doc.text`` costs as much as tokenizing). With several processes each worker runs the whole
    extraction on its chunks and sends back the small ``Extraction`` records, not Docs: serializing a Doc costs
    more than processing it.
    """
    for _, extraction in extract_stream(papers, workers=n_process, chunk=batch_size):
        yield extraction


def extract_stream(papers: Iterable[Paper], *, workers: int = 1, chunk: int = 256
                   ) -> Iterator[tuple[Paper, Extraction]]:
    """(paper, extraction) for a stream of papers, read lazily: at most a few chunks are held at a time."""
    from .extract import extract_chunk

    papers = iter(papers)
    chunks: deque[list[Paper]] = deque()

    def jobs() -> Iterator[tuple[str, list[Paper]]]:
        while batch := list(itertools.islice(papers, chunk)):
            chunks.append(batch)
            yield "job", batch

    with open_executor(None, workers) as executor:
        for _, extractions in ordered(executor, jobs(), extract_chunk):
            yield from zip(chunks.popleft(), extractions)

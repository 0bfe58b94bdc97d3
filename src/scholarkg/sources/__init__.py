"""Readers: one module per input format, each turning a file into a stream of ``Paper`` records.

Every reader module defines ``NAME`` (the ``--format`` name), ``sniff(head: str, path: str) -> bool``
(does this text look like my format?) and ``iter_papers(path, errors) -> Iterator[Paper]``.
Readers never import spaCy or a store.

>>> from scholarkg.sources import iter_papers
>>> for paper in iter_papers(["examples/profile-listing.txt"]):  # doctest: +SKIP
...     print(paper.title)
"""
from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType
from typing import Iterable, Iterator

from ..errors import InputError
from ..model import Paper
from ._io import ErrorSink, iter_input_files, read_head

# The reader table, in the order ``detect`` asks them: more specific formats first.
READERS: dict[str, str] = {
    "arxiv-oai": ".arxiv_oai",
    "arxiv-atom": ".arxiv_atom",
    "dblp": ".dblp",
    "arxiv-json": ".arxiv_json",
    "openalex": ".openalex",
    "semantic-scholar": ".semantic_scholar",
    "bibtex": ".bibtex",
    "pmlr": ".pmlr",  # before family-list: a PMLR page's front matter can look like a family-first list
    "profile": ".profile",
    "family-list": ".family_list",
    "trending": ".trending",
}

_LOADED: dict[str, ModuleType] = {}


def reader(name: str) -> ModuleType:
    """The reader module registered under ``name``."""
    if name not in READERS:
        known = ", ".join(sorted(READERS))
        raise InputError(f"unknown format {name!r} (known: {known})")
    if name not in _LOADED:
        _LOADED[name] = importlib.import_module(READERS[name], __name__)
    return _LOADED[name]


def detect(path: str | os.PathLike[str]) -> str:
    """The name of the reader for ``path``, decided from its first bytes (``.gz`` is looked through)."""
    head = read_head(path)
    if not head.strip():
        raise InputError("empty file", path=str(path))
    for name in READERS:
        if reader(name).sniff(head, str(path)):
            return name
    raise InputError(
        "unrecognized layout (not a listing page or a known bibliographic format; pass --format NAME)",
        path=str(path),
    )


def choose_reader(path: Path, format: str | None, inputs: list, errors: ErrorSink) -> str | None:
    """The reader for ``path``: ``format`` if given, else detected. A file found while walking a directory
    whose layout nobody knows (a LICENSE, a README beside the data) is noted in ``errors.ignored`` and gives
    None; a file named on the command line in an unknown layout is an error."""
    if format:
        return format
    try:
        return detect(path)
    except InputError as exc:
        named = any(Path(i) == path for i in inputs)
        if named or exc.message.startswith("empty file") or not exc.message.startswith("unrecognized layout"):
            raise
        errors.ignored.append(str(path))
        return None


def iter_papers(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    format: str | None = None,
    errors: ErrorSink | None = None,
) -> Iterator[Paper]:
    """Stream the papers of every input (files, directories, ``.gz``) in order.

    Bad records and unreadable files go to ``errors`` (default: raise at the first one).
    """
    errors = errors if errors is not None else ErrorSink("fail")
    inputs = list(inputs)
    for path in iter_input_files(inputs, errors):
        try:
            name = choose_reader(path, format, inputs, errors)
        except InputError as exc:
            errors.report(exc)
            continue
        if name is None:
            continue
        try:
            yield from reader(name).iter_papers(str(path), errors)
        except InputError as exc:
            errors.report(exc)
        except (OSError, UnicodeError, ValueError) as exc:  # a reader bug or I/O fault: still name the file
            errors.report(InputError(f"{type(exc).__name__}: {exc}", path=str(path)))


__all__ = ["READERS", "ErrorSink", "choose_reader", "detect", "iter_papers", "reader", "Path"]

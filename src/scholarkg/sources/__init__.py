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
import re
import zlib
from pathlib import Path
from types import ModuleType
from typing import Iterable, Iterator

from ..errors import InputError
from ..model import Paper
from ._clean import clean_value
from ._io import ErrorSink, iter_input_files, open_binary, read_head

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

# Readers whose text comes out of lxml, which refuses NUL and lone surrogates itself; the others' files are
# scanned for them first (see ``_clean``).
_XML_READERS = frozenset({"arxiv-oai", "arxiv-atom", "dblp"})
# A JSON escape of NUL or of a surrogate (paired ones are fine, but rare enough to check); a literal first, so
# the search runs at memchr speed
_UNSAFE_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")

# What a reader may raise on input it cannot read (beyond InputError): the file is reported and the next one read.
READ_FAULTS = (OSError, EOFError, zlib.error, UnicodeError, ValueError, RecursionError, MemoryError, SyntaxError)


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
    what = what_it_is(head, str(path))
    raise UnknownLayout(what or "unrecognized layout (not a listing page or a known bibliographic format; pass --format NAME)",
                        path=str(path), says_what_to_do=what is not None)


class UnknownLayout(InputError):
    """No reader takes the file (the message says what it looks like, where we can tell)."""


_GET_RECORDS = ("export its BibTeX (arXiv, Google Scholar and publishers offer it), or fetch its arXiv record "
                "(curl -o paper.xml 'https://export.arxiv.org/api/query?id_list=ID') or OpenAlex record "
                "(curl -o work.json 'https://api.openalex.org/works/doi:DOI'), and give scholarkg that file")


def _table_header(lines: list[str]) -> bool:
    """Two lines split by the same number (2+) of commas or tabs, the first of short fields (a header row)."""
    if len(lines) < 2:
        return False
    for sep in (",", "\t"):
        fields = lines[0].split(sep)
        if len(fields) >= 3 and lines[1].count(sep) >= len(fields) - 1 and all(0 < len(f.strip()) <= 30 for f in fields):
            return True
    return False


def what_it_is(head: str, path: str) -> str | None:
    """What to say about a file no reader takes when it is something users often try (a PDF, a spreadsheet, a
    saved web page): what it is, and what scholarkg reads instead. None when it is nothing we recognise.

    >>> what_it_is("%PDF-1.7 ...", "paper.pdf").split(":")[0]
    'a PDF'
    >>> what_it_is("title,authors,year\\nA,B,2020\\n", "papers.csv").split(":")[0]
    'a CSV table'
    """
    text = head.lstrip()
    if text.startswith("%PDF-"):
        return f"a PDF: scholarkg reads paper listings and bibliographic records, not PDFs; {_GET_RECORDS}"
    if path.lower().endswith((".csv", ".tsv")) or _table_header(text.splitlines()[:2]):
        return ("a CSV table: scholarkg does not read CSV; for a list of papers give their BibTeX, arXiv or OpenAlex "
                "records (OpenAlex takes a list of DOIs: curl 'https://api.openalex.org/works?filter=doi:DOI1|DOI2'), "
                "or a text listing as `scholarkg parse --help` describes")
    if text[:200].lower().startswith(("<!doctype html", "<html")):
        return ("a saved web page (HTML): scholarkg reads the text of a listing page, not its HTML; open the page, "
                "select and copy its text into a .txt file, and give scholarkg that file")
    return None


def choose_reader(path: Path, format: str | None, inputs: list, errors: ErrorSink) -> str | None:
    """The reader for ``path``: ``format`` if given, else detected. A file found while walking a directory
    whose layout nobody knows (a LICENSE, a README beside the data) is noted in ``errors.ignored`` and gives
    None; a file named on the command line in an unknown layout is an error."""
    if format:
        return format
    try:
        return detect(path)
    except UnknownLayout:
        if any(Path(i) == path for i in inputs):
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

    Bad records and unreadable files go to ``errors`` (default: raise at the first one). One path may be given as
    it is: ``iter_papers("listing.txt")`` reads that file (a string is not taken as a sequence of one-letter paths).
    """
    errors = errors if errors is not None else ErrorSink("fail")
    inputs = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    for path in iter_input_files(inputs, errors):
        try:
            name = choose_reader(path, format, inputs, errors)
        except InputError as exc:
            errors.report(exc)
            continue
        if name is None:
            continue
        try:
            yield from _checked(reader(name).iter_papers(str(path), errors), path, errors,
                                clean=name not in _XML_READERS and may_hold_unsafe_text(path))
        except InputError as exc:
            errors.report(exc)
        except READ_FAULTS as exc:  # an I/O fault, a .gz cut short, or input deep enough to exhaust the stack
            errors.report(InputError(read_fault_message(exc), path=str(path)))


def _checked(papers: Iterator[Paper], path: Path, errors: ErrorSink, *, clean: bool) -> Iterator[Paper]:
    """The reader's papers, cleaned of characters no store holds (``_clean``) when the file may have them; a
    record left without a title (it was only markup, or only NUL) is reported, never passed on."""
    for paper in papers:
        if clean:
            paper = clean_value(paper)
        if not paper.title or not paper.title.strip():
            errors.report(InputError("record has no title (nothing readable is left of it)", path=str(path),
                                     record=paper.source.record))
            continue
        yield paper


def read_fault_message(exc: BaseException) -> str:
    """One line for an unexpected failure while reading a file.

    >>> read_fault_message(RecursionError("maximum recursion depth exceeded"))
    'nested too deeply to read (RecursionError: maximum recursion depth exceeded)'
    """
    text = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, RecursionError):
        return f"nested too deeply to read ({type(exc).__name__}: {text})"
    if isinstance(exc, (EOFError, zlib.error)):
        return f"file ends early or is corrupt ({type(exc).__name__}: {text})"
    if isinstance(exc, MemoryError):
        return "out of memory while reading (a single record too large?)"
    return f"{type(exc).__name__}: {text}"


def may_hold_unsafe_text(path: str | os.PathLike[str], chunk: int = 1 << 20) -> bool:
    """Whether the file (decompressed) has a NUL byte or a JSON escape of NUL or a surrogate anywhere.

    Scanning bytes is cheap next to parsing, and lets clean records skip the per-string check.
    """
    tail = b""
    try:
        with open_binary(path) as f:
            while True:
                data = f.read(chunk)
                if not data:
                    return False
                if b"\x00" in data or _UNSAFE_ESCAPE.search(tail + data):
                    return True
                tail = data[-6:]
    except (OSError, EOFError, zlib.error):
        return True  # the reader will report the fault; cleaning what it did read is harmless


__all__ = ["READERS", "ErrorSink", "UnknownLayout", "choose_reader", "detect", "iter_papers", "reader", "Path"]

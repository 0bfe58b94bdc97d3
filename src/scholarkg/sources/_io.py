"""File handling shared by the readers: transparent ``.gz``, encodings, directory walks, error policy."""
from __future__ import annotations

import codecs
import errno
import gzip
import io
import os
import re
from pathlib import Path
from typing import IO, AbstractSet, Iterable, Iterator

from ..errors import InputError, MissingInput

HEAD_BYTES = 64 * 1024


class ErrorSink:
    """Where bad records go: ``fail`` raises the first one, ``skip`` counts them and goes on.

    >>> sink = ErrorSink("skip")
    >>> sink.report(InputError("no title", path="a.txt", record="line 3"))
    >>> sink.count
    1
    """

    def __init__(self, mode: str = "fail", *, on_report=None):
        if mode not in ("fail", "skip"):
            raise ValueError(f"on-error mode must be fail or skip, not {mode!r}")
        self.mode = mode
        self.errors: list[InputError] = []
        self.ignored: list[str] = []  # files met in a directory walk whose layout no reader knows
        self._on_report = on_report

    @property
    def count(self) -> int:
        return len(self.errors)

    def report(self, error: InputError) -> None:
        if self.mode == "fail":
            raise error
        self.errors.append(error)
        if self._on_report is not None:
            self._on_report(error)


def open_binary(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open a file for reading bytes, decompressing ``.gz`` (by magic number, not by name)."""
    f = open(path, "rb")
    magic = f.read(2)
    f.seek(0)
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=f)  # type: ignore[return-value]
    return f


def open_text(path: str | os.PathLike[str]) -> IO[str]:
    """Open a text file, ``.gz`` or not: UTF-8 (BOM dropped); bytes that are not UTF-8 are read as
    cp1252 one by one instead of failing, so a stray Latin-1 byte never loses a record. A file that starts
    with a UTF-16 byte-order mark (as Windows tools write) is read as UTF-16."""
    f = open_binary(path)
    if _utf16_bom(f.peek(2)[:2]):  # type: ignore[attr-defined]  # a BufferedReader or GzipFile: both peek
        return io.TextIOWrapper(f, encoding="utf-16", errors="replace", newline=None)
    return io.TextIOWrapper(f, encoding="utf-8-sig", errors="scholarkg-latin1", newline=None)


def _utf16_bom(first: bytes) -> bool:
    return first in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)  # registered for decoding only
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error("scholarkg-latin1", _latin1_fallback)


def read_head(path: str | os.PathLike[str], size: int = HEAD_BYTES) -> str:
    """The first ``size`` bytes of a file (decompressed), decoded as ``open_text`` would."""
    try:
        with open_binary(path) as f:
            data = f.read(size)
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read: {exc}", path=str(path)) from exc
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if _utf16_bom(data[:2]):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="scholarkg-latin1")


def iter_input_files(inputs: Iterable[str | os.PathLike[str]], errors: "ErrorSink",
                     exclude: Iterable[str | os.PathLike[str]] = ()) -> Iterator[Path]:
    """Every file named, and every file under every directory named (sorted, hidden files skipped), except
    what is under the folders in ``exclude`` (a build's own store, when it lies among its inputs)."""
    skip = {_real(Path(p)) for p in exclude}
    for item in inputs:
        path = Path(item)
        if skip and _under(path, skip):
            continue
        if path.is_dir():
            seen: set[tuple[int, int]] = set()
            yield from _walk(path, errors, seen, skip)
        elif path.is_file():
            yield path
        else:  # the text as typed: Path() would fold the "//" of a URL
            reason = _not_a_file(path)
            message = reason or missing_path_message(str(item))
            if reason is None and message == NO_SUCH_FILE:
                errors.report(MissingInput(message, path=str(item)))
            else:
                errors.report(InputError(message, path=str(item), says_what_to_do=reason is None))


_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_ARXIV_ID = re.compile(r"^(?:arxiv:)?(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.I)
_DOI = re.compile(r"^(?:doi:)?10\.\d{4,9}/\S+$", re.I)


def missing_path_message(text: str) -> str:
    """Why a path that names nothing cannot be read, saying what to do when it is a URL, an arXiv id or a DOI
    (scholarkg reads files, and fetches nothing from the network).

    >>> missing_path_message("1706.03762").split(";")[0]
    'an arXiv id, not a file: scholarkg reads files and fetches nothing'
    >>> missing_path_message("https://arxiv.org/abs/1706.03762").split(",")[0]
    'a URL'

    >>> missing_path_message("nothere.txt")
    'no such file or directory'
    """
    if _URL.match(text):
        return ("a URL, not a file: scholarkg reads files and fetches nothing; download the page or record first "
                "(curl -o listing.txt URL; for arXiv, the API's answer: curl -o paper.xml "
                "'https://export.arxiv.org/api/query?id_list=ID') and give scholarkg the file")
    if _ARXIV_ID.match(text):
        arxiv_id = text.split(":", 1)[-1]
        return (f"an arXiv id, not a file: scholarkg reads files and fetches nothing; get the record with "
                f"curl -o paper.xml 'https://export.arxiv.org/api/query?id_list={arxiv_id}' and give scholarkg paper.xml")
    if _DOI.match(text):
        doi = text.split(":", 1)[-1] if text.lower().startswith("doi:") else text
        return (f"a DOI, not a file: scholarkg reads files and fetches nothing; get the record with "
                f"curl -o work.json 'https://api.openalex.org/works/doi:{doi}' and give scholarkg work.json")
    return NO_SUCH_FILE


NO_SUCH_FILE = "no such file or directory"


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` (neither a file nor a directory) cannot be read, or None when nothing is there at all."""
    if path.is_symlink():
        try:
            path.resolve(strict=True)
        except RuntimeError:  # Python < 3.13 reports a loop this way
            return "symbolic link loop"
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "symbolic link loop"
            return f"broken symbolic link (to {os.readlink(path)})"
    if path.exists():
        return "not a regular file (a pipe, socket or device)"
    return None


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))  # (never raises: a symlink loop is reported where the walk meets it)


def _under(path: Path, folders: set[Path]) -> bool:
    resolved = _real(path)
    return any(resolved == f or f in resolved.parents for f in folders)


def _walk(directory: Path, errors: "ErrorSink", seen: set[tuple[int, int]],
          skip: AbstractSet[Path] = frozenset()) -> Iterator[Path]:
    try:
        st = directory.stat()
    except OSError as exc:
        errors.report(InputError(f"cannot read directory: {exc.strerror}", path=str(directory)))
        return
    if (st.st_dev, st.st_ino) in seen:  # a symlink loop
        return
    seen.add((st.st_dev, st.st_ino))
    try:
        entries = sorted(directory.iterdir(), key=lambda p: _natural_key(p.name))
    except OSError as exc:
        errors.report(InputError(f"cannot read directory: {exc.strerror}", path=str(directory)))
        return
    for entry in entries:
        if entry.name.startswith(".") or (skip and _real(entry) in skip):
            continue
        if entry.is_dir():
            yield from _walk(entry, errors, seen, skip)
        elif entry.is_file():
            yield entry
        elif entry.is_symlink():
            errors.report(InputError(_not_a_file(entry) or "broken symbolic link", path=str(entry)))
        else:  # a pipe or socket beside the data: reading it could block forever
            errors.ignored.append(str(entry))


def _natural_key(name: str) -> list:
    """Sort "2.xml.gz" before "10.xml.gz"."""
    import re

    return [int(tok) if tok.isdigit() else tok for tok in re.split(r"(\d+)", name)]

"""PMLR proceedings pages: one Markdown file per paper whose CSL-YAML front matter holds the record::

    ---
    title: Near Optimal Behavior via Approximate State Abstraction
    abstract: The combinatorial explosion that plagues ...
    id: abel16
    author:
    - given: David
      family: Abel
    container-title: Proceedings of The 33rd International Conference on Machine Learning
    volume: '48'
    issued:
      date-parts: [2016, 6, 11]
    pdf: http://proceedings.mlr.press/v48/abel16.pdf
    ---

A volume is a directory of such files (the caller walks directories). The volume's Jekyll
``_config.yml`` (or ``_config_v48.yml`` next to the ``v48`` folder) fills in the venue, volume and
date when a paper file lacks them; the config itself and the volume's README are not paper files.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Iterator

import yaml

from ..errors import InputError
from ..model import AuthorRef, Paper, SourceRef
from ._io import ErrorSink, open_text
from .names import from_parts
from .bibtex import tex
from .text import paper_key

NAME = "pmlr"
PMLR_URL = "https://proceedings.mlr.press"
_FENCE = re.compile(r"^---\s*$")
_END = re.compile(r"^(?:---|\.\.\.)\s*$")
# PMLR's export lost the braces of some formatting commands: "\\emphsets of labels", "\\small PESMO"
_BARE_FORMAT = re.compile(r"\\(?:emph|textit|textbf|textsc|texttt)(?=[A-Za-z])")
_BARE_SWITCH = re.compile(r"\\(?:em|it|bf|sl|sc|tt|rm|small|large|footnotesize)\b\s*")
MAX_FRONT_MATTER_LINES = 5000  # a paper's front matter is a few dozen lines; more means a broken file


def sniff(head: str, path: str) -> bool:
    """A ``---`` fenced YAML block with a title, a list of {given, family} authors and CSL paper fields.

    >>> sniff("---\\ntitle: T\\nauthor:\\n- given: A\\n  family: B\\nissued:\\n  date-parts:\\n  - 2016\\n---\\n", "x.md")
    True
    >>> sniff("---\\nbooktitle: Proceedings\\nlayout: proceedings\\nauthor:\\n  name: PMLR\\n", "_config.yml")
    False
    """
    lines = head.lstrip("\ufeff").splitlines()
    if not lines or not _FENCE.match(lines[0]):
        return False
    end = next((i for i, line in enumerate(lines[1:], start=1) if _END.match(line)), None)
    if end is None:
        return False
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        return False
    return _is_paper(data)


def _is_paper(data: Any) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        return False
    if data.get("layout") == "proceedings":
        return False
    authors = data.get("author")
    if not isinstance(authors, list) or not authors:
        return False
    if not all(isinstance(a, dict) and ("family" in a or "given" in a) for a in authors):
        return False
    return "issued" in data or "container-title" in data


def iter_papers(path: str, errors: ErrorSink) -> Iterator[Paper]:
    record = "record 1"
    with open_text(path) as f:
        first = f.readline()
        if not _FENCE.match(first.lstrip("\ufeff")):
            errors.report(InputError("no YAML front matter (the file must start with a '---' line)", path=path, record="line 1"))
            return
        lines: list[str] = []
        closed = False
        for line in f:
            if _END.match(line):
                closed = True
                break
            lines.append(line)
            if len(lines) > MAX_FRONT_MATTER_LINES:
                break
    if not closed:
        errors.report(InputError(
            "front matter not closed: no '---' line after line 1 (truncated file?)", path=path, record=record))
        return
    try:
        data = yaml.safe_load("".join(lines))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}" if mark is not None else record  # +1 for 0-based, +1 for the '---'
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        errors.report(InputError(f"bad YAML front matter: {problem}", path=path, record=where))
        return
    if not isinstance(data, dict):
        errors.report(InputError("front matter is not a mapping of fields", path=path, record=record))
        return
    paper = _paper(path, data, _volume_config(str(Path(path).resolve().parent), str(data.get("volume") or "")))
    if isinstance(paper, str):
        errors.report(InputError(paper, path=path, record=record))
        return
    yield paper


def _paper(path: str, data: dict, config: dict) -> Paper | str:
    """The record, or a message saying why there is none."""
    title = _text(data.get("title")) or _text(data.get("tex_title"))
    if not title:
        return "front matter has no title"
    authors = data.get("author") or []
    if not isinstance(authors, list):
        return "'author' is not a list"
    refs = []
    for i, a in enumerate(authors, start=1):
        if not isinstance(a, dict):
            return f"author {i} is not a mapping with given/family"
        ref = _author(a)
        if ref is None:
            return f"author {i} has no name"
        refs.append(ref)
    volume = str(data.get("volume") or config.get("volume") or "").strip() or None
    published, year = _issued(data.get("issued"))
    if year is None:
        published, year = _date(data.get("date"))
    if year is None:
        published, year = _date(config.get("published"))
    ids: dict[str, str] = {}
    pid = str(data.get("id") or "").strip()
    if pid:
        ids["pmlr"] = f"v{volume}/{pid}" if volume else pid
        if volume:
            ids["url"] = f"{PMLR_URL}/v{volume}/{pid}.html"
    if data.get("pdf"):
        ids["pdf"] = str(data["pdf"]).strip()
    venue = _text(data.get("container-title")) or _text(data.get("booktitle")) or _text(config.get("booktitle"))
    abstract = _text(data.get("abstract"))
    return Paper(
        key=paper_key(title),
        title=title,
        source=SourceRef(path, NAME, "record 1"),
        authors=tuple(refs),
        authors_complete=bool(refs),
        published=published,
        year=year,
        abstract=abstract,
        doi=(str(data["doi"]).strip().lower().removeprefix("https://doi.org/") if data.get("doi") else None),
        venue=venue,
        ids=ids,
    )


def _text(value: Any) -> str | None:
    """A YAML scalar as clean one-line text (LaTeX accents, ``{\\it ..}`` and math markers removed)."""
    if value is None:
        return None
    return tex(_BARE_FORMAT.sub("", _BARE_SWITCH.sub("", str(value)))) or None


def _author(a: dict) -> AuthorRef | None:
    """CSL name parts to an author; ``prefix`` ("van den") and ``suffix`` ("III") join the family name.

    >>> _author({"given": "Aäron", "prefix": "van den", "family": "Oord"}).name
    'Aäron van den Oord'
    >>> _author({"given": "Hal", "family": "Daumé", "suffix": "III"}).family
    'Daumé III'
    """
    given = _text(a.get("given"))
    family = " ".join(p for p in (_text(a.get("prefix")), _text(a.get("family")), _text(a.get("suffix"))) if p)
    if not family and not given:
        literal = _text(a.get("literal") or a.get("name"))
        return AuthorRef(name=literal, family=literal) if literal else None
    return from_parts(given, family or None)


def _issued(value: Any) -> tuple[str | None, int | None]:
    """CSL ``issued: {date-parts: [[y, m, d]]}`` (flat or nested) -> (ISO date or None, year).

    >>> _issued({"date-parts": [2016, 6, 11]})
    ('2016-06-11', 2016)
    >>> _issued({"date-parts": [[2010]]})
    (None, 2010)
    """
    if not isinstance(value, dict):
        return None, None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        parts = parts[0]
    if not isinstance(parts, list) or not parts:
        return None, None
    try:
        nums = [int(p) for p in parts[:3]]
    except (TypeError, ValueError):
        return None, None
    if len(nums) == 3 and 1 <= nums[1] <= 12 and 1 <= nums[2] <= 31:
        return f"{nums[0]:04d}-{nums[1]:02d}-{nums[2]:02d}", nums[0]
    return None, nums[0]


def _date(value: Any) -> tuple[str | None, int | None]:
    """A YAML date (parsed or text) -> (ISO date, year)."""
    if value is None:
        return None, None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(value).strip())
    return (m.group(0), int(m.group(1))) if m else (None, None)


@functools.lru_cache(maxsize=64)
def _volume_config(folder: str, volume: str) -> dict:
    """The volume's Jekyll config: ``_config.yml`` in the folder or its parent, or
    ``_config_v<volume>.yml`` / ``_config_<folder name>.yml`` beside the folder. Empty if none."""
    here = Path(folder)
    names = [f"_config_v{volume}.yml"] if volume else []
    names += [f"_config_{here.name}.yml", "_config.yml"]
    for directory in (here, here.parent):
        for name in names:
            candidate = directory / name
            if candidate.is_file():
                try:
                    with open_text(candidate) as f:
                        data = yaml.safe_load(f)
                except (OSError, yaml.YAMLError):
                    continue
                if isinstance(data, dict) and (not volume or str(data.get("volume", volume)) == volume):
                    return data
    return {}

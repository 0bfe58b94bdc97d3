"""Researcher profile pages and paper lists in the same entry layout (seed files 000, 001, 002).

An optional header names the owner and gives stats; every entry starts with a category+date line::

    Alexander A. Alemi            <- owner (optional header)
    LG / h-index60 / 26papers / 4,955citations / Novelty39% / AI Score30 / 26 Papers
    LGJul 8, 2024                 <- category, date, optional "Code"
    Scaling Exponents ...         <- title
    Katie Everett, ... et al. · anthropic, deepmind   <- authors · organizations (optional)
    Robust and effective ...      <- abstract (optional)

Some exports glue the title and the author line together ("...instabilitiesMitchell Wortsman, ..."); the
reader splits them where the first author's name starts.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..errors import InputError
from ..model import Paper, SourceRef
from ._io import ErrorSink, open_text
from .listing import (
    DATE_LINE, authors_from_names, category_code, clean_abstract, clean_title, is_name_token, looks_like_name,
    parse_date_line, split_author_line,
)
from .text import paper_key

NAME = "profile"

_STATS = [
    ("h_index", re.compile(r"^h-index\s*(\d[\d,]*)$", re.I)),
    ("papers", re.compile(r"^(\d[\d,]*)\s*papers$", re.I)),
    ("citations", re.compile(r"^(\d[\d,]*)\s*citations$", re.I)),
    ("novelty_percent", re.compile(r"^Novelty\s*(\d+)\s*%$", re.I)),
    ("ai_score", re.compile(r"^AI Score\s*(\d+)$", re.I)),
]
_LISTED_COUNT = re.compile(r"^(\d[\d,]*) Papers$")
_CATEGORY_ONLY = re.compile(r"^[A-Z][A-Z-]{1,11}$")
# Name prefixes after which a capital letter inside one word is normal ("McDonald", "LeCun", "DeWitt").
_CAMEL_PREFIXES = ("Mc", "Mac", "Le", "La", "De", "Di", "Du", "Da", "Van", "Von", "O'", "O’", "Fitz")


def sniff(head: str, path: str) -> bool:
    lines = [line.strip() for line in head.splitlines()[:400]]
    return sum(1 for line in lines if DATE_LINE.match(line)) >= 1


def iter_papers(path: str, errors: ErrorSink) -> Iterator[Paper]:
    owner: str | None = None
    stats: dict = {}
    header_done = False
    entry: list[tuple[int, str]] = []  # (line number, text) from the date line on
    with open_text(path) as f:
        for lineno, raw in enumerate(f, start=1):
            line = raw.strip()
            if DATE_LINE.match(line):
                if entry:
                    yield from _entry(path, entry, owner, stats, errors)
                header_done = True
                entry = [(lineno, line)]
            elif entry:
                if line:
                    entry.append((lineno, line))
            elif not header_done and line:
                owner = _header_line(line, owner, stats)
    if entry:
        yield from _entry(path, entry, owner, stats, errors)
    elif not header_done:
        errors.report(InputError("no paper entries found (expected lines like 'LGJul 8, 2024')", path=path))


def _header_line(line: str, owner: str | None, stats: dict) -> str | None:
    m = _LISTED_COUNT.match(line)
    if m:
        stats["papers_listed"] = int(m.group(1).replace(",", ""))
        return owner
    for key, rx in _STATS:
        m = rx.match(line)
        if m:
            stats[key] = int(m.group(1).replace(",", ""))
            return owner
    if _CATEGORY_ONLY.match(line) and owner is not None:
        stats["main_category"] = category_code(line)
        return owner
    if owner is None and looks_like_name(line):
        return line
    return owner


def _entry(path: str, entry: list[tuple[int, str]], owner: str | None, stats: dict, errors: ErrorSink) -> Iterator[Paper]:
    (lineno, date_line), rest = entry[0], [text for _, text in entry[1:]]
    record = f"line {lineno}"
    if not rest:
        errors.report(InputError("entry has a date line but no title", path=path, record=record))
        return
    meta = parse_date_line(date_line)
    assert meta is not None  # the caller matched DATE_LINE
    title_line, rest = rest[0], rest[1:]
    authors = None
    if rest and (parsed := split_author_line(rest[0])) is not None:
        title, authors, rest = title_line, parsed, rest[1:]
    elif (glued := split_glued(title_line)) is not None:
        title, authors = glued
    else:
        title = title_line
    title = clean_title(title)
    if not title:
        errors.report(InputError("entry has an empty title", path=path, record=record))
        return
    names, complete, orgs = authors if authors else ([], False, [])
    yield Paper(
        key=paper_key(title),
        title=title,
        source=SourceRef(path, NAME, record),
        authors=authors_from_names(names),
        authors_complete=complete,
        profile_owner=owner,
        owner_stats=dict(stats),
        affiliations=tuple(orgs),
        categories=meta["categories"],
        published=meta["published"],
        year=meta["year"],
        date_text=meta["date_text"],
        has_code=meta["has_code"],
        abstract=clean_abstract(" ".join(rest)) if rest else None,
    )


def split_glued(line: str) -> tuple[str, tuple[list[str], bool, list[str]]] | None:
    """Split a title glued to its author line at the first place where a valid author list begins.

    >>> split_glued("Small-scale proxies for trainingMitchell Wortsman, Peter J. Liu et al. · deepmind")
    ('Small-scale proxies for training', (['Mitchell Wortsman', 'Peter J. Liu'], False, ['deepmind']))
    >>> split_glued("Why 2+2=5?C. Daniel Freeman, Laura Culp")
    ('Why 2+2=5?', (['C. Daniel Freeman', 'Laura Culp'], True, []))
    """
    people = line.partition(" · ")[0]
    for i in range(1, len(people)):
        ch, before = people[i], people[i - 1]
        if not ch.isupper() or before.isspace():
            continue
        if before.isalpha() and _camel_inside_name(people, i):
            continue
        parsed = split_author_line(line[i:])
        if parsed is not None and _first_name_plain(parsed[0][0]):
            return line[:i].rstrip(), parsed
    return None


def _camel_inside_name(text: str, i: int) -> bool:
    """True when the capital at ``i`` continues a name word like "McDonald" rather than starting a new one."""
    start = i
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:i] in _CAMEL_PREFIXES


def _first_name_plain(name: str) -> bool:
    """The first author's words must not carry a glued title tail ("TorchJohn")."""
    for word in name.split():
        for j in range(1, len(word)):
            if word[j].isupper() and word[j - 1].islower() and word[:j] not in _CAMEL_PREFIXES:
                return False
    return all(is_name_token(w) for w in name.split())

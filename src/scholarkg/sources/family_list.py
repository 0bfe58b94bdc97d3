"""Paper lists with family-name-first author lines (seed file 004)::

    Makhzani, Alireza                         <- the list's owner (optional)
    Random Cycle Coding: Lossless ...         <- title
    Severo, Daniel, Khisti, Ashish, ...       <- authors as Family, Given pairs
    We present an optimal method ...          <- abstract (optional)
"""
from __future__ import annotations

import re
from typing import Iterator

from ..errors import InputError
from ..model import AuthorRef, Paper, SourceRef
from ._io import ErrorSink, open_text
from .listing import DATE_LINE, clean_abstract, clean_title, is_name_token, looks_like_prose
from .names import from_parts
from .text import paper_key

NAME = "family-list"


def parse_family_given_line(line: str) -> tuple[tuple[AuthorRef, ...], bool] | None:
    """ "Severo, Daniel, Khisti, Ashish" -> authors and whether the list is complete; None if not such a line.

    >>> [a.name for a in parse_family_given_line("Steeg, Greg Ver, Turner, Richard E.")[0]]
    ['Greg Ver Steeg', 'Richard E. Turner']
    """
    text = line.strip()
    complete = True
    m = re.search(r",?\s*(?:et al\.?|and others)\s*$", text)
    if m:
        text, complete = text[: m.start()], False
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 2 or len(parts) % 2 or not all(parts):
        return None
    if not all(is_name_token(w) for p in parts for w in p.split()):
        return None
    if any(len(p.split()) > 4 for p in parts):
        return None
    return tuple(from_parts(given, family) for family, given in zip(parts[0::2], parts[1::2])), complete


def sniff(head: str, path: str) -> bool:
    lines = [line.strip() for line in head.splitlines() if line.strip()][:12]
    if len(lines) < 3 or any(DATE_LINE.match(line) for line in lines):
        return False
    return parse_family_given_line(lines[2]) is not None or parse_family_given_line(lines[1]) is not None


def iter_papers(path: str, errors: ErrorSink) -> Iterator[Paper]:
    with open_text(path) as f:
        lines = ((n, raw.strip()) for n, raw in enumerate(f, start=1))
        lines = ((n, line) for n, line in lines if line)
        owner: str | None = None
        pending: list[tuple[int, str]] = []  # a small look-ahead window
        found = False

        def take() -> tuple[int, str] | None:
            if pending:
                return pending.pop(0)
            return next(lines, None)

        def peek() -> tuple[int, str] | None:
            if not pending:
                nxt = next(lines, None)
                if nxt is None:
                    return None
                pending.append(nxt)
            return pending[0]

        first = take()
        if first is None:
            errors.report(InputError("empty list", path=path))
            return
        second = peek()
        single = parse_family_given_line(first[1])
        if single and len(single[0]) == 1 and second and parse_family_given_line(second[1]) is None:
            owner = single[0][0].name
        else:
            pending.insert(0, first)
        while (title := take()) is not None:
            lineno, title_text = title
            if looks_like_prose(title_text):
                errors.report(InputError("expected a title, found an abstract", path=path, record=f"line {lineno}"))
                continue
            authors: tuple[AuthorRef, ...] = ()
            complete = False
            nxt = peek()
            if nxt and (parsed := parse_family_given_line(nxt[1])):
                take()
                authors, complete = parsed
            abstract = None
            nxt = peek()
            if nxt and looks_like_prose(nxt[1]):
                abstract = nxt[1]
                take()
            text = clean_title(title_text)
            found = True
            yield Paper(
                key=paper_key(text),
                title=text,
                source=SourceRef(path, NAME, f"line {lineno}"),
                authors=authors,
                authors_complete=complete,
                profile_owner=owner,
                abstract=clean_abstract(abstract),
            )
        if not found:
            errors.report(InputError("no papers found", path=path))

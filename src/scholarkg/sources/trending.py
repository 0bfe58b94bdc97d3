"""Trending-paper lists (seed file 003): a title line, then an abstract line, repeated; no authors or dates.

Page chrome ("Get trending papers in your email inbox!", "Subscribe") is dropped, including where the copy
glued it to the first title ("SubscribeHow connectivity ...").
"""
from __future__ import annotations

import re
from typing import Iterator

from ..errors import InputError
from ..model import Paper, SourceRef
from ._io import ErrorSink, open_text
from .listing import DATE_LINE, clean_abstract, clean_title, looks_like_prose
from .text import paper_key

NAME = "trending"

_CHROME_LINE = re.compile(r"^(?:get trending papers\b.*|subscribe|sign in|sign up|log in|trending papers)$", re.I)
_CHROME_PREFIX = re.compile(r"^(?:Subscribe|Sign up|Sign in)(?=[A-Z\"'“(\d])")
# A sentence break inside a line: ". " before a capital; titles have none, while "?" and "!" they may have
_FULL_STOP = re.compile(r"[a-z0-9)\]]\.\s+[A-Z(]")


def question_title(line: str) -> bool:
    """A title that ends in "?" or "!" (which ``looks_like_prose`` counts as sentences): short, and no full stop
    between its parts.

    >>> question_title("Is Neural Network a Reliable Forecaster on Earth? A MARS Query!")
    True
    >>> question_title("We ask why. Our answer is a new method that works well on every benchmark we tried?")
    False
    """
    text = line.strip()
    return len(text) <= 200 and text[-1:] in ("?", "!") and not _FULL_STOP.search(text)


def _title_shaped(line: str) -> bool:
    return not looks_like_prose(line) or question_title(line)


def sniff(head: str, path: str) -> bool:
    lines = [line.strip() for line in head.splitlines() if line.strip()][:40]
    if any(DATE_LINE.match(line) for line in lines):
        return False
    if any(_CHROME_LINE.match(line) for line in lines[:5]):
        return True
    body = [line for line in lines if not _CHROME_LINE.match(line)]
    # alternating short title / prose abstract
    pairs = list(zip(body[0::2], body[1::2]))[:10]
    return len(pairs) >= 2 and all(_title_shaped(t) and looks_like_prose(a) for t, a in pairs)


def iter_papers(path: str, errors: ErrorSink) -> Iterator[Paper]:
    title: tuple[int, str] | None = None
    found = False
    with open_text(path) as f:
        for lineno, raw in enumerate(f, start=1):
            line = raw.strip()
            if not line or _CHROME_LINE.match(line):
                continue
            line = _CHROME_PREFIX.sub("", line)
            # after a title, prose is its abstract; with no title pending, a question-shaped line is the next title
            if looks_like_prose(line) and not (title is None and question_title(line)):
                if title is None:
                    errors.report(InputError("abstract without a title line", path=path, record=f"line {lineno}"))
                    continue
                found = True
                yield _paper(path, title, line)
                title = None
            else:
                if title is not None:  # a title followed by another title: the first has no abstract
                    found = True
                    yield _paper(path, title, None)
                title = (lineno, line)
    if title is not None:
        found = True
        yield _paper(path, title, None)
    if not found:
        errors.report(InputError("no papers found in trending list", path=path))


def _paper(path: str, title: tuple[int, str], abstract: str | None) -> Paper:
    lineno, text = title
    text = clean_title(text)
    return Paper(
        key=paper_key(text),
        title=text,
        source=SourceRef(path, NAME, f"line {lineno}"),
        authors_complete=False,
        abstract=clean_abstract(abstract),
    )

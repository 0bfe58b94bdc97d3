"""OpenAlex works (https://docs.openalex.org), in any of the shapes the API and its dumps come in:

- a single work object, or a ``{"meta": ..., "results": [...]}`` page;
- a bare JSON array of works (streamed element by element, so a big array is never held whole);
- JSON Lines, one work (or one page) per line (streamed line by line).

Both the current schema (``primary_location``, ``raw_affiliation_strings``) and the older one
(``host_venue``, ``raw_affiliation_string``) are read. OpenAlex concepts and topics are not arXiv
categories, so ``categories`` stays empty unless a concept name is itself an arXiv code.

``iter_json`` (the shape detection and streaming) is shared with the Semantic Scholar reader.
"""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, Iterator

from ..errors import InputError
from ..model import AuthorRef, Paper, PaperRef, SourceRef
from ._io import ErrorSink, open_text
from .names import parse_given_first
from .text import clean_latex, normalize_space, paper_key

NAME = "openalex"

CHUNK = 64 * 1024
_WORK_ID = re.compile(r'"(?:id|openalex)"\s*:\s*"https://openalex\.org/W\d+"')
_ARXIV_CODE = re.compile(r"^(?:[a-z]{2,8}(?:-[a-z]{2,4})?)\.[A-Za-z]{2,4}$")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([a-z\-]+/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?", re.I)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+?)(?:v\d+)?$", re.I)
_ARTICLE_TYPES = {"article", "preprint", "posted-content", "journal-article", "proceedings-article"}


def sniff(head: str, path: str) -> bool:
    """JSON whose first work carries an OpenAlex work id.

    >>> sniff('[{"id": "https://openalex.org/W4200035428", "title": "T"}]', "x.json")
    True
    >>> sniff('{"paperId": "abc", "title": "T"}', "x.json")
    False
    """
    return head.lstrip()[:1] in ("{", "[") and _WORK_ID.search(head) is not None


def iter_papers(path: str, errors: ErrorSink) -> Iterator[Paper]:
    for where, value in iter_json(path, errors):
        for label, work in _works(value, where):
            if not isinstance(work, dict):
                errors.report(InputError(f"expected a work object, found {type(work).__name__}", path=path, record=label))
                continue
            try:
                paper = work_to_paper(work, SourceRef(path, NAME, label))
            except InputError as exc:
                errors.report(InputError(exc.message, path=path, record=label))
                continue
            yield paper


def _works(value: Any, where: str | None) -> Iterator[tuple[str, Any]]:
    """A parsed top-level value to (record label, work): pages and arrays are opened up."""
    items = None
    if isinstance(value, dict) and isinstance(value.get("results"), list):
        items = value["results"]
    elif isinstance(value, list):
        items = value
    if items is None:
        yield where or "record 1", value
        return
    for n, item in enumerate(items, start=1):
        yield join_label(where, f"record {n}"), item


def join_label(outer: str | None, inner: str) -> str:
    """ "line 3" + "record 2" -> "line 3, record 2"; no outer label -> the inner one."""
    return f"{outer}, {inner}" if outer else inner


# ------------------------------------------------------------------ one work

def work_to_paper(work: dict, source: SourceRef) -> Paper:
    """One OpenAlex work object to a ``Paper`` (raises ``InputError`` when it has no title).

    >>> w = {"id": "https://openalex.org/W1", "title": "Deep  learning", "publication_date": "2015-05-27",
    ...      "abstract_inverted_index": {"Deep": [0], "learning": [1], "works": [2]},
    ...      "authorships": [{"author": {"id": "https://openalex.org/A5", "display_name": "Yann LeCun"},
    ...                       "institutions": [{"display_name": "New York University"}]}]}
    >>> p = work_to_paper(w, SourceRef("x.json", "openalex", "record 1"))
    >>> (p.title, p.abstract, p.published, p.year, p.ids)
    ('Deep learning', 'Deep learning works', '2015-05-27', 2015, {'openalex': 'W1'})
    >>> (p.authors[0].family, p.authors[0].ids, p.affiliations)
    ('LeCun', {'openalex': 'A5'}, ('New York University',))
    """
    raw_title = work.get("title") or work.get("display_name")
    title = clean_text(raw_title) if isinstance(raw_title, str) else None
    if not title:
        raise InputError("work has no title")
    authors = tuple(_author(a) for a in work.get("authorships") or () if isinstance(a, dict))
    authors = tuple(a for a in authors if a is not None)
    affiliations: list[str] = []
    for author in authors:
        for text in author.affiliations:
            if text not in affiliations:
                affiliations.append(text)
    published = iso_date(work.get("publication_date"))
    year = work.get("publication_year")
    if not isinstance(year, int):
        year = int(published[:4]) if published else None
    doi = clean_doi(work.get("doi") or (work.get("ids") or {}).get("doi"))
    return Paper(
        key=paper_key(title),
        title=title,
        source=source,
        authors=authors,
        authors_complete=bool(authors) and not work.get("is_authors_truncated"),
        affiliations=tuple(affiliations),
        categories=_categories(work),
        published=published,
        year=year,
        abstract=rebuild_abstract(work.get("abstract_inverted_index")),
        doi=doi,
        arxiv_id=_arxiv_id(work, doi),
        venue=_venue(work),
        ids=_ids(work),
        references=tuple(
            PaperRef(ids={"openalex": short_id(ref)}) for ref in work.get("referenced_works") or () if isinstance(ref, str)
        ),
    )


def _author(authorship: dict) -> AuthorRef | None:
    person = authorship.get("author") or {}
    name = person.get("display_name") or authorship.get("raw_author_name")
    if not isinstance(name, str) or not normalize_space(name):
        return None
    names = [i.get("display_name") for i in authorship.get("institutions") or () if isinstance(i, dict)]
    names = [normalize_space(n) for n in names if isinstance(n, str) and n.strip()]
    if not names:  # no matched institution: fall back to the affiliation strings as printed
        raw = authorship.get("raw_affiliation_strings") or authorship.get("raw_affiliation_string") or ()
        names = [normalize_space(r) for r in ([raw] if isinstance(raw, str) else raw) if isinstance(r, str) and r.strip()]
    ids = {"openalex": short_id(person["id"])} if isinstance(person.get("id"), str) else {}
    return parse_given_first(name, orcid=bare_orcid(person.get("orcid")), affiliations=tuple(dict.fromkeys(names)), ids=ids)


def rebuild_abstract(index: Any) -> str | None:
    """The abstract text from OpenAlex's inverted index (word -> positions).

    >>> rebuild_abstract({"world": [1], "Hello": [0], "again": [3], "hello": [2]})
    'Hello world hello again'
    """
    if not isinstance(index, dict) or not index:
        return None
    words: dict[int, str] = {}
    for word, positions in index.items():
        for pos in positions if isinstance(positions, list) else ():
            if isinstance(pos, int):
                words[pos] = word
    text = clean_text(" ".join(words[p] for p in sorted(words)))
    return text or None


def _ids(work: dict) -> dict[str, str]:
    ids: dict[str, str] = {}
    given = work.get("ids") if isinstance(work.get("ids"), dict) else {}
    wid = work.get("id") or given.get("openalex")
    if isinstance(wid, str) and wid:
        ids["openalex"] = short_id(wid)
    for name in ("mag", "pmid", "pmcid"):
        value = given.get(name)
        if isinstance(value, (str, int)) and str(value):
            ids[name] = short_id(str(value))
    return ids


def _venue(work: dict) -> str | None:
    primary = work.get("primary_location") or {}
    source = primary.get("source") if isinstance(primary, dict) else None
    for holder in (source, work.get("host_venue")):
        if isinstance(holder, dict) and isinstance(holder.get("display_name"), str):
            name = normalize_space(holder["display_name"])
            if name:
                return name
    return None


def _categories(work: dict) -> tuple[str, ...]:
    names = [c.get("display_name") for key in ("concepts", "topics") for c in work.get(key) or () if isinstance(c, dict)]
    return tuple(dict.fromkeys(n for n in names if isinstance(n, str) and _ARXIV_CODE.match(n)))


def _arxiv_id(work: dict, doi: str | None) -> str | None:
    """From an arXiv DOI, an arXiv primary location, or the one arXiv copy of an article.

    Books and proceedings in OpenAlex often list arXiv copies of their chapters as locations, so a
    location other than the primary one counts only for article-like works with a single arXiv id.
    """
    if doi and (m := _ARXIV_DOI.match(doi)):
        return m.group(1)
    primary = [work.get("primary_location"), work.get("host_venue")]
    others = list(work.get("locations") or ()) + list(work.get("alternate_host_venues") or ())
    for loc in primary:
        found = _arxiv_in(loc)
        if found:
            return found
    if work.get("type") in _ARTICLE_TYPES:
        ids = {x for loc in others if (x := _arxiv_in(loc))}
        if len(ids) == 1:
            return ids.pop()
    return None


def _arxiv_in(location: Any) -> str | None:
    if not isinstance(location, dict):
        return None
    for key in ("landing_page_url", "pdf_url", "url"):
        value = location.get(key)
        if isinstance(value, str) and (m := _ARXIV_URL.search(value)):
            return m.group(1)
    return None


# ------------------------------------------------------------------ small helpers

def clean_text(text: str) -> str:
    """LaTeX escapes made readable and white space collapsed."""
    return normalize_space(clean_latex(normalize_space(text)))


def short_id(value: str) -> str:
    """ "https://openalex.org/W123" -> "W123" (the last path segment of any URL id)."""
    return value.rstrip("/").rsplit("/", 1)[-1]


def clean_doi(value: Any) -> str | None:
    """ "https://doi.org/10.1142/10552" -> "10.1142/10552" (lower case).

    >>> clean_doi("https://doi.org/10.1093/MIND/LIX.236.433")
    '10.1093/mind/lix.236.433'
    """
    if not isinstance(value, str):
        return None
    text = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", value.strip(), flags=re.I)
    return text.lower() or None


def bare_orcid(value: Any) -> str | None:
    """ "https://orcid.org/0000-0003-3726-3827" -> "0000-0003-3726-3827"."""
    if not isinstance(value, str):
        return None
    m = re.search(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", value)
    return m.group(0) if m else None


def iso_date(value: Any) -> str | None:
    """A valid ISO date "YYYY-MM-DD", else None."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat() if len(value.strip()) >= 10 else None
    except ValueError:
        return None


# ------------------------------------------------------------------ JSON shapes

def iter_json(path: str, errors: ErrorSink) -> Iterator[tuple[str | None, Any]]:
    """The top-level JSON values of a file, with where each starts, streamed where the shape allows:

    - a file starting with ``[``: each array element, labelled "record N", decoded one by one;
    - JSON Lines (the first line is a whole object, or the second line starts another one): each line,
      labelled "line N"; a bad line is reported and the next line is read;
    - anything else (a pretty-printed object): the whole value, labelled None.

    A truncated or broken file is reported naming the record it broke in; everything before it
    has been yielded.
    """
    with open_text(path) as f:
        head = f.read(CHUNK)
        first = head.lstrip()[:1]
        if not first:
            errors.report(InputError("empty file", path=path))
            return
        if first == "[":
            yield from _iter_array(f, head, path, errors)
            return
        lines = head.lstrip().split("\n", 2)
        if first == "{" and (len(lines) == 1 or lines[0].rstrip().endswith("}") or lines[1].startswith("{")):
            yield from _iter_lines(f, head, path, errors)
            return
        text = head + f.read()
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        errors.report(InputError(
            f"invalid JSON (truncated file?): {exc.msg} (line {exc.lineno}, column {exc.colno})", path=path, record="record 1"
        ))
        return
    except RecursionError:
        errors.report(InputError("JSON nested too deeply to read", path=path, record="record 1"))
        return
    yield None, value


def _iter_lines(f, head: str, path: str, errors: ErrorSink) -> Iterator[tuple[str, Any]]:
    rest = head.split("\n")
    tail = rest.pop()  # possibly a partial line: completed by the next read of the file
    lines = iter(rest)
    lineno = 0
    while True:
        line = next(lines, None)
        if line is None:
            line = tail + f.readline()
            tail = ""
            if not line:
                return
        lineno += 1
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            message = f"invalid JSON (truncated line?): {exc.msg} (column {exc.colno})"
            errors.report(InputError(message, path=path, record=f"line {lineno}"))
            continue
        except RecursionError:
            errors.report(InputError("JSON nested too deeply to read", path=path, record=f"line {lineno}"))
            continue
        yield f"line {lineno}", value


def _iter_array(f, head: str, path: str, errors: ErrorSink) -> Iterator[tuple[str, Any]]:
    decoder = json.JSONDecoder()
    buf = head
    pos = buf.index("[") + 1
    eof = False
    number = 0
    expect_value = True  # after "[" or ","; False after a value

    def fill() -> bool:
        """Read more of the file into ``buf`` (doubling, so a huge element is re-parsed only a few times)."""
        nonlocal buf, pos, eof
        if eof:
            return False
        more = f.read(max(CHUNK, len(buf) - pos))
        if not more:
            eof = True
            return False
        buf, pos = buf[pos:] + more, 0
        return True

    while True:
        while pos < len(buf) and buf[pos].isspace():
            pos += 1
        if pos >= len(buf):
            if fill():
                continue
            message = f"truncated file: the array ends without ']' after {number} records"
            errors.report(InputError(message, path=path, record=f"record {number + 1}"))
            return
        ch = buf[pos]
        if ch == "]" and (not expect_value or number == 0):
            return
        if not expect_value:
            if ch != ",":
                message = f"invalid JSON: expected ',' or ']' after the record, found {ch!r}"
                errors.report(InputError(message, path=path, record=f"record {number}"))
                return
            pos += 1
            expect_value = True
            continue
        try:
            value, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError as exc:
            if fill():
                continue
            errors.report(InputError(f"invalid JSON (truncated file?): {exc.msg}", path=path, record=f"record {number + 1}"))
            return
        except RecursionError:  # where this element ends cannot be known without decoding it: stop here
            errors.report(InputError("JSON nested too deeply to read; the rest of the array is not read", path=path,
                                     record=f"record {number + 1}"))
            return
        if end >= len(buf) and fill():  # a number cut at the chunk edge: decode it again with more text
            continue
        number += 1
        pos, expect_value = end, False
        yield f"record {number}", value

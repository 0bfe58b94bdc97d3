"""arXiv metadata as JSON Lines (the Kaggle ``arxiv-metadata-oai-snapshot.json`` layout), one paper a line::

    {"id": "0704.0001", "authors": "C. Bal\\'azs, E. L. Berger, ...", "title": "...", "journal-ref": "...",
     "doi": "...", "report-no": "...", "categories": "hep-ph math.CO", "abstract": "...",
     "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}, ...],
     "update_date": "2008-11-26", "authors_parsed": [["Balázs", "C.", ""], ["Mishchenko", "A. S.", "", "1 and 2"]]}

Names come from ``authors_parsed`` (family, given, suffix, then any affiliation the author string gave in
parentheses); the raw ``authors`` string is used only when that is missing, and to notice "et al".
"""
from __future__ import annotations

import json
import re
from datetime import tzinfo
from email.utils import parsedate_to_datetime
from typing import Iterator

from ..errors import InputError
from ..model import AuthorRef, Paper, SourceRef
from ._io import ErrorSink, open_text
from .arxiv_atom import clean_text, normalize_doi
from .names import from_parts, parse_given_first
from .text import normalize_space, paper_key

NAME = "arxiv-json"

_ET_AL = re.compile(r",?\s*(?:et\.?\s*al\.?|and others)\s*$", re.I)
_FOOTNOTES = re.compile(r"\d+(?:\s*(?:,|and|&)\s*\d+)*")  # "1 and 2": footnote marks, not an affiliation


def sniff(head: str, path: str) -> bool:
    first = next((line for line in head.splitlines() if line.strip()), "").lstrip()
    return first.startswith("{") and '"authors_parsed"' in first and '"categories"' in first


def iter_papers(path: str, errors: ErrorSink) -> Iterator[Paper]:
    found = False
    with open_text(path) as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            record = f"line {lineno}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.report(InputError(f"broken JSON at column {exc.colno}: {exc.msg}", path=path, record=record))
                continue
            except RecursionError:
                errors.report(InputError("JSON nested too deeply to read", path=path, record=record))
                continue
            if not isinstance(data, dict):
                errors.report(InputError(f"expected a JSON object, found {type(data).__name__}", path=path, record=record))
                continue
            try:
                paper = _paper(data, path, record)
            except (TypeError, ValueError, AttributeError, IndexError, KeyError) as exc:
                errors.report(InputError(f"malformed record: {type(exc).__name__}: {exc}", path=path, record=record))
                continue
            if paper is None:
                errors.report(InputError(f"record has no title (id {data.get('id')!r})", path=path, record=record))
                continue
            found = True
            yield paper
    if not found and not errors.count:
        errors.report(InputError("no records found", path=path))


def _paper(data: dict, path: str, record: str) -> Paper | None:
    title = clean_text(data.get("title"))
    if not title:
        return None
    raw_authors = data.get("authors") or ""
    authors = _authors(data.get("authors_parsed"), raw_authors)
    affiliations: list[str] = []
    for author in authors:
        affiliations.extend(a for a in author.affiliations if a not in affiliations)
    published = published_date(data)
    ids = {}
    for field, key in (("journal-ref", "journal_ref"), ("report-no", "report_no")):
        value = normalize_space(data.get(field) or "")
        if value:
            ids[key] = value
    arxiv_id = normalize_space(str(data.get("id") or "")) or None
    return Paper(
        key=paper_key(title),
        title=title,
        source=SourceRef(path, NAME, record),
        authors=authors,
        authors_complete=bool(authors) and not _ET_AL.search(normalize_space(raw_authors)),
        affiliations=tuple(affiliations),
        categories=tuple(dict.fromkeys((data.get("categories") or "").split())),
        published=published,
        year=int(published[:4]) if published else None,
        abstract=clean_text(data.get("abstract")),
        doi=normalize_doi(data.get("doi")),
        arxiv_id=arxiv_id,
        ids=ids,
    )


try:
    from zoneinfo import ZoneInfo

    _ARXIV_TZ: tzinfo = ZoneInfo("America/New_York")
except Exception:  # no time zone database on this system: GMT dates, off by one for late-evening submissions
    from datetime import timezone as _tz

    _ARXIV_TZ = _tz.utc


def published_date(data: dict) -> str | None:
    """The date of the first version (RFC 2822 in ``versions[0].created``), else ``update_date``.

    arXiv dates a submission in its own time zone (US Eastern): the OAI-PMH ``created`` date of a paper sent at
    02:26 GMT on 31 March is 30 March, so the GMT stamp is converted before taking the date.

    >>> published_date({"versions": [{"created": "Mon, 2 Apr 2007 19:18:42 GMT"}], "update_date": "2008-11-26"})
    '2007-04-02'
    >>> published_date({"versions": [{"created": "Sat, 31 Mar 2007 02:26:18 GMT"}]})
    '2007-03-30'
    >>> published_date({"versions": [], "update_date": "2008-11-26"})
    '2008-11-26'
    """
    versions = data.get("versions") or []
    created = versions[0].get("created") if versions and isinstance(versions[0], dict) else None
    if created:
        try:
            return parsedate_to_datetime(created).astimezone(_ARXIV_TZ).date().isoformat()
        except (TypeError, ValueError):
            pass
    update = str(data.get("update_date") or "")
    return update if re.fullmatch(r"\d{4}-\d{2}-\d{2}", update) else None


def _authors(parsed, raw: str) -> tuple[AuthorRef, ...]:
    if not parsed:  # fall back on the display string: "A, B and C"
        names = re.split(r",\s*|\s+and\s+", _ET_AL.sub("", normalize_space(raw)))
        return tuple(parse_given_first(n) for n in names if n.strip())
    footnotes: dict[str, str] | None = None  # read from the raw string only when an author needs it
    out = []
    for parts in parsed:
        family, given = parts[0] or "", (parts[1] if len(parts) > 1 else "") or ""
        suffix = parts[2] if len(parts) > 2 else ""
        given = re.sub(r"\.\s+-\s*", ".-", given)  # the snapshot splits "C.-P." into "C. -P."
        if suffix:
            family = f"{family} {suffix}"
        affs: list[str] = []
        for aff in parts[3:]:
            aff = normalize_space(aff or "")
            if _FOOTNOTES.fullmatch(aff):
                footnotes = _numbered_footnotes(raw) if footnotes is None else footnotes
                affs.extend(footnotes.get(n, "") for n in re.findall(r"\d+", aff))
            else:
                affs.append(aff)
        cleaned = [clean_text(a) for a in affs if a]
        out.append(from_parts(given, family, affiliations=tuple(dict.fromkeys(a for a in cleaned if a))))
    return tuple(a for a in out if a.name)


def _numbered_footnotes(raw: str) -> dict[str, str]:
    """ "A (1 and 2) and B (1) ((1) CREST, Tokyo, (2) Kurchatov Institute)" -> {"1": "CREST, Tokyo", ...}

    >>> _numbered_footnotes("N. Nagaosa (1 and 3) ((1) CREST, Japan, (3) The University of Tokyo)")
    {'1': 'CREST, Japan', '3': 'The University of Tokyo'}
    """
    m = re.search(r"\(\s*(\(\d+\).*)\)\s*$", normalize_space(raw))
    if not m:
        return {}
    pieces = re.split(r"\((\d+)\)", m.group(1))
    return {num: text.strip(" ,;") for num, text in zip(pieces[1::2], pieces[2::2]) if text.strip(" ,;")}

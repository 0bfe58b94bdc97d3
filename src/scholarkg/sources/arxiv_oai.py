"""arXiv OAI-PMH harvest pages: ``ListRecords`` with ``metadataPrefix=arXiv``.

One page holds up to 1000 ``<record>`` elements; each (unless deleted) carries an ``<arXiv>`` element in the
namespace ``http://arxiv.org/OAI/arXiv/``::

    <record><header><identifier>oai:arXiv.org:0704.0002</identifier>...</header>
    <metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/">
      <id>0704.0002</id><created>2007-03-30</created>
      <authors><author><keyname>Streinu</keyname><forenames>Ileana</forenames>
                       <affiliation>...</affiliation></author>...</authors>
      <title>...</title><categories>math.CO cs.CG</categories>
      <journal-ref>...</journal-ref><doi>...</doi><abstract>...</abstract>
    </arXiv></metadata></record>

Pages are parsed with ``lxml.etree.iterparse`` one record at a time; every record is cleared once read and
dropped from its parent, so memory stays flat however big the page (or however many pages) is.
Deleted records (``<header status="deleted">``) are skipped silently. A page cut short or broken XML is
reported naming the file and the record the parser had reached; every record before it is still yielded.
"""
from __future__ import annotations

import re
import zlib
from datetime import date
from typing import Iterator

from lxml import etree

from ..errors import InputError
from ..model import AuthorRef, Paper, SourceRef
from ._io import ErrorSink, open_binary
from .names import from_parts
from .text import clean_latex, normalize_space, paper_key

NAME = "arxiv-oai"

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
ARXIV_NS = "http://arxiv.org/OAI/arXiv/"
_OAI = "{%s}" % OAI_NS
_AX = "{%s}" % ARXIV_NS

_NS_DECL = re.compile(r'xmlns(?::[\w.-]+)?\s*=\s*["\']' + re.escape(ARXIV_NS) + r'["\']')
_PREFIX = re.compile(r"""<(?:\w+:)?request\b[^>]*\bmetadataPrefix\s*=\s*["']arXiv["']""")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_VERSION = re.compile(r"v\d+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def sniff(head: str, path: str) -> bool:
    """An OAI-PMH page whose records are in the arXiv metadata format.

    >>> sniff('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record>'
    ...       '<metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/">', "p.xml")
    True
    >>> sniff('<OAI-PMH><ListRecords><record><metadata><arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/">', "p.xml")
    False
    """
    if "OAI-PMH" not in head and "ListRecords" not in head:
        return False
    return bool(_NS_DECL.search(head) or _PREFIX.search(head))


def iter_papers(path: str, errors: ErrorSink) -> Iterator[Paper]:
    """Every paper of one OAI-PMH page, in page order; ``record N`` counts every ``<record>``, deleted ones too."""
    number = 0  # <record> elements seen so far, deleted ones included
    last_id: str | None = None  # identifier of the last complete record
    f: _Guarded | None = None
    try:
        with open_binary(path) as raw:
            f = _Guarded(raw)
            events = etree.iterparse(f, events=("end",), tag=(_OAI + "record", _OAI + "error"), resolve_entities=False)
            for _, elem in events:
                if elem.tag == _OAI + "error":
                    code = elem.get("code") or "error"
                    if code != "noRecordsMatch":
                        errors.report(InputError(f"OAI-PMH {code}: {normalize_space(elem.text or '')}", path=path))
                    continue
                number += 1
                header = elem.find(_OAI + "header")
                ident = header.findtext(_OAI + "identifier") if header is not None else None
                last_id = normalize_space(ident) if ident else last_id
                try:
                    if header is None or header.get("status") != "deleted":
                        paper = _paper(elem, path, number, ident, errors)
                        if paper is not None:
                            yield paper
                finally:
                    _drop(elem)
            if f.fault is not None:  # the XML happened to end cleanly right where the .gz broke off
                raise etree.XMLSyntaxError("", 0, 0, 0)
    except etree.XMLSyntaxError as exc:
        if f is not None and f.fault is not None:
            why = f"file ends early or is corrupt: {f.fault}"
        else:
            line = f" at line {exc.position[0]}" if exc.position and exc.position[0] else ""
            why = f"broken XML{line}: {exc.msg or exc}"
        where = f"record {number + 1}"  # the record the parser was inside (or would have started)
        errors.report(InputError(f"{why} (reached {_after(number, last_id)})", path=path, record=where))


class _Guarded:
    """A byte stream whose read faults (a cut or corrupt ``.gz``) end the stream instead of raising, so the
    parser still gets every byte that could be decompressed; the fault is kept for the error message."""

    def __init__(self, stream):
        self.stream = stream
        self.fault: Exception | None = None

    def read(self, size: int = -1) -> bytes:
        if self.fault is not None:
            return b""
        try:  # read1: a buffered read that fails part-way would drop the bytes it already had
            return self.stream.read1(size) if hasattr(self.stream, "read1") else self.stream.read(size)
        except (EOFError, zlib.error, OSError) as exc:
            self.fault = exc
            return b""


def _after(number: int, last_id: str | None) -> str:
    if not number:
        return "no complete record"
    return f"record {number}" + (f", {last_id}" if last_id else "")


def _drop(elem: etree._Element) -> None:
    """Free a finished record and everything parsed before it."""
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def _fields(elem: etree._Element) -> dict[str, str]:
    """Child tag (namespace dropped) -> collapsed text, for the non-blank children of ``elem``; the first wins."""
    out: dict[str, str] = {}
    for child in elem:
        tag = child.tag
        if isinstance(tag, str) and tag.startswith(_AX) and child.text:
            value = normalize_space(child.text)
            if value:
                out.setdefault(tag[len(_AX):], value)
    return out


def _paper(record: etree._Element, path: str, number: int, ident: str | None, errors: ErrorSink) -> Paper | None:
    where = f"record {number}"
    label = f" ({normalize_space(ident)})" if ident else ""
    meta = record.find(f"{_OAI}metadata/{_AX}arXiv")
    if meta is None:
        errors.report(InputError(f"record{label} has no arXiv metadata", path=path, record=where))
        return None
    fields = _fields(meta)
    title = clean_latex(fields.get("title", ""))
    if not title:
        errors.report(InputError(f"record{label} has no title", path=path, record=where))
        return None
    authors = tuple(a for a in map(_author, meta.iterfind(f"{_AX}authors/{_AX}author")) if a.name)
    affiliations = tuple(dict.fromkeys(org for a in authors for org in a.affiliations))
    published, year = _date(fields.get("created"))
    arxiv_id = fields.get("id")
    journal_ref = fields.get("journal-ref")
    abstract = clean_latex(fields.get("abstract", ""))
    return Paper(
        key=paper_key(title),
        title=title,
        source=SourceRef(path, NAME, where),
        authors=authors,
        authors_complete=bool(authors),
        affiliations=affiliations,
        categories=tuple(dict.fromkeys(fields.get("categories", "").split())),
        published=published,
        year=year,
        abstract=abstract or None,
        doi=clean_doi(fields.get("doi")),
        arxiv_id=_VERSION.sub("", arxiv_id) if arxiv_id else None,
        venue=journal_ref,
        ids={"journal_ref": journal_ref} if journal_ref else {},
    )


def _author(elem: etree._Element) -> AuthorRef:
    """One ``<author>``: keyname (+ suffix) is the family name, forenames the given names."""
    given = family = suffix = None
    orgs: list[str] = []
    for child in elem:
        tag, text = child.tag, child.text
        if not text or not isinstance(tag, str):
            continue
        if tag == _AX + "keyname":
            family = text
        elif tag == _AX + "forenames":
            given = text
        elif tag == _AX + "suffix":
            suffix = text
        elif tag == _AX + "affiliation":
            org = clean_latex(normalize_space(text))
            if org and org not in orgs:
                orgs.append(org)
    family = (family or "").strip().rstrip(",")  # a few keynames carry a stray comma ("Heath,")
    if suffix and suffix.strip():
        family = f"{family} {suffix.strip()}"
    return from_parts(given, family, affiliations=tuple(orgs))


def _date(text: str | None) -> tuple[str | None, int | None]:
    """ "2007-03-30" -> the ISO date and the year; anything else -> (None, the year if one leads).

    >>> _date("2007-03-30")
    ('2007-03-30', 2007)
    >>> _date("2007-13-45")
    (None, 2007)
    """
    if not text:
        return None, None
    if _DATE.match(text):
        try:
            return date.fromisoformat(text).isoformat(), int(text[:4])
        except ValueError:
            pass
    m = re.match(r"^(\d{4})\b", text)
    return None, (int(m.group(1)) if m else None)


def clean_doi(text: str | None) -> str | None:
    """The first DOI of a ``<doi>`` field (some list several, split by spaces or ";"), lower-case,
    without a resolver prefix.

    >>> clean_doi("https://doi.org/10.3233/FI-2011-428; 10.3233/FI-2011-429")
    '10.3233/fi-2011-428'
    """
    for part in re.split(r"[\s;,]+", text or ""):
        doi = _DOI_PREFIX.sub("", part).rstrip(".").lower()
        if doi.startswith("10."):
            return doi
    return None

"""DBLP XML: the ``dblp.xml`` dump (or a slice of it) and dblp person pages (``<dblpperson>``).

A dump is a ``<dblp>`` root holding one element per record::

    <article mdate="2017-05-28" key="journals/acta/Saxena96">
      <author orcid="0000-...">Sanjeev Saxena</author>   <- "Wei Zhang 0001": a 4-digit dblp disambiguator
      <title>Parallel Integer Sorting ...</title>          <- may hold <i>, <sub>, <sup> markup
      <year>1996</year><journal>Acta Inf.</journal>       <- or <booktitle> (inproceedings, incollection)
      <ee>https://doi.org/10.1007/BF03036466</ee>          <- DOI, arXiv or other electronic editions
    </article>
    <www key="homepages/l/HuaLu">                          <- a person, not a paper
      <author>Hua Lu 0001</author>
      <note type="affiliation">Roskilde University, Denmark</note>
    </www>

A person page (``https://dblp.org/pid/....xml``) is a ``<dblpperson name=...>`` root with one ``<person>``
element and every paper wrapped in ``<r>``; its ``name`` becomes ``profile_owner``.

Paper records: article, inproceedings, proceedings, incollection, book, phdthesis, mastersthesis. Person
records (``www``, ``person``) are read in a first pass and their current affiliations (notes without a
``label`` such as "former") and ORCID are attached to the matching authors of the papers, matched by the
full dblp name. Both passes stream: every record is cleared once read.

The character entities (``&uuml;``) are defined by ``dblp.dtd``: when the DTD named in the DOCTYPE lies
beside the file it is loaded; otherwise the entities are rewritten to character references from the
HTML entity table before the parser sees them (an unknown name is kept as literal text). A file cut short or
broken XML is reported naming the file and the record the parser had reached ("record 6 (journals/x/Y)");
every record before it is still yielded. A record without a title is reported and skipped. The ``dblp.dtd``
itself is claimed by ``sniff`` and yields nothing, so a folder holding a dump and its DTD reads cleanly.
"""
from __future__ import annotations

import os
import re
from html.entities import name2codepoint
from typing import Iterator
from urllib.parse import unquote

from lxml import etree

from ..errors import InputError
from ..model import AuthorRef, Paper, SourceRef
from ._io import ErrorSink, open_binary, read_head
from .names import parse_given_first
from .text import clean_latex, normalize_space, paper_key

NAME = "dblp"

PAPER_TAGS = frozenset({"article", "inproceedings", "proceedings", "incollection", "book", "phdthesis", "mastersthesis"})
PERSON_TAGS = frozenset({"www", "person"})
RECORD_TAGS = PAPER_TAGS | PERSON_TAGS
ROOTS = ("dblp", "dblpperson")
CHUNK = 64 * 1024

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FIRST_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")
_DTD_START = re.compile(r"^(?:<\?xml[^>]*\?>\s*)?<!(?:ELEMENT|ENTITY|ATTLIST)\s")
_DTD_DBLP = re.compile(r"<!ELEMENT\s+dblp\s")
_DOCTYPE = re.compile(r"""<!DOCTYPE\s+(dblp|dblpperson)\b(?:\s+(?:SYSTEM|PUBLIC\s+(["'])[^"']*\2)\s+(["'])([^"']*)\3)?""")
_DISAMBIGUATOR = re.compile(r"^(.*?)\s+(\d{4})$")
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", re.I)
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})"
_ARXIV_URL = re.compile(r"^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/" + _ARXIV_ID + r"(?:v\d+)?(?:\.pdf)?$", re.I)
_WIKIDATA_URL = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/(Q\d+)$")
_ORCID_URL = re.compile(r"^https?://orcid\.org/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}


def sniff(head: str, path: str) -> bool:
    """An XML file whose root element (or DOCTYPE) is ``dblp`` or ``dblpperson``.

    >>> sniff('<?xml version="1.0"?>\\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\\n<dblp>\\n<article key="a">', "x.xml")
    True
    >>> sniff('<dblpperson name="Hua Lu 0001" pid="l/HuaLu" n="3">', "x.xml")
    True
    >>> sniff('<OAI-PMH><ListRecords><record><dblp>', "x.xml")
    False

    The ``dblp.dtd`` that comes with a dump is claimed too (and yields no papers), so that a folder holding
    both can be read as a whole.

    >>> sniff('<!-- dblp -->\\n<!ELEMENT dblp (article|inproceedings)*>', "dblp.dtd")
    True
    """
    text = _COMMENT.sub("", head.lstrip("\ufeff \t\r\n")).lstrip()
    if not text.startswith("<"):
        return False
    if _is_dtd(text):
        return True
    if _DOCTYPE.search(text[:2048]):
        return True
    body = re.sub(r"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", "", text, count=1, flags=re.S)
    first = _FIRST_TAG.search(body)
    return first is not None and first.group(1) in ROOTS


def _is_dtd(text: str) -> bool:
    """A DTD declaring the ``dblp`` element (``text`` with comments removed)."""
    return bool(_DTD_START.match(text) and _DTD_DBLP.search(text))


def iter_papers(path: str, errors: ErrorSink) -> Iterator[Paper]:
    try:
        head = read_head(path, 8192)
    except InputError:
        head = ""  # a .gz cut short: the streaming pass reports it, after the records it can read
    if _is_dtd(_COMMENT.sub("", head).lstrip()):
        return  # the DTD of a dump: no records
    dtd = _dtd_beside(path, head)
    people: dict[str, tuple[tuple[str, ...], str | None]] = {}
    for _, elem in _records(path, dtd, errors, PERSON_TAGS, report=False):
        _collect_person(elem, people)
    owner = None
    for number, elem in _records(path, dtd, errors, PAPER_TAGS, root=True):
        if number == 0:  # the root, seen at its start: a person page names its owner
            owner = (normalize_space(elem.get("name") or "") or None) if elem.tag == "dblpperson" else None
            continue
        paper = _paper(path, number, elem, people, owner, errors)
        if paper is not None:
            yield paper


def _dtd_beside(path: str, head: str) -> bool:
    """True when the DOCTYPE in ``head`` names a local DTD that exists next to the file."""
    m = _DOCTYPE.search(head)
    if not m or not m.group(4) or re.match(r"^[a-z]+:", m.group(4), re.I):
        return False
    return os.path.isfile(os.path.join(os.path.dirname(os.path.abspath(path)), m.group(4)))


# ---------------------------------------------------------------- streaming records

def _records(path: str, dtd: bool, errors: ErrorSink, want: frozenset[str], *, report: bool = True,
             root: bool = False) -> Iterator[tuple[int, etree._Element]]:
    """(number, element) for every record whose tag is in ``want``, numbered in document order over all records.

    With ``root`` the root element is yielded first (number 0), so the reader learns a person page's owner.
    The parser reports only the root's start and the ends of records (and of <r> wrappers); each is cleared and dropped
    once the consumer is done with it, so memory stays flat. Errors are reported only with ``report`` (the
    first pass over a file leaves them to the second).
    """
    parser = etree.XMLPullParser(
        events=("start", "end"), tag=sorted(RECORD_TAGS | {"r"} | set(ROOTS)), load_dtd=dtd, resolve_entities=dtd,
        no_network=True, huge_tree=True, remove_comments=True, remove_pis=True, base_url=os.path.abspath(path),
    )
    if dtd:
        parser.resolvers.add(_OnlyLocalDtds(os.path.dirname(os.path.abspath(path))))
    number = 0
    top = None  # the root element, known from the first event
    at_end = False
    lines = 1  # lines fed so far: an error on the last of them, at the end, means the file was cut short

    def fail(message: str) -> None:
        if report:
            errors.report(InputError(message, path=path, record=_where(top, number)))

    def parsed(f) -> Iterator[tuple[str, etree._Element]]:
        """The parser's events, chunk by chunk; the events before an error are still delivered."""
        nonlocal at_end, top, lines
        for chunk in _chunks(f, dtd):
            lines += chunk.count(b"\n")
            try:
                parser.feed(chunk)
            except etree.XMLSyntaxError:
                yield from list(parser.read_events())  # the records before the error still count
                raise
            yield from list(parser.read_events())
        at_end = True
        try:
            last = parser.close()
        except etree.XMLSyntaxError:
            # libxml2 >= 2.14 stops at an error inside feed() without raising, raises it here, and then closes
            # every open element: those end events are not records, so nothing read after the error counts
            raise
        yield from list(parser.read_events())
        if top is None:
            top = last

    try:
        with open_binary(path) as f:
            for event, elem in parsed(f):
                if top is None:
                    top = elem.getroottree().getroot()
                    if top.tag not in ROOTS:
                        break
                    if root:
                        yield 0, top
                if event == "start":
                    continue
                parent = elem.getparent()
                if parent is None:
                    continue
                if elem.tag != "r" and (parent is top or (parent.tag == "r" and parent.getparent() is top)):
                    number += 1
                    if elem.tag in want:
                        yield number, elem
                if parent is top:  # a direct child of the root is done with: drop it
                    elem.clear()
                    top.remove(elem)
        if top is not None and top.tag not in ROOTS:
            fail(f"root element is <{top.tag}>, not <dblp> or <dblpperson>")
    except etree.XMLSyntaxError as exc:
        message = exc.msg or str(exc)
        if at_end and (exc.lineno is None or exc.lineno >= lines - 1):
            message = f"the file ends before the XML is complete (cut short?): {message}"
        elif exc.lineno and f"line {exc.lineno}" not in message:
            message = f"line {exc.lineno}: {message}"
        fail(f"broken XML: {message}")
    except (OSError, EOFError) as exc:  # an unreadable file, a .gz cut short
        fail(f"cannot read (cut short?): {exc}")


class _OnlyLocalDtds(etree.Resolver):
    """Load DTD files from the data's own folder and nothing else: an external entity (``<!ENTITY x SYSTEM
    "file:///etc/passwd">``, in the file or in a DTD beside it) expands to nothing instead of reading any file the
    user can read into the graph."""

    def __init__(self, folder: str):
        super().__init__()
        self.folder = folder

    def resolve(self, url, pubid, context):
        local = unquote(url[7:]) if url and url.startswith("file://") else url
        if local and local.endswith(".dtd") and os.path.dirname(os.path.abspath(local)) == self.folder:
            return None  # lxml loads it as usual
        return self.resolve_string("", context)


def _where(top, number: int) -> str | None:
    """The record the parser had reached: the last child of the root still open (finished ones are dropped)."""
    last = top[-1] if top is not None and len(top) else None
    if last is not None and last.tag == "r":
        last = last[-1] if len(last) else None
    if last is not None and last.tag in RECORD_TAGS:
        key = last.get("key")
        return f"record {number + 1}" + (f" ({key})" if key else "")
    return f"after record {number}" if number else None


def _chunks(f, dtd: bool) -> Iterator[bytes]:
    """The file's bytes in chunks; without a DTD, named entities become numeric character references."""
    rest = b""
    while True:
        data = f.read1(CHUNK) if hasattr(f, "read1") else f.read(CHUNK)
        if not data:
            if rest:
                yield rest if dtd else _numeric_entities(rest)
            return
        if dtd:
            yield data
            continue
        data = rest + data
        cut = data.rfind(b"&")
        if cut != -1 and b";" not in data[cut:] and len(data) - cut < 64:
            data, rest = data[:cut], data[cut:]  # an entity may continue in the next chunk
        else:
            rest = b""
        yield _numeric_entities(data)


def _numeric_entities(data: bytes) -> bytes:
    """ "&uuml;" -> "&#252;"; XML's own five stay; unknown names are kept as literal text.

    >>> _numeric_entities(b"J&uuml;rgen &amp; Fran&ccedil;ois &bogus;")
    b'J&#252;rgen &amp; Fran&#231;ois &amp;bogus;'
    """
    def replace(m: re.Match[bytes]) -> bytes:
        name = m.group(1)
        if name in _XML_ENTITIES:
            return m.group(0)
        code = name2codepoint.get(name.decode("ascii"))
        return b"&#%d;" % code if code is not None else b"&amp;" + name + b";"

    return _ENTITY.sub(replace, data)


# ---------------------------------------------------------------- records to papers

def _text(elem: etree._Element) -> str:
    """All text inside an element (markup like <i> or <sub> dropped), white space collapsed."""
    return normalize_space("".join(elem.itertext()))


def _collect_person(elem: etree._Element, people: dict) -> None:
    """Remember a person record's current affiliations and ORCID under each of its dblp names."""
    names = [_text(c) for c in elem if c.tag == "author"]
    affiliations = tuple(
        dict.fromkeys(_text(c) for c in elem if c.tag == "note" and c.get("type") == "affiliation" and not c.get("label"))
    )
    affiliations = tuple(a for a in affiliations if a)
    orcid = next((m.group(1) for c in elem if c.tag == "url" and (m := _ORCID_URL.match(_text(c)))), None)
    for name in names:
        if name and (affiliations or orcid):
            people.setdefault(name, (affiliations, orcid))


def author_from_dblp(name: str, orcid: str | None = None, affiliations: tuple[str, ...] = (), pid: str | None = None) -> AuthorRef:
    """A dblp author name to an ``AuthorRef``: the 4-digit disambiguator is dropped from the display name
    and kept, with the rest of the name, as ``ids["dblp"]``.

    >>> a = author_from_dblp("Wei Zhang 0001")
    >>> (a.name, a.given, a.family, a.ids["dblp"])
    ('Wei Zhang', 'Wei', 'Zhang', 'Wei Zhang 0001')
    """
    m = _DISAMBIGUATOR.match(name)
    display = m.group(1) if m else name
    ids = {"dblp": name}
    if pid:
        ids["dblp_pid"] = pid
    return parse_given_first(display, orcid=orcid, affiliations=affiliations, ids=ids)


def clean_dblp_title(text: str) -> str:
    """dblp ends every title with a period; drop it (a "?" or "!" stays).

    >>> clean_dblp_title("Spectre Attacks: Exploiting  Speculative Execution.")
    'Spectre Attacks: Exploiting Speculative Execution'
    >>> clean_dblp_title("What Is It?")
    'What Is It?'
    """
    text = normalize_space(clean_latex(text))
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def _paper(path: str, number: int, elem: etree._Element, people: dict, owner: str | None,
           errors: ErrorSink) -> Paper | None:
    key = elem.get("key")
    where = f"record {number}" + (f" ({key})" if key else "")
    texts: dict[str, list[str]] = {}  # tag -> the non-empty texts of those children, in order
    authors = []
    for child in elem:
        text = _text(child)
        if not text:
            continue
        texts.setdefault(child.tag, []).append(text)
        if child.tag == "author":
            known_affiliations, known_orcid = people.get(text, ((), None))
            orcid = child.get("orcid") or known_orcid
            authors.append(author_from_dblp(text, orcid, known_affiliations, child.get("pid")))

    def first(tag: str) -> str | None:
        values = texts.get(tag)
        return values[0] if values else None

    title = clean_dblp_title(first("title") or "")
    if not title:
        errors.report(InputError(f"<{elem.tag}> record has no title", path=path, record=where))
        return None

    year_text = first("year")
    year = int(year_text) if year_text and re.fullmatch(r"\d{4}", year_text) else None
    month = first("month")
    date_text = (f"{month} {year}" if month else str(year)) if year else None

    ids: dict[str, str] = {}
    if key:
        ids["dblp"] = key
    doi = arxiv_id = None
    for url in texts.get("ee", ()):
        if m := _DOI_URL.match(url):
            doi = doi or unquote(m.group(1)).lower()
        elif m := _ARXIV_URL.match(url):
            arxiv_id = arxiv_id or m.group(1)
        elif m := _WIKIDATA_URL.match(url):
            ids.setdefault("wikidata", m.group(1))
        else:
            ids.setdefault("ee", url)
    journal, volume = first("journal"), first("volume")
    if arxiv_id is None and journal == "CoRR" and volume and (m := re.fullmatch(r"abs/" + _ARXIV_ID, volume)):
        arxiv_id = m.group(1)
    for tag, id_name in (("isbn", "isbn"), ("crossref", "dblp_crossref")):
        if value := first(tag):
            ids[id_name] = value

    return Paper(
        key=paper_key(title),
        title=title,
        source=SourceRef(path, NAME, where),
        authors=tuple(authors),
        authors_complete=bool(authors),
        profile_owner=owner,
        affiliations=tuple(dict.fromkeys(org for a in authors for org in a.affiliations)),
        year=year,
        date_text=date_text,
        doi=doi,
        arxiv_id=arxiv_id,
        venue=journal or first("booktitle") or first("school"),
        ids=ids,
    )

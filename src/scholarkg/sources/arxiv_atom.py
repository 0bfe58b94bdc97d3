"""arXiv API responses (Atom feeds from ``export.arxiv.org/api/query``), read one ``<entry>`` at a time.

Both layouts the API has served are read: the older one, which declares the ``arxiv:`` namespace on each
element and puts MSC/ACM class strings among the ``<category>`` terms, and the 2026 one, which declares
all namespaces on ``<feed>`` and orders the entry children differently. An entry looks like::

    <entry>
      <id>http://arxiv.org/abs/1801.05533v1</id>
      <published>2018-01-17T03:05:51Z</published>
      <title>...</title>  <summary>...</summary>
      <author><name>Xiaomin Chen</name><arxiv:affiliation>...</arxiv:affiliation></author>
      <arxiv:doi>...</arxiv:doi>  <arxiv:journal_ref>...</arxiv:journal_ref>
      <arxiv:primary_category term="math.DG"/>  <category term="math.DG"/> ...
    </entry>
"""
from __future__ import annotations

import re
from typing import Iterator

from lxml import etree

from ..errors import InputError
from ..model import AuthorRef, Paper, SourceRef
from ._io import ErrorSink, open_binary
from .names import parse_given_first
from .text import clean_latex, normalize_space, paper_key

NAME = "arxiv-atom"

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"

# arXiv subject codes: cs.LG, math-ph, cond-mat.dis-nn, physics.hist-ph, q-bio.NC, hep-th.
# MSC ("53D10, 53D15") and ACM ("I.2.6") class strings, which old feeds list as categories, do not match.
CATEGORY = re.compile(r"[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]{2,}(?:-[a-z]+)*)?")
_ABS_URL = re.compile(r"arxiv\.org/abs/(.+?)(?:v\d+)?$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def clean_text(text: str | None) -> str | None:
    """A title or abstract as plain text: LaTeX accents and markup resolved, TeX quotes made typographic,
    white space collapsed; None when nothing is left.

    >>> clean_text("  Einstein-Weyl structures on\\n  K{\\\\\\"a}hler ``manifolds''  ")
    'Einstein-Weyl structures on Kähler “manifolds”'
    """
    if text is None:
        return None
    text = clean_latex(normalize_space(text)).replace("``", "\u201c").replace("''", "\u201d")
    return normalize_space(text) or None


def normalize_doi(doi: str | None) -> str | None:
    """A DOI lower-cased, without resolver prefix; the first one when several are listed.

    >>> normalize_doi("https://doi.org/10.1103/PhysRevD.76.013009")
    '10.1103/physrevd.76.013009'
    >>> normalize_doi("10.1364/JOSAA.23.002578 10.1364/JOSAA.32.002407")
    '10.1364/josaa.23.002578'
    """
    if not doi or not doi.split():
        return None
    doi = doi.split()[0]
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi, flags=re.I)
    return doi.lower() or None


def arxiv_id_from_url(url: str | None) -> str | None:
    """The arXiv identifier in an abstract-page URL, version suffix dropped.

    >>> arxiv_id_from_url("http://arxiv.org/abs/1706.03762v5")
    '1706.03762'
    >>> arxiv_id_from_url("http://arxiv.org/abs/math/0502287v1")
    'math/0502287'
    """
    m = _ABS_URL.search((url or "").strip())
    return m.group(1) if m else None


def arxiv_categories(terms) -> tuple[str, ...]:
    """arXiv subject codes from category terms, in order, deduplicated, class strings dropped.

    >>> arxiv_categories(["math.DG", "math.DG", "math-ph", "53C25, 53A30 (Primary)", "I.2.6"])
    ('math.DG', 'math-ph')
    """
    out: list[str] = []
    for term in terms:
        term = (term or "").strip()
        if CATEGORY.fullmatch(term) and term not in out:
            out.append(term)
    return tuple(out)


def sniff(head: str, path: str) -> bool:
    start = head[:4096]
    return (
        "<feed" in start
        and "http://www.w3.org/2005/Atom" in start
        and ("arxiv.org/api" in start or "http://arxiv.org/schemas/atom" in head)
    )


def iter_papers(path: str, errors: ErrorSink) -> Iterator[Paper]:
    count = 0
    with open_binary(path) as f:
        events = etree.iterparse(f, events=("end",), tag=ATOM + "entry", resolve_entities=False, huge_tree=True)
        try:
            for _, entry in events:
                count += 1
                paper = _paper(entry, path, count, errors)
                # keep memory flat on big feeds: drop the entry and the siblings already read
                entry.clear()
                while entry.getprevious() is not None:
                    del entry.getparent()[0]
                if paper is not None:
                    yield paper
        except etree.XMLSyntaxError as exc:
            line = exc.lineno or (exc.position[0] if exc.position else None)
            errors.report(InputError(
                f"broken XML at line {line}: {exc.msg} (file truncated or not well-formed)",
                path=path, record=f"record {count + 1}",
            ))
            return
        root = events.root
    if root is None or root.tag != ATOM + "feed":
        tag = etree.QName(root).localname if root is not None else "nothing"
        errors.report(InputError(f"not an Atom feed (root element is <{tag}>)", path=path))


def _fields(entry) -> tuple[dict[str, str], list, list[str], list[str]]:
    """One pass over an entry's children: first text per tag, the author elements, category terms
    (primary first) and hrefs of DOI links."""
    text: dict[str, str] = {}
    authors, terms, doi_links = [], [], []
    for child in entry:
        tag = child.tag
        if tag == ATOM + "author":
            authors.append(child)
        elif tag == ATOM + "category":
            terms.append(child.get("term"))
        elif tag == ARXIV + "primary_category":
            terms.insert(0, child.get("term"))
        elif tag == ATOM + "link":
            if child.get("title") == "doi" and child.get("href"):
                doi_links.append(child.get("href"))
        elif isinstance(tag, str) and child.text and tag not in text:
            text[tag] = child.text
    return text, authors, terms, doi_links


def _author(elem) -> AuthorRef | None:
    name, affs = "", []
    for child in elem:
        if child.tag == ATOM + "name":
            name = normalize_space(child.text or "")
        elif child.tag == ARXIV + "affiliation":
            aff = normalize_space(child.text or "")
            if aff and aff not in affs:
                affs.append(aff)
    return parse_given_first(name, affiliations=tuple(affs)) if name else None


def _paper(entry, path: str, n: int, errors: ErrorSink) -> Paper | None:
    record = f"record {n}"
    text, author_elems, terms, doi_links = _fields(entry)
    entry_id = text.get(ATOM + "id", "").strip()
    if "/api/errors" in entry_id:  # the API reports a bad query as an entry titled "Error"
        message = clean_text(text.get(ATOM + "summary")) or "unspecified error"
        errors.report(InputError(f"arXiv API error: {message}", path=path, record=record))
        return None
    title = clean_text(text.get(ATOM + "title"))
    if not title:
        errors.report(InputError(f"entry has no title ({entry_id or 'no id'})", path=path, record=record))
        return None

    authors = [a for a in map(_author, author_elems) if a is not None]
    affiliations: list[str] = []
    for author in authors:
        affiliations.extend(a for a in author.affiliations if a not in affiliations)

    shown = text.get(ATOM + "published", "").strip()
    published = shown[:10] if _DATE.match(shown) else None
    # the API gives the DOI as <arxiv:doi> and also links it as <link title="doi" href="http://dx.doi.org/...">
    doi = text.get(ARXIV + "doi") or next(iter(doi_links), None)
    ids = {}
    journal_ref = normalize_space(text.get(ARXIV + "journal_ref", ""))
    if journal_ref:
        ids["journal_ref"] = journal_ref

    return Paper(
        key=paper_key(title),
        title=title,
        source=SourceRef(path, NAME, record),
        authors=tuple(authors),
        affiliations=tuple(affiliations),
        categories=arxiv_categories(terms),
        published=published,
        year=int(published[:4]) if published else None,
        abstract=clean_text(text.get(ATOM + "summary")),
        doi=normalize_doi(doi),
        arxiv_id=arxiv_id_from_url(entry_id),
        ids=ids,
    )

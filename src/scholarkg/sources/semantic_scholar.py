"""Semantic Scholar Graph API JSON (https://api.semanticscholar.org/api-docs/graph), in the shapes it answers with:

- a paper object (``/paper/{id}``), possibly with embedded ``citations`` and ``references``, which become
  the record's ``cited_by`` and ``references`` (as ``PaperRef``: title, ids, year, first author's family name);
- a list of papers, or a ``{"data": [...]}`` page (search, batch, ``/author/{id}/papers``);
- an author object with embedded ``papers`` (``/author/{id}``): every paper is a record, and the author
  is its ``profile_owner`` (with the author's counts as ``owner_stats``) when the paper's author list
  names that author (by authorId, or by name when ids are missing); when a paper comes without an author
  list, the author is taken as its one known author and the list is marked incomplete;
- citation and reference items (``{"citingPaper": ...}`` / ``{"citedPaper": ...}``, alone or in a page):
  the paper inside is a record when it has a title (unresolved references come back without one);
- JSON Lines of any of these, and the lower-case keys of the bulk datasets (``externalids``, ``corpusid``).

``fieldsOfStudy`` are not arXiv categories, so ``categories`` stays empty.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from ..errors import InputError
from ..model import AuthorRef, Paper, PaperRef, SourceRef
from ._io import ErrorSink
from .names import parse_given_first
from .openalex import bare_orcid, clean_doi, clean_text, iso_date, iter_json, join_label
from .text import normalize_space, paper_key

NAME = "semantic-scholar"

_MARKERS = re.compile(r'"(?:paperId|citingPaper|citedPaper|corpusid)"\s*:')
_EXTERNAL = {"DBLP": "dblp", "MAG": "mag", "CorpusId": "corpus_id", "PubMed": "pmid", "PubMedCentral": "pmcid", "ACL": "acl"}


def sniff(head: str, path: str) -> bool:
    """JSON with Semantic Scholar's paper keys (and no OpenAlex work ids).

    >>> sniff('{"paperId": "2d56", "title": "Computing Machinery and Intelligence"}', "p.json")
    True
    >>> sniff('[{"id": "https://openalex.org/W1", "title": "T"}]', "w.json")
    False
    """
    return head.lstrip()[:1] in ("{", "[") and _MARKERS.search(head) is not None and "openalex.org/W" not in head


def iter_papers(path: str, errors: ErrorSink) -> Iterator[Paper]:
    for where, value in iter_json(path, errors):
        for label, obj, owner in _records(value, where, None):
            if obj is None:  # an unresolved citation/reference, or a null in a batch answer: not a paper
                continue
            if isinstance(obj, InputError):
                errors.report(InputError(obj.message, path=path, record=label))
                continue
            if not isinstance(obj, dict):
                errors.report(InputError(f"expected a paper object, found {type(obj).__name__}", path=path, record=label))
                continue
            try:
                yield paper_from_json(obj, SourceRef(path, NAME, label), owner)
            except InputError as exc:
                errors.report(InputError(exc.message, path=path, record=label))


def _records(value: Any, where: str | None, owner: dict | None) -> Iterator[tuple[str, Any, dict | None]]:
    """A parsed value to (record label, paper object, owning author): pages, lists, authors and
    citation items are opened up. The object is None for an entry that is no paper (skipped) and an
    ``InputError`` for an entry that cannot give papers (reported)."""
    if isinstance(value, dict) and isinstance(value.get("data"), list):
        value = value["data"]
    if isinstance(value, list):
        for n, item in enumerate(value, start=1):
            yield from _records(item, join_label(where, f"record {n}"), owner)
        return
    label = where or "record 1"
    if isinstance(value, dict):
        for key in ("citingPaper", "citedPaper"):
            if key in value:
                inner = value[key]
                yield label, inner if isinstance(inner, dict) and _get(inner, "title") else None, owner
                return
        if "authorId" in value and "paperId" not in value and "title" not in value:
            if not isinstance(value.get("papers"), list):
                yield label, InputError("an author object without embedded papers (ask the API for fields=papers)",
                                        says_what_to_do=True), None
                return
            for n, paper in enumerate(value["papers"], start=1):
                yield join_label(where, f"paper {n}"), paper, value
            return
    yield label, value, owner


def _get(obj: dict, key: str) -> Any:
    """``obj[key]``, also under the bulk datasets' lower-case spelling."""
    value = obj.get(key)
    return obj.get(key.lower()) if value is None else value


# ------------------------------------------------------------------ one paper

def paper_from_json(obj: dict, source: SourceRef, owner: dict | None = None) -> Paper:
    """One S2 paper object to a ``Paper`` (raises ``InputError`` when it has no title).

    >>> p = paper_from_json({"paperId": "2d56", "title": "Computing Machinery and Intelligence", "year": 1950,
    ...     "externalIds": {"DOI": "10.1093/MIND/LIX.236.433", "CorpusId": 14636783},
    ...     "authors": [{"authorId": "2262347", "name": "A. Turing"}]}, SourceRef("p.json", "semantic-scholar", "line 1"))
    >>> (p.doi, p.ids, p.year, p.authors[0].family, p.authors[0].ids)
    ('10.1093/mind/lix.236.433', {'s2': '2d56', 'corpus_id': '14636783'}, 1950, 'Turing', {'s2': '2262347'})
    """
    raw_title = _get(obj, "title")
    title = clean_text(raw_title) if isinstance(raw_title, str) else ""
    if not title:
        raise InputError("paper has no title")
    external = _get(obj, "externalIds") or {}
    external = external if isinstance(external, dict) else {}
    listed = _get(obj, "authors")
    authors = tuple(a for a in (_author(x) for x in listed or () if isinstance(x, dict)) if a is not None)
    complete = bool(authors)
    profile_owner = None
    owner_stats: dict[str, int] = {}
    if owner is not None:
        owner_author = _author(owner)
        if owner_author is not None:
            if listed is None:
                authors, complete = (owner_author,), False
            if any(_same_author(owner_author, a) for a in authors):
                profile_owner = owner_author.name
                owner_stats = _owner_stats(owner)
    affiliations = tuple(dict.fromkeys(text for a in authors for text in a.affiliations))
    published = iso_date(_get(obj, "publicationDate"))
    year = _get(obj, "year")
    if not isinstance(year, int):
        year = int(published[:4]) if published else None
    abstract = _get(obj, "abstract")
    return Paper(
        key=paper_key(title),
        title=title,
        source=source,
        authors=authors,
        authors_complete=complete,
        profile_owner=profile_owner,
        owner_stats=owner_stats,
        affiliations=affiliations,
        published=published,
        year=year,
        abstract=(clean_text(abstract) or None) if isinstance(abstract, str) else None,
        doi=clean_doi(external.get("DOI")),
        arxiv_id=_arxiv(external.get("ArXiv")),
        venue=_venue(obj),
        ids=_ids(obj, external),
        references=_refs(obj.get("references")),
        cited_by=_refs(obj.get("citations")),
    )


def _author(obj: dict) -> AuthorRef | None:
    name = obj.get("name")
    if not isinstance(name, str) or not normalize_space(name):
        return None
    ids = {"s2": str(obj["authorId"])} if obj.get("authorId") else {}
    external = obj.get("externalIds")
    if not isinstance(external, dict):
        external = {}
    affiliations = tuple(normalize_space(a) for a in obj.get("affiliations") or () if isinstance(a, str) and a.strip())
    return parse_given_first(name, orcid=bare_orcid(external.get("ORCID")), affiliations=affiliations, ids=ids)


def _same_author(owner: AuthorRef, listed: AuthorRef) -> bool:
    if owner.ids.get("s2") and listed.ids.get("s2"):
        return owner.ids["s2"] == listed.ids["s2"]
    return owner.name.casefold() == listed.name.casefold()


def _owner_stats(owner: dict) -> dict[str, int]:
    """The author's counts, under the names the profile listings use."""
    names = {"hIndex": "h_index", "paperCount": "papers", "citationCount": "citations"}
    return {ours: owner[theirs] for theirs, ours in names.items() if isinstance(owner.get(theirs), int)}


def _ids(obj: dict, external: dict) -> dict[str, str]:
    ids: dict[str, str] = {}
    if _get(obj, "paperId"):
        ids["s2"] = str(_get(obj, "paperId"))
    for theirs, ours in _EXTERNAL.items():
        value = external.get(theirs)
        if value is None and theirs == "CorpusId":
            value = _get(obj, "corpusId")
        if isinstance(value, (str, int)) and str(value):
            ids[ours] = str(value)
    return ids


def _venue(obj: dict) -> str | None:
    """The curated venue entity, else the venue string, else the journal name."""
    candidates = [(_get(obj, "publicationVenue") or {}).get("name"), _get(obj, "venue"), (_get(obj, "journal") or {}).get("name")]
    for text in candidates:
        if isinstance(text, str) and normalize_space(text):
            return normalize_space(text)
    return None


def _arxiv(value: Any) -> str | None:
    """ "1402.0030v2" -> "1402.0030"."""
    if not isinstance(value, str) or not value.strip():
        return None
    return re.sub(r"v\d+$", "", value.strip())


def _refs(items: Any) -> tuple[PaperRef, ...]:
    """Embedded citations or references to ``PaperRef`` records (entries with neither title nor id are dropped)."""
    refs = []
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue
        item = item.get("citingPaper") or item.get("citedPaper") or item
        external = _get(item, "externalIds") or {}
        ids = _ids(item, external if isinstance(external, dict) else {})
        if isinstance(external, dict):
            if doi := clean_doi(external.get("DOI")):
                ids["doi"] = doi
            if arxiv := _arxiv(external.get("ArXiv")):
                ids["arxiv"] = arxiv
        title = clean_text(item["title"]) if isinstance(item.get("title"), str) else None
        if not title and not ids:
            continue
        first = next((a for a in item.get("authors") or () if isinstance(a, dict) and isinstance(a.get("name"), str)), None)
        family = parse_given_first(first["name"]).family if first and first["name"].strip() else None
        year = item.get("year") if isinstance(item.get("year"), int) else None
        refs.append(PaperRef(title=title or None, ids=ids, year=year, first_author_family=family))
    return tuple(refs)

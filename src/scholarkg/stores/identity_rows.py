"""The author identity stage's rows collected from the batches a build writes, instead of read back from the store.

``resolve.identity`` starts by reading every authorship and every paper's context from the store
(``identity_authorships()``, ``identity_papers()``): on the 102k-paper graph that read cost about 40 s. A build into a
store that held nothing before has all of it at hand already: every statement of the store passed through the
writer as a batch. ``prepare_with_rows`` adds to each prepared batch (in the build's workers) the compact part of it
the stage needs (``batch_rows``); the embedded store keeps those while it writes (``Collected``) and answers the two
reads from them, the same rows the store would return: one authorship per (paper, author key) with the smallest
position and listed name where sources disagree and their identifiers together, one row per typed Paper with its
smallest year and title and its categories and organizations. Values are what ``rdf.term_to_python`` makes of the
literals ``RdfMapping.statements`` writes. Where the store held anything before, or anything else changed it
(remove-source, an update), the store is read as before.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterator
from urllib.parse import quote

from ..graph_model import EDGE_PREDICATES, PROPERTIES
from ..model import GraphBatch
from . import Prepared
from .rdf import RdfMapping, prepare_nquads

_YEAR, _TITLE = PROPERTIES["year"], PROPERTIES["title"]
_LINKS = {EDGE_PREDICATES[("IN_CATEGORY", "Paper", "Category")]: ("categories", "Category"),
          EDGE_PREDICATES[("AFFILIATED_WITH", "Paper", "Organization")]: ("orgs", "Organization")}

# One batch: (authorships [(paper, author, position, listed_as, ids)], papers [(paper, years, titles)],
# links [(paper, "categories" | "orgs", key)])
BatchRows = tuple[list[tuple[str, str, Any, Any, tuple[str, ...]]], list[tuple[str, tuple, tuple]],
                  list[tuple[str, str, str]]]


def prepare_with_rows(mapping: RdfMapping, batch: GraphBatch) -> Prepared:
    """``rdf.prepare_nquads`` with the batch's identity rows (``Prepared.identity``: a list of one ``BatchRows``)."""
    prepared = prepare_nquads(mapping, batch)
    prepared.identity = [batch_rows(mapping, batch)]
    return prepared


def _values(value: Any) -> list[Any]:
    """What reading back the literals ``rdf._literals`` writes for a property gives (``rdf.term_to_python``): a
    number or truth value as itself, anything else as its text (``published``'s xsd:date too)."""
    if isinstance(value, list):
        return [str(v) for v in value]
    return [value] if isinstance(value, (bool, int, float)) else [str(value)]


def batch_rows(mapping: RdfMapping, batch: GraphBatch) -> BatchRows:
    """The part of ``batch`` the identity stage reads (see the module)."""
    authorships, papers, links = [], [], []
    for node in batch.nodes.values():
        if node.label != "Paper":
            continue
        years, titles = [], []
        for name, value in node.props.items():
            pred = PROPERTIES.get(name)
            if pred == _YEAR:
                years += _values(value)
            elif pred == _TITLE:
                titles += _values(value)
        papers.append((node.key, tuple(years), tuple(titles)))
    for edge in batch.edges.values():
        (start_label, start_key), (end_label, end_key) = edge.start, edge.end
        if edge.type == "AUTHORED":
            position = edge.props.get("position")
            listed = edge.props.get("listed_as")
            authorships.append((end_key, start_key, None if position is None else int(position), listed or None,
                                tuple(edge.props.get("author_ids") or ())))
            continue
        link = _LINKS.get(EDGE_PREDICATES.get((edge.type, start_label, end_label), ""))
        if link is not None and start_label == "Paper":
            field, label = link
            # (the store reads the key back from the object's IRI: of another label, that IRI whole)
            key = end_key if end_label == label else f"{mapping.base}id/{end_label.lower()}/{quote(end_key, safe='')}"
            links.append((start_key, field, key))
    return authorships, papers, links


class Collected:
    """The identity rows of every batch written since a store was empty (see the module), deduplicated as the store
    deduplicates statements. Each of the two reads is answered once; afterwards the store is read."""

    def __init__(self) -> None:
        # paper -> author -> (position, listed_as, ids): tuples, the smallest form (280,000 of them on the 102k graph)
        self.authorships: dict[str, dict[str, tuple[Any, Any, tuple[str, ...]]]] | None = defaultdict(dict)
        # paper -> [year, title, categories, orgs, typed]
        self.papers: dict[str, list[Any]] | None = {}

    def add(self, rows: list[BatchRows]) -> None:
        """Take the rows of the batches just written."""
        assert self.authorships is not None and self.papers is not None
        for authorships, papers, links in rows:
            for paper, author, position, listed, ids in authorships:
                by_author = self.authorships[paper]
                held = by_author.get(author)
                if held is None:
                    by_author[author] = (position, listed, tuple(dict.fromkeys(ids)))
                    continue
                by_author[author] = (_least(held[0], position), _least(held[1], listed),
                                     held[2] + tuple(i for i in dict.fromkeys(ids) if i not in held[2]))
            for paper, years, titles in papers:
                row = self._paper(paper)
                row[4] = True
                for i, values in ((0, years), (1, titles)):
                    for value in values:
                        row[i] = _least(row[i], value)
            for paper, field, key in links:
                got = self._paper(paper)[2 if field == "categories" else 3]
                if key not in got:
                    got.append(key)

    def _paper(self, paper: str) -> list[Any]:
        assert self.papers is not None
        row = self.papers.get(paper)
        if row is None:
            row = self.papers[paper] = [None, None, [], [], False]
        return row

    def authorship_rows(self) -> Iterator[dict[str, Any]] | None:
        """``identity_authorships()``'s rows, or None once given."""
        held, self.authorships = self.authorships, None
        if held is None:
            return None
        return ({"paper": paper, "author": author, "position": position, "listed_as": listed, "ids": list(ids)}
                for paper, by_author in held.items() for author, (position, listed, ids) in by_author.items())

    def paper_rows(self) -> Iterator[dict[str, Any]] | None:
        """``identity_papers()``'s rows, or None once given."""
        held, self.papers = self.papers, None
        if held is None:
            return None
        return ({"paper": paper, "year": year, "title": title, "categories": categories, "orgs": orgs}
                for paper, (year, title, categories, orgs, typed) in held.items() if typed)


def _least(held: Any, value: Any) -> Any:
    """The smaller of two values, a missing one (None) aside: what the store keeps where sources disagree."""
    return held if value is None or (held is not None and held <= value) else value

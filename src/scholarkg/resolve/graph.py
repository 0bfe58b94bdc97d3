"""Paper records (and what the extractor found in them) to the nodes and edges of one source's ``GraphBatch``.

The graph model is DESIGN.md §2. Keys are deterministic, so the same input always gives the same graph and the
same paper, person or organization seen in two inputs is one node:

- Paper: the reader's title key. Author: ``resolve.names.author_key``. Organization: ``resolve.orgs.org_keys`` (one or
  several per affiliation string).
- AUTHORED carries the listed position (0-based). The owner of a profile listing is an author of every paper
  on it: where the listing does not show the owner (a list cut short with "et al."), the owner gets an
  AUTHORED edge without a position; another input that lists the whole author list supplies it.
- In-text citations become CITES edges to a Reference node keyed by first-author family name and year
  ("alemi|2016"). Every paper with a known first author and year carries the same key as ``cite_key``, so a
  query resolves a citation to the papers it names by joining the two: whatever order inputs are loaded in.

>>> from scholarkg.model import Paper, SourceRef, AuthorRef
>>> p = Paper(key="t1", title="T", source=SourceRef("x", "profile", "line 1"),
...           authors=(AuthorRef("Ada Lovelace"),), profile_owner="Charles Babbage", authors_complete=False)
>>> b = GraphBatch("s1"); add_paper(b, p)
>>> sorted(e.start[1] for e in b.iter_edges("AUTHORED"))
['ada-lovelace', 'charles-babbage']
"""
from __future__ import annotations

from ..extract.acronyms import acronym_definitions
from ..keys import reference_key
from ..model import Extraction, GraphBatch, NodeId, Paper, PaperRef
from ..sources.text import normalize_space, paper_key
from ..sources.names import parse_given_first
from .names import author_key, entity_slug, name_key
from .methods import gazetteer_names
from .orgs import org_keys

ROLE_EDGES = {"proposes": "PROPOSES", "uses": "USES"}
METHOD_RELATIONS = {"EXTENDS", "USES", "OUTPERFORMS", "COMPARED_WITH"}


def add_source(batch: GraphBatch, path: str, format: str) -> None:
    """The Source node of the batch (its key is the batch's source key)."""
    batch.add_node("Source", batch.source_key, path=path, format=format)


def add_paper(batch: GraphBatch, paper: Paper, extraction: Extraction | None = None) -> None:
    """Everything one paper record asserts."""
    p = batch.add_node(
        "Paper", paper.key, title=paper.title, abstract=paper.abstract, published=paper.published, year=paper.year,
        has_code=paper.has_code, authors_complete=paper.authors_complete, doi=paper.doi, arxiv_id=paper.arxiv_id,
        date_text=paper.date_text, cite_key=_cite_key(paper),
    )
    listed: set[str] = set()
    for position, author in enumerate(paper.authors, start=1):  # 1 = first author
        if not author.name:
            continue
        key = author_key(author)
        if not key:  # a name with no letters or digits (arXiv lists "." as an author): nothing to key it by
            continue
        listed.add(key)
        a = batch.add_node("Author", key, name=author.name, given=author.given, family=author.family, orcid=author.orcid)
        orgs = [org for text in author.affiliations for org in _organizations(batch, text)]
        # the name as listed, the input's ids and the organizations this paper ties the author to travel on the edge:
        # the identity stage (resolve.identity) may move the edge to another Author node and still knows what this
        # paper said, and makes that person's MEMBER_OF edges from them
        batch.add_edge("AUTHORED", a, p, position=position, listed_as=author.name, author_ids=_author_ids(author),
                       organizations=sorted({org[1] for org in orgs}) or None)
        for org in orgs:
            batch.add_edge("MEMBER_OF", a, org)
            batch.add_edge("AFFILIATED_WITH", p, org)
    if paper.profile_owner and name_key(paper.profile_owner) not in listed:
        owner = parse_given_first(paper.profile_owner)
        a = batch.add_node("Author", author_key(owner), name=owner.name, given=owner.given, family=owner.family)
        batch.add_edge("AUTHORED", a, p, listed_as=owner.name)
    for text in paper.affiliations:
        for org in _organizations(batch, text):
            batch.add_edge("AFFILIATED_WITH", p, org)
    for code in paper.categories:
        batch.add_edge("IN_CATEGORY", p, batch.add_node("Category", code, name=code))
    if paper.venue:
        batch.add_edge("PUBLISHED_IN", p, batch.add_node("Venue", name_key(paper.venue), name=paper.venue))
    for ref in paper.references:
        cited = _listed_paper(batch, ref)
        if cited is not None and cited != p:
            batch.add_edge("CITES", p, cited)
    for ref in paper.cited_by:
        citing = _listed_paper(batch, ref)
        if citing is not None and citing != p:
            batch.add_edge("CITES", citing, p)
    if extraction is not None:
        _add_extraction(batch, p, extraction, _defined_forms(paper, extraction))


def _author_ids(author) -> list[str] | None:
    """The identifiers an input gave for an author ("orcid:0000-...", "dblp:...", "s2:...", "openalex:...")."""
    ids = [f"orcid:{author.orcid}"] if author.orcid else []
    ids += [f"{k}:{v}" for k, v in sorted((author.ids or {}).items()) if v]
    return ids or None


def _listed_paper(batch: GraphBatch, ref: PaperRef) -> NodeId | None:
    """A paper an input lists as a reference or citation (Semantic Scholar, OpenAlex): a Paper node keyed by its
    title like any other, so it merges with the full record when that is loaded too. Untitled ones are dropped."""
    if not ref.title or not ref.title.strip():
        return None
    ids = ref.ids or {}
    return batch.add_node("Paper", paper_key(ref.title), title=normalize_space(ref.title), year=ref.year,
                          doi=ids.get("doi"), arxiv_id=ids.get("arxiv"))


def _organizations(batch: GraphBatch, text: str) -> list[NodeId]:
    """The Organization nodes an affiliation string names (several where it names several institutions); the
    string is an alias of the organization when it names just one."""
    found = org_keys(text)
    return [batch.add_node("Organization", key, name=name, aliases=[text] if text != name and len(found) == 1 else [])
            for key, name in found]


def _defined_forms(paper: Paper, ex: Extraction) -> dict[str, list[str]]:
    """Method key -> both forms of an acronym the paper defines for it ("Long Short-Term Memory (LSTM)"): kept as
    aliases, they are the evidence the corpus-wide identity pass pools (``resolve.methods``) and let a user look
    the method up by the acronym the abstract defines."""
    out: dict[str, list[str]] = {}
    by_slug: dict[str, str] = {}
    for m in ex.methods:
        for text in (m.name, m.mention, m.key):
            by_slug.setdefault(entity_slug(text), m.key)
    for field_text in (paper.title, paper.abstract):
        for d in acronym_definitions(field_text or ""):
            # by the long form only: a paper whose "SSD" is "Settore Scientifico Disciplinare" says nothing about
            # the detector SSD its acronym was matched to
            key = by_slug.get(entity_slug(d.long))
            if key is None:  # "Layer-sequential unit-variance (LSUV) initialization": the name runs on after it
                key = next((m.key for m in ex.methods if f"({d.short})" in m.mention), None)
            if key is None and by_slug.get(entity_slug(d.short)) not in (None, *gazetteer_names()[0]):
                # "gated-feedback RNN (GF-RNN)" where only the acronym was found: its long form is an alias, unless
                # the acronym is a known method's, which this paper's long form may not be
                key = by_slug[entity_slug(d.short)]
            if key is not None:
                out.setdefault(key, []).extend(f for f in (d.long, d.short) if f not in out.get(key, []))
    return out


def _add_extraction(batch: GraphBatch, p, ex: Extraction, defined: dict[str, list[str]]) -> None:
    for m in ex.methods:
        forms = [m.mention, *defined.get(m.key, []), *sorted(m.aliases)]
        aliases = [a for a in dict.fromkeys(forms) if a != m.name]
        node = batch.add_node("Method", m.key, name=m.name, aliases=aliases)
        batch.add_edge(ROLE_EDGES.get(m.role, "USES"), p, node)
    for d in ex.datasets:
        node = batch.add_node("Dataset", d.key, name=d.name, aliases=_aliases(d))
        batch.add_edge("EVALUATES_ON", p, node)
    known = {("Method", m.key) for m in ex.methods} | {("Dataset", d.key) for d in ex.datasets}
    for r in ex.relations:
        head = ("Method", r.head)
        tail = ("Dataset" if r.tail_kind == "dataset" else "Method", r.tail)
        if head not in known or tail not in known:
            continue  # a relation is kept only between entities the paper names
        if r.type == "EVALUATED_ON" and tail[0] == "Dataset":
            batch.add_edge("EVALUATED_ON", head, tail)
        elif r.type in METHOD_RELATIONS and tail[0] == "Method":
            batch.add_edge(r.type, head, tail)
    for c in ex.citations:
        ref = batch.add_node("Reference", reference_key(c.family, c.year), family=c.family, year=c.year)
        batch.add_edge("CITES", p, ref)


def _cite_key(paper: Paper) -> str | None:
    if not paper.authors or paper.year is None:
        return None
    first = paper.authors[0]
    family = first.family or parse_given_first(first.name).family
    return reference_key(family, paper.year) if family else None


def _aliases(m) -> list[str]:
    """The forms a paper writes an entity in besides its name ("EK-FAC" for its long form)."""
    return sorted({m.mention, *m.aliases} - {m.name})

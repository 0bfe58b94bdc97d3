"""Record types shared by every stage: papers from the readers, mentions from the extractor, and the
``GraphBatch`` that the resolver hands to a store.

Records are frozen; lists are tuples so a record can be passed between processes and compared.

>>> p = Paper(key="t:abc", title="A title", source=SourceRef("x.txt", "profile", "line 3"))
>>> p.to_json()["authors"]
[]
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Iterator, Literal, Mapping, NamedTuple


@dataclass(frozen=True)
class SourceRef:
    """Where a record starts: the file, the reader that read it, and a human pointer ("line 12", "record 3")."""

    path: str
    format: str
    record: str


@dataclass(frozen=True)
class AuthorRef:
    """One author as listed: display name "Given Family" plus the parts and identifiers the input had."""

    name: str
    given: str | None = None
    family: str | None = None
    orcid: str | None = None
    affiliations: tuple[str, ...] = ()
    ids: Mapping[str, str] = field(default_factory=dict)  # e.g. {"dblp": "...", "s2": "...", "openalex": "..."}


@dataclass(frozen=True)
class PaperRef:
    """A reference or citation that an input lists explicitly (Semantic Scholar, OpenAlex)."""

    title: str | None = None
    ids: Mapping[str, str] = field(default_factory=dict)
    year: int | None = None
    first_author_family: str | None = None


@dataclass(frozen=True)
class Paper:
    """One clean paper record, as every reader yields it.

    ``key`` is stable across inputs: the same paper read from two files has the same key
    (see ``scholarkg.sources.keys.paper_key``).
    """

    key: str
    title: str
    source: SourceRef
    authors: tuple[AuthorRef, ...] = ()
    authors_complete: bool = True
    profile_owner: str | None = None
    owner_stats: Mapping[str, Any] = field(default_factory=dict)
    affiliations: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    published: str | None = None  # ISO date, or None when the input shows no full date
    year: int | None = None
    date_text: str | None = None  # the date exactly as shown, when it was shown
    has_code: bool | None = None
    abstract: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    venue: str | None = None
    ids: Mapping[str, str] = field(default_factory=dict)  # openalex, s2, dblp, pmid, ...
    references: tuple[PaperRef, ...] = ()
    cited_by: tuple[PaperRef, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The record as the JSON object ``scholarkg parse`` prints (DESIGN.md §3)."""
        out = _plain(self)
        out["authors"] = [a.name for a in self.authors]
        out["author_details"] = [_plain(a) for a in self.authors]
        out["source"] = _plain(self.source)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Paper":
        """Inverse of ``to_json`` (used to pass records between processes and in tests)."""
        kwargs = {f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data}
        kwargs["source"] = SourceRef(**data["source"])
        kwargs["authors"] = tuple(
            AuthorRef(**{**a, "affiliations": tuple(a.get("affiliations", ()))}) for a in data.get("author_details", ())
        )
        for name in ("affiliations", "categories"):
            kwargs[name] = tuple(data.get(name) or ())
        for name in ("references", "cited_by"):
            kwargs[name] = tuple(PaperRef(**r) for r in data.get(name) or ())
        return cls(**kwargs)


def _plain(obj: Any) -> Any:
    """Dataclasses, tuples and mappings to plain JSON-able dicts and lists."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, Mapping):
        return {k: _plain(v) for k, v in obj.items()}
    return obj


# ---------------------------------------------------------------- extraction results

EntityKind = Literal["method", "dataset"]
"""What a mention names (the graph's Method and Dataset nodes)."""
Role = Literal["proposes", "uses"]
"""What a paper does with a method it names (its PROPOSES and USES edges)."""
RelationType = Literal["EXTENDS", "USES", "OUTPERFORMS", "COMPARED_WITH", "EVALUATED_ON"]
"""The links the extractor states between entities: the graph model's edges from a Method."""
TextField = Literal["title", "abstract"]


class Entity(NamedTuple):
    """A canonical entity the extractor settled on. A tuple, so ``kind, key, name = entity`` works as it always did.

    >>> Entity("method", "k-fac", "K-FAC").key
    'k-fac'
    """

    kind: EntityKind
    key: str  # ``keys.key_for(kind, name)`` unless a gazetteer entry says otherwise
    name: str


@dataclass(frozen=True)
class Mention:
    """A method or dataset named in a paper's text, linked to its canonical entity.

    ``field`` is "title" or "abstract"; ``start``/``end`` are character offsets into that field.
    ``role`` is "proposes" or "uses". ``aliases`` holds the paper's other surface forms of the entity (an acronym
    it defines, a spelling variant), so the entity can be looked up by any of them.
    """

    kind: EntityKind
    name: str  # canonical name
    key: str  # canonical slug
    mention: str  # the text as written
    field: TextField
    start: int
    end: int
    role: Role
    aliases: tuple[str, ...] = ()  # the other forms the paper writes it in ("EK-FAC" for its long form), sorted


@dataclass(frozen=True)
class Relation:
    """A stated link between two entities: EXTENDS, USES, OUTPERFORMS, COMPARED_WITH (method→method)
    or EVALUATED_ON (method→dataset). ``head``/``tail`` are canonical keys."""

    type: RelationType
    head: str
    tail: str
    head_kind: EntityKind = "method"
    tail_kind: EntityKind = "method"
    evidence: str | None = None
    by: str | None = None  # what found it: "rules", or "model" and the probability it gave ("model 0.83")


@dataclass(frozen=True)
class Citation:
    """An in-text citation such as "(Alemi et al., 2016)": first-author family name and year."""

    family: str
    year: int
    mention: str
    field: str
    start: int
    end: int
    suffix: str | None = None  # "a"/"b" in "2016a"


@dataclass(frozen=True)
class Extraction:
    """Everything the extractor found in one paper."""

    methods: tuple[Mention, ...] = ()
    datasets: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    citations: tuple[Citation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return _plain(self)


# ---------------------------------------------------------------- graph batches

NodeId = tuple[str, str]  # (label, key)


@dataclass
class Node:
    label: str
    key: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class Edge:
    type: str
    start: NodeId
    end: NodeId
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class GraphBatch:
    """Nodes and edges asserted by one source, ready for ``Store.upsert``.

    Every node and edge in a batch is asserted by ``source_key`` (the Source node's key). Property
    values are plain JSON values (str, int, float, bool, or lists of str). Adding the same node twice
    merges its properties: a value already set is kept, lists are unioned in order.

    >>> b = GraphBatch("src1")
    >>> b.add_node("Author", "alemi|alexander a", name="Alexander A. Alemi")
    ('Author', 'alemi|alexander a')
    >>> len(b)
    1
    """

    source_key: str
    nodes: dict[NodeId, Node] = field(default_factory=dict)
    edges: dict[tuple[str, NodeId, NodeId], Edge] = field(default_factory=dict)

    def add_node(self, label: str, key: str, **props: Any) -> NodeId:
        node_id = (label, key)
        node = self.nodes.get(node_id)
        if node is None:
            self.nodes[node_id] = Node(label, key, {k: v for k, v in props.items() if v is not None})
        else:
            _merge_props(node.props, props)
        return node_id

    def add_edge(self, type: str, start: NodeId, end: NodeId, **props: Any) -> None:
        edge_id = (type, start, end)
        edge = self.edges.get(edge_id)
        if edge is None:
            self.edges[edge_id] = Edge(type, start, end, {k: v for k, v in props.items() if v is not None})
        else:
            _merge_props(edge.props, props)

    def __len__(self) -> int:
        return len(self.nodes) + len(self.edges)

    def iter_nodes(self, label: str | None = None) -> Iterator[Node]:
        return (n for n in self.nodes.values() if label is None or n.label == label)

    def iter_edges(self, type: str | None = None) -> Iterator[Edge]:
        return (e for e in self.edges.values() if type is None or e.type == type)


def _merge_props(target: dict[str, Any], new: Mapping[str, Any]) -> None:
    for k, v in new.items():
        if v is None:
            continue
        old = target.get(k)
        if old is None:
            target[k] = v
        elif isinstance(old, list) and isinstance(v, list):
            target[k] = old + [x for x in v if x not in old]

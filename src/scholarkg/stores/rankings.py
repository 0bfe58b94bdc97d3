"""Rankings kept beside the graph, so the RDF stores answer the whole-graph questions fast.

Four catalogue questions rank the whole graph: ``top-collaborations``, ``prolific-authors``, ``trending-methods``
and ``organization-collaborations`` over all pairs; ``methods`` counts the papers of every method. Oxigraph has to
join every authorship with every other one of the same paper to answer the first (5 to 8 s on the 102k-paper
graph), and counting per author or per method takes it 0.2 to 1 s. So the RDF stores keep the counts in the
named graph ``skg:rankings``, refreshed at the end of every build and remove-source from plain reads of the graph
(authorships, paper years, method edges, affiliations, method names), and each of these questions
has a variant ``NAME.ranked.rq`` that reads them. Which entries:

- ``skg:coauthor`` pairs: the ``DEPTH`` author pairs with the most joint papers and every pair tied with the last;
- ``skg:authorPapers``: the ``DEPTH`` authors with the most papers (and ties), with their first and last year;
- ``skg:sinceYear`` entries: for each year, the ``TREND_DEPTH`` methods named by the most papers of that year or
  later (a paper's year being its smallest), and ties;
- ``skg:organizationA`` entries: every pair of organizations on a paper, as the question shows it, with its rank;
- ``skg:papersNaming`` on every method: the name it is shown by (``skg:shownName``), the papers naming it and
  those proposing it (``skg:papersProposing``): counting them took Oxigraph 4.7 to 8 s on the 102k-paper graph.

The node ``skg:rankings`` says up to which ``$limit`` the first three are exact (``skg:pairDepth``,
``skg:authorDepth``, ``skg:methodDepth``; -1: every candidate is kept) and that they are ``skg:fresh``. Before a
change the store drops these facts, so a store whose build stopped half-way answers from the graph itself (``NAME.rq``) until the next build ends.
"""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from .rdf import SKG, XSD, _nt

GRAPH = SKG + "rankings"
DEPTH = 1000  # entries kept per ranking, more where counts tie at the last one
TREND_DEPTH = 200  # methods kept per year for trending-methods
TIE_CAP = 20  # ... but at most DEPTH * TIE_CAP: beyond that the tied group is left out and the depth is smaller

AUTHORSHIPS = "SELECT DISTINCT ?p ?a WHERE { ?p schema:author ?a }"
YEARS = "SELECT ?p (MIN(?y) AS ?first) (MAX(?y) AS ?last) WHERE { ?p skg:year ?y } GROUP BY ?p"
METHODS = "SELECT DISTINCT ?p ?m WHERE { { ?p skg:proposes ?m } UNION { ?p skg:usesMethod ?m } }"
AFFILIATIONS = "SELECT DISTINCT ?p ?o WHERE { ?p skg:affiliatedWith ?o }"
ORGANIZATIONS = "SELECT ?o ?k ?n WHERE { ?o a schema:Organization ; skg:key ?k ; schema:name ?n }"
PROPOSALS = "SELECT DISTINCT ?p ?m WHERE { ?p skg:proposes ?m }"
METHOD_NAMES = ("SELECT ?m (MIN(STR(?n)) AS ?name) WHERE { ?m a skg:Method ; schema:name ?n ; skg:key ?k } "
                "GROUP BY ?m")  # (as methods.rq shows a method: its smallest name; only methods with a key)
SPARQL_READS = {"authorships": AUTHORSHIPS, "years": YEARS, "methods": METHODS, "affiliations": AFFILIATIONS,
                "organizations": ORGANIZATIONS, "proposals": PROPOSALS, "method_names": METHOD_NAMES}

# Drop the depth facts: until the next refresh, every question reads the graph itself.
MARK_STALE = f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ <{GRAPH}> ?p ?o }} }}"
DROP = f"DROP SILENT GRAPH <{GRAPH}>"
STATE = (f"SELECT ?p ?o WHERE {{ VALUES ?p {{ <{SKG}fresh> <{SKG}pairDepth> <{SKG}authorDepth> <{SKG}methodDepth> "
         f"<{SKG}methodCountDepth> }} "
         f"GRAPH <{GRAPH}> {{ <{GRAPH}> ?p ?o }} }}")

# question -> the depth fact bounding its $limit (None: the entries are complete)
RANKED = {
    "top-collaborations": SKG + "pairDepth",
    "prolific-authors": SKG + "authorDepth",
    "trending-methods": SKG + "methodDepth",
    "organization-collaborations": None,
    # always -1 (every method kept); rankings written before scholarkg kept method counts lack it, so methods
    # reads the graph there until the next refresh
    "methods": SKG + "methodCountDepth",
}

# each ranking bounded by a depth (as `scholarkg refresh` names it) -> the fact on skg:rankings giving the depth
DEPTH_FACTS = {"pairs": SKG + "pairDepth", "authors": SKG + "authorDepth", "methods per year": SKG + "methodDepth"}


def use_ranked(name: str, params: Mapping[str, Any], state: Mapping[str, Any]) -> bool:
    """Whether ``NAME.ranked.rq`` gives the rows ``NAME.rq`` would, given the facts on ``skg:rankings``.

    >>> state = {SKG + "fresh": True, SKG + "pairDepth": 1000, SKG + "authorDepth": -1, SKG + "methodDepth": 200}
    >>> use_ranked("top-collaborations", {"limit": 20}, state), use_ranked("top-collaborations", {"limit": 5000}, state)
    (True, False)
    >>> use_ranked("prolific-authors", {"limit": 5000}, state), use_ranked("prolific-authors", {"limit": 5}, {})
    (True, False)
    >>> use_ranked("organization-collaborations", {"organization": "mit"}, state)
    False
    """
    if name not in RANKED or not state.get(SKG + "fresh"):
        return False
    if name == "organization-collaborations":
        return params.get("organization") is None  # one organization's partners: fast from the graph
    fact = RANKED[name]
    if fact is None:
        return True
    depth = state.get(fact)
    return isinstance(depth, int) and (depth < 0 or params.get("limit", 0) <= depth)


@dataclass
class Tally:
    """The rankings as plain values, whatever store they were counted from (node ids as the ``rows`` gave them)."""

    pairs: list[tuple[Any, Any, int]]  # (x, y, joint papers), x before y in the order of ``rows``' ids
    pair_depth: int
    authors: list[tuple[Any, int, int | None, int | None]]  # (author, papers, first year, last year)
    author_depth: int
    trend_years: list[int]  # newest first
    trending: list[tuple[int, Any, int]]  # (since year, method, papers)
    method_depth: int
    organization_pairs: list[tuple[str, str, int]]  # (name a, name b, joint papers) in the question's order
    # (method, shown name, papers naming it, papers proposing it, *further columns of the method_names read)
    method_counts: list[tuple[Any, ...]]


def tally(rows: Callable[[str], Iterable[tuple]], depth: int = DEPTH,
          reads: Mapping[str, str] | None = None) -> Tally:
    """Count the rankings from ``rows(query)`` (the graph's answers as tuples of plain values) to the reads of
    ``reads`` (default: the SPARQL ones; keys ``authorships``, ``years``, ``methods``, ``affiliations``,
    ``organizations``, ``proposals``, ``method_names``). Counts follow the catalogue queries: a paper counts once per pair of its authors (each pair
    once, the smaller id first), a method counts the distinct papers naming it, by the paper's smallest year."""
    reads = reads or SPARQL_READS
    ids: dict[Any, int] = {}
    authors_of: dict[Any, list[int]] = defaultdict(list)
    for paper, author in rows(reads["authorships"]):
        authors_of[paper].append(ids.setdefault(author, len(ids)))
    iris = sorted(ids, key=ids.__getitem__)
    n = len(iris)

    pair_counts: Counter[int] = Counter()
    papers_of: Counter[int] = Counter()
    for authors in authors_of.values():
        papers_of.update(authors)
        if len(authors) > 1:
            authors.sort(key=iris.__getitem__)
            for i, x in enumerate(authors):
                for y in authors[i + 1:]:
                    pair_counts[x * n + y] += 1
    kept, pair_depth = top_with_ties(pair_counts, depth)
    pairs = [(iris[key // n], iris[key % n], pair_counts[key]) for key in sorted(kept)]
    del pair_counts

    years = {p: (first, last) for p, first, last in rows(reads["years"])}
    kept, author_depth = top_with_ties(papers_of, depth)
    chosen = set(kept)
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for paper, authors in authors_of.items():
        span = years.get(paper)
        if span is None:
            continue
        for a in authors:
            if a in chosen:
                first[a] = min(first.get(a, span[0]), span[0])
                last[a] = max(last.get(a, span[1]), span[1])
    del authors_of
    author_rows = [(iris[a], papers_of[a], first.get(a), last.get(a)) for a in sorted(kept)]

    by_method_year: Counter[tuple[Any, int]] = Counter()
    naming: Counter[Any] = Counter()
    for paper, method in rows(reads["methods"]):
        naming[method] += 1
        span = years.get(paper)
        if span is not None:
            by_method_year[(method, span[0])] += 1
    trend_years, trending, method_depth = _trending(by_method_year, min(depth, TREND_DEPTH))
    proposing = Counter(method for _, method in rows(reads["proposals"]))
    method_counts = [(method, name, naming[method], proposing[method], *more)
                     for method, name, *more in rows(reads["method_names"])]
    return Tally(pairs, pair_depth, author_rows, author_depth, trend_years, trending, method_depth,
                 _organization_pairs(rows, reads), method_counts)


def scan_reads(pairs: Callable[[str], Iterable[tuple[Any, Any]]], rows: Callable[[str], Iterable[tuple]]
               ) -> Callable[[str], Iterable[tuple]]:
    """``rows`` for ``tally`` on a store that can scan its index: ``pairs(predicate IRI)`` gives (subject, object)
    of every statement with that predicate, each once (a set, as the default graph of the embedded store is), and
    the reads of one or two predicates are answered from it (no query to parse and join); others go to ``rows``."""
    from .rdf import AUTHOR_OF as author_of, EDGES as RDF_EDGES, PROPERTIES

    proposes, uses = RDF_EDGES[("PROPOSES", "Paper", "Method")], RDF_EDGES[("USES", "Paper", "Method")]

    def years() -> Iterable[tuple]:
        span: dict[Any, tuple[Any, Any]] = {}
        for p, y in pairs(PROPERTIES["year"]):
            first, last = span.get(p, (y, y))
            span[p] = (min(first, y), max(last, y))
        return ((p, first, last) for p, (first, last) in span.items())

    def methods() -> Iterable[tuple]:
        return set(pairs(proposes)) | set(pairs(uses))

    scans: dict[str, Callable[[], Iterable[tuple]]] = {
        AUTHORSHIPS: lambda: pairs(author_of), PROPOSALS: lambda: pairs(proposes), METHODS: methods, YEARS: years,
        AFFILIATIONS: lambda: pairs(RDF_EDGES[("AFFILIATED_WITH", "Paper", "Organization")])}
    return lambda sparql: scans[sparql]() if sparql in scans else rows(sparql)


def compute(rows: Callable[[str], Iterable[tuple]], depth: int = DEPTH) -> tuple[str, str]:
    """The rankings as N-Triples text: (entries, the facts on ``skg:rankings``), from ``rows(sparql)`` (the graph's answers as tuples of plain values:
    IRIs as strings, numbers as ints), counted by ``tally``."""
    t = tally(rows, depth)
    out: list[str] = []
    for i, (x, y, count) in enumerate(t.pairs):
        out += [f"_:c{i} <{SKG}coauthor> <{x}>", f"_:c{i} <{SKG}coauthor> <{y}>",
                f"_:c{i} <{SKG}jointPapers> {_int(count)}"]
    for author, papers, first, last in t.authors:
        s = f"<{author}>"
        out.append(f"{s} <{SKG}authorPapers> {_int(papers)}")
        if first is not None and last is not None:
            out += [f"{s} <{SKG}firstYear> {_int(first)}", f"{s} <{SKG}lastYear> {_int(last)}"]
    # the trending entries: each year's mark, then its methods (blank node labels as numbered before)
    by_year: dict[int, list[tuple[Any, int]]] = defaultdict(list)
    for year, method, papers in t.trending:
        by_year[year].append((method, papers))
    lines: list[str] = []
    for year in t.trend_years:
        lines.append(f"<{GRAPH}> <{SKG}trendYear> {_int(year)}")
        for method, papers in by_year[year]:
            b = f"_:t{len(lines)}"
            lines += [f"{b} <{SKG}sinceYear> {_int(year)}", f"{b} <{SKG}method> <{method}>",
                      f"{b} <{SKG}methodPapers> {_int(papers)}"]
    out += lines
    for rank, (name_a, name_b, count) in enumerate(t.organization_pairs):
        out += [f"_:o{rank} <{SKG}organizationA> {_nt(name_a)}", f"_:o{rank} <{SKG}organizationB> {_nt(name_b)}",
                f"_:o{rank} <{SKG}jointPapers> {_int(count)}", f"_:o{rank} <{SKG}rank> {_int(rank)}"]
    for method, name, naming, proposing, *_ in t.method_counts:
        out += [f"<{method}> <{SKG}shownName> {_nt(name)}", f"<{method}> <{SKG}papersNaming> {_int(naming)}",
                f"<{method}> <{SKG}papersProposing> {_int(proposing)}"]
    facts = [f"<{GRAPH}> <{SKG}pairDepth> {_int(t.pair_depth)}", f"<{GRAPH}> <{SKG}authorDepth> {_int(t.author_depth)}",
             f"<{GRAPH}> <{SKG}methodDepth> {_int(t.method_depth)}", f"<{GRAPH}> <{SKG}methodCountDepth> {_int(-1)}",
             f'<{GRAPH}> <{SKG}fresh> "true"^^<{XSD}boolean>']
    return "".join(line + " .\n" for line in out), "".join(line + " .\n" for line in facts)


def _trending(by_method_year: Mapping[tuple[Any, int], int], depth: int) -> tuple[list[int], list[tuple[int, Any, int]], int]:
    """For each year Y that starts a paper naming a method: the methods named by the most papers whose smallest
    year is Y or later (``depth`` of them, and ties): (the years, newest first; (Y, method, papers) entries, sorted
    by method within a year; the depth, the smallest over the years). A question for a year between two of these
    reads the next one up (no paper starts in between)."""
    by_year: dict[int, list[tuple[Any, int]]] = defaultdict(list)
    for (method, year), count in by_method_year.items():
        by_year[year].append((method, count))
    years = sorted(by_year, reverse=True)
    entries: list[tuple[int, Any, int]] = []
    running: Counter[Any] = Counter()
    depths = []
    for year in years:
        for method, count in by_year[year]:
            running[method] += count
        kept, kept_depth = top_with_ties(running, depth)
        depths.append(kept_depth)
        entries += [(year, method, running[method]) for method in sorted(kept)]
    bounded = [d for d in depths if d >= 0]
    return years, entries, min(bounded) if bounded else -1


def _organization_pairs(rows: Callable[[str], Iterable[tuple]], reads: Mapping[str, str]) -> list[tuple[str, str, int]]:
    """Every pair of organizations on a paper, as ``organization-collaborations`` shows it over all pairs (the
    smallest name of each, the one with the smaller key first), in that question's order (papers desc,
    organization_a, organization_b, keys)."""
    shown: dict[Any, tuple[str, str]] = {}  # id -> (key, smallest name)
    for org, key, name in rows(reads["organizations"]):
        if org not in shown or name < shown[org][1]:
            shown[org] = (key, name)
    orgs_of: dict[Any, list[Any]] = defaultdict(list)
    for paper, org in rows(reads["affiliations"]):
        if org in shown:
            orgs_of[paper].append(org)
    pairs: Counter[tuple[Any, Any]] = Counter()
    for orgs in orgs_of.values():
        orgs.sort(key=lambda o: shown[o][0])
        for i, x in enumerate(orgs):
            for y in orgs[i + 1:]:
                pairs[(x, y)] += 1
    shown_pairs = sorted((-count, shown[x][1], shown[y][1], shown[x][0], shown[y][0]) for (x, y), count in pairs.items())
    return [(name_a, name_b, -count) for count, name_a, name_b, _, _ in shown_pairs]


def top_with_ties(counts: Mapping[Any, int], depth: int) -> tuple[list[Any], int]:
    """The keys with the ``depth`` largest counts and every key tied with the last, and the largest ``$limit``
    they answer exactly (-1: all keys are kept). When the tie at the cut is too large (more than ``depth *
    TIE_CAP`` keys in all), only the keys above the tied count are kept.

    >>> top_with_ties({"a": 5, "b": 3, "c": 3, "d": 1}, 2)
    (['a', 'b', 'c'], 3)
    >>> top_with_ties({"a": 5, "b": 3}, 2)
    (['a', 'b'], -1)
    """
    if len(counts) <= depth:
        return list(counts), -1
    cut = heapq.nlargest(depth, counts.values())[-1]
    kept = [k for k, c in counts.items() if c >= cut]
    if len(kept) > depth * TIE_CAP:
        kept = [k for k, c in counts.items() if c > cut]
    return kept, len(kept)


def _int(value: int) -> str:
    return f'"{int(value)}"^^<{XSD}integer>'


"""Catalogue questions with parameters picked from a built graph, for benchmarks and cross-store checks.

The picks are a spread of easy and hard cases found through the catalogue itself, so they work on any store and
any corpus: the most prolific author, an ordinary one and a cited one, a pair two co-authorship hops apart and a
pair that is not connected within 4 hops, a popular, a rare and a proposed method, a method with a lineage, a
dataset, an organization and a cited paper.
Every catalogue question gets at least one case (when the graph has anything to ask it about).

>>> Case("coauthors", {"author": "Ada Moreau"}, "prolific author").label
'coauthors (prolific author)'
>>> cases = pick_cases(store)  # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from scholarkg.catalog import guess_key, load_catalog, resolve_entity, run_query
from scholarkg.errors import QueryError

UNCONNECTED_HOPS = 4  # "not connected" is checked within this many hops, the bound issue 8 times
TRIES = 25  # candidates looked at before a pick gives up (each try is a query or two)
LOOK = 200  # the same for rare things: citations and method lineages (a cheap query each)


@dataclass(frozen=True)
class Case:
    """One catalogue question with its parameters, and what the parameters stand for."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)
    why: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.why})" if self.why else self.name


def _keys(store, type_: str) -> list[str]:
    """The keys the names of an entity type would have, sorted: the picks walk these rather than the names, because
    the ``_names-*`` hint queries list every name a node was given in Oxigraph and only the smallest in FalkorDB;
    the spellings of one name share a key (a key is also a valid parameter)."""
    return sorted({guess_key(type_, r["name"]) for r in store.query(f"_names-{type_}", {}) if r.get("name")})


def _resolves(store, type_: str, name: str) -> bool:
    """Whether ``name`` names exactly one node (an ambiguous name would make the question an error)."""
    try:
        resolve_entity(store, type_, name)
    except QueryError:
        return False
    return True


def _from_middle(names: list[str]) -> Iterator[str]:
    """Names (or keys) from the middle of the sorted list outwards: far from the odd ones that sort first."""
    mid = len(names) // 2
    for i in range(len(names) - mid):
        yield names[mid + i]
        if mid - i - 1 >= 0:
            yield names[mid - i - 1]


def _spread(names: list[str], n: int) -> list[str]:
    """Up to ``n`` names (or keys) evenly spaced through the sorted list."""
    if len(names) <= n:
        return names
    step = len(names) / n
    return [names[int(i * step)] for i in range(n)]


def _authors(store) -> dict[str, str]:
    """Picked authors by role: prolific, near (a co-author of prolific), from and far (two hops apart; from is the
    most prolific author who has someone two hops away), ordinary (a few papers, some co-authors) and unconnected
    (co-authors, but no path to prolific within UNCONNECTED_HOPS)."""
    top = run_query(store, "prolific-authors", {"limit": 1})
    if not top:
        return {}
    out = {"prolific": top[0]["author"]}
    coauthors = [r["coauthor"] for r in run_query(store, "coauthors", {"author": out["prolific"]})]
    coauthors = [c for c in coauthors if _resolves(store, "author", c)]
    if coauthors:
        out["near"] = coauthors[0]
    for row in run_query(store, "prolific-authors", {"limit": TRIES}):  # a pair 2 hops apart, from the top down
        far = _two_hops(store, row["author"])
        if far and _resolves(store, "author", row["author"]):
            out["from"], out["far"] = row["author"], far
            break
    tried = 0
    for name in _from_middle(_keys(store, "author")):
        if tried >= TRIES or ("ordinary" in out and "unconnected" in out):
            break
        if name in out.values() or not _resolves(store, "author", name):
            continue
        tried += 1
        if not run_query(store, "coauthors", {"author": name}):
            continue
        if "ordinary" not in out and len(run_query(store, "author-papers", {"author": name})) <= 3:
            out["ordinary"] = name
        if "unconnected" not in out and not run_query(
                store, "collaboration-distance", {"a": out["prolific"], "b": name, "max_hops": UNCONNECTED_HOPS}):
            out["unconnected"] = name
    return out


def _two_hops(store, author: str) -> str | None:
    """A co-author of a co-author of ``author`` who never wrote with ``author``."""
    coauthors = [r["coauthor"] for r in run_query(store, "coauthors", {"author": author})]
    direct = set(coauthors) | {author}
    for middle in coauthors[:TRIES]:
        for row in run_query(store, "coauthors", {"author": middle}):
            if row["coauthor"] not in direct and _resolves(store, "author", row["coauthor"]):
                return row["coauthor"]
    return None


def _methods(store) -> dict[str, str]:
    """Picked methods: popular (most papers), rare (fewest papers), proposed (the most popular one a paper proposes:
    popular ones are mostly only used), lineage (the most popular one after the first that has a lineage: the
    popular one's lineage, if any, is asked anyway)."""
    ranked = [r["method"] for r in run_query(store, "trending-methods", {"since_year": 0, "limit": 1_000_000})]
    ranked = [m for m in ranked if _resolves(store, "method", m)]
    if not ranked:
        return {}
    out = {"popular": ranked[0], "rare": ranked[-1]}
    for method in ranked[1:TRIES]:  # not the popular one, which is asked anyway
        intro = run_query(store, "who-introduced", {"method": method})
        # the introducing paper proposes it, so paper-influence has the method's users to follow
        if intro and any(r["role"] == "proposes" and r["title"] == intro[0]["title"]
                         for r in run_query(store, "method-papers", {"method": method})):
            out["proposed"] = method
            break
    for method in ranked[1:LOOK]:  # lineage edges are few: look further
        if run_query(store, "method-lineage", {"method": method}):
            out["lineage"] = method
            break
    return out


def _cited_author(store) -> str | None:
    """The most prolific author (of the first LOOK) whose papers are cited."""
    for row in run_query(store, "prolific-authors", {"limit": LOOK}):
        if _resolves(store, "author", row["author"]) and run_query(store, "citing-papers", {"author": row["author"]}):
            return row["author"]
    return None


def _recent_year(store, method: str) -> int:
    """The year before the newest paper naming ``method``: trending-methods since then has answers."""
    years = [r["year"] for r in run_query(store, "method-papers", {"method": method}) if r["year"]]
    return max(years) - 1 if years else 0


def _dataset(store) -> str | None:
    """The dataset with most papers among up to TRIES evenly spaced dataset names."""
    best, most = None, 0
    for name in _spread(_keys(store, "dataset"), TRIES):
        if not _resolves(store, "dataset", name):
            continue
        n = len(run_query(store, "dataset-papers", {"dataset": name}))
        if n > most:
            best, most = name, n
    return best


def pick_cases(store) -> list[Case]:
    """A spread of catalogue questions with parameters taken from ``store``'s graph (see the module text).

    The picks only depend on the graph, so on two stores holding the same graph they are the same."""
    authors, methods = _authors(store), _methods(store)
    cited = _cited_author(store)
    if cited:
        authors["cited"] = cited
    cases = [Case("top-collaborations", {"limit": 20}), Case("prolific-authors", {"limit": 20}),
             Case("prolific-organizations", {"limit": 20}), Case("organization-collaborations", {}, "all pairs")]
    if "popular" in methods:
        since = _recent_year(store, methods["popular"])
        cases.append(Case("trending-methods", {"since_year": since, "limit": 20}, f"since {since}"))
    for role in ("prolific", "ordinary"):
        if role in authors:
            author = {"author": authors[role]}
            cases += [Case(q, author, f"{role} author") for q in
                      ("coauthors", "author-papers", "author-organizations", "author-methods", "citing-papers",
                       "author-identity")]
    if cited and cited != authors.get("prolific"):
        cases.append(Case("citing-papers", {"author": cited}, "cited author"))
    if "far" in authors:
        pair = {"a": authors["from"], "b": authors["far"]}
        cases += [Case("collaboration-distance", {**pair, "max_hops": 4}, "2 hops"),
                  Case("collaboration-distance", {**pair, "max_hops": 1}, "2 hops, max 1"),
                  Case("shared-coauthors", pair, "2 hops")]
    if "near" in authors:
        cases.append(Case("shared-coauthors", {"a": authors["prolific"], "b": authors["near"]}, "co-authors"))
    if "unconnected" in authors:
        pair = {"a": authors["prolific"], "b": authors["unconnected"], "max_hops": UNCONNECTED_HOPS}
        cases.append(Case("collaboration-distance", pair, f"not within {UNCONNECTED_HOPS} hops"))
    for role, method in methods.items():
        why = f"{role} method"
        cases += [Case("method-papers", {"method": method}, why), Case("method-lineage", {"method": method}, why),
                  Case("who-introduced", {"method": method}, why),
                  Case("method-cooccurrence", {"method": method}, why),
                  Case("method-comparisons", {"method": method}, why)]
    dataset = _dataset(store)
    if dataset:
        cases.append(Case("dataset-papers", {"dataset": dataset}, "dataset"))
    # what the graph holds: the whole lists, and the part of a name a user would type
    cases += [Case("methods", {"limit": 20}, "all methods"), Case("datasets", {"limit": 20}, "all datasets")]
    if "popular" in methods:
        cases.append(Case("methods", {"name": methods["popular"][:4].lower()}, "popular method"))
    if dataset:
        cases.append(Case("datasets", {"name": dataset[:4].lower()}, "dataset"))
    top_orgs = run_query(store, "prolific-organizations", {"limit": 1})
    if top_orgs and _resolves(store, "organization", top_orgs[0]["organization"]):
        cases.append(Case("organization-collaborations", {"organization": top_orgs[0]["organization"]},
                          "prolific organization"))
    cases += _paper_cases(store, authors, methods)
    unique, seen = [], set()
    for case in cases:  # the popular method may also be the proposed one: ask each question once
        key = repr((case.name, sorted(case.params.items())))
        if key not in seen:
            seen.add(key)
            unique.append(case)
    return unique


def _paper_cases(store, authors: dict[str, str], methods: dict[str, str]) -> list[Case]:
    """paper-influence for a cited paper (of the cited author, else one of the prolific author's papers), and for the
    paper that introduced the proposed method (its influence runs through the method's users)."""
    papers: list[tuple[str, str]] = []
    author = authors.get("cited") or authors.get("prolific")
    if author:
        cited = run_query(store, "citing-papers", {"author": author})
        own = run_query(store, "author-papers", {"author": author})
        title = cited[0]["cited_title"] if cited else own[0]["title"] if own else None
        if title:
            papers.append((title, "cited paper" if cited else "author's paper"))
    if "proposed" in methods:
        intro = run_query(store, "who-introduced", {"method": methods["proposed"]})
        if intro:
            papers.append((intro[0]["title"], "proposes a method"))
    return [Case("paper-influence", {"paper": title}, why) for title, why in papers
            if _resolves(store, "paper", title)]


def uncovered(cases: list[Case]) -> list[str]:
    """Catalogue questions no case asks (nothing in the graph to ask them about)."""
    return sorted(set(load_catalog()) - {c.name for c in cases})

"""Rankings kept beside the graph on the property-graph stores, so Neo4j answers the whole-graph questions fast.

The same questions as the RDF stores' rankings (``stores.rankings``: top-collaborations, prolific-authors,
trending-methods, organization-collaborations over all pairs, methods) read the whole graph in Cypher too: on the 102k-paper
graph Neo4j took 8 s for top-collaborations, 0.5 to 1.3 s for three others and 0.2 to 0.3 s for methods. The counting is ``rankings.tally``, the
same code as for RDF, over four plain Cypher reads; the entries are nodes of their own labels, without ``key`` or
``sources``, which ``stats``, ``iter_graph`` (so every export), ``remove-source`` and the catalogue never read:

- ``(:RankedPair {a, b, papers})``: author keys of a pair with the most joint papers (ties with the last kept);
- ``(:RankedAuthor {author, papers, first_year, last_year})``: an author with the most papers;
- ``(:RankedMethod {since_year, method, papers})``: a method named by the most papers of ``since_year`` or later;
- ``(:RankedOrganizationPair {organization_a, organization_b, papers, rank})``: every pair of organizations as
  organization-collaborations shows it, ``rank`` its place in that question's order;
- ``(:RankedMethodCount {method, name, aliases, papers, proposed_by})``: every method, as methods shows it;
- ``(:Rankings {fresh, pair_depth, author_depth, method_depth, method_count_depth, trend_years})``: the depth facts.

The entries and the facts are written in one transaction at the end of every build, remove-source and refresh;
``start_changes`` deletes the ``Rankings`` node before anything else is written, so from then until the next
refresh every question reads the graph itself (``NAME.cypher``). ``NAME.ranked.cypher`` is read only while the node
says fresh and its depth covers ``$limit`` (``rankings.use_ranked``).

>>> state_of({"fresh": True, "pair_depth": 1000, "author_depth": -1, "method_depth": 200})[SKG + "pairDepth"]
1000
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from .rankings import DEPTH, SKG, tally

STATE_LABEL = "Rankings"
ENTRY_LABELS = ("RankedPair", "RankedAuthor", "RankedMethod", "RankedOrganizationPair", "RankedMethodCount")
LABELS = frozenset((STATE_LABEL, *ENTRY_LABELS))  # never part of the graph: stats and iter_graph leave them out
PROPERTY_KEYS = frozenset(("a", "b", "papers", "author", "first_year", "last_year", "since_year", "method",
                           "organization_a", "organization_b", "rank", "fresh", "pair_depth", "author_depth",
                           "method_depth", "trend_years", "name", "aliases", "proposed_by",
                           "method_count_depth"))  # (the Cypher lint schema declares them)
CHUNK = 5000  # entries per statement (all statements of a refresh are one transaction)

# The graph reads of ``rankings.tally``, as (id, ...) tuples: node keys are the ids (unique per label).
READS = {
    "authorships": "MATCH (a:Author)-[:AUTHORED]->(p:Paper) RETURN DISTINCT p.key AS paper, a.key AS author",
    "years": "MATCH (p:Paper) WHERE p.year IS NOT NULL RETURN p.key AS paper, p.year AS first, p.year AS last",
    "methods": "MATCH (p:Paper)-[:PROPOSES|USES]->(m:Method) RETURN DISTINCT p.key AS paper, m.key AS method",
    "affiliations": ("MATCH (p:Paper)-[:AFFILIATED_WITH]->(o:Organization) "
                     "RETURN DISTINCT p.key AS paper, o.key AS organization"),
    "organizations": "MATCH (o:Organization) WHERE o.name IS NOT NULL RETURN o.key AS id, o.key AS key, o.name AS name",
    "proposals": "MATCH (p:Paper)-[:PROPOSES]->(m:Method) RETURN DISTINCT p.key AS paper, m.key AS method",
    "method_names": "MATCH (m:Method) RETURN m.key AS id, m.name AS name, coalesce(m.aliases, []) AS aliases",
}

DROP_STATE = f"MATCH (s:{STATE_LABEL}) DELETE s"
STATE = (f"MATCH (s:{STATE_LABEL}) RETURN s.fresh AS fresh, s.pair_depth AS pair_depth, "
         "s.author_depth AS author_depth, s.method_depth AS method_depth, s.method_count_depth AS method_count_depth")
_FACTS = {"fresh": SKG + "fresh", "pair_depth": SKG + "pairDepth", "author_depth": SKG + "authorDepth",
          "method_depth": SKG + "methodDepth", "method_count_depth": SKG + "methodCountDepth"}

_CREATE = {
    "RankedPair": "UNWIND $rows AS row CREATE (:RankedPair {a: row[0], b: row[1], papers: row[2]})",
    "RankedAuthor": ("UNWIND $rows AS row CREATE (e:RankedAuthor {author: row.author, papers: row.papers}) "
                     "SET e.first_year = row.first_year, e.last_year = row.last_year"),
    "RankedMethod": "UNWIND $rows AS row CREATE (:RankedMethod {since_year: row[0], method: row[1], papers: row[2]})",
    "RankedOrganizationPair": ("UNWIND $rows AS row CREATE (:RankedOrganizationPair "
                               "{organization_a: row[0], organization_b: row[1], papers: row[2], rank: row[3]})"),
    "RankedMethodCount": ("UNWIND $rows AS row CREATE (:RankedMethodCount "
                          "{method: row[0], name: row[1], papers: row[2], proposed_by: row[3], aliases: row[4]})"),
}
_CREATE_STATE = (f"CREATE (:{STATE_LABEL} {{fresh: true, pair_depth: $pair_depth, author_depth: $author_depth, "
                 "method_depth: $method_depth, method_count_depth: -1, trend_years: $trend_years})")


def state_of(row: Mapping[str, Any] | None) -> dict[str, Any]:
    """The ``Rankings`` node's facts keyed as ``rankings_state`` gives them (the RDF predicates), {} without one."""
    if not row:
        return {}
    return {fact: row[name] for name, fact in _FACTS.items() if row.get(name) is not None}


def refresh_statements(read: Callable[[str], list[dict[str, Any]]], depth: int = DEPTH) -> list[tuple[str, dict]]:
    """The statements that replace every ranking entry and then write the ``Rankings`` node, counted from the
    graph through ``read(cypher)`` (rows as dicts). Run them as one transaction."""
    t = tally(lambda cypher: (tuple(row.values()) for row in read(cypher)), depth, READS)
    rows: dict[str, list[Any]] = {
        "RankedPair": [[a, b, n] for a, b, n in t.pairs],
        # first and last year are absent (not null) for an author none of whose papers has a year
        "RankedAuthor": [{"author": a, "papers": n, "first_year": first, "last_year": last}
                         for a, n, first, last in t.authors],
        "RankedMethod": [[year, m, n] for year, m, n in t.trending],
        "RankedOrganizationPair": [[a, b, n, rank] for rank, (a, b, n) in enumerate(t.organization_pairs)],
        "RankedMethodCount": [list(entry) for entry in t.method_counts],  # (key, name, papers, proposed_by, aliases)
    }
    out: list[tuple[str, dict]] = [(DROP_STATE, {})]
    out += [(f"MATCH (e:{label}) DELETE e", {}) for label in ENTRY_LABELS]
    for label in ENTRY_LABELS:
        out += [(_CREATE[label], {"rows": rows[label][i:i + CHUNK]}) for i in range(0, len(rows[label]), CHUNK)]
    out.append((_CREATE_STATE, {"pair_depth": t.pair_depth, "author_depth": t.author_depth,
                                "method_depth": t.method_depth, "trend_years": t.trend_years}))
    return out

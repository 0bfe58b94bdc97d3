"""The identity stage's reads and writes on the property-graph stores (FalkorDB, Neo4j; ``resolve.identity``).

Moving an authorship from Author O to Author N: N is merged, the AUTHORED edge is recreated from N with O's edge
properties and its ``sources`` (added to any N already has), N takes the smaller name parts as any upsert would,
and N's ``sources`` become those of its authorships. The MEMBER_OF edges of O and N are made again from their
authorships: an organization the ``organizations`` of an AUTHORED edge names, asserted by those of that edge's sources
that also tie the paper to it (what the RDF stores do graph by graph). Author nodes left without authorships are
deleted. ``aliases`` and ``identity`` are set on every person that has them and removed from every other.
Values travel as parameters; each chunk of moves is one atomic write.
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

CHUNK = 2000

AUTHORSHIPS = ("MATCH (a:Author)-[r:AUTHORED]->(p:Paper) RETURN p.key AS paper, a.key AS author, r.position AS position, "
               "r.listed_as AS listed_as, r.author_ids AS ids, a.name AS name")
PAPERS = ("MATCH (p:Paper) OPTIONAL MATCH (p)-[:IN_CATEGORY]->(c:Category) WITH p, collect(c.key) AS categories "
          "OPTIONAL MATCH (p)-[:AFFILIATED_WITH]->(o:Organization) "
          "RETURN p.key AS paper, p.year AS year, p.title AS title, categories, collect(o.key) AS orgs")

_UNION = "CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL THEN {a} ELSE {a} + [x IN {b} WHERE NOT x IN {a}] END"
_SMALLER = "CASE WHEN {b} IS NULL THEN {a} WHEN {a} IS NULL OR {b} < {a} THEN {b} ELSE {a} END"

# One row per Author taking authorships, with the smallest name parts of the Authors giving them, as they were before
# the run (``OLD_FACTS``): no row reads what another row writes, so the engine's order of rows does not matter.
TAKE_FACTS = f"""UNWIND $rows AS row
MERGE (b:Author {{key: row.key}})
SET b.name = {_SMALLER.format(a='b.name', b='row.name')}, b.given = {_SMALLER.format(a='b.given', b='row.given')},
    b.family = {_SMALLER.format(a='b.family', b='row.family')}, b.orcid = {_SMALLER.format(a='b.orcid', b='row.orcid')}"""
OLD_FACTS = """UNWIND $keys AS key
MATCH (a:Author {key: key})
RETURN a.key AS key, a.name AS name, a.given AS given, a.family AS family, a.orcid AS orcid"""
_FACTS = ("name", "given", "family", "orcid")
# (rows that would meet on one (Author, Paper) edge go in separate statements: see ``_rounds``)
MOVE = f"""UNWIND $rows AS row
MATCH (a:Author {{key: row.old}})-[r:AUTHORED]->(p:Paper {{key: row.paper}})
MATCH (b:Author {{key: row.new}})
MERGE (b)-[r2:AUTHORED]->(p)
SET r2.sources = {_UNION.format(a='r2.sources', b='r.sources')},
    r2.position = {_SMALLER.format(a='r2.position', b='r.position')},
    r2.listed_as = {_SMALLER.format(a='r2.listed_as', b='r.listed_as')},
    r2.author_ids = {_UNION.format(a='r2.author_ids', b='r.author_ids')},
    r2.organizations = {_UNION.format(a='r2.organizations', b='r.organizations')}
DELETE r"""
DROP_MEMBERSHIPS = """UNWIND $keys AS key
MATCH (:Author {key: key})-[m:MEMBER_OF]->(:Organization)
DELETE m"""
# An edge's list properties are unions over its sources, so which source tied the author to the organization is read
# off the paper's AFFILIATED_WITH edge, which the same batch wrote (RDF keeps it exactly: one graph per source).
MAKE_MEMBERSHIPS = """UNWIND $keys AS key
MATCH (a:Author {key: key})-[r:AUTHORED]->(p:Paper)
WHERE r.organizations IS NOT NULL
UNWIND r.organizations AS org
MATCH (p)-[w:AFFILIATED_WITH]->(o:Organization {key: org})
WITH a, o, collect([x IN r.sources WHERE x IN w.sources]) AS lists
WITH a, o, reduce(acc = [], s IN lists | acc + [x IN s WHERE NOT x IN acc]) AS sources
WHERE size(sources) > 0
MERGE (a)-[m:MEMBER_OF]->(o)
SET m.sources = sources"""
NODE_SOURCES = """UNWIND $keys AS key
MATCH (b:Author {key: key})-[r:AUTHORED]->()
WITH b, collect(r.sources) AS lists
SET b.sources = reduce(acc = [], s IN lists | acc + [x IN s WHERE NOT x IN acc])"""
DROP_EMPTY = """UNWIND $keys AS key
MATCH (a:Author {key: key})
WHERE NOT (a)-[:AUTHORED]->()
DETACH DELETE a"""
CLEAR_FACTS = "MATCH (a:Author) WHERE a.identity IS NOT NULL OR a.aliases IS NOT NULL SET a.identity = NULL, a.aliases = NULL"
SET_FACTS = """UNWIND $rows AS row
MATCH (a:Author {key: row.key})
SET a.aliases = row.aliases, a.identity = row.identity"""


# The mark of a series of changes whose corpus-wide passes have not finished (``Store.changes_pending``): a node of
# its own label, without sources (remove-source never touches it), there from ``start_changes`` to ``finish_changes``.
PENDING_LABEL = "PendingChanges"
MARK_PENDING = f"MERGE (:{PENDING_LABEL} {{key: 'changes'}})"
CLEAR_PENDING = f"MATCH (m:{PENDING_LABEL}) DELETE m"
PENDING = f"MATCH (m:{PENDING_LABEL}) RETURN count(m) AS n"


class CypherIdentity:
    """Mixed into ``CypherStore``: needs ``_read`` and ``_write``."""


    def changes_pending(self) -> bool:
        return any(row["n"] for row in self._read(PENDING))

    def identity_authorships(self) -> Iterator[dict[str, Any]]:
        """Every authorship: paper and author keys, position, name as listed, identifiers."""
        return iter(self._read(AUTHORSHIPS))

    def identity_papers(self) -> Iterator[dict[str, Any]]:
        """Every paper's key, year, title, category keys and organization keys."""
        return iter(self._read(PAPERS))

    def apply_identity(self, moves: list, persons: Mapping[str, Mapping[str, Any]]) -> None:
        """Move authorships (``resolve.identity.Move``) and replace the derived facts of ``persons``."""
        all_olds = sorted({m.old for m in moves})
        before = {row["key"]: row for start in range(0, len(all_olds), CHUNK)
                  for row in self._read(OLD_FACTS, {"keys": all_olds[start:start + CHUNK]})}
        for start in range(0, len(moves), CHUNK):
            chunk = moves[start:start + CHUNK]
            olds = sorted({m.old for m in chunk})
            touched = sorted({m.new for m in chunk} | set(olds))
            self._write([(TAKE_FACTS, {"rows": _taken_facts(chunk, before)})]
                        + [(MOVE, {"rows": rows}) for rows in _rounds(chunk)]
                        + [(NODE_SOURCES, {"keys": touched}), (DROP_MEMBERSHIPS, {"keys": touched}),
                           (MAKE_MEMBERSHIPS, {"keys": touched}), (DROP_EMPTY, {"keys": olds})])
        rows = [{"key": k, "aliases": list(v.get("aliases") or []) or None, "identity": v.get("identity")}
                for k, v in sorted(persons.items())]
        self._write([(CLEAR_FACTS, {})] + [(SET_FACTS, {"rows": rows[i:i + CHUNK]}) for i in range(0, len(rows), CHUNK)])


def _taken_facts(chunk: list, before: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per Author taking authorships in ``chunk``: the smallest of each name part of the Authors giving them."""
    by_new: dict[str, dict[str, Any]] = {}
    for m in chunk:
        row = by_new.setdefault(m.new, {"key": m.new, **{f: None for f in _FACTS}})
        for f in _FACTS:
            value = (before.get(m.old) or {}).get(f)
            if value is not None and (row[f] is None or value < row[f]):
                row[f] = value
    return [by_new[k] for k in sorted(by_new)]


def _rounds(chunk: list) -> list[list[dict[str, str]]]:
    """The moves of ``chunk`` as rows, in as few statements as keep two rows off one (new Author, Paper) edge: two
    Authors giving one paper's authorship to the same person would otherwise meet on the edge they both merge."""
    rounds: list[list[dict[str, str]]] = []
    seen: list[set[tuple[str, str]]] = []
    for m in chunk:
        i = next((i for i, pairs in enumerate(seen) if (m.new, m.paper) not in pairs), len(seen))
        if i == len(seen):
            rounds.append([])
            seen.append(set())
        rounds[i].append({"paper": m.paper, "old": m.old, "new": m.new})
        seen[i].add((m.new, m.paper))
    return rounds

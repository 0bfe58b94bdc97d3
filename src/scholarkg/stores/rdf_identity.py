"""The identity stage's reads and writes on the RDF stores (``resolve.identity``): SPARQL only, so Oxigraph and any
SPARQL 1.1 server run the same code.

Every statement lives in its source's named graph and, once, in the default graph that queries read (on a SPARQL
server that copy is the named graph ``skg:merged``, which ``GRAPH ?g`` covers; its default graph is left alone).
Moving an authorship from Author O to Author N rewrites, in every graph that holds it, the authorship node and the
``schema:author`` link, types N and copies O's literals into that graph, and does the same in the default graph; O's
statements go from a graph where O has no authorship left. The organizations of O and N (``schema:affiliation``) are
made again, graph by graph, from their authorships' ``skg:organization``: an organization follows the paper that
named it.
The derived facts (``skg:alias``, ``skg:identityEvidence``) live in the named graph ``skg:identity`` and in the
default graph, replaced on every run.
Terms enter the update text in their N-Triples form (pyoxigraph's serializer escapes them).
"""
from __future__ import annotations

import concurrent.futures
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable, Iterator, Mapping
from urllib.parse import unquote


from . import rankings
from .rdf import (AUTHOR_OF, AUTHORSHIP_AUTHOR, AUTHORSHIP_ID, AUTHORSHIP_LISTED_AS, AUTHORSHIP_ORG,
                  AUTHORSHIP_POSITION, CLASSES, EDGES, PROPERTIES, SKG, _nt)

GRAPH = SKG + "identity"
CHUNK = 2000  # moves per update: each lands whole; a run stopped half-way is completed by the next one
_PERSON = CLASSES["Author"]
_PAPER = CLASSES["Paper"]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_MEMBER_OF = EDGES[("MEMBER_OF", "Author", "Organization")]

# The reads are scans of one predicate each, joined in Python: a join of every authorship with its optional parts,
# grouped, costs the SPARQL engine many times more (``_pairs``; the embedded store reads its index directly).
PAIRS = "SELECT ?s ?o WHERE {{ ?s <{pred}> ?o {only} }}"
AUTHORSHIPS = (f"SELECT ?s ?pos ?l WHERE {{ ?s <{AUTHORSHIP_AUTHOR}> ?a OPTIONAL {{ ?s <{AUTHORSHIP_POSITION}> ?pos }} "
               f"OPTIONAL {{ ?s <{AUTHORSHIP_LISTED_AS}> ?l }} }}")
CLEAR_COPY = (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} "
              f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{GRAPH}>) }} }} ;\n")
CLEAR = f"DROP SILENT GRAPH <{GRAPH}>"
# what the Python side of a move needs of the Authors it touches: their statements and their authorships (with the
# organizations each names), in every graph; read with small VALUES lists, written back as concrete triples only
# (Virtuoso turns an update with a VALUES join into SQL past its 10,000-line limit)
AUTHOR_QUADS = "SELECT ?g ?s ?p ?o WHERE { VALUES ?s { {values} } GRAPH ?g { ?s ?p ?o } }"
AUTHOR_COPY = "SELECT ?s ?p ?o WHERE { VALUES ?s { {values} } ?s ?p ?o }"
HELD = (f"SELECT ?g ?s ?a ?o WHERE {{ VALUES ?a {{ {{values}} }} GRAPH ?g {{ ?s <{AUTHORSHIP_AUTHOR}> ?a "
        f"OPTIONAL {{ ?s <{AUTHORSHIP_ORG}> ?o }} }} }}")


class RdfIdentity:
    """Mixed into ``RdfStoreBase``: needs ``mapping``, ``_tuples`` (streamed answers) and ``_update``."""

    identity_chunk = CHUNK  # moves per update
    # Write each chunk's update from a thread while the next chunk is computed: only where an update lets other
    # threads run and reads beside it see the store before or after it, never half of it (the embedded store).
    identity_write_behind = False

    def changes_pending(self) -> bool:
        # The rankings are marked stale before a change writes anything and made fresh after every corpus-wide
        # pass, the last step of ``stores.finish``: stale rankings mean a series of changes never finished.
        return not self.rankings_state().get(rankings.SKG + "fresh")

    def _key_of(self, iri: str, label: str) -> str:
        prefix = f"{self.mapping.base}id/{label.lower()}/"
        return unquote(iri[len(prefix):]) if iri.startswith(prefix) else iri

    def _pairs(self, pred: str, obj: str | None = None) -> Iterable[tuple[Any, Any]]:
        """(subject, object) of every statement with predicate ``pred`` (and object IRI ``obj``) in the graph the
        queries read, as plain values (IRIs as strings)."""
        return self._tuples(PAIRS.format(pred=pred, only=f"VALUES ?o {{ <{obj}> }}" if obj else ""))

    def identity_authorships(self) -> Iterator[dict[str, Any]]:
        """Every authorship: paper and author keys, position, name as listed, identifiers."""
        # The paper and author keys are read from the authorship's own IRI (``RdfMapping``: .../authorship/PAPER/AUTHOR,
        # each key quoted), so only one query decodes every authorship: reading the keys as objects of two more
        # predicates cost about twice as much on the 102k graph.
        prefix = f"{self.mapping.base}id/authorship/"
        rows: dict[str, dict[str, Any]] = {}  # authorship IRI -> row
        for s, position, listed in self._authorship_rows():
            row = rows.get(s)
            if row is None:
                if not s.startswith(prefix) or s.count("/", len(prefix)) != 1:
                    continue  # (not an authorship this mapping minted)
                paper, author = s[len(prefix):].split("/")
                row = rows[s] = {"paper": unquote(paper), "author": unquote(author), "position": None,
                                 "listed_as": None, "ids": []}
            for field, value in (("position", position), ("listed_as", listed)):
                if value is not None and (row[field] is None or value < row[field]):
                    row[field] = value  # (the smallest, where sources disagree)
        for s, ident in self._pairs(AUTHORSHIP_ID):
            if s in rows and ident not in rows[s]["ids"]:
                rows[s]["ids"].append(ident)
        return iter(rows.values())

    def _authorship_rows(self) -> Iterable[tuple[str, Any, Any]]:
        """(authorship IRI, position or None, name as listed or None) for every authorship (one row at least each)
        and every position and listed name it has."""
        return self._tuples(AUTHORSHIPS)

    def identity_papers(self) -> Iterator[dict[str, Any]]:
        """Every paper's key, year, title, category keys and organization keys."""
        rows: dict[str, dict[str, Any]] = {}  # paper IRI -> row
        for s, _ in self._pairs(RDF_TYPE, _PAPER):
            rows[s] = {"paper": self._key_of(s, "Paper"), "year": None, "title": None, "categories": [], "orgs": []}
        for pred, field in ((PROPERTIES["year"], "year"), (PROPERTIES["title"], "title")):
            for s, value in self._pairs(pred):
                row = rows.get(s)
                if row is not None and (row[field] is None or value < row[field]):
                    row[field] = value
        for field, pred, label in (("categories", EDGES[("IN_CATEGORY", "Paper", "Category")], "Category"),
                                   ("orgs", EDGES[("AFFILIATED_WITH", "Paper", "Organization")], "Organization")):
            for s, o in self._pairs(pred):
                if s in rows:
                    rows[s][field].append(self._key_of(o, label))
        return iter(rows.values())

    def apply_identity(self, moves: list, persons: Mapping[str, Mapping[str, Any]]) -> None:
        """Move authorships (``resolve.identity.Move``) and replace the derived facts of ``persons``."""
        m = self.mapping
        before = self._old_facts(sorted({mv.old for mv in moves}))
        known: dict[str, Any] = {}  # Author -> its statements and authorships as they stand (``_After``)
        with _WriteBehind(self._update, self.identity_write_behind) as writer:
            for start in range(0, len(moves), self.identity_chunk):
                self._move_chunk(moves[start:start + self.identity_chunk], before, known, writer)
        self._update((CLEAR_COPY if self.default_graph_holds_copy else "") + CLEAR)
        lines = []
        for key in sorted(persons):
            s = f"<{m.node_iri('Author', key).value}>"
            facts = persons[key]
            lines += [f"{s} <{PROPERTIES['aliases']}> {_nt(a)}" for a in facts.get("aliases") or ()]
            if facts.get("identity"):
                lines.append(f"{s} <{PROPERTIES['identity']}> {_nt(facts['identity'])}")
        for start in range(0, len(lines), 20 * CHUNK):
            part = " .\n".join(lines[start:start + 20 * CHUNK])
            copy = part if self.default_graph_holds_copy else ""
            self._update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {part} }} {copy} }}")

    def _old_facts(self, olds: list[str]) -> dict[str, dict[tuple[str, str], None]]:
        """Old key -> the facts (predicate, object) of the Author in every source graph before the run: its type and
        literals, which each Author it gives an authorship to takes, whatever source gave them (the property-graph
        stores give N O's smallest name). Read before anything moves, so the outcome does not depend on the order
        of the moves (an Author may give authorships and take others in one run); organizations are made anew."""
        m = self.mapping
        out: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)
        skip = (f"<{GRAPH}>", f"<{rankings.GRAPH}>")
        member = f"<{_MEMBER_OF}>"
        for start in range(0, len(olds), CHUNK):
            iris = [f"<{m.node_iri('Author', k).value}>" for k in olds[start:start + CHUNK]]
            for g, s, p, o in self._statements_about(iris, default=False):
                if g not in skip and p != member:
                    out[self._key_of(s[1:-1], "Author")][(p, o)] = None
        return out

    def _move_chunk(self, moves: list, node_quads: Mapping[str, Mapping[tuple[str, str], None]],
                    known: dict[str, Any], writer: "_WriteBehind") -> None:
        m = self.mapping
        old_authorship = {f"<{m.base}id/authorship/{_q(mv.paper)}/{_q(mv.old)}>": mv for mv in moves}
        # (the Authors read below are none that an earlier chunk touched: those stand in ``known``; an authorship
        # is, where the update still being written creates or deletes it)
        writer.wait(reading=old_authorship.keys())
        quads = list(self._statements_about(list(old_authorship), default=False))
        olds = {f"<{m.node_iri('Author', mv.old).value}>" for mv in moves}
        affected = sorted(olds | {f"<{m.node_iri('Author', mv.new).value}>" for mv in moves})
        delete, insert = [], []  # (graph, triple): the moves themselves
        touched: set[tuple[str, str, str]] = set()  # (graph, old, new): the new node typed and given O's facts
        for g, s, p, o in quads:
            mv = old_authorship[s]
            paper = f"<{m.node_iri('Paper', mv.paper).value}>"
            old, new = f"<{m.node_iri('Author', mv.old).value}>", f"<{m.node_iri('Author', mv.new).value}>"
            a_new = f"<{m.base}id/authorship/{_q(mv.paper)}/{_q(mv.new)}>"
            delete.append((g, f"{s} {p} {o}"))
            insert.append((g, f"{a_new} {p} {new if p == f'<{AUTHORSHIP_AUTHOR}>' else o}"))
            delete.append((g, f"{paper} <{AUTHOR_OF}> {old}"))
            insert.append((g, f"{paper} <{AUTHOR_OF}> {new}"))
            if (g, mv.old, mv.new) not in touched:
                touched.add((g, mv.old, mv.new))
                for np, no in node_quads.get(mv.old, ()):
                    if np == f"<{PROPERTIES['key']}>":
                        no = _nt(mv.new)
                    insert.append((g, f"{new} {np} {no}"))
        after = _After(self, affected, olds, old_authorship, quads, known)
        after.apply(delete, insert)
        remove, add = after.memberships_and_leaving()
        # one update, one transaction: a run stopped after it leaves no authorship half-moved, no person without the
        # organizations it got and no Author in a graph it has left (the next run finds nothing more to do there)
        copy = self.default_graph_holds_copy
        parts = [_data("DELETE", delete, copy), _data("INSERT", insert, copy)]
        parts += [_data(verb, data, False) for verb, data in (("DELETE", remove), ("INSERT", add)) if data]
        after.remember(known)  # (a failed update below ends the run, and ``known`` with it)
        written = set(old_authorship) | {t.split(" ", 1)[0] for _, t in insert}
        writer.write(" ;\n".join(parts), written)

    def _statements_about(self, iris: list[str], default: bool = True) -> Iterable[tuple[str, str, str, str]]:
        """(graph, subject, predicate, object) as N-Triples terms of every statement about ``iris`` (N-Triples IRIs)
        in the named graphs and, with ``default`` and a default graph holding the copy, in it (graph ``""``)."""
        yield from self._read(AUTHOR_QUADS, iris)
        if default and self.default_graph_holds_copy:
            for s, p, o in self._read(AUTHOR_COPY, iris):
                yield "", s, p, o

    def _held(self, authors: list[str]) -> Iterable[tuple[str, str, str, str | None]]:
        """(graph, authorship, author, organization or None) of every authorship of ``authors`` (N-Triples IRIs)
        in the named graphs, once per organization it names there."""
        return self._read(HELD, authors)

    def _read(self, template: str, iris: Iterable[str]) -> Iterable[tuple[Any, ...]]:
        """The answers of ``template`` with ``{values}`` given the N-Triples IRIs ``iris``, as N-Triples terms."""
        return self._tuples_terms(template.replace("{values}", " ".join(iris)))

    def _tuples_terms(self, sparql: str) -> Iterable[tuple[Any, ...]]:
        """Answers as N-Triples terms (IRIs in <>, literals quoted with their datatype; None where unbound)."""
        for row in self._terms(sparql):
            yield tuple(None if t is None else str(t) for t in row)


class _WriteBehind:
    """Runs ``update`` for one chunk after another, in order; with ``behind``, each in a thread while the caller
    computes the next chunk (the update text is parsed and written outside the GIL). Each update is still one
    transaction, written after the one before it; ``wait(reading)`` first lets the one under way land when it
    writes statements about any of the subjects ``reading`` (N-Triples IRIs)."""

    def __init__(self, update: Any, behind: bool) -> None:
        self._update = update
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="identity-write") if behind else None
        self._pending: Any = None
        self._subjects: set[str] = set()

    def write(self, sparql: str, subjects: set[str]) -> None:
        """Write ``sparql`` (one update, about ``subjects``) after the one under way."""
        self.wait()
        if self._pool is None:
            self._update(sparql)
        else:
            self._pending, self._subjects = self._pool.submit(self._update, sparql), subjects

    def wait(self, reading: Iterable[str] | None = None) -> None:
        """Let the update under way land (only if it is about one of ``reading``, when given); raises its error."""
        if self._pending is not None and (reading is None or not self._subjects.isdisjoint(reading)):
            pending, self._pending = self._pending, None
            pending.result()

    def __enter__(self) -> "_WriteBehind":
        return self

    def __exit__(self, kind: Any, *rest: Any) -> None:
        try:
            if kind is None:
                self.wait()
            elif self._pending is not None:  # (a failure here: the update under way still lands whole or not)
                concurrent.futures.wait([self._pending])
        finally:
            if self._pool is not None:
                self._pool.shutdown()


class _After:
    """The statements of the Authors one chunk of moves touches, graph by graph, as they stand before it: the moves
    are applied to them here, so that the organizations (``schema:affiliation``, from the authorships'
    ``skg:organization``) and the Authors' leaving of graphs are written as concrete triples, computed in Python.

    An Author leaves every graph (the identity graph aside) where it holds no authorship after the chunk: wholly
    when it holds none anywhere (no person), else its type only (its sources are those of its authorships); a
    person's literals stay, so its name is the smallest ever given, as on the property-graph stores. With a default
    graph that copies the named graphs (the embedded store) the copy follows: an Author's organizations there are
    those of every graph, and a statement of a leaving Author no graph holds leaves it."""

    _DEFAULT = ""  # the default graph, in the (graph, triple) pairs

    def __init__(self, store: "RdfIdentity", affected: list[str], olds: set[str], old_authorship: Mapping[str, Any],
                 quads: list[tuple[str, str, str, str]], known: Mapping[str, Any]) -> None:
        self.affected, self.olds = set(affected), olds
        self.state: dict[str, set[tuple[str, str, str]]] = defaultdict(set)  # graph -> (s, p, o) of affected
        # graph -> author -> authorship -> the organizations it names
        self.held: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(dict))
        # An Author a chunk touched before stands in ``known`` as that chunk left it (``remember``): only the others
        # are read (a prolific person is touched by most chunks).
        unknown = [a for a in affected if a not in known]
        for g, s, p, o in store._statements_about(unknown):
            self.state[g].add((s, p, o))  # (the default graph's copy: graph "")
        for g, ship, a, org in store._held(unknown):
            orgs = self.held[g][a].setdefault(ship, set())
            if org is not None:
                orgs.add(org)
        for a in affected:
            if a in known:
                statements, held = known[a]
                for g, p, o in statements:
                    self.state[g].add((a, p, o))
                for g, authorships in held:
                    self.held[g][a] = {s: set(orgs) for s, orgs in authorships.items()}
        self.copy = store.default_graph_holds_copy
        self.before = {g: set(ts) for g, ts in self.state.items()}
        author_p, org_p = f"<{AUTHORSHIP_AUTHOR}>", f"<{AUTHORSHIP_ORG}>"
        named_orgs: dict[tuple[str, str], set[str]] = defaultdict(set)
        for g, s, p, o in quads:
            if p == org_p:
                named_orgs[(g, s)].add(o)
        for g, s, p, o in quads:  # each authorship moves whole: out of its old Author, into its new one
            if p == author_p:
                self.held[g][o].pop(s, None)
                mv = old_authorship[s]
                a_new = f"<{store.mapping.base}id/authorship/{_q(mv.paper)}/{_q(mv.new)}>"
                new = f"<{store.mapping.node_iri('Author', mv.new).value}>"
                self.held[g][new].setdefault(a_new, set()).update(named_orgs[(g, s)])

    def remember(self, known: dict[str, Any]) -> None:
        """Put the touched Authors, as this chunk leaves them, in ``known`` (author -> ([(graph, p, o)],
        [(graph, {authorship: organizations})]))."""
        statements: dict[str, list[tuple[str, str, str]]] = {a: [] for a in self.affected}
        for g, ts in self.state.items():
            for s, p, o in ts:
                statements[s].append((g, p, o))
        held: dict[str, list[tuple[str, dict[str, set[str]]]]] = {a: [] for a in self.affected}
        for g, by_author in self.held.items():
            for a, authorships in by_author.items():
                if authorships and a in held:
                    held[a].append((g, authorships))
        for a in self.affected:
            known[a] = (statements[a], held[a])

    def apply(self, delete: list[tuple[str, str]], insert: list[tuple[str, str]]) -> None:
        """The moves' own triples, in every graph they name (and the default graph's copy)."""
        for verb, data in ((self._discard, delete), (self._add, insert)):
            for g, triple in data:
                s, p, o = triple.split(" ", 2)
                if s in self.affected:
                    verb(g, (s, p, o))
                    if self.copy:
                        verb(self._DEFAULT, (s, p, o))

    def _discard(self, g: str, t: tuple[str, str, str]) -> None:
        self.state[g].discard(t)

    def _add(self, g: str, t: tuple[str, str, str]) -> None:
        self.state[g].add(t)

    def memberships_and_leaving(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(graph, triple) to delete and to insert after the moves: organizations made again, Authors leaving."""
        member = f"<{_MEMBER_OF}>"
        named = [g for g in self.state if g != self._DEFAULT]
        # every affected Author's organizations, graph by graph, from the authorships it holds there
        for g in set(named) | set(self.held):
            ts = self.state[g]
            ts.difference_update([t for t in ts if t[1] == member])
            for a, authorships in self.held[g].items():
                ts.update((a, member, o) for orgs in authorships.values() for o in orgs)
        named = [g for g in self.state if g != self._DEFAULT]
        holds = {a for by_author in self.held.values() for a, authorships in by_author.items() if authorships}
        for g in named:
            if g == f"<{GRAPH}>":
                continue
            here = {a for a, authorships in self.held[g].items() if authorships}
            leaving = [t for t in self.state[g] if t[0] in self.olds and t[0] not in here
                       and (t[0] not in holds or t[1] == f"<{RDF_TYPE}>")]
            self.state[g].difference_update(leaving)
        if self.copy:
            everywhere = set().union(*(self.state[g] for g in named)) if named else set()
            ts = self.state[self._DEFAULT]
            ts.difference_update([t for t in ts if t[1] == member])
            ts.update(t for t in everywhere if t[1] == member)
            ts.difference_update([t for t in ts if t[0] in self.olds and t not in everywhere])
        remove, add = [], []
        for g in sorted(set(self.state) | set(self.before)):
            was, now = self.before.get(g, set()), self.state.get(g, set())
            remove += [(g, " ".join(t)) for t in sorted(was - now)]
            add += [(g, " ".join(t)) for t in sorted(now - was)]
        return remove, add


def _q(key: str) -> str:
    from urllib.parse import quote

    return quote(key, safe="")


def _data(verb: str, quads: list[tuple[str, str]], default_graph: bool) -> str:
    """``DELETE DATA`` / ``INSERT DATA`` of (graph, triple) pairs, each in its graph and, with ``default_graph``, in
    the default graph (the embedded store's copy of every statement; a server's copy is the named graph skg:merged).
    A pair whose graph is ``""`` is in the default graph only."""
    by_graph: dict[str, list[str]] = defaultdict(list)
    for g, t in quads:
        by_graph[g].append(t)
    parts = [f"GRAPH {g} {{ {' . '.join(dict.fromkeys(ts))} }}" for g, ts in by_graph.items() if g]
    default = " . ".join(dict.fromkeys([t for _, t in quads] if default_graph else by_graph.get("", [])))
    return f"{verb} DATA {{ {' '.join(parts)} {default} }}"

"""The identity stage: one Author node per person, decided over the whole graph after every change.

A source's batch cannot see the corpus, so it writes each author under the key of the name as listed
(``names.author_key``), with the name and the input's identifiers on the AUTHORED edge (``listed_as``,
``author_ids``). After a build or remove-source has written everything, ``refresh_identity`` reads every
authorship with its paper's context (year, title, categories, organizations), lets ``persons.resolve_persons``
decide who is who, and has the store move each authorship whose person differs from the node it hangs on:
the edge keeps its sources (so removing a source still removes exactly what it asserted) and, because the
decision is made from the listed names each time, a later change can merge or split again, or undo a join that
only a removed source supported. Author nodes left without authorships go. Each person node gets ``aliases``
(the other names written for it) and ``identity`` (why its mentions are one person).

Store side (the hook, kept small so other corpus-wide passes can use the same shape): a store that supports the
stage has ``identity_authorships()``, ``identity_papers()`` and ``apply_identity(moves, persons)``;
``stores.corpus.finish`` runs every pass in ``PASSES`` order, then the store's own ``finish_changes``.
"""
from __future__ import annotations

import pickle
import subprocess
import sys
import threading
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from .person_names import compatible, read_name_of
from .persons import Mention, _swap_grade, resolve_persons

EVIDENCE_LINES = 12  # joins shown on a node (the count of all is given)
BESIDE_FROM = 20_000  # authorships from which the decision runs in a child process beside ``meanwhile`` (starting
# one costs about a second; the 102k-paper graph's 280,000 mentions take half a minute to decide)


@dataclass
class IdentityReport:
    """What one run did: authorships read, persons found, authorships moved, seconds taken (and of those, reading
    the graph, deciding and writing: ``parts``)."""

    authorships: int = 0
    persons: int = 0
    moved: int = 0
    seconds: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Move:
    """Re-point the authorship of ``paper`` from Author ``old`` to Author ``new``. The organizations the paper ties
    the author to (the edge's ``organizations``) go with it: the store makes the MEMBER_OF edges of both Authors again
    from their authorships, in the same write."""

    paper: str
    old: str
    new: str


def mentions_of(authorships: Iterable[Mapping[str, Any]], papers: Mapping[str, Mapping[str, Any]]
                ) -> tuple[list[Mention], dict[tuple[str, int], list[str]]]:
    """Mentions for ``persons.resolve_persons`` from the store's rows, and the nodes each hangs on now: one mention
    per (paper, position), so an authorship a source wrote again under the listed name, beside the one already
    moved to its person, is the same mention (and moves there too)."""
    by_paper: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in authorships:
        by_paper[row["paper"]].append(row)
    mentions: list[Mention] = []
    current: dict[tuple[str, int], list[str]] = {}
    for paper in sorted(by_paper):
        # by the name as listed before the node it hangs on now, so earlier builds' moves never change the mentions
        rows = sorted(by_paper[paper], key=lambda r: (r.get("position") is None, r.get("position") or 0,
                                                      _listed(r), r["author"]))
        slots: dict[int, list[Mapping[str, Any]]] = {}
        at: dict[int, list[int]] = defaultdict(list)  # the slots of each position
        extra = 0  # slots beyond one per position: -1, -2, ... as they appear (a row written twice shifts nothing)
        for row in rows:
            position = row.get("position")
            # two sources naming different people at one position give two mentions, never one person; a row that
            # names one of them again joins that one's slot; a row without a position is a slot of its own
            taken = at[position] if position is not None else []
            slot = next((s for s in taken if _same_slot(slots[s][0], row)), None)
            if slot is None:
                if position is not None and not taken:
                    slot = position
                else:
                    extra += 1
                    slot = -extra
                taken.append(slot)
                slots[slot] = []
            slots[slot].append(row)
        ctx = papers.get(paper, {})
        names = {pos: _listed(rs[0]) for pos, rs in slots.items()}
        for pos, rs in slots.items():
            m = Mention(paper, pos, names[pos], tuple(n for p, n in names.items() if p != pos),
                        ctx.get("year"), tuple(sorted(set(ctx.get("categories") or ()))), tuple(sorted(set(ctx.get("orgs") or ()))),
                        ctx.get("title") or "", tuple(sorted({i for r in rs for i in r.get("ids") or ()})))
            mentions.append(m)
            current[m.id] = [r["author"] for r in rs]
    return mentions, current


def _listed(row: Mapping[str, Any]) -> str:
    return row.get("listed_as") or row.get("name") or row["author"]


def _same_slot(first: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    """Whether an authorship at the position of ``first`` on the same paper is the same mention: a source wrote it
    again under the listed name beside the one already moved, or another source lists a variant of the name."""
    a, b = read_name_of(_listed(first)), read_name_of(_listed(row))
    return compatible(a, b) is not None or _swap_grade(a, b) is not None


@dataclass
class Decision:
    """What ``decide`` made of the rows: the moves, the facts of the persons that have any (``aliases``, ``identity``),
    how many authorships it read and how many persons it found."""

    moves: list[Move]
    persons: dict[str, dict[str, Any]]
    authorships: int
    found: int


def decide(authorships: list[Mapping[str, Any]], papers: Mapping[str, Mapping[str, Any]]) -> Decision:
    """Who is who, from the store's rows (``identity_authorships()``, and ``identity_papers()`` by paper key), and the
    authorships to move to match."""
    mentions, current = mentions_of(authorships, papers)
    result = resolve_persons(mentions)
    del mentions
    moves = sorted({Move(mid[0], old, key) for mid, key in result.person.items()
                    for old in current[mid] if old != key}, key=lambda m: (m.paper, m.old, m.new))
    persons = {}
    for key, names in result.names.items():
        why = result.evidence.get(key) or []
        if len(names) < 2 and not why:
            continue
        shown = why[:EVIDENCE_LINES] + ([f"... and {len(why) - EVIDENCE_LINES} more joins"] if len(why) > EVIDENCE_LINES else [])
        # (a ';' that a reader left in a listed name would be the export's array delimiter: names never carry one)
        aliases = sorted({" ".join(n.replace(";", " ").split()).strip(" ,") for n in names} - {""})
        persons[key] = {"aliases": aliases if len(aliases) > 1 else [], "identity": "\n".join(shown) or "one name"}
    return Decision(moves, persons, len(authorships), len(set(result.person.values())))


def refresh_identity(store, meanwhile: Callable[[], Any] | None = None) -> IdentityReport:
    """Decide who is who over the whole graph in ``store`` and move authorships to match (see the module).

    ``meanwhile``: work for this process while another one decides (``stores.finish`` gives the method identity):
    the decision is pure Python, so on two cores the two run side by side. It must not touch the Author nodes."""
    started = time.perf_counter()
    authorships = list(store.identity_authorships())
    papers = {row["paper"]: row for row in store.identity_papers()}
    parts = {"read": time.perf_counter() - started}
    if meanwhile is not None and len(authorships) >= BESIDE_FROM:
        decision, parts["meanwhile"] = _decide_beside(authorships, papers, meanwhile)
    else:
        if meanwhile is not None:
            meanwhile()
        decision = decide(authorships, papers)
    del authorships, papers  # (memory: the moves below are written while only the decision is held)
    parts["decide"] = time.perf_counter() - started - parts["read"] - parts.get("meanwhile", 0.0)
    store.apply_identity(decision.moves, decision.persons)
    seconds = time.perf_counter() - started
    parts["write"] = seconds - parts["read"] - parts["decide"] - parts.get("meanwhile", 0.0)
    return IdentityReport(decision.authorships, decision.found, len(decision.moves), seconds, parts)


def _decide_beside(authorships: list[Mapping[str, Any]], papers: Mapping[str, Mapping[str, Any]],
                   meanwhile: Callable[[], Any]) -> tuple[Decision, float]:
    """``decide(authorships, papers)`` in a child process while this one runs ``meanwhile()``; returns the decision
    and the seconds ``meanwhile`` took. The child is a fresh interpreter running ``python -m scholarkg.resolve.identity``
    (never the caller's main module again, unlike multiprocessing's spawn) that reads the rows pickled on its stdin
    and writes the decision on its stdout; it only computes (making the mentions too: this process only reads).
    If it fails, this process decides itself (the same answer); on any failure here it is killed, so nothing
    outlives the stage."""
    started = time.perf_counter()
    try:
        child = subprocess.Popen([sys.executable, "-m", "scholarkg.resolve.identity"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE)
    except (OSError, ValueError):  # (no interpreter to start: one after the other here)
        meanwhile()
        took = time.perf_counter() - started
        return decide(authorships, papers), took
    try:
        # (a thread feeds the child: a pipe holds 64 KiB, and the rows are tens of MB)
        feeder = threading.Thread(target=_feed, args=(child.stdin, (authorships, papers)), daemon=True)
        feeder.start()
        meanwhile()
        took = time.perf_counter() - started
        try:
            result = pickle.load(child.stdout)  # type: ignore[arg-type]
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            result = None
            warnings.warn(f"the identity stage's child process gave no answer ({exc!r}): deciding in this one",
                          stacklevel=2)
            child.kill()  # (it may be blocked writing to a pipe nobody reads any more)
        feeder.join()
        if child.wait() != 0 or not isinstance(result, Decision):
            result = decide(authorships, papers)  # (the child failed: decide here, the same answer)
        return result, took
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()  # type: ignore[union-attr]


def _feed(pipe: Any, rows: Any) -> None:
    try:
        with pipe:
            pickle.dump(rows, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass  # (the child died: ``_resolve_beside`` decides here)


if __name__ == "__main__":  # the child of ``_decide_beside``
    # (the decision is made with this module imported by its name: what it pickles must unpickle in the parent)
    from scholarkg.resolve import identity as _named

    _result = _named.decide(*pickle.load(sys.stdin.buffer))
    pickle.dump(_result, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)

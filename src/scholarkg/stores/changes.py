"""Changing a store besides building into it: removing a source, and refreshing what is derived from the graph.

Each is the whole sequence a change needs (``start_changes``, the change, ``finish``: the corpus-wide passes and the
rankings), so the CLI, scripts and tests run the same thing.

>>> with open_store("oxigraph::memory:") as store:
...     refresh(store).depths
{'pairs': None, 'authors': None, 'methods per year': None}
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from . import Store, finish, open_store  # noqa: F401 (open_store: for the example above)
from .rankings import DEPTH_FACTS


@dataclass
class Removal:
    """What ``remove_source`` removed: the source keys and how many statements (nodes+edges, or quads) went."""

    keys: list[str]
    removed: int


@dataclass
class Refresh:
    """What ``refresh`` did, with its seconds."""

    seconds: float
    identity_seconds: float  # the author identity stage (0 when it did not run)
    methods_merged: int  # by the method identity pass
    methods_dropped: int
    method_identity_seconds: float
    depths: dict[str, int | None] | None = field(default=None)
    """Up to which ``$limit`` each ranking is exact (None: every entry is kept); None for stores without rankings."""


def find_sources(store: Store, source: str) -> list[str]:
    """The keys of the sources ``source`` names: a source key, or the path a file was loaded from.

    Raises ``ConfigError`` listing the sources there are when it names none.
    """
    known = store.sources()
    keys = [s["key"] for s in known if s["key"] == source]
    if not keys:
        target = Path(source).resolve()
        keys = [s["key"] for s in known if Path(s["path"]).resolve() == target]
    if not keys:
        listed = ", ".join(f"{s['path']} [{s['key']}]" for s in known[:10]) or "none"
        more = f", and {len(known) - 10} more" if len(known) > 10 else ""
        raise ConfigError(f"no source {source!r} in {store.uri} (sources: {listed}{more}); "
                          "give one of these paths or keys")
    return keys


def remove_source(store: Store, source: str) -> Removal:
    """Remove what only ``source`` (a key or a loaded path) asserted, then run the corpus-wide passes and refresh
    the rankings again without it."""
    keys = find_sources(store, source)
    store.start_changes()
    removed = sum(store.remove_source(k) for k in keys)
    finish(store)  # who is who again without this source, then the rankings
    return Removal(keys, removed)


def refresh(store: Store) -> Refresh:
    """Run the corpus-wide passes again (author identity, method identity) and recompute the rankings: what a build
    or remove-source does at its end, for a store changed by other means (SPARQL updates, Cypher writes)."""
    started = time.perf_counter()
    store.start_changes()
    seconds = finish(store)
    plan = store.identity_plan
    depths = ranking_depths(store.rankings_state()) if store.can("rankings") else None
    return Refresh(time.perf_counter() - started, seconds.get("identity", 0.0),
                   len(plan.merges) if plan else 0, len(plan.drops) if plan else 0, store.identity_seconds, depths)


def ranking_depths(state: dict[str, Any]) -> dict[str, int | None]:
    """What each depth fact of ``rankings_state`` says: ranking -> the deepest exact ``$limit`` (None: all kept).

    >>> from scholarkg.graph_model import SKG
    >>> ranking_depths({SKG + "pairDepth": 1000, SKG + "authorDepth": -1})
    {'pairs': 1000, 'authors': None, 'methods per year': None}
    """
    out: dict[str, int | None] = {}
    for what, fact in DEPTH_FACTS.items():
        depth = state.get(fact, -1)
        out[what] = None if depth < 0 else depth
    return out

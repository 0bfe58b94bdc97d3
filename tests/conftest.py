"""Test set-up shared by every test: where ../shared is, and the markers that need something outside the repo.

Tests that read ../shared carry ``@pytest.mark.shared``; without ../shared they are deselected with a
printed note (never silently skipped). Neo4j tests carry ``@pytest.mark.neo4j`` and run against the real server of
``neo4j_server.py`` (the ``neo4j_uri`` fixture) where Java 17+ and Maven exist, or against NEO4J_URI when set.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from neo4j_server import shared_server_uri, unavailable as neo4j_unavailable

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SCHOLARKG_SHARED", ROOT.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _unavailable() -> dict[str, str]:
    """marker -> why its tests cannot run on this machine."""
    out = {}
    if not (SHARED / "DESIGN.md").is_file():
        out["shared"] = f"no shared data at {SHARED}"
    why = neo4j_unavailable()
    if why:
        out["neo4j"] = why
    from sparql_servers import missing  # virtuoso, fuseki

    out.update(missing())
    return out


_NOTES: list[str] = []


def pytest_collection_modifyitems(config, items):
    missing = _unavailable()
    keep, drop = [], {}
    for item in items:
        why = next((why for marker, why in missing.items() if item.get_closest_marker(marker)), None)
        if why is None:
            keep.append(item)
        else:
            drop.setdefault(why, []).append(item)
    if drop:
        config.hook.pytest_deselected(items=[i for group in drop.values() for i in group])
        items[:] = keep
        for why, group in drop.items():
            _NOTES.append(f"NOTE: deselected {len(group)} tests: {why}")
        for note in _NOTES:
            print("\n" + note)


def pytest_terminal_summary(terminalreporter):
    for note in _NOTES:
        terminalreporter.write_line(note, yellow=True)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (tests using it must carry @pytest.mark.shared)."""
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared) -> Path:
    return shared / "seeds"


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory):
    """A Neo4j 5 server shared by the session (tests must carry @pytest.mark.neo4j); see neo4j_server.py."""
    yield from shared_server_uri(tmp_path_factory)

"""Every shipped .cypher file passes Neo4j's own parser (scripts/lint-cypher), and the linter catches what it should.

The linter is Node.js code (scripts/cypher-lint/lint.mjs around @neo4j-cypher/language-support); these tests
run it as a user would. Without node and npm they fail with a message saying so: CI has node.
The first run installs the npm package and analyses every file (tens of seconds); later runs reuse findings
of unchanged files and take about a second.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from scholarkg.graph_model import EDGES, NODES
from scholarkg.stores import cypher_rankings

LINT = ROOT / "scripts" / "lint-cypher"
FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<kind>error|warning|note): (?P<message>.*)$")
SHIPPED_DIRS = ["src/scholarkg/queries", "src/scholarkg/schema/neo4j", "schema/neo4j"]
# Warnings a shipped file may carry: deprecations and performance notes, never a schema mismatch.
ALLOWED_WARNINGS = re.compile(r"is deprecated|cartesian product")


def run_lint(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), *args], capture_output=True, text=True, timeout=900, env=env, cwd=ROOT)


def findings(stdout: str) -> list[dict]:
    """The `path:line:col: kind: message` lines of the linter's output."""
    return [m.groupdict() for m in map(FINDING.match, stdout.splitlines()) if m]


@pytest.fixture(scope="session")
def node_available():
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{' and '.join(missing)} not found: the Cypher lint needs Node.js 20+ with npm "
                    "(scripts/lint-cypher installs @neo4j-cypher/language-support with it)")


def shipped_cypher_files() -> list[Path]:
    files = {p.resolve() for d in SHIPPED_DIRS if (ROOT / d).is_dir() for p in (ROOT / d).rglob("*.cypher")}
    return sorted(p for p in files if not p.name.endswith(".falkordb.cypher"))


def test_every_shipped_cypher_file_passes_neo4j_parser(node_available):
    result = run_lint()
    assert result.returncode == 0, f"Neo4j's parser rejects shipped Cypher:\n{result.stdout}{result.stderr}"
    expected = len(shipped_cypher_files())
    assert expected >= 17
    assert f"cypher-lint: {expected} file{'s' * (expected != 1)} checked" in result.stdout, result.stdout
    found = findings(result.stdout)
    assert [f for f in found if f["kind"] == "error"] == []
    unexpected = [f for f in found if not ALLOWED_WARNINGS.search(f["message"])]
    assert unexpected == [], "shipped Cypher has schema warnings:\n" + "\n".join(map(str, unexpected))


HEADER = "// t: a test query.\n// Parameters: $author (Author key). Columns: title.\n"
MATCH = "MATCH (a:Author {key: $author})-[:AUTHORED]->(p:Paper)\n"
BROKEN = {
    "syntax-error.cypher": HEADER + MATCH + "RETRUN p.title\n",
    "unknown-function.cypher": HEADER + MATCH + "RETURN toLowr(p.title) AS title\n",
    "apoc-function.cypher": HEADER + MATCH + "RETURN apoc.text.capitalize(p.title) AS title\n",
    "undefined-variable.cypher": HEADER + MATCH + "RETURN q.title AS title\n",
    "undeclared-parameter.cypher": HEADER + MATCH + "WHERE p.year >= $since\nRETURN p.title AS title\n",
    "misspelled-label.cypher": HEADER + "MATCH (a:Autor {key: $author})-[:AUTHORED]->(p:Paper)\nRETURN p.title\n",
    "misspelled-type.cypher": HEADER + "MATCH (a:Author {key: $author})-[:AUTHORD]->(p:Paper)\nRETURN p.title\n",
    "misspelled-property.cypher": HEADER + MATCH + "RETURN p.titel AS title\n",
    "wrong-direction.cypher": HEADER + "MATCH (a:Author {key: $author})<-[:AUTHORED]-(p:Paper)\nRETURN p.title\n",
    "unused-parameter.cypher": HEADER.replace("$author (Author key)", "$author, $limit") + MATCH + "RETURN p.title\n",
    "empty.cypher": "\n",
    "second-statement.cypher": "// two constraints\n"
        "CREATE CONSTRAINT a IF NOT EXISTS FOR (n:Paper) REQUIRE n.key IS UNIQUE;\n"
        "CREATE CONSTRAINT b IF NOT EXISTS FOR (n:Author) REQUIRE n.key IS UNIQE;\n",
    # Clean: the package alone would take row.start for a property of the node a.
    "map-values.cypher": "// t: upsert.\n// Parameters: $rows. Columns: none.\nUNWIND $rows AS row\n"
        "MATCH (a:Author {key: row.start})\nMATCH (b:Paper {key: row.end})\nMERGE (a)-[r:AUTHORED]->(b)\n"
        "SET r.position = row.position\n",
    # Skipped, whatever it holds.
    "variant.falkordb.cypher": HEADER + MATCH + "RETURN p.title ORDER BY RETRUN\n",
}
# file -> (line, col, kind, start of message) that must be among its findings
EXPECTED = {
    "syntax-error.cypher": (4, 1, "error", "Invalid input 'RETRUN'"),
    "unknown-function.cypher": (4, 8, "error", "Function toLowr is not present in the database"),
    "apoc-function.cypher": (4, 8, "error", "Function apoc.text.capitalize is not present in the database"),
    "undefined-variable.cypher": (4, 8, "error", "Variable `q` not defined"),
    "undeclared-parameter.cypher": (4, 17, "error", "Parameter $since is not defined."),
    "misspelled-label.cypher": (3, 10, "warning", "Label Autor is not present in the database"),
    "misspelled-type.cypher": (3, 35, "warning", "Relationship type AUTHORD is not present in the database"),
    "misspelled-property.cypher": (4, 10, "warning", "titel is not present in the database"),
    "wrong-direction.cypher": (3, 7, "warning", "[:AUTHORED] has no outgoing (:Author)"),
    "unused-parameter.cypher": (2, 25, "warning", "Parameter $limit is declared in the header but"),
    "empty.cypher": (1, 1, "error", "the file holds no Cypher statement"),
    "second-statement.cypher": (3, 67, "error", "Invalid input 'UNIQE'"),
}


@pytest.fixture(scope="module")
def broken_run(node_available, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cypher")
    for name, text in BROKEN.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = run_lint(str(folder))
    by_file: dict[str, list[dict]] = {}
    for f in findings(result.stdout):
        by_file.setdefault(Path(f["path"]).name, []).append(f)
    return folder, result, by_file


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_query_is_caught_with_file_and_position(broken_run, name):
    folder, _, by_file = broken_run
    line, col, kind, message = EXPECTED[name]
    got = by_file.get(name, [])
    assert all(f["path"] == str(folder / name) for f in got)
    hits = [f for f in got if f["message"].startswith(message)]
    assert hits, f"{name}: expected {kind} {message!r}, got {got}"
    assert (int(hits[0]["line"]), int(hits[0]["col"]), hits[0]["kind"]) == (line, col, kind)


def test_broken_run_fails_and_counts(broken_run):
    folder, result, by_file = broken_run
    assert result.returncode == 1
    assert "map-values.cypher" not in by_file
    assert f"{folder / 'variant.falkordb.cypher'}: skipped: FalkorDB dialect variant" in result.stdout
    errors = sum(f["kind"] == "error" for fs in by_file.values() for f in fs)
    warnings = sum(f["kind"] == "warning" for fs in by_file.values() for f in fs)
    summary = re.search(r"cypher-lint: (\d+) files? checked, (\d+) skipped, (\d+) errors?, (\d+) warnings?",
                        result.stdout)
    assert summary and tuple(map(int, summary.groups())) == (len(BROKEN) - 1, 1, errors, warnings)


def test_warnings_pass_unless_strict(broken_run):
    folder, _, _ = broken_run
    only_warnings = str(folder / "misspelled-label.cypher")
    assert run_lint(only_warnings).returncode == 0
    strict = run_lint("--strict", only_warnings)
    assert strict.returncode == 1
    assert "Label Autor is not present" in strict.stdout


def test_unreadable_file_is_named(node_available, tmp_path):
    missing = tmp_path / "nowhere.cypher"
    result = run_lint(str(missing))
    assert result.returncode == 2
    assert f"{missing}: cannot read: ENOENT" in result.stderr


def test_missing_node_is_a_clear_failure(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "dirname"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    env = {**os.environ, "PATH": str(bin_dir)}
    result = subprocess.run([str(bin_dir / "bash"), str(LINT)], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 3
    assert "'node' not found; install Node.js 20 or newer (with npm)" in result.stderr


def test_lint_schema_matches_graph_model():
    schema = json.loads((ROOT / "scripts" / "cypher-lint" / "schema.json").read_text(encoding="utf-8"))
    assert sorted(schema["labels"]) == sorted([*NODES, *cypher_rankings.LABELS])
    assert sorted(schema["relationshipTypes"]) == sorted({rel for rel, _, _ in EDGES})
    assert sorted((e["relType"], e["from"], e["to"]) for e in schema["graphSchema"]) == sorted(EDGES)
    properties = {"key", "sources"} | {p for props in [*NODES.values(), *EDGES.values()] for p in props}
    assert sorted(schema["propertyKeys"]) == sorted(properties | cypher_rankings.PROPERTY_KEYS)

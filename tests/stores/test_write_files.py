"""The generated Cypher write files and schema files match the graph model (re-run scripts/gen_cypher_writes.py)."""
from scholarkg.graph_model import EDGES, NODES
from scholarkg.resources import resource
from scholarkg.stores.cypher import render_constraints, render_falkordb_indexes, render_writes


def test_write_files_are_current():
    folder = resource("queries", "write")
    shipped = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.cypher")}
    assert shipped == render_writes(), "stale: run python scripts/gen_cypher_writes.py"
    assert len(shipped) == len(NODES) + len(EDGES)


def test_schema_files_are_current():
    assert resource("schema", "neo4j", "constraints.cypher").read_text(encoding="utf-8") == render_constraints()
    assert resource("schema", "falkordb", "indexes.cypher").read_text(encoding="utf-8") == render_falkordb_indexes()


def test_writes_use_parameters_only():
    for name, text in render_writes().items():
        body = "\n".join(l for l in text.splitlines() if not l.startswith("//"))
        assert "'" not in body and '"' not in body, name  # no literal values in a write
        assert "$rows" in body and "$source" in body, name

#!/usr/bin/env python3
"""Write the Cypher files generated from the graph model (scholarkg.graph_model): one upsert file per node label and
per edge kind in src/scholarkg/queries/write/, schema/neo4j/constraints.cypher and schema/falkordb/indexes.cypher.
Run it after changing the graph model; tests/stores/test_write_files.py fails while the files are stale.
"""
from pathlib import Path

from scholarkg.stores.cypher import render_constraints, render_falkordb_indexes, render_writes

PKG = Path(__file__).resolve().parents[1] / "src" / "scholarkg"


def main() -> None:
    folder = PKG / "queries" / "write"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.cypher"):
        old.unlink()
    for name, text in render_writes().items():
        (folder / name).write_text(text, encoding="utf-8")
    for sub, name, text in (("neo4j", "constraints.cypher", render_constraints()),
                            ("falkordb", "indexes.cypher", render_falkordb_indexes())):
        (PKG / "schema" / sub).mkdir(exist_ok=True)
        (PKG / "schema" / sub / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(render_writes())} write files, constraints and indexes under {PKG}")


if __name__ == "__main__":
    main()

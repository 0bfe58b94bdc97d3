"""`export --format neo4j-csv` loaded by the real `neo4j-admin database import full` (org.neo4j:neo4j-import-tool,
through the written import.sh) into a fresh Neo4j 5: the imported database holds the same graph and answers every
catalogue case like the Bolt-built one, on the seeds and on the 3,000-paper sample."""
from __future__ import annotations

import os
import subprocess
import time

import pytest

from conftest import SHARED
from neo4j_server import Neo4jServer
from bench_params import pick_cases
from scholarkg.build import build
from scholarkg.catalog import run_query
from scholarkg.export import export_property_graph
from scholarkg.servers.neo4j import build_launcher, write_admin_script
from scholarkg.stores import open_store
from test_parity import SEED_CASES

PAGES = [SHARED / "data" / "arxiv-oai-cs-2016" / f"{page}.xml.gz" for page in (1, 2, 3)]

pytestmark = [pytest.mark.neo4j, pytest.mark.shared]


@pytest.mark.parametrize("corpus", ["seeds", pytest.param("sample", marks=pytest.mark.slow)])
def test_admin_import_answers_like_the_bolt_built_graph(corpus, neo4j_uri, tmp_path):
    with open_store(neo4j_uri) as bolt:
        bolt.clear()
        bolt.ensure_schema()
        build([SHARED / "seeds"] if corpus == "seeds" else PAGES, bolt)
        graph = bolt.iter_graph()
        cases = SEED_CASES if corpus == "seeds" else [(c.name, c.params) for c in pick_cases(bolt)]
        want = [run_query(bolt, name, params) for name, params in cases]
        export_property_graph(bolt, "neo4j-csv", tmp_path / "csv")
    assert sum(map(len, want)) > 0

    server = Neo4jServer(tmp_path / "imported")
    if corpus == "seeds":  # a Neo4j that has run once holds an empty database neo4j: only overwriting replaces it
        server.start().stop()
    (server.folder / "home").mkdir(exist_ok=True)  # else a new installation: an empty NEO4J_HOME
    env = {**os.environ, "NEO4J_HOME": str(server.folder / "home"),
           "NEO4J_ADMIN": str(write_admin_script(tmp_path / "neo4j-admin", build_launcher()))}
    started = time.monotonic()
    done = subprocess.run([str(tmp_path / "csv" / "import.sh"), "neo4j", "--overwrite-destination"], env=env,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    print(f"neo4j-admin import of {corpus}: {time.monotonic() - started:.1f} s")  # -s or -rP shows it
    server.start()
    try:
        with open_store(server.uri()) as imported:
            imported.ensure_schema()  # constraints.cypher: the import makes none
            assert imported.iter_graph() == graph
            for (name, params), rows in zip(cases, want):
                assert run_query(imported, name, params) == rows, (name, params)
    finally:
        server.stop()

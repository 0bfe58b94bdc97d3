"""The sparql+http store against a real Oxigraph server: the same graph as the embedded store."""
import io
from pathlib import Path

import pytest

from scholarkg.build import build, source_key
from scholarkg.catalog import run_query
from scholarkg.errors import StoreError
from scholarkg.model import GraphBatch
from scholarkg.stores import open_store

from servers import oxigraph_server

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "profile-listing.txt"


def nquads(store) -> str:
    buf = io.StringIO()
    store.dump(buf, "nq")
    return buf.getvalue()


@pytest.fixture
def server(tmp_path):
    with oxigraph_server(tmp_path / "server-data") as uri:
        yield uri


def test_same_quads_as_the_embedded_store(tmp_path, server):
    with open_store(server) as remote, open_store(f"oxigraph:{tmp_path / 'local'}") as local:
        build([EXAMPLE], remote, extract=False)
        build([EXAMPLE], local, extract=False)
        assert nquads(remote) == nquads(local)
        assert remote.stats() == local.stats()
        assert run_query(remote, "coauthors", {"author": "Mara Lindqvist"}) == run_query(local, "coauthors", {"author": "Mara Lindqvist"})
        assert build([EXAMPLE], remote, extract=False).sources_unchanged == 1
        assert remote.remove_source(source_key(EXAMPLE)) > 0
        assert remote.stats() == {"nodes": {}, "edges": {}} and remote.sources() == []


def test_failed_batch_writes_nothing_remotely(server):
    with open_store(server) as remote:
        build([EXAMPLE], remote, extract=False)
        before = nquads(remote)
        batch = GraphBatch("bad")
        batch.add_node("Paper", "tx", title="x")
        batch.add_node("Planet", "mars")
        with pytest.raises(StoreError):
            remote.upsert(batch)
        assert nquads(remote) == before


def test_unreachable_endpoint_is_one_clear_error():
    with open_store("sparql+http://127.0.0.1:9") as remote:
        with pytest.raises(StoreError, match="cannot reach SPARQL endpoint sparql\\+http://127.0.0.1:9"):
            remote.stats()


@pytest.mark.shared
def test_seeds_through_http_equal_embedded(tmp_path, server, seeds):
    with open_store(server) as remote, open_store(f"oxigraph:{tmp_path / 'local'}") as local:
        build([seeds], remote, extract=False)
        build([seeds], local, extract=False)
        assert nquads(remote) == nquads(local)

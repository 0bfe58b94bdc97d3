"""What each store declares it can do (``Store.can``) is what it does: the RDF stores dump and keep rankings, the
Cypher stores keep rankings but hold no RDF and say so when asked; every store reads what the author identity stage
needs."""
import io

import pytest

from scholarkg.stores import open_store
from scholarkg.stores.changes import refresh
from scholarkg.validate import validate_store
from scholarkg.errors import ConfigError
from servers import falkordb_server, oxigraph_server


def test_the_rdf_stores_dump_validate_and_keep_rankings(tmp_path):
    with oxigraph_server(tmp_path / "server") as uri:
        for store_uri in ("oxigraph::memory:", uri):
            with open_store(store_uri) as store:
                assert store.can("rdf") and store.can("rankings") and store.can("author_identity")
                assert list(store.identity_authorships()) == [] and list(store.identity_papers()) == []
                out = io.StringIO()
                store.dump(out, "nt")
                assert validate_store(store)[0]
                assert refresh(store).depths is not None and store.rankings_state()


def test_a_cypher_store_keeps_rankings_and_refuses_rdf(tmp_path):
    with falkordb_server(tmp_path / "falkordb") as uri, open_store(f"{uri}/g") as store:
        assert not store.can("rdf") and store.can("rankings")
        assert store.can("author_identity") and list(store.identity_authorships()) == []
        with pytest.raises(NotImplementedError):
            store.dump(io.StringIO(), "nt")
        with pytest.raises(ConfigError, match="is not an RDF store"):
            validate_store(store)
        assert store.rankings_state() == {}
        assert refresh(store).depths == {"pairs": None, "authors": None, "methods per year": None}
        assert store.rankings_state()

"""Every catalogue question gives the same rows on every SPARQL engine: the embedded Oxigraph store and, through
``sparql+http://``, Oxigraph's server, Virtuoso 7 and Jena Fuseki; on our graph loaded from two sources (so each
fact is asserted twice and must be counted once) and on the seeds, with ``export --format nq`` byte-identical."""
import pytest

from conftest import SHARED
from scholarkg.build import build
from scholarkg.catalog import run_query
from scholarkg.errors import StoreError
from scholarkg.model import GraphBatch
from scholarkg.resolve.graph import add_paper, add_source
from scholarkg.stores import open_store, rankings
from sparql_servers import nquads, server, sparql_credentials, wipe  # noqa: F401 (server: a fixture)
from test_parity import CHAIN_CASES, CHAIN_PAPERS, OUR_CASES, OUR_PAPERS, SEED_CASES


# Questions an engine gets wrong, and why; every other case must give the same rows. Virtuoso 7.2: collaboration-
# distance stops with "SQ156 Internal Optimized compiler error", and the non-ASCII " → " its path strings are built
# with turns into "?" (any non-ASCII literal in query text; no ASCII separator sorts as "→" does); paper-influence
# hits SQ156 on some papers of the sample; top-collaborations: it sorts names with non-ASCII letters apart from
# ASCII ones ("Félix Majou" before "F. Daneshgaran"); and it refuses an ORDER BY with LIMIT 1,000,000 (SR353).
# methods and datasets joined the catalogue in the same merge as this test and were never made portable: Virtuoso
# answers them differently, not yet looked at (KNOWN, to fix).
ENGINE_BUGS: dict[str, set[str]] = {}  # engine -> questions it answers wrong in every form tried (README: "SPARQL servers")


def _load(store, papers, sources=("our-source",)) -> None:
    store.ensure_schema()
    store.start_changes()
    for key in sources:
        batch = GraphBatch(key)
        add_source(batch, f"{key}.txt", "test")
        for paper, ex in papers:
            add_paper(batch, paper, ex)
        store.upsert(batch)
    store.finish_changes()


CASES = OUR_CASES + [("collaboration-distance", params) for params, _ in CHAIN_CASES]


def test_every_question_counts_each_fact_once(server, tmp_path):
    """Our graph asserted by two sources on the server, by one in the embedded store: the same rows for every
    question, from the rankings and (once they are marked stale) from the graph itself."""
    kind, uri = server
    known = [(name, params) for name, params in CASES if name in ENGINE_BUGS.get(kind, ())]
    with sparql_credentials(), open_store(uri) as remote, open_store(f"oxigraph:{tmp_path / 'one'}") as one:
        wipe(remote)
        _load(one, OUR_PAPERS + CHAIN_PAPERS)
        _load(remote, OUR_PAPERS + CHAIN_PAPERS, sources=("source-a", "source-b"))
        for fresh in (True, False):
            if not fresh:
                one._update(rankings.MARK_STALE)
                remote._update(rankings.MARK_STALE)
            wrong = {(name, str(params)): why for name, params in CASES
                     if (why := _difference(remote, one, name, params)) and (name, params) not in known}
            assert wrong == {}, "fresh rankings" if fresh else "stale rankings"


@pytest.mark.shared
def test_seeds_same_quads_and_answers(server, tmp_path):
    kind, uri = server
    with sparql_credentials(), open_store(uri) as remote, open_store(f"oxigraph:{tmp_path / 'local'}") as local:
        wipe(remote)
        build([SHARED / "seeds"], remote)
        build([SHARED / "seeds"], local)
        assert nquads(remote) == nquads(local)
        assert remote.stats() == local.stats()
        wrong = {f"{name} {params}": why for name, params in SEED_CASES
                 if (why := _difference(remote, local, name, params)) and name not in ENGINE_BUGS.get(kind, ())}
        assert wrong == {}


def _difference(remote, local, name, params) -> str | None:
    """How the question's rows on the server differ from the local store's (an error on the server is a
    difference, given with its message so a failure in CI says what happened); None when they are the same."""
    want = run_query(local, name, params)
    try:
        got = run_query(remote, name, params)
    except StoreError as exc:
        return f"error: {exc}"
    if got == want:
        return None
    first = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    return (f"{len(got)} rows, not {len(want)}; first difference at row {first}: "
            f"{got[first] if first < len(got) else None} instead of {want[first] if first < len(want) else None}")


@pytest.fixture(scope="module")
def sample_local(tmp_path_factory):
    """The 3,000-paper sample (test_parity_sample.PAGES) in the embedded store, and the cases picked from it."""
    from bench_params import pick_cases
    from test_parity_sample import PAGES, _edge_cases

    with open_store(f"oxigraph:{tmp_path_factory.mktemp('sample') / 'db'}") as local:
        assert build(PAGES, local).papers == 3000
        cases = pick_cases(local)
        yield local, cases + _edge_cases(cases)


# Virtuoso refuses (SR353) to sort for a LIMIT of 1,000,000: the cases asking for every pair, author or organization.
PAST_THE_CAP = {"virtuoso": {"everything"}}


@pytest.mark.shared
@pytest.mark.slow
def test_sample_same_quads_and_answers(server, sample_local):
    from test_parity_sample import PAGES

    kind, uri = server
    local, cases = sample_local
    with sparql_credentials(), open_store(uri) as remote:
        wipe(remote)
        assert build(PAGES, remote).papers == 3000
        assert nquads(remote) == nquads(local)
        assert remote.stats() == local.stats()
        known = [case.label for case in cases if case.name in ENGINE_BUGS.get(kind, ())
                 or case.why in PAST_THE_CAP.get(kind, ())]
        wrong = {case.label: why for case in cases
                 if case.label not in known and (why := _difference(remote, local, case.name, case.params))}
        assert wrong == {}

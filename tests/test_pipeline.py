"""The build's executors give the same graph: in this process, on a process pool (--workers 2) and on a Dask
LocalCluster (--executor dask://...); their exports are byte for byte equal."""
import io
import json
import random

import pytest

from conftest import SHARED
from scholarkg.build import build
from scholarkg.errors import ConfigError
from scholarkg.stores import open_store

METHODS = ["Adam", "LSTM", "ResNet", "BERT", "dropout", "batch normalization", "word2vec", "GAN"]
DATASETS = ["CIFAR-10", "ImageNet", "MNIST", "SQuAD"]
PEOPLE = [("Ada", "Moreau"), ("Bo", "Lindgren"), ("Cy", "Okoro"), ("Dee", "Varga"), ("Eve", "Nakamura"),
          ("Finn", "Olsen"), ("Gia", "Rossi"), ("Hal", "Berg")]


def write_corpus(folder, files=3, per_file=40, seed=7):
    """arXiv JSON Lines files whose abstracts propose, extend and evaluate methods (extraction has work to do)."""
    rng = random.Random(seed)
    folder.mkdir()
    for f in range(files):
        lines = []
        for i in range(per_file):
            n = f * per_file + i
            base, other = rng.sample(METHODS, 2)
            name = f"Sparse {base.title()} Variant {n}"
            abstract = (f"We propose {name} ({'SV' + str(n)}), which extends {base}. "
                        f"It outperforms {other} on {rng.choice(DATASETS)} (Moreau et al., 2019).")
            people = rng.sample(PEOPLE, rng.randint(1, 4))
            lines.append(json.dumps({
                "id": f"16{f:02d}.{n:05d}", "title": f"{name} for Fast Learning", "abstract": abstract,
                "authors": ", ".join(f"{g} {fam}" for g, fam in people), "categories": "cs.LG",
                "authors_parsed": [[fam, g, ""] for g, fam in people],
                "versions": [{"version": "v1", "created": f"Mon, {1 + n % 27} Feb 2016 10:00:00 GMT"}],
                "update_date": "2016-03-01", "doi": None, "journal-ref": None}))
        (folder / f"part-{f}.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def export(store) -> str:
    buf = io.StringIO()
    store.dump(buf, "nq")
    return buf.getvalue()


def built(tmp_path, name, inputs, **kw) -> tuple[str, object]:
    with open_store(f"oxigraph:{tmp_path / name}") as store:
        report = build(inputs, store, **kw)
        return export(store), report


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus") / "listings")


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory):
    return built(tmp_path_factory.mktemp("serial"), "db", [corpus], batch_size=16)


def test_the_corpus_gives_extraction_something_to_find(serial):
    graph, report = serial
    assert report.papers == 120 and report.sources_loaded == 3
    assert "/id/method/adam>" in graph and "/id/dataset/cifar-10>" in graph
    assert "ontology#extends>" in graph.lower()


def test_a_process_pool_gives_the_same_graph(corpus, serial, tmp_path):
    graph, report = built(tmp_path, "pool", [corpus], batch_size=16, workers=2)
    assert report.papers == 120
    assert graph == serial[0]


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_graph(corpus, serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        address = cluster.scheduler_address  # tcp://127.0.0.1:PORT
        graph, report = built(tmp_path, "dask", [corpus], batch_size=16,
                              executor="dask://" + address.removeprefix("tcp://"))
    assert report.papers == 120
    assert graph == serial[0]


def test_an_unreachable_dask_scheduler_is_a_clear_error(corpus, tmp_path):
    pytest.importorskip("distributed")
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        built(tmp_path, "nodask", [corpus], executor="dask://127.0.0.1:9")


def test_a_worker_failure_stops_the_build_with_its_error(corpus, tmp_path):
    with open_store(f"oxigraph:{tmp_path / 'db'}") as store:
        with pytest.raises(ZeroDivisionError):
            build([corpus], store, workers=2, extract=_broken_extractor)
        assert not any(s.get("complete") for s in store.sources())


def _broken_extractor(papers):
    return [1 / 0 for _ in papers]


@pytest.mark.shared
@pytest.mark.slow
def test_two_arxiv_pages_give_the_same_graph_on_two_workers(tmp_path):
    pages = [SHARED / "data" / "arxiv-oai-cs-2016" / f"{i}.xml.gz" for i in (1, 2)]
    one, _ = built(tmp_path, "one", pages, batch_size=250)
    two, report = built(tmp_path, "two", pages, batch_size=250, workers=2)
    assert report.papers == 2000
    assert one == two

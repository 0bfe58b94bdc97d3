"""The title-segment classifier: which opening words of a title name the paper's own method (real small models)."""
import sys
from pathlib import Path

import numpy as np
import pytest

from scholarkg.extract import build_pipeline, extract, extract_with_candidates, titleseg
from scholarkg.model import Paper, SourceRef

ROOT = Path(__file__).resolve().parents[2]


def paper(title, abstract):
    return Paper(key="t", title=title, source=SourceRef("-", "test", "1"), abstract=abstract)


def labelled(title, abstract, proposed=()):
    return {"texts": [title, abstract], "gold": {"methods": [{"text": p, "role": "proposed"} for p in proposed]}}


# titles whose opening words name the paper's method, and titles that open with a task or a known technique
OWN = [("Data-driven Rank Breaking for Efficient Rank Aggregation", "We propose data-driven rank breaking, a method.",
        "Data-driven Rank Breaking"),
       ("Coupled Neural Associative Memories", "We introduce coupled neural associative memories for recall.",
        "Coupled Neural Associative Memories"),
       ("Tensor SimRank for Heterogeneous Networks", "We present tensor SimRank, which ranks nodes.", "Tensor SimRank"),
       ("Count-Min-Log sketch: Approximately counting", "We propose the Count-Min-Log sketch (CML) for counting.",
        "Count-Min-Log sketch")]
TASKS = [("Action Recognition with Dense Trajectories", "Action recognition is hard. We use dense trajectories."),
         ("Image Classification via Deep Networks", "Image classification is studied with deep networks."),
         ("Neural Networks for Text Classification", "Neural networks classify text; we compare neural networks.")]


def test_segments_cut_a_title_where_a_name_ends():
    assert [(s.text, s.cut) for s in titleseg.segments("A Novel Spectral Algorithm for Latent Trees")] == \
        [("Spectral Algorithm", "for"), ("Spectral Algorithm for Latent Trees", "whole")]
    assert [s.text for s in titleseg.segments("Live-marker - a tool for marking pages")] == ["Live-marker"]
    assert [s.text for s in titleseg.segments("Behavior Subtraction.")] == ["Behavior Subtraction"]
    long = "Very Long Opening Words That Keep Going Past Any Name Length"
    assert titleseg.segments(long) == [] and titleseg.segments("") == []


def test_features_read_the_abstract_and_the_corpus_evidence():
    title, abstract, name = OWN[0]
    seg = titleseg.segments(title)[0]
    tokens = titleseg.tokens_of(build_pipeline().tokenizer(title))
    feats = titleseg.features(title, abstract, seg, tokens)
    assert "repeats:1" in feats and "introduced:True" in feats and "cut:for" in feats and "head:breaking" in feats
    assert "ev-papers:0" in feats  # a name no other corpus abstract uses
    task = titleseg.segments(TASKS[0][0])[0]
    task_feats = titleseg.features(TASKS[0][0], TASKS[0][1], task, titleseg.tokens_of(build_pipeline().tokenizer(TASKS[0][0])))
    assert any(f.startswith("ev-papers:") and f != "ev-papers:0" for f in task_feats)  # "action recognition": common


def test_training_is_seeded_and_learns_own_names_from_tasks(tmp_path):
    docs = [labelled(t, a, [n]) for t, a, n in OWN] * 3 + [labelled(t, a) for t, a in TASKS] * 3
    one, two = titleseg.fit(docs, build_pipeline().tokenizer, 0.5, seed=2), titleseg.fit(docs, build_pipeline().tokenizer, 0.5, seed=2)
    assert np.array_equal(one.weights, two.weights)
    tokenizer = build_pipeline().tokenizer
    for title, abstract, name in OWN:
        seg, p = one.best(title, abstract, titleseg.tokens_of(tokenizer(title)))
        assert seg.text == name and p >= 0.5
    for title, abstract in TASKS:
        assert one.best(title, abstract, titleseg.tokens_of(tokenizer(title))) is None
    one.save(tmp_path / "t.npz")
    again = titleseg.TitleSegmentModel.load(tmp_path / "t.npz")
    title, abstract, _ = OWN[1]
    assert abs(again.probability(title, abstract, titleseg.segments(title)[0]) -
               one.probability(title, abstract, titleseg.segments(title)[0])) < 1e-2 and again.threshold == 0.5


def test_the_extractor_takes_a_segment_the_model_accepts_as_the_papers_method():
    docs = [labelled(t, a, [n]) for t, a, n in OWN] * 3 + [labelled(t, a) for t, a in TASKS] * 3
    title, abstract = "Coupled Spiking Associative Memories", "We propose coupled spiking associative memories that store patterns."
    with titleseg.using_model(None):
        before = extract(paper(title, abstract))
    with titleseg.using_model(titleseg.TitleSegmentModel(titleseg.fit(docs, build_pipeline().tokenizer, 0.5).weights, 0.0)):
        (after, candidates), = extract_with_candidates([paper(title, abstract)])
    assert ("Coupled Spiking Associative Memories", "proposes") in {(m.name, m.role) for m in after.methods}
    assert "Coupled Spiking Associative Memories" not in {m.name for m in before.methods}
    assert any(c.rule == "title-segment" and c.text == "Coupled Spiking Associative Memories" for c in candidates)


def test_the_shipped_model_is_package_data_and_small():
    assert titleseg.MODEL_PATH.exists() and titleseg.MODEL_PATH.stat().st_size < 200_000
    model = titleseg.packaged_model()
    assert model is not None and model.threshold == titleseg.THRESHOLD and np.abs(model.weights).sum() > 0


@pytest.mark.shared
def test_the_training_script_rebuilds_the_shipped_model(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_title_segments

    monkeypatch.setattr(sys, "argv", ["train_title_segments.py", "--out", str(tmp_path / "t.npz")])
    train_title_segments.main()
    assert (tmp_path / "t.npz").read_bytes() == titleseg.MODEL_PATH.read_bytes()

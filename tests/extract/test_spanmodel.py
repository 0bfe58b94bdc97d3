"""The span model, the resolver and the per-rule scores: on sentences we write, with real (small) models."""
import json
from pathlib import Path

import numpy as np
import pytest
import spacy
from click.testing import CliRunner

from scholarkg.cli import main
from scholarkg.extract import build_pipeline, extract, extract_with_candidates, load_pipeline
from scholarkg.extract import spanmodel, training
from scholarkg.extract.resolver import PRIORITY, SURE
from scholarkg.model import Paper, SourceRef

ROOT = Path(__file__).resolve().parents[2]


def paper(abstract, title="A Study"):
    return Paper(key="t", title=title, source=SourceRef("-", "test", "1"), abstract=abstract)


def test_candidates_are_runs_of_content_words_with_a_name_or_a_method_word():
    nlp = spacy.blank("en")
    doc = nlp("We train Deep Belief Networks on MNIST with stochastic gradient descent and the K-FAC optimizer.")
    spans = {doc[a:b].text for a, b in spanmodel.candidate_spans(doc)}
    assert {"Deep Belief Networks", "MNIST", "stochastic gradient descent", "K-FAC", "K-FAC optimizer"} <= spans
    assert not spans & {"We", "train", "on", "with", "the", "K-", "and the"}


def test_features_of_a_doc_do_not_depend_on_its_batch():
    nlp = build_pipeline()
    docs = list(nlp.pipe(["We use Adam (Kingma and Ba, 2015) on CIFAR-10.", "Logistic regression (LR) wins.", "",
                          "Random Cycle Coding (RCC) beats bits-back coding; RCC is fast."]))
    together = spanmodel.featurize(docs)
    for doc, (spans, feats) in zip(docs, together):
        (alone_spans, alone_feats), = spanmodel.featurize([doc])
        assert np.array_equal(spans, alone_spans) and np.array_equal(feats, alone_feats)
    assert len(together[2][0]) == 0 and len(together[3][0]) > 0


def test_training_is_seeded_and_learns_the_labels(tmp_path):
    docs = [{"texts": ["", "We fit logistic regression and neural networks to the Iris data."],
             "methods": [{"logistic regression"}], "datasets": [{"iris"}]},
            {"texts": ["", "Support vector machines beat neural networks on the Wine data."],
             "methods": [{"support vector machines"}], "datasets": [{"wine"}]}]
    ex = training.examples(docs, weight=1.0)
    one, two = training.train([ex], epochs=4, seed=3), training.train([ex], epochs=4, seed=3)
    assert np.array_equal(one.weights, two.weights)
    probs = one.probabilities(ex.features)
    assert probs[ex.texts.index("logistic regression"), 1] > 0.5
    assert probs[ex.texts.index("neural networks"), 0] > 0.5
    one.save(tmp_path / "w.npz")
    again = spanmodel.SpanModel.load(tmp_path / "w.npz")
    assert np.allclose(again.probabilities(ex.features), probs, atol=1e-2) and again.trained


def test_generic_phrases_are_filtered_from_training_labels():
    assert training.generic("neural networks") and training.generic("the algorithm") and training.generic("method")
    assert not training.generic("logistic regression") and not training.generic("SVM")


def _with_model(model, threshold, fn):
    comp = load_pipeline().get_pipe("scholarkg_spans")
    saved = comp.model, comp.threshold
    comp.model, comp.threshold = model, threshold
    try:
        return fn()
    finally:
        comp.model, comp.threshold = saved


def _constant_model(label: int) -> spanmodel.SpanModel:
    """A real model whose bias makes every candidate ``label`` (0 none, 1 method)."""
    bias = np.zeros(3, np.float32)
    bias[label] = 12.0
    return spanmodel.SpanModel(np.zeros((spanmodel.DIM, 3), np.float32), bias, threshold=0.5)


def test_resolver_keeps_sure_rules_and_lets_the_model_veto_checked_ones():
    text = paper("We compare AdamW with Ontology on the data. Ontology helps.")
    keys = lambda ex: {m.key for m in ex.methods}  # noqa: E731
    vetoed = _with_model(_constant_model(0), 0.5, lambda: extract(text))
    assert "adamw" in keys(vetoed)  # a listed coined name: sure
    assert "ontology" not in keys(vetoed)  # a listed plain word: the model's "none" overrules it
    assert PRIORITY["gazetteer"] == SURE


def test_the_model_adds_its_own_spans_where_no_rule_found_anything():
    text = paper("The frobnicated lattice sampler is run.")
    found = _with_model(_constant_model(1), 0.5, lambda: next(extract_with_candidates([text])))
    ex, candidates = found
    assert [m.mention for m in ex.methods] == ["frobnicated lattice sampler"]
    assert {c.rule for c in candidates} == {"model"}


def test_the_shipped_models_are_package_data_and_small():
    path = spanmodel.DATA / "weights.npz"
    assert path.exists() and path.stat().st_size < 25_000_000
    assert spanmodel.default_model().trained
    data = spanmodel.DATA.parent  # everything we ship as data, the NER included, within the 25 MB
    assert sum(f.stat().st_size for f in data.rglob("*") if f.is_file()) < 25_000_000


def test_seed_problems_of_issue_17():
    vib = extract(paper('We regularize. We call this method "Deep Variational Information Bottleneck", or Deep VIB. '
                        "Models trained with the VIB objective win.", title="Deep Variational Information Bottleneck"))
    deep = next(m for m in vib.methods if m.name == "Deep Variational Information Bottleneck")
    assert deep.role == "proposes" and "Deep VIB" in deep.aliases
    intb = extract(paper("In this paper, we introduce INT, an INequality Theorem proving benchmark, designed to test "
                         "agents. INT is based on a procedure.", title="INT: An Inequality Benchmark for Theorem Proving"))
    assert [(d.name, d.role) for d in intb.datasets] == [("INT", "proposes")] and not intb.methods
    free = extract(paper("We propose a simple yet effective Sampling-Free mechanism to balance the gradient."))
    assert "Sampling-Free" not in {m.name for m in free.methods}
    pp = extract(paper("Our approach, Project and Probe (Pro^2), begins by fitting a linear map to the features.",
                       title="Project and Probe: Sample-Efficient Domain Adaptation"))
    assert "Project" not in {m.name for m in pp.methods} and ("Project and Probe", "proposes") in \
        {(m.name, m.role) for m in pp.methods}
    ekfac = extract(paper("Our influence estimates rely on the Eigenvalue-corrected Kronecker-Factored Approximate "
                          "Curvature (EK-FAC) approximation. EK-FAC is accurate."))
    assert any("EK-FAC" in (m.mention, *m.aliases) for m in ekfac.methods)


def test_eval_reports_precision_per_rule(tmp_path):
    gold = [{"gid": "x1", "title": "A Study", "abstract": "We train with AdamW and Jigsaw on MNIST.",
             "methods": [{"text": "AdamW", "canonical": "AdamW", "aliases": [], "role": "used"}],
             "datasets": [{"text": "MNIST", "canonical": "MNIST", "aliases": [], "role": "used"}],
             "relations": [], "citations": []}]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold))
    result = CliRunner().invoke(main, ["eval", "extraction", "--gold", str(path), "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["scores"]
    assert scores["rule=gazetteer"]["tp"] == 2  # AdamW and MNIST
    assert scores["rule=gazetteer-word"]["fp"] == 1  # Jigsaw, before the resolver dropped it or not
    assert set(PRIORITY) <= {k.split("=", 1)[1] for k in scores if k.startswith("rule=")}


@pytest.mark.shared
def test_scierc_mapping_keeps_named_methods_and_drops_generic_ones(shared):
    docs = training.scierc_documents(shared / "data" / "scierc" / "dev.json")
    names = {n for d in docs for s in d["methods"] for n in s}
    assert len(docs) == 50 and names
    assert not names & {"method", "approach", "algorithm", "neural networks"}


def _column(name):
    return spanmodel.TEMPLATES.index(name)


def _title_and_abstract(nlp, title, abstract, same_paper=True):
    docs = list(spanmodel.paper_docs(nlp, [(title, abstract)]))
    if not same_paper:
        docs[1].user_data["paper"] = 1
    return docs


def test_a_title_is_read_as_a_title_with_its_abstract():
    nlp = build_pipeline()
    title, abstract = "Random Binary Mappings for Kernel Learning", "We study Random Binary Mappings on MNIST."
    docs = _title_and_abstract(nlp, title, abstract)
    assert [(d.user_data["field"], d.user_data["paper"]) for d in docs] == [("title", 0), ("abstract", 0)]
    (spans, feats), _ = spanmodel.featurize(docs)
    texts = [docs[0][a:b].text for a, b in spans.tolist()]
    name, task = texts.index("Random Binary Mappings"), texts.index("Kernel Learning")
    # where the span stands in the title is a feature: the opening phrase ending at "for" is not the phrase after it
    slot = _column("title_slot")
    assert feats[name, slot] != feats[task, slot]
    # the same text as an abstract has no title slot: the column differs from the title's
    (plain_spans, plain_feats), = spanmodel.featurize([nlp(title)])
    assert np.array_equal(plain_spans, spans) and plain_feats[name, slot] != feats[name, slot]
    # the title's name written again in the paper's abstract is a feature; an abstract of another paper does not count
    other = _column("paper_other")
    (_, alone), _ = spanmodel.featurize(_title_and_abstract(nlp, title, abstract, same_paper=False))
    assert feats[name, other] != alone[name, other] and feats[task, other] == alone[task, other]


def test_the_span_component_never_scores_a_title_apart_from_its_abstract():
    nlp = build_pipeline()
    pairs = [("Random Binary Mappings for Kernel Learning", "We study Random Binary Mappings (RBM)."),
             ("Tensor SimRank for Heterogeneous Networks", "Tensor SimRank ranks nodes; we compare it with PageRank.")]
    comp = nlp.get_pipe("scholarkg_spans")
    seen = []
    score = comp._score
    comp._score = lambda docs: seen.append([(d.user_data["paper"], d.user_data["field"]) for d in docs]) or score(docs)
    try:
        one = [d.user_data["span_scores"][2] for d in spanmodel.paper_docs(nlp, pairs, batch_size=1)]
    finally:
        del comp._score
    assert seen and all({p for p, _ in batch} == {batch[0][0]} and len(batch) == 2 for batch in seen)
    together = [d.user_data["span_scores"][2] for d in spanmodel.paper_docs(nlp, pairs, batch_size=64)]
    assert all(np.array_equal(a, b) for a, b in zip(one, together))


def test_a_span_the_ner_also_finds_passes_at_the_floor_and_no_lower():
    spans = np.array([[0, 2], [3, 4], [5, 6]])
    probs = np.array([[0.1, 0.85, 0.05], [0.4, 0.55, 0.05], [0.6, 0.35, 0.05]])
    assert spanmodel.decode(spans, probs, 0.8) == [(0, 2, 1, 0.85)]
    agreed = np.array([False, True, True])
    assert [s[:3] for s in spanmodel.decode(spans, probs, 0.8, agreed, floor=0.5)] == [(0, 2, 1), (3, 4, 1)]
    assert [s[:3] for s in spanmodel.decode(spans, probs, 0.8, agreed, floor=0.3)] == [(0, 2, 1), (3, 4, 1), (5, 6, 1)]


def test_the_ner_agrees_only_on_the_same_span_with_the_label_the_model_ranks_first():
    ner = spacy.blank("en")  # a real pipeline that sets doc.ents: spaCy's entity ruler stands in for the trained NER
    ner.add_pipe("entity_ruler").add_patterns([{"label": "METHOD", "pattern": "cutset sampling"},
                                               {"label": "DATASET", "pattern": "MNIST"},
                                               {"label": "METHOD", "pattern": "background"}])
    doc = spacy.blank("en")("We use cutset sampling and background subtraction on MNIST.")
    spans = np.array([[2, 4], [5, 7], [5, 6], [8, 9]])  # cutset sampling, background subtraction, background, MNIST
    probs = np.array([[0.3, 0.6, 0.1], [0.3, 0.6, 0.1], [0.3, 0.6, 0.1], [0.3, 0.6, 0.1]])
    found = spanmodel.ner_entities(ner, [doc])
    assert found == [{(2, 4, 1), (5, 6, 1), (8, 9, 2)}]
    assert spanmodel.agreement(found[0], spans, probs).tolist() == [True, False, True, False]  # MNIST: a dataset


def test_the_ner_reads_only_the_ranges_it_is_given_and_answers_in_the_docs_offsets():
    ner = spacy.blank("en")
    ner.add_pipe("entity_ruler").add_patterns([{"label": "METHOD", "pattern": "cutset sampling"}])
    doc = spacy.blank("en")("We use cutset sampling. Then cutset sampling again. And cutset sampling.")
    assert spanmodel.ner_entities(ner, [doc], [[(5, 10)]]) == [{(6, 8, 1)}]
    assert spanmodel.ner_entities(ner, [doc], [[]]) == [set()]
    assert spanmodel.ner_entities(ner, [doc])[0] == {(2, 4, 1), (6, 8, 1), (11, 13, 1)}


def test_a_taggers_biluo_tags_are_read_as_entities_and_a_run_that_does_not_close_is_none():
    doc = spacy.blank("en")("a b c d e f g h i j k l m")
    tags = ["O", "B-METHOD", "I-METHOD", "L-METHOD", "U-DATASET", "B-METHOD", "L-DATASET", "B-METHOD", "O", "L-METHOD",
            "B-METHOD", "L-METHOD", "I-METHOD"]
    for token, tag in zip(doc, tags):
        token.tag_ = tag
    assert spanmodel._entities(doc) == [(1, 4, "METHOD"), (4, 5, "DATASET"), (10, 12, "METHOD")]


def test_the_ner_reads_only_sentences_holding_a_doubtful_candidate():
    doc = spacy.blank("en")("We use Foo Net. It beats Bar Net. Baz Net is old. Then we stop.")
    spans = np.array([[2, 4], [7, 9], [10, 12]])  # Foo Net, Bar Net, Baz Net: sentences 0-5, 5-10, 10-15, 15-19
    sure, doubtful, low = [0.1, 0.85, 0.05], [0.4, 0.55, 0.05], [0.7, 0.25, 0.05]
    read = lambda *rows: spanmodel.doubtful_sentences(doc, spans, np.array(rows), 0.8, floor=0.5)  # noqa: E731
    assert [doc[a:b].text for a, b in read(sure, doubtful, low)] == ["It beats Bar Net."]
    assert [doc[a:b].text for a, b in read(doubtful, doubtful, low)] == ["We use Foo Net. It beats Bar Net."]
    assert [doc[a:b].text for a, b in read(doubtful, low, doubtful)] == ["We use Foo Net.", "Baz Net is old."]
    assert read(sure, low, low) == [] and spanmodel.doubtful_sentences(doc, spans[:0], np.zeros((0, 3)), 0.8) == []


def test_the_shipped_ner_is_the_span_components_second_opinion():
    ner = spanmodel.default_ner()
    assert ner is not None and {tag.partition("-")[2] for tag in ner.get_pipe("tagger").labels} == {"", "METHOD", "DATASET"}
    assert load_pipeline().get_pipe("scholarkg_spans").ner is ner
    doc = spacy.blank("en")("We train the model with Adam on MNIST.")
    assert {(doc[a:b].text, k) for a, b, k in spanmodel.ner_entities(ner, [doc])[0]} == {("Adam", 1), ("MNIST", 2)}

"""Corpus-wide method identity (``resolve.methods`` plans, ``stores.identity`` applies): variants and pooled
acronyms become one Method node, unsupported names go, the plan ignores input order, a later build that adds
sources ends where one build of everything ends, and Oxigraph and FalkorDB hold the same graph afterwards."""
import random

import pytest

from scholarkg.catalog import run_query
from scholarkg.keys import key_for
from scholarkg.model import GraphBatch
from scholarkg.resolve.methods import MethodNode, after_plan, form, is_acronym, plan_identity, title_forms
from scholarkg.stores import open_store
from scholarkg.stores.identity import read_method_nodes
from servers import falkordb_server


def test_variants_of_case_plural_hyphen_and_spacing_are_one_method():
    nodes = [MethodNode("k-means", "K-Means", (), 9), MethodNode("k-means-clustering", "K Means clustering", (), 3),
             MethodNode("kmeans", "KMeans", (), 1), MethodNode("gans", "GANs", (), 2),
             MethodNode("generative-adversarial-network", "generative adversarial network", ("GAN",), 30),
             MethodNode("adam-optimizer", "Adam optimizer", (), 2), MethodNode("adam", "Adam", (), 50)]
    plan = plan_identity(nodes)
    assert plan.merges == {"k-means-clustering": "k-means", "kmeans": "k-means", "gans": "generative-adversarial-network",
                           "adam-optimizer": "adam"}
    assert not plan.drops


def test_nets_written_as_a_word_of_their_own_are_networks_but_names_ending_in_net_are_not():
    nodes = [MethodNode("generative-adversarial-nets", "Generative Adversarial Nets", (), 4),
             MethodNode("generative-adversarial-network", "generative adversarial network", ("GAN",), 30),
             MethodNode("hopfield-net", "Hopfield net", (), 1), MethodNode("hopfield-network", "Hopfield network", (), 6),
             MethodNode("flownet", "FlowNet", (), 3), MethodNode("flow-networks", "flow networks", (), 8),
             MethodNode("u-net", "U-Net", (), 9), MethodNode("unet", "UNet", (), 2),
             MethodNode("u-network", "U network", (), 1)]
    plan = plan_identity(nodes)
    assert plan.merges == {"generative-adversarial-nets": "generative-adversarial-network",
                           "hopfield-net": "hopfield-network", "unet": "u-net"}
    assert plan_identity(list(reversed(nodes))).merges == plan.merges


def test_neural_after_an_architecture_word_or_an_acronym_in_brackets_changes_no_method():
    nodes = [MethodNode("fully-convolutional-network", "fully convolutional network", ("FCN",), 12),
             MethodNode("fully-convolutional-neural-networks", "Fully Convolutional Neural Networks", (), 3),
             MethodNode("bayesian-network", "Bayesian network", (), 40),
             MethodNode("bayesian-neural-network", "Bayesian neural network", (), 9),
             # an acronym in brackets inside a name changes no method either
             MethodNode("priority-based-round-robin-pbrr-algorithm", "Priority Based Round Robin (PBRR) Algorithm", (), 1),
             MethodNode("priority-based-round-robin-algorithm", "Priority Based Round Robin Algorithm", (), 2)]
    plan = plan_identity(nodes)
    assert plan.merges == {"fully-convolutional-neural-networks": "fully-convolutional-network",
                           "priority-based-round-robin-pbrr-algorithm": "priority-based-round-robin-algorithm"}
    assert plan_identity(list(reversed(nodes))).merges == plan.merges


def test_acronyms_pool_across_papers_but_an_ambiguous_one_joins_only_a_clear_majority():
    nodes = [MethodNode("bn", "BN", (), 5),
             MethodNode("batch-normalization", "batch normalization", ("BN",), 20),
             MethodNode("bayesian-network", "Bayesian network", ("BN",), 4),
             MethodNode("map", "MAP", (), 3),
             MethodNode("maximum-a-posteriori", "maximum a posteriori", ("MAP",), 5),
             MethodNode("mean-average-precision", "mean average precision", ("MAP",), 5),
             MethodNode("ek-fac", "EK-FAC", (), 2),
             MethodNode("eigenvalue-corrected-kronecker-factorization", "Eigenvalue-corrected Kronecker Factorization",
                        ("EK-FAC",), 1)]
    plan = plan_identity(nodes)
    # BN: 20 papers of 24 name batch normalization; MAP is split evenly and stays apart; long forms never merge
    assert plan.merges == {"bn": "batch-normalization", "eigenvalue-corrected-kronecker-factorization": "ek-fac"}


def test_long_forms_of_one_acronym_spelled_with_the_same_words_are_one_method():
    nodes = [MethodNode("dpm", "DPM", ("deformable part model",), 6),
             MethodNode("deformable-parts-model", "Deformable Parts Model", ("DPM",), 3),
             MethodNode("qp", "QP", ("quadratic programming",), 13),
             MethodNode("quadratic-programming-relaxation", "quadratic programming relaxation", ("QP",), 2),
             MethodNode("smc", "SMC", ("Secure Multiparty Computing", "Statistical Model Checker"), 25),
             MethodNode("statistical-model-checking", "statistical model checking", ("SMC",), 36),
             MethodNode("secure-multiparty-computation", "secure multiparty computations", ("SMC",), 4)]
    plan = plan_identity(nodes)
    # a word more names another thing; a node whose long forms spell SMC two ways joins neither through it
    assert plan.merges == {"deformable-parts-model": "dpm"}
    assert plan_identity(list(reversed(nodes))).merges == plan.merges


def test_names_that_use_a_pooled_acronym_join_its_method():
    nodes = [MethodNode("adanet", "AdaNet", (), 1, 1), MethodNode("adanet-algorithm", "AdaNet algorithm", (), 1),
             MethodNode("annealed-importance-sampling", "annealed importance sampling", ("AIS",), 3),
             MethodNode("differentiable-ais", "Differentiable AIS", ("DAIS",), 1, 1),
             MethodNode("differentiable-annealed-importance-sampling", "Differentiable Annealed Importance Sampling", (), 1, 1),
             MethodNode("bn-layer", "BN layer", (), 1), MethodNode("batch-norm", "batch norm", ("BN",), 2),
             MethodNode("bayes-net", "Bayes net", ("BN",), 2)]
    plan = plan_identity(nodes)
    assert plan.merges == {"adanet-algorithm": "adanet", "differentiable-annealed-importance-sampling": "differentiable-ais"}
    # written out, the acronym gives the other name but for its class word
    nodes = [MethodNode("gamp", "G-AMP", ("generalized approximate message passing",), 5),
             MethodNode("bilinear-g-amp", "Bilinear G-AMP", ("BiG-AMP",), 1, 1),
             MethodNode("bilinear-gamp-algorithm", "bilinear generalized approximate message passing algorithm", ("BiG-AMP",), 1)]
    assert plan_identity(nodes).merges == {"bilinear-gamp-algorithm": "bilinear-g-amp"}


def test_names_nothing_supports_are_dropped():
    nodes = [MethodNode("poly", "Poly", (), 4), MethodNode("bayesian", "Bayesian", (), 9),
             MethodNode("recurrent-models-of-visual-attention", "Recurrent models of visual attention", (), 1),
             MethodNode("expectation-maximization", "Expectation, Maximization", (), 1),
             MethodNode("dropout", "Dropout", (), 90), MethodNode("lsuv", "LSUV", (), 1),
             MethodNode("layer-sequential-unit-variance-initialization",
                        "Layer-sequential unit-variance initialization", ("LSUV",), 1),
             MethodNode("tree-lstm", "Tree-LSTM", (), 3), MethodNode("maxout", "maxout", (), 6, proposed=1),
             MethodNode("adam", "Adam", (), 40)]
    nodes.append(MethodNode("maxnet", "Maxnet", (), 2))  # no proposal, but a paper is titled "Maxnet Networks"
    plan = plan_identity(nodes, title_forms(["Recurrent Models of Visual Attention", "Poly: a title", "Maxnet Networks"]))
    assert plan.drops == {"poly", "bayesian", "recurrent-models-of-visual-attention", "expectation-maximization"}
    assert "recurrent-models-of-visual-attention" not in plan_identity(nodes).drops  # a title-like name no title has
    assert plan.merges == {"layer-sequential-unit-variance-initialization": "lsuv"}


def test_names_the_corpus_defines_as_no_technique_are_dropped():
    # WSN, QoS and FPGA are in the shipped list of acronyms most arXiv papers define as no technique
    nodes = [MethodNode("wsns", "WSNs", ("WSN", "Wireless Sensor Networks"), 50),
             MethodNode("qos", "QoS", (), 20), MethodNode("fpga", "FPGA", ("FPGAs",), 9),
             # a longer name that names a technique keeps the node, whatever its acronym
             MethodNode("background-subtraction", "Background subtraction", ("BS",), 12),
             # a model word in front, hyphenated or not, keeps a "... network"
             MethodNode("sum-product-networks", "Sum-Product Networks", ("SPN", "SPNs"), 7),
             MethodNode("lstm", "LSTM", (), 40)]
    assert plan_identity(nodes).drops == {"wsns", "qos", "fpga"}


def test_a_merge_needs_evidence_between_the_two_names_not_a_third_string():
    # "Adam(W)" names Adam and AdamW at once, "neural tangent" is a part of "Neural Tangent Kernel" ("neural tangent
    # (NT) kernels"); Greek letters are part of a name ("β-VAE" is not VAE, "Δ-STN" is not STN)
    nodes = [MethodNode("adam", "Adam", ("Adam(W)",), 13), MethodNode("adamw", "AdamW", ("Adam(W)",), 4),
             MethodNode("neural-tangent-kernel", "Neural Tangent Kernel", ("NT", "NTK", "neural tangent"), 3),
             MethodNode("neural-tangents", "Neural Tangents", (), 1),
             MethodNode("variational-autoencoder", "variational autoencoder", ("VAE", "VAEs"), 20),
             MethodNode("beta-vae", "β-VAE", (), 2), MethodNode("delta-stn", "Δ-STN", (), 1),
             MethodNode("self-tuning-networks", "Self-Tuning Networks", ("STNs",), 1),
             MethodNode("lstm", "LSTM", ("LSTMs",), 9),
             MethodNode("long-short-term-memory", "Long Short-Term Memory", ("LSTM", "Long short-term memories"), 2)]
    plan = plan_identity(nodes)
    assert plan.merges == {"long-short-term-memory": "lstm"}  # evidence between the names themselves still merges
    assert not plan.drops


def test_symbols_that_set_two_names_apart_give_two_keys_and_two_methods(tmp_path):
    """A slug of letters and digits made "K-means++" K-means, "R*CNN" R-CNN, "C#" C and "β-VAE" VAE: the keys and
    the identity forms spell those symbols out, and a query for one finds that one only."""
    names = ["K-means", "K-means++", "R-CNN", "R*CNN", "C", "C#", "C++", "β-VAE", "VAE", "A* search", "A search"]
    keys = [key_for("method", n) for n in names]
    assert keys == ["k-means", "k-means-plus-plus", "r-cnn", "r-star-cnn", "c", "c-sharp", "c-plus-plus", "beta-vae",
                    "vae", "a-star-search", "a-search"]
    assert len({form(n) for n in names}) == len(names)
    # a plus that joins two names still joins them, written either way
    assert key_for("method", "CNN+LSTM") == key_for("method", "CNN + LSTM") == key_for("method", "CNN-LSTM")
    nodes = [MethodNode(k, n, (), 3) for k, n in zip(keys, names)]
    assert not plan_identity(nodes).merges
    store = open_store(f"oxigraph:{tmp_path / 'symbols'}")
    with store:
        _load(store, _source("s1", [("Careful Seeding", 2007, [(key_for("method", "K-means++"), "K-means++", [],
                                                                  "proposes")])]),
              _source("s2", [("Lloyd Revisited", 1982, [(key_for("method", "k-means"), "k-means", [], "uses")])]))
        assert [r["title"] for r in run_query(store, "method-papers", {"method": "K-means++"})] == ["Careful Seeding"]
        assert [r["title"] for r in run_query(store, "method-papers", {"method": "K Means"})] == ["Lloyd Revisited"]


def test_a_second_pass_over_the_merged_nodes_merges_nothing_more():
    """Two long forms of one acronym that one pass joins through a name using a pooled acronym make the acronym
    clear, so its bare node joins them in the same pass, not in the next refresh (on the 102k graph a refresh merged
    39 more Method nodes)."""
    long_name = "Minimum-Decoding-Complexity Quasi-Orthogonal Space-Time Block Code"
    nodes = [MethodNode("mdc-long", long_name, ("MDC-QOSTBC",), 1),
             MethodNode("mdc-qostbc-mixed", "Minimum-Decoding-Complexity QOSTBC", ("MDC-QOSTBC",), 1),
             MethodNode("mdc-qostbc", "MDC-QOSTBC", (), 2),
             MethodNode("qo-stbc", "Quasi-Orthogonal Space-Time Block Code", ("QOSTBC",), 3)]
    plan = plan_identity(nodes)
    assert plan.merges == {"mdc-qostbc": "mdc-long", "mdc-qostbc-mixed": "mdc-long"}
    assert not plan_identity(after_plan(nodes, plan))


def test_an_alias_a_merge_brings_that_names_the_survivor_joins_in_the_same_pass():
    """"batched sparse" is an alias of "Batched Sparse Codes" that is not its name; once that node joins BATS, the
    alias spells BATS's letters and "BATched Sparse" joins too: in one pass, so a refresh merges nothing more."""
    nodes = [MethodNode("bats", "BATS", ("Batched Sparse Codes",), 5),
             MethodNode("batched-sparse-codes", "Batched Sparse Codes", ("BATS", "batched sparse"), 2),
             MethodNode("batched-sparse", "BATched Sparse", (), 1)]
    plan = plan_identity(nodes)
    assert plan.merges == {"batched-sparse": "bats", "batched-sparse-codes": "bats"}
    assert not plan_identity(after_plan(nodes, plan))


def test_the_plan_does_not_depend_on_input_order():
    nodes = [MethodNode(f"m{i}", name, aliases, i) for i, (name, aliases) in enumerate([
        ("LSTM", ()), ("Long Short-Term Memory", ("LSTM",)), ("long short-term memory networks", ()),
        ("LSTMs", ()), ("K-Means", ()), ("k means", ()), ("BN", ()), ("batch normalization", ("BN",)),
        ("Bayesian network", ("BN",)), ("Diffusion", ()), ("SSD", ()), ("Single Shot MultiBox Detector", ("SSD",))])]
    expected = plan_identity(nodes)
    for seed in range(5):
        shuffled = nodes[:]
        random.Random(seed).shuffle(shuffled)
        assert plan_identity(shuffled) == expected


def test_forms():
    assert form("Generative Adversarial Networks") == form("generative adversarial network")
    assert form("Tree-LSTM") == form("Tree LSTM") == form("TreeLSTM")
    assert [is_acronym(n) for n in ("muP", "mSDA", "NICE", "Adam", "dropout")] == [True, True, True, False, False]


# ---------------------------------------------------------------- in the stores

def _source(key: str, papers: list[tuple[str, int, list[tuple[str, str, list[str], str]]]],
            relations=()) -> GraphBatch:
    """A source: papers (title, year, methods as (key, name, aliases, role)) and method relations."""
    b = GraphBatch(key)
    b.add_node("Source", key, path=f"{key}.txt", format="test", complete=True)
    for title, year, methods in papers:
        p = b.add_node("Paper", title.lower().replace(" ", "-"), title=title, year=year)
        for mkey, name, aliases, role in methods:
            m = b.add_node("Method", mkey, name=name, aliases=aliases)
            b.add_edge("PROPOSES" if role == "proposes" else "USES", p, m)
    for etype, a, c in relations:
        b.add_edge(etype, ("Method", a), ("Method", c))
    return b


S1 = _source("s1", [
    ("LSTM Networks for Speech", 2014, [("long-short-term-memory", "Long Short-Term Memory", ["LSTM"], "uses"),
                                               ("k-means", "K-Means", [], "uses")]),
    ("Poly Things", 2015, [("poly", "Poly", [], "uses"), ("lstm", "LSTM", [], "uses"),
                           ("lstm-networks-for-speech", "LSTM networks for speech", [], "uses")]),
], [("EXTENDS", "lstm", "long-short-term-memory"), ("COMPARED_WITH", "k-means", "lstm")])
S2 = _source("s2", [
    ("Clustering with K Means", 2016, [("k-means-clustering", "K Means clustering", [], "proposes"),
                                       ("lstms", "LSTMs", [], "uses")]),
    ("Tree Stuff", 2016, [("tree-lstm", "Tree-LSTM", ["Tree LSTM"], "proposes"), ("lstm", "LSTM", [], "uses")]),
], [("EXTENDS", "tree-lstm", "lstm"), ("OUTPERFORMS", "k-means-clustering", "lstms")])


@pytest.fixture(scope="module")
def falkordb(tmp_path_factory):
    with falkordb_server(tmp_path_factory.mktemp("falkordb")) as uri:
        yield uri


def _stores(falkordb, tmp_path, name):
    fdb = open_store(f"{falkordb}/{name}")
    fdb.clear()
    return fdb, open_store(f"oxigraph:{tmp_path / name}")


def _load(store, *batches):
    store.ensure_schema()
    store.start_changes()
    for b in batches:
        store.upsert(b)
    store.finish_changes()


def test_stores_merge_and_drop_alike(falkordb, tmp_path):
    fdb, oxi = _stores(falkordb, tmp_path, "alike")
    with fdb, oxi:
        for store in (fdb, oxi):
            _load(store, S1, S2)
        nodes, edges = oxi.iter_graph()
        assert (nodes, edges) == fdb.iter_graph()
        methods = {n["key"]: n for n in nodes if n["label"] == "Method"}
        assert sorted(methods) == ["k-means", "lstm", "tree-lstm"]  # gazetteer keys first; Poly is gone
        assert methods["lstm"]["props"] == {"aliases": ["LSTM", "LSTMs", "Long Short-Term Memory"], "name": "LSTM"}
        assert methods["lstm"]["sources"] == ["s1", "s2"]
        method_edges = {(e["type"], e["start"][1], e["end"][1]): e["sources"] for e in edges
                        if e["start"][0] == "Method" and e["end"][0] == "Method"}
        # lstm EXTENDS long-short-term-memory became a self-loop and went
        assert method_edges == {("COMPARED_WITH", "k-means", "lstm"): ["s1"], ("EXTENDS", "tree-lstm", "lstm"): ["s2"],
                                ("OUTPERFORMS", "k-means", "lstm"): ["s2"]}
        for store in (fdb, oxi):
            assert {r["title"] for r in run_query(store, "method-papers", {"method": "Long Short-Term Memory"})} == {
                "LSTM Networks for Speech", "Poly Things", "Clustering with K Means", "Tree Stuff"}
            assert run_query(store, "method-comparisons", {"method": "K Means clustering"}) == [
                {"method": "LSTM", "relation": "outperforms"}, {"method": "LSTM", "relation": "compared with"}]
            assert [r["title"] for r in run_query(store, "who-introduced", {"method": "kmeans"})][:1] == [
                "Clustering with K Means"]


def test_a_merged_node_spelled_two_ways_by_two_sources_leaves_the_same_aliases_everywhere(falkordb, tmp_path):
    """A property-graph node keeps one name (the smallest its sources wrote); an RDF node one name per source. The
    node merged away leaves that one name as an alias in every store, so they answer alike (on the 102k graph the
    RDF stores had listed each source's spelling)."""
    s3 = _source("s3", [("More Memory", 2017, [("lstms", "LSTMS", [], "uses")])])
    fdb, oxi = _stores(falkordb, tmp_path, "spelled")
    with fdb, oxi:
        for store in (fdb, oxi):
            _load(store, S1, S2, s3)
        nodes, edges = oxi.iter_graph()
        assert (nodes, edges) == fdb.iter_graph()
        lstm = next(n for n in nodes if n["label"] == "Method" and n["key"] == "lstm")
        assert lstm["props"]["aliases"] == ["LSTM", "LSTMS", "Long Short-Term Memory"]
        for store in (fdb, oxi):
            assert read_method_nodes(store) == read_method_nodes(fdb)


def test_a_later_build_ends_where_one_build_of_everything_ends(falkordb, tmp_path):
    fdb, oxi = _stores(falkordb, tmp_path, "later")
    once_f, once_o = _stores(falkordb, tmp_path, "once")
    with fdb, oxi, once_f, once_o:
        for store in (fdb, oxi):
            _load(store, S2)
            _load(store, S1)
        for store in (once_f, once_o):
            _load(store, S1, S2)
        assert oxi.iter_graph() == once_o.iter_graph() == fdb.iter_graph() == once_f.iter_graph()


def test_removing_a_source_removes_what_it_asserted_from_merged_nodes(falkordb, tmp_path):
    fdb, oxi = _stores(falkordb, tmp_path, "remove")
    with fdb, oxi:
        for store in (fdb, oxi):
            _load(store, S1, S2)
            store.start_changes()
            store.remove_source("s2")
            store.finish_changes()
        nodes, edges = oxi.iter_graph()
        fdb_nodes, fdb_edges = fdb.iter_graph()
        assert edges == fdb_edges
        assert [n["key"] for n in nodes if n["label"] == "Method"] == ["k-means", "lstm"]
        assert {(e["type"], e["start"][1], e["end"][1]) for e in edges if e["start"][0] == "Method"} == {
            ("COMPARED_WITH", "k-means", "lstm")}


def test_who_introduced_reads_titles_that_open_with_the_name(falkordb, tmp_path):
    """The earliest paper that proposes the method, whose title opens with one of its names or whose abstract puts
    one in quotes, with or without authors; a title where the name runs on into another word ("Tree-LSTM-based
    ...") does not count."""
    s3 = _source("s3", [
        ("Tree-LSTM-based parsing", 2013, [("tree-lstm", "Tree-LSTM", [], "uses")]),
        ("Tree LSTMs: structure for sequences", 2014, [("tree-lstm", "Tree-LSTM", ["Tree LSTMs"], "uses")]),
        ("A study of syntax", 2012, [("tree-lstm", "Tree-LSTM", [], "uses")]),
    ])
    fdb, oxi = _stores(falkordb, tmp_path, "intro")
    with fdb, oxi:
        for store in (fdb, oxi):
            _load(store, S1, S2, s3)
        for store in (fdb, oxi):
            assert run_query(store, "who-introduced", {"method": "Tree-LSTM"}) == [
                {"title": "Tree LSTMs: structure for sequences", "year": 2014, "author": None, "position": None}]
        quoted = _source("s4", [("Trees of units", 2011, [("tree-lstm", "Tree-LSTM", [], "uses")])])
        quoted.nodes[("Paper", "trees-of-units")].props["abstract"] = 'We call these "tree-LSTM" units.'
        for store in (fdb, oxi):
            _load(store, quoted)
            assert [r["title"] for r in run_query(store, "who-introduced", {"method": "Tree-LSTM"})] == ["Trees of units"]
        defined = _source("s6", [("Recursive units", 2011, [("tree-lstm", "Tree-LSTM", ["Tree LSTM"], "uses")])])
        defined.nodes[("Paper", "recursive-units")].props["abstract"] = "Our tree LSTM (TLSTM) units."
        for store in (fdb, oxi):
            _load(store, defined)  # as early as "Trees of units", and first by title
            assert [r["title"] for r in run_query(store, "who-introduced", {"method": "Tree-LSTM"})] == ["Recursive units"]
        called = _source("s5", [("Units for trees", 2010, [("tree-lstm", "Tree-LSTM", [], "uses")]),
                                ("The Tree-LSTM algorithm", 2009, [("tree-lstm", "Tree-LSTM", [], "uses")])])
        called.nodes[("Paper", "units-for-trees")].props["abstract"] = "A unit called Tree-LSTM."
        for store in (fdb, oxi):
            _load(store, called)
            assert [r["title"] for r in run_query(store, "who-introduced", {"method": "Tree-LSTM"})] == [
                "The Tree-LSTM algorithm"]


def test_a_name_that_uses_an_acronym_finds_the_node_of_its_long_form(falkordb, tmp_path):
    """"Grid LSTM" is asked for, the graph holds "Grid Long Short-Term Memory": LSTM's long form written out."""
    grid = _source("s7", [("Grids of cells", 2015, [("grid-long-short-term-memory", "Grid Long Short-Term Memory", [],
                                                     "proposes"), ("lstm", "LSTM", [], "uses")])],
                   [("OUTPERFORMS", "grid-long-short-term-memory", "lstm")])
    fdb, oxi = _stores(falkordb, tmp_path, "expand")
    with fdb, oxi:
        for store in (fdb, oxi):
            _load(store, S1, S2, grid)
            assert run_query(store, "method-comparisons", {"method": "Grid LSTM"}) == [
                {"method": "LSTM", "relation": "outperforms"}]


def test_a_name_written_with_its_acronym_in_brackets_finds_the_node_either_names(falkordb, tmp_path):
    """"Banded Kernel Smoothing (BKS)" is asked for; the graph holds the long form without the acronym."""
    banded = _source("s8", [("Smooth bands", 2014, [("banded-kernel-smoothing", "Banded Kernel Smoothing", [],
                                                     "proposes"), ("k-means", "K-Means", [], "uses")])],
                     [("USES", "banded-kernel-smoothing", "k-means")])
    fdb, oxi = _stores(falkordb, tmp_path, "bracket")
    with fdb, oxi:
        for store in (fdb, oxi):
            _load(store, S1, banded)
            for asked in ("Banded Kernel Smoothing (BKS)", "banded kernel smoothing ( BKS )"):
                assert run_query(store, "method-lineage", {"method": asked, "depth": 1}) == [
                    {"method": "K-Means", "direction": "ancestor", "relation": "USES", "hops": 1}]


def test_a_paper_keeps_the_acronyms_it_defines_as_aliases():
    from scholarkg.model import Extraction, Mention, Paper, SourceRef
    from scholarkg.resolve.graph import add_paper

    abstract = ("We use long short-term memory (LSTM) units. Layer-sequential unit-variance (LSUV) initialization "
                "is simple. Solid state drives (SSD) are fast.")
    paper = Paper(key="p", title="T", source=SourceRef("x", "test", "1"), abstract=abstract)
    ex = Extraction(methods=(
        Mention("method", "Long Short-Term Memory", "long-short-term-memory", "long short-term memory", "abstract", 7, 29, "uses"),
        Mention("method", "LSUV initialization", "lsuv-initialization",
                "Layer-sequential unit-variance (LSUV) initialization", "abstract", 44, 96, "uses"),
        Mention("method", "SSD", "ssd", "SSD", "abstract", 130, 133, "uses")))  # the list's SSD, not this one
    batch = GraphBatch("s")
    add_paper(batch, paper, ex)
    aliases = {n.key: n.props["aliases"] for n in batch.iter_nodes("Method")}
    assert aliases == {"long-short-term-memory": ["long short-term memory", "LSTM"], "ssd": [],
                       "lsuv-initialization": ["Layer-sequential unit-variance (LSUV) initialization",
                                               "Layer-sequential unit-variance", "LSUV"]}


@pytest.mark.shared
def test_seed_files_one_by_one_or_at_once_give_the_same_quads(tmp_path):
    """With extraction and the identity pass: 001 then 004, 004 then 001, and both at once are byte-identical."""
    import io

    from conftest import SHARED
    from scholarkg.build import build

    one, four = SHARED / "seeds" / "001_87e66b188c6948de.txt", SHARED / "seeds" / "004_1528f3380a3e320a.txt"
    dumps = []
    for name, order in (("a", [[one], [four]]), ("b", [[four], [one]]), ("c", [[one, four]])):
        with open_store(f"oxigraph:{tmp_path / name}") as store:
            for inputs in order:
                build(inputs, store)
            buf = io.StringIO()
            store.dump(buf, "nq")
            dumps.append(buf.getvalue())
    assert dumps[0] == dumps[1] == dumps[2]

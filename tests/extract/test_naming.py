"""How the extractor names methods and datasets: acronyms, proposal cues, titles, name shapes, lists, versions.

Every sentence here is our own."""
import pytest

from scholarkg.extract import extract
from scholarkg.extract.acronyms import acronym_definitions
from scholarkg.extract.naming import called_names, filed_acronyms, listed_names, proposed_names, shaped_methods
from scholarkg.extract.titles import title_methods
from scholarkg.model import Paper, SourceRef


def paper(abstract, title="A Study"):
    return Paper(key="t", title=title, source=SourceRef("-", "test", "1"), abstract=abstract)


def roles(ex):
    return {m.name: m.role for m in ex.methods}


@pytest.mark.parametrize("text, expected", [
    ("a damped Newton iteration method (DNI) converges", [("damped Newton iteration method", "DNI")]),
    ("we train sparse mixture routers (SMRs) on text", [("sparse mixture routers", "SMRs")]),
    ("Generalized Kernel Smoothing (GenKS) is fast", [("Generalized Kernel Smoothing", "GenKS")]),
    ("with Layerwise Orthogonal Projection (LOP, Doe et al., 2021) we", [("Layerwise Orthogonal Projection", "LOP")]),
    ("we add tied residual gating (\\rm TRG) to", [("tied residual gating", "TRG")]),
    ("as noted (Smith, 2020) and in (Table 3)", []),
])
def test_acronym_definitions(text, expected):
    assert [(d.long, d.short) for d in acronym_definitions(text)] == expected


@pytest.mark.parametrize("text, gone", [
    ("Each relay node (RN) measures the uplink noise ratio (UNR). A low UNR makes the RN sleep.", {"UNR"}),
    ("We estimate the link quality information (LQI) at every hop; LQI then drives routing.", {"LQI"}),
    ("Properties are written in Branching Event Logic (BEL), and BEL formulas are checked.", {"BEL"}),
    ("A mesh sensor network (MSN) carries the readings; the MSN is duty cycled.", {"MSN"}),
])
def test_an_acronym_the_paper_defines_as_no_technique_is_no_method(text, gone):
    # the span model reads short capitals as names; what the paper says the acronym stands for decides
    names = {n for m in extract(paper(text)).methods for n in (m.name, m.mention, *m.aliases)}
    assert not names & gone


@pytest.mark.parametrize("text, name", [
    ("We fit the curves by sparse kernel regression (SKR), and SKR converges fast.", "sparse kernel regression"),
    ("An echo state network (ESN) predicts the load; the ESN is small.", "echo state network"),
    ("A gated residual neural network (GRNN) labels frames, and the GRNN is small.", "gated residual neural network"),
])
def test_an_acronym_the_paper_defines_as_a_technique_stays_one(text, name):
    assert name in roles(extract(paper(text)))


def test_an_acronym_the_paper_defines_otherwise_is_not_the_listed_method():
    # the gazetteer knows "SGD" as stochastic gradient descent; here the paper defines it as something else
    ex = extract(paper("We study the spectral gap dynamics (SGD) of random graphs. SGD shrinks with size."))
    assert "stochastic gradient descent" not in roles(ex)


@pytest.mark.parametrize("text, name", [
    ("In this paper, we propose Tessellated Gradient Flow, a method for sampling.", "Tessellated Gradient Flow"),
    ("We combine both views by introducing Orbit, a training recipe for small models.", "Orbit"),
    ("Our algorithm, Folded Sketch Descent, needs no tuning.", "Folded Sketch Descent"),
    ("Our corrected optimizer, Tilted Momentum Descent, needs no tuning.", "Tilted Momentum Descent"),
    ("We call this combined approach Q-MERGE and test it widely.", "Q-MERGE"),
    ("We present a new optimizer called PaceMaker that adapts step sizes.", "PaceMaker"),
    ("LatticeProp, a novel message passing scheme, is exact on trees.", "LatticeProp"),
    # in lower case, a name the paper marks itself: quoted, or the long form of the acronym it defines
    ("To cut memory, we introduce \"sparse folding\", a two stage recipe.", "sparse folding"),
    ("Our proposed method, layered contour voting (LCV), finds edges.", "layered contour voting"),
    # a capitalised name right before a class word, or before the rest of the sentence, stays the name
    ("We propose Quill optimizer, which adapts its steps.", "Quill"),
    ("Tarn, a novel sampler, mixes fast.", "Tarn"),
])
def test_proposal_cues(text, name):
    assert name in [n for _, _, n in proposed_names(text)]
    assert roles(extract(paper(text))).get(name) == "proposes"


def test_two_names_joined_by_and_are_two_methods():
    assert [n for _, _, n in proposed_names("We introduce SkipNorm and RootNorm, two layers.")] == ["SkipNorm", "RootNorm"]


@pytest.mark.parametrize("text", [
    "We observe a curious effect, which we call Early Plateau Collapse, in deep nets.",  # a phenomenon
    "This follows the so-called spectral bias of networks.",
    "We propose that training is unstable.",
    # a sentence adverb before "a novel ...": the words say when or in which order, they name nothing
    "Lately, a novel scheme for routing was put forward. Therefore, a new bound on delay follows.",
    "Second, a new loss for ranking is given.",
    # one ordinary capitalised word that a lower-case word continues is a modifier, not the name
    "We derive a general Bayesian scoring rule for sparse graphs.",
    "We develop a Markov chain description of the queue.",
])
def test_no_new_method_without_a_method_cue(text):
    ex = extract(paper(text))
    assert [m for m in ex.methods if m.role == "proposes"] == []


def test_called_names_known_as_and_namely():
    found = called_names("This is known in the literature as greedy layer pruning. Namely, block coordinate descent.")
    assert [(n, own) for _, _, n, own in found] == [("greedy layer pruning", False), ("block coordinate descent", False)]


@pytest.mark.parametrize("title, expected", [
    ("SPARQ: Sparse Quantized Attention for Long Contexts", [("Sparse Quantized Attention", "SPARQ", "method")]),
    ("MedBench: A Benchmark for Clinical Question Answering", [("MedBench", None, "dataset")]),
    ("Hashing Is All You Need: Bucketed Softmax Sampling", [("Bucketed Softmax Sampling", None, "method")]),
    ("Toy Models of Memorization", []),
    ("Score Approximation, Estimation and Recovery of Diffusion Models", []),
    # a title that names a kind of network with a word of its own names it; one of kind words alone does not
    ("Braided Lattice Recurrent Networks for Speech", [("Braided Lattice Recurrent Networks", None, "method")]),
    ("Deep Convolutional Neural Networks for Speech", []),
    # a title phrase ending in a problem word names what the paper studies; a method word there names a method
    ("Sparse Tensor Estimation from Noisy Sensors", []),
    ("Layered Graph Inference under Missing Edges", []),
    ("Sparse Tensor Sampling from Noisy Sensors", [("Sparse Tensor Sampling", None, "method")]),
    # a capitalised phrase ending in "Learning" opens the title with the paper's method; a generic one does not
    ("Layered Prototype Learning for Noisy Sensors", [("Layered Prototype Learning", None, "method")]),
    ("Transfer Learning for Noisy Sensors", []),
    ("Adaptive Restart Strategies for Noisy Sensors", []),  # a plural class word names a kind of thing
    ("Wavelet Based Tremor Filtering Method for Noisy Sensors", []),  # a method built on a name is no name
])
def test_title_names(title, expected):
    assert [(t.name, t.short, t.kind) for t in title_methods(title)] == expected


@pytest.mark.parametrize("title, role", [
    ("Tremor Forecasting using Layered Wavelet Filters", "uses"),  # the title applies it
    ("Tremor Forecasting via Layered Wavelet Filters", "proposes"),  # the title's means is the paper's own
    ("Tremor Forecasting using WaveBankNet", "proposes"),  # a coined name in the title is the paper's own
])
def test_a_method_a_title_uses_is_not_proposed(title, role):
    ex = extract(paper("We study tremor logs.", title=title))
    assert [m.role for m in ex.methods] == [role]


def test_a_known_method_opening_a_title_is_used_not_proposed():
    ex = extract(paper("We study its limits.", title="Kalman Filter Estimators in High Dimensions"))
    assert all(m.role == "uses" for m in ex.methods)


def test_title_acronym_and_its_long_form_are_one_method():
    ex = extract(paper("SPARQ speeds up decoding on long inputs.", title="SPARQ: Sparse Quantized Attention for Long Contexts"))
    sparq = [m for m in ex.methods if m.key == "sparse-quantized-attention"]
    assert len(sparq) == 1 and sparq[0].role == "proposes" and len(ex.methods) == 1


@pytest.mark.parametrize("text, expected", [
    ("We apply Gibbs-Kernel smoothing and Langevin-Rao sampling.", ["Gibbs-Kernel smoothing", "Langevin-Rao sampling"]),
    ("The QuadFormer-S/QuadFormer-L models differ in depth.", ["QuadFormer-S", "QuadFormer-L"]),
    ("It beats the Wolfe-Hager algorithm.", ["Wolfe-Hager algorithm"]),
    ("Bayesian models and Transformer-based models dominate SotA methods.", []),
    ("The L2 regularization and W4A8 quantization are standard.", []),
])
def test_names_by_shape(text, expected):
    assert [n for _, _, n in shaped_methods(text)] == expected


def test_list_items_after_such_as():
    found = listed_names("We compare against baselines such as FlowGrad, KernelMix and the Stein-Pruner. "
                         "Datasets like TinyDocs and CodeSet-9 are used.")
    assert [(n, k) for _, _, n, k in found] == [("FlowGrad", "method"), ("KernelMix", "method"), ("Stein-Pruner", "method"),
                                                ("TinyDocs", "dataset"), ("CodeSet-9", "dataset")]


def test_versions_of_known_names():
    ex = extract(paper("We fine-tune ResNet-50 and ViT-B on ILSVRC-2012 and test on ImageNet-C."))
    assert {m.name for m in ex.methods} == {"ResNet-50", "ViT-B"}
    data = {(m.name, m.mention) for m in ex.datasets}
    assert ("ImageNet", "ILSVRC-2012") in data  # a year names the same dataset
    assert "ImageNet-C" in {n for n, _ in data}  # a lettered variant is another one


def test_plural_lower_case_and_based_forms_of_known_names():
    ex = extract(paper("Two normalizing flows and a Thompson sampling rule; a Transformer-based encoder uses VAEs."))
    # the list spells normalizing flows two ways (singular and plural entries): the plural finds the first one
    assert {"Normalizing Flow", "Thompson Sampling", "Transformer", "variational autoencoder"} <= \
        {m.name for m in ex.methods} | {m.name.title() for m in ex.methods}


def test_short_dataset_names_need_data_context():
    assert extract(paper("We run SGD and MAP estimation.")).datasets == ()
    ex = extract(paper("We report accuracy on the SST and MR benchmarks."))
    assert {m.mention for m in ex.datasets} >= {"SST"}
    # a title opening "On MAP ..." is about it; a proposal cue before it names a method of the paper's own
    assert extract(paper("We bound the error of the relaxation.", title="On MAP Inference in Tree Graphs")).datasets == ()
    ex = extract(paper("We derive a novel MAP inference algorithm for tree graphs."))
    assert ex.datasets == () and [m.name for m in ex.methods] == ["MAP"]


def test_generic_training_words_are_not_methods():
    ex = extract(paper("We use fine-tuning, data augmentation and in-context learning with large language models."))
    assert ex.methods == ()


def test_passive_proposal_opening_the_abstract():
    ex = extract(paper("Block-wise orthogonal rescaling (BOR) initialization - a cheap method for deep nets - is proposed. "
                       "BOR is fast."))
    bor = [m for m in ex.methods if m.role == "proposes"]
    assert [m.name for m in bor] == ["Block-wise orthogonal rescaling initialization"]
    assert bor[0].mention == "Block-wise orthogonal rescaling (BOR) initialization"


def test_two_names_written_as_one():
    ex = extract(paper("Optimizers like Adam(W) on CIFAR-10/100."))
    assert {m.name for m in ex.methods} == {"Adam", "AdamW"}
    assert {m.name for m in ex.datasets} == {"CIFAR-10", "CIFAR-100"}


def test_a_name_ending_a_sentence_is_found():
    # spaCy keeps "AdamW." as one token unless told otherwise
    ex = extract(paper("Our optimizer beats AdamW. It also beats DeiT."))
    assert "AdamW" in {m.name for m in ex.methods}


def test_title_method_uses_what_it_names_after_via():
    ex = extract(paper("We show gains on D4RL.", title="FlowPlan: Planning Towards Goals via Contrastive Learning"))
    assert ("USES", "flowplan", "contrastive-learning") in {(r.type, r.head, r.tail) for r in ex.relations}


def test_an_acronym_filed_under_a_class_of_techniques_is_a_method():
    text = "We tune the classic QRX algorithm and the ZZT toolkit, which run on GPU methods and tighten MI bounds."
    assert [n for _, _, n in filed_acronyms(text)] == ["QRX", "ZZT"]
    ex = extract(paper("Our planner calls the classic QRX algorithm at every step and beats greedy search."))
    assert "QRX" in {m.name for m in ex.methods}


def test_a_short_name_coordinated_with_a_found_method_is_a_method():
    ex = extract(paper("Forecasts come from ARIMA, QRX and ZZT-2, while the GPU and WWQ data hold the logs."))
    names = {m.name for m in ex.methods}
    assert {"QRX", "ZZT-2"} <= names and not names & {"GPU", "WWQ"}


def test_a_based_suffix_or_prefix_is_no_part_of_the_name():
    assert [n for _, _, n in shaped_methods("Our QuiL-based algorithms beat the rest.")] == ["QuiL"]
    assert [n for _, _, n in proposed_names("We present the Rust-based TideKit framework for logs.")] == ["TideKit"]
    # an adjective that opens a name stays in it
    assert [n for _, _, n in proposed_names("We present Noise-Aware Folding (NAF), a pruning rule.")] == \
        ["Noise-Aware Folding"]


def test_a_quoted_name_after_a_proposal_cue_is_proposed_even_when_it_opens_with_a_common_adjective():
    ex = extract(paper('To fit models on phones, we introduce "deep squeezing", a two step recipe of pruning '
                       'and Huffman coding.'))
    assert roles(ex).get("deep squeezing") == "proposes"
    unquoted = extract(paper("To fit models on phones, we introduce deep squeezing, a two step recipe."))
    assert "deep squeezing" not in roles(unquoted)
    article = extract(paper('To route packets, we introduce "the lazy detour rule", a local routing rule.'))
    assert "the lazy detour rule" not in roles(article)


def test_names_before_a_recently_proposed_apposition_are_prior_work_not_proposals():
    text = ("We introduce a new solver called Fenwick in the spirit of SAG, QUAR and ZEBRA, a set of recently "
            "proposed incremental gradient algorithms.")
    assert [name for _, _, name in proposed_names(text)] == ["Fenwick"]
    assert "QUAR and ZEBRA" in [name for _, _, name in proposed_names(text.replace("recently proposed", "new"))]


def test_a_name_after_a_colon_that_ends_a_proposed_class_is_proposed():
    text = "We present a recurrent architecture to handle very long inputs: the Folding Stack. It is fast."
    assert [name for _, _, name in proposed_names(text)] == ["Folding Stack"]
    assert proposed_names("We present an algorithm for this problem: we first sort the items.") == []


@pytest.mark.parametrize("text, own", [
    ("An efficient incremental learning algorithm, called NetLines, well adapted to real inputs is presented.", True),
    ("A new clustering method called GridMeans is fast and exact.", True),
    ("Recently, a new clustering method called GridMeans was proposed by Smith et al.", False),
    ("A popular algorithm called GridMeans is used for clustering.", False),
    ("We compare against an earlier algorithm called GridMeans.", True),  # "we" before the cue, as before
])
def test_a_name_given_with_called_is_the_papers_own_where_the_sentence_presents_it(text, own):
    found = called_names(text)
    assert len(found) == 1 and found[0][3] is own, found


def test_which_we_call_a_defined_long_form_after_a_method_word_is_proposed():
    text = "Next we build a discrete version of the SARSA algorithm, which we call bounded action values (BAV), here."
    assert [name for _, _, name in proposed_names(text)] == ["bounded action values"]
    # no method word before the cue: a phenomenon the text names, not the paper's method
    assert proposed_names("Errors pile up, which we call error accumulation (EA), in long runs.") == []


def test_names_listed_as_data_beside_a_found_dataset_are_datasets():
    from scholarkg.extract.siblings import coordinated_data
    found = {m.name for m in extract(paper("Tests on the UWT, SegVOC12, and COCO datasets show gains.")).datasets}
    assert {"UWT", "SegVOC12"} <= found  # UWT: no dataset without the rule
    text = "Three face databases, namely, ORL, FRV9 and FERET."
    assert [n for _, _, n in coordinated_data(text, [(text.find("FERET"), text.find("FERET") + 5)])] == ["ORL", "FRV9"]
    # beside a dataset, but not in a list the text calls data: a metric, not a dataset
    text = "We report NLL and AUC on MNIST and SVHN."
    assert coordinated_data(text, [(text.find("MNIST"), text.find("MNIST") + 5)]) == []
    assert "AUC" not in {m.name for m in extract(paper(text)).datasets}


def test_capitalised_words_listed_as_data_beside_a_found_dataset_are_datasets():
    from scholarkg.extract.siblings import coordinated_data
    text = "We test on three face databases, namely QRT, Halden, FERET and Grey Owl Faces databases, with gains."
    at = text.find("FERET")
    assert [n for _, _, n in coordinated_data(text, [(at, at + 5)])] == ["QRT", "Halden", "Grey Owl Faces"]
    text = "Studies on four public face databases, QRT, Halden and FERET, show it."  # a comma after the data word
    at = text.find("FERET")
    assert [n for _, _, n in coordinated_data(text, [(at, at + 5)])] == ["QRT", "Halden"]
    # in a list of methods an ordinary capitalised word stays out
    from scholarkg.extract.siblings import coordinated
    text = "We fit QRX, Halden and a Kalman filter."
    assert [n for _, _, n in coordinated(text, [(text.find("Kalman"), text.find("Kalman") + 13)])] == []


def test_an_acronym_of_three_letters_or_more_before_a_data_word_names_a_dataset():
    from scholarkg.extract.naming import named_datasets
    text = "Experiments on the QRTZ dataset and the KIMO-25 database; the QA benchmark is a task."
    assert [n for _, _, n in named_datasets(text)] == ["QRTZ", "KIMO-25"]
    # a plural data word too
    assert [n for _, _, n in named_datasets("Symbols from the GREZ databases and TROC collections.")] == ["GREZ", "TROC"]


def test_a_colon_after_a_data_word_opens_a_list_of_datasets_not_of_methods():
    found = listed_names("Results on three data sets: Movielens100k, Netflix and CALLHOME are good.")
    assert [(n, k) for _, _, n, k in found] == [("Movielens100k", "dataset"), ("Netflix", "dataset"), ("CALLHOME", "dataset")]
    assert listed_names("We compare two methods: Kestrel and Lumen.") == []
    assert listed_names("The benchmarks: we describe them below.") == []


def test_a_lower_case_name_given_with_called_and_defined_is_proposed_with_its_acronym():
    ex = extract(paper("We propose an extension called layered slow feature ranking (LSFR), where detail is kept. "
                       "LSFR is fast."))
    assert roles(ex) == {"layered slow feature ranking": "proposes"}
    assert "LSFR" in next(m for m in ex.methods if m.name == "layered slow feature ranking").aliases

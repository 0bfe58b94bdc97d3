"""Lineage relations from sentences we wrote: what is stated is found, what is not stated is not."""
import pytest

from scholarkg.extract import extract
from scholarkg.model import Paper, SourceRef


def relations(abstract, title="A Study"):
    ex = extract(Paper(key="t", title=title, source=SourceRef("-", "test", "1"), abstract=abstract))
    return {(r.type, r.head, r.tail) for r in ex.relations}


@pytest.mark.parametrize("abstract, expected", [
    ("We propose Lattice Tuning (LT), an extension of LoRA to convolutions. LT outperforms AdamW and SGD on SVHN.",
     {("EXTENDS", "lattice-tuning", "low-rank-adaptation"), ("OUTPERFORMS", "lattice-tuning", "adamw"),
      ("OUTPERFORMS", "lattice-tuning", "stochastic-gradient-descent"), ("EVALUATED_ON", "lattice-tuning", "svhn")}),
    ("Building on Adam, we introduce Quill, a new optimizer. Quill achieves higher accuracy than AdamW.",
     {("EXTENDS", "quill", "adam"), ("OUTPERFORMS", "quill", "adamw")}),
    ("We present Kestrel. Kestrel combines dropout and weight decay.",
     {("USES", "kestrel", "dropout"), ("USES", "kestrel", "weight-decay")}),
    ("We compare Shampoo with K-FAC. Compared to SGD, AdamW needs one more state vector.",
     {("COMPARED_WITH", "shampoo", "kronecker-factored-approximate-curvature"),
      ("COMPARED_WITH", "adamw", "stochastic-gradient-descent")}),
    ("ResNet-50 achieves 76% top-1 accuracy on ImageNet.", {("EVALUATED_ON", "resnet-50", "imagenet")}),
    ("Methods based on dropout, such as Monte Carlo dropout, estimate uncertainty.",
     {("USES", "monte-carlo-dropout", "dropout")}),
    ("We propose GlideNet. Our method, which generalizes AdaGrad, RMSProp and Adam, is simple.",
     {("EXTENDS", "glidenet", "adagrad"), ("EXTENDS", "glidenet", "rmsprop"), ("EXTENDS", "glidenet", "adam")}),
    # the long form an acronym's parentheses define belongs to the mention; "it is able to outperform" is the paper's
    ("We propose HexaNet. We extend the G-AMP approach to tensors with it.",
     {("EXTENDS", "hexanet", "g-amp")}),
    ("We introduce Lattice Memory, a network of cells. On copying tasks it is able to significantly outperform the "
     "standard LSTM.", {("OUTPERFORMS", "lattice-memory", "lstm")}),
    ("We introduce Pivot (PVT). Experiments on CIFAR-10 and on the MNIST benchmark show that PVT is stable.",
     {("EVALUATED_ON", "pivot", "cifar-10"), ("EVALUATED_ON", "pivot", "mnist")}),
    ("We propose Nimbus. Nimbus extends Adam with a decay schedule and uses dropout for regularization.",
     {("EXTENDS", "nimbus", "adam"), ("USES", "nimbus", "dropout")}),
    # the paper's method named first, a means cue right before the method it uses, later in the sentence
    ("We propose Kestrel, which first builds a subspace and then fits it via stochastic gradient descent.",
     {("USES", "kestrel", "stochastic-gradient-descent")}),
    # a name joining two techniques the paper names uses each of them
    ("We combine a recurrent neural network (RNN) and a deep belief network (DBN) into RNN-DBN. RNN-DBN is fast.",
     {("USES", "rnn-dbn", "recurrent-neural-network"), ("USES", "rnn-dbn", "deep-belief-network")}),
    # a joined name the paper proposes, of acronyms it defines by long forms
    ("We develop Adaptive-Linear-Programming (ALP). We then combine ALP with the upper-confidence-bound (UCB) method. "
     "We propose the UCB-ALP algorithm, which achieves logarithmic regret.",
     {("USES", "ucb-alp", "adaptive-linear-programming"), ("USES", "ucb-alp", "upper-confidence-bound")}),
])
def test_stated_relations_are_found(abstract, expected):
    assert expected <= relations(abstract)


@pytest.mark.parametrize("abstract", [
    "Adam and SGD are both popular. Dropout is older than batch normalization.",
    "Prior work showed that weight averaging performs best on ImageNet.",  # not this paper's method, no subject
    "We propose Pivot. The efficiency of SGD relative to Adam is unclear.",  # "relative to" mid-sentence
    "We propose Pivot. Adam was used in earlier studies of MNIST.",
    # the participle's subject is the sentence's, not the method right before it
    "Results show that a new sampler speeds up inference in a Gaussian process model outperforming the Kalman filter.",
    # the means belong to someone else, or to a noun the method only modifies
    "We propose Pivot. Pivot outperforms existing methods based on dropout.",
    "We propose Pivot. Pivot vectors are computed using stochastic gradient descent.",
    # a comparison that names a winner is no COMPARED_WITH (GUIDELINES.md)
    "Compared to SGD, AdamW converges faster.",
    "Experiments show the significant advantages of Adam compared to the SGD baselines.",
    # joined names whose parts are no techniques by their names ("LTE" is a standard)
    "We study Long Term Evolution (LTE) and land mobile radio (LMR). The LMR-LTE convergence is discussed.",
])
def test_nothing_is_invented(abstract):
    assert {r for r in relations(abstract) if r[0] != "EVALUATED_ON" or "pivot" not in r[1]} == set()


def test_a_pronoun_keeps_the_subject_where_it_is():
    rels = relations("We propose Nimbus. Nimbus matches a Vision Transformer while saving memory, and it outperforms LoRA.")
    assert ("OUTPERFORMS", "nimbus", "low-rank-adaptation") in rels
    assert not any(r[1] == "vision-transformer" for r in rels)


def test_the_method_a_title_opens_with_is_what_the_paper_evaluates():
    rels = relations("We report results on CIFAR-10.", title="Dropout Improves Robustness")
    assert rels == {("EVALUATED_ON", "dropout", "cifar-10")}


@pytest.mark.parametrize("abstract, title, edge", [
    # a named variant of a method the paper also names: the new method extends it
    ("We propose Grid LSTM, a network of LSTM cells arranged in a grid.", "Grid LSTM for Sequences",
     ("EXTENDS", "grid-lstm", "lstm")),
    ("We propose Sparse Spectral Clustering (SSC). Unlike spectral clustering, SSC learns a sparse affinity.",
     "Sparse Spectral Clustering", ("EXTENDS", "sparse-spectral-clustering", "spectral-clustering")),
    ("For continuous actions we derive a variant of the Q-learning algorithm, which we call Normalized Tail "
     "Functions (NTF).",
     "A Study", ("EXTENDS", "normalized-tail-functions", "q-learning")),
    ("We present Gauze. One way to understand Gauze is to view it as an extension of dropout to output layers.",
     "A Study", ("EXTENDS", "gauze", "dropout")),
    # a name the paper defines for an acronym, with a word inside a method it names; "Deep" opens that name
    ("We add recurrency to a Deep Q-Network (DQN). The resulting Deep Recurrent Q-Network (DRQN) remembers frames.",
     "A Study", ("EXTENDS", "deep-recurrent-q-network", "deep-q-network")),
    # a proposed name made of a word and the acronym of a method the paper defines (plural there)
    ("Stacked denoising autoencoders (SDAs) learn representations. We propose marginalized SDA (mSDA), which is "
     "fast.", "A Study", ("EXTENDS", "marginalized-sda", "stacked-denoising-autoencoder")),
    ("We propose SAGO. SAGO improves on the theory behind Adam, with better rates.", "A Study",
     ("OUTPERFORMS", "sago", "adam")),
    # "we extend this idea": what the sentence before named
    ("We propose HintNets. The recently proposed knowledge distillation approach trains small models. In this paper, "
     "we extend this idea to deeper students.", "A Study", ("EXTENDS", "hintnets", "knowledge-distillation")),
    # a lower-case name opening with an -ing word is a method ("alternating ..."), unlike a title's task phrase
    ("We study alternating gradient descent-ascent (Alt-GDA). Alt-GDA converges faster than simultaneous gradient "
     "descent-ascent (Sim-GDA) on games.", "A Study",
     ("OUTPERFORMS", "alternating-gradient-descent-ascent", "simultaneous-gradient-descent-ascent")),
])
def test_names_and_wordings_of_variants(abstract, title, edge):
    assert edge in relations(abstract, title)


@pytest.mark.parametrize("abstract", [
    # an end that is a task, hardware, a fragment or a generic class carries no lineage edge
    "We propose Software Cost Estimation using the CBSE approach, which uses K-Means.",
    "Our GPU-based solver uses the graphic processing unit and outperforms a statistical model.",
    "We present a PRISM-based framework that extends hidden Markov models.",
    # a list, a preposition or a conjunction before "variant of" joins no two methods
    "Our study offers a blend of Principal Component Analysis (PCA) and generalization of Linear Discriminant Analysis.",
    "We classify images with SIFT with a variant of Spatial Pyramid Matching.",
    # what the paper uses as a yardstick or to analyse is no part of its method
    "We propose Kestrel. We use LSTM as a baseline. We use the theory of Markov chains to analyse its queue.",
    # "this idea" when the sentence before named two methods, or none: nothing to point at
    "We propose HintNets. Dropout and weight decay regularize networks. We extend this idea to deeper students.",
    "We propose HintNets. Students imitate teachers. We extend this idea to deeper students.",
    # a word inside that only describes ("deep and wide Q-network") is no new name
    "We train a deep and wide Q-network (DWQN) and a deep Q-network (DQN) on Atari games.",
    # the mention only modifies the subject: the decoder outperforms, not ADMM
    "The ADMM penalized decoder outperforms belief propagation decoding.",
])
def test_no_lineage_edge_without_two_methods_and_a_subject(abstract):
    method_edges = {r for r in relations(abstract) if r[0] != "EVALUATED_ON"}
    assert method_edges == set(), method_edges


@pytest.mark.parametrize("title, abstract, edge", [
    # a coined name after a lineage cue is a method; the title that is only a name is the paper's own
    ("Looped Memory Networks", "We build a network with a memory. It can also be seen as an extension of FooSearch "
     "to several hops.", ("EXTENDS", "looped-memory-networks", "foosearch")),
    # capitalised words in front of a method the title ends on: a version of it
    ("Ring-Gated LSTM", "We present a gate between layers of long short-term memory (LSTM) networks.",
     ("EXTENDS", "ring-gated-lstm", "lstm")),
    # "a modification to the standard Y architecture, the X": X extends Y, the two are no list
    ("A Study", "This paper introduces a modification to the standard LSTM architecture, the Tick LSTM, which "
     "updates slowly.", ("EXTENDS", "tick-lstm", "lstm")),
    # a listed one-word method written with an inner capital is that method
    ("BlueOut: Fast Training", "We propose BlueOut. Put simply, BlueOut is an extension of the DropOut strategy "
     "to the final layer.", ("EXTENDS", "blueout", "dropout")),
])
def test_names_lineage_cues_and_titles_point_at(title, abstract, edge):
    assert edge in relations(abstract, title)


@pytest.mark.parametrize("title, abstract, tail", [
    # the paper writes the shorter name as a problem: no version of a technique
    ("A Study", "We propose network utility maximization with delays. The utility maximization problem is convex.",
     "utility-maximization"),
    ("Joint Viterbi Decoding and Equalization", "We study Viterbi decoding for channels with memory.", "viterbi-decoding"),
])
def test_no_version_of_a_problem(title, abstract, tail):
    assert not {r for r in relations(abstract, title) if r[0] == "EXTENDS" and r[2] == tail}


def test_a_title_using_clause_needs_its_subject_next_to_it():
    title = "Finite Element Model Updating Using Fish School Search"
    assert not {r for r in relations("We update finite element models.", title) if r[0] == "USES"}


# the subject of a sentence rule must be a technique: not a task named by its object ("Invoice Clustering"), not
# what the paper calls a metric, a logic or a system, not what a method is for, not a name inside a longer one
@pytest.mark.parametrize("title, abstract", [
    ("Invoice Clustering using Gaussian Mixture Models", "We report results."),
    ("A Study", "We design a new routing metric, namely Expected Hop Delay (EHD), which is based on dropout."),
    ("A Study", "Fathom Temporal Logic (FTL) extends the Kalman filter with new operators."),
    ("A Study", "We present the Fathom system, which is based on the Kalman filter."),
    ("A Study", "We present Fathom, a distributed system that uses Gibbs sampling."),
    ("A Study", "We propose a novel approach for movie recommendation which is based on non-negative matrix factorization."),
    ("A Study", "Our analysis yields a gradient descent algorithm for the ranking problem, which is based on Gibbs sampling."),
    ("A Study", "Forests of Optimized Oblique (OO) decision trees are built, which outperform random forests."),
    ("A Study", "We prove an equivalence between mirror descent algorithms and methods generalizing the "
                "Frank-Wolfe algorithm."),
])
def test_no_edge_from_a_subject_that_is_no_technique(title, abstract):
    assert {r for r in relations(abstract, title) if r[0] != "EVALUATED_ON"} == set()


def test_a_name_inside_a_longer_one_is_no_subject():
    """"Q-learning" inside "hybrid Q-learning" combines nothing: the longer name (a method of its own) may."""
    edges = relations("We implement a hybrid Q-learning (HQL) algorithm which combines Q-learning and SARSA.", "A Study")
    assert not {r for r in edges if r[1] == "q-learning"}


@pytest.mark.parametrize("title, abstract, edge", [
    ("Adaptive Kernel Clustering using Gaussian Mixture Models", "We report results.",
     ("USES", "adaptive-kernel-clustering", "gaussian-mixture-model")),
    ("A Study", "We present Fathom, a sampler that extends Gibbs sampling. Fathom is fast.",
     ("EXTENDS", "fathom", "gibbs-sampling")),
    # the paper's method uses the means of its own clause, past the nouns it acts on
    ("A Study", "We propose Kestrel, which first builds a subspace and then trains linear models to minimize a ranking "
                "loss via stochastic gradient descent.", ("USES", "kestrel", "stochastic-gradient-descent")),
    # every method of the relative clause of its use verb
    ("A Study", "A new method called Kestrel Search (KS) is presented which utilizes simulated annealing, tabu search "
                "techniques and adaptive particle swarm optimization (PSO).",
     ("USES", "kestrel-search", "particle-swarm-optimization")),
    ("A Study", "We take a Gibbs sampling approach to this problem. We call the resulting sampler Kestrel.",
     ("USES", "kestrel", "gibbs-sampling")),
    # "a novel X technique that combines": X is the new technique itself
    ("A Study", "This paper presents a novel Gaussian particle filter technique that combines the Kalman filter and the "
                "particle filter.", ("USES", "gaussian-particle-filter", "kalman-filter")),
    # a coined name that an algorithm is "for" is a model, not a task
    ("A Study", "We give a training algorithm for FooNet. FooNet extends ResNet.", ("EXTENDS", "foonet", "resnet")),
])
def test_subjects_that_are_techniques_keep_their_edges(title, abstract, edge):
    assert edge in relations(abstract, title)


@pytest.mark.parametrize("abstract", [
    "Kestrel is fast. Kestrel outperforms models that are trained via stochastic gradient descent.",
    "We propose Kestrel, which uses dropout to regularize a long short-term memory network.",
])
def test_the_own_clause_ends_where_another_noun_takes_the_means(abstract):
    assert not {r for r in relations(abstract, "Kestrel") if r[0] == "USES" and r[2] != "dropout"}


@pytest.mark.parametrize("title, extends", [
    # a title that is the name alone names the method "an extension of Y" is
    ("Sparse Belief Machines", True),
    # a name only a longer title gives, never in the abstract, is as often the task the extension is for
    ("Adaptive Regression for Object Masks", False),
])
def test_an_unnamed_extension_needs_a_subject_the_paper_names(title, extends):
    rels = relations("We propose an extension of the restricted Boltzmann machine (RBM) that models masks.", title)
    assert any(r[0] == "EXTENDS" and r[2] == "restricted-boltzmann-machine" for r in rels) == extends


@pytest.mark.parametrize("abstract, edge", [
    # passive uses: the thing used is named first
    ("We study sequence taggers. Dropout, which is used in the LSTM, keeps the tagger from overfitting.",
     ("USES", "lstm", "dropout")),
    ("We propose Kestrel, a sparse tagger. Kestrel is trained with Adam on short sentences.",
     ("USES", "kestrel", "adam")),
    # "a Y-based <class>" says what the method is built from
    ("We present Kestrel, a compact LSTM-based model for tagging words.", ("USES", "kestrel", "lstm")),
    # comparisons with a winner, in other words
    ("We propose Kestrel. Kestrel compares favorably with AdamW on small images.", ("OUTPERFORMS", "kestrel", "adamw")),
    ("We propose Kestrel. Kestrel yields consistent improvements over AdamW.", ("OUTPERFORMS", "kestrel", "adamw")),
    ("We propose Kestrel. Kestrel runs ten times faster than AdamW.", ("OUTPERFORMS", "kestrel", "adamw")),
    # "the proposed approach" is the paper's method
    ("We propose Kestrel. The proposed approach outperforms AdamW on two tasks.", ("OUTPERFORMS", "kestrel", "adamw")),
    # "contrast X <head word> with Y": the head word belongs to X
    ("To contrast dropout regularization with weight decay, we train small networks.",
     ("COMPARED_WITH", "dropout", "weight-decay")),
    # the paper's own act, with no other method before it in the sentence
    ("We propose Kestrel, a tagger with memory. This is achieved by extending the Adam optimizer.",
     ("EXTENDS", "kestrel", "adam")),
    ("Inspired by AdamW, we propose Kestrel, a new optimizer for sparse layers.", ("EXTENDS", "kestrel", "adamw")),
    ("We propose Kestrel. Our framework is inspired by the Adam algorithm.", ("EXTENDS", "kestrel", "adam")),
    ("We propose Kestrel. We also compare the accuracy with the results of AdamW.",
     ("COMPARED_WITH", "kestrel", "adamw")),
    ("We propose Kestrel. Our method relies on batch normalization.", ("USES", "kestrel", "batch-normalization")),
    # "by employing Y" is the subject's means even past the comparison it makes
    ("We propose Kestrel. Kestrel matches the state-of-the-art networks by employing dropout.",
     ("USES", "kestrel", "dropout")),
    # a lower-case name ending on a class word that the paper proposes and gives an acronym is named, not described
    ("We propose gated vote models (gVMs). Our gVMs are trained with AdamW.", ("USES", "gated-vote-models", "adamw")),
])
def test_passive_coordinated_and_own_wordings(abstract, edge):
    assert edge in relations(abstract)


@pytest.mark.parametrize("abstract", [
    # a denied comparison is no edge
    "We propose Kestrel. Kestrel does not outperform AdamW on small images.",
    "We propose Kestrel. Kestrel fails to beat AdamW on small images.",
    "We study optimizers. No Adam variant outperforms SGD on this task.",
    # another method is the subject of "compare" or "inspired": the paper's method is not in it
    "We propose Kestrel. We compare SGD with AdamW on small images.",
    "We propose Kestrel. AdamW, which is inspired by Adam, decouples the decay.",
])
def test_no_edge_from_denials_or_from_other_subjects(abstract):
    edges = {r for r in relations(abstract) if r[0] != "EVALUATED_ON"}
    assert not any(r[1] == "kestrel" for r in edges) and not any(r[0] == "OUTPERFORMS" for r in edges), edges


@pytest.mark.parametrize("abstract", [
    # "inspired by the success of Y" is said of others' attempts as often as of the paper's method
    "We propose Kestrel. Inspired by the success of AdamW, recent attempts train larger models.",
    # "the proposed Y-based method" after another method: an apposition only with "a" / "an"
    "In contrast to other interpolation methods, the proposed LSTM-based method is fast.",
    # "motivated by" names an analysis tool as often; "Y's schedule" is what is extended; "their" rates are others'
    "We propose Kestrel. Our approach is motivated by the Adam algorithm.",
    "We propose Kestrel. We handle sparse layers by extending AdamW's decay schedule.",
    "We propose Kestrel. We compare their convergence rates with those of AdamW.",
])
def test_narrowed_own_and_based_cues(abstract):
    assert {r for r in relations(abstract) if r[0] != "EVALUATED_ON"} == set()


def test_a_long_gap_keeps_the_subject_guard():
    from scholarkg.extract.lineage import Located, find_relations
    text = "We derive an SVD-based algorithm which, in tests on large and sparse matrices, converges faster than Adam."
    located = [Located("method", key, text.find(s), text.find(s) + len(s)) for key, s in (("svd", "SVD"), ("adam", "Adam"))]
    assert not any(r.head == "svd" for r in find_relations(text, located, set(), set()))
    # a long phrase opening on a preposition still leaves the method the subject
    text = "Kestrel for large and sparse graphs with many thousands of nodes, which is an extension of AdamW, is fast."
    located = [Located("method", key, text.find(s), text.find(s) + len(s)) for key, s in (("k", "Kestrel"), ("a", "AdamW"))]
    assert {(r.type, r.head, r.tail) for r in find_relations(text, located, set(), set())} == {("EXTENDS", "k", "a")}


@pytest.mark.parametrize("name, long_forms", [
    ("Bayesian", ()),  # an adjective alone
    ("algorithm of model decomposition", ()),  # a description opening on its class word
    ("SDP", ("shortest dependency path",)),  # a path is an object, no technique
])
def test_ends_that_name_no_technique(name, long_forms):
    from scholarkg.extract.endpoints import lineage_method
    assert not lineage_method(name, long_forms=long_forms)
    assert lineage_method("Gaussian process") and lineage_method("sparse voting models", proposed=True, coined=True)


def test_a_bidirectional_joined_acronym_uses_the_joined_methods():
    edges = relations("We tag words with a bidirectional GRU with a CRF layer (BI-GRU-CRF), built from the gated "
                      "recurrent unit (GRU) and a conditional random field (CRF).")
    assert ("USES", "bidirectional-gru-with-a-crf-layer", "conditional-random-field") in edges


@pytest.mark.parametrize("abstract, edges", [
    # a sentence opening on a reference to the methods the sentence before named ("these grammars", "both estimators")
    ("Earlier work used the reparameterization trick and the REINFORCE estimator. Both estimators rely on importance "
     "sampling.", {("USES", "reparameterization-trick", "importance-sampling"),
                   ("USES", "reinforce", "importance-sampling")}),
    ("This note treats the Stacked Phrase Samplers (SPS) algorithm. These samplers are based on Hamiltonian Monte "
     "Carlo.",
     {("USES", "stacked-phrase-samplers", "hamiltonian-monte-carlo")}),
    # "this network", "the resulting sampler": the paper's own method, named in the sentence before
    ("We present Lark, a network for parsing. This network uses batch normalization.",
     {("USES", "lark", "batch-normalization")}),
    ("We propose Tern. The resulting sampler outperforms Gibbs sampling.", {("OUTPERFORMS", "tern", "gibbs-sampling")}),
    # another method, written with the noun ("the X estimator") or opening the sentence before ("it")
    ("The REINFORCE estimator is popular. This estimator relies on importance sampling.",
     {("USES", "reinforce", "importance-sampling")}),
    ("Markov chain Monte Carlo is often slow for large data. It relies on the Metropolis-Hastings algorithm.",
     {("USES", "markov-chain-monte-carlo", "metropolis-hastings")}),
    # plural subjects: "generalize", "rely on"
    ("Sparse Lattice Machines (SLMs) generalize support vector machines to graphs.",
     {("EXTENDS", "sparse-lattice-machines", "support-vector-machine")}),
    # "a modification of Y <noun>, named X": X is the subject even past the noun Y modifies
    ("This paper describes a modification of the PageRank ranking scheme, named Tidal Rank, for citation graphs.",
     {("EXTENDS", "tidal-rank", "pagerank")}),
    # a speed-up with a quantity, a better property "compared to"
    ("We propose Tern, a new sampler. Tern is more than two orders of magnitude faster than Gibbs sampling.",
     {("OUTPERFORMS", "tern", "gibbs-sampling")}),
    ("We propose Tern, a new sampler. Tern has faster mixing compared to Gibbs sampling.",
     {("OUTPERFORMS", "tern", "gibbs-sampling")}),
    # a reference after "... show that"; "compare it with", "and compare ... to classical Y"
    ("We propose Tern, a new sampler. Experiments on three datasets show that the proposed sampler achieves much "
     "better accuracy than Gibbs sampling.", {("OUTPERFORMS", "tern", "gibbs-sampling")}),
    ("We propose Tern, a new sampler. We examine the accuracy of Tern and compare it with the classical Gibbs sampling.",
     {("COMPARED_WITH", "tern", "gibbs-sampling")}),
    ("We propose Tern. We compare the mixing of the new sampler to classical Gibbs sampling and Hamiltonian Monte Carlo.",
     {("COMPARED_WITH", "tern", "gibbs-sampling"), ("COMPARED_WITH", "tern", "hamiltonian-monte-carlo")}),
    # the class noun a name is written with: "our X approach relies on a novel Y", "the Y algorithm is employed in
    # the proposed X"
    ("We propose Crane. Our Crane approach relies on a novel Lattice Pruning regularizer.",
     {("USES", "crane", "lattice-pruning")}),
    ("A conjugate gradient (CG) algorithm is employed in the proposed Crane scheme.",
     {("USES", "crane", "conjugate-gradient")}),
    # "this method achieves better ... than Y", "the proposed approach outperforms a standard Y"
    ("We propose Crane. On MNIST this method achieves better test error than denoising autoencoders.",
     {("OUTPERFORMS", "crane", "denoising-autoencoder")}),
    ("We propose Crane. In tests the proposed approach outperforms a standard logistic regression.",
     {("OUTPERFORMS", "crane", "logistic-regression")}),
])
def test_references_plural_subjects_and_comparatives(abstract, edges):
    assert edges <= relations(abstract)


@pytest.mark.parametrize("abstract", [
    # "it" after a sentence naming another method than the paper's own may be either: no edge from it
    "We propose Lark for parsing. The Gumbel-softmax trick is popular. It relies on importance sampling.",
    # "this estimator" is not the X the sentence before only named in passing, nor is "it"
    "We design a version of the REINFORCE relaxation class and a new estimator. This estimator relies on importance "
    "sampling.",
    "We design an estimator for large data with Markov chain Monte Carlo. It relies on importance sampling.",
    # "both" needs exactly two methods before it
    "Earlier work used dropout, weight decay and the REINFORCE estimator. Both estimators rely on importance sampling.",
    # a worse property "compared to" is no win
    "We propose Tern. Tern achieves lower accuracy compared to Gibbs sampling.",
    # a class noun only the paper's own, and a means that only modifies what is used
    "We extend the conjugate gradient (CG) algorithm used in compressed sensing to calibration.",
    "The proposed Maximum Likelihood (ML) algorithm uses compressed sensing (CS) based channel estimation.",
    # a relative clause of another class noun, a yardstick, methods only built on Y (from a hand-labelled sample)
    "We propose Tern, a sampler for graphs. The proposed sampler is compared to another sampling method which is based "
    "on importance sampling.",
    "We propose Tern, a sampler for graphs. The resulting samplers can be evaluated using importance sampling.",
    "We propose Tern, a sampler for graphs. Tern is up to ten times faster than LASSO-based methods.",
    # "compare it with" after another method: that method is compared, not the paper's
    "We propose Tern, a new sampler. We run Gibbs sampling and compare it with importance sampling.",
])
def test_ambiguous_references_link_nothing(abstract):
    assert {r for r in relations(abstract) if r[0] != "EVALUATED_ON" and
            ("importance-sampling" in r[2] or r[2] == "compressed-sensing" or r[1] == "compressed-sensing") or
            r[0] == "OUTPERFORMS"} == set()


def test_our_method_is_a_name_the_abstract_gives():
    # a name only the title gives may be the paper's topic: "the proposed sampler" does not point to it
    rels = relations("We study sampling on graphs. The proposed sampler outperforms Gibbs sampling on large graphs.",
                     title="Coupled Lattice Sampling for Large Graphs")
    assert not any(r[0] == "OUTPERFORMS" for r in rels), rels
    rels = relations("We propose Coupled Lattice Sampling. The proposed sampler outperforms Gibbs sampling on large graphs.",
                     title="Coupled Lattice Sampling for Large Graphs")
    assert ("OUTPERFORMS", "coupled-lattice-sampling", "gibbs-sampling") in rels


@pytest.mark.parametrize("abstract", [
    # "we ..., and extend Y": the plural verb's subject is "we", not the method before it
    "We derive a new minimum description length (MDL) criterion, and extend the Kalman filter to coherent signals.",
    # "this new framework" is the paper's own, not the method the sentence before named
    "The Bayesian optimization framework is popular. This new framework uses Gaussian processes.",
    # a possessive: what is used is the criteria; "faster ... to" is a delivery, not a win
    "We propose Tern. It has identified many samples based on Gibbs sampling's criteria.",
    "We propose Tern for graphs. Tern gives faster transmissions to Gibbs sampling.",
    # "our techniques" may be several; "compare it with a Y-based model" compares the model
    "We propose Tern. Our sampling techniques using Gibbs sampling are practical.",
    "We propose Tern, a sampler for graphs, and compare it with the Gibbs sampling based model.",
    # "It is observed that ...": no reference to a method
    "We propose Tern. It is observed that the samples given by a model obtained using Gibbs sampling are worse.",
    # the relative clause after "<plural noun> for X" is the plural noun's
    "Unlike other techniques to scale inference for latent Dirichlet allocation, which use Gibbs sampling, we use "
    "variational inference.",
])
def test_wordings_a_labelled_sample_showed_wrong_link_nothing(abstract):
    assert {r for r in relations(abstract) if r[0] != "EVALUATED_ON"} == set()


@pytest.mark.parametrize("title, abstract, head", [
    # the name is the tail of a longer capitalised name: no version of the shorter method
    ("Random Forest DBSCAN for Outlier Detection", "We combine random forests with DBSCAN clustering to find outliers.",
     "forest-dbscan"),
    ("Using Long Short-term Memory recurrent neural networks for Speech", "We train recurrent neural networks on speech.",
     "memory-recurrent-neural-networks"),
])
def test_a_name_cut_from_a_longer_one_is_no_version(title, abstract, head):
    assert not any(h == head for _, h, _ in relations(abstract, title))


@pytest.mark.parametrize("title, abstract", [
    ("Efficient Sparse Spectral Clustering", "We propose Sparse Spectral Clustering, a version of spectral clustering."),
    ("Learning Deep Belief Networks", "We propose Deep Belief Networks and compare them with belief networks."),
])
def test_a_name_after_a_modifier_or_a_verb_keeps_its_version(title, abstract):
    assert any(t == "EXTENDS" for t, _, _ in relations(abstract, title))


def test_no_method_opens_on_a_preposition():
    ex = extract(Paper(key="t", title="Training Neural Networks Through Accelerated Particle Swarm Optimization",
                       source=SourceRef("-", "test", "1"),
                       abstract="We use accelerated particle swarm optimization to train the weights."))
    assert ex.methods and not any(m.name.lower().startswith("through") for m in ex.methods)
    assert not any(r.head.startswith("through") for r in ex.relations)


def test_a_bare_acronym_the_corpus_defines_as_a_method_may_end_an_edge():
    # SVRG is nowhere defined here, and no list holds it: most arXiv papers that define it mean one method
    edges = relations("We introduce a new method called SAGA. SAGA improves on the theory behind SVRG, with better "
                      "rates.", title="SAGA: A Fast Incremental Gradient Method")
    assert ("OUTPERFORMS", "saga", "svrg") in edges
    # an acronym the corpus defines as no technique stays no end
    assert not relations("We introduce a new method called Lumen. Lumen outperforms BS.", title="Lumen")


def test_the_parts_a_method_consists_of_are_what_it_uses():
    assert ("USES", "deepstack", "convolutional-neural-network") in relations(
        "We propose DeepStack, which consists of a convolutional neural network.")
    assert ("USES", "kestrel", "conditional-random-field") in relations(
        "We present Kestrel. Kestrel is composed of a conditional random field.")


def test_the_means_of_the_papers_method_use_what_their_relative_clause_names():
    """The paper's own method, named first, works "by means of a model that leverages Y": it uses Y; a title whose
    long form only the title makes a name ("layered contour detection" has no cue) still owns its acronym."""
    title = "Layered Contour Detection"
    abstract = ("Our proposed method, layered contour detection (LCD), labels every pixel by means of a deep model that "
                "leverages fully convolutional networks. LCD is fast.")
    assert ("USES", "layered-contour-detection", "fully-convolutional-network") in relations(abstract, title)
    ex = extract(Paper(key="t", title=title, source=SourceRef("-", "test", "1"), abstract=abstract))
    assert [(m.key, m.role) for m in ex.methods if m.key != "fully-convolutional-network"] == [
        ("layered-contour-detection", "proposes")]  # "LCD" is the title's method, not a second one
    # a comparison before the clause: the model that uses Y is another's
    assert not {r for r in relations("We propose Kestrel. Kestrel outperforms a deep model that leverages dropout.")
                if r[0] == "USES"}


@pytest.mark.parametrize("title, uses", [
    ("Kestrel: Sparse Regression via Gaussian Processes", True),
    # "with" joins a task and a method as often as a method and its part (28 of 68 right on the 102k graph)
    ("Kestrel: Sparse Regression with Gaussian Processes", False),
])
def test_a_title_names_what_its_own_method_works_through(title, uses):
    assert (("USES", "kestrel", "gaussian-process") in relations("We propose Kestrel, which is simple.", title)) == uses


def test_the_work_the_paper_builds_on_is_named_in_brackets():
    rels = relations("We propose Quill. We build on recent work that adapts a model through low-rank updates (LoRA [4]), "
                     "adding a learned schedule.")
    assert ("EXTENDS", "quill", "low-rank-adaptation") in rels
    # a bracket after other words names what the sentence is about, not the work built on
    assert not {r for r in relations("We propose Quill. We build on a simple idea: adapt the model (LoRA) first.")
                if r[0] == "EXTENDS"}


@pytest.mark.parametrize("abstract", [
    "We propose Kestrel. Kestrel is implemented in Python and C (using PyTorch) and is available online.",
    "We propose Kestrel. Kestrel is implemented on top of PyTorch.",
])
def test_the_software_a_method_is_implemented_with_is_used(abstract):
    assert ("USES", "kestrel", "pytorch") in relations(abstract)

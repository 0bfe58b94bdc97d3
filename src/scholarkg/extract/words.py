"""The lexicon: the word lists the extraction rules and the span model use, in one place — what makes a phrase
the name of a technique (method head words), what never is one, function words, proposal cue verbs, and the smaller
lists each rule module reads (marked with the module that reads it).

>>> is_method_phrase("content-aware stochastic pruning"), is_method_phrase("large language models")
(True, False)
>>> is_dataset_phrase("Penn Treebank corpus"), plural("normalizing flow"), plural("Gaussian process")
(True, 'normalizing flows', 'Gaussian processes')
"""
from __future__ import annotations

import re

# last words that make a phrase the name of a technique
METHOD_HEADS = frozenset("""
method algorithm framework model network net coding sampling sampler estimator estimation descent ascent optimization
optimizer regularization normalization attention transformer encoder autoencoder decoder flow bound inference search
quantization distillation filter process machine kernel embedding ensemble matching training tuning pruning policy
gradient propagation decoding prompting parameterization parametrization approximation architecture module layer
mechanism loss objective procedure scheme technique strategy regression classifier clustering aggregation weighting
reweighting augmentation adaptation iteration solver programming carlo game rule test diffusion diffuser gan vae rl sgd
bottleneck regularizer operator unit head coder code quantizer annealing reparameterization
reparametrization selection factorization decomposition initialization dropout pooling convolution perceptron
backpropagation blockmodel minimization maximization relaxation smoothing correction alignment
""".split()) | frozenset("""
methods algorithms frameworks models networks nets samplers estimators optimizers flows bounds filters processes
machines kernels embeddings ensembles policies gradients architectures modules layers mechanisms losses objectives
procedures schemes techniques strategies classifiers solvers rules tests diffusions gans vaes regularizers operators
units heads blockmodels coders codes quantizers autoencoders encoders decoders transformers perceptrons
""".split())

# nouns that name the class of a method, used in "our method, X" or "a new algorithm called X"
METHOD_CLASSES = frozenset("""
method methods approach approaches algorithm algorithms framework frameworks model models technique techniques
architecture architectures estimator estimators optimizer optimizers procedure scheme strategy system library toolkit
objective loss regularizer bound bounds network networks sampler mechanism module layer variant extension
""".split())

DATASET_HEADS = frozenset({"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora", "treebank",
                           "suite", "collection", "challenge", "database"})

# generic phrases, tasks and fields that end in a method word but are not one named technique
NOT_METHODS = frozenset("""
large language models|large language model|language models|language model|neural networks|neural network|
deep neural networks|deep neural network|deep learning|machine learning|reinforcement learning|
natural language processing|computer vision|artificial intelligence|out-of-distribution|state of the art|
stochastic differential equation|signal-to-noise ratio|mutual information|vision-language models|foundation models|
foundation model|generative models|generative model|deep networks|deep network|continual learning|few-shot learning|
transfer learning|federated learning|meta-learning|meta learning|supervised learning|unsupervised learning|
semi-supervised learning|representation learning|imitation learning|active learning|online learning|
multi-task learning|self-supervised learning|in-context learning|feature learning|metric learning|
hyperparameter optimization|object detection|image classification|question answering|machine translation|
speech recognition|graph neural networks|graph neural network|knowledge graph|neural architecture|training set|
test set|learning rate|batch size|loss function|neural net|neural nets|learning algorithm|learning algorithms|
optimization algorithm|optimization algorithms|optimization method|optimization methods|the model|the method|
this method|our method|our model|our approach|our algorithm|our framework|baseline methods|existing methods|
prior methods|previous methods|deep models|deep learning models|machine learning models|statistical inference|
bayesian inference|variational inference|causal inference|convex optimization|non-convex optimization|
nonconvex optimization|stochastic optimization|distributed training|model training|pre-training|pretraining|
fine-tuning|finetuning|data augmentation|density estimation|anomaly detection|ood detection|
out-of-distribution detection|domain adaptation|data distillation|model compression|image generation|
text generation|policy optimization|linear layer|attention mechanism|neural models|neural model|
generative adversarial|recurrent networks|convolutional networks|
training dynamics|time series|inverse problems|error correction|sample selection|feature selection|
model selection|architecture search|data selection|reward model|reward models|world model|world models|
language modeling|random features|kernel methods|kernel method|spectral methods|gradient methods|
first-order methods|second-order methods|gradient-based methods|iterative methods|numerical methods|
monte carlo methods|learned optimizers|gradient flow|gradient flows|training procedure|training algorithm|
tunable network|ensemble methods|deep ensembles|probabilistic inference|approximate inference|
statistical learning|optimal transport|treatment effects estimation|nonparametric density estimation|kernel density estimation
""".replace("\n", "").split("|"))

# read by endpoints.py: last words that make a name a task, data, hardware, a standard or a service, never a
# technique a lineage edge can join ("Software cost estimation", "biological networks" is data only as "signals")
_LINEAGE_TASK_HEADS = frozenset("""
estimation extraction detection recognition classification segmentation prediction identification tracking retrieval
localization localisation selection scheduling verification translation summarization generation answering planning
""".split())
NOT_LINEAGE_HEADS = _LINEAGE_TASK_HEADS | frozenset("""
problem problems task tasks signals signal data database databases dataset datasets corpus corpora reports report
unit units processor processors gpu gpus cpu cpus device devices hardware chip chips sensor sensors station stations
phone phones standard standards service services application applications environment environments setting settings
system systems platform platforms language languages channel channels property properties computing
graph graphs chain chains equation equations inequality inequalities theorem conjecture distance distances
analysis maximization minimization automaton automata programming game games information path paths
""".split())
# of those, the heads a paper's own method may end on when the paper gives it an acronym of its own
# ("holistically-nested edge detection (HED)", "Parametric Rectified Linear Unit (PReLU)"): a task word or a unit
# names the technique there; data, hardware or a system stays none
COINED_LINEAGE_HEADS = _LINEAGE_TASK_HEADS | {"unit", "units"}

# read by names_no_technique (below): last words of what an acronym stands for when the paper defines it as a quantity, a device, a
# channel, a system or a formal object, never a technique ("base station (BS)", "channel state information (CSI)",
# "signal-to-noise ratio (SNR)", "Linear Temporal Logic (LTL)"); the acronym is then no method in that paper, whatever
# its shape suggests ("unit", "analysis", "programming" stay out: "gated recurrent unit", "principal component
# analysis", "dynamic programming")
NOT_TECHNIQUE_HEADS = frozenset("""
information noise ratio rate rates freedom efficiency interference delay radio antenna antennas transmitter
transmitters receiver receivers relay relays station stations device devices hardware processor processors chip chips
array arrays sensor sensors phone phones channel channels system systems service services protocol protocols
interface interfaces standard standards language languages logic logics theorem principle equilibrium space spaces
graph graphs automaton automata problem problems equation equations property properties environment environments
platform platforms application applications technology technologies intelligence computing network networks
""".split())

# read by endpoints.py: last words of a name that is as often the task a paper works on as a technique: the
# subject of a sentence-rule lineage edge ending on one of them, with only plain nouns in front ("Document
# Clustering", "Quantum Energy Regression"), names the task ("Active Distance-Based Clustering" names a method)
TASK_OR_METHOD_HEADS = frozenset("""
clustering regression quantization adaptation learning filtering sensing compression denoising reconstruction
registration ranking parsing tagging updating location monitoring
""".split())

# read by endpoints.py: what a paper calls a thing that is no technique one can extend or use ("fLTL, a logic",
# "the sTeX system", "Big Red Agent-based Computation Engine (BRACE)")
NOT_TECHNIQUE_CLASSES = frozenset("""
logic logics language languages system systems engine engines prototype prototypes problem problems metric metrics
measure measures divergence lemma theorem standard standards hardware device devices circuit circuits
""".split())

# read by endpoints.py: a "... network" names a technique only with one of these words ("Bayesian network",
# "deep Q-network", "Petri nets"); "relay network", "sensor networks" are systems a paper studies
NETWORK_MODEL_WORDS = frozenset("""
neural bayesian belief adversarial convolutional recurrent residual memory attention capsule generative highway siamese
hopfield boltzmann kohonen radial feedforward feed forward q deep petri sum-product ladder policy value pointer
encoder decoder autoencoder spiking fuzzy wavelet markov credal relational tensor matching inception dense graph
perceptron deconvolutional transformer analysis echo reservoir
""".split())

# read by endpoints.py: "statistical model", "probabilistic approach", "Dec-POMDP solver"
GENERIC_CLASS_ADJECTIVES = frozenset("""
statistical probabilistic generative discriminative linear nonlinear non-linear parametric nonparametric
non-parametric stochastic deterministic iterative heuristic hybrid adaptive distributed centralized greedy exact
approximate numerical analytical learning mathematical computational neural bayesian graphical
""".split())
LINEAGE_CLASS_WORDS = frozenset("""
model models method methods approach approaches algorithm algorithms technique techniques framework frameworks scheme
schemes solver solvers system systems procedure procedures strategy strategies
""".split())

# read by referents.py: class nouns a sentence may point to a method with ("our method", "these models")
REFERENCE_CLASS_NOUNS = frozenset("""
method methods approach approaches algorithm algorithms model models framework frameworks technique techniques
architecture architectures network networks scheme schemes estimator estimators optimizer optimizers optimiser
optimisers procedure procedures variant variants extension extensions classifier classifiers learner learners
solver solvers sampler samplers
""".split())

# a first part of a joined name that says how the next part is arranged, naming no method itself ("BI-LSTM-CRF")
COMPOSITE_MODIFIER_PARTS = frozenset("bi multi".split())
# adverbs that make "proposed" someone else's: "SAG and SVRG, a set of recently proposed methods" names prior work
EARLIER_WORK_ADVERBS = frozenset("recently previously already earlier originally".split())
# words that open a noun phrase without describing it: never the first word of a name, even a quoted one
DETERMINERS = frozenset("a an the our their its this these those such any each every some".split())
# lower-case words that open generic noun phrases ("a simple model", "existing methods")
GENERIC_MODIFIERS = DETERMINERS | frozenset("""
many most more other several various existing
prior previous standard common popular simple new novel proposed same different similar general generic typical
classical conventional traditional modern recent current state-of-the-art strong weak large small deep shallow
based learned trained given two three single first second final full original resulting underlying
""".split())


def is_method_phrase(phrase: str) -> bool:
    """True when ``phrase`` ends in a method word and is not a generic phrase."""
    low = phrase.lower()
    words = low.replace("-", " ").split()
    if not words or low in NOT_METHODS or words[0] in GENERIC_MODIFIERS:
        return False
    return words[-1] in METHOD_HEADS


# what only a formula writes: a relation sign, a LaTeX command of math or citation, a norm's bars ("B = 2",
# "Q\\in Q", "sizes |A|", "MIT Indoor 67~\\citeX"); subscripts, carets and Greek letters stay ("ℓ_1 regularization",
# "χ^2 kernel", "LB_Keogh" are names)
_FORMULA = re.compile(r"[=≤≥<>∈∉⊂⊆|~]|\\(?:cite|in|le|ge|leq|geq|frac|sqrt|sum|log|rm|mathbb|mathcal|mathscr|left|right|"
                      r"not|Rightarrow|square|lceil|renewcommand|newcommand)(?![a-z])")


def formula_like(name: str) -> bool:
    """Whether ``name`` is a piece of a formula rather than a name: it holds what only a formula writes, or it opens
    a parenthesis it never closes (the span stopped inside "G(n, p)", "QCSP(A)").

    >>> [formula_like(n) for n in ("B = 2", "QCSP(A", "sizes |A|", "ℓ_1 regularization", "χ^2 kernel", "DLOL_(IS-A)")]
    [True, True, True, False, False, False]
    """
    return bool(_FORMULA.search(name)) or name.count("(") > name.count(")")


def names_no_technique(long: str) -> bool:
    """True when what an acronym stands for ends on a word that names no technique (``NOT_TECHNIQUE_HEADS``); a
    "... network" or "... system" names a technique with a model word in front ("convolutional neural network",
    "fuzzy inference system"), not as a kind of network ("wireless sensor network").

    >>> names_no_technique("base station"), names_no_technique("mesh sensor network"), names_no_technique("deep belief network")
    (True, True, False)
    >>> names_no_technique("sum-product networks"), names_no_technique("Sum-Product networks")
    (False, False)
    """
    words = long.lower().replace("-", " ").split()
    front = set(words[:-1]) | set(long.lower().split()[:-1])  # model words hyphenated or not ("sum-product")
    return bool(words) and words[-1].strip("'’") in NOT_TECHNIQUE_HEADS and not (
        words[-1] in ("network", "networks", "system", "systems") and NETWORK_MODEL_WORDS & front)


def is_dataset_phrase(phrase: str) -> bool:
    """True when ``phrase`` ends in a dataset word ("Penn Treebank", "GLUE benchmark")."""
    words = phrase.lower().split()
    return len(words) >= 1 and words[-1] in DATASET_HEADS


def plural(name: str) -> str:
    """The plural of a name's last word ("normalizing flow" -> "normalizing flows", "VAE" -> "VAEs")."""
    last = name.rsplit(" ", 1)[-1]
    if last.isupper():
        return name + "s"
    if last.endswith(("s", "x", "sh", "ch")):
        return name + "es"
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        return name[:-1] + "ies"
    return name + "s"


# words that never sit inside a method or dataset name: they end a run of candidate words (spaCy's English stop
# words plus the verbs abstracts use to talk about methods)
def _function_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    keep = {"one", "two", "three", "first", "part", "top", "back", "front", "bottom", "name", "full", "side", "fire",
            "call", "move", "empty", "mine", "well", "amount", "bill", "cry", "fill", "find", "found", "interest",
            "serious", "system", "thick", "thin", "de", "con", "un", "re", "ie", "eg", "hence"} & set(STOP_WORDS)
    return frozenset(STOP_WORDS - keep) | CUE_VERBS


CUE_VERBS = frozenset("""
propose proposes proposed propose introduce introduces introduced present presents presented develop develops
developed show shows showed shown demonstrate demonstrates demonstrated apply applies applied use uses used
achieve achieves achieved outperform outperforms outperformed compare compares compared evaluate evaluates evaluated
study studies studied consider considers considered obtain obtains obtained provide provides provided call called
dubbed termed named extend extends extended generalize generalizes generalized improve improves improved yield
yields based via within without against train trains learn learns employ employs adopt adopts
""".split())
FUNCTION_WORDS = _function_words()

# lower-case last words of method names beyond METHOD_HEADS ("logistic regression", "random forests")
SPAN_TAILS = frozenset("""
regression forest forests analysis filtering learning sensing allocation fusion tree trees svm svms machines models
transform transformation transforms clustering averaging partitioning asymptotics dithering smoothing features
feature context automaton automata field fields chain chains walk walks lasso boosting bagging sketch sketching
hashing completion recovery ranking rank projection projections quantization encoding representation
representations descriptor descriptors histogram histograms graph graphs database databases data set sets
functions logic stopping connections likelihood squares grammar systems computing prediction differentiation
unrolling maxout
""".split())


# ---------------------------------------------------------------- the rules' vocabulary, one place for all of it

# read by gazetteer.py
USE_SUFFIXES = frozenset({"based", "driven", "inspired", "guided", "style", "type", "like", "powered", "enhanced",
                           "augmented", "regularized", "trained", "pretrained", "initialized", "free", "family",
                           "specific", "variants", "variant"})

# read by acronyms.py
ACRONYM_LEADING_NOISE = frozenset({"the", "a", "an", "our", "their", "its", "this", "these", "we", "new", "novel", "called",
                            "named", "dubbed", "termed", "and", "or", "of", "as", "is", "are", "call"})

# words that only say what kind of network a title names ("Deep Convolutional Neural Networks"): a title of
# them and "Networks" names no one method, one with another word does ("Gated Feedback Recurrent Neural Networks")
NETWORK_KIND_WORDS = frozenset("""
deep neural convolutional recurrent artificial graph feedforward feed-forward multilayer multi-layer very shallow
large small sparse dense efficient simple new novel generative discriminative stochastic probabilistic""".split())

# read by titles.py
TITLE_STOP_WORDS = frozenset({"a", "an", "the", "on", "towards", "toward", "why", "how", "what", "when", "is", "are", "do", "does",
                   "can", "learning", "understanding", "improving", "beyond", "rethinking", "revisiting", "from", "to",
                   "scaling", "training", "provable", "provably", "efficient", "fast", "faster", "better", "simple",
                   "deep", "neural", "in", "of", "exploring", "analyzing", "analysing", "characterizing",
                   "demystifying", "unifying", "unified", "generalized", "general", "large", "small", "optimal", "scalable",
                   "toy", "proper", "robust", "stable", "accurate", "practical", "principled", "improved", "novel",
                   "new", "user-friendly", "sharp", "tight", "tighter", "sharper"})

# read by titles.py
# last words of a title phrase that name the problem a paper studies more often than a method ("Sparse Signal
# Estimation from ...", "Incremental Graph Inference"): a title phrase only its shape offers is no method with them
TITLE_TASK_HEADS = frozenset("""
estimation inference optimization optimisation segmentation detection recognition classification
prediction selection
""".split())

# read by titles.py
# last words beyond METHOD_HEADS of a capitalised phrase that opens a title and names the paper's method ("Prototype
# Regression Learning for ..."); the generic ones ("Transfer Learning") are in NOT_METHODS
TITLE_METHOD_TAILS = frozenset({"learning"})

# read by titles.py
# plural class words: a title "Toy Models of ..." or "... Bounds" names a kind of thing, not one method
PLURAL_CLASSES = frozenset({"models", "methods", "algorithms", "approaches", "techniques", "frameworks", "bounds",
                             "architectures", "networks", "rules", "tests", "losses", "objectives", "estimators",
                             "strategies", "schemes", "procedures"})

# the words that split a title into phrases ("X for Y", "X via Y"), in the order the title rules try them, and those
# of them that say "by means of" ("Clustering via Stochastic Blockmodels"); titles.py and the span model read both
TITLE_SPLIT_WORDS = ("for", "via", "with", "in", "on", "to", "using", "under", "through", "and", "from", "as", "of",
                     "by", "at", "beyond", "without", "is", "are")
MEANS_WORDS = ("via", "with", "using", "through", "by")

# read by titles.py
TITLE_FUNCTION_WORDS = frozenset({"for", "with", "via", "in", "on", "of", "and", "to", "using", "by", "from", "under", "at",
                             "through", "as", "is", "are"})

# read by naming.py
NAME_CONNECTORS = frozenset({"of", "for", "and", "with", "via", "on", "in", "to", "the", "a", "from", "by", "under", "over",
                    "using"})

# read by naming.py
NOT_NAMES = frozenset({"we", "our", "this", "it", "a", "an", "the", "in", "to", "these", "that", "its", "their",
                        "here", "such", "both", "all", "each", "then", "first", "finally", "moreover", "however",
                        "specifically", "in addition", "additionally", "furthermore", "i", "ii", "iii", "code"})

# read by naming.py
PROPOSE_STEMS = ("propos", "introduc", "present", "develop", "design", "devis", "formulat", "describ", "deriv",
                  "contribut", "put forward")

# read by naming.py
LIST_DATA_NOUNS = frozenset({"datasets", "benchmarks", "corpora"})

# read by naming.py
SENTENCE_STARTERS = frozenset("""
a an the our this these those we in on for to it its as at by from with while when where although though however
both all each many most some such existing recent prior previous standard classical modern current despite since
unlike like given using finally first moreover furthermore specifically here there then thus overall further also
one two three several various other another what which how why beyond towards toward training learning deep
therefore hence next second third fourth besides so later instead meanwhile again today nowadays now accordingly
""".split())

# read by naming.py
# lower-case words that may follow a capitalised name to make a method name ("Thompson sampling")
NAME_TAILS = frozenset("""
coding sampling sampler samplers estimator estimators estimation descent ascent optimizer regularization normalization
attention transformer transformers encoder autoencoder autoencoders decoder flow flows inference search quantization
distillation filter filters kernel kernels embedding embeddings ensemble ensembles matching training tuning pruning
propagation decoding prompting parameterization parametrization approximation regression classifier clustering
augmentation iteration solver programming diffusion bottleneck network networks net nets machine machines dropout
pooling annealing reparameterization selection factorization decomposition initialization method algorithm smoothing
""".split())

# read by naming.py
# class words after which an acronym is the name of a technique ("the CMA algorithm", "the HTK toolkit"); not
# "bounds", "models" or "networks", which follow acronyms of quantities and data ("MI bounds", "GNN models")
ACRONYM_CLASSES = frozenset("""
algorithm algorithms scheme schemes method methods technique techniques toolkit toolbox procedure procedures
""".split())

# read by naming.py
# what a word ends in that says a name is only used, never part of the name ("DecL-based", "Python-based")
NAME_USE_SUFFIXES = frozenset({"based", "driven", "inspired", "like", "style", "type"})

# read by naming.py
CLASS_TAILS = frozenset({"method", "algorithm", "model", "approach", "framework", "architecture", "technique",
                          "scheme", "strategy", "mechanism", "procedure", "system", "network", "machine", "machines"})

# read by naming.py
NEXT_NOT_NAME = frozenset("""
translation learning detection classification recognition generation prediction segmentation problem problems setting
settings task tasks theory regime literature community tasks research data error errors rate rates
""".split())

# read by naming.py
ADJECTIVE_ENDINGS = ("ian", "ic", "al", "ive", "ous", "ed", "ing", "-based", "-related", "-like", "-free", "-driven",
                      "-aware", "-guided", "-specific", "-only", "-level", "-wise", "-style", "-type", "-inspired")


_DATA_BEFORE = re.compile(r"\b(?:on|datasets?|benchmarks?|corpus|corpora|such as|including|e\.g\.,?)\s+(?:the\s+)?"
                          r"(?:[\w\-]+\s*(?:,|and|or)\s*)?$")
_DATA_AFTER = re.compile(r"^(?:[\s\-]\w+)?\s*(?:datasets?|benchmarks?|corpus|challenge|data\b|test\s+set|splits?)")


# words no name begins with: a span that opens on one was cut from a longer phrase ("Through Accelerated PSO")
LEADING_FUNCTION_WORDS = frozenset("of for with via through into towards toward and or to by from than versus".split())

# words that open a sentence or qualify a name without being part of it ("Both LSTM and ...", "Efficient Sparse ..."):
# a capitalised one right before a name does not make the name a cut piece of a longer one
NAME_OPENERS = frozenset("""
both either neither all while when whereas if since because although though unlike like then thus hence here there
finally moreover furthermore however also we it they beyond efficient fast faster scalable robust accurate practical
effective simple better best improved
""".split())


def generic(name: str) -> bool:
    """A phrase that names no one technique: "the algorithm", "neural networks", "approach"."""
    low = name.lower().strip()
    words = low.split()
    if not words or low in NOT_METHODS or words[0] in GENERIC_MODIFIERS or words[0] in LEADING_FUNCTION_WORDS:
        return True
    if len(words) == 1 and (low in METHOD_HEADS or low in METHOD_CLASSES) and name.islower():
        return True
    return len(low) < 2


def kind_of_technique(name: str) -> bool:
    """A lower-case class word after generic adjectives or a generic phrase names a kind of technique, not one:
    "probabilistic model", "unsupervised learning algorithm" (but "ellipse fitting algorithm" may be a name).

    >>> kind_of_technique("statistical approach"), kind_of_technique("deep learning method"), kind_of_technique("tree model")
    (True, True, False)
    """
    words = name.split()
    return len(words) >= 2 and name.islower() and words[-1] in LINEAGE_CLASS_WORDS and (
        " ".join(words[:-1]) in NOT_METHODS or all(w in GENERIC_CLASS_ADJECTIVES for w in words[:-1]))


_TITLE_ARTICLE = re.compile(r"(?:(?:The|A|An)\s+)?")


def title_opening(title: str) -> int:
    """Where a title's first word after an article starts ("The Shortlist Method for ...": 4)."""
    m = _TITLE_ARTICLE.match(title)  # always matches (the article is optional)
    return m.end() if m else 0


def unsupported_short_dataset(kind: str, text: str, start: int, end: int) -> bool:
    """True for a dataset name of three characters or fewer (``text[start:end]``) that the words around it do not
    call data: such a name ("MAP", "SGD", "RUN") is a dataset only where the text says so."""
    return kind == "dataset" and end - start <= 3 and not dataset_context(text, start, end)


def dataset_context(text: str, start: int, end: int) -> bool:
    """True when the words around a short name say it is data: "on MR", "the SST dataset", "MR and SST"."""
    before = text[max(0, start - 30):start].lower()
    after = text[end:end + 30].lower()
    if start == 3 and before == "on ":
        return bool(_DATA_AFTER.match(after))  # a text opening "On MAP Inference ...": a title about it, not data
    return bool(_DATA_BEFORE.search(before) or _DATA_AFTER.match(after))


# adjectives that open the names of techniques as often as they describe one ("Deep Recurrent Q-Network (DRQN)",
# "Large Margin Nearest Neighbor (LMNN)")
_NAME_OPENERS = frozenset("deep shallow large small strong weak single full".split())


def named_opener(long: str) -> bool:
    """A long form of three or more words in capitals that opens with such an adjective and ends like a method."""
    words = long.split()
    return len(words) >= 3 and words[0].lower() in _NAME_OPENERS and titled(long) and \
        is_method_phrase(" ".join(words[1:]))


def titled(phrase: str) -> bool:
    """Every main word capitalised ("Denver Intensity of Spontaneous Facial Action")."""
    return all(w[:1].isupper() or w[:1].isdigit() or w in {"of", "for", "and", "the", "in", "on", "with"}
               for w in phrase.split())

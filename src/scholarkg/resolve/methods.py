"""Corpus-wide method identity: which Method nodes are one method, and which names no corpus evidence supports.

Each source's batch keys a method by the name its paper writes, so the corpus holds "LSTM" and "Long Short-Term
Memory", "K-Means" and "K Means clustering", "GANs" and "generative adversarial network" as separate nodes. After a
build has written everything, the store hands this module every Method node (its names and aliases, the papers
naming it) and gets back a plan: the nodes to merge into one, and the nodes to drop. Nodes are one method when

- a name of one and a name of the other have the same *form*: case, accents, punctuation, hyphens and spacing
  ignored and a plural last word made singular ("K-Means" = "K Means" = "kmeans", "GANs" = "GAN"), or one adds
  only a class word to the other ("K Means clustering", "Adam optimizer"), or only "neural" after a word of
  network architecture ("fully convolutional neural networks" = "fully convolutional networks"), or only an acronym
  in brackets ("Priority Based Dynamic Round Robin (PBDRR) Algorithm");
- an acronym some paper defines ("Long Short-Term Memory (LSTM)": the long form's node carries "LSTM" as an alias,
  see ``resolve.graph``) is the name of a node that has no long form of its own: that node joins the long form.
  An acronym that papers define with different long forms ("BN": batch normalization, Bayesian network) joins the
  long form that most papers name, and only when that one has more papers than all the others together; two
  long forms are never merged through an acronym. A name that uses a pooled acronym joins what it stands for
  ("AdaNet algorithm", "Differentiable AIS" = "Differentiable Annealed Importance Sampling").

Only the strings themselves are evidence: a node's aliases count only where they say they name what the node's
name names (``same_method``: the same form, a class word added, an acronym and a name spelling its letters, or an
alias the gazetteer lists), so a mention that named two methods at once ("Adam(W)" on Adam and on AdamW) or a part
of a name ("neural tangent" on Neural Tangent Kernel) never joins two nodes through a third string.

Nodes are dropped when no corpus evidence supports the name: one ordinary word ("Poly", "Bayesian", "Diffusion":
letters, lower case but for the first) that no paper proposes or titles with a class word ("Maxout Networks") and
neither our curated list ("Adam") nor the gazetteer in lower case ("dropout") names; a paper's title, or the part
of one before a colon, read as a name
("Recurrent models of visual attention": four or more words with a function word inside); or two words split by
a comma ("Expectation, Maximization") -- unless a paper defines the name as the long form of an acronym. A node is
dropped, too, when the corpus says it names no technique (``no_technique``): every acronym it carries is one most
arXiv papers define as a device, a kind of network, a quantity or a standard ("WSN", "MANET", "SINR", "FPGA"; the
list of ``extract.acronyms.no_technique_acronyms``), and every longer name it carries ends on such a word
("Wireless Sensor Networks"); a name the gazetteer keys stays.

The plan depends only on the set of nodes, never on their order: a cluster's surviving key is the smallest of its
members' keys (gazetteer keys first, then shorter, then alphabetical), and the smallest of a union is the smallest
of the smallest, so a later build that adds sources and merges more ends where one build of everything ends.

>>> plan = plan_identity([MethodNode("lstm", "LSTM", (), 40), MethodNode("long-short-term-memory",
...     "Long Short-Term Memory", ("LSTM", "long short-term memory networks"), 12), MethodNode("poly", "Poly", (), 3)])
>>> plan.merges, sorted(plan.drops)
({'long-short-term-memory': 'lstm'}, ['poly'])
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from ..resources import resource
from .names import spell_symbols

# a last word that only says what kind of thing the rest names ("K Means clustering", "Adam optimizer")
CLASS_WORDS = frozenset("""
algorithm algorithms method methods approach approaches technique techniques optimizer optimiser clustering procedure
scheme framework
""".split())
# words that make a long phrase read as a sentence or a title rather than a name ("and" does not: "Simultaneous
# Detection and Segmentation", "Listen, Attend and Spell" are names and titles)
FUNCTION_WORDS = frozenset("of for in on with to from by via the a an as at is are using towards toward".split())
TITLE_LIKE_WORDS = 4
# a paper titled (before any colon) with one word and "Network(s)" introduces that word ("Maxout Networks")
TITLE_HEADS = ("network",)


@dataclass(frozen=True)
class MethodNode:
    """What the identity pass reads of one Method node: key, name, aliases, how many papers name and propose it."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    papers: int = 0
    proposed: int = 0  # papers proposing it

    def names(self) -> list[str]:
        return sorted({self.name, *self.aliases} - {""})


@dataclass
class IdentityPlan:
    """``merges``: key -> the key of the node it becomes part of (only keys that change); ``drops``: keys to remove."""

    merges: dict[str, str] = field(default_factory=dict)
    drops: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.merges or self.drops)


def form(name: str) -> str:
    """The identity form of a name: ASCII letters and digits in lower case, a plural last word made singular.

    >>> form("K-Means"), form("K Means"), form("GANs"), form("Gaussian processes"), form("analysis"), form("β-VAE")
    ('kmean', 'kmean', 'gan', 'gaussianprocess', 'analysis', 'betavae')
    >>> form("K-means++"), form("A* search")
    ('kmeansplusplus', 'astarsearch')
    """
    # symbols are spelled out, never dropped: "β-VAE" is not "VAE", "K-means++" is not "K-means"
    words = re.findall(r"[a-z0-9]+", spell_symbols(name).encode("ascii", "ignore").decode().lower())
    if words:
        words[-1] = _singular(words[-1])
    return "".join(words)


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("sses") or word.endswith("xes"):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("esses"):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def is_acronym(name: str) -> bool:
    """A short form: one token with two capitals in a row or a capital right after a small letter ("LSTM", "muP",
    "mSDA", "EK-FAC", "ResNet"); "Adam", "Dropout" and "K-Means" are written like words.

    >>> [is_acronym(n) for n in ("LSTM", "muP", "EK-FAC", "Adam", "ResNet", "K-Means", "Long Short-Term Memory")]
    [True, True, True, False, True, False, False]
    """
    if " " in name.strip() or len(name) > 15:
        return False
    return bool(_ACRONYM_SHAPE.search(name))


_ACRONYM_SHAPE = re.compile(r"[A-Z][A-Z]|[a-z][A-Z]")


def with_evidence(node: MethodNode) -> MethodNode:
    """``node`` with only the aliases that evidence ties to its name itself (``same_method``); the others -- the
    text of a mention that named two methods at once ("Adam(W)" on Adam), a part of a name ("neural tangent" on
    Neural Tangent Kernel) -- would join the node to a third node through a string that is neither's name.

    >>> with_evidence(MethodNode("adam", "Adam", ("Adam(W)", "Adam optimizer", "ADAM"))).aliases
    ('Adam optimizer', 'ADAM')
    """
    kept = tuple(a for a in node.aliases if same_method(node.name, a) or form(a) in _gazetteer_forms().get(node.key, ()))
    return node if kept == node.aliases else MethodNode(node.key, node.name, kept, node.papers, node.proposed)


def same_method(a: str, b: str) -> bool:
    """Whether two strings themselves say they name one method: the same form, one the other with a class word
    ("Adam optimizer"), or one an acronym whose letters the other spells in order ("LSTM", "long short-term memory").

    >>> [same_method("Adam", x) for x in ("ADAM", "Adam optimizer", "Adam(W)", "AdamW")]
    [True, True, False, False]
    >>> [same_method("Neural Tangent Kernel", x) for x in ("NTK", "neural tangent", "PaLM")]
    [True, False, False]
    """
    fa, fb = form(a), form(b)
    if fa == fb:
        return True
    for x, y in ((a, b), (b, a)):
        shorter = _without_class_word(x)
        if shorter and form(shorter) == form(y):
            return True
    if is_acronym(a) != is_acronym(b):
        short, long = (fa, fb) if is_acronym(a) else (fb, fa)
        letters = iter(long)
        return all(ch in letters for ch in short)  # the short form's letters in order in the long one
    return False


def _without_class_word(name: str) -> str | None:
    words = name.split()
    if len(words) >= 2 and words[-1].lower() in CLASS_WORDS:
        return " ".join(words[:-1])
    return None


def _net_spelled_out(name: str) -> str | None:
    """The name with a last word "net(s)" written "network": "Generative Adversarial Nets" is "generative adversarial
    networks". Only a word of its own: "FlowNet", "U-Net" or "Internet" are names, not "flow networks".

    >>> _net_spelled_out("Generative Adversarial Nets"), _net_spelled_out("FlowNet"), _net_spelled_out("U-Net")
    ('Generative Adversarial network', None, None)
    """
    spelled = _SPACED_NET.sub("network", name)
    return spelled if spelled != name else None


_SPACED_NET = re.compile(r"(?<=\s)[Nn]ets?$")


def _neural_dropped(name: str) -> str | None:
    """The name without "neural" between a word of network architecture and "network(s)": "fully convolutional
    neural networks" is "fully convolutional networks", "recurrent neural network" a "recurrent network". Other
    words keep it: a "Bayesian network" is no Bayesian neural network, a "probabilistic network" no probabilistic
    neural network.

    >>> _neural_dropped("Fully Convolutional Neural Networks"), _neural_dropped("Bayesian neural network")
    ('Fully Convolutional Networks', None)
    """
    dropped = _ARCHITECTURE_NEURAL.sub(r"\1 ", name)
    return dropped if dropped != name else None


def _without_bracketed(name: str) -> str | None:
    """The name without an acronym in brackets inside or after it: "Priority Based Dynamic Round Robin (PBDRR)
    Algorithm" is "Priority Based Dynamic Round Robin Algorithm".

    >>> _without_bracketed("Priority Based Dynamic Round Robin (PBDRR) Algorithm"), _without_bracketed("Adam(W)")
    ('Priority Based Dynamic Round Robin Algorithm', None)
    """
    dropped = _BRACKETED_ACRONYM.sub("", name).strip()
    return dropped if dropped != name and " " in dropped else None


_BRACKETED_ACRONYM = re.compile(r"\s+\([A-Za-z][\w\-]*[A-Z][\w\-]*\)(?=\s|$)")
_ARCHITECTURE_NEURAL = re.compile(r"\b(convolutional|recurrent|feed-?forward|spiking|residual|deconvolutional|siamese)\s+"
                                  r"neural\s+(?=net)", re.I)


def unsupported(node: MethodNode, listed_lower: frozenset[str], defined: frozenset[str],
                titles: frozenset[str] = frozenset()) -> bool:
    """True when nothing but its shape speaks for the name (see the module text): ``listed_lower`` are the forms of
    the one-word names that are evidence by themselves (``gazetteer_names``), ``defined`` the forms of names some
    node carries beside an acronym (long forms papers define).

    >>> unsupported(MethodNode("diffusion", "Diffusion"), frozenset(), frozenset())
    True
    >>> unsupported(MethodNode("dropout", "Dropout"), frozenset({"dropout"}), frozenset())
    False
    >>> unsupported(MethodNode("adam", "Adam", proposed=1), frozenset(), frozenset())
    False
    >>> unsupported(MethodNode("x", "Recurrent models of visual attention"), frozenset(), frozenset(),
    ...             frozenset({form("Recurrent Models of Visual Attention")}))
    True
    >>> unsupported(MethodNode("x", "Bag of Visual Words model"), frozenset(), frozenset(), frozenset())
    False
    """
    names = node.names()
    if any(form(n) in defined for n in names):
        return False
    return all(_generic(n, node.proposed > 0, listed_lower, titles) for n in names)


def no_technique(node: MethodNode, gaz_keys: frozenset[str] = frozenset()) -> bool:
    """True when corpus evidence says the node names no technique (see the module text).

    >>> no_technique(MethodNode("wsns", "WSNs", ("WSN", "Wireless Sensor Networks")))
    True
    >>> no_technique(MethodNode("background-subtraction", "Background subtraction", ("BS",)))
    False
    >>> no_technique(MethodNode("qos", "QoS")), no_technique(MethodNode("lstm", "LSTM"))
    (True, False)
    """
    # imported here: the extract package brings spaCy, which a store opening for `stats` must not wait for
    from ..extract.acronyms import acronym_singular, no_technique_acronyms
    from ..extract.words import names_no_technique

    if node.key in gaz_keys:
        return False
    names = node.names()
    acronyms = [n for n in names if is_acronym(n)]
    listed = no_technique_acronyms()
    return bool(acronyms) and all(acronym_singular(a) in listed for a in acronyms) and all(
        names_no_technique(n) for n in names if not is_acronym(n))


def _generic(name: str, proposed: bool, listed_lower: frozenset[str], titles: frozenset[str]) -> bool:
    words = name.split()
    if len(words) == 1:
        word = words[0]
        ordinary = word.isalpha() and word[1:].islower()
        titled = any(form(f"{word} {head}") in titles for head in TITLE_HEADS)  # a paper titled "Maxout Networks"
        return ordinary and not proposed and not titled and form(word) not in listed_lower
    if len(words) == 2 and words[0].endswith(","):
        return True  # "Expectation, Maximization": two words listed, not a name
    lowered = [w.lower() for w in words]
    return (len(words) >= TITLE_LIKE_WORDS and any(w in FUNCTION_WORDS for w in lowered[1:-1])
            and form(name) in titles)


def title_forms(titles: Iterable[str]) -> frozenset[str]:
    """The forms of paper titles and of their parts before a colon, which a title-like method name is checked
    against.

    >>> sorted(title_forms(["Deep Residual Learning for Image Recognition", "SAGA: A Fast Method"]))
    ['afastmethod', 'deepresiduallearningforimagerecognition', 'saga', 'sagaafastmethod']
    """
    out = set()
    for title in titles:
        out.add(form(title))
        out.update(form(part) for part in title.split(":") if part.strip())
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def gazetteer_names() -> tuple[frozenset[str], frozenset[str]]:
    """(keys of the methods the gazetteer lists, forms of the one-word names that are evidence by themselves): the
    one-word names of our own curated list ("Adam", "Transformer") and those the gazetteer writes in lower case
    ("dropout"); the Papers-with-Code names it adds ("Poly", "Diffusion") are not."""
    keys, words = set(), set()
    with open(resource("data", "gazetteer", "methods.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                entry = json.loads(line)
                keys.add(entry["key"])
                words.update(form(n) for n in [entry["name"], *(entry.get("aliases") or [])] if n.isalpha() and n.islower())
    with open(resource("data", "curated_methods.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                entry = json.loads(line)
                words.update(form(n) for n in [entry["name"], *(entry.get("aliases") or [])] if " " not in n)
    return frozenset(keys), frozenset(words)


@functools.lru_cache(maxsize=1)
def _gazetteer_forms() -> dict[str, frozenset[str]]:
    """Gazetteer key -> the forms of the name and aliases it lists: an alias the gazetteer lists is evidence."""
    out = {}
    with open(resource("data", "gazetteer", "methods.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                entry = json.loads(line)
                out[entry["key"]] = frozenset(form(n) for n in [entry["name"], *(entry.get("aliases") or [])])
    return out


class _Clusters:
    """Union-find over node keys; each root is the cluster's smallest key by ``rank`` and knows the cluster's paper
    count and whether any member has a long (non-acronym) name."""

    def __init__(self, nodes: list[MethodNode], rank):
        self.parent = {n.key: n.key for n in nodes}
        self.papers = {n.key: n.papers for n in nodes}
        self.has_long = {n.key: any(not is_acronym(a) for a in n.names()) for n in nodes}
        self.rank = rank
        self.unions = 0  # how many unions joined two clusters so far

    def find(self, k: str) -> str:
        root = k
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[k] != root:
            self.parent[k], k = root, self.parent[k]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb), key=self.rank)
            self.parent[hi] = lo
            self.unions += 1
            self.papers[lo] += self.papers.pop(hi)
            self.has_long[lo] = self.has_long[lo] or self.has_long.pop(hi)


def plan_identity(nodes: Iterable[MethodNode], titles: frozenset[str] = frozenset()) -> IdentityPlan:
    """The merges and drops for a corpus's Method nodes (see the module text); ``titles``: ``title_forms`` of the
    corpus's paper titles.

    A merged node carries the names and aliases of the nodes it took in, and they can be evidence for its own name
    ("batched sparse", an alias of "Batched Sparse Codes" that is not the same method, spells BATS's letters), so
    the plan is made again over the nodes as a store would hold them after it until nothing changes: a refresh
    after a build then finds nothing more to merge."""
    nodes = list(nodes)
    total = IdentityPlan()
    while True:
        plan = _plan_once(nodes, titles)
        if not plan:
            return total
        for old, new in list(total.merges.items()):  # what was merged into a node this round merged or dropped
            if new in plan.merges:
                total.merges[old] = plan.merges[new]
            elif new in plan.drops:
                del total.merges[old]
                total.drops.add(old)
        total.merges.update(plan.merges)
        total.drops |= plan.drops
        nodes = after_plan(nodes, plan)


def after_plan(nodes: Iterable[MethodNode], plan: IdentityPlan) -> list[MethodNode]:
    """The nodes as a store holds them after carrying out ``plan`` (``stores.identity``): a survivor keeps its name
    and gains the merged nodes' names and aliases and its own name as aliases; paper counts are added (a store counts
    a paper naming both once, so they are an upper bound)."""
    nodes = list(nodes)
    out = {n.key: n for n in nodes if n.key not in plan.drops and n.key not in plan.merges}
    for n in sorted((n for n in nodes if n.key in plan.merges), key=lambda n: n.key):
        new = out[plan.merges[n.key]]
        aliases = tuple(sorted((set(new.aliases) | set(n.aliases) | {n.name, new.name}) - {new.name}))
        out[new.key] = MethodNode(new.key, new.name, aliases, new.papers + n.papers, new.proposed + n.proposed)
    return sorted(out.values(), key=lambda n: n.key)


def _plan_once(nodes: Iterable[MethodNode], titles: frozenset[str]) -> IdentityPlan:
    gaz_keys, gaz_lower = gazetteer_names()
    nodes = sorted((with_evidence(n) for n in nodes), key=lambda n: n.key)
    defined = frozenset(form(n) for node in nodes if any(is_acronym(a) for a in node.names())
                        for n in node.names() if not is_acronym(n))
    plan = IdentityPlan()
    kept = []
    for node in nodes:
        if unsupported(node, gaz_lower, defined, titles) or no_technique(node, gaz_keys):
            plan.drops.add(node.key)
        else:
            kept.append(node)

    def rank(key: str) -> tuple[bool, int, str]:
        return key not in gaz_keys, len(key), key

    clusters = _Clusters(kept, rank)
    long_owner: dict[str, str] = {}  # long-name form -> the first node carrying it
    acronyms: dict[str, set[str]] = {}  # acronym form -> nodes carrying it
    for node in kept:
        for name in node.names():
            f = form(name)
            if is_acronym(name):
                acronyms.setdefault(f, set()).add(node.key)
            elif f in long_owner:
                clusters.union(long_owner[f], node.key)
            else:
                long_owner[f] = node.key
    _join_same_spelling(kept, clusters)
    for node in kept:  # "K Means clustering" joins "K-Means", "Hopfield nets" "Hopfield network", when those are names
        for name in node.names():
            for variant in (_without_class_word(name), _net_spelled_out(name), _neural_dropped(name),
                            _without_bracketed(name)):
                if variant and not is_acronym(variant) and form(variant) in long_owner:
                    clusters.union(long_owner[form(variant)], node.key)
    # Pooling an acronym can join two long forms through a name that uses it, and two claimants of an acronym that
    # became one cluster pool it where they could not before: repeat until nothing joins, so the plan is where a
    # second pass over the merged nodes would end (a refresh after a build merges nothing more).
    while True:
        before = clusters.unions
        meaning = _pool_acronyms(acronyms, long_owner, clusters, rank)
        _expand_acronyms(kept, clusters, long_owner, meaning)
        if clusters.unions == before:
            break
    for node in kept:
        root = clusters.find(node.key)
        if root != node.key:
            plan.merges[node.key] = root
    return plan


def _join_same_spelling(nodes: list[MethodNode], clusters: _Clusters) -> None:
    """Two nodes that each carry one acronym beside a long form spelling it with the same words but for their endings
    are one method: "ACO-OFDM" with "asymmetric clipped optical OFDM" and with "asymmetrically clipped optical
    OFDM", "DPM" with "deformable part model" and with "Deformable Parts Model". A node whose long forms spell its
    acronym two ways (the text of two papers meaning two things) joins nothing through it."""
    spelled: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for node in nodes:
        longs = [n for n in node.names() if not is_acronym(n)]
        for acronym in (n for n in node.names() if is_acronym(n)):
            meanings = {spelled_words(acronym, long) for long in longs if same_method(acronym, long)}
            if len(meanings) == 1:
                spelled.setdefault((form(acronym), meanings.pop()), []).append(node.key)
    for keys in spelled.values():
        for key in keys[1:]:
            clusters.union(keys[0], key)


def spelled_words(acronym: str, long: str) -> tuple[str, ...]:
    """The words of a long form, stemmed, to compare two long forms of one acronym ("BLUE": "best linear unbiased
    estimator" and "Best Linear Unbiased Estimation" spell it alike; a word more -- "quadratic programming
    relaxation" beside "quadratic programming" -- names another thing).

    >>> spelled_words("BLUE", "best linear unbiased estimator") == spelled_words("BLUE", "Best Linear Unbiased Estimation")
    True
    >>> spelled_words("SMC", "sequential Monte Carlo") == spelled_words("SMC", "Secure Multi-party Computation")
    False
    """
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", long).encode("ascii", "ignore").decode().lower())
    return tuple(_stem(w) for w in words)


# endings that make "coding" / "codes", "estimator" / "estimation", "asymmetric" / "asymmetrically" one word
_ENDINGS = ("ically", "ations", "ation", "ators", "ator", "ings", "ing", "ions", "ion", "ives", "ive", "ers", "er", "ors",
            "or", "ally", "ies", "ed", "es", "ly", "al", "ic", "s", "e", "y")


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[:-len(ending)]
    return word


def _pool_acronyms(acronyms: dict[str, set[str]], long_owner: dict[str, str], clusters: _Clusters,
                   rank) -> dict[str, str]:
    """Each acronym form -> the cluster it joins: the only one with a long name, or the one most papers name when it
    has more papers than all the others together (none otherwise); the clusters without a long name join it."""
    meaning: dict[str, str] = {}
    for f in sorted(acronyms):
        roots = {clusters.find(k) for k in acronyms[f] | ({long_owner[f]} if f in long_owner else set())}
        claimants = sorted((r for r in roots if clusters.has_long[r]), key=rank)
        bare = sorted((r for r in roots if not clusters.has_long[r]), key=rank)
        if not claimants:
            target = bare[0] if bare else None
        else:
            best = min(claimants, key=lambda r: (-clusters.papers[r], rank(r)))
            total = sum(clusters.papers[r] for r in claimants)
            target = best if len(claimants) == 1 or 2 * clusters.papers[best] > total else None
        if target is not None:
            for r in bare:
                clusters.union(target, r)
            meaning[f] = clusters.find(target)
    return meaning


def _expand_acronyms(nodes: list[MethodNode], clusters: _Clusters, long_owner: dict[str, str],
                     meaning: dict[str, str]) -> None:
    """Names that use a pooled acronym: "AdaNet algorithm" joins AdaNet's node, and "Differentiable AIS" joins
    "Differentiable Annealed Importance Sampling" when AIS was pooled with "annealed importance sampling"."""
    long_names: dict[str, set[str]] = {}
    # "bilinear generalized approximate message passing algorithm" is also found without its class word
    bare_owner: dict[str, str] = {}
    for node in nodes:
        for name in node.names():
            shorter = _without_class_word(name)
            if shorter and not is_acronym(name) and form(name) in long_owner:
                bare_owner.setdefault(form(shorter), long_owner[form(name)])
    for node in nodes:
        long_names.setdefault(clusters.find(node.key), set()).update(n for n in node.names() if not is_acronym(n))
    for node in nodes:
        for name in node.names():
            shorter = _without_class_word(name)
            if shorter and is_acronym(shorter) and form(shorter) in meaning:
                clusters.union(meaning[form(shorter)], node.key)
            words = name.split()
            if len(words) < 2:
                continue
            for i, word in enumerate(words):
                target = meaning.get(form(word)) if is_acronym(word) else None
                if target is None:
                    continue
                for long in sorted(long_names.get(clusters.find(target), ())):
                    expanded = form(" ".join(words[:i] + [long] + words[i + 1:]))
                    owner = long_owner.get(expanded, bare_owner.get(expanded))
                    if owner is not None:
                        clusters.union(owner, node.key)

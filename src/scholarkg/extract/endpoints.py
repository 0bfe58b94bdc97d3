"""Which method names may carry a lineage edge (EXTENDS, USES, OUTPERFORMS, COMPARED_WITH between two methods).

A relation's wording can be right while one of its ends is no method: in the wider CS corpus the spans a rule links
are often a task ("Software cost estimation"), data ("biological networks"), hardware ("graphic processing unit"), a
standard or service ("DVB-T", "SMS"), a generic class ("statistical model") or a fragment ("PRISM-based"). A lineage
edge joins two methods a reader could look up, so each end must pass ``lineage_method``; the mention stays a method of
its paper either way (the span model and the resolver decide that), only the edge goes.

A name passes when a list vouches for it (the gazetteer of Papers-with-Code and curated names, ``listed``), or when
its shape and words say it names one technique: not a fragment, no task/data/hardware head word, not a generic
adjective before a class word, and, for a short all-capitals acronym, a long form the paper defines that passes
itself (where the paper defines none, the one most arXiv papers that define the acronym give it, when that is a
method phrase: ``acronyms.technique_acronyms``, "SVRG"), or the paper proposing it.

>>> [lineage_method(n) for n in ("Software cost estimation", "PRISM-based", "statistical model", "k-medoids")]
[False, False, False, True]
>>> lineage_method("BS", long_forms=("base station",)), lineage_method("CF", long_forms=("compute-and-forward",))
(False, True)
>>> lineage_method("attacker identification mechanisms"), lineage_method("fully"), lineage_method("hidden Markov models")
(False, False, True)
"""
from __future__ import annotations

import re

from ..model import Relation
from .acronyms import acronym_definitions, acronym_singular, technique_acronyms
from .words import (ADJECTIVE_ENDINGS, COINED_LINEAGE_HEADS, COMPOSITE_MODIFIER_PARTS, GENERIC_CLASS_ADJECTIVES,
                    GENERIC_MODIFIERS, LINEAGE_CLASS_WORDS, METHOD_HEADS, NAME_OPENERS, NETWORK_MODEL_WORDS,
                    NOT_LINEAGE_HEADS, NOT_METHODS, NOT_TECHNIQUE_CLASSES, TASK_OR_METHOD_HEADS)

_FRAGMENT = re.compile(r"(?:-(?:based|like|type|style|driven|inspired|aware|guided|enabled)|-)$", re.I)
# "BS", "SMS", "TCP": many meanings, often no technique; "ScSPM", "RTS-BP", "iTALS" look coined
SHORT_CAPS = re.compile(r"^[A-Z]{2,4}s?$")
_NO_NAME = re.compile(r"^(?:[A-Z][a-z]+wise|\d+[A-Za-z]?|[A-Za-z][a-z]+ly|[A-Za-z][a-z]+ian)$")
_GENERIC_CLASS_TAILS = frozenset("framework frameworks scheme schemes system systems approach approaches strategy "
                                 "strategies procedure procedures analysis mechanisms models".split())


def lineage_method(name: str, *, listed: bool = False, proposed: bool = False, long_forms: tuple[str, ...] = (),
                   coined: bool = False) -> bool:
    """Whether ``name`` may be an end of a lineage edge (see the module text). ``listed``: a gazetteer entry;
    ``proposed``: the paper introduces it; ``long_forms``: what the paper defines the acronym ``name`` as;
    ``coined``: the paper gives the name an acronym of its own.

    >>> lineage_method("sparse voting models"), lineage_method("sparse voting models", proposed=True, coined=True)
    (False, True)
    """
    if listed:
        return True
    if _FRAGMENT.search(name.strip()) or name.lower() in NOT_METHODS:
        return False
    if SHORT_CAPS.match(name):
        if long_forms:
            return any(lineage_method(f) for f in long_forms)
        return proposed
    if long_forms and " " not in name and not any(lineage_method(f) for f in long_forms):
        return False  # "GMDTSP" is defined as "... traveling salesmen problem"
    if _NO_NAME.match(name):
        return False  # "Likewise", "3D": a word that opened the sentence, a dimension; "Bayesian": an adjective
    words = re.split(r"[\s/]+", name.strip().lower())
    if len(words) >= 2 and name.islower() and words[-1] in _GENERIC_CLASS_TAILS and not (proposed and coined):
        return False  # "message passing framework", "time synchronization scheme": described, not named (a paper
        # that proposes one and coins an acronym for it names it)
    if len(words) >= 3 and name.islower() and words[0] in LINEAGE_CLASS_WORDS and words[1] in ("of", "for"):
        return False  # "algorithm of model decomposition": a description, no name
    if words[-1] in NOT_LINEAGE_HEADS:
        return proposed and coined and words[-1] in COINED_LINEAGE_HEADS
    if words[-1] in ("network", "networks", "net", "nets") and not NETWORK_MODEL_WORDS & set(re.split(r"[\s\-]+", name.lower())):
        return False  # "relay network", "sensor networks", "heterogeneous networks": systems studied, no technique
    if words[-1].endswith(("ous", "ive", "ful", "less")) or \
            (len(words) >= 3 and name[:1].isupper() and words[0].endswith("ing") and
             words[-1].rsplit("-", 1)[-1] not in METHOD_HEADS):
        return False  # "Filtered Fictitious" is cut short; "Approximating Sampled Sinusoids" is a title's task
    if len(words) == 2 and words[0] in GENERIC_CLASS_ADJECTIVES and words[1] in LINEAGE_CLASS_WORDS:
        return False  # "statistical model", "probabilistic approach": a kind of thing, no one technique
    return True


def lineage_relations(relations, methods, lookup, texts: dict[str, str]) -> list:
    """``relations``, once each, without the method-to-method ones that have an end ``lineage_method`` refuses; ``methods``: the
    paper's method mentions, ``lookup``: the gazetteer's (surface form -> (kind, key, name) or None), ``texts``: the
    title and abstract, whose acronym definitions give an acronym's long form."""
    defined: dict[str, list[str]] = {}  # acronym -> the long forms the title and abstract define it as
    for text in texts.values():
        for d in acronym_definitions(text):
            defined.setdefault(d.short, []).append(d.long)
    passing, forms = {}, {}
    written = " ".join(texts.values())
    for m in methods:
        listed = listed_method(m, lookup)
        long_forms = tuple(a for a in m.aliases if not SHORT_CAPS.match(a)) + \
            tuple(f for n in {m.name, m.mention, m.name[:-1] if m.name.endswith("s") else m.name} for f in defined.get(n, ()))
        corpus = technique_acronyms().get(acronym_singular(m.name)) if SHORT_CAPS.match(m.name) else None
        if not long_forms and corpus:  # "SVRG" written bare: what the corpus defines it as
            long_forms = (corpus,)
        passing[m.key] = lineage_method(m.name, listed=listed, proposed=m.role == "proposes", long_forms=long_forms,
                                        coined=any(_SHORT_FORM.match(a) and " " not in a for a in m.aliases))
        if not listed:
            forms[m.key] = {m.name, m.mention, *m.aliases}
    for m in methods:
        if m.key in forms:
            forms[m.key] |= {f for n in (m.name, m.mention) for f in defined.get(n, ())}
    as_task: dict[str, bool] = {}  # read only for the ends of method-to-method relations (a regex per name)
    as_subject: dict[str, bool] = {}
    called: dict[str, bool] = {}

    def passes(key: str) -> bool:
        if not passing.get(key, True):
            return False
        if key in forms and key not in as_task:
            as_task[key] = _written_as_task(written, forms[key])
        return not as_task.get(key, False)

    def subject(key: str) -> bool:
        if key not in as_subject:
            as_subject[key] = key not in forms or subject_method(forms[key], written)
        return as_subject[key]

    title = texts.get("title", "").strip()

    def voiced(r) -> bool:
        """An EXTENDS a sentence rule found in words that do not name the subject ("we propose an extension of Y")
        needs a subject the abstract names, or a title that is the name alone ("Looped Memory Networks", "X: ..."):
        a name only a longer title gives is as often the task the extension is for ("Weakly Supervised Learning
        of ...", "PAC-Bayesian Majority Vote for ...")."""
        if r.type != "EXTENDS" or r.by == "names" or r.head not in forms:
            return True
        names = _alternatives(forms[r.head])
        if not names:
            return True
        named = re.compile(rf"(?<![\w\-])(?:{names})(?![\w\-])", re.I)
        return bool(named.search(r.evidence or "") or named.search(texts.get("abstract", "")) or
                    re.fullmatch(rf"(?:{names})\s*(?:[:.].*)?", title, re.I | re.S))

    def technique(key: str) -> bool:
        if key not in called:
            called[key] = key in forms and called_no_technique(forms[key], written)
        return not called[key]

    out, seen = [], set()
    for r in relations:
        if (r.type, r.head, r.tail) in seen:
            continue  # a name variant the rules also found in a sentence: the first finding stays
        if r.tail_kind == "method" and not (technique(r.head) and technique(r.tail) and
                                            (r.by == "names" or subject(r.head) and voiced(r))):
            continue  # an end the paper calls a logic, a system; a sentence rule's subject the paper writes as a task
        if r.tail_kind != "method" or (passes(r.head) and passes(r.tail)):
            seen.add((r.type, r.head, r.tail))
            out.append(r)
    return out


# a name the paper itself writes as a problem or an object ("the network utility maximization problem", "solving
# IQP"): what is studied or solved, not a technique another can extend or use
_TASK_AFTER = r"\s*(?:\([^()]{1,15}\)\s*)?(?:problems?|tasks?|games?|channels?|instances?|formulations?|" \
              r"constraints?|objectives?|criteri(?:on|a)|distributions?|model\s+checking)\b"
_TASK_BEFORE = r"\b(?:problems?\s+of|solv(?:e|es|ed|ing)|(?:an?|the)\s+instances?\s+of)\s+(?:the\s+|an?\s+)?"

# The checks below ask whether a text writes a name in some context. One pattern holding the names would be compiled
# anew for every paper's names (most of the time these checks took); instead each is split at the name: the names'
# places (``_occurrences``), then patterns compiled once: ``X.match(text, end)`` for what must follow a place, and
# ``X.search(text, 0, start)`` with X ending in \Z for what must end right at it (the text is read as ending there).
_FREE_BEFORE = re.compile(r"(?<![\w\-])")
_FREE_AFTER = re.compile(r"(?![\w\-])")
_TASK_AFTER_RE = re.compile(_TASK_AFTER, re.I)
_TASK_BEFORE_RE = re.compile(_TASK_BEFORE + r"\Z", re.I)


def _occurrences(forms: set[str], text: str) -> list[tuple[int, int]]:
    """Every (start, end) where ``text`` writes one of ``forms`` of two or more characters, in any case; overlapping
    places too, as a pattern of the names could match at any of them."""
    out = []
    for form in forms:
        if len(form) < 2:
            continue
        pattern = re.compile(re.escape(form), re.I)  # small, and re's cache keeps the frequent ones
        m = pattern.search(text)
        while m is not None:
            out.append((m.start(), m.end()))
            m = pattern.search(text, m.start() + 1)
    return out


def _written_as_task(text: str, forms: set[str]) -> bool:
    """Whether ``text`` writes one of ``forms`` as a problem or an object (see ``_TASK_AFTER``).

    >>> _written_as_task("We study the utility maximization problem in networks.", {"utility maximization"})
    True
    >>> _written_as_task("Solving integer quadratic programming is hard.", {"integer quadratic programming"})
    True
    >>> _written_as_task("We extend the Kalman filter to graphs.", {"Kalman filter"})
    False
    """
    return any(_FREE_BEFORE.match(text, s) and _TASK_AFTER_RE.match(text, e) or
               _TASK_BEFORE_RE.search(text, 0, s) and _FREE_AFTER.match(text, e) for s, e in _occurrences(forms, text))


def subject_method(forms: set[str], text: str) -> bool:
    """Whether a name no list vouches for, written as ``forms`` (name, written form, aliases, defined long forms) in
    the paper's ``text``, may be the subject of a lineage edge a sentence rule found. Not when a form is a task by
    its shape (``_object_task``) or ends on a class that is no technique ("Metric Temporal Logic", "... Computation
    Engine"), nor when the paper calls it such a thing ("fLTL, a logic", "the sTeX system") or writes it as what a
    method is for ("a new approach for collaborative filtering").

    >>> subject_method({"Document Clustering"}, ""), subject_method({"Active Distance-Based Clustering"}, "")
    (False, True)
    >>> subject_method({"XQL"}, "We present XQL, a query language for graphs."), subject_method({"Nimbus"}, "")
    (False, True)
    >>> subject_method({"collaborative filtering"}, "A new approach for collaborative filtering uses BMF.")
    False
    """
    for form in forms:
        words = form.lower().split()
        if not words or _object_task(form) or (len(words) >= 2 and words[-1] in NOT_TECHNIQUE_CLASSES):
            return False
    names = _alternatives(forms)
    if not names:
        return True
    if called_no_technique(forms, text):
        return False
    # "a training algorithm for MLDANet": a coined name is a model something is for, not a task ("GCD" may be one)
    return any(_COINED.search(f) for f in forms) or not any(
        _FOR_BEFORE.search(text, 0, s) and _FREE_AFTER.match(text, e) for s, e in _occurrences(forms, text))


_COINED = re.compile(r"^(?=[\w\-]*[a-z])[\w\-]*[A-Z][\w\-]*[A-Z][\w\-]*$")  # "MLDANet", "PinView": a coined word


_CLASSES = "|".join(sorted(NOT_TECHNIQUE_CLASSES))
_FOR_BEFORE = re.compile(r"\b(?:approach|method|algorithm|framework|technique|solution)s?\s+(?:for|to)\s+(?:the\s+)?\Z",
                         re.I)
# what calls a name a logic, a system ... around it (see ``called_no_technique``)
_CALLED_AFTER = re.compile(rf"(?:\s*\([^()]{{1,30}}\))?\s*(?:,\s*|\s+(?:is|are)\s+)(?:an?|the)\s+(?:[\w\-]+\s+){{0,3}}?"
                           rf"(?:{_CLASSES})\b", re.I)
_THE_BEFORE = re.compile(r"\bthe\s+\Z", re.I)
_CLASS_AFTER = re.compile(rf"\s+(?:{_CLASSES})\b", re.I)
_LONG_FORM_AFTER = re.compile(rf"\s*\((?:[^()]{{1,60}}\s)?(?:{_CLASSES})\)", re.I)
_NAMED_BEFORE = re.compile(rf"\b(?:an?|the|this)\s+(?:[\w\-]+\s+){{0,4}}?(?:{_CLASSES})\s*,?\s*(?:(?:which|that)\s+we\s+)?"
                           rf"(?:namely|called|named|termed|dubbed|i\.e\.,?|call)\s+(?:the\s+)?\Z", re.I)


def called_no_technique(forms: set[str], text: str) -> bool:
    """Whether ``text`` calls the thing written as ``forms`` a logic, a language, a system, a metric, a problem
    (``NOT_TECHNIQUE_CLASSES``): "X, a query language", "the X system", "a routing metric, namely X", "this problem,
    which we call X".

    >>> called_no_technique({"ESD"}, "We design a new routing metric, namely Expected Delay (ESD).")
    False
    >>> called_no_technique({"ESD", "Expected Delay"}, "We design a new routing metric, namely Expected Delay (ESD).")
    True
    >>> called_no_technique({"BRACE"}, "We present BRACE (Big Red Agent-based Computation Engine), which is fast.")
    True
    """
    for s, e in _occurrences(forms, text):
        if _FREE_BEFORE.match(text, s) and (_CALLED_AFTER.match(text, e) or _LONG_FORM_AFTER.match(text, e)):
            return True  # "X, a query language", "BRACE (Big Red Agent-based Computation Engine)"
        if _THE_BEFORE.search(text, 0, s) and _CLASS_AFTER.match(text, e):
            return True  # "the X system"
        if _NAMED_BEFORE.search(text, 0, s) and _FREE_AFTER.match(text, e):
            return True  # "a routing metric, namely X"
    return False


def _alternatives(forms: set[str]) -> str:
    return "|".join(sorted((re.escape(f) for f in forms if len(f) >= 2), key=len, reverse=True))


def _object_task(name: str) -> bool:
    """A name that is a thing worked on and the work ("Document Clustering", "Scalar Quantization"): its last word
    is a task as often as a technique (``TASK_OR_METHOD_HEADS``), every word before it a plain noun, neither an
    adjective nor a method word.

    >>> _object_task("Quantum Energy Regression"), _object_task("Gaussian Process Quantile Regression")
    (True, False)
    """
    words = re.split(r"[\s/]+", name.strip().lower())
    if len(words) < 2 or words[-1] not in TASK_OR_METHOD_HEADS:
        return False
    return all(w.isalpha() and w not in METHOD_HEADS and not w.endswith(ADJECTIVE_ENDINGS) and not w.endswith("ly")
               for w in words[:-1])


# up to three words before the old name, or a short capitalised prefix glued to an old name written in capitals
_VARIANT_PREFIX = re.compile(r"^(?:[\w\-\u00C0-\u024F]+[\s\-]){1,3}$")
_GLUED_PREFIX = re.compile(r"^[A-Z][a-z]{1,3}$")


# head words too wide to make a name a technique by itself: "channel model", "Markov decision process" and "utility
# maximization" name what is studied as often as a technique
_WIDE_HEADS = frozenset("model models process processes maximization minimization".split())


def listed_method(m, lookup) -> bool:
    """Whether ``lookup`` (the gazetteer's: surface form -> (kind, key, name) or None) lists mention ``m``'s name or
    written form as a method."""
    return any((lookup(n) or ("",))[0] == "method" for n in (m.name, m.mention))


def technique_by_name(m, lookup) -> bool:
    """Whether mention ``m`` names a technique by its name alone: listed (``lookup``, the gazetteer's), or a name of
    two or more words ending on a method word other than the widest ones. A bare acronym the lists do not hold may
    be a standard, a metric or a logic ("HSDPA", "ASE", "LTL") as often as a technique."""
    if listed_method(m, lookup):
        return True
    words = m.name.lower().split()
    return len(words) >= 2 and words[-1] in METHOD_HEADS and words[-1] not in _WIDE_HEADS


def named_variants(methods, texts: dict[str, str], lookup=lambda form: None) -> list[Relation]:
    """EXTENDS edges a paper's names state: a method it names is another method it also names with up to three words
    (or a short capitalised prefix) in front ("depth-gated LSTM" and "LSTM", "Sparse Spectral Clustering" and
    "spectral clustering", "BiG-AMP" and "G-AMP", "ensemble Kalman filter" and "Kalman filter"), or, for a method
    the paper proposes or defines an acronym for, with one or two words inside ("Deep Recurrent Q-Network" and
    "Deep Q-Network"): a version of that method. Long forms count as names ("PReLU", defined as "Parametric
    Rectified Linear Unit", and ReLU, "rectified linear unit"). Where the paper only uses both, the shorter must be
    a name by itself (two words, or an acronym) and the words in front no generic modifier ("deep LSTM" is an
    LSTM); and the shorter must name a technique by its name (``technique_by_name``): "Open NuCAD" and "NuCAD",
    "fLTL" and "LTL", "trust management model" and "trust model" are objects, logics and descriptions more often
    than versions of a method. The evidence is the sentence the longer name is first written in.

    >>> from scholarkg.model import Mention
    >>> ms = [Mention("method", "depth-gated LSTM", "depth-gated-lstm", "depth-gated LSTM", "title", 0, 16, "proposes"),
    ...       Mention("method", "LSTM", "lstm", "LSTM", "abstract", 30, 34, "uses")]
    >>> listed = {"LSTM": ("method", "lstm", "LSTM")}.get
    >>> [(r.type, r.head, r.tail) for r in named_variants(ms, {"title": "depth-gated LSTM", "abstract": ""}, listed)]
    [('EXTENDS', 'depth-gated-lstm', 'lstm')]
    """
    out = []
    technique = {m.key: technique_by_name(m, lookup) for m in methods}
    # the names each method may be the base of: (for any new name, for a name the paper proposes)
    bases = {}
    for old in methods:
        written = tuple(dict.fromkeys((old.name, *(a for a in (old.mention, *old.aliases) if " " in a))))
        # its acronym, singular ("SDAs"), for a name the paper proposes ("marginalized SDA")
        acronyms = tuple(a[:-1] if a.endswith("s") else a for a in old.aliases if _SHORT_FORM.match(a) and " " not in a)
        bases[id(old)] = (written, tuple(dict.fromkeys(written + acronyms)))
    for new in methods:
        if _cut_from_longer(texts[new.field], new.start):
            continue
        defines = any(_SHORT_FORM.match(a) for a in new.aliases)
        proposed = new.role == "proposes"
        forms = list(dict.fromkeys((new.name, new.mention, *(a for a in new.aliases if " " in a))))
        for old in methods:
            if old.key == new.key or len(old.name) < 3 or not technique[old.key]:
                continue
            if not proposed and not (" " in old.name or sum(c.isupper() for c in old.name) >= 2):
                continue  # of two names the paper only uses, the shorter must be a name by itself ("Kalman filter")
            if any(_prefixed(form, base, proposed) or ((proposed or defines) and _inserted(form, base))
                   for form in forms for base in bases[id(old)][proposed]):
                out.append(Relation("EXTENDS", new.key, old.key, evidence=_sentence(texts[new.field], new.start),
                                    by="names"))
    return out


def _cut_from_longer(text: str, start: int) -> bool:
    """Whether the name written at ``start`` of ``text`` is the tail of a longer capitalised name: the word before it
    is capitalised and no word a name may follow without taking it in (a function or sentence-opening word, an
    adjective, a generic modifier, an acronym): "Lower Bound Bayesian Networks" holds no method "Bound Bayesian
    Networks" that extends Bayesian networks, while "Learning Deep Belief Networks" and "Efficient Sparse Spectral
    Clustering" name theirs whole.

    >>> _cut_from_longer("Random Forest DBSCAN for Outliers", 7), _cut_from_longer("Learning Deep Belief Nets", 9)
    (True, False)
    """
    m = _WORD_BEFORE.search(text[max(0, start - 40):start])
    if not m:
        return False
    low = m.group(1).lower()
    return not (_FUNCTION_WORD.fullmatch(low) or low.endswith(ADJECTIVE_ENDINGS) or low in GENERIC_MODIFIERS or
                low in _NOT_VARIANT_WORDS or low in NAME_OPENERS or m.group(1).isupper())


def _prefixed(form: str, base: str, proposed: bool) -> bool:
    """``form`` is ``base`` with up to three words, or a short capitalised prefix glued on, in front."""
    if not form.lower().endswith(base.lower()) or len(form) == len(base):
        return False
    front = form[:len(form) - len(base)]
    # glued only onto the old name as written ("BiG-AMP"), never mid-word ("PageRank" holds no "ERank")
    glued = _GLUED_PREFIX.match(front) and base[:2].isupper() and form.endswith(base)
    return bool((_VARIANT_PREFIX.match(front) or glued) and front.strip(" -").lower() not in _NOT_VARIANT_WORDS and
                not _FUNCTION_WORD.search(front) and not _FRAGMENT.search(front.strip()) and
                (proposed or front.split()[0].lower() not in GENERIC_MODIFIERS))


def _inserted(form: str, base: str) -> bool:
    """``form`` is ``base`` (two or more words) with one or two words inside, none a function word or a generic
    modifier: "Deep Recurrent Q-Network" and "Deep Q-Network".

    >>> _inserted("Deep Recurrent Q-Network", "Deep Q-Network"), _inserted("deep and wide Q-network", "deep Q-network")
    (True, False)
    """
    words, old = form.lower().split(), base.lower().split()
    if len(old) < 2 or not 1 <= len(words) - len(old) <= 2 or words[0] != old[0] or words[-1] != old[-1]:
        return False
    for i in range(1, len(old)):
        middle = words[i:i + len(words) - len(old)]
        if words[:i] == old[:i] and words[i + len(middle):] == old[i:]:
            return not any(_FUNCTION_WORD.fullmatch(w) or w in GENERIC_MODIFIERS or w in _NOT_VARIANT_WORDS
                           for w in middle)
    return False


_SHORT_FORM = re.compile(r"^[A-Za-z]*[A-Z][A-Za-z\-]*[A-Z][A-Za-z\-]*$")  # an acronym the paper defines ("DRQN", "PReLU")


# "PSO-SVM", "RNN-DBN", "SVD/EBP": two or three names joined by hyphens or a slash, each a word with a capital letter
_COMPOSITE = re.compile(r"^[A-Za-z][\w+]*(?:[\-/][A-Za-z][\w+]*){1,2}$")


def composite_parts(methods, texts: dict[str, str], lookup=lambda form: None) -> list[Relation]:
    """USES edges a paper's names state: a method whose name joins two or three other methods the paper names
    ("DE-SVM" where the paper names DE and SVM, "RNN-DBN") uses each of them. Every part must be the name, the
    written form or an alias of another of the paper's methods, so "BiG-AMP", "K-SVD" or "Q-learning" link nothing;
    and each of those a technique by its name: ``technique_by_name``: listed, or a long form ending on a method
    word ("discontinuous Galerkin method"), since joined acronyms also name standards and systems ("LMRS-LTE",
    "VRVS-AG"), unless the paper proposes the joined name and defines each part's acronym by a long form
    ("Adaptive-Linear-Programming (ALP)" and "upper-confidence-bound (UCB)": "UCB-ALP" uses both).

    >>> from scholarkg.model import Mention
    >>> ms = [Mention("method", "PSO-SVM", "pso-svm", "PSO-SVM", "abstract", 40, 47, "proposes"),
    ...       Mention("method", "particle swarm optimization", "pso", "PSO", "abstract", 0, 3, "uses", ("PSO",)),
    ...       Mention("method", "support vector machine", "svm", "SVM", "abstract", 10, 13, "uses", ("SVM",))]
    >>> [(r.type, r.head, r.tail) for r in composite_parts(ms, {"abstract": "PSO and SVM are combined in PSO-SVM."})]
    [('USES', 'pso-svm', 'pso'), ('USES', 'pso-svm', 'svm')]
    """
    named: dict[str, str] = {}  # a written form -> the key of the method it names (forms two methods share: none)
    defined: dict[str, str] = {}  # the same for every method whose acronym the paper defines by a long form
    for m in methods:
        technique = technique_by_name(m, lookup)
        for form in {m.name, m.mention, *m.aliases}:
            named[form] = m.key if technique and named.get(form, m.key) == m.key else ""
        if " " in m.name or "-" in m.name:
            for form in {m.name, m.mention, *(a for a in m.aliases if _SHORT_FORM.match(a))}:
                defined[form] = m.key if defined.get(form, m.key) == m.key else ""
    out: list[Relation] = []
    for m in methods:
        for form in dict.fromkeys((m.mention, m.name, *sorted(m.aliases))):  # "... layer (BI-LSTM-CRF)": its acronym
            if not _COMPOSITE.match(form):
                continue
            parts = re.split(r"[\-/]", form)
            if len(parts) > 2 and parts[0].lower() in COMPOSITE_MODIFIER_PARTS:
                parts = parts[1:]  # "BI-LSTM-CRF": a bidirectional LSTM with a CRF, so it uses LSTM and CRF
            # a composite the paper proposes may join acronyms it defines ("Adaptive-Linear-Programming (ALP)", "UCB-ALP")
            keys = [named.get(part) or (defined.get(part, "") if m.role == "proposes" else "") for part in parts]
            if all(len(part) >= 2 and any(c.isupper() for c in part) for part in parts) and \
                    all(k and k != m.key for k in keys) and len(set(keys)) == len(keys):
                out.extend(Relation("USES", m.key, k, evidence=_sentence(texts[m.field], m.start), by="names")
                           for k in keys)
                break
    return out


# words in front of a name that make no new method of it ("the LSTM", "our LSTM", "deep LSTM" is still an LSTM)
_NOT_VARIANT_WORDS = frozenset("""
the a an our their its this that these standard classical classic vanilla original conventional traditional basic
plain proposed new novel same joint multiple celebrated famous well-known popular non yet another
""".split())


_FUNCTION_WORD = re.compile(r"\b(?:to|of|for|and|or|with|on|in|by|via|using|from|versus|vs|than|over|through|into|"
                            r"under|at|as|without|within|towards?|across|between|among|a|an|the)\b", re.I)
# the word right before a name, where that word would have been part of it: a capitalised word inside a sentence
# ("Lower" before "Bound Bayesian Networks", "Short-term" before "Memory recurrent neural networks")
_WORD_BEFORE = re.compile(r"(?:^|[\s(\[\"'])([A-Z][\w\-\u00C0-\u024F]*)[\s\-]+$")


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at) + 2, 0) if text.rfind(". ", 0, at) >= 0 else 0
    end = text.find(". ", at)
    return text[start:end + 1 if end >= 0 else len(text)]

"""Relations a paper states between the methods (and datasets) it names, sentence by sentence.

Only explicit wording counts (precision first). Between two method mentions, or from the paper's own method:
- EXTENDS: "X, a new version / variant / extension / generalization of Y", "X extends / generalizes / builds on Y",
  "we extend Y";
- OUTPERFORMS: "X outperforms / surpasses / beats / improves upon Y", "our method outperforms Y";
- COMPARED_WITH: "X compared with Y", "X versus Y", "compared with Y, our method ...";
- USES: "X uses / employs / leverages / relies on / is based on / consists of Y", "we use Y to scale X", "methods based on Y,
  such as X";
- EVALUATED_ON (method -> dataset): the paper's own methods (or the method its title is about) evaluated, tested or
  reporting results "on" a dataset.
A relation reaches every item of a list: "X generalizes A, B, and C" gives three.

>>> text = "FooNet, a new variant of Adam, outperforms SGD and AdamW on CIFAR-10."
>>> spans = [("m", "foonet", "FooNet"), ("m", "adam", "Adam"), ("m", "sgd", "SGD"), ("m", "adamw", "AdamW"), ("d", "cifar-10", "CIFAR-10")]
>>> located = [Located("method" if k == "m" else "dataset", key, text.find(s), text.find(s) + len(s)) for k, key, s in spans]
>>> sorted((r.type, r.head, r.tail) for r in find_relations(text, located, {"foonet"}, set()))
[('EVALUATED_ON', 'foonet', 'cifar-10'), ('EXTENDS', 'foonet', 'adam'), ('OUTPERFORMS', 'foonet', 'adamw'), ('OUTPERFORMS', 'foonet', 'sgd')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Relation
from .cues import (BASED_CLASS_AFTER, BY_EXTENDING, BY_MEANS, CLASS, CLASS_USES, INSPIRED, IS_A, NEGATED, NO_BEFORE,
                   NOT_BY_MEANS, OUR_CLASS, OUR_USES, OWN_COMPARE, PLAIN, TRAINED_WITH, USED_IN)
from .referents import referring_spans
from .relmodel import Span, active_model, candidate_pairs, own_spans, pair_features
from .words import METHOD_HEADS

_LIST_INTRO = rf"(?:(?:the\s+)?(?:[\w\-]+\s+){{0,4}}?{CLASS}\s*,?\s*(?:such\s+as|like|including|e\.g\.,?)\s+)?"
_EXTENDS = re.compile(
    rf"(?:^[\s,)]*(?:{CLASS}\s*,?\s*)?(?:(?:which|that)\s+)?(?:(?:is|as|was|being)\s+)?(?:(?:a|an|the)\s+)?"
    r"(?:(?!(?:and|or|with|of|in|for|to|using|by|on|at|from|via)\s)[\w\-]+\s+){0,5}?"
    r"(?:version|variant|variation|extension|generali[sz]ation|modification|adaptation|refinement|improvement|instance|"
    r"instantiation)\s+(?:of|to)\s+(?:the\s+)?"
    rf"{PLAIN}$)|"
    # a plural subject's verb right after it ("X and Y extend Z", "X, which generalize Z"), not "we ..., and extend Z"
    r"(?:^[\s)]*(?:\([^()]*\)\s*)?,?\s*(?:(?:which|that)\s+)?(?:\w+ly\s+)?(?:extend|generali[sz]e|build\s+(?:up)?on)\s+"
    rf"(?:the\s+|an?\s+)?{PLAIN}$)|"
    r"(?:\b(?:extends|generali[sz]es|builds\s+(?:up)?on|is\s+built\s+(?:up)?on|extending|generali[sz]ing|"
    r"(?:is|as)\s+(?:an?\s+)?(?:(?:\w+\s+){0,2}?)(?:extension|generali[sz]ation|variant)\s+(?:of|to))\s+"
    rf"(?:the\s+|an?\s+)?{PLAIN}$)", re.I)
_OUTPERFORMS = re.compile(
    r"\b(?:outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beats?|beating|improves?\s+(?:up)?on|improving\s+(?:up)?on|"
    # "improves on the theory behind Y", "improves upon the results of Y"
    r"improves?\s+(?:up)?on\s+the\s+(?:theory|analysis|results?|performance|bounds?|rates?|guarantees?)\s+"
    r"(?:behind|of)|"
    r"improves?\s+over|compares?\s+favou?rably\s+(?:with|to|against)|(?:is|are|performs?)\s+(?:significantly\s+|consistently\s+|much\s+)?(?:better|superior|stronger)\s+"
    r"(?:than|to)|(?:achieves?|obtains?|yields?|gives?|shows?|has|have|provides?|offers?|attains?)\s+(?:\w+\s+){0,2}?"
    r"(?:(?:better|higher|superior|stronger)\s+(?:[\w\-,]+\s+){0,7}?(?:than|to|over|compared\s+(?:to|with)|"
    r"in\s+comparison\s+(?:to|with))|faster\s+(?:[\w\-,]+\s+){0,7}?(?:than|compared\s+(?:to|with)|in\s+comparison\s+"
    r"(?:to|with)))|"
    r"(?:achieves?|obtains?|yields?|gives?|shows?|provides?|offers?|brings?)\s+(?:[\w\-]+\s+){0,3}?(?:improvements?|"
    r"gains?|speed-?ups?)\s+(?:(?:in|of)\s+[\w\-]+\s+){0,2}?(?:over|upon)|"
    r"(?:converges?|runs?|learns?|is|are|performs?|works?)\s+(?:\w+ly\s+)?(?:(?:more\s+than|up\s+to|over|about|almost|nearly|"
    r"roughly|around)\s+)?(?:(?:[\d.]+|two|three|ten|several|many)\s*"
    r"(?:x|times)\s+|(?:an\s+|several\s+|two\s+|three\s+|many\s+|[\d.]+\s+)?orders?\s+of\s+magnitude\s+)?(?:faster|better|more\s+(?:accurate(?:ly)?|"
    r"efficient(?:ly)?|robust(?:ly)?))\s+(?:[\w\-,]+\s+){0,3}?than)"
    rf"\s+{_LIST_INTRO}(?:both\s+)?(?:the\s+)?(?:(?:state-of-the-art|strong|competing)\s+)*{PLAIN}$", re.I)
_PARTICIPLE = re.compile(r"^\s*(?:[\w\-]+\s+){0,2}?,?\s*(?:\w+ly\s+)?(?:outperforming|surpassing|beating|improving)\b", re.I)
_OUTPERFORMED_BY = re.compile(r"\b(?:is|are|was|were|be|being)\s+(?:\w+ly\s+)?(?:outperformed|surpassed|beaten)\s+by\s+"
                              r"(?:the\s+|an?\s+)?(?:(?:normal|standard|original|classical|vanilla|plain|simple)\s+)?$", re.I)
_USING = re.compile(r"^[\s)]*(?:\(\s*)?(?:using|via|by\s+means\s+of|by\s+using|on\s+top\s+of)\s+(?:the\s+|a\s+|an\s+)?$",
                    re.I)
_CALLED = re.compile(r"^[^.;:]{0,50}?\b(?:called|named|termed|dubbed|referred\s+to\s+as|we\s+call)\s+(?:the\s+)?$")
# "a modification to the standard RNN architecture, the Clockwork RNN": the new name in apposition
_APPOSED = re.compile(rf"^\s*(?:{CLASS}\s*,\s*(?:namely\s+|i\.e\.,?\s+)?(?:the\s+|an?\s+)?|"
                      r",\s*(?:namely|i\.e\.,?)\s+(?:the\s+)?|,\s*(?:the|an?)\s+)$")
_VARIANT_OF = re.compile(r"\b(?:version|variant|variation|extension|generali[sz]ation|modification|adaptation)\s+(?:of|to)\s+"
                         rf"(?:the\s+)?{PLAIN}$", re.I)
_AND = re.compile(r"^\s*,?\s*and\s+(?:the\s+)?$")
_ARE_COMPARED = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:\w+\s+){0,2}?(?:are|were)\s+(?:\w+ly\s+)?(?:compared|evaluated\s+and\s+"
                           r"compared|contrasted)\b")
_COMPARED = re.compile(r"\b(?:(?:is|are|was|were)\s+)?(?:compared?\s+(?:with|to|against)|in\s+comparison\s+(?:with|to)|versus|vs\.?|"
                       r"against)\s+(?:the\s+)?$", re.I)
_USES = re.compile(r"(?:^[\s)]*(?:,\s*(?:which\s+)?)?|\b(?:that|which)\s+)(?:uses|employs|leverages|relies\s+on|"
                   r"(?:is\s+|are\s+)?based\s+on|use|employ|leverage|rely\s+on|incorporate|exploit|utili[sz]e|combine|adopt|integrate|"
                   r"builds\s+on\s+top\s+of|incorporates|exploits|utilizes|utilises|applies|adopts|is\s+powered\s+by|combines|"
                   r"integrates|combining|incorporating|integrating|utili[sz]ing|employing|leveraging|exploiting|"
                   r"(?:is\s+|are\s+)?built\s+(?:up)?on|(?:is\s+)?an?\s+(?:combination|hybrid|hybridi[sz]ation)\s+of|"
                   # its parts: "X consists of Y and Z", "X, which is composed of Y"
                   r"consists?\s+of|consisting\s+of|(?:is\s+|are\s+)?composed\s+of|compris(?:es|e|ing))\s+"
                   r"(?:the\s+|a\s+|an\s+)?(?:(?:novel|new|proposed)\s+)?$", re.I)
# "X is implemented in Python (using Caffe)", "X is implemented on top of Theano": the software X is built with
_IMPLEMENTED = re.compile(r"^[\s)]*(?:\([^()]*\)\s*)?,?\s*(?:(?:which|that)\s+)?(?:is|are|was|were|has\s+been|have\s+been)\s+"
                          r"(?:\w+ly\s+)?implemented\s+(?:(?:in|on)\s+[^.;()]{1,40}?\s*\(\s*)?"
                          r"(?:in|with|using|on\s+top\s+of)\s+(?:the\s+)?$", re.I)
_WE_USE = re.compile(r"\b(?:we\s+)?(?:use|employ|leverage|apply|adopt|utili[sz]e)\s+(?:the\s+)?$", re.I)
_TO_VERB = re.compile(r"^[\s)]*(?:approximation\s+|method\s+|algorithm\s+|estimator\s+)?to\s+(?:scale|compute|approximate|"
                      r"estimate|train|speed\s+up|accelerate|implement|make|solve|optimi[sz]e)\s+(?:up\s+)?(?:the\s+)?$", re.I)
_BASED_ON_SUCH_AS = re.compile(r"^\s*,?\s*(?:such\s+as|like|including|e\.g\.,?)\s+(?:the\s+)?$", re.I)
_CLASS_BASED_ON = re.compile(rf"\b{CLASS}\s+based\s+on\s+(?:the\s+)?$", re.I)
_OUR = re.compile(rf"\b(?:{OUR_CLASS}|[Tt]his\s+(?:[\w\-]+\s+){{0,2}}?{CLASS}|[Ii]t|[Ww]e)\s+(?:\w+ly\s+|also\s+|still\s+|even\s+)?"
                  r"(?:(?:is|are|was|were)\s+able\s+to\s+|can\s+|could\s+)?(?:\w+ly\s+)?"
                  r"(?:outperforms?|surpass(?:es)?|beats?|improves?\s+(?:up)?on|compares?\s+favou?rably\s+(?:with|to|against)|"
                  r"(?:is|are|performs?)\s+(?:significantly\s+|"
                  r"consistently\s+)?(?:better|superior)\s+(?:than|to)|"
                  # "this method achieves better classification results than Y", "has better performance than Y"
                  r"(?:achieves?|obtains?|yields?|gives?|shows?|has|have|provides?)\s+(?:\w+\s+){0,2}?"
                  r"(?:better|higher|superior)\s+(?:[\w\-]+\s+){0,3}?(?:than|to|over))"
                  rf"\s+{_LIST_INTRO}(?:(?:both|either)\s+)?(?:(?:the|an?)\s+)?(?:(?:prior|previous|existing|state-of-the-art|"
                  r"strong|standard|popular|conventional|classical|traditional|original|competing)\s+)*$")
_WE_EXTEND = re.compile(rf"\b(?:[Ww]e\s+(?:\w+ly\s+)?(?:extend|generali[sz]e|build\s+(?:up)?on|improve\s+(?:up)?on|modify)|"
                        r"[Ww]e\s+(?:\w+ly\s+)?(?:propose|present|introduce|develop|derive|describe)\s+(?:a|an)\s+(?:[\w\-]+\s+){0,3}?"
                        r"(?:version|variant|variation|extension|generali[sz]ation|modification|adaptation)\s+(?:of|to)|"
                        rf"^\s*(?:[Ii]t|[Tt]his\s+(?:\w+\s+)?{CLASS})\s+(?:\w+ly\s+)?(?:extends|generali[sz]es|builds\s+(?:up)?on)|"
                        # "one way to understand X is to view it as an extension of Y"
                        r"\b(?:view|see|regard|interpret|understand)\s+(?:it|this\s+\w+)\s+as\s+(?:an?\s+)?(?:\w+\s+){0,2}?"
                        r"(?:extension|generali[sz]ation|variant)\s+(?:of|to)|"
                        # "It can also be seen as an extension of Y"
                        rf"^\s*(?:[Ii]t|[Tt]his\s+(?:\w+\s+)?{CLASS}|[Oo]ur\s+(?:\w+\s+)?{CLASS})\s+(?:can|could|may|might)\s+"
                        r"(?:also\s+|thus\s+|therefore\s+)?be\s+(?:seen|viewed|regarded|interpreted|understood|thought\s+of)\s+"
                        r"as\s+(?:an?\s+)?(?:\w+\s+){0,2}?(?:extension|generali[sz]ation|variant)\s+(?:of|to)|"
                        rf"(?:[Oo]ur|[Tt]he\s+proposed)\s+(?:[\w\-]+\s+){{0,2}}?{CLASS}\s*,?\s*(?:(?:which|that)\s+)?(?:\w+ly\s+)?(?:extends|"
                        r"generali[sz]es|builds\s+(?:up)?on))\s+(?:the\s+)?"
                        rf"{PLAIN}$")
_COMPARE_VERB = re.compile(r"\b(?:[Ww]e\s+(?:\w+ly\s+)?(?:compare|contrast)|[Cc]omparing|[Cc]ontrasting|"
                           r"\b[Tt]o\s+(?:compare|contrast)|[Cc]omparisons?\s+(?:of|between))\s+(?:the\s+)?$")
# "We build on recent work that uses CNNs to classify region proposals (R-CNN [16])": the name in brackets names
# the work the paper builds on
_BUILD_ON_WORK = re.compile(r"\b(?:[Ww]e|[Oo]ur\s+(?:[\w\-]+\s+)?(?:method|approach|model|work))\s+(?:\w+ly\s+)?"
                            r"(?:builds?\s+(?:up)?on|extends?|generali[sz]es?)\s+(?:the\s+|a\s+)?"
                            r"(?:(?:recent|previous|prior|earlier|existing|seminal)\s+)?(?:work|approach|method|framework)s?"
                            r"\b[^.;()]{0,150}\(\s*$")
_BUILDING_ON = re.compile(rf"^(?:[Bb]uilding\s+(?:up)?on|[Ee]xtending|[Gg]enerali[sz]ing)\s+(?:the\s+)?{PLAIN}$")
_SUBJECT_EVAL = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:\w+ly\s+)?(?:achieves?|obtains?|reaches|attains?|sets?|yields?|"
                           r"establishes|reports?)\b[^.;:]{0,80}\b(?:on|across)\s+(?:the\s+)?(?:[\w\-]+\s+){0,3}?$", re.I)
_COMPARED_FRONT = re.compile(r"(?:^|\b)(?:[Cc]ompared?\s+(?:with|to|against)|[Ii]n\s+comparison\s+(?:with|to)|[Vv]ersus|"
                             r"[Rr]elative\s+to)\s+(?:the\s+)?(?:(?:prior|previous|existing|standard|popular)\s+)*$")
_GLUE = re.compile(r"^\s*(?:[a-z][\w\-]*\s*)?(?:\([^()]{0,40}\)\s*)?(?:,\s*(?:and|or)?|and|or|/|&|,?\s*as\s+well\s+as)\s*"
                   r"(?:the\s+|on\s+|to\s+)?$")
_SAME = re.compile(r"^\s*[(\[]?\s*$|^\s*\)?\s*$")
_EVAL_CUE = re.compile(r"\b(?:evaluat|experiment|achiev|accura|results?\b|benchmark|outperform|test|demonstrat|show|"
                       r"trained|training|state-of-the-art|SotA|performance|improv|gains?\b|reach|obtain|validat|appl|"
                       r"empirical|report)", re.I)
_EVAL_POSITION = re.compile(r"\b(?:on|using|across|with|in|over|for|from|to)\b[^.;:]{0,100}$", re.I)
# the paper speaking of its own work: "we", "our", "the proposed", "experiments show", "is evaluated on"
_OWN_VOICE = re.compile(r"\b(?:we|our|us|proposed|this\s+(?:paper|work)|experiments?|empirical(?:ly)?|(?:is|are)\s+"
                        r"(?:\w+ly\s+)?(?:evaluated|tested|validated|benchmarked|achieved|obtained))\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]%])[.!?](?=\s+[A-Z(\[])")
_MAX_GAP = 160
_OPENERS = frozenset({"", "The", "the", "Our", "our", "A", "An"})
_COORDINATED = re.compile(r"\band\s+(?:also\s+|then\s+|further\s+)?(?P<verb>extends|generali[sz]es|builds\s+(?:up)?on|"
                          r"outperforms|surpasses|beats|uses|employs|leverages|relies\s+on|incorporates|combines|"
                          r"integrates)\s+(?:the\s+|a\s+|an\s+)?$", re.I)
# a sentence that names a winner of the comparison it states (GUIDELINES: COMPARED_WITH is a comparison without one)
_WINNER = re.compile(r"\b(?:better|worse|favou?rabl[ey]|faster|slower|superior|inferior|advantages?|outperform\w*|higher|lower|less|fewer|"
                     r"more\s+(?:accurate|efficient|robust)|improve\w*|gains?|beats?|surpass\w*)\b", re.I)
_PRONOUN = re.compile(r"\b(?:it|they|we|our|this\s+method|this\s+approach)\b", re.I)


@dataclass(frozen=True)
class Located:
    kind: str  # method | dataset
    key: str
    start: int
    end: int


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets: a cheap rule that serves lineage (a sentence ends at ". " before a capital).

    >>> sentence_bounds("We use Adam. It works (e.g. on MNIST). Done")
    [(0, 12), (13, 38), (39, 43)]
    """
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.end()))
        start = m.end() + 1
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def find_relations(text: str, mentions: list[Located], proposed: set[str], in_title: set[str]) -> list[Relation]:
    """Relations stated in ``text`` between located mentions (offsets into ``text``): what the rules find, and,
    when a trained classifier is active (``relmodel.active_model``), the method-to-method relations it finds
    between pairs no rule decided that involve the paper's own method (elsewhere it was measured to guess)."""
    rules = rule_relations(text, mentions, proposed, in_title)
    model = active_model()
    if model is None:
        return rules
    out = list(rules)
    rule_of = {(r.evidence, r.head, r.tail): r.type for r in rules if r.type != "EVALUATED_ON"}
    seen = {(r.type, r.head, r.tail) for r in rules}
    every_pair = getattr(model, "sees_rule_pairs", False)  # reltrain.RulePairs collects weak labels
    own = proposed | {own_key(mentions, proposed, in_title)}
    for a, b, sentence, rest in candidates(text, mentions, proposed, in_title, rule_of):
        if not every_pair and (rest[3] is not None or not {a.key, b.key} & own):
            continue  # the rules decided this pair (they are precise where they fire), or it is not the paper's
        decided = model.decide(pair_features(text, sentence[0], *rest))
        if decided is None:
            continue
        label = decided[0]
        head, tail = (a, b) if label.endswith(">") else (b, a)
        fact = (label[:-1], head.key, tail.key)
        if fact not in seen:
            seen.add(fact)
            out.append(Relation(fact[0], head.key, tail.key, evidence=text[sentence[0]:sentence[1]],
                                by=f"model {decided[1]:.2f}"))
    return out


def own_key(mentions: list[Located], proposed: set[str], in_title: set[str]) -> str | None:
    """The method "our method", "it" and "we" stand for: the paper's proposed method (the first one named when
    it proposes several), else the one method its title opens with."""
    if proposed:
        named = [m for m in sorted(mentions, key=lambda m: m.start) if m.key in proposed]
        return named[0].key if named else sorted(proposed)[0]
    return next(iter(in_title)) if len(in_title) == 1 else None


def candidates(text: str, mentions: list[Located], proposed: set[str], in_title: set[str],
               rule_of: dict[tuple[str, str, str], str]):
    """Pairs the classifier scores: (a, b, (sentence start, end), (spans, i, j, rule, proposed)) where the last
    item is the rest of ``relmodel.pair_features``' arguments; ``rule_of`` maps (sentence, head, tail) to the type
    the rules found."""
    methods = _collapse(text, sorted((m for m in mentions if m.kind == "method"), key=lambda m: (m.start, -m.end)))
    spans = [Span("method", m.key, m.start, m.end) for m in methods]
    own = own_key(methods, proposed, in_title)
    if own is not None:
        spans = sorted(spans + own_spans(text, [(s.start, s.end) for s in spans], own), key=lambda s: s.start)
    if len(spans) < 2:
        return
    frozen = frozenset(proposed)
    for s_start, s_end in sentence_bounds(text):
        pairs = candidate_pairs(text, s_start, s_end, spans)
        if not pairs:
            continue
        sentence = text[s_start:s_end]
        for i, j in pairs:
            a, b = spans[i], spans[j]
            rule = rule_of.get((sentence, a.key, b.key))
            rule = f"{rule}>" if rule else (f"{rule_of[(sentence, b.key, a.key)]}<"
                                            if (sentence, b.key, a.key) in rule_of else None)
            yield a, b, (s_start, s_end), (spans, i, j, rule, frozen)


def rule_relations(text: str, mentions: list[Located], proposed: set[str], in_title: set[str]) -> list[Relation]:
    """What the hand-written rules alone find (the classifier's features and its fallback)."""
    out: list[Relation] = []
    if not mentions:
        return out
    ordered = _collapse(text, sorted(mentions, key=lambda m: (m.start, -m.end)))
    inside: list[Located] = []
    # "our method" points to the paper's one proposed method where the abstract names it: a name only the title gives
    # is as often the paper's topic ("Blind One-Bit Compressive Sampling", "Combined Learning of ...")
    own = next(iter(proposed)) if len(proposed) == 1 and any(m.key in proposed for m in mentions) else None
    pointed: list[Located] = []  # the methods the sentence before named, and those its opening reference stood for
    before_lists: list[list[str]] = []
    before_start = 0
    for s_start, s_end in sentence_bounds(text):
        previous, inside = inside, [m for m in ordered if s_start <= m.start and m.end <= s_end]
        refs = [Located("method", key, a, b) for a, b, keys in
                referring_spans(text, s_start, s_end, [(m.start, m.end, m.key) for m in pointed], own, before_lists,
                                before_start) for key in keys
                if not any(m.start < b and a < m.end for m in inside)]  # "the proposed X algorithm" names X
        before_start = s_start
        named = [m for m in inside if m.kind == "method"]
        pointed = sorted(named + refs, key=lambda m: m.start)
        before_lists = [[m.key for m in g] for g in _groups(text, named)]
        if not inside:
            _extends_previous(text, s_start, s_end, previous, proposed, lambda *a, said=text[s_start:s_end]: out.append(
                Relation(a[0], a[1], a[2], evidence=said, by="rules")))
            continue
        sentence = text[s_start:s_end]
        groups = _groups(text, pointed)

        def add(t, h, tail, kind="method", sentence=sentence):
            if t == "COMPARED_WITH" and _WINNER.search(sentence):
                return  # "X converges faster compared to Y": a comparison with a winner, which COMPARED_WITH is not
            out.append(Relation(t, h, tail, tail_kind=kind, evidence=sentence, by="rules"))

        _between_groups(text, s_start, groups, add)
        _extends_previous(text, s_start, s_end, previous, proposed, add)
        _compared_front(text, pointed, add)
        _from_own(text, s_start, groups, proposed, add)
        datasets = [m for m in inside if m.kind == "dataset"]
        if datasets and _EVAL_CUE.search(sentence):
            _evaluated_on(text, s_start, inside, datasets, proposed, in_title, add)
    seen, unique = set(), []
    for r in out:
        if (r.type, r.head, r.tail) not in seen and r.head != r.tail:
            seen.add((r.type, r.head, r.tail))
            unique.append(r)
    return unique


def _collapse(text: str, mentions: list[Located]) -> list[Located]:
    """One mention per place: nested mentions dropped, "Long Form (LF)" counted once."""
    out: list[Located] = []
    for m in mentions:
        if out and m.start < out[-1].end and (m.start, m.end) != (out[-1].start, out[-1].end):
            continue  # nested in the previous mention (one written span naming two entities is kept twice)
        if out and out[-1].key == m.key and _SAME.match(text[out[-1].end:m.start]):
            out[-1] = Located(m.kind, m.key, out[-1].start, m.end)
            continue
        out.append(m)
    return out


def _groups(text: str, methods: list[Located]) -> list[list[Located]]:
    """Methods in coordinated lists ("A, B, and C") grouped together, in order."""
    groups: list[list[Located]] = []
    for m in methods:
        between = text[groups[-1][-1].end:m.start] if groups else ""
        if groups and ((m.start, m.end) == (groups[-1][-1].start, groups[-1][-1].end) or  # one reference to several
                       _GLUE.match(between) and not _APPOSED.match(between)):  # "Y architecture, the X" is no list
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _between_groups(text: str, s_start: int, groups: list[list[Located]], add) -> None:
    def link(rel: str, heads: list[Located], tails: list[Located]) -> None:  # every head to every tail
        for a in heads:
            for b in tails:
                add(rel, a.key, b.key)

    appositive_of = None  # "X, a variant of Y, outperforms Z": the subject of "outperforms" is X
    opener = groups[0] if groups and text[s_start:groups[0][0].start].strip() in _OPENERS else None
    for i, (left, right) in enumerate(zip(groups, groups[1:])):
        between = text[left[-1].end:right[0].start]
        subject, appositive_of = appositive_of, None
        if len(between) > _MAX_GAP or ";" in between:
            continue
        coordinated = _COORDINATED.search(between)
        if coordinated and opener is not None and opener is not left:
            # "X extends Y with a mask and uses Z": X, the sentence's subject, uses Z
            verb = coordinated.group("verb").lower()
            rel = "EXTENDS" if verb.startswith(("ext", "gen", "bui")) else \
                "OUTPERFORMS" if verb.startswith(("out", "sur", "bea")) else "USES"
            link(rel, opener, right)
            continue
        if _PRONOUN.search(between):
            continue  # "X matches Y, and it outperforms Z": "it" is the paper's method, not Y
        if NEGATED.search(between) or NO_BEFORE.search(text[max(0, left[0].start - 12):left[0].start]):
            continue  # "X does not outperform Y", "no X beats Y": the text denies the relation
        if USED_IN.match(between):
            link("USES", right, left)  # "the loss used in X": X uses the loss
            continue
        head_word = re.match(r"\s*([a-z]+)\s+(?:with|to|against)\s+(?:the\s+)?$", between)
        if head_word and head_word.group(1) in METHOD_HEADS and len(left) == 1 and \
                _COMPARE_VERB.search(text[max(0, left[0].start - 40):left[0].start]):
            link("COMPARED_WITH", left, right)  # "we contrast X regularization with Y": the head word is X's own
            continue
        heads, tails = left, right
        if subject is not None and between.lstrip().startswith(","):
            heads = subject
        if len(between) > 60 and not re.search(r"\b(?:that|which)\s+\w+\s+(?:\w+\s+)?$", between):
            heads = left if len(left) == 1 else left[-1:]  # the same list: the subject guards below apply
            if re.search(r"\b(?:we|but|while|whereas|although|however)\b", between, re.I):
                continue
        if (_CALLED.match(between) or _APPOSED.match(between)) and \
                _VARIANT_OF.search(text[max(0, left[0].start - 60):left[0].start]):
            link("EXTENDS", right, left)  # "a new variation of Y (ranking scheme), named X": X extends Y
            continue
        if heads is left and _modifies_next(between, subject=True) and \
                not (len(between) > 60 and re.match(r"\s*(?:for|in|on|with|at|under|over|from)\b", between)):
            continue  # "the ADMM penalized decoder outperforms Y": the subject is the decoder, not ADMM
        other_subject = heads is left and _not_the_subject(text, left, between)
        if _OUTPERFORMED_BY.search(between):
            link("OUTPERFORMS", right, left)  # "X is outperformed by Y": Y outperforms X
            continue
        if _AND.match(between) and _ARE_COMPARED.match(text[right[-1].end:right[-1].end + 60]):
            link("COMPARED_WITH", left, right)  # "X and Y are compared"
            continue
        if _EXTENDS.search(between):
            rel = "EXTENDS"
            if between.lstrip().startswith(","):
                appositive_of = left
        elif _OUTPERFORMS.search(between):
            if _PARTICIPLE.match(between) and opener is not left:
                continue  # "X improves inference in a Y model outperforming Z": X outperforms Z, not Y
            rel = "OUTPERFORMS"
        elif _USES.search(between) or _USING.match(between) or TRAINED_WITH.match(between) or \
                _IMPLEMENTED.match(between) or \
                (CLASS_USES.match(between) and
                 not _modifies_next(re.sub(r"^[\s)]*(?:\([^()]*\)\s*)?", " ", text[right[-1].end:right[-1].end + 40]),
                                    subject=True)) or \
                (IS_A.match(between) and BASED_CLASS_AFTER.match(text[right[-1].end:right[-1].end + 60])):
            rel = "USES"
        elif _COMPARED.search(between) and len(between) < 60:
            rel = "COMPARED_WITH"
        elif re.match(r"^\s*(?:with|to|against|and)\s+(?:the\s+)?$", between) and \
                _COMPARE_VERB.search(text[max(0, left[0].start - 40):left[0].start]):
            rel = "COMPARED_WITH"  # "we compare X with Y"
        elif _BASED_ON_SUCH_AS.match(between) and _CLASS_BASED_ON.search(text[max(0, left[0].start - 40):left[0].start]):
            link("USES", right, left)  # "methods based on Y, such as X": X uses Y
            continue
        elif _TO_VERB.match(between) and _WE_USE.search(text[max(0, left[0].start - 40):left[0].start]):
            link("USES", right, left)  # "we use Y to scale X": X uses Y
            continue
        else:
            continue
        if other_subject:
            continue  # the verb's subject is another noun than the method before it (``_not_the_subject``)
        if rel in ("OUTPERFORMS", "COMPARED_WITH") and _BASED_NOUN.match(text[right[-1].end:right[-1].end + 30]):
            continue  # "faster than Y-based methods": what is beaten is the methods built on Y
        link(rel, heads, tails)


# what stands before a method that makes the verb after it another noun's: the method is what a method is for, with
# a relative clause after it ("an approach for X which is based on Y"), inside a new method's name ("a hybrid X
# algorithm which combines Y", "a X algorithm for this problem, which"), or the end of a longer name ("the BD VP
# technique", "Oblique (CO2) decision trees", "TCP SAC")
_PREPOSITION_BEFORE = re.compile(r"\b(?:approach|method|algorithm|framework|technique|solution|model)s?\s+for\s+(?:the\s+)?$|"
                                 # "other techniques to scale inference for X, which use Y": the techniques use Y
                                 r"\b[a-z][a-z\-]*[^sui\W]s\s+(?:for|to|of)\s+(?:[\w\-]+\s+){0,3}?$", re.I)
_RELATIVE_AFTER = re.compile(r"^\s*(?:\([^()]*\)\s*)?,?\s*(?:which|that)\b")
_A_NEW_BEFORE = re.compile(r"\b(?:an?)\s+(?P<derived>(?:hybrid|modified|improved|extended|generali[sz]ed|enhanced)\s+)?$", re.I)
_CLASS_CLAUSE_AFTER = re.compile(rf"^\s*(?:\([^()]*\)\s*)?{CLASS}\s+(?:(?P<purpose>for\b)|which\b|that\b)", re.I)
_NAME_BEFORE = re.compile(r"(?:\b(?:the|an?)\s+(?:[a-z]\w*\s+)?[A-Z]{2,}[\w\-]*|\([A-Za-z][\w\-]*\))\s+$")
# another clause with its own subject, a name no mention covers or a class noun: "OS-SART is comparable to EST, and
# the ADSIR outperforms", "mirror descent algorithms and algorithms generalizing Y"
_OTHER_SUBJECT_BETWEEN = re.compile(rf"(?:,|\band|\bwhile|\bwhereas)\s+(?:the\s+)?[A-Z]\w*[A-Z][\w\-]*\s|"
                                    rf"\b(?:and|or)\s+(?:\w+\s+){{0,2}}?{CLASS}\s+(?:\w+ing|that|which)\b|"
                                    # "X is compared to another method which is based on Y": the clause is that method's
                                    rf"\b(?:to|with|by|than|against|over|from)\s+[^,;]{{0,60}}?\b(?:{CLASS}|schemes?)\s*"
                                    r"(?:\([^()]*\)\s*)?,?\s*(?:which|that)\b|"
                                    # "X outperforms a deep model that leverages Y": the beaten model uses Y
                                    rf"\b(?:outperform\w*|surpass\w*|beats?|beating)\s+[^,;]{{0,60}}?\b(?:{CLASS}|schemes?|"
                                    r"networks?|nets?)\s*(?:\([^()]*\)\s*)?,?\s*(?:which|that)\b")


def _derived(before: str, between: str) -> bool:
    """"a hybrid X algorithm which ...", "a X algorithm for this problem, which ...": the subject is a new algorithm
    made from X ("a novel X technique that combines ..." names X itself)."""
    new, clause = _A_NEW_BEFORE.search(before), _CLASS_CLAUSE_AFTER.match(between)
    return bool(new and clause and (new.group("derived") or clause.group("purpose")))


def _not_the_subject(text: str, left: list[Located], between: str) -> bool:
    """Whether the verb in ``between`` belongs to another noun than the method(s) ``left`` (see the patterns)."""
    before = text[max(0, left[0].start - 40):left[0].start]
    return bool((_PREPOSITION_BEFORE.search(before) and _RELATIVE_AFTER.match(between)) or
                (len(left) == 1 and _derived(before, between)) or
                _NAME_BEFORE.search(before) or _OTHER_SUBJECT_BETWEEN.search(between))


# words that may follow the subject of a relation before its verb ("X also outperforms", "X, which uses"); any other
# lower-case word continues the noun phrase the mention only modifies ("ADMM penalized decoder", "SVM on CNN features")
_AFTER_SUBJECT = frozenset("""
is are was were be been being has have had can could may might will would should does do did also which that then
further thus still not both alone itself themselves to and or as than using via by with
""".split())


def _modifies_next(between: str, subject: bool = False) -> bool:
    """Whether the mention just before ``between`` only modifies the noun that follows it; ``subject``: it would be
    the subject of a relation (there "Y-based algorithms" is about the algorithms, while "via Y-based algorithms"
    still names Y as the means)."""
    if subject and _BASED_NOUN.match(between):
        return True  # "Template Matching based Object Detection Using HOG": the detection uses HOG
    if re.match(r"['\u2019]s\b", between):
        return True  # "based on Y's criteria": what is used is the criteria
    # a title writes the noun the name modifies with a capital ("Finite Element Model Updating Using ...")
    first = re.match(r"\s*([A-Za-z][a-z\-]*)\b", between)
    if first is None:
        return False
    word = first.group(1).lower()
    if word in _AFTER_SUBJECT or word.endswith("ly") or _CLASS_WORD.fullmatch(word) or _VERB_START.match(between):
        return False
    return True


_BASED_NOUN = re.compile(r"\s*[\-\s](?:based|driven|inspired|guided|aided|assisted)\s+(?!on\b|upon\b)[A-Za-z]")
_CLASS_WORD = re.compile(CLASS + r"|networks?|nets?|classifiers?|filters?|machines?|solvers?|schemes?|procedures?|"
                         r"regulari[sz]ers?|"
                         r"decoders?|encoders?|codes?|systems?|protocols?|policy|policies|strateg(?:y|ies)")
_VERB_START = re.compile(r"\s*(?:outperform|surpass|beat|improv|extend|generali[sz]|build|buil|us(?:es|ing)|employ|leverag|"
                         r"rel(?:y|ies)|incorporat|exploit|utili[sz]|appl|adopt|combin|integrat|achiev|obtain|yield|giv|show|"
                         r"perform|converg|run|learn|work|based|compar|versus|vs\b|against|provid|offer|attain|reach|"
                         r"match|requir|is\b|are\b)", re.I)


def _compared_front(text: str, methods: list[Located], add) -> None:
    """"Compared to Y, X converges faster": X compared with Y."""
    for b, a in zip(methods, methods[1:]):
        if text[b.end:a.start].strip() == "," and _COMPARED_FRONT.search(text[max(0, b.start - 40):b.start]):
            add("COMPARED_WITH", a.key, b.key)


# a cue right before a method, after the paper's own method was named earlier in the sentence; and words between
# the two that make the user someone else ("X outperforms methods using Y", "unlike Z, which is based on Y")
_OWN_USING = re.compile(r"\b(?:via|using|by\s+using|by\s+means\s+of|based\s+on|on\s+top\s+of|(?:by\s+)?combining|"
                        r"by\s+(?:employing|exploiting|leveraging|utili[sz]ing|adopting|incorporating|integrating))\s+"
                        r"(?:the\s+|a\s+|an\s+)?(?:[a-z][\w\-]*\s+)?$", re.I)
# "X (XX) is presented which utilizes A, B techniques and adaptive C": every method in the relative clause that
# follows the paper's method is one it uses, up to another clause
_OWN_RELATIVE_USE = re.compile(
    r"^[\s)]*(?:\([^()]*\)\s*)?,?\s*(?:(?:is|are|was|were|has\s+been|have\s+been)\s+(?:\w+ly\s+)?(?:presented|proposed|"
    r"introduced|developed|described|designed)\s*,?\s*)?(?:which|that)\s+(?:\w+ly\s+)?(?:also\s+)?(?:uses?|employs?|"
    r"utili[sz]es?|exploits?|leverages?|combines?|incorporates?|integrates?|adopts?|relies\s+on|rely\s+on|"
    r"builds?\s+(?:up)?on|(?:is|are)\s+based\s+on)\b(?:(?!\b(?:which|that|whose|where|but|while|whereas|than|to|for|in|on)\b)[^.;:])*$",
    re.I)
# "X performs ... by means of a deep learning model that leverages Y": the means of the paper's method, named earlier in
# the sentence, use Y (unless a comparison comes between: "X outperforms a model that uses Y")
_OWN_THAT_USES = re.compile(r"\b(?:that|which)\s+(?:\w+ly\s+)?(?:uses|employs|leverages|utili[sz]es|exploits|incorporates|"
                            r"integrates|combines|adopts|relies\s+on|builds\s+(?:up)?on)\s+(?:the\s+|a\s+|an\s+)?$", re.I)
# "We take a small-variance asymptotics (SVA) approach": the paper's method is that approach
_WE_TAKE = re.compile(r"\b[Ww]e\s+(?:\w+ly\s+)?(?:take|adopt|follow)\s+(?:an?|the)\s+$")
_APPROACH_AFTER = re.compile(r"^[\s)]*(?:\([^()]*\)\s*)?(?:-?based\s+)?(?:approach|perspective|viewpoint|strategy)\b")
_NOT_OWN_USE = re.compile(r"\b(?:than|compared?|comparison|unlike|existing|previous|prior|other|others|state-of-the-art|"
                          # "can be evaluated using cross-validation": a yardstick, no part of the method
                          r"evaluated|tested|validated|assessed|benchmarked|"
                          r"baselines?|benchmarks?|whereas|while|but|however|instead|rather|competing|conventional|traditional|"
                          r"standard)\b|;|"
                          # a plural noun that takes the means itself ("methods using Y", "models that rely on Y"), not
                          # one the paper's method acts on ("X ... trains linear models to optimize a loss via Y")
                          r"\b(?:methods|approaches|algorithms|techniques|models|problems|signals)\s+(?:\([^()]*\)\s+)?"
                          r"(?:that|which|using|based|relying|built|employing|with|via|by|trained|such|like|where|whose|"
                          r"are|were|is|can|do|does|have|has)\b", re.I)


def _from_own(text: str, s_start: int, groups: list[list[Located]], proposed: set[str], add) -> None:
    """"Our method outperforms Y", "we extend Y", "compared with Y, ...": from the paper's single proposed method."""
    if len(proposed) != 1:
        return
    own = next(iter(proposed))
    own_end = None  # where the paper's method was named in the sentence, when it is the last method named so far
    clause_from = None  # where the paper's method was named, while a relative clause of its use verb runs on
    others = False  # another method was named before in the sentence
    for group in groups:
        before = text[s_start:group[0].start]
        first, others = not others, True
        if any(m.key == own for m in group):
            others = not first
            # "LINOEP vectors using Y": the method only modifies the noun that uses Y
            own_end = None if _modifies_next(text[group[-1].end:group[-1].end + 30], subject=True) else group[-1].end
            clause_from = own_end
            continue
        in_clause = clause_from is not None and _OWN_RELATIVE_USE.match(text[clause_from:group[0].start]) and \
            not _NOT_OWN_USE.search(text[clause_from:group[0].start])
        if not in_clause:
            clause_from = None
        since_own = text[own_end:group[0].start] if own_end is not None else ""
        if in_clause or own_end is not None and not _modifies_next(text[group[-1].end:group[-1].end + 30]) and \
                (_OWN_USING.search(before) and (BY_MEANS.search(before) and not NOT_BY_MEANS.search(since_own) or
                                                not _NOT_OWN_USE.search(since_own)) or
                 _OWN_THAT_USES.search(before) and not _NOT_OWN_USE.search(since_own) and not _WINNER.search(since_own)):
            rel = "USES"  # "we propose X, which ... trains linear models via Y": X uses Y (not "a Y information model")
        elif _WE_TAKE.search(before) and len(group) == 1 and _APPROACH_AFTER.match(text[group[-1].end:group[-1].end + 40]):
            rel = "USES"
        elif _OUR.search(before):
            rel = "OUTPERFORMS"
        elif OUR_USES.search(before):
            rel = "USES"
        elif _WE_EXTEND.search(before) or _BUILDING_ON.search(before) or _BUILD_ON_WORK.search(before) or \
                ((INSPIRED.search(before) or first and BY_EXTENDING.search(before)) and
                 not _modifies_next(text[group[-1].end:group[-1].end + 30]) and
                 not re.match(r"['\u2019]s\b", text[group[-1].end:])):  # "extending the X definition", "X's"
            rel = "EXTENDS"
        elif first and OWN_COMPARE.search(before):
            rel = "COMPARED_WITH"
        elif _COMPARED_FRONT.search(before) and _COMPARED_FRONT.search(before).start() <= 2:
            rel = "COMPARED_WITH"  # "Compared with Y, our method ...", not "the efficiency of SGD relative to Y"
        else:
            rel = None
        own_end = None  # another method came between: "X ..., the second, named Z, is based on Y"
        if rel in ("OUTPERFORMS", "COMPARED_WITH") and _BASED_NOUN.match(text[group[-1].end:group[-1].end + 30]):
            continue  # "compare it with a Y-based model": the model is compared
        if rel is None:
            continue
        for b in group:
            add(rel, own, b.key)


# "we extend this idea to ...": the paper's method extends what the sentence before named
_EXTEND_THIS = re.compile(r"\b[Ww]e\s+(?:\w+ly\s+)?(?:extend|generali[sz]e|build\s+(?:up)?on|improve\s+(?:up)?on)\s+"
                          r"(?:this|these|that|those|the\s+above)\s+(?:\w+\s+)?(?:ideas?|approach(?:es)?|methods?|frameworks?|"
                          r"models?|works?|techniques?|algorithms?|schemes?)\b")


def _extends_previous(text: str, s_start: int, s_end: int, previous: list[Located], proposed: set[str], add) -> None:
    """"The recently proposed knowledge distillation approach ... In this paper, we extend this idea to ...": the
    paper's one proposed method extends the one method the sentence before named."""
    if len(proposed) != 1 or not _EXTEND_THIS.search(text, s_start, s_end):
        return
    own = next(iter(proposed))
    named = {m.key for m in previous if m.kind == "method"} - {own}
    if len(named) == 1:
        add("EXTENDS", own, named.pop())


def _evaluated_on(text: str, s_start: int, inside: list[Located], datasets: list[Located], proposed: set[str],
                  in_title: set[str], add) -> None:
    sentence_methods = [m for m in inside if m.kind == "method"]
    subjects = sorted({m.key for m in sentence_methods if m.key in proposed})
    if not subjects:
        sentence = text[s_start:inside[-1].end]
        own_voice = _OWN_VOICE.search(sentence)
        pool = proposed or in_title
        if (own_voice or (proposed and not sentence_methods)) and 0 < len(pool) <= 4:
            subjects = sorted(pool)
    for m in sentence_methods:  # "X achieves 76% accuracy on D": X evaluated on D
        for d in datasets:
            if m.end <= d.start and text[s_start:m.start].strip() in {"", "The", "the", "A", "An"} and \
                    _SUBJECT_EVAL.match(text[m.end:d.start]):
                add("EVALUATED_ON", m.key, d.key, "dataset")
    if not subjects:
        return
    placed = False
    previous = None
    for d in datasets:
        clause = text[s_start:d.start]
        ok = bool(_EVAL_POSITION.search(clause[-100:]))
        if not ok and placed and previous is not None and _GLUE.match(text[previous.end:d.start]):
            ok = True
        if not ok and placed and previous is not None and len(text[previous.end:d.start]) < 60 and \
                re.match(r"^[\s,]*(?:[\w\-]+\s+){0,6}?(?:as\s+well\s+as|and|,)\s+(?:the\s+)?$", text[previous.end:d.start]):
            ok = True
        previous = d
        if not ok:
            continue
        placed = True
        for key in subjects:
            add("EVALUATED_ON", key, d.key, "dataset")

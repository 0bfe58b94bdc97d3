"""The wording patterns of the lineage rules that ``lineage`` reads beside its own: the class nouns and plain
adjectives a cue may pass, the paper's own method as a phrase ("our method", "the proposed approach"), passive and
"-based" uses, negation, and the cues of the paper's own act ("inspired by Y", "by extending Y", "we compare ...
with Y").

>>> bool(USED_IN.match(" which is used in ")), bool(NEGATED.search(" does not outperform "))
(True, True)
>>> bool(INSPIRED.search("Inspired by the ")), bool(OWN_COMPARE.search("We also compare the results with "))
(True, True)
"""
from __future__ import annotations

import re

# adjectives that may stand between a relation's cue and the method it points to ("the traditional rectified unit")
PLAIN = (r"(?:(?:original|standard|classical|classic|popular|vanilla|well-known|traditional|conventional|basic|"
         r"regular|plain|usual|common|widely[\s\-]used|celebrated|existing|recent|prior|previous)\s+)*")
CLASS = (r"(?:methods?|approach(?:es)?|algorithms?|baselines?|techniques?|models?|estimators?|optimizers?|"
         r"architectures?|bounds?|frameworks?|variants?|alternatives?|competitors?|counterparts?)")
# "our method", "our semi-supervised approach", "the proposed approach"
OUR_CLASS = rf"(?:[Oo]ur|[Tt]he\s+proposed)\s+(?:[\w\-]+\s+){{0,2}}?{CLASS}"

# "Y, which is used in X", "Y employed by X", "the Y algorithm is employed in the proposed X" (with a class noun only
# the paper's: "the Y algorithm used in CS" is about a field): X uses Y; "X is trained with Y": X uses Y
USED_IN = re.compile(rf"^[\s)]*(?:\([^()]*\)\s*)?(?:{CLASS}\s+(?=.*\b(?:proposed|our)\s+$))?,?\s*(?:(?:which|that)\s+)?"
                     r"(?:(?:is|are|was|were|has\s+been|have\s+been|being)\s+)?(?:\w+ly\s+)?(?:used|employed|utili[sz]ed|exploited|leveraged|incorporated|"
                     r"integrated|embedded)\s+(?:in|within|inside|by)\s+(?:the\s+|an?\s+)?(?:(?:proposed|new|novel)\s+)?$",
                     re.I)
TRAINED_WITH = re.compile(r"^[\s)]*(?:\([^()]*\)\s*)?,?\s*(?:(?:which|that)\s+)?(?:is|are|was|were|can\s+be|could\s+be)\s+"
                          r"(?:\w+ly\s+)?(?:trained|learned|learnt|fitted|fit|implemented|initiali[sz]ed|"
                          r"regulari[sz]ed)\s+(?:by|using|with|via)\s+(?:the\s+|an?\s+)?$",
                          re.I)
# "X is a lightweight Y-based framework", "X, a Y-driven model": X uses Y
IS_A = re.compile(r"^[\s)]*(?:\([^()]*\)\s*)?(?:,\s*(?:which\s+is\s+)?|(?:is|are)\s+)an?\s+(?:[\w\-]+\s+){0,3}?$", re.I)
BASED_CLASS_AFTER = re.compile(rf"^[\-\s](?:based|driven|powered)\s+(?:\([^()]*\)\s*)?(?:[\w\-]+\s+){{0,2}}?"
                               rf"(?:{CLASS}|(?:toolkit|library|package|tool)s?)\b", re.I)
# a statement that denies the relation: "X does not outperform Y", "no X beats Y", "X fails to improve on Y"
NEGATED = re.compile(r"\b(?:not|never|cannot|neither|nor|fail(?:s|ed)?\s+to|no\s+longer)\b|n't\b", re.I)
NO_BEFORE = re.compile(r"\b(?:[Nn]o|[Nn]one\s+of\s+(?:the\s+)?|[Nn]either)\s+$")

# "by employing Y" names the means of the clause's subject even past a comparison ("X matches the state-of-the-art
# networks by employing Y"), unless another clause or a relative pronoun comes between
BY_MEANS = re.compile(r"\bby\s+(?:\w+ly\s+)?(?:using|employing|exploiting|leveraging|utili[sz]ing|adopting|incorporating|"
                      r"integrating|combining)\s+(?:the\s+|a\s+|an\s+)?(?:[a-z][\w\-]*\s+)?$", re.I)
NOT_BY_MEANS = re.compile(r";|\b(?:whereas|while|but|however|unlike|instead|rather|which|that|who|whose|where|than|"
                          r"compared?|comparison)\b", re.I)

# "our method relies on Y": the paper's method uses Y
OUR_USES = re.compile(rf"\b{OUR_CLASS}\s+(?:\w+ly\s+|also\s+|further\s+)?(?:uses|employs|leverages|relies\s+on|"
                      r"(?:is|are)\s+based\s+on|combines|incorporates|integrates|exploits|"
                      r"utili[sz]es)\s+(?:the\s+|an?\s+)?$")
# "Inspired by Y, we ...", "our framework is inspired by Y": the paper's method builds on Y
INSPIRED = re.compile(rf"(?:^\s*[Ii]nspired|\b{OUR_CLASS}\s+(?:is|was|are|were)\s+(?:\w+ly\s+)?inspired)\s+by\s+(?:the\s+)?"
                      rf"{PLAIN}$")
# the sentence's own act, with no other method before it: "this is done by extending Y", "we also compare the
# results with those of Y", "the paper compares its accuracy to Y", "we test our method and compare it with classical Y"
BY_EXTENDING = re.compile(rf"\bby\s+(?:\w+ly\s+)?(?:extending|generali[sz]ing|building\s+(?:up)?on)\s+(?:the\s+)?{PLAIN}$")
OWN_COMPARE = re.compile(r"(?:\b[Ww]e(?:\s+[^.;]{0,80}?\s+and)?|^\s*(?:[Tt]he|[Tt]his)\s+(?:paper|work|article|study))\s+"
                         r"(?:also\s+|then\s+|further\s+)?compares?\s+(?:(?:its|our|the)\s+[^.;,]{0,50}?\s+|(?:it|them)\s+)?"
                         r"(?:with|to|against)\s+(?:both\s+)?(?:(?:those|that|the\s+\w+)\s+of\s+)?(?:the\s+)?"
                         rf"{PLAIN}$")

# "our X method uses Y", "the X approach relies on a novel Y": the class noun after the name is the name's own
CLASS_USES = re.compile(r"^[\s)]*(?:\([^()]*\)\s*)?(?:method|approach|algorithm|model|framework|technique|architecture|"
                        r"scheme|system)\s+(?:\w+ly\s+|also\s+)?(?:uses|employs|leverages|relies\s+on|is\s+based\s+on|builds\s+on|"
                        r"incorporates|exploits|utili[sz]es|adopts|combines|integrates)\s+(?:the\s+|an?\s+)?"
                        r"(?:(?:novel|new|proposed)\s+)?$", re.I)

# the paper's own act of proposing: "we propose", "this paper introduces", "called"; and what may stand between the
# cue and the name ("a new", "an efficient method,")
_PROPOSAL_BEFORE = re.compile(
    r"\b(?:we|this\s+(?:paper|work))[,\s]+(?:\w+[,\s]+){0,2}?(?:propose|introduce|present|develop|design|devise|formulate|"
    r"derive|call|name|term|dub)[sd]?\b|\b(?:introduc|propos|present)ing\b|\b(?:called|dubbed|termed|named)\b", re.I)
_LEAD_WORDS = re.compile(r"^(?:\s*(?:a|an|the|our|new|novel|simple|general|unified|principled|efficient|scalable|"
                         r"practical|first|fast|robust|two|three|several|family|class|set|of|method|algorithm|"
                         r"technique|approach|framework|called|dubbed|termed|named|[,:]))*\s*$", re.I)


def introduced(text: str, pos: int) -> bool:
    """True when ``pos`` is where a proposal cue points: "we propose (a new) X", "we propose two methods: A ...; and X"."""
    before = text[max(0, pos - 500):pos]
    cut = max(before.rfind(". "), before.rfind("? "))
    if cut >= 0:
        before = before[cut + 2:]
    cue = None
    for cue in _PROPOSAL_BEFORE.finditer(before):
        pass
    if cue is None:
        return False
    between = before[cue.end():]
    if _LEAD_WORDS.match(between) or len(between.split()) <= 3:
        return True
    item = re.split(r"[:;]|,\s*and\s", between)[-1]
    return ":" in between and len(item.split()) <= 2


def right_after_cue(text: str, pos: int) -> bool:
    """True when ``pos`` comes right after a proposal cue and its lead words ("we propose an efficient X")."""
    before = text[max(0, pos - 120):pos]
    cue = None
    for cue in _PROPOSAL_BEFORE.finditer(before):
        pass
    return cue is not None and bool(_LEAD_WORDS.match(before[cue.end():]))

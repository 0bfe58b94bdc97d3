"""How abstracts name methods no list knows, and how they say a method is their own.

- proposal cues: "we propose / introduce / present X", "by introducing X", "a new algorithm called X", "dubbed X",
  "we call it X", "our method, X", "X, a new ...";
- names in the text's own shape: a capitalised phrase ending in a method word ("Barber-Agakov bounds", "Thompson
  sampling", "Coupled Flow Imitation Learning"), a coined name before a method word ("the MINE-AIS method",
  "DeiT-T/DeiT-S algorithms"), and items of lists such as "baselines such as MINE-DV and MINE-F";
- datasets named as such: a coined name before "dataset" or "benchmark" ("the DomainBed benchmark").

Every function returns spans ``(start, end, name)`` in the text it is given.

>>> proposed_names("In this work, we propose Random Cycle Coding (RCC), a method for lossless compression.")
[(25, 44, 'Random Cycle Coding')]
>>> proposed_names("Our algorithm, Coupled Flow Imitation Learning, is simple. Our GIWAE bound is tight.")
[(15, 46, 'Coupled Flow Imitation Learning'), (63, 68, 'GIWAE')]
"""
from __future__ import annotations

import re

from .acronyms import acronym_definitions
from .words import ACRONYM_CLASSES, NAME_USE_SUFFIXES, DATASET_HEADS, GENERIC_MODIFIERS, METHOD_CLASSES, METHOD_HEADS, NOT_METHODS, is_method_phrase
from .words import ADJECTIVE_ENDINGS as _ADJECTIVE_ENDINGS
from .words import CLASS_TAILS as _CLASS_TAILS
from .words import LIST_DATA_NOUNS as _LIST_DATA
from .words import NAME_CONNECTORS as _SMALL
from .words import NAME_TAILS as _TAILS
from .words import NEXT_NOT_NAME as _NEXT_NOT_NAME
from .words import NOT_NAMES as _NOT_NAMES
from .words import EARLIER_WORK_ADVERBS as _EARLIER
from .words import PROPOSE_STEMS as _PROPOSE_STEMS
from .words import SENTENCE_STARTERS as _SENTENCE_STARTERS

# one word of a name: capitalised, camel case or with digits ("Source", "iHVP", "S4D", "2-bit")
NAME_WORD = r"(?:[A-Z][\w'’]*(?:-[\w]+)*[#+]*|[a-z]+[A-Z][\w]*(?:-[\w]+)*|\d[\w]*[A-Za-z][\w]*(?:-[\w]+)*)"
_CONNECT = r"(?:\s+(?:of|for|and|with|via|on|in|to|the|a|from|by|under|over|using)\s+|[ ]|/)"
_NAME = re.compile(rf"[\"“'‘]?({NAME_WORD}(?:{_CONNECT}{NAME_WORD}){{0,6}})[\"”'’]?")
_QUOTED = re.compile(r"[\"“‘']([^\"”’']{2,60})[\"”’']")

_PROPOSE = re.compile(r"(?i:propos|introduc|present|develop|design|devis|formulat|describ|deriv|contribut|put\s+forward)"
                      r"(?:e|es|ed|s|d|ing)?\b")
_SUBJECT = re.compile(r"(?i:\b(?:we|this\s+(?:paper|work|article|study|note))\s+(?:also\s+|then\s+|further\s+|first\s+|"
                      r"additionally\s+|now\s+|instead\s+|therefore\s+|thus\s+|hence\s+)?)$")
_PASSIVE = re.compile(r"(?i:\b(?:is|are)\s+)$")
_LEAD = re.compile(r"\s*(?::\s*)?(?:(?:a|an|the|our|two|three|four|several|some)\s+)?(?:(?:new|novel|simple|general|"
                   r"unified|principled|efficient|scalable|practical|first|fast|robust|generic|flexible|alternative|"
                   r"lightweight|powerful|improved|modified|theoretically\s+grounded|family\s+of|class\s+of|set\s+of|"
                   r"technique|method|approach|algorithm|framework)[,]?\s+)*")
_NAMED = re.compile(r"\b(?:called|dubbed|termed|named|coined|which\s+we\s+(?:call|name|term|dub))[:,]?\s+(?:the\s+|as\s+)?",
                    re.I)
_KNOWN_AS = re.compile(r"\b(?:called|dubbed|termed|named|coined|namely|(?:referred\s+to|known)\s+(?:\w+\s+){0,4}?as)[:,]?\s+"
                       r"(?:the\s+)?", re.I)
_LOWER_PHRASE = re.compile(r"([a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,3})")
_OWN = re.compile(r"\b(?:we|our|this\s+(?:paper|work))\b", re.I)
_APPOSITION = re.compile(r"\s*(?:[\w\-]+\s+){0,5}?(?:" + "|".join(sorted(METHOD_CLASSES)) + r")\s*[,:(]\s*(?:the\s+)?", re.I)
# "we present a network architecture to address this problem: the Neural GPU": the name after a colon ending the clause
# (one thing: a singular class word and "the" after the colon; "approaches to X: Chapel, Cilk" is a list)
_APPOSITION_AFTER_COLON = re.compile(r"\s*(?:[\w\-]+\s+){0,5}?(?:" + "|".join(sorted(c for c in METHOD_CLASSES if not c.endswith("s")))
                                     + r")(?:\s+[\w\-]+){1,6}?\s*:\s*the\s+", re.I)
_WE_CALL = re.compile(r"(?:we|We)\s+(?:call|name|term|dub|coin)\s+(?:(?:this|the|our|these)\s+(?:[\w\-]+\s+)?("
                      + "|".join(sorted(METHOD_CLASSES)) + r")\s+|(it|this|them|these)\s+)?")
# "our method, X", "our modified algorithm, X", "our semi-supervised approach, X": up to two lower-case words between
_OUR_CLASS = re.compile(r"[Oo]ur\s+(?:[a-z][a-z\-]*\s+){0,2}?(?:" + "|".join(sorted(METHOD_CLASSES)) + r")\s*,\s+")
_OUR_NAME = re.compile(rf"(?:[Oo]ur|the\s+proposed)\s+(?:proposed\s+|new\s+)?({NAME_WORD})(?=\s+(?:"
                       + "|".join(sorted(METHOD_CLASSES)) + r")\b|\s*,|\s+(?:is|can|achieves|outperforms|improves|"
                       r"yields|leads|provides|uses|requires|obtains|reaches)\b)")
# "X, a new ...", "X (XX), our novel ...": the comma first, then the name before it
_NEW_AFTER_COMMA = re.compile(r",\s+(?:a|an|our)\s+(?:[\w\-]+\s+){0,3}?(?:new|novel|proposed)\b")
_NAME_BEFORE_COMMA = re.compile(rf"(?<![\w\-])({NAME_WORD}(?:{_CONNECT}{NAME_WORD}){{0,5}})(?:\s*\([^()]{{1,30}}\))?$")
_OBJECT_OF = re.compile(r"\b(?:of|to|on|from|over|than|with|like|upon)\s+(?:the\s+)?$", re.I)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]%])[.!?](?=\s+[A-Z(\[]|\s*$)")


def proposed_names(text: str) -> list[tuple[int, int, str]]:
    """Names ``text`` introduces as its own: spans (start, end, name), in order."""
    out: list[tuple[int, int, str]] = []
    low = _lower(text)
    for hit in _hits(low, _PROPOSE_STEMS):
        m = _PROPOSE.match(text, hit)
        if m is None:
            continue
        verb = m.group(0).lower()
        if verb.endswith("ing"):
            if not verb.startswith(("introduc", "propos", "present", "develop")):
                continue
        elif verb.endswith("ed") and verb.startswith(("propos", "introduc")):
            if not _PASSIVE.search(text, max(0, m.start() - 8), m.start()):
                continue
        elif not _SUBJECT.search(text, max(0, m.start() - 40), m.start()):
            continue
        end = _sentence_end(text, m.end())
        window = text[m.end():end]
        named = _NAMED.search(window)
        if named:
            # "we propose an extension called HiGSFA", "... called hierarchical information-preserving GSFA (HiGSFA)"
            found = _name_at(text, m.end() + named.end(), end) or _defined_or_quoted(text, m.end() + named.end(), end)
            if found:
                out.append(found)
                continue
        pos = m.end() + _LEAD.match(window).end()
        found = _name_at(text, pos, end)
        marked = None if found and _name_like(found[2]) else _defined_or_quoted(text, pos, end)
        if marked:
            out.append(marked)
            continue
        if found and _name_like(found[2]):
            out.append(found)
            more = re.match(r"(?:\s*\([^()]{1,20}\))?(?:\s*,)?\s+(?:and\s+)", text[found[1]:found[1] + 40])
            if more:
                second = _name_at(text, found[1] + more.end(), end)
                if second and _name_like(second[2]) and text[found[1]:found[1] + more.end()].strip(" ,(").strip():
                    out.append(second)
            continue
        appos = _APPOSITION.match(text, pos, end) or _APPOSITION_AFTER_COLON.match(text, pos, end)
        if appos:
            found = _name_at(text, appos.end(), end)
            if found and _name_like(found[2]):
                out.append(found)
    for hit in _hits(low, ("we ",)):
        m = _WE_CALL.match(text, hit)
        if m:
            found = _name_at(text, m.end(), _sentence_end(text, m.end()))
            # "which we call X" names a phenomenon as often as a method: the name or its context must say which
            if found and (m.group(1) or _coined(found[2].split()[0]) or is_method_phrase(found[2]) or
                          _after_method_word(text, m.start(), we=False)):
                out.append(found)
            elif not found and _after_method_word(text, m.start(), we=False):
                # "a variant of the Q-learning algorithm, which we call normalized advantage functions (NAF)"
                marked = _defined_or_quoted(text, m.end(), _sentence_end(text, m.end()))
                if marked:
                    out.append(marked)
    for hit in _hits(low, ("our ", "the proposed ")):
        m = _OUR_CLASS.match(text, hit)
        if m:
            found = _name_at(text, m.end(), _sentence_end(text, m.end()))
            if found and _name_like(found[2]):
                out.append(found)
            else:  # "Our proposed method, holistically-nested edge detection (HED), ..."
                found = _defined_or_quoted(text, m.end(), _sentence_end(text, m.end()))
                if found:
                    out.append(found)
        m = _OUR_NAME.match(text, hit)
        if m and _name_like(m.group(1)) and m.group(1).lower() not in _NOT_NAMES:
            out.append((m.start(1), m.end(1), m.group(1)))
    for m in _NEW_AFTER_COMMA.finditer(text):
        if _EARLIER & set(m.group(0).lower().split()):
            continue  # "MISO and SVRG, a set of recently proposed algorithms": prior work, not this paper's
        before = _NAME_BEFORE_COMMA.search(text, max(0, m.start() - 120), m.start())
        if before and _OBJECT_OF.search(text, max(0, before.start(1) - 20), before.start(1)):
            continue  # "A generalization of Dropout, our approach ...": the name the new one builds on, not it
        if before:
            name = _trim(before.group(1))
            if name and _name_like(name) and not _sentence_adverb(text, before.start(1), name):
                out.append((before.start(1), before.start(1) + len(name), name))
    return _unique([span for span in out if not _modifier(text, span)])


_ADVERB = re.compile(r"[A-Z][a-z]+ly")


def _sentence_adverb(text: str, start: int, name: str) -> bool:
    """"Recently, a novel idea ...", "Second, a new bound ...": one word opening the sentence before its comma says
    when or in which order, it names nothing."""
    return " " not in name and _sentence_initial(text, start) and (
        name.lower() in _SENTENCE_STARTERS or bool(_ADVERB.fullmatch(name)))


_ORDINARY = re.compile(r"[A-Z][a-z]+")
_NEXT_WORD = re.compile(r"\s+([a-z][a-z\-]*)\b")
# lower-case words after a name that begin the rest of the sentence rather than continue its noun phrase
_FOLLOWERS = frozenset("which that who whose where when while as than is are was were has have can and or but "
                       "at into through".split())


def _modifier(text: str, span: tuple[int, int, str]) -> bool:
    """One ordinary capitalised word that a lower-case word continues ("a general Bayesian scoring metric", "a
    Markov chain model") modifies the phrase, it is not the name; a class word may follow a name ("Adam
    optimizer"), but not an adjective ("Gaussian", "Boolean").

    >>> _modifier("we derive a Bayesian scoring metric", (12, 20, "Bayesian"))
    True
    >>> _modifier("we propose Adam optimizer", (11, 15, "Adam")), _modifier("we propose Adam, a method", (11, 15, "Adam"))
    (False, False)
    """
    start, end, name = span
    if not _ORDINARY.fullmatch(name) or name.lower() in _NOT_NAMES:
        return False
    nxt = _NEXT_WORD.match(text, end)
    if nxt is None or nxt.group(1) in _SMALL or nxt.group(1) in _FOLLOWERS:
        return False
    return nxt.group(1) not in METHOD_CLASSES or name.lower().endswith(_ADJECTIVE_ENDINGS[:5] + ("ean",))


# the words after which a lineage sentence names the method it relates to ("a variant of", "outperforms", "compared
# with"); adjectives such as "the standard" may stand between
_LINEAGE_CUE = re.compile(
    r"\b(?:(?:version|variant|variation|extension|generali[sz]ation|modification|adaptation|improvement)\s+(?:of|to|over)|"
    r"extends|generali[sz]es|builds\s+(?:up)?on|(?:is\s+)?based\s+on|inspired\s+by|"
    r"outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beats?|(?:compared?|comparison)\s+(?:with|to|against)|versus|vs\.?)"
    r"\s+(?:(?:the|a|an|standard|original|classical|classic|vanilla|popular|traditional|conventional|recent|"
    r"existing|previous|prior|state-of-the-art|strong)\s+)*$", re.I)
# a coined word: an inner capital ("OverFeat", "DropOut"), capitals then lower case ("RNNsearch"), letters and digits
_COINED_WORD = re.compile(r"(?<![\w\-])((?:[A-Z][a-z]+[A-Z][A-Za-z]*|[A-Z]{2,}[a-z]{2,}[A-Za-z]*|[A-Za-z]+\d[\w]*)"
                          r"(?:-[A-Za-z0-9]+)*)(?![\w\-])")
_DATA_AFTER = re.compile(r"\s+(?:data(?:set)?s?|benchmarks?|corpus|corpora|challenge|task|competition)\b", re.I)


def cued_names(text: str) -> list[tuple[int, int, str]]:
    """Coined words right after a lineage cue, which a sentence names as the method it is related to.

    >>> cued_names("It is an extension of RNNsearch. We outperform OverFeat on ILSVRC2013 data and beat VGG16.")
    [(22, 31, 'RNNsearch'), (47, 55, 'OverFeat'), (84, 89, 'VGG16')]
    """
    out = []
    for m in _COINED_WORD.finditer(text):
        if not _LINEAGE_CUE.search(text[max(0, m.start() - 80):m.start()]):
            continue
        if _DATA_AFTER.match(text, m.end()) or m.group(1).lower() in NOT_METHODS:
            continue
        out.append((m.start(1), m.end(1), m.group(1)))
    return out


def called_names(text: str) -> list[tuple[int, int, str, bool]]:
    """Names given with "called", "dubbed", "namely", "referred to as", "known as": (start, end, name, own) where
    ``own`` says the paper coins the name itself ("our method, dubbed X"; not "a technique known as X").

    >>> called_names("This is referred to in the literature as uniform quantization. Our method, dubbed FlowMix, works.")
    [(41, 61, 'uniform quantization', False), (82, 89, 'FlowMix', True)]
    """
    out = []
    low = _lower(text)
    for hit in _hits(low, ("called", "dubbed", "termed", "named", "coined", "namely", "referred", "known")):
        m = _KNOWN_AS.match(text, hit)
        if m is None:
            continue
        end = _sentence_end(text, m.end())
        cue = m.group(0).lower()
        coined = cue.startswith(("called", "dubbed", "termed", "named", "coined"))
        if coined and (not _after_method_word(text, m.start()) or text[max(0, m.start() - 3):m.start()] == "so-"):
            continue  # "a phenomenon called ...", "the so-called X": not a new method
        found = _name_at(text, m.end(), end)
        if found and not coined and not (_coined(found[2].split()[0]) or is_method_phrase(found[2])):
            continue  # "known as Gaussian", 'known as the "generalization gap"'
        if not found:
            found = _defined_or_quoted(text, m.end(), end)  # "called rectified Sparse Bayesian Learning (R-SBL)"
        if not found:
            lower = _LOWER_PHRASE.match(text, m.end(), end)
            if not lower:
                continue
            words = lower.group(1).split()
            while len(words) > 1 and not is_method_phrase(" ".join(words)):
                words.pop()
            if len(words) < 2:
                continue
            name = " ".join(words)
            found = (lower.start(1), lower.start(1) + len(name), name)
        sentence_start = max(text.rfind(". ", 0, m.start()) + 1, 0)
        own = coined and _after_method_word(text, m.start()) and _own_sentence(text, sentence_start, m.start(), end)
        out.append((*found, own))
    return out


# the sentence presents the method as the paper's: "A ... algorithm, called NetLines, ... is presented", "a new model
# called X"; or names earlier work ("Recently, a method called X was proposed [3]")
_PRESENTED = re.compile(r"\b(?:(?:is|are)\s+(?:\w+ly\s+)?(?:proposed|presented|introduced|developed|described)|"
                        r"(?:a|an)\s+(?:new|novel)|proposed)\b", re.I)
_EARLIER_WORK = re.compile(r"\b(?:" + "|".join(sorted(_EARLIER)) + r"|et\s+al|was|were|has\s+been|have\s+been|"
                           r"popular|well[\s-]known|widely|standard|classical|existing|traditional|conventional)\b|\[\d",
                           re.I)


def _own_sentence(text: str, start: int, cue: int, end: int) -> bool:
    """Whether the sentence (``start``-``end``) around a naming cue at ``cue`` gives the name as the paper's own: "we"
    / "our" / "this paper" before the cue, or the sentence presents the method as new, naming no earlier work."""
    if _OWN.search(text, start, cue):
        return True
    return bool(_PRESENTED.search(text, start, end)) and not _EARLIER_WORK.search(text, start, end)


def _lower(text: str) -> str:
    """``text`` in lower case with the same offsets (the few characters whose lower case is longer stay as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _hits(low: str, stems: tuple[str, ...]) -> list[int]:
    """Sorted start offsets of ``stems`` in ``low`` at the start of a word: plain string search, far cheaper than one
    case-insensitive pattern over the whole text."""
    out = []
    for stem in stems:
        pos = low.find(stem)
        while pos >= 0:
            if pos == 0 or not low[pos - 1].isalnum():
                out.append(pos)
            pos = low.find(stem, pos + 1)
    return sorted(set(out))


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos, min(len(text), pos + 300))
    return m.start() if m else min(len(text), pos + 300)


def _after_method_word(text: str, pos: int, we: bool = True) -> bool:
    """True when a method word (or "we") comes shortly before ``pos`` ("an algorithm ... called X")."""
    before = text[max(0, pos - 60):pos].lower()
    words = re.findall(r"[a-z]+", before)
    return any(w in METHOD_CLASSES or (we and w == "we") for w in words[-5:])


def _defined_or_quoted(text: str, pos: int, end: int) -> tuple[int, int, str] | None:
    """A name in lower case the paper itself marks as one, right at ``pos``: in quotes ('we introduce "deep
    compression"') or as the long form of an acronym it defines ("holistically-nested edge detection (HED)").

    >>> _defined_or_quoted('we introduce "deep compression", a pipeline', 13, 44)
    (14, 30, 'deep compression')
    >>> _defined_or_quoted("our method, holistically-nested edge detection (HED), works", 12, 59)
    (12, 46, 'holistically-nested edge detection')
    """
    q = _QUOTED.match(text, pos, end)
    if q and not q.group(1).endswith(" ") and 1 <= len(q.group(1).split()) <= 4:
        name = q.group(1)
    else:
        d = next((d for d in acronym_definitions(text[pos:end]) if d.long_start == 0), None)
        if d is None or len(d.long.split()) < 2:
            return None
        name, q = d.long, None
    if name.lower() in _NOT_NAMES or name.lower() in NOT_METHODS:
        return None
    start = q.start(1) if q else pos
    return start, start + len(name), name


def _name_like(name: str) -> bool:
    """A name as people coin them: capitalised or camel case, not a generic word."""
    first = name.split()[0]
    if " " not in name and name.lower().endswith(_ADJECTIVE_ENDINGS[7:]):
        return False  # "a Sampling-Free mechanism": an adjective, not a name
    return (first[:1].isupper() or any(c.isupper() for c in first[1:]) or first[:1].isdigit()) and \
        name.lower() not in _NOT_NAMES and name.lower() not in NOT_METHODS and not _NOT_CODES.fullmatch(first)


def _trim(name: str) -> str:
    words = name.split()
    while words and (words[-1].lower() in _SMALL or words[-1] in {"/"}):
        words.pop()
    return " ".join(words)


def _name_at(text: str, pos: int, end: int | None = None) -> tuple[int, int, str] | None:
    """The name starting at ``pos``: quoted text or a run of name words (at most 7)."""
    end = len(text) if end is None else end
    q = _QUOTED.match(text, pos, end)
    if q and not q.group(1).endswith(" "):
        return q.start(1), q.end(1), q.group(1)
    m = _NAME.match(text, pos, end)
    if not m:
        return None
    whole = _trim(m.group(1))
    # "A and B": two names, unless one acronym follows both ("Project and Probe (Pro^2)")
    name = whole if text[m.start(1) + len(whole):m.start(1) + len(whole) + 2].lstrip().startswith("(") else \
        _trim(whole.split(" and ")[0])
    start = m.start(1)
    first = name.split(" ", 1)[0]
    if " " in name and _USE_SUFFIX.search(first):  # "the Python-based FooKit framework" ("Curvature-Aware X" is one)
        start, name = start + len(first) + 1, name[len(first) + 1:]
    if not name or name.lower() in _NOT_NAMES or len(name) < 2:
        return None
    return start, start + len(name), name


def _unique(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    seen, out = set(), []
    for s in sorted(spans):
        if s[:2] not in seen:
            seen.add(s[:2])
            out.append(s)
    return out


# ---------------------------------------------------------------- names in the text's own shape

_CAP_WORD = r"(?:[A-Z][\w'’]*(?:-[A-Za-z][\w]*)*|[a-z]+[A-Z][\w]*)"
# "Barber-Agakov bounds", "Thompson sampling", "Coupled Flow Imitation Learning"
_CAP_PHRASE = re.compile(rf"(?<![\w\-/])({_CAP_WORD}(?:(?:\s+(?:of|for|with|via|in)\s+|\s+){_CAP_WORD}){{0,5}})"
                         r"(?:\s+([a-z][a-z\-]+))?(?![\w\-])")
# a coined name before a method word: "the MINE-AIS method", "DeiT-T/DeiT-S algorithms"
_CODED = r"(?:(?:[A-Z]*[a-z]+[A-Z][\w]*|[A-Za-z]+\d[\w]*)(?:-[\w]+)*|[A-Z]{2,}[\w]*(?:-[\w]+)+)"
_CODED_HINT = re.compile(r"(?<![\w\-/])[\w\-/]*?(?:[a-z][A-Z]|[A-Za-z]\d|[A-Z]-\w)")  # one hit per word
_CODED_BEFORE_CLASS = re.compile(rf"(?<![\w\-])({_CODED}(?:\s*/\s*{_CODED})*)\s+(?:" + "|".join(sorted(METHOD_HEADS))
                                 + r")\b")
# an acronym the text files under a class of techniques: "the CMA algorithm", "a BIPOP scheme", "the HTK toolkit"
# written to open on a capital, not on the look-behind, so that re skips straight to capitals (the look-behind, after
# the first capital, reads the character before it): the same matches as (?<![\w\-])([A-Z]{2,}[a-z]?)..., 2.6 times faster
_ACRONYM_BEFORE_CLASS = re.compile(r"([A-Z](?<![\w\-][A-Z])[A-Z]+[a-z]?)(?:s)?\s+(?:" + "|".join(sorted(ACRONYM_CLASSES)) + r")\b")
_USE_SUFFIX = re.compile(r"-(?:" + "|".join(sorted(NAME_USE_SUFFIXES)) + r")$", re.I)
_LIST_CUE = re.compile(r"(?:such\s+as|like|including|e\.g\.,?|namely|for\s+example|for\s+instance)\s+")
_LIST_CLASSES = METHOD_CLASSES | {"baselines", "baseline", "competitors"}
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s*,?\s*$")
_LIST_ITEM = re.compile(rf"(?:the\s+)?({_CODED}|{_CAP_WORD}(?:[ \-]{_CAP_WORD}){{0,3}})(?![\w\-])")
_COLON = re.compile(r":\s+")  # "three datasets: A, B and C"
_LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or|/|&)\s*")


_TITLE_WORD = re.compile(r"[A-Z][a-z'’]+(?:-[A-Za-z][a-z]+)*")
_NOT_CODES = re.compile(r"(?i:sota|ood|iid|gpus?|cpus?|tpus?|llms?|ai|ml|nlp|rl)|[LlWA]\d+(?:[A-Z]\d+)*|[A-Z]\d")


def shaped_methods(text: str, coined_only: bool = False, coded_starts: list[int] | None = None) -> list[tuple[int, int, str]]:
    """Method names by their shape: capitalised phrases ending in a method word, coined names before one.

    >>> shaped_methods("It generalizes InfoNCE via Metropolis-Hastings sampling. We use Thompson sampling.")
    [(27, 55, 'Metropolis-Hastings sampling'), (64, 81, 'Thompson sampling')]
    >>> shaped_methods("Our 2-bit DeiT-T/DeiT-S algorithms win. Deep learning works. The Transformer is a model.")
    [(10, 16, 'DeiT-T'), (17, 23, 'DeiT-S')]
    >>> shaped_methods("Bayesian models and Transformer-based models beat SotA methods in English-German machine translation.")
    []
    """
    out = []
    for m in _CAP_PHRASE.finditer("" if coined_only else text):  # in a title every word is capitalised
        words, tail = m.group(1), m.group(2)
        if tail and tail in _TAILS:
            name, end = f"{words} {tail}", m.end(2)
            nxt = re.match(r"\s+([a-z]+)", text[end:end + 30])
            if nxt and nxt.group(1) in _NEXT_NOT_NAME:
                continue  # "English-German machine translation"
            if " " not in words and (words.isupper() or tail in _CLASS_TAILS and (
                    words.lower().endswith(_ADJECTIVE_ENDINGS) or words.lower() in _SENTENCE_STARTERS)):
                continue  # "MI bounds", "Bayesian algorithm": an acronym or an adjective and a class word
            if words.rsplit(" ", 1)[-1].lower().endswith(_ADJECTIVE_ENDINGS[7:]):
                continue  # "GD-based optimization"
        elif " " in words and words.rsplit(" ", 1)[-1].lower() in METHOD_HEADS:
            name, end = words, m.end(1)
        else:
            continue
        start = m.start(1)
        connectors = list(re.finditer(r"\s(?:of|for|with|via|in)\s", words))
        if connectors and not all(_TITLE_WORD.fullmatch(w) for w in words.split() if w not in _SMALL):
            cut = connectors[-1].end()  # "InfoNCE via Metropolis-Hastings sampling": the name starts after "via"
            start, name = start + cut, name[cut:]
        first = name.split()[0]
        if _sentence_initial(text, start) and (first.lower() in _SENTENCE_STARTERS or not _coined(first)):
            continue
        if first.lower() in GENERIC_MODIFIERS or name.lower() in NOT_METHODS or len(name) > 80:
            continue
        out.append((start, end, name))
    starts = coded_starts if coded_starts is not None else [h.start() for h in _CODED_HINT.finditer(text)]
    for start in starts:
        m = _CODED_BEFORE_CLASS.match(text, start)
        if m is None:
            continue
        for part in re.finditer(r"[^\s/]+", m.group(1)):
            code = _USE_SUFFIX.sub("", part.group(0))  # "DecL-based algorithms": the name is DecL
            if not _NOT_CODES.fullmatch(code):
                out.append((m.start(1) + part.start(), m.start(1) + part.start() + len(code), code))
    return _unique(out)


def filed_acronyms(text: str) -> list[tuple[int, int, str]]:
    """Acronyms the text files under a class of techniques ("the CMA algorithm", "a BIPOP scheme"); the name is the
    acronym, without the class word.

    >>> filed_acronyms("We run the QRX algorithm and the ZZT toolkit on GPU methods and MI bounds.")
    [(11, 14, 'QRX'), (33, 36, 'ZZT')]
    """
    return [(m.start(1), m.end(1), m.group(1)) for m in _ACRONYM_BEFORE_CLASS.finditer(text)
            if not _NOT_CODES.fullmatch(m.group(1)) and m.group(1).lower() not in NOT_METHODS]


def listed_names(text: str) -> list[tuple[int, int, str, str]]:
    """Items of lists introduced as methods or datasets: (start, end, name, "method"|"dataset").

    >>> listed_names("It beats energy-based methods such as MINE-DV and MINE-F on the benchmarks.")
    [(38, 45, 'MINE-DV', 'method'), (50, 56, 'MINE-F', 'method')]
    >>> [n for _, _, n, _ in listed_names("We use three data sets: Movielens100k and Netflix.")]
    ['Movielens100k', 'Netflix']
    """
    out = []
    low = _lower(text)
    colons = [m.start() for m in _COLON.finditer(text)]
    for hit in _hits(low, ("such as", "like", "including", "e.g.", "namely", "for example", "for instance")) + colons:
        colon = text[hit] == ":"
        m = _COLON.match(text, hit) if colon else _LIST_CUE.match(text, hit)
        if m is None:
            continue
        before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
        noun = before.group(1).lower() if before else ""
        if noun in _LIST_DATA or (noun == "sets" and low[max(0, before.start(1) - 5):before.start(1)] == "data "):
            kind = "dataset"
        elif noun in _LIST_CLASSES and not colon:  # "methods: ..." opens a description as often as a list
            kind = "method"
        else:
            continue
        pos, end = m.end(), _sentence_end(text, m.end())
        while pos < end:
            item = _LIST_ITEM.match(text, pos, end)
            if not item:
                break
            name = item.group(1)
            if name.lower() not in _NOT_NAMES and name.lower() not in NOT_METHODS and not _NOT_CODES.fullmatch(name) \
                    and (" " in name or _coined(name) or (name.isupper() and len(name) >= 4) or kind == "dataset") \
                    and not name.lower().endswith(_ADJECTIVE_ENDINGS[:4]):
                out.append((item.start(1), item.end(1), name, kind))
            glue = _LIST_GLUE.match(text, item.end(), end)
            if not glue or glue.end() == item.end():
                break
            pos = glue.end()
    return out


_DATASET_NAMED = re.compile(rf"(?<![\w\-.])((?:{_CAP_WORD}|{_CODED}|\d[\w\-]*)(?:[ \-](?:{_CAP_WORD}|{_CODED}|\d[\w\-]*)){{0,3}})"
                            r"\s+$")
_DATASET_HEAD = re.compile(r"(?:" + "|".join(sorted(DATASET_HEADS)) + r")s?\b")  # "the GREC databases"


def named_datasets(text: str) -> list[tuple[int, int, str]]:
    """Datasets named as such: a coined name right before "dataset", "benchmark", "corpus".

    >>> named_datasets("We test on the DomainBed benchmark and the MNIST and CIFAR-5m datasets. The Occlusion dataset is new.")
    [(15, 24, 'DomainBed'), (53, 61, 'CIFAR-5m')]
    """
    out = []
    for hit in _hits(_lower(text), tuple(sorted(DATASET_HEADS))):
        if not _DATASET_HEAD.match(text, hit):
            continue
        m = _DATASET_NAMED.search(text, max(0, hit - 80), hit)
        if m is None:
            continue
        name = m.group(1)
        first = name.split()[0]
        if _sentence_initial(text, m.start(1)) and first.lower() in _SENTENCE_STARTERS:
            words = name.split()[1:]
            if not words:
                continue
            name = " ".join(words)
        if name.lower() in GENERIC_MODIFIERS or name.split()[0].lower() in GENERIC_MODIFIERS:
            continue
        start = m.start(1) + (len(m.group(1)) - len(name))
        # only coined names ("DomainBed", "CIFAR-5m", "KIMIA-25") and acronyms of three letters or more ("the PIE
        # dataset"): "the Occlusion dataset", "the QA benchmark", "the Stanford NLI corpus" are as often descriptions
        # as names (none of 18 such on DataFinder's dev abstracts is in its gold)
        if " " in name or not _coined(name) or name[:1].isdigit() or (name.isupper() and len(name) < 3):
            continue
        out.append((start, start + len(name), name))
    return out


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3):pos].rstrip()
    return not before or before[-1] in ".!?:;\"“("


def _coined(word: str) -> bool:
    """A word that can only be a name: inner capitals, digits, or capitalised hyphen parts ("Barber-Agakov")."""
    return any(c.isalpha() for c in word) and (any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word))

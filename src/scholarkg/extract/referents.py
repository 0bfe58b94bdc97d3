"""The subject of a sentence that points to a method instead of naming it: "Our method builds on Y", "The proposed
model uses Y", "These grammars are based on Y", "Both models use Y", "It extends Y".

A reference opens its sentence (after a short opener such as "Moreover,", "In our experiments," or "Results on three
datasets show that") and is resolved
only where one reading is plain:
- "our / the proposed / the new / the resulting <class noun>" (singular) is the paper's one proposed method, where
  the abstract names it;
- "this <class noun>" and "it" are the one method the sentence before named: the paper's own, or (not "this new
  <noun>") one it wrote with that noun ("the X algorithm", "X, a new algorithm"); "it" another method only when the paper proposes none and
  that method opened the sentence before (else "it" may be either);
- "these / both / the two <plural noun>" are the methods the sentence before named in one list, or those whose name
  ends on that noun ("These grammars" after "Minimalist Categorial Grammars (MCG)"); "both" needs exactly two.

>>> text = "We propose Quill. Our method builds on Adam."
>>> referring_spans(text, 18, 44, [(11, 16, "quill")], "quill")
[(18, 28, ('quill',))]
>>> text = "Prior work used MaxPool and AvgPool. These methods rely on fixed windows."
>>> referring_spans(text, 37, 73, [(16, 23, "maxpool"), (28, 35, "avgpool")], None, lists=[["maxpool", "avgpool"]])
[(37, 50, ('maxpool', 'avgpool'))]
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .words import REFERENCE_CLASS_NOUNS

_NOUNS = "|".join(sorted(REFERENCE_CLASS_NOUNS, key=len, reverse=True))
# a short opener before the subject: "Moreover,", "In our experiments,", "Empirically,"
_OPENER = (r"(?:(?:[A-Z][a-z]+|[Ii]n\s+(?:\w+\s+){0,3}?\w+|[Oo]n\s+(?:\w+\s+){0,3}?\w+)\s*,\s*)?"
           # "Experiments on three datasets show that ..."
           r"(?:[^.;:]{0,120}?\b(?:shows?|showed|demonstrates?|demonstrated|indicates?|confirms?|reveals?|verif(?:y|ies))\s+"
           r"that\s+)?")
_ADJ = r"(?:[\w\-]+\s+){0,2}?"
_OWN = re.compile(rf"^{_OPENER}(?P<ref>(?:[Oo]ur|[Tt]he\s+(?:proposed|new|resulting))\s+{_ADJ}(?:{_NOUNS}))\b(?!\s+of\b)")
_THIS = re.compile(rf"^{_OPENER}(?P<ref>(?:[Tt]his\s+(?:new\s+|proposed\s+|resulting\s+)?(?:{_NOUNS}))|[Ii]t(?=\s))\b"
                   # "It is observed that ...", "It is easy to ...": no reference
                   r"(?!\s+(?:of|(?:is|was)\s+(?:\w+ly\s+)?(?:well\s+)?(?:known|shown|observed|seen|clear|evident|found|"
                   r"noted|possible|necessary|important|easy|hard|difficult|natural|interesting|worth|likely|unlikely)|"
                   r"has\s+been\s+(?:shown|proven|observed))\b)")
_THESE = re.compile(r"^" + _OPENER + r"(?P<ref>(?P<det>[Tt]hese|[Bb]oth(?:\s+(?:the|these))?|[Tt]he\s+two)\s+"
                    r"(?:[\w\-]+\s+)?(?P<noun>[A-Za-z][\w\-]*s))\b(?!\s+of\b)")


def _may_open(sentence: str, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` stands at the start of ``sentence`` or after a comma or a space, and before a space:
    where a reference begins after the optional opener (which ends on a comma or a space). A few string searches rule
    out most sentences far faster than the patterns, whose opener is slow to rule out (``str.isspace`` is ``\\s``)."""
    for word in words:
        at = sentence.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or sentence[at - 1] == "," or sentence[at - 1].isspace()) and end < len(sentence) and \
                    sentence[end].isspace():
                return True
            at = sentence.find(word, at + 1)
    return False


def referring_spans(text: str, s_start: int, s_end: int, previous: list[tuple[int, int, str]], own: str | None,
                    lists: Sequence[Sequence[str]] = (), previous_start: int = 0) -> list[tuple[int, int, tuple[str, ...]]]:
    """Where the sentence ``text[s_start:s_end]`` opens on a reference to methods, as (start, end, keys).
    ``previous``: the method mentions (start, end, key) of the sentence before, with what its references were
    resolved to; ``own``: the paper's one proposed method (None when it proposes none or several); ``lists``: the
    keys of each coordinated list of methods in the sentence before, which starts at ``previous_start``."""
    sentence = text[s_start:s_end]
    before = {key for _, _, key in previous}
    previous = [next(p for p in previous if p[2] == key) for key in dict.fromkeys(p[2] for p in previous)]
    # each pattern only where the words it needs are there
    own_words = "our" in sentence or "Our" in sentence or "proposed" in sentence or "new" in sentence or \
        "resulting" in sentence
    m = _OWN.match(sentence) if own_words else None
    if m and own is not None and not m.group("ref").endswith("s"):  # "our techniques" may be several
        return [(s_start + m.start("ref"), s_start + m.end("ref"), (own,))]
    m = _THIS.match(sentence) if _may_open(sentence, ("it", "It", "this", "This")) else None
    if m:
        if len(before) != 1:
            return []
        ref = m.group("ref").lower()
        start, end, key = previous[0]
        if key == own:
            pass
        elif re.search(r"\s(?:new|proposed|resulting)\s", m.group("ref")):
            return []  # "this new framework" is the paper's own, not the method the sentence before named
        elif ref == "it":  # "it" after a sentence naming another method than the paper's own may be either
            if own is not None or len(text[previous_start:start].split()) > 4:
                return []  # the method opened the sentence before ("This is because the X does not ...")
        elif not re.match(rf"\s*(?:\([^()]*\)\s*)?(?:,\s*(?:which\s+is\s+)?(?:an?|the)\s+(?:[\w\-]+\s+){{0,3}}?|"
                          rf"[\w\-]+\s+)?{re.escape(ref.split()[-1])}s?\b", text[end:end + 60], re.I) and \
                not _ending_on(text, previous, ref.split()[-1]):
            return []  # "this algorithm" is the X the sentence before wrote as "the X algorithm", "X, a new algorithm"
        return [(s_start + m.start("ref"), s_start + m.end("ref"), (key,))]
    m = _THESE.match(sentence) if "hese" in sentence or "oth" in sentence or "two" in sentence else None
    if m and before:
        noun = m.group("noun").lower()
        named = _ending_on(text, previous, noun)
        if not named and noun in REFERENCE_CLASS_NOUNS:
            named = next((tuple(dict.fromkeys(group)) for group in lists if len(set(group)) >= 2 and
                          set(group) == before), ())
        if named and (not m.group("det").lower().startswith("both") or len(named) == 2):
            return [(s_start + m.start("ref"), s_start + m.end("ref"), named)]
    return []


def _ending_on(text: str, previous: list[tuple[int, int, str]], noun: str) -> tuple[str, ...]:
    """The keys of the mentions whose written name (a line break's "Gram- mars" joined) ends on ``noun``."""
    out = []
    for start, end, key in previous:
        # a mention that took in its acronym ends "... Grammars (SPG": the name ends before the parenthesis
        written = re.sub(r"\s*\([^()]*\)?\s*$", "", re.sub(r"-\s+", "", text[start:end])).lower()
        if re.search(rf"(?<![\w\-]){re.escape(noun)}$", written) and key not in out:
            out.append(key)
    return tuple(out)

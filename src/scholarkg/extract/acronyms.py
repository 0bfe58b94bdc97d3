"""Acronyms a text defines: "Random Cycle Coding (RCC)", "optimistic gradient method (OG)", "FedDisco".

The short form sits in parentheses right after its long form (a citation may follow it inside the parentheses:
"(POIS, Smith et al., 2018)"; LaTeX leftovers such as "(\\rm StatsQ)" are tolerated). The long form is found by
walking back from the parenthesis: first by word initials (hyphen parts and inner capitals count), then, when the
initials do not cover the acronym, letter by letter: every letter of the short form appears in order in the
long form and the first one starts a word (so "GIWAE" = "Generalized IWAE", "FedDisco" = "Federated Learning with
Discrepancy-aware Collaboration").

>>> [(d.long, d.short) for d in acronym_definitions("we use the optimistic gradient method (OG) and variational autoencoders (VAEs).")]
[('optimistic gradient method', 'OG'), ('variational autoencoders', 'VAEs')]
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple
from ..resources import resource
from .words import ACRONYM_LEADING_NOISE as _LEADING_NOISE
from .words import names_no_technique


class Definition(NamedTuple):
    """One definition: the long form and the short form with their character offsets."""

    long_start: int
    long_end: int
    long: str
    short_start: int
    short_end: int
    short: str


# "(RCC)", "(RCC, Smith et al., 2020)", "(\rm StatsQ)", "(muP)"; the short form has a capital somewhere
_PAREN = re.compile(r"\((?:\\?(?:rm|textbf|texttt|mathrm|emph)\s*\{?\s*)?([A-Za-z0-9][\w\-+.]{0,14}?)\}?\s*(?:[,;][^()]{0,80})?\)")
_WORD = re.compile(r"[^\s()\[\]{},;:\"“”]+")
SMALL = frozenset({"of", "for", "and", "with", "via", "on", "in", "to", "the", "a", "an", "by", "from", "at", "over",
                   "under", "using"})


def acronym_definitions(text: str) -> list[Definition]:
    """Every acronym defined in ``text``, in order.

    >>> d = acronym_definitions("We propose Random Cycle Coding (RCC), a method.")[0]
    >>> d.long, d.short, d.long_start, d.short_start
    ('Random Cycle Coding', 'RCC', 11, 32)
    >>> [d.long for d in acronym_definitions("the Conditional Entropy Bottleneck (CEB) and (\\\\rm QKR)")]
    ['Conditional Entropy Bottleneck']
    """
    if "(" not in text:
        return []
    return list(_definitions(text))


# The rules of a paper ask for the definitions of its title and abstract several times, and the graph asks again
# when it adds the paper (``resolve.graph``); a chunk's worth of texts is remembered.
@functools.lru_cache(maxsize=4096)
def _definitions(text: str) -> tuple[Definition, ...]:
    out = []
    for m in _PAREN.finditer(text):
        short = m.group(1).rstrip(".-")
        letters = _letters(short)
        if letters is None:
            continue
        window_start = max(0, m.start() - 250)
        before = text[window_start:m.start()]
        cut = max(before.rfind(". "), before.rfind(";"), before.rfind(":"), before.rfind(")"), before.rfind("("))
        if cut >= 0:
            window_start += cut + 1
            before = before[cut + 1:]
        words = [(window_start + w.start(), window_start + w.end()) for w in _WORD.finditer(before)]
        if not words:
            continue
        limit = min(len(letters) + 5, 2 * len(letters))
        words = words[-limit:]
        start = _by_initials(text, words, letters)
        if start is None:
            start = _by_letters(text, words, letters)
        if start is None:
            continue
        long_start, long_end = start, words[-1][1]
        long = text[long_start:long_end].rstrip(",.")
        if long.lower() == short.lower() or len(long) <= len(short):
            continue
        out.append(Definition(long_start, long_start + len(long), long, m.start(1), m.start(1) + len(short), short))
    return tuple(out)


def _letters(short: str) -> list[str] | None:
    """The letters (and digits) a long form must cover, or None when ``short`` does not look like an acronym."""
    if not (2 <= len(short) <= 14) or not any(c.isupper() for c in short) or not any(c.isalpha() for c in short):
        return None
    if short.isdigit() or re.fullmatch(r"[A-Z][a-z]+", short):  # "(Smith)", "(Table)": a word, not an acronym
        return None
    core = short[:-1] if short.endswith("s") and sum(c.isupper() for c in short) >= 2 else short
    return [c.lower() for c in core if c.isalnum()]


def _by_initials(text: str, words: list[tuple[int, int]], letters: list[str]) -> int | None:
    """Walk back over words whose initials (or hyphen parts, or inner capitals) end the still-uncovered letters."""
    need = [c for c in letters if c.isalpha()]
    chosen = None
    for s, e in reversed(words):
        if not need:
            break
        w = text[s:e]
        lw = w.lower()
        if lw in SMALL and chosen is not None:
            continue
        parts = [p for p in w.split("-") if p]
        initials = [p[0].lower() for p in parts if p[0].isalpha()]
        caps = [c.lower() for c in w if c.isupper()]
        matched = False
        for cand in (initials, caps, initials[:1]):
            if cand and len(cand) <= len(need) and need[-len(cand):] == cand:
                need = need[:-len(cand)]
                matched = True
                break
        if not matched:
            return None
        chosen = s
    if need or chosen is None:
        return None
    return chosen


def _by_letters(text: str, words: list[tuple[int, int]], letters: list[str]) -> int | None:
    """Letter-by-letter from the right; the first letter must start a word (or a hyphen part)."""
    span_start = words[0][0]
    long = text[span_start:words[-1][1]].lower()
    pos = len(long)
    for i in range(len(letters) - 1, -1, -1):
        c = letters[i]
        while True:
            pos = long.rfind(c, 0, pos)
            if pos < 0:
                return None
            at_word_start = pos == 0 or not long[pos - 1].isalnum()
            if i > 0 or at_word_start:
                break
    start = span_start + pos
    while start > span_start and not text[start - 1].isspace():  # back to the start of the whole word
        start -= 1
    first = text[start:].split(None, 1)[0].lower().strip("\"'“")
    if first in _LEADING_NOISE:
        return None
    return start


def not_techniques(texts: dict[str, str], blocked: set[str]) -> "NotTechniques":
    """The acronyms the span model, which reads short capitals as names, must not bring back: those the paper
    defines as something that names no technique ("base station (BS)"), and those it does not define that most
    papers of the arXiv corpus define so (``data/gazetteer/no_technique_acronyms.txt``, made by
    scripts/build_gazetteer.py: "CSI", "SINR")."""
    definitions = [d for text in texts.values() for d in acronym_definitions(text)]
    return NotTechniques({d.short for d in definitions if d.short in blocked and names_no_technique(d.long)},
                         {d.short for d in definitions})


class NotTechniques:
    """Membership test over the acronyms a paper's model spans may not be (see ``not_techniques``)."""

    def __init__(self, here: set[str], defined: set[str]) -> None:
        self.here, self.defined = here, defined

    def __contains__(self, text: str) -> bool:
        if text in self.here:
            return True
        single = acronym_singular(text)
        return single in no_technique_acronyms() and text not in self.defined and single not in self.defined


def acronym_singular(short: str) -> str:
    """An acronym in capitals without its plural s ("VAEs" -> "VAE"; "SGD" and "Adams" stay).

    >>> acronym_singular("VAEs"), acronym_singular("SGD"), acronym_singular("Adams")
    ('VAE', 'SGD', 'Adams')
    """
    return short[:-1] if short.endswith("s") and short[:-1].isupper() else short


@functools.lru_cache(maxsize=1)
def technique_acronyms() -> dict[str, str]:
    """Short acronyms no list holds that most papers of the arXiv corpus that define them define as one method phrase,
    with that long form ("SVRG": "stochastic variance-reduced gradient"; scripts/build_gazetteer.py)."""
    with open(resource("data", "gazetteer", "technique_acronyms.tsv"), encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f if line.strip() and not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def no_technique_acronyms() -> frozenset[str]:
    """Acronyms most papers of the arXiv corpus that define them define as something that is no technique."""
    with open(resource("data", "gazetteer", "no_technique_acronyms.txt"), encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip() and not line.startswith("#"))

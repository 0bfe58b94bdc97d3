"""The methods a title names as the paper's own.

- "AdaNet: A Scalable and Flexible Framework": one coined word before the colon;
- "NUPES: Non-Uniform Post-Training Quantization via Power Exponent Search": an acronym before the colon whose
  letters start the words after it (the long form is the name, the acronym its alias);
- "Only Pay for What Is Uncertain: Variance-Adaptive Thompson Sampling": a capitalised method phrase after the colon;
- "Diverse Projection Ensembles for Distributional RL": a title that opens with a capitalised method phrase.

>>> title_methods("AdaNet: A Scalable and Flexible Framework")
[TitleName(start=0, end=6, name='AdaNet', short=None, kind='method', weak=False, used=False)]
>>> title_methods("FedDAC: Federated Learning with Discrepancy-Aware Collaboration")[0][:4]
(8, 63, 'Federated Learning with Discrepancy-Aware Collaboration', 'FedDAC')
>>> [m.name for m in title_methods("Generated Loss and Augmented Training of MNIST VAE")]
['Generated Loss', 'Augmented Training']
>>> [(m.name, m.weak) for m in title_methods("Only Pay for What Is Uncertain: Variance-Adaptive Thompson Sampling")]
[('Variance-Adaptive Thompson Sampling', True)]
>>> [(m.name, m.kind) for m in title_methods("GLUEX: A Multi-Task Benchmark for Language Understanding")]
[('GLUEX', 'dataset')]
>>> title_methods("Beyond Human Data: Scaling Self-Training"), title_methods("A Distributional Perspective on RL")
([], [])
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .words import MEANS_WORDS, NETWORK_KIND_WORDS, NOT_METHODS, TITLE_METHOD_TAILS, TITLE_SPLIT_WORDS, TITLE_TASK_HEADS
from .words import is_method_phrase
from .words import PLURAL_CLASSES as _PLURAL_CLASSES
from .words import TITLE_FUNCTION_WORDS as _FUNCTION_WORDS
from .words import TITLE_STOP_WORDS as _STOP

_SPLIT = re.compile(r"\s+(?:" + "|".join(TITLE_SPLIT_WORDS) + r")\s+")
_MEANS = re.compile(r"\s+(?:" + "|".join(MEANS_WORDS) + r")\s+")
_BENCHMARK = re.compile(r"\s*(?:(?:A|An|The)\s+)?(?:[\w\-]+\s+){0,4}?(?:Benchmark|Dataset|Corpus|Suite|Testbed)s?\b", re.I)
_WORD_PARTS = re.compile(r"[A-Za-z][a-z0-9']*|[A-Z]+(?![a-z])")


class TitleName(NamedTuple):
    """A name in a title: offsets, the name, its acronym, "method" or "dataset", whether only the phrase's shape
    (not a colon) says it is the paper's own ("Kernel Density Estimators in Large Dimensions"), and whether the title
    says it is applied, not new ("... using X")."""

    start: int
    end: int
    name: str
    short: str | None = None
    kind: str = "method"
    weak: bool = False
    used: bool = False  # "Road Sign Detection using Multiplicative Kernel": the title applies it, names no new one


def title_methods(title: str) -> list[TitleName]:
    """Methods (and benchmarks) the title names as the paper's own. A phrase only its shape offers that ends in a
    word for a problem ("Weighted Graph Estimation from ...") names what the paper studies, not a method."""
    return [t for t in _title_names(title) if not (t.weak and t.name.split()[-1].lower() in TITLE_TASK_HEADS)]


def _title_names(title: str) -> list[TitleName]:
    title = title.rstrip()
    head, sep, rest = title.partition(":")
    out = []
    if sep and head.strip():
        name = head.strip()
        h0 = title.find(name)
        if " " not in name:
            if not _coined(name):
                return []
            kind = "dataset" if _BENCHMARK.match(rest) else "method"
            long = _long_form(name, rest)
            if long:
                start = len(head) + 1 + rest.find(long)
                return [TitleName(start, start + len(long), long, name, kind)]
            return [TitleName(h0, h0 + len(name), name, None, kind)]
        if len(name.split()) <= 4 and not _SPLIT.search(name) and _capitalised_method(name):
            return [TitleName(h0, h0 + len(name), name)]
        tail = _SPLIT.split(rest.strip(), maxsplit=1)[0]
        if _capitalised_method(tail) and len(tail.split()) <= 6:
            start = len(head) + 1 + rest.find(tail)
            out.append(TitleName(start, start + len(tail), tail, weak=True))
        return out
    parts = _SPLIT.split(title.strip(), maxsplit=1)
    first = parts[0]
    if _capitalised_method(first) and len(first.split()) <= 6 and not _by_means_of_coined(title, first):
        start = title.find(first)
        out.append(TitleName(start, start + len(first), first, weak=True))
        more = re.match(r"\s+and\s+", title[start + len(first):])
        if more:
            pos = start + len(first) + more.end()
            second = _SPLIT.split(title[pos:], maxsplit=1)[0]
            if _capitalised_method(second) and len(second.split()) <= 6:
                out.append(TitleName(pos, pos + len(second), second, weak=True))
        return out
    means = _MEANS.search(title, len(first))
    if means and means.start() == len(first):  # "Clustering via Content-Augmented Stochastic Blockmodels"
        tail = _SPLIT.split(title[means.end():], maxsplit=1)[0]
        if (_capitalised_method(tail) or _coined(tail)) and len(tail.split()) <= 6:
            out.append(TitleName(means.end(), means.end() + len(tail), tail, weak=not _coined(tail),
                                 used=means.group(0).strip() == "using" and not _coined(tail)))
    return out


def _by_means_of_coined(title: str, first: str) -> bool:
    """"Categorical Reparameterization with Gumbel-Softmax": the coined name after "with" is the new method."""
    means = _MEANS.match(title, len(first))
    return bool(means) and _coined(_SPLIT.split(title[means.end():], maxsplit=1)[0])


def _capitalised_method(phrase: str) -> bool:
    words = phrase.split()
    if len(words) == 1 and not _coined(words[0]):
        return False  # "Clustering": a method word alone names no method
    if not words or words[0].lower().strip("\"'") in _STOP or phrase.lower() in NOT_METHODS or "," in phrase:
        return False
    if words[0].lower().endswith(("-efficient", "-agnostic", "-optimal")) and len(words) > 1:
        return False
    if words[0].lower().endswith("ing") and not _coined(words[0]) and len(words) > 1 and words[0].lower() not in {
            "coding", "sampling"}:
        return False  # "Accelerating Data Reweighting": a verb, not a name
    if words[-1].lower() in _PLURAL_CLASSES and not any(_coined(w) for w in words) and not _named_networks(words):
        return False
    if any(w.lower() == "based" for w in words[1:]):
        return False  # "FCM Based Vessel Segmentation Method": a method built on FCM, FCM the only name in it
    return all(w[:1].isupper() or w[:1].isdigit() for w in words) and (
        is_method_phrase(phrase) or len(words) >= 2 and words[-1].lower() in TITLE_METHOD_TAILS)


def _named_networks(words: list[str]) -> bool:
    """"Generative Moment Matching Networks", "Fully Convolutional Networks": three or more words ending in
    "Networks" with a word that is not only a kind of network ("Deep Convolutional Neural Networks" is not).

    >>> _named_networks("Gated Feedback Recurrent Neural Networks".split()), _named_networks("Deep Neural Networks".split())
    (True, False)
    """
    return len(words) >= 3 and words[-1].lower() in {"networks", "nets"} and \
        any(w.lower() not in NETWORK_KIND_WORDS for w in words[:-1])


def _coined(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9\-]*", word)) and (
        any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word))


def _long_form(short: str, rest: str) -> str | None:
    """The words after the colon that ``short`` abbreviates, or None.

    The long form is a capitalised phrase that opens ``rest``: the shortest one, up to a function word ("for",
    "with"), that ``short`` covers. The capitals of ``short`` (all its letters when it has no lower case) must start
    its words in order, or, failing that, every letter of ``short`` must appear in it in order with the first one
    starting it ("SPARQ" = "Sparse Quantized Attention").
    """
    words = list(re.finditer(r"\S+", rest))
    ends = []
    for i, w in enumerate(words):
        text = w.group(0)
        if text.lower() in _FUNCTION_WORDS:
            if i + 1 < len(words) and words[i + 1].group(0)[:1].isupper():
                continue
            break
        if not text[:1].isupper():
            break
        if i + 1 == len(words) or words[i + 1].group(0).lower() in _FUNCTION_WORDS or \
                not words[i + 1].group(0)[:1].isupper():
            ends.append(i)
    for last in ends:
        if last < 1:
            continue
        long = rest[words[0].start():words[last].end()].strip(" .,")
        if _abbreviates(short, long):
            return long
    return None


def _abbreviates(short: str, long: str) -> bool:
    caps = [c.lower() for c in short if c.isupper()] if any(c.islower() for c in short) else \
        [c.lower() for c in short if c.isalpha()]
    initials = [p[0].lower() for w in long.split() if w.lower() not in _FUNCTION_WORDS for p in _WORD_PARTS.findall(w)]
    if len(caps) >= 2 and initials and initials[0] == caps[0] and _in_order(caps, initials) and caps[-1] in initials[-2:]:
        return True
    letters = [c.lower() for c in short if c.isalpha()]
    low = long.lower()
    if len(letters) < 2 or low[:1] != letters[0]:
        return False
    pos = 1
    for c in letters[1:]:
        pos = low.find(c, pos) + 1
        if pos == 0:
            return False
    return True


def _in_order(needles: list[str], hay: list[str]) -> bool:
    i = 0
    for h in hay:
        if i < len(needles) and h == needles[i]:
            i += 1
    return i == len(needles)

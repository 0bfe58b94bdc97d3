"""Whether the words a title opens with name the paper's own method ("Data-driven Rank Breaking for Efficient Rank
Aggregation", "Count-Min-Log sketch: Approximately counting ...", "Coupled Neural Associative Memories").

A sixth of the labelled arXiv titles open with the name of the method the paper proposes, and the rules and the span
model missed a third of those: the words are plain ("Behavior Subtraction", "Ensemble of Hankel Matrices"), so only
the paper says they are a name. This classifier reads the title's opening segment (after an article and words such
as "new", up to the first word or mark that splits a title: "for", "via", ":", " - "; or the whole title) with what
the abstract does with the same words (repeats them, defines an acronym after them, introduces them with "we
propose"), the words themselves (head word, shape, capitals against the title's own style) and where the title cuts.
A logistic regression over hashed string features; a segment whose probability reaches the model's threshold is a
method the paper proposes (``paper.py``, rule "title-segment").

The weights are package data (``data/title_segments.npz``, a few kB), trained by ``scripts/train_title_segments.py``
on our label files and the gold; ``scripts/cv_extractor.py`` trains one per fold.

>>> [(s.text, s.cut) for s in segments("A Spectral Algorithm for Latent Junction Trees")]
[('Spectral Algorithm', 'for'), ('Spectral Algorithm for Latent Junction Trees', 'whole')]
>>> [(s.text, s.cut) for s in segments("Count-Min-Log sketch: Approximately counting with approximate counters")]
[('Count-Min-Log sketch', ':')]
"""
from __future__ import annotations

import math
import re
import zlib
from pathlib import Path
from typing import Callable, NamedTuple, Sequence

import numpy as np

from .evaluate import entity_names
from .relmodel import hashed
from .slots import ModelSlot
from .spanevidence import default_evidence, unpack
from .spanmodel import words_key
from .words import METHOD_HEADS, TITLE_SPLIT_WORDS, TITLE_TASK_HEADS

DIM_BITS = 16
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "title_segments.npz"
THRESHOLD = 0.3  # chosen on the pooled CV folds (cv_extractor.py --segment-threshold: 0.2, 0.3, 0.4, 0.5 measured)
MAX_WORDS = 7  # a longer opening is a sentence, not a name

_OPENING = re.compile(r"(?:(?:a|an|the)\s+)?(?:(?:new|novel|simple|efficient|fast|improved|generalized|unified)\s+)*",
                      re.I)
_MARK = re.compile(r"\s*(?::|\s[-–—]+\s|\?|\.\s)")
_SPLIT = re.compile(r"\s+(" + "|".join(sorted(TITLE_SPLIT_WORDS, key=len, reverse=True)) + r")\s+", re.I)
_WORD = re.compile(r"[\w\-/']+")
_INTRO = re.compile(r"\b(?:propos\w*|present\w*|introduc\w*|develop\w*|describ\w*|call\w*|name[ds]?|term\w*|dub\w*|"
                    r"our|novel|new)\W+(?:\w+\W+){0,4}$", re.I)


_ACRONYM_AFTER = re.compile(r"\s*\([A-Za-z][\w\-]*\)")


class Segment(NamedTuple):
    """A title's opening words: character offsets into the title, the text, and what cut it ("for", ":", "whole")."""

    start: int
    end: int
    text: str
    cut: str


def segments(title: str) -> list[Segment]:
    """The candidate openings of ``title``: up to its first splitting word or mark, and up to its first mark (or
    its end) when that is another, short, span."""
    title = title.rstrip(" .")
    opening = _OPENING.match(title)
    start = opening.end() if opening else 0
    if start >= len(title):
        return []
    mark = _MARK.search(title, start)
    mark_end = mark.start() if mark else len(title)
    split = _SPLIT.search(title, start, mark_end)
    out = []
    if split:
        out.append(Segment(start, split.start(), title[start:split.start()], split.group(1).lower()))
    if len(_WORD.findall(title[start:mark_end])) <= MAX_WORDS:
        cut = mark.group().strip()[:1] if mark else "whole"
        out.append(Segment(start, mark_end, title[start:mark_end], cut))
    return [s for s in out if s.text.strip() and len(_WORD.findall(s.text)) <= MAX_WORDS]


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3+"


Tokens = Sequence[tuple[int, str]]  # a title's tokens: (character offset, lower-case text)


def tokens_of(doc) -> Tokens:
    """The (offset, lower-case text) of every token of a processed title (a spaCy ``Doc``)."""
    return [(t.idx, t.lower_) for t in doc]


def features(title: str, abstract: str, seg: Segment, tokens: Tokens = ()) -> list[str]:
    """Hashed-string features of one segment (see the module docstring); ``tokens``: the title's, for what the
    corpus says about the segment's words (``spanevidence``: in how many abstracts, how often capitalised, defined
    with an acronym, followed by a method word)."""
    return _features(title, abstract, abstract.lower(), seg, _evidence([seg], tokens)[0])


def segment_features(title: str, abstract: str, tokens: Tokens = ()) -> list[tuple[Segment, list[str]]]:
    """Every segment of ``title`` with its features (``features``, the abstract lower-cased and the corpus evidence
    looked up once for all of them)."""
    segs = segments(title)
    text = abstract.lower()
    return [(s, _features(title, abstract, text, s, code)) for s, code in zip(segs, _evidence(segs, tokens))]


def _evidence(segs: list[Segment], tokens: Tokens) -> list[int | None]:
    """The corpus evidence code of each segment's words (None where no token falls inside)."""
    evidence = default_evidence()
    inside = [[w for at, w in tokens if s.start <= at < s.end] for s in segs]
    return [evidence.lookup_one(words_key(words)) if words else None for words in inside]


def _features(title: str, abstract: str, text: str, seg: Segment, code: int | None) -> list[str]:
    """``features`` with the abstract already lower-cased (``text``) and the segment's evidence code."""
    words = _WORD.findall(seg.text)
    if not words:
        return ["bias"]
    low = [w.lower() for w in words]
    head = low[-1]
    title_words = _WORD.findall(title)
    title_caps = sum(w[:1].isupper() for w in title_words) / max(1, len(title_words))
    style = "titlecase" if title_caps > 0.6 else "sentencecase"
    caps = sum(w[:1].isupper() for w in words)
    cap_shape = "all" if caps == len(words) else "none" if caps == 0 else "some"
    coded = any(any(c.isupper() for c in w[1:]) or any(c.isdigit() for c in w) for w in words)
    after = title[seg.end:].split()
    phrase = seg.text.lower()
    repeats = text.count(phrase)
    first = text.find(phrase)
    feats = ["bias", f"cut:{seg.cut}", f"len:{len(words) if len(words) < 5 else '5+'}", f"style:{style}",
             f"caps:{cap_shape}", f"style-caps:{style}|{cap_shape}", f"head:{head}", f"first:{low[0]}",
             f"head-suffix:{head[-3:]}", f"cut-head:{seg.cut}|{head}", f"coded:{coded}",
             f"hyphen:{'-' in seg.text}", f"head-kind:{_head_kind(head)}", f"cut-head-kind:{seg.cut}|{_head_kind(head)}",
             f"opened:{seg.start > 0}", f"after:{after[0].lower() if after else '-'}",
             f"repeats:{_bucket(repeats)}", f"repeats-caps:{_bucket(repeats)}|{cap_shape}",
             f"head-in-abstract:{_bucket(text.count(head))}"]
    feats += [f"w:{w}" for w in low]
    if code is not None:
        papers, defined, capitalised, headed = unpack(code)
        feats += [f"ev-papers:{papers}", f"ev-defined:{defined}", f"ev-caps:{capitalised}", f"ev-headed:{headed}",
                  f"ev-papers-caps:{papers}|{capitalised}"]
    if len(words) > 1:
        feats.append(f"last2:{low[-2]}|{head}")
    if first >= 0:
        feats.append(f"acronym-after:{bool(_ACRONYM_AFTER.match(abstract, first + len(phrase)))}")
        feats.append(f"introduced:{bool(_INTRO.search(text[max(0, first - 80):first]))}")
        feats.append(f"first-at:{'start' if first < 200 else 'later'}")
    return feats


def _head_kind(head: str) -> str:
    if head in METHOD_HEADS:
        return "method"
    if head in TITLE_TASK_HEADS:
        return "task"
    return "ing" if head.endswith("ing") else "other"


class TitleSegmentModel:
    """Weights over hashed features and the probability a segment needs to be taken as the paper's method."""

    def __init__(self, weights: np.ndarray, threshold: float, bits: int = DIM_BITS):
        self.weights = weights.astype(np.float32)
        self.threshold = float(threshold)
        self.bits = bits
        self._mask = (1 << bits) - 1
        self._rows = self.weights.tolist()  # (a Python list: one feature's weight without a numpy call)

    def probability(self, title: str, abstract: str, seg: Segment, tokens: Tokens = ()) -> float:
        return self._probability(features(title, abstract, seg, tokens))

    def _probability(self, feats: list[str]) -> float:
        # each feature's row as ``relmodel.hashed`` gives it (CRC32), its weight read from a Python list
        rows, mask, crc = self._rows, self._mask, zlib.crc32
        return 1.0 / (1.0 + math.exp(-sum(rows[crc(f.encode("utf-8")) & mask] for f in feats)))

    def best(self, title: str, abstract: str, tokens: Tokens = ()) -> tuple[Segment, float] | None:
        """The most likely segment of ``title`` when it reaches the threshold."""
        scored = [(s, self._probability(f)) for s, f in segment_features(title, abstract, tokens)]
        if not scored:
            return None
        seg, p = max(scored, key=lambda x: x[1])
        return (seg, p) if p >= self.threshold else None

    def save(self, path: Path) -> None:
        rows = np.flatnonzero(self.weights)
        np.savez_compressed(path, bits=np.array(self.bits), rows=rows.astype(np.int32),
                            values=self.weights[rows].astype(np.float16), threshold=np.array(self.threshold))

    @classmethod
    def load(cls, path: Path) -> "TitleSegmentModel":
        with np.load(path) as z:
            bits = int(z["bits"])
            weights = np.zeros(1 << bits, dtype=np.float32)
            weights[z["rows"]] = z["values"].astype(np.float32)
            return cls(weights, float(z["threshold"]), bits)


def examples(docs: list[dict], tokenizer: Callable) -> list[tuple[list[str], int]]:
    """(features, label) of every segment of labelled documents (``training.gold_documents``: "texts" [title,
    abstract] and the "gold" record): 1 when the segment is, word for word, a name of a method the paper proposes.
    ``tokenizer``: the extraction pipeline's (``build_pipeline().tokenizer``), which made the titles' tokens."""
    out = []
    for d in docs:
        title, abstract = d["texts"]
        proposed = set().union(*(entity_names(m) for m in d["gold"].get("methods", []) if m.get("role") == "proposed"))
        out += [(f, int(seg.text.lower() in proposed))
                for seg, f in segment_features(title, abstract, tokens_of(tokenizer(title)))]
    return out


def fit(docs: list[dict], tokenizer: Callable, threshold: float = THRESHOLD, seed: int = 0) -> TitleSegmentModel:
    """A model trained on labelled documents (see ``examples``)."""
    return TitleSegmentModel(train(examples(docs, tokenizer), seed=seed), threshold)


def train(data: list[tuple[list[str], int]], *, epochs: int = 8, rate: float = 0.1, l2: float = 1e-5, seed: int = 0,
          bits: int = DIM_BITS) -> np.ndarray:
    """Logistic regression by AdaGrad over shuffled examples, deterministic for a given seed."""
    rng = np.random.default_rng(seed)
    rows = [np.unique(hashed(f, bits)) for f, _ in data]
    w = np.zeros(1 << bits, dtype=np.float64)
    g2 = np.full(1 << bits, 1e-6, dtype=np.float64)
    for _ in range(epochs):
        for k in rng.permutation(len(data)):
            ids = rows[k]
            p = 1.0 / (1.0 + np.exp(-w[ids].sum()))
            grad = (p - data[k][1]) + l2 * w[ids]
            g2[ids] += grad * grad
            w[ids] -= rate * grad / np.sqrt(g2[ids])
    return w.astype(np.float32)


_slot: ModelSlot[TitleSegmentModel] = ModelSlot(
    lambda: TitleSegmentModel.load(MODEL_PATH) if MODEL_PATH.exists() else None)
packaged_model = _slot.packaged  # the shipped model, or None (then the title rules alone decide)
active_model = _slot.active  # the model ``paper.py`` uses: the one set by ``using_model``, else the packaged one
using_model = _slot.using  # ``with using_model(model):`` titles are read with it (None: no segment model)

"""The trained relation classifier: which lineage relation, if any, a sentence states between two methods.

Candidates are ordered pairs of method mentions in one sentence (at most ``MAX_GAP`` characters apart), plus the
paper's own method where the text points to it instead of naming it ("our method", "the proposed model", "it",
"we"). Each pair becomes a bag of hashed string features (the words between, around, the kinds of the two
mentions, and which hand-written rule of ``lineage.py`` fired for it); a logistic regression scores it, one
softmax over NONE and the four types and one over the direction, and a relation is kept when its type's
probability reaches the model's threshold (chosen for
precision by cross-validation, see ``scripts/cv_relations.py``). Cheap on purpose: a few dozen CRC32 hashes and
one row sum per pair, only in sentences with two or more mentions.

The weights are package data (``data/relations.npz``), trained by ``scripts/train_relations.py``.

>>> model = RelationModel.empty()
>>> model.scores(["bias", "w:extends"]).round(2).tolist()
[0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .slots import ModelSlot

LABELS = ("NONE", "EXTENDS>", "EXTENDS<", "USES>", "USES<", "OUTPERFORMS>", "OUTPERFORMS<",
          "COMPARED_WITH>", "COMPARED_WITH<")
TYPES = ("EXTENDS", "USES", "OUTPERFORMS", "COMPARED_WITH")
COLUMNS = ("NONE", *TYPES, ">", "<")  # a softmax over the first five, another over the direction
DIM_BITS = 18
MAX_GAP = 250  # characters between the two mentions of a pair
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "relations.npz"
OWN_KIND = "own"

# the paper's own method, pointed to rather than named
OWN_REFERENCE = re.compile(
    r"\b(?:(?:[Oo]ur|[Tt]he\s+proposed|[Tt]his|[Tt]he\s+new|[Tt]he\s+resulting|[Tt]he\s+present)\s+(?:[\w\-]+\s+){0,2}?"
    r"(?:method|approach|model|algorithm|framework|technique|architecture|network|scheme|system|estimator|optimi[sz]er|"
    r"procedure|initiali[sz]ation|descriptor|formulation|solver|strategy|variant|extension|classifier|learner)s?|"
    r"[Ii]t)\b")
# word stems that signal each relation: dense features that generalize from few examples better than n-grams
_CUES = {
    "ext": re.compile(r"\b(?:varian|versio|extens|extend|generali[sz]|build|built|inspired|modif|adapt|improv|refine|"
                      r"based\s+on|upon|special\s+case|instance|family)", re.I),
    "use": re.compile(r"\b(?:use|using|uses|employ|leverag|utili[sz]|via|combin|incorporat|integrat|adopt|appl|rel(?:y|ies)|"
                      r"exploit|equipped|through|trained\s+with|with)\b", re.I),
    "out": re.compile(r"\b(?:outperform|better|superior|surpass|beat|improv|higher|faster|lower|fewer|than|gains?|"
                      r"state-of-the-art|advantage)", re.I),
    "cmp": re.compile(r"\b(?:compar|versus|vs|against|relative|than|baseline|competitive|similar|match)", re.I),
}
_TOKEN = re.compile(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]")


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (12, "9-12"), (20, "13-20")):
        if n <= limit:
            return name
    return "21+"


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


@dataclass(frozen=True)
class Span:
    """A mention in a sentence: ``kind`` is "method" or "own" (a pointer to the paper's own method)."""

    kind: str
    key: str
    start: int
    end: int
    surface: str = ""


def own_spans(text: str, taken: list[tuple[int, int]], own_key: str) -> list[Span]:
    """Places where ``text`` points to the paper's own method, outside the named mentions in ``taken``."""
    out = []
    for m in OWN_REFERENCE.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            out.append(Span(OWN_KIND, own_key, m.start(), m.end(), m.group(0).lower()))
    return out


def pair_features(text: str, s_start: int, spans: list[Span], i: int, j: int, rule: str | None,
                  proposed: frozenset[str] | set[str]) -> list[str]:
    """The string features of the pair (spans[i], spans[j]), i < j, in the sentence starting at ``s_start``."""
    a, b = spans[i], spans[j]
    between = text[a.end:b.start]
    inner = [s for s in spans[i + 1:j] if s.start >= a.end and s.end <= b.start]
    if inner:  # other mentions between the two become one placeholder word each
        parts, pos = [], a.end
        for s in inner:
            parts.append(text[pos:s.start])
            parts.append(" MENT " if s.kind != OWN_KIND else " OWNREF ")
            pos = s.end
        parts.append(text[pos:b.start])
        between = "".join(parts)
    words = _tokens(between)
    left = _tokens(text[max(s_start, a.start - 60):a.start])[-3:]
    right = _tokens(text[b.end:b.end + 40])[:2]
    ka = a.surface if a.kind == OWN_KIND else ("prop" if a.key in proposed else "named")
    kb = b.surface if b.kind == OWN_KIND else ("prop" if b.key in proposed else "named")
    feats = ["bias", f"len:{_bucket(len(words))}", f"nm:{min(len(inner), 3)}", f"ka:{ka}", f"kb:{kb}",
             f"kab:{ka}|{kb}", f"rule:{rule}"]
    feats += [f"w:{w}" for w in set(words)]
    padded = ["^", *words, "$"]
    feats += [f"b:{x} {y}" for x, y in zip(padded, padded[1:])]
    if len(words) <= 5:
        feats.append("all:" + " ".join(words))
    if words:
        feats += [f"f:{words[0]}", f"l:{words[-1]}", f"f2:{' '.join(words[:2])}", f"l2:{' '.join(words[-2:])}"]
    feats += [f"L{k}:{w}" for k, w in enumerate(reversed(left))]
    feats.append("Lall:" + " ".join(left[-2:]))
    if not left:
        feats.append("a-opens")
    feats += [f"R{k}:{w}" for k, w in enumerate(right)]
    sentence = text[s_start:b.end + 200]
    for name, cue in _CUES.items():
        if cue.search(between):
            feats += [f"cue:{name}", f"cue:{name}|{ka}", f"cue:{name}|{_bucket(len(words))}"]
        elif cue.search(sentence):
            feats.append(f"scue:{name}")
    if rule:
        feats.append(f"rule-len:{rule}|{_bucket(len(words))}")
    return feats


def hashed(features: list[str], bits: int = DIM_BITS) -> np.ndarray:
    """Feature strings to row indices (CRC32: the same in every process, unlike ``hash``)."""
    mask = (1 << bits) - 1
    return np.fromiter((zlib.crc32(f.encode("utf-8")) & mask for f in features), dtype=np.int64, count=len(features))


def candidate_pairs(text: str, s_start: int, s_end: int, spans: list[Span]) -> list[tuple[int, int]]:
    """(i, j) index pairs of mentions in one sentence worth scoring: different entities, close enough, not nested."""
    inside = [k for k, s in enumerate(spans) if s_start <= s.start and s.end <= s_end]
    out = []
    for x, i in enumerate(inside):
        for j in inside[x + 1:]:
            a, b = spans[i], spans[j]
            if a.key == b.key or b.start < a.end or b.start - a.end > MAX_GAP:
                continue
            if a.kind == OWN_KIND and b.kind == OWN_KIND:
                continue
            out.append((i, j))
    return out


class RelationModel:
    """Weights (rows: hashed features; columns: ``COLUMNS``, a softmax over the relation types and one over the
    direction) and the probability a relation type needs to be kept."""

    def __init__(self, weights: np.ndarray, threshold: float, info: dict | None = None):
        self.weights = weights.astype(np.float32)
        self.threshold = float(threshold)
        self.info = info or {}
        self.bits = int(np.log2(weights.shape[0]))

    @classmethod
    def empty(cls, bits: int = DIM_BITS) -> "RelationModel":
        return cls(np.zeros((1 << bits, len(COLUMNS)), dtype=np.float32), 0.5)

    def scores(self, features: list[str]) -> np.ndarray:
        """Probabilities over ``LABELS`` (type probability times direction probability; NONE alone)."""
        return label_probabilities(self.weights[hashed(features, self.bits)].sum(axis=0))

    def decide(self, features: list[str]) -> tuple[str, float] | None:
        """(label, probability of its type) of the most likely relation when its type reaches the threshold."""
        label, p = best_label(self.weights[hashed(features, self.bits)].sum(axis=0))
        return (label, p) if p >= self.threshold else None

    def save(self, path: Path) -> None:
        """Only the rows training touched, as float16: tens of kB instead of the dense matrix."""
        rows = np.flatnonzero(np.abs(self.weights).sum(axis=1) > 0)
        np.savez_compressed(path, bits=np.array(self.bits), rows=rows.astype(np.int32),
                            values=self.weights[rows].astype(np.float16), threshold=np.array(self.threshold),
                            columns=np.array(COLUMNS), info=np.array(repr(self.info)))

    @classmethod
    def load(cls, path: Path) -> "RelationModel":
        with np.load(path) as z:
            if tuple(str(x) for x in z["columns"]) != COLUMNS:
                raise ValueError(f"{path}: relation model columns {list(z['columns'])} are not this version's "
                                 f"{list(COLUMNS)}; retrain with scripts/train_relations.py")
            bits = int(z["bits"])
            weights = np.zeros((1 << bits, len(COLUMNS)), dtype=np.float32)
            weights[z["rows"]] = z["values"].astype(np.float32)
            return cls(weights, float(z["threshold"]), {"info": str(z["info"])})


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def split_scores(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(type probabilities over NONE + TYPES, direction probabilities over > <) from one row of summed weights."""
    return _softmax(z[:len(TYPES) + 1]), _softmax(z[len(TYPES) + 1:])


def label_probabilities(z: np.ndarray) -> np.ndarray:
    kinds, direction = split_scores(z)
    out = np.empty(len(LABELS))
    out[0] = kinds[0]
    out[1::2] = kinds[1:] * direction[0]
    out[2::2] = kinds[1:] * direction[1]
    return out


def best_label(z: np.ndarray) -> tuple[str, float]:
    """The most likely relation label ("EXTENDS>": the left mention extends the right) and its type probability."""
    kinds, direction = split_scores(z)
    best = int(np.argmax(kinds[1:])) + 1
    return TYPES[best - 1] + (">" if direction[0] >= direction[1] else "<"), float(kinds[best])


_slot: ModelSlot[RelationModel] = ModelSlot(lambda: RelationModel.load(MODEL_PATH) if MODEL_PATH.exists() else None)
packaged_model = _slot.packaged  # the shipped model, or None when the package has none (then the rules alone)
active_model = _slot.active  # what ``lineage.find_relations`` uses: the one set by ``using_model``, else the packaged one
using_model = _slot.using  # ``with using_model(model):`` the extractor classifies relations with it (None: rules only)

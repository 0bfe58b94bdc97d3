"""A trained classifier over candidate spans: is this span the name of a METHOD, a DATASET, or neither?

The component ``scholarkg_spans`` proposes candidate spans from token shapes (runs of content words that contain a
name-like word or end in a method or dataset word, at most ``MAX_LEN`` tokens, never across punctuation or function
words), scores each with a multinomial linear model over hashed lexical, shape and context features, and writes

- ``doc.spans["span_model"]``: the best non-overlapping spans whose method or dataset probability passes the
  model's threshold, labelled "method" or "dataset";
- ``doc.user_data["span_scores"]``: every candidate's character offsets and its (none, method, dataset)
  probabilities, so the resolver can ask the model about spans the rules found.

Everything is vectorised per document with numpy over spaCy's hashed token attributes (no Python loop per feature),
so the component runs at tens of thousands of words per second. The weights are package data
(``data/span_model/weights.npz``) made by ``scripts/train_extractor.py``; hashing uses spaCy's own string hashes, so
the same text gives the same features in every process.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> doc = nlp("We train Deep Belief Networks on MNIST with stochastic gradient descent.")
>>> [doc[s:e].text for s, e in candidate_spans(doc)][:4]
['Deep', 'Deep Belief', 'Deep Belief Networks', 'Belief']
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, ORTH, PREFIX, SHAPE, SUFFIX
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import words

MAX_LEN = 6  # tokens; a hyphen is a token of its own ("K - FAC")
LABELS = ("none", "method", "dataset")
DIM = 1 << 19  # hashed feature rows
DATA = Path(__file__).resolve().parents[1] / "data" / "span_model"

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_P = 1_000_003  # odd: invertible modulo 2**64, so a span's hash comes from two prefix sums
_P_INV = pow(_P, -1, 1 << 64)
_BOUNDARY = np.uint64(0x9E3779B97F4A7C15)  # the "word" before the first and after the last token

# the feature templates; each hashed value is salted with its template's number
TEMPLATES = ("span", "first", "last", "second", "shapes", "last_suffix", "first_prefix", "prev", "prev2", "next",
             "next2", "length", "gaz", "acronym_after", "in_parens", "sentence_start", "head", "prev+shape",
             "shape+next", "first_shape", "last_shape", "name_words", "span_shape_lower", "bias")


def _pow_table(base: int, n: int) -> np.ndarray:
    out = np.empty(n, dtype=np.uint64)
    v = 1
    for i in range(n):
        out[i] = v
        v = (v * base) & 0xFFFFFFFFFFFFFFFF
    return out


_POW = _pow_table(_P, 4096)
_POW_INV = _pow_table(_P_INV, 4096)


class SpanModel:
    """Weights (``DIM`` x 3) and bias of the classifier, with the decision threshold chosen at training time."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, threshold: float = 0.5) -> None:
        self.weights = weights.astype(np.float32, copy=False)
        self.bias = bias.astype(np.float32, copy=False)
        self.threshold = float(threshold)
        self.trained = True

    @classmethod
    def empty(cls) -> "SpanModel":
        """A model that proposes nothing (the component then leaves the decisions to the rules)."""
        model = cls(np.zeros((DIM, 3), np.float32), np.zeros(3, np.float32))
        model.trained = False
        return model

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """(n, 3) probabilities for an (n, templates) matrix of feature rows."""
        if len(features) == 0:
            return np.zeros((0, 3), np.float32)
        logits = self.weights[features].sum(axis=1) + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        """Sparse and half precision: only rows the training touched are stored."""
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = np.nonzero(np.abs(self.weights).max(axis=1) > 1e-4)[0].astype(np.uint32)
        np.savez_compressed(path, rows=rows, values=self.weights[rows].astype(np.float16), bias=self.bias,
                            threshold=np.array(self.threshold), dim=np.array(DIM),
                            trained=np.array(self.trained))

    @classmethod
    def load(cls, path: Path) -> "SpanModel":
        with np.load(path) as z:
            if int(z["dim"]) != DIM:
                raise ValueError(f"{path}: a model of {int(z['dim'])} rows, this code hashes into {DIM}")
            weights = np.zeros((DIM, 3), np.float32)
            weights[z["rows"]] = z["values"].astype(np.float32)
            model = cls(weights, z["bias"], float(z["threshold"]))
            model.trained = bool(z["trained"])
            return model


@functools.lru_cache(maxsize=1)
def default_model() -> SpanModel:
    """The shipped model (package data), or an empty one that proposes nothing when none was trained yet."""
    path = DATA / "weights.npz"
    return SpanModel.load(path) if path.exists() else SpanModel.empty()


# ---------------------------------------------------------------- token classes, computed once per word type

_FUNCTION = words.FUNCTION_WORDS
_HEADS = words.METHOD_HEADS | words.DATASET_HEADS | words.SPAN_TAILS


def _is_function(text: str) -> bool:
    return text.lower() in _FUNCTION


def _is_head(text: str) -> bool:
    return text.lower() in _HEADS


def _is_namey(text: str) -> bool:
    """Capitalised, camel case or with a digit next to a letter: a word that can carry a name."""
    return bool(text) and (text[0].isupper() or any(c.isupper() for c in text[1:]) or
                           (any(c.isdigit() for c in text) and any(c.isalpha() for c in text)))


class _Flags:
    """Lexeme flags of one vocabulary (spaCy computes a flag once per word type)."""

    def __init__(self, vocab) -> None:
        self.function = vocab.add_flag(_is_function)
        self.head = vocab.add_flag(_is_head)
        self.namey = vocab.add_flag(_is_namey)


_flags: dict[int, tuple[object, _Flags]] = {}  # id -> (vocab, flags); the vocab is held so its id stays its own


def _flags_of(vocab) -> _Flags:
    entry = _flags.get(id(vocab))
    if entry is None or entry[0] is not vocab:
        entry = _flags[id(vocab)] = (vocab, _Flags(vocab))
    return entry[1]


def _token_table(doc: Doc) -> np.ndarray:
    flags = _flags_of(doc.vocab)
    return doc.to_array([LOWER, SHAPE, SUFFIX, PREFIX, IDX, LENGTH, IS_PUNCT, IS_SPACE, flags.function, flags.head,
                         flags.namey, ORTH])


def candidate_spans(doc: Doc, table: np.ndarray | None = None) -> list[tuple[int, int]]:
    """Token spans (start, end) worth scoring: inside one run of content words (a hyphen glued to both neighbours
    belongs to the run), not ending in a hyphen, and either holding a name-like word or ending in a method or dataset
    word ("stochastic gradient descent", "Deep Belief Networks", "MNIST")."""
    table = _token_table(doc) if table is None else table
    return [tuple(x) for x in _candidates(doc, table).tolist()]


def _candidates(doc: Doc, t: np.ndarray) -> np.ndarray:
    n = len(doc)
    if n == 0:
        return np.zeros((0, 2), np.int64)
    punct, space, function, head, namey = (t[:, 6] != 0), (t[:, 7] != 0), (t[:, 8] != 0), (t[:, 9] != 0), (t[:, 10] != 0)
    idx, length = t[:, 4].astype(np.int64), t[:, 5].astype(np.int64)
    # a hyphen token glued on both sides joins its neighbours ("K-FAC", "Erdos-Renyi")
    glued = np.zeros(n, bool)
    if n > 2:
        inner = punct[1:-1] & (idx[1:-1] == idx[:-2] + length[:-2]) & (idx[2:] == idx[1:-1] + length[1:-1])
        glued[1:-1] = inner & (t[1:-1, 11] == _HYPHEN)
    breaks = (punct & ~glued) | space | function
    out = []
    run_start = None
    for i in range(n + 1):
        if i == n or breaks[i]:
            if run_start is not None:
                _run(out, run_start, i, glued, head, namey)
                run_start = None
        elif run_start is None:
            run_start = i
    return np.array(out, dtype=np.int64).reshape(-1, 2)


_HYPHEN = np.uint64(0)  # set below from spaCy's hash of "-"


def _run(out: list, s: int, e: int, glued: np.ndarray, head: np.ndarray, namey: np.ndarray) -> None:
    for i in range(s, e):
        if glued[i]:
            continue
        any_name = False
        for j in range(i + 1, min(e, i + MAX_LEN) + 1):
            last = j - 1
            any_name = any_name or bool(namey[last])
            if glued[last]:
                continue
            if any_name or head[last]:
                out.append((i, j))


def features(doc: Doc, spans: np.ndarray, table: np.ndarray | None = None, gaz: dict | None = None) -> np.ndarray:
    """The (n, len(TEMPLATES)) matrix of hashed feature rows for token ``spans`` of ``doc``.

    ``gaz`` maps (start, end) token spans to a gazetteer label hash (exact matches); the component builds it from
    ``doc.spans["gazetteer"]``.
    """
    t = _token_table(doc) if table is None else table
    if len(spans) == 0:
        return np.zeros((0, len(TEMPLATES)), np.int64)
    n = len(doc)
    s, e = spans[:, 0], spans[:, 1]
    lower, shape, suffix, prefix = t[:, 0], t[:, 1], t[:, 2], t[:, 3]
    pad = np.concatenate([[_BOUNDARY, _BOUNDARY], lower, [_BOUNDARY, _BOUNDARY]])
    pshape = np.concatenate([[_BOUNDARY, _BOUNDARY], shape, [_BOUNDARY, _BOUNDARY]])
    with np.errstate(over="ignore"):
        pw = _POW[:n] if n <= len(_POW) else _pow_table(_P, n)
        pinv = _POW_INV[:n] if n <= len(_POW_INV) else _pow_table(_P_INV, n)
        cum_lower = np.concatenate([[np.uint64(0)], np.cumsum(lower * pw, dtype=np.uint64)])
        cum_shape = np.concatenate([[np.uint64(0)], np.cumsum(shape * pw, dtype=np.uint64)])
        span_lower = (cum_lower[e] - cum_lower[s]) * pinv[s]
        span_shape = (cum_shape[e] - cum_shape[s]) * pinv[s]
        length = (e - s).astype(np.uint64)
        namey = t[:, 10].astype(np.uint64)
        cum_namey = np.concatenate([[0], np.cumsum(namey)]).astype(np.uint64)
        name_words = np.minimum(cum_namey[e] - cum_namey[s], 3) * 4 + np.minimum(length, 3)
        second = np.where(e - s > 1, lower[np.minimum(s + 1, n - 1)], _BOUNDARY)
        prev, prev2 = pad[s + 1], pad[s]
        nxt, nxt2 = pad[e + 2], pad[e + 3]
        prev_shape, next_shape = pshape[s + 1], pshape[e + 2]
        gaz_col = np.zeros(len(s), np.uint64)
        if gaz:
            for k, (a, b) in enumerate(spans.tolist()):
                v = gaz.get((a, b))
                if v is not None:
                    gaz_col[k] = v
        acronym = np.zeros(len(s), np.uint64)
        if n:
            paren_open = (lower == _OPEN)
            paren_close = (lower == _CLOSE)
            nx = np.minimum(e, n - 1)
            nx2 = np.minimum(e + 2, n - 1)
            acronym = ((e + 2 < n) & paren_open[nx] & paren_close[nx2]).astype(np.uint64) * (1 + (t[np.minimum(e + 1, n - 1), 10] != 0))
            pv = np.maximum(s - 1, 0)
            in_parens = ((s > 0) & paren_open[pv] & (e < n) & paren_close[nx]).astype(np.uint64)
            sent = ((s == 0) | np.isin(prev, _SENTENCE_ENDS)).astype(np.uint64)
        head = t[e - 1, 9].astype(np.uint64)
        cols = [span_lower, lower[s], lower[e - 1], second, span_shape, suffix[e - 1], prefix[s], prev, prev2, nxt, nxt2,
                length, gaz_col, acronym, in_parens, sent, head * 7 + t[e - 1, 10].astype(np.uint64),
                prev * np.uint64(31) + shape[s], shape[e - 1] * np.uint64(31) + nxt, shape[s], shape[e - 1],
                name_words, span_shape ^ lower[e - 1], np.zeros(len(s), np.uint64)]
        m = np.stack([np.asarray(c).astype(np.uint64) for c in cols], axis=1)
        salts = (np.arange(len(TEMPLATES), dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
        h = (m ^ salts) * np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(31)
    return (h % np.uint64(DIM)).astype(np.int64)


_OPEN = _CLOSE = np.uint64(0)
_SENTENCE_ENDS = np.zeros(0, np.uint64)


def _init_hashes() -> None:
    global _HYPHEN, _OPEN, _CLOSE, _SENTENCE_ENDS
    from spacy.strings import hash_string
    _HYPHEN = np.uint64(hash_string("-"))
    _OPEN, _CLOSE = np.uint64(hash_string("(")), np.uint64(hash_string(")"))
    _SENTENCE_ENDS = np.array([hash_string(x) for x in (".", "!", "?", ":", ";")], np.uint64)


_init_hashes()


def gazetteer_spans(doc: Doc) -> dict[tuple[int, int], np.uint64]:
    """Exact gazetteer matches of ``doc`` as {(start, end): label hash}."""
    return {(sp.start, sp.end): np.uint64(sp.label) for sp in doc.spans.get("gazetteer", [])}


def score_doc(doc: Doc, model: SpanModel) -> tuple[np.ndarray, np.ndarray]:
    """Candidate token spans of ``doc`` and their (n, 3) probabilities."""
    table = _token_table(doc)
    spans = _candidates(doc, table)
    feats = features(doc, spans, table, gazetteer_spans(doc))
    return spans, model.probabilities(feats)


def decode(spans: np.ndarray, probs: np.ndarray, threshold: float) -> list[tuple[int, int, int, float]]:
    """The best non-overlapping spans whose method or dataset probability passes ``threshold``:
    (start, end, label index, probability), greedy by probability."""
    if len(spans) == 0:
        return []
    best = probs[:, 1:].max(axis=1)
    keep = np.nonzero(best >= threshold)[0]
    if len(keep) == 0:
        return []
    order = keep[np.argsort(-best[keep], kind="stable")]
    taken: list[tuple[int, int]] = []
    out = []
    for k in order.tolist():
        a, b = int(spans[k, 0]), int(spans[k, 1])
        if any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        out.append((a, b, 1 + int(probs[k, 1:].argmax()), float(best[k])))
    return sorted(out)


@Language.factory("scholarkg_spans", default_config={"threshold": None})
def make_span_component(nlp: Language, name: str, threshold: float | None):
    """The span classifier as a pipeline component (see the module docstring)."""
    return SpanComponent(nlp, name, threshold=threshold)


class SpanComponent:
    """Scores candidate spans; writes ``doc.spans["span_model"]`` and ``doc.user_data["span_scores"]``."""

    def __init__(self, nlp: Language, name: str = "scholarkg_spans", *, threshold: float | None = None,
                 model: SpanModel | None = None) -> None:
        self.nlp, self.name = nlp, name
        self.model = model or default_model()
        self.threshold = self.model.threshold if threshold is None else threshold

    def __call__(self, doc: Doc) -> Doc:
        if not self.model.trained:
            return doc
        spans, probs = score_doc(doc, self.model)
        if len(spans):
            idx = doc.to_array([IDX, LENGTH]).astype(np.int64)
            starts = idx[spans[:, 0], 0]
            ends = idx[spans[:, 1] - 1, 0] + idx[spans[:, 1] - 1, 1]
        else:
            starts = ends = np.zeros(0, np.int64)
        doc.user_data["span_scores"] = (starts, ends, probs)
        doc.spans["span_model"] = [Span(doc, a, b, label=LABELS[k]) for a, b, k, _ in
                                   decode(spans, probs, self.threshold)]
        return doc

    def to_disk(self, path, *, exclude=()) -> None:
        self.model.save(Path(path) / "weights.npz")

    def from_disk(self, path, *, exclude=()) -> "SpanComponent":
        self.model = SpanModel.load(Path(path) / "weights.npz")
        return self

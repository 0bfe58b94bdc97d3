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

A paper's title and abstract are read together when their docs carry marks (``paper_docs`` sets
``doc.user_data["field"]`` and ``["paper"]``): where a span stands in a title ("Random Binary Mappings for ...") and
whether the paper's other text repeats or defines it are features, and a batch never parts a title from its abstract.
A doc without marks is read as an abstract of its own.

A second opinion: ``data/ner/`` holds spaCy's own entity tagger (tok2vec + a tagger over BILUO entity tags, trained by
``scripts/train_ner.py``). A candidate whose probability falls between ``NER_FLOOR`` and the threshold passes when the
tagger finds exactly that span, with the label the model ranks first; the tagger reads only the sentences that hold
such a candidate (a seventh of the words), so it costs little (see the README).

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
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, ORTH, PREFIX, SHAPE, SUFFIX
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

from . import words
from .lineage import sentence_bounds
from .spanevidence import default_evidence, unpack

MAX_LEN = 6  # tokens; a hyphen is a token of its own ("K - FAC")
LABELS = ("none", "method", "dataset")
DIM = 1 << 19  # hashed feature rows
DATA = Path(__file__).resolve().parents[1] / "data" / "span_model"
NER_PATH = DATA.parent / "ner"  # spaCy's own entity tagger, the second opinion (scripts/train_ner.py)
NER_FLOOR = 0.5  # a span the NER also finds passes at this probability instead of the threshold

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_P = 1_000_003  # odd: invertible modulo 2**64, so a span's hash comes from two prefix sums
_P_INV = pow(_P, -1, 1 << 64)
_BOUNDARY = np.uint64(0x9E3779B97F4A7C15)  # the "word" before the first and after the last token

# the feature templates; each hashed value is salted with its template's number
TEMPLATES = ("span", "first", "last", "second", "shapes", "last_suffix", "first_prefix", "prev", "prev2", "next",
             "next2", "length", "gaz", "acronym_after", "in_parens", "sentence_start", "head", "prev+shape",
             "shape+next", "first_shape", "last_shape", "name_words", "span_shape_lower", "repeats", "defined", "bias",
             "ev_papers", "ev_defined", "ev_caps", "ev_headed", "ev_all",  # ev_: corpus evidence (spanevidence)
             "title_slot", "paper_other")


def _pow_table(base: int, n: int) -> np.ndarray:
    """base**i modulo 2**64 for i < n (numpy's uint64 products wrap modulo 2**64)."""
    out = np.ones(max(n, 1), dtype=np.uint64)
    step, filled = np.uint64(base), 1
    with np.errstate(over="ignore"):
        while filled < n:  # doubling: out[k:2k] = out[:k] * base**k
            take = min(filled, n - filled)
            out[filled:filled + take] = out[:take] * step
            filled += take
            step = step * step if filled == 2 * (filled // 2) else step
    return out[:n]


_POW = _pow_table(_P, 1 << 16)
_POW_INV = _pow_table(_P_INV, 1 << 16)


def _word_hashes(text: str) -> np.ndarray:
    """spaCy's hashes of the space-separated words of ``text``."""
    return np.array([hash_string(w) for w in text.split()], np.uint64)


_POW_INTS = _POW[:64].tolist()  # (Python ints: a title's few words are summed faster without numpy)
_MASK64 = (1 << 64) - 1


def words_key(words: list[str]) -> int:
    """The hash the span model gives a span of these lower-case token texts (its ``span_lower``), the key of the
    corpus evidence table: the same sum modulo 2**64 as the model's arrays, in Python ints."""
    if len(words) > len(_POW_INTS):
        with np.errstate(over="ignore"):
            return int((_word_hashes(" ".join(words)) * _POW[:len(words)]).sum(dtype=np.uint64))
    return sum(hash_string(w) * p for w, p in zip(" ".join(words).split(), _POW_INTS)) & _MASK64


_HYPHEN, _OPEN, _CLOSE = _word_hashes("- ( )")
_SENTENCE_ENDS = _word_hashes(". ! ? : ;")


# where a span stands in a title: after an article at the opening, after a colon, after a word for "by means of",
# after "for" (mostly a task), and whether a word that splits a title ("for", "via", ":") or its end follows it
_ARTICLES = _word_hashes("a an the")
_MEANS = _word_hashes(" ".join(words.MEANS_WORDS))
_FOR = _word_hashes("for")
_COLON = _word_hashes(":")
_TITLE_SPLITS = _word_hashes(" ".join(words.TITLE_SPLIT_WORDS) + " : ? . , -- —")


def paper_docs(nlp: Language, texts, batch_size: int = 64):
    """The processed title and abstract docs of (title, abstract) pairs, in order, each marked with its field and
    its paper's number (``doc.user_data``), so the span model knows a title from an abstract and reads both of a
    paper together."""
    def marked():
        for k, pair in enumerate(texts):
            for field, text in zip(("title", "abstract"), pair):
                doc = nlp.make_doc(text)
                doc.user_data["field"], doc.user_data["paper"] = field, k
                yield doc

    return nlp.pipe(marked(), batch_size=batch_size)


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
        logits = self.weights.take(features, axis=0).sum(axis=1) + self.bias  # take: the same rows, faster than [features]
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
    if text.islower() and text.isalpha():
        return False  # most words, at once: no upper or title case letter (islower), no digit (isalpha)
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


def candidate_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token spans (start, end) worth scoring: inside one run of content words (a hyphen glued to both neighbours
    belongs to the run), not ending in a hyphen, and either holding a name-like word or ending in a method or dataset
    word ("stochastic gradient descent", "Deep Belief Networks", "MNIST")."""
    return [tuple(x) for x in featurize([doc])[0][0].tolist()]


class _Batch:
    """The tokens of several docs end to end: one numpy pass over all of them instead of one per doc (numpy's cost
    per call, not per element, dominates on texts of a few hundred tokens)."""

    def __init__(self, docs: list[Doc]) -> None:
        tables = [_token_table(d) for d in docs]
        self.lengths = np.array([len(d) for d in docs], np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(self.lengths)])
        self.t = np.concatenate(tables) if tables else np.zeros((0, 12), np.uint64)
        n = len(self.t)
        self.doc = np.repeat(np.arange(len(docs)), self.lengths)
        self.first = self.offsets[:-1][self.doc]  # global index of each token's doc start
        self.end = self.offsets[1:][self.doc]  # and of its doc end
        # a doc without marks (a text processed on its own) is an abstract and a paper of its own
        papers: dict[object, int] = {}
        doc_paper = [papers.setdefault(d.user_data.get("paper", ("doc", k)), len(papers)) for k, d in enumerate(docs)]
        self.paper = np.asarray(doc_paper, np.int64)[self.doc] if n else np.zeros(0, np.int64)
        self.title = np.repeat(np.array([d.user_data.get("field") == "title" for d in docs], bool), self.lengths)
        self.gaz: dict[tuple[int, int], int] = {}
        for k, d in enumerate(docs):
            o = int(self.offsets[k])
            for sp in d.spans.get("gazetteer", []):
                self.gaz[(o + sp.start, o + sp.end)] = sp.label
        self.n = n


def _candidates(b: _Batch) -> np.ndarray:
    """Global (start, end) token spans of the batch, ordered by start."""
    t, n = b.t, b.n
    if n == 0:
        return np.zeros((0, 2), np.int64)
    punct, space, function, head, namey = (t[:, 6] != 0), (t[:, 7] != 0), (t[:, 8] != 0), (t[:, 9] != 0), (t[:, 10] != 0)
    idx, length = t[:, 4].astype(np.int64), t[:, 5].astype(np.int64)
    # a hyphen token glued on both sides joins its neighbours ("K-FAC", "Erdos-Renyi")
    glued = np.zeros(n, bool)
    if n > 2:
        same = (b.doc[:-2] == b.doc[2:])
        inner = punct[1:-1] & (idx[1:-1] == idx[:-2] + length[:-2]) & (idx[2:] == idx[1:-1] + length[1:-1])
        glued[1:-1] = inner & same & (t[1:-1, 11] == _HYPHEN)
    breaks = (punct & ~glued) | space | function
    cb = np.concatenate([[0], np.cumsum(breaks)])
    cn = np.concatenate([[0], np.cumsum(namey)])
    starts = np.arange(n)
    ok_start = ~breaks & ~glued
    out = []
    for size in range(1, min(MAX_LEN, n) + 1):
        i = starts[:n - size + 1]
        j = i + size
        ok = ok_start[i] & (cb[j] - cb[i] == 0) & (j <= b.end[i]) & ~glued[j - 1] & ((cn[j] - cn[i] > 0) | head[j - 1])
        sel = i[ok]
        out.append(np.stack([sel, sel + size], axis=1))
    spans = np.concatenate(out)
    return spans[np.argsort(spans[:, 0] * (MAX_LEN + 1) + (spans[:, 1] - spans[:, 0]), kind="stable")]


def _gazetteer_column(gaz: dict[tuple[int, int], int], s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """The gazetteer label of each span (``s``, ``e``) that is exactly a gazetteer match, else 0: one sorted lookup
    (spans and matches coded as start * 2**16 + length), not a dict lookup per candidate."""
    col = np.zeros(len(s), np.uint64)
    matches = [(x << 16 | (y - x), label) for (x, y), label in gaz.items() if 0 < y - x <= MAX_LEN]
    if not matches or not len(s):
        return col
    matches.sort()
    keys = np.array([k for k, _ in matches], np.int64)
    labels = np.array([v for _, v in matches], np.uint64)
    wanted = (s.astype(np.int64) << 16) | (e - s).astype(np.int64)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    hit = keys[at] == wanted
    col[hit] = labels[at[hit]]
    return col


class _Facts:
    """What the features of spans ``s``..``e`` of a batch are made of (arrays, one entry per span)."""

    def __init__(self, b: _Batch, spans: np.ndarray) -> None:
        t, n = b.t, b.n
        s, e = spans[:, 0], spans[:, 1]
        self.s, self.e, self.first, self.end = s, e, b.first[s], b.end[s]
        self.last = n - 1
        with np.errstate(over="ignore"):
            pw = _POW[:n] if n <= len(_POW) else _pow_table(_P, n)
            pinv = _POW_INV[:n] if n <= len(_POW_INV) else _pow_table(_P_INV, n)
            cum_lower = np.concatenate([[np.uint64(0)], np.cumsum(t[:, 0] * pw, dtype=np.uint64)])
            cum_shape = np.concatenate([[np.uint64(0)], np.cumsum(t[:, 1] * pw, dtype=np.uint64)])
            # the hash of the span's lower-case words, the same wherever they stand
            self.span_lower = (cum_lower[e] - cum_lower[s]) * pinv[s]
            self.span_shape = (cum_shape[e] - cum_shape[s]) * pinv[s]
        cum_namey = np.concatenate([[0], np.cumsum(t[:, 10] != 0)]).astype(np.uint64)
        self.namey = cum_namey[e] - cum_namey[s]  # name-like words in the span
        lower = t[:, 0]
        self.prev, self.nxt = self.at(s - 1, s - 1 >= self.first, lower), self.at(e, e < self.end, lower)
        self.acronym = ((self.nxt == _OPEN) & (self.at(e + 2, e + 2 < self.end, lower) == _CLOSE)).astype(np.uint64) * \
            (1 + (self.at(e + 1, e + 1 < self.end, t[:, 10]) != 0)).astype(np.uint64)
        self.sent = ((s == self.first) | np.isin(self.prev, _SENTENCE_ENDS)).astype(np.uint64)
        self._heads, self._lower = t[:, 9], lower

    def at(self, pos: np.ndarray, valid: np.ndarray, col: np.ndarray) -> np.ndarray:
        return np.where(valid, col[np.clip(pos, 0, self.last)], _BOUNDARY)

    def next_head(self) -> np.ndarray:
        """Whether a method or dataset word follows each span (asked by the evidence counts, not by the features)."""
        return (self.e < self.end) & (self.at(self.e, self.e < self.end, self._heads) != 0)


def span_facts(docs: list[Doc]) -> tuple[np.ndarray, _Facts]:
    """The candidate spans of ``docs`` and their facts, batch-wide (``scripts/build_span_evidence.py`` counts them)."""
    b = _Batch(docs)
    spans = _candidates(b)
    return b.doc[spans[:, 0]] if len(spans) else np.zeros(0, np.int64), _Facts(b, spans)


def _features(b: _Batch, spans: np.ndarray) -> np.ndarray:
    """The (n, len(TEMPLATES)) matrix of hashed feature rows for global token ``spans`` of the batch."""
    t = b.t
    if len(spans) == 0:
        return np.zeros((0, len(TEMPLATES)), np.int64)
    f = _Facts(b, spans)
    s, e, first, end, at = f.s, f.e, f.first, f.end, f.at
    lower, shape, suffix, prefix = t[:, 0], t[:, 1], t[:, 2], t[:, 3]
    with np.errstate(over="ignore"):
        span_lower, span_shape, acronym, sent, prev, nxt = f.span_lower, f.span_shape, f.acronym, f.sent, f.prev, f.nxt
        length = (e - s).astype(np.uint64)
        name_words = np.minimum(f.namey, 3) * 4 + np.minimum(length, 3)
        second = at(s + 1, e - s > 1, lower)
        prev2 = at(s - 2, s - 2 >= first, lower)
        nxt2 = at(e + 1, e + 1 < end, lower)
        gaz_col = _gazetteer_column(b.gaz, s, e)
        in_parens = ((prev == _OPEN) & (nxt == _CLOSE)).astype(np.uint64)
        # names recur: how often the same words are a candidate in this text, and whether they stand in parentheses
        # somewhere in it ("... Value Decomposition (SVD) ... SVD")
        key = span_lower + b.doc[s].astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        repeats = np.minimum(counts[inverse], 4).astype(np.uint64)
        defined = np.isin(key, key[in_parens != 0]).astype(np.uint64) + acronym * 2
        # the same words in the paper's other text (a title's name in the abstract), and defined anywhere in the paper
        pkey = span_lower + b.paper[s].astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        _, pinverse, pcounts = np.unique(pkey, return_inverse=True, return_counts=True)
        other = np.minimum(pcounts[pinverse] - counts[inverse], 3).astype(np.uint64)
        paper_defined = np.isin(pkey, pkey[(in_parens != 0) | (acronym != 0)]).astype(np.uint64)
        title = b.title[s].astype(np.uint64)
        slot = _title_slot(f, b.title[s])
        head = t[e - 1, 9].astype(np.uint64)
        cols = [span_lower, lower[s], lower[e - 1], second, span_shape, suffix[e - 1], prefix[s], prev, prev2, nxt, nxt2,
                length, gaz_col, acronym, in_parens, sent, head * 7 + t[e - 1, 10].astype(np.uint64),
                prev * np.uint64(31) + shape[s], shape[e - 1] * np.uint64(31) + nxt, shape[s], shape[e - 1],
                name_words, span_shape ^ lower[e - 1], repeats * 8 + name_words, defined * 16 + name_words,
                np.zeros(len(s), np.uint64)]
        ev = default_evidence().lookup(span_lower).astype(np.uint64)
        papers, ev_defined, caps, headed = unpack(ev)
        cols += [papers * 16 + name_words, ev_defined * 8 + papers, caps * 16 + name_words,
                 headed * 2 + (head != 0), ev, slot * 16 + name_words,
                 (other * 2 + title) * 2 + paper_defined]
        m = np.stack([np.asarray(c).astype(np.uint64) for c in cols], axis=1)
        salts = (np.arange(len(TEMPLATES), dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
        h = (m ^ salts) * np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(31)
    return (h % np.uint64(DIM)).astype(np.int64)


def _title_slot(f: _Facts, in_title: np.ndarray) -> np.ndarray:
    """0 for a span outside a title; else 1 + 2 * where it starts (the opening, after a colon, after "via/using/with",
    after "for", elsewhere) + whether the title splits or ends right after it."""
    s, first = f.s, f.first
    opens = (s == first) | ((s == first + 1) & np.isin(f.at(first, first < f.end, f._lower), _ARTICLES))
    start = np.select([opens, np.isin(f.prev, _COLON), np.isin(f.prev, _MEANS), np.isin(f.prev, _FOR)], [0, 1, 2, 3], 4)
    ends = (f.e == f.end) | np.isin(f.nxt, _TITLE_SPLITS)
    return np.where(in_title, 1 + start * 2 + ends, 0).astype(np.uint64)


def featurize(docs: list[Doc]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per doc: its candidate token spans (k, 2) and their feature rows (k, templates)."""
    return [(sp, f) for sp, f, _ in _featurize(docs)]


def _featurize(docs: list[Doc]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per doc: token spans, feature rows and character offsets (k, 2)."""
    b = _Batch(docs)
    spans = _candidates(b)
    feats = _features(b, spans)
    idx, length = b.t[:, 4].astype(np.int64), b.t[:, 5].astype(np.int64)
    chars = np.stack([idx[spans[:, 0]], idx[spans[:, 1] - 1] + length[spans[:, 1] - 1]], axis=1) if len(spans) else \
        np.zeros((0, 2), np.int64)
    bounds = _bounds(np.searchsorted(spans[:, 0], b.offsets[1:-1]) if len(docs) > 1 else [], len(spans))
    return [(spans[a:z] - b.offsets[k], feats[a:z], chars[a:z]) for k, (a, z) in enumerate(zip(bounds, bounds[1:]))]


def _bounds(cuts, n: int) -> list[int]:
    """0, the cut points, n: where each part starts and ends (slices, the parts np.split gives, without its cost)."""
    return [0, *(int(c) for c in cuts), n]


def score_docs(docs: list[Doc], model: SpanModel) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per doc: candidate token spans, their (k, 3) probabilities and their character offsets, scored in one
    matrix product."""
    parts = _featurize(docs)
    if not parts:
        return []
    probs = model.probabilities(np.concatenate([f for _, f, _ in parts]))
    bounds = _bounds(np.cumsum([len(f) for _, f, _ in parts])[:-1], len(probs))
    return [(sp, probs[a:z], c) for (sp, _, c), a, z in zip(parts, bounds, bounds[1:])]


def score_doc(doc: Doc, model: SpanModel) -> tuple[np.ndarray, np.ndarray]:
    """Candidate token spans of ``doc`` and their (k, 3) probabilities."""
    return score_docs([doc], model)[0][:2]


def decode(spans: np.ndarray, probs: np.ndarray, threshold: float, agreed: np.ndarray | None = None,
           floor: float = NER_FLOOR) -> list[tuple[int, int, int, float]]:
    """The best non-overlapping spans whose method or dataset probability passes ``threshold`` (or ``floor`` where
    ``agreed`` says the NER found the same span with the same label): (start, end, label index, probability), greedy
    by probability."""
    if len(spans) == 0:
        return []
    best = np.maximum(probs[:, 1], probs[:, 2])
    passing = best >= threshold
    if agreed is not None:
        passing |= agreed & (best >= floor)
    keep = np.flatnonzero(passing)
    if len(keep) == 0:
        return []
    ranked = sorted(zip((-best[keep]).tolist(), keep.tolist()))
    taken: list[tuple[int, int]] = []
    out = []
    for neg, k in ranked:
        a, b = int(spans[k, 0]), int(spans[k, 1])
        if any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        out.append((a, b, 1 if probs[k, 1] >= probs[k, 2] else 2, -neg))
    return sorted(out)


@functools.lru_cache(maxsize=1)
def default_ner() -> Language | None:
    """spaCy's entity tagger trained on our gold (``NER_PATH``, made by scripts/train_ner.py), else None."""
    return spacy.load(NER_PATH) if (NER_PATH / "meta.json").exists() else None


def ner_entities(ner: Language, docs: list[Doc], pieces: list[list[tuple[int, int]]] | None = None
                 ) -> list[set[tuple[int, int, int]]]:
    """The (start, end, label index) token spans ``ner`` finds in each of ``docs`` (copies: ours stay as they are);
    with ``pieces``, only in those token ranges of each doc (the NER reads each range as a text of its own)."""
    if pieces is None:
        pieces = [[(0, len(d))] for d in docs]
    owners = [(i, a) for i, ranges in enumerate(pieces) for a, _ in ranges]
    copies = (Doc(ner.vocab, words=[t.text for t in d[a:b]], spaces=[bool(t.whitespace_) for t in d[a:b]])
              for d, ranges in zip(docs, pieces) for a, b in ranges)
    found: list[set[tuple[int, int, int]]] = [set() for _ in docs]
    for (i, a), seen in zip(owners, ner.pipe(copies)):
        found[i].update((a + s, a + e, 1 if label == "METHOD" else 2) for s, e, label in _entities(seen))
    return found


def _entities(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, label) of the entities a pipeline found: its BILUO tags when it tags ("U-METHOD", "B-DATASET",
    ...; a run that does not close is no entity), else ``doc.ents``."""
    if not doc.has_annotation("TAG"):
        return [(e.start, e.end, e.label_) for e in doc.ents]
    out: list[tuple[int, int, str]] = []
    run: tuple[int, str] | None = None  # where the open B-... run started, and its label
    for i, tag in enumerate(t.tag_ for t in doc):
        move, _, label = tag.partition("-")
        if move == "U":
            out.append((i, i + 1, label))
        elif move == "L" and run is not None and run[1] == label:
            out.append((run[0], i + 1, label))
        inside = move == "I" and run is not None and run[1] == label
        run = (i, label) if move == "B" else run if inside else None
    return out


def doubtful_sentences(doc: Doc, spans: np.ndarray, probs: np.ndarray, threshold: float,
                       floor: float = NER_FLOOR) -> list[tuple[int, int]]:
    """Token ranges of the sentences of ``doc`` that hold a candidate between ``floor`` and ``threshold``: the only
    ones where the NER's opinion can change what passes, so the only ones it reads (adjacent ones joined)."""
    if len(spans) == 0:
        return []
    best = np.maximum(probs[:, 1], probs[:, 2])
    doubtful = spans[(best >= floor) & (best < threshold), 0]
    if len(doubtful) == 0:
        return []
    bounds = np.array(sentence_bounds(doc.text), np.int64).reshape(-1, 2)
    first, end = np.searchsorted(doc.to_array(IDX).astype(np.int64), bounds.T)  # each sentence's token range
    held = np.unique(np.searchsorted(first, doubtful, side="right") - 1)  # the sentences doubtful spans start in
    out: list[tuple[int, int]] = []
    for a, b in zip(first[held].tolist(), end[held].tolist()):
        out.append((out.pop()[0], b) if out and out[-1][1] == a else (a, b))
    return out


def agreement(entities: set[tuple[int, int, int]], spans: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """For each candidate span: whether ``entities`` hold exactly it, with the label the model ranks first."""
    label = np.where(probs[:, 1] >= probs[:, 2], 1, 2) if len(probs) else np.zeros(0, int)
    return np.array([(a, b, k) in entities for (a, b), k in zip(spans.tolist(), label.tolist())], bool)


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
        self.ner: Language | None = default_ner()  # spaCy's entity tagger, a second opinion, or None

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, stream, *, batch_size: int = 64):
        """Docs in order, scored a batch at a time."""
        batch: list[Doc] = []
        for doc in stream:  # a batch ends between papers, so a title is scored with its abstract
            if len(batch) >= batch_size and doc.user_data.get("paper", id(doc)) != batch[-1].user_data.get("paper"):
                yield from self._score(batch)
                batch = []
            batch.append(doc)
        if batch:
            yield from self._score(batch)

    def _score(self, docs: list[Doc]) -> list[Doc]:
        if not self.model.trained:
            return docs
        scored = score_docs(docs, self.model)
        entities: list = [None] * len(docs)
        if self.ner is not None:
            entities = ner_entities(self.ner, docs, [doubtful_sentences(doc, spans, probs, self.threshold)
                                                     for doc, (spans, probs, _) in zip(docs, scored)])
        for doc, (spans, probs, chars), found in zip(docs, scored, entities):
            doc.user_data["span_scores"] = (chars[:, 0], chars[:, 1], probs)
            agreed = None if found is None else agreement(found, spans, probs)
            doc.spans["span_model"] = [Span(doc, a, b, label=LABELS[k]) for a, b, k, _ in
                                       decode(spans, probs, self.threshold, agreed)]
        return docs

    def to_disk(self, path, *, exclude=()) -> None:
        self.model.save(Path(path) / "weights.npz")

    def from_disk(self, path, *, exclude=()) -> "SpanComponent":
        self.model = SpanModel.load(Path(path) / "weights.npz")
        return self

"""Training data and training for the span classifier (``spanmodel.py``); used by ``scripts/train_extractor.py`` and
``scripts/cv_extractor.py``.

Three sources of labelled candidate spans, each a list of documents {"texts": [title, abstract], "methods": [name
sets], "datasets": [name sets]}:

- our gold (``../shared/gold/extraction_*.json``): a candidate whose text is a name of a gold entity is that kind,
  every other candidate is "none";
- SciERC (``../shared/data/scierc``): Method spans are methods, Material spans with a name-like word are datasets,
  generic phrases ("the algorithm", "neural networks", one lower-case method word) dropped;
- weak labels on arXiv abstracts (``weak_documents``): the gazetteer's names and the acronyms a text defines for a
  method phrase are positives, generic phrases and the never-a-method list are negatives, the rest is not used.

>>> docs = [{"texts": ["", "We use logistic regression and neural networks."], "methods": [{"logistic regression"}],
...          "datasets": []}]
>>> ex = examples(docs, weight=1.0)
>>> sorted(t for t, y in zip(ex.texts, ex.labels) if y == 1)
['logistic regression']
>>> model = train([ex], epochs=3, seed=0)
>>> bool(model.probabilities(ex.features)[:, 1].argmax() == ex.texts.index("logistic regression"))
True
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from . import spanmodel
from .evaluate import entity_names
from .words import NOT_METHODS, generic  # noqa: F401  (generic: part of this module's surface)


@dataclass
class Examples:
    """Feature rows, labels (0 none, 1 method, 2 dataset), weights, document numbers and span texts."""

    features: np.ndarray
    labels: np.ndarray
    weights: np.ndarray
    groups: np.ndarray
    texts: list[str]

    @classmethod
    def concat(cls, parts: list["Examples"]) -> "Examples":
        parts = [p for p in parts if len(p.labels)]
        if not parts:
            return cls(np.zeros((0, len(spanmodel.TEMPLATES)), np.int64), np.zeros(0, np.int64),
                       np.zeros(0, np.float32), np.zeros(0, np.int64), [])
        return cls(np.concatenate([p.features for p in parts]), np.concatenate([p.labels for p in parts]),
                   np.concatenate([p.weights for p in parts]), np.concatenate([p.groups for p in parts]),
                   [t for p in parts for t in p.texts])


def _nlp():
    from . import build_pipeline

    return build_pipeline()


def gold_documents(path: Path) -> list[dict]:
    """Our gold file as training documents (with its ids)."""
    out = []
    for g in json.loads(Path(path).read_text(encoding="utf-8")):
        out.append({"id": g.get("gid"), "texts": [g.get("title") or "", g.get("abstract") or ""],
                    "methods": [entity_names(m) for m in g.get("methods", [])],
                    "datasets": [entity_names(d) for d in g.get("datasets", [])], "gold": g})
    return out


def scierc_documents(path: Path) -> list[dict]:
    """SciERC JSON Lines as training documents, Method/Material mapped and generic phrases filtered."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            tokens = [t for s in d["sentences"] for t in s]
            methods, datasets = [], []
            for sent in d["ner"]:
                for start, end, label in sent:
                    text = " ".join(tokens[start:end + 1])
                    if label == "Method" and not generic(text):
                        methods.append({text.lower()})
                    elif label == "Material" and spanmodel._is_namey(text) and not generic(text):
                        datasets.append({text.lower()})
            out.append({"id": d.get("doc_key"), "texts": ["", " ".join(tokens)], "methods": methods,
                        "datasets": datasets})
    return out


def examples(docs: list[dict], weight: float, nlp=None, group_offset: int = 0, weak: bool = False) -> Examples:
    """Candidate spans of ``docs`` with their features and labels (see the module docstring)."""
    nlp = nlp or _nlp()
    feats, labels, groups, texts = [], [], [], []
    for n, d in enumerate(docs):
        method_names = set().union(*d["methods"]) if d["methods"] else set()
        dataset_names = set().union(*d["datasets"]) if d["datasets"] else set()
        negatives = d.get("negatives", set())
        parsed = list(spanmodel.paper_docs(nlp, [d["texts"]]))
        for doc, (spans, f) in zip(parsed, spanmodel.featurize(parsed)):
            for k, (a, b) in enumerate(spans.tolist()):
                text = doc[a:b].text
                low = text.lower()
                if low in method_names:
                    y = 1
                elif low in dataset_names:
                    y = 2
                elif weak and not (low in negatives or generic(text)):
                    continue  # unlabelled: the weak labels only know their positives and the generic phrases
                else:
                    y = 0
                feats.append(f[k])
                labels.append(y)
                groups.append(group_offset + n)
                texts.append(text)
    m = np.array(feats, np.int64).reshape(-1, len(spanmodel.TEMPLATES))
    return Examples(m, np.array(labels, np.int64), np.full(len(labels), weight, np.float32),
                    np.array(groups, np.int64), texts)


def weak_documents(papers: Iterable, nlp=None, exclude: set[str] = frozenset()) -> list[dict]:
    """Weak labels for arXiv papers: the gazetteer's matches (two or more characters, names of several words or with
    a capital) and defined acronyms of method phrases are positives; papers whose title is in ``exclude`` (lower
    case) are left out, so the gold we test on never trains the model through this door."""
    from .acronyms import acronym_definitions
    from .words import is_method_phrase

    nlp = nlp or _nlp()
    out = []
    for p in papers:
        title, abstract = p.title or "", p.abstract or ""
        if title.lower() in exclude or not abstract:
            continue
        methods, datasets = set(), set()
        for doc in nlp.pipe([title, abstract]):
            for sp in doc.spans.get("gazetteer", []):
                t = sp.text
                if len(t) < 3 or (t.islower() and " " not in t) or generic(t):
                    continue
                (methods if sp.label_ == "method" else datasets).add(t.lower())
        for d in acronym_definitions(abstract):
            if is_method_phrase(d.long):
                methods |= {d.long.lower(), d.short.lower()}
        out.append({"id": p.key, "texts": [title, abstract], "methods": [{m} for m in methods],
                    "datasets": [{d} for d in datasets - methods], "negatives": set(NOT_METHODS)})
    return out


def train(parts: list[Examples], *, epochs: int = 6, seed: int = 0, rate: float = 0.2, l2: float = 1e-6,
          batch: int = 128, none_weight: float = 1.0) -> spanmodel.SpanModel:
    """Multinomial logistic regression over hashed features by AdaGrad, seeded and single-threaded."""
    data = Examples.concat(parts)
    rng = np.random.default_rng(seed)
    W = np.zeros((spanmodel.DIM, 3), np.float32)
    G = np.full((spanmodel.DIM, 3), 1e-6, np.float32)
    b = np.zeros(3, np.float32)
    gb = np.full(3, 1e-6, np.float32)
    n = len(data.labels)
    onehot = np.eye(3, dtype=np.float32)[data.labels]
    sample_w = data.weights * np.where(data.labels == 0, none_weight, 1.0).astype(np.float32)
    T = data.features.shape[1]
    for _ in range(epochs):
        order = rng.permutation(n)
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            F = data.features[idx]
            logits = W[F].sum(axis=1) + b
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            g = (p - onehot[idx]) * sample_w[idx, None]
            rows, inverse = np.unique(F.ravel(), return_inverse=True)
            grad = np.zeros((len(rows), 3), np.float32)
            np.add.at(grad, inverse, np.repeat(g, T, axis=0))
            grad += l2 * W[rows]
            G[rows] += grad * grad
            W[rows] -= rate * grad / np.sqrt(G[rows])
            gsum = g.sum(axis=0)
            gb += gsum * gsum
            b -= rate * gsum / np.sqrt(gb)
    return spanmodel.SpanModel(W, b)

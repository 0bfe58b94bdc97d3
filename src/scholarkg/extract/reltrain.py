"""Training data and training for the relation classifier (``relmodel``), shared by the scripts that train and
cross-validate it (``scripts/train_relations.py``, ``scripts/cv_relations.py``).

Examples come from our gold abstracts (every gold method located in the abstract by its names; a pair is labelled
with the gold relation between the two entities, else NONE) and from SciERC sentences (Method spans, and Generic
spans such as "our approach"; USED-FOR and PART-OF between methods give USES from the user to the part,
HYPONYM-OF gives EXTENDS, COMPARE gives COMPARED_WITH; every other pair NONE).

>>> doc = {"abstract": "We propose Foo, a variant of Adam. It beats SGD.", "methods": [
...     {"text": "Foo", "canonical": "Foo", "aliases": [], "role": "proposed"},
...     {"text": "Adam", "canonical": "Adam", "aliases": [], "role": "used"},
...     {"text": "SGD", "canonical": "SGD", "aliases": [], "role": "used"}],
...     "relations": [{"type": "EXTENDS", "source": "Foo", "target": "Adam"}]}
>>> sorted((label, feats[1]) for feats, label in gold_examples(doc))
[('EXTENDS>', 'len:4-5'), ('NONE', 'len:1')]
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

import numpy as np

from ..errors import InputError
from .lineage import Located, candidates, rule_relations
from .relmodel import (COLUMNS, DIM_BITS, OWN_KIND, OWN_REFERENCE, TYPES, RelationModel, Span, best_label, hashed,
                       pair_features, split_scores)

SCIERC_MAP = {"USED-FOR": ("USES", True), "PART-OF": ("USES", True), "HYPONYM-OF": ("EXTENDS", False),
              "COMPARE": ("COMPARED_WITH", False)}  # (type, True when the second argument is the head)


def gold_located(doc: dict) -> tuple[list[Located], set[str]]:
    """Every place the abstract names a gold method or dataset (keyed by canonical name) and the proposed keys."""
    text = doc.get("abstract") or ""
    found: list[Located] = []
    for kind in ("methods", "datasets"):
        for m in doc.get(kind, []):
            key = m["canonical"]
            names = sorted({m["text"], key, *m.get("aliases", [])} - {""}, key=len, reverse=True)
            for flags in (0, re.I):
                hits = [(h.start(), h.end()) for n in names
                        for h in re.finditer(rf"(?<![\w\-]){re.escape(n)}(?![\w\-])", text, flags)]
                if hits:
                    break
            found += [Located(kind[:-1], key, s, e) for s, e in hits]
    found.sort(key=lambda x: (x.start, -x.end))
    kept: list[Located] = []
    for x in found:  # the longest mention wins where two overlap ("Fast R-CNN" over "R-CNN")
        if kept and x.start < kept[-1].end:
            if (x.end - x.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = x
            continue
        kept.append(x)
    proposed = {m["canonical"] for m in doc.get("methods", []) if m.get("role") in ("proposed", "proposes")}
    return kept, proposed


def gold_examples(doc: dict) -> Iterator[tuple[list[str], str]]:
    """(features, label) of every candidate pair of a gold abstract, located with ``gold_located``."""
    text = doc.get("abstract") or ""
    located, proposed = gold_located(doc)
    canon = {}
    for m in doc.get("methods", []):
        for n in {m["text"], m["canonical"], *m.get("aliases", [])}:
            canon[n.lower()] = m["canonical"]
    gold = {}
    for r in doc.get("relations", []):
        if r["type"] in ("EXTENDS", "USES", "OUTPERFORMS", "COMPARED_WITH"):
            s, t = canon.get(r["source"].lower(), r["source"]), canon.get(r["target"].lower(), r["target"])
            gold[(s, t)] = r["type"]
    rules = rule_relations(text, located, proposed, set())
    rule_of = {(r.evidence, r.head, r.tail): r.type for r in rules if r.type != "EVALUATED_ON"}
    nearest: dict[frozenset, tuple[int, list[str], str]] = {}
    for a, b, sentence, rest in candidates(text, located, proposed, set(), rule_of):
        if (a.key, b.key) in gold:
            label = gold[(a.key, b.key)] + ">"
        elif (b.key, a.key) in gold:
            label = gold[(b.key, a.key)] + "<"
        else:
            yield pair_features(text, sentence[0], *rest), "NONE"
            continue
        # gold says which entities are related, not where: only the closest pair of mentions is taken as the place
        # that states it; the others are left out (neither positive nor negative)
        pair = frozenset((a.key, b.key))
        gap = b.start - a.end
        if pair not in nearest or gap < nearest[pair][0]:
            nearest[pair] = (gap, pair_features(text, sentence[0], *rest), label)
    for _, feats, label in nearest.values():
        yield feats, label


def scierc_examples(path: Path, kinds: tuple[str, ...] = ()) -> Iterator[tuple[list[str], str]]:
    """(features, label) of the method pairs of every SciERC sentence in the JSON Lines file ``path``; with
    ``kinds`` (e.g. "Task", "Material") pairs of those spans too, for the wording of relations in general."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                sentences, ner, rels = d["sentences"], d["ner"], d["relations"]
            except (ValueError, KeyError) as e:
                raise InputError(f"not a SciERC record: {e}", path=str(path), record=f"line {n}") from e
            offset = 0
            for tokens, spans, relations in zip(sentences, ner, rels):
                yield from _scierc_sentence(tokens, offset, spans, relations, frozenset(kinds))
                offset += len(tokens)


def _scierc_sentence(tokens: list[str], offset: int, ner: list, relations: list, every_kind: frozenset = frozenset()
                     ) -> Iterator[tuple[list[str], str]]:
    starts, pos = [], 0
    for t in tokens:
        starts.append(pos)
        pos += len(t) + 1
    text = " ".join(tokens)
    spans = []
    for s, e, label in ner:
        a, b = starts[s - offset], starts[e - offset] + len(tokens[e - offset])
        surface = text[a:b]
        if label == "Method" or (label in every_kind and label != "Generic"):
            spans.append(Span("method", f"{s}-{e}", a, b))
        elif label == "Generic" and OWN_REFERENCE.fullmatch(surface):
            spans.append(Span(OWN_KIND, f"{s}-{e}", a, b, surface.lower()))
    if len(spans) < 2:
        return
    spans.sort(key=lambda x: x.start)
    gold = {}
    for s1, e1, s2, e2, label in relations:
        if label in SCIERC_MAP:
            kind, second_is_head = SCIERC_MAP[label]
            head, tail = (f"{s2}-{e2}", f"{s1}-{e1}") if second_is_head else (f"{s1}-{e1}", f"{s2}-{e2}")
            gold[(head, tail)] = kind
    located = [Located("method", x.key, x.start, x.end) for x in spans if x.kind == "method"]
    rule_of = {(r.evidence, r.head, r.tail): r.type for r in rule_relations(text, located, set(), set())
               if r.type != "EVALUATED_ON"}
    for i in range(len(spans)):
        for j in range(i + 1, len(spans)):
            a, b = spans[i], spans[j]
            if b.start < a.end or (a.kind == OWN_KIND and b.kind == OWN_KIND):
                continue
            rule = rule_of.get((text, a.key, b.key))
            rule = f"{rule}>" if rule else (f"{rule_of[(text, b.key, a.key)]}<" if (text, b.key, a.key) in rule_of
                                            else None)
            label = (gold[(a.key, b.key)] + ">" if (a.key, b.key) in gold else
                     gold[(b.key, a.key)] + "<" if (b.key, a.key) in gold else "NONE")
            yield pair_features(text, 0, spans, i, j, rule, frozenset()), label


def train(examples: list[tuple[list[str], str]], weights: list[float] | None = None, *, epochs: int = 5,
          rate: float = 0.05, seed: int = 0, bits: int = DIM_BITS) -> np.ndarray:
    """Logistic regression by AdaGrad over shuffled examples, deterministic for a given seed: the type softmax
    learns from every pair, the direction softmax from the related pairs only."""
    rng = np.random.default_rng(seed)
    n_types = len(TYPES) + 1
    rows = [np.unique(hashed(f, bits)) for f, _ in examples]
    kinds = [0 if y == "NONE" else TYPES.index(y[:-1]) + 1 for _, y in examples]
    direction = [None if y == "NONE" else (0 if y.endswith(">") else 1) for _, y in examples]
    ws = weights or [1.0] * len(examples)
    w = np.zeros((1 << bits, len(COLUMNS)), dtype=np.float64)
    g2 = np.full((1 << bits, len(COLUMNS)), 1e-6, dtype=np.float64)
    for _ in range(epochs):
        for k in rng.permutation(len(examples)):
            ids = rows[k]
            z = w[ids].sum(axis=0)
            p_kind, p_dir = split_scores(z)
            grad = np.zeros(len(COLUMNS))
            grad[:n_types] = p_kind
            grad[kinds[k]] -= 1.0
            if direction[k] is not None:
                grad[n_types:] = p_dir
                grad[n_types + direction[k]] -= 1.0
            grad *= ws[k]
            g2[ids] += grad * grad
            w[ids] -= rate * grad / np.sqrt(g2[ids])
    return w.astype(np.float32)


def decisions(w: np.ndarray, examples: list[tuple[list[str], str]], bits: int = DIM_BITS) -> list[tuple[str, float]]:
    """(best relation label, its type probability) of each example under weights ``w``."""
    return [best_label(w[hashed(f, bits)].sum(axis=0)) for f, _ in examples]


def choose_threshold(decided: list[tuple[str, float]], labels: list[str], precision: float) -> tuple[float, dict]:
    """The lowest probability threshold whose kept pairs reach ``precision`` (pair level; ties kept together),
    with the precision and recall it gives; the most precise threshold when none reaches it."""
    positives = sum(1 for y in labels if y != "NONE")
    ranked = sorted(zip(decided, labels), key=lambda x: -x[0][1])
    options, tp = [], 0
    for n, ((label, p), gold) in enumerate(ranked, 1):
        tp += label == gold
        if n == len(ranked) or ranked[n][0][1] < p:
            options.append((p, tp / n, tp / max(1, positives)))
    ok = [o for o in options if o[1] >= precision and o[2] > 0]
    pick = min(ok, key=lambda o: o[0]) if ok else max(options, key=lambda o: (o[1], o[2]))
    return float(pick[0]), {"precision": round(pick[1], 4), "recall": round(pick[2], 4)}


def fit(docs: list[dict], extra: list[tuple[list[str], str]] = (), *, extra_weight: float = 1.0,
        precision: float = 0.75, folds: int = 4, seed: int = 0, doc_weights: list[float] | None = None
        ) -> RelationModel:
    """A model trained on the gold ``docs`` (plus ``extra`` examples, e.g. SciERC's, weighted ``extra_weight``;
    each doc's pairs weighted by ``doc_weights``, default 1), its threshold the lowest that reached ``precision`` on
    pairs of held-out docs in a ``folds``-fold cross-validation inside ``docs`` (doc n in fold n % folds: shuffle
    before calling)."""
    per_doc = [list(gold_examples(d)) for d in docs]
    dw = list(doc_weights) if doc_weights is not None else [1.0] * len(docs)
    extra = list(extra)

    def weighted(held: int | None) -> tuple[list, list[float]]:  # every doc's pairs but those of fold ``held``
        ex = [(e, dw[n]) for n, d in enumerate(per_doc) if held is None or n % folds != held for e in d]
        return [e for e, _ in ex] + extra, [x for _, x in ex] + [extra_weight] * len(extra)

    decided, labels = [], []
    for k in range(folds):
        test = [e for n, ex in enumerate(per_doc) if n % folds == k for e in ex]
        w = train(*weighted(k), seed=seed)
        decided += decisions(w, test)
        labels += [y for _, y in test]
    threshold, reached = choose_threshold(decided, labels, precision)
    every = [e for ex in per_doc for e in ex]
    w = train(*weighted(None), seed=seed)
    info = {"gold_docs": len(docs), "gold_pairs": len(every), "extra_pairs": len(extra), "extra_weight": extra_weight,
            "target_precision": precision, "inner_cv_pairs": reached, "seed": seed}
    return RelationModel(w, threshold, info)


class RulePairs:
    """Stands in for the model while the extractor runs over a corpus and keeps, for every candidate pair, its
    features (without the rule's own verdict) labelled with what the rules said: weak labels that teach the model
    the wording around the rules' relations, so it can find the same relations worded a little differently.

    >>> from scholarkg.extract.relmodel import using_model
    >>> from scholarkg.extract.lineage import Located, find_relations
    >>> text = "Foo extends Adam."
    >>> with using_model(RulePairs()) as seen:
    ...     _ = find_relations(text, [Located("method", "foo", 0, 3), Located("method", "adam", 12, 16)], set(), set())
    >>> [label for _, label in seen.examples]
    ['EXTENDS>']
    """

    sees_rule_pairs = True

    def __init__(self) -> None:
        self.examples: list[tuple[list[str], str]] = []

    def decide(self, features: list[str]) -> None:
        rule = next((f[5:] for f in features if f.startswith("rule:")), "None")
        self.examples.append((without_rule(features), "NONE" if rule == "None" else rule))
        return None


def without_rule(features: list[str]) -> list[str]:
    """The features minus the rules' verdict (a model trained on weak labels from the rules must not see it)."""
    return [f for f in features if not f.startswith(("rule:", "rule-len:"))]

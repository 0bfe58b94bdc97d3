"""What a large corpus says about a candidate's words, as a few small codes the span model reads as features.

Whether "contrastive divergence" or "VFDT" names a method is mostly a property of the words, and one abstract seldom
shows enough of it: across tens of thousands of abstracts the same words are defined with an acronym, written
capitalised mid-sentence, or followed by "algorithm" / "model" often or never. ``scripts/build_span_evidence.py``
counts this over the arXiv corpus for every candidate span (``spanmodel.candidate_spans``) that occurs in at least
two abstracts, and stores, per lower-cased word sequence (its hash as the span model computes it), one code:

- papers: in how many abstracts it is a candidate (0: one or none, 1: 2-3, 2: 4-15, 3: 16-63, 4: 64 or more);
- defined: how often a parenthesised acronym follows it (0: at most once, 1: 2-4 times, 2: more);
- capitalised: the share of its occurrences away from a sentence's start that hold a capitalised word (0: none,
  1: below 0.3, 2: below 0.7, 3: above);
- headed: the share followed by a method or dataset word (0: none, 1: below 0.1, 2: below 0.3, 3: above).

Words seen in one abstract only get the code of words never seen, so an abstract of the corpus and one from
elsewhere look alike to the model. The table is package data (``data/span_model/evidence.npz``: sorted 64-bit word
hashes and their 16-bit codes); without it every code is 0 and the model reads nothing from it.

>>> code = pack(papers=3, defined=1, capitalised=2, headed=0)
>>> unpack(code)
(3, 1, 2, 0)
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

PATH = Path(__file__).resolve().parents[1] / "data" / "span_model" / "evidence.npz"


def pack(papers, defined, capitalised, headed):
    """One code of the four parts (ints or numpy arrays of them): the only place that knows the bit layout, with
    ``unpack``."""
    return papers | defined << 3 | capitalised << 5 | headed << 7


def unpack(code):
    """(papers, defined, capitalised, headed) of a code (an int or a numpy array of them)."""
    return code & 7, code >> 3 & 3, code >> 5 & 3, code >> 7 & 3


def codes_of(papers: np.ndarray, defined: np.ndarray, capitalised: np.ndarray, headed: np.ndarray,
             occurrences: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """Codes from counts per word sequence: the abstracts it occurs in, its occurrences, those followed by an acronym,
    those away from a sentence start (``inner``) and of them the capitalised ones, and those followed by a head word."""
    p = np.digitize(papers, [2, 4, 16, 64])
    d = np.digitize(defined, [2, 5])
    cap_share = np.divide(capitalised, inner, out=np.zeros(len(inner)), where=inner > 0)
    c = np.where(capitalised == 0, 0, np.digitize(cap_share, [0.3, 0.7]) + 1)
    head_share = headed / np.maximum(occurrences, 1)
    h = np.where(headed == 0, 0, np.digitize(head_share, [0.1, 0.3]) + 1)
    return np.where(papers >= 2, pack(p, d, c, h), 0).astype(np.uint16)


class Evidence:
    """The table: ``lookup(keys)`` gives each key's code (0 for keys it does not hold)."""

    def __init__(self, keys: np.ndarray, codes: np.ndarray) -> None:
        order = np.argsort(keys, kind="stable")
        self.keys = np.ascontiguousarray(keys[order], dtype=np.uint64)
        self.codes = np.ascontiguousarray(codes[order], dtype=np.uint16)

    @classmethod
    def empty(cls) -> "Evidence":
        return cls(np.zeros(0, np.uint64), np.zeros(0, np.uint16))

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        if len(self.keys) == 0:
            return np.zeros(len(keys), np.uint16)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(self.keys[at] == keys, self.codes[at], 0).astype(np.uint16)

    def lookup_one(self, key: int) -> int:
        """``lookup`` of one key (numpy's scalar search: a title's one or two keys cost less than arrays)."""
        at = int(self.keys.searchsorted(np.uint64(key)))
        return int(self.codes[at]) if at < len(self.keys) and int(self.keys[at]) == key else 0

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, keys=self.keys, codes=self.codes)

    @classmethod
    def load(cls, path: Path) -> "Evidence":
        with np.load(path) as z:
            return cls(z["keys"], z["codes"])


@functools.lru_cache(maxsize=1)
def default_evidence() -> Evidence:
    """The shipped table, or an empty one."""
    return Evidence.load(PATH) if PATH.exists() else Evidence.empty()

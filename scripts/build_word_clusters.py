#!/usr/bin/env python3
"""Build the word clusters the span model uses as features (src/scholarkg/data/span_model/clusters.npz).

The span model's lexical features only know words the gold and SciERC show it; a name built of words it never saw
("Sinkhorn iterations", "Wasserstein autoencoder") looks like any other capitalised phrase. Words that occur in the
same contexts across the 102k-paper arXiv corpus (../shared/data/arxiv-oai-cs-2016; no labels are used) fall into the
same cluster, so what the model learns about one word carries to its neighbours.

Method, all numpy: the ``--words`` most frequent lower-cased tokens (spaCy's tokenizer, the same one the extractor
runs) are rows; columns are the ``--contexts`` most frequent tokens seen right before, right after, and anywhere within
four tokens; counts become positive pointwise mutual information (context distribution smoothed with power 0.75), a
seeded randomized SVD gives ``--dims`` dimensions, rows are scaled to unit length, and seeded k-means makes two
partitions (``--coarse`` and ``--fine`` clusters). Each token is keyed by spaCy's 64-bit hash of its lower-case form,
as the extractor's token tables hold it, so the lookup needs no strings.

Usage: python scripts/build_word_clusters.py [--words 40000] [--contexts 3000] [--dims 100] [--coarse 128]
       [--fine 1024] [--seed 0] [--out PATH]
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one BLAS thread: the same sums, so the same clusters, on any machine

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
WINDOW = 4


def corpus_tokens(corpus: Path, limit: int | None = None) -> list[np.ndarray]:
    """Per paper, the LOWER hashes of its title and abstract tokens (title, then a boundary, then abstract)."""
    import spacy
    from spacy.attrs import LOWER

    from scholarkg.sources import iter_papers

    nlp = spacy.blank("en")
    pages = sorted(corpus.glob("*.xml.gz"), key=lambda p: int(p.name.split(".")[0]))
    papers = itertools.islice(iter_papers(pages, format="arxiv-oai"), limit)
    texts = (f"{p.title or ''}\n\n{p.abstract or ''}" for p in papers)
    out = []
    for doc in nlp.tokenizer.pipe(texts, batch_size=256):
        keep = [t.i for t in doc if not t.is_space]
        out.append(doc.to_array([LOWER])[keep].astype(np.uint64))
    return out


def count_matrix(docs: list[np.ndarray], n_words: int, n_contexts: int) -> tuple[np.ndarray, np.ndarray]:
    """The vocabulary (hashes of the ``n_words`` most frequent tokens, ties by hash) and the (words, 3 * contexts)
    co-occurrence counts: context right before, right after, and anywhere within ``WINDOW`` tokens."""
    allt = np.concatenate(docs)
    uniq, counts = np.unique(allt, return_counts=True)
    order = np.lexsort((uniq, -counts))  # most frequent first, then by hash: deterministic
    vocab = np.sort(uniq[order[:n_words]])
    contexts = np.sort(uniq[order[:n_contexts]])

    def index(values: np.ndarray, table: np.ndarray) -> np.ndarray:
        pos = np.clip(np.searchsorted(table, values), 0, len(table) - 1)
        return np.where(table[pos] == values, pos, -1)

    # all papers end to end, WINDOW gaps between them, so no window reaches into the next paper
    gap = np.full(WINDOW, -1, np.int64)
    w = np.concatenate([x for d in docs for x in (index(d, vocab), gap)])
    c = np.concatenate([x for d in docs for x in (index(d, contexts), gap)])
    nc = len(contexts)
    m = np.zeros(len(vocab) * 3 * nc, np.float32)

    def add(a: np.ndarray, b: np.ndarray, block: int) -> None:
        ok = (a >= 0) & (b >= 0)
        m[:] += np.bincount(a[ok] * (3 * nc) + block * nc + b[ok], minlength=len(m)).astype(np.float32)

    for off in range(1, WINDOW + 1):
        if off == 1:
            add(w[1:], c[:-1], 0)  # the context right before the word
            add(w[:-1], c[1:], 1)  # right after
        add(w[off:], c[:-off], 2)
        add(w[:-off], c[off:], 2)
    return vocab, m.reshape(len(vocab), 3 * nc)


def ppmi(m: np.ndarray) -> np.ndarray:
    """Positive pointwise mutual information, with the context distribution raised to 0.75 (rare contexts would
    otherwise dominate)."""
    total = m.sum()
    rows = m.sum(axis=1, keepdims=True)
    cols = m.sum(axis=0, keepdims=True) ** 0.75
    cols /= cols.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(m * (1.0 / total)) - np.log(rows / total) - np.log(cols)
    pmi[~np.isfinite(pmi)] = 0
    return np.maximum(pmi, 0).astype(np.float32)


def randomized_svd(m: np.ndarray, dims: int, seed: int, iters: int = 4) -> np.ndarray:
    """The rows of ``m`` in its top ``dims`` singular directions (U * S), by Halko et al.'s randomized range finder."""
    rng = np.random.default_rng(seed)
    q = m @ rng.standard_normal((m.shape[1], dims + 20)).astype(np.float32)
    for _ in range(iters):
        q, _ = np.linalg.qr(q)
        q, _ = np.linalg.qr(m.T @ q)
        q = m @ q
    q, _ = np.linalg.qr(q)
    u, s, _ = np.linalg.svd(q.T @ m, full_matrices=False)
    return (q @ u[:, :dims]) * s[:dims]


def kmeans(x: np.ndarray, k: int, seed: int, iters: int = 25) -> np.ndarray:
    """Cluster numbers of the rows of ``x`` (unit rows; cosine k-means), k-means++ seeded."""
    rng = np.random.default_rng(seed)
    n = len(x)
    centers = [x[rng.integers(n)]]
    d2 = np.full(n, np.inf, np.float32)
    for _ in range(1, k):
        d2 = np.minimum(d2, ((x - centers[-1]) ** 2).sum(axis=1))
        centers.append(x[rng.choice(n, p=d2 / d2.sum())])
    c = np.stack(centers)
    labels = np.zeros(n, np.int64)
    for _ in range(iters):
        labels = np.concatenate([(x[i:i + 8192] @ c.T).argmax(axis=1) for i in range(0, n, 8192)])
        sums = np.zeros_like(c)
        np.add.at(sums, labels, x)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        c = np.where(norms > 0, sums / np.maximum(norms, 1e-12), c)
    return labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=40000)
    ap.add_argument("--contexts", type=int, default=3000)
    ap.add_argument("--dims", type=int, default=100)
    ap.add_argument("--coarse", type=int, default=128)
    ap.add_argument("--fine", type=int, default=1024)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=None, help="only the first N papers (a quick trial)")
    ap.add_argument("--out", type=Path, default=ROOT / "src/scholarkg/data/span_model/clusters.npz")
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = corpus_tokens(SHARED / "data/arxiv-oai-cs-2016", args.limit)
    print(f"{len(docs)} papers, {sum(len(d) for d in docs)} tokens ({time.perf_counter() - t0:.0f} s)")
    vocab, m = count_matrix(docs, args.words, args.contexts)
    print(f"counts {m.shape} ({time.perf_counter() - t0:.0f} s)")
    x = randomized_svd(ppmi(m), args.dims, args.seed)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    print(f"svd ({time.perf_counter() - t0:.0f} s)")
    coarse = kmeans(x, args.coarse, args.seed)
    fine = kmeans(x, args.fine, args.seed + 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, keys=vocab, coarse=coarse.astype(np.uint16), fine=fine.astype(np.uint16))
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()[:16]
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(vocab)} words, sha256 {digest}) in "
          f"{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()

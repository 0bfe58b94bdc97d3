"""The extractor: methods, datasets, in-text citations and method lineage from titles and abstracts.

The spaCy pipeline is ``spacy.blank("en")`` + ``scholarkg_gazetteer`` + ``scholarkg_citations``;
it works offline right after install. Paper-level rules run over the processed title and abstract together
(``paper.py``): acronym definitions (``acronyms.py``), how abstracts name and introduce methods (``naming.py``),
what titles name (``titles.py``), lineage sentences (``lineage.py``), over shared word lists (``words.py``).
``evaluate.py`` scores all of it against annotated abstracts. This package works on the papers it is given, in this
process (``extract_chunk``); ``scholarkg.pipeline`` spreads chunks over processes (``extract_many``,
``extract_stream``).

>>> from scholarkg.model import Paper, SourceRef
>>> p = Paper(key="t", title="Fast Things", source=SourceRef("-", "x", "1"),
...           abstract="We propose Sparse Momentum Tuning (SMT), a new variant of Adam. SMT outperforms AdamW on CIFAR-10.")
>>> ex = extract(p)
>>> sorted((m.name, m.role) for m in ex.methods)
[('Adam', 'uses'), ('AdamW', 'uses'), ('Sparse Momentum Tuning', 'proposes')]
>>> for relation in sorted((r.type, r.head, r.tail) for r in ex.relations):
...     print(relation)
('EVALUATED_ON', 'sparse-momentum-tuning', 'cifar-10')
('EXTENDS', 'sparse-momentum-tuning', 'adam')
('OUTPERFORMS', 'sparse-momentum-tuning', 'adamw')
"""
from __future__ import annotations

import functools
from typing import Iterable, Iterator

import spacy
from spacy.language import Language

from ..model import Extraction, Paper
from . import citations as _citations  # noqa: F401  (importing registers the spaCy factory)
from . import gazetteer as _gazetteer  # noqa: F401
from . import spanmodel as _spanmodel  # noqa: F401
from .spanmodel import paper_docs
from .lineage import sentence_bounds  # noqa: F401  (part of the package's surface)
from .paper import paper_candidates, paper_extraction, slug  # noqa: F401
from .resolver import Candidate
from .words import NOT_METHODS  # noqa: F401

MAX_CHARS = 20000  # longer abstracts are cut here: real abstracts are far shorter
# Chunks (whitespace-separated strings) whose tokens spaCy's tokenizer remembers; it remembers the first ones it
# meets outside a memory zone (see WARM_PAPERS) and no more. spaCy's default, 10,000, fills within a few hundred
# abstracts; the words of the first WARM_PAPERS papers fit in this many, and a chunk found here skips the affix
# regexes and the lexicon lookups (a few MB per process).
TOKENIZER_CACHE = 200_000


def build_pipeline() -> Language:
    """A fresh pipeline (``spacy.blank("en")`` + our components)."""
    nlp = spacy.blank("en")
    # spaCy keeps "AdamW." whole (a full stop after a capital reads as an abbreviation); names like it end sentences
    suffixes = list(nlp.Defaults.suffixes) + [r"(?<=[a-z][A-Z])\."]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
    nlp.add_pipe("scholarkg_gazetteer")
    nlp.add_pipe("scholarkg_spans")  # after the gazetteer: its matches are features of the span model
    nlp.add_pipe("scholarkg_citations")
    return nlp


@functools.lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The shared pipeline of this process."""
    return build_pipeline()


def extract(paper: Paper) -> Extraction:
    """What one paper's title and abstract say."""
    return extract_chunk([paper])[0]


def extract_chunk(papers: Iterable[Paper]) -> list[Extraction]:
    """Extractions for a chunk of papers, in this process. The words spaCy first meets in the chunk are forgotten
    afterwards (a memory zone), so a long run's memory does not grow with its vocabulary."""
    return _extract_batch([_texts(p) for p in papers])


def _texts(paper: Paper) -> tuple[str, str]:
    return (paper.title or "")[:MAX_CHARS], (paper.abstract or "")[:MAX_CHARS]


# The first papers a process reads are extracted outside any memory zone, so the words they teach spaCy (the
# common ones) stay in its vocabulary and tokenizer cache for good; words first met later are forgotten after
# their chunk. Memory thus stops growing after WARM_PAPERS papers while the cache keeps its hits. 20,000 rather than
# 3,000: a word first met later costs a new lexeme in every chunk it appears in, and with the longer warm-up a
# process spent about 5% less CPU on the next 20,000 arXiv abstracts (32.4 s against 34.2 s, two runs each) for
# about 25 MB more memory per process (2026-12-07).
WARM_PAPERS = 20_000
_seen = 0


def _extract_batch(texts: list[tuple[str, str]]) -> list[Extraction]:
    global _seen
    nlp = load_pipeline()
    if _seen < WARM_PAPERS:
        _seen += len(texts)
        return list(_extract_texts(texts, 64))
    with nlp.memory_zone():
        return list(_extract_texts(texts, 64))


def extract_with_candidates(papers: Iterable[Paper]) -> Iterator[tuple[Extraction, list[Candidate]]]:
    """(extraction, candidates) per paper, in this process: what each rule and the span model proposed before the
    resolver decided (``scholarkg eval`` scores each rule with them)."""
    nlp = load_pipeline()
    gaz = nlp.get_pipe("scholarkg_gazetteer")
    texts = [_texts(p) for p in papers]
    docs = paper_docs(nlp, texts, 64)
    for title, abstract in texts:
        title_doc = next(docs)
        abstract_doc = next(docs)
        yield paper_candidates(gaz, title, abstract, title_doc, abstract_doc)


def _extract_texts(texts: list[tuple[str, str]], batch_size: int) -> Iterator[Extraction]:
    nlp = load_pipeline()
    gaz = nlp.get_pipe("scholarkg_gazetteer")
    docs = paper_docs(nlp, texts, batch_size)
    for title, abstract in texts:
        title_doc = next(docs)
        abstract_doc = next(docs)
        yield paper_extraction(gaz, title, abstract, title_doc, abstract_doc)

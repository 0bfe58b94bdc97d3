"""The extractor: methods, datasets, in-text citations and method lineage from titles and abstracts.

The spaCy pipeline is ``spacy.blank("en")`` + ``scholarkg_gazetteer`` + ``scholarkg_citations``;
it works offline right after install. Paper-level rules (acronym definitions, how a paper introduces its own
methods, roles, lineage) run over the processed title and abstract together.

>>> from scholarkg.model import Paper, SourceRef
>>> p = Paper(key="t", title="Fast Things", source=SourceRef("-", "x", "1"),
...           abstract="We propose Sparse Momentum Tuning (SMT), a new variant of Adam. SMT outperforms AdamW on CIFAR-10.")
>>> ex = extract(p)
>>> sorted((m.name, m.role) for m in ex.methods)
[('Adam', 'uses'), ('AdamW', 'uses'), ('Sparse Momentum Tuning', 'proposes')]
>>> sorted((r.type, r.head, r.tail) for r in ex.relations)
[('EVALUATED_ON', 'sparse-momentum-tuning', 'cifar-10'), ('EXTENDS', 'sparse-momentum-tuning', 'adam'), ('OUTPERFORMS', 'sparse-momentum-tuning', 'adamw')]
"""
from __future__ import annotations

import functools
import re
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..model import Citation, Extraction, Mention, Paper
from .citations import find_citations  # (importing registers the spaCy factory)
from . import gazetteer as _gazetteer  # noqa: F401
from .entities import NOT_METHODS, acronym_definitions, after_proposal, is_method_phrase, proposed_names, slug, title_method
from .lineage import Located, find_relations

MAX_CHARS = 20000  # longer abstracts are cut here: real abstracts are far shorter


def build_pipeline() -> Language:
    """A fresh pipeline (``spacy.blank("en")`` + our components)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("scholarkg_gazetteer")
    nlp.add_pipe("scholarkg_citations")
    return nlp


@functools.lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The shared pipeline of this process."""
    return build_pipeline()


def extract(paper: Paper) -> Extraction:
    """What one paper's title and abstract say."""
    return next(extract_many([paper]))


def extract_many(papers: Iterable[Paper], *, n_process: int = 1, batch_size: int = 64) -> Iterator[Extraction]:
    """Extractions for ``papers`` in order; ``n_process`` > 1 runs spaCy over several processes."""
    nlp = load_pipeline()
    papers = list(papers)

    def texts():
        for i, p in enumerate(papers):
            yield (p.title or "")[:MAX_CHARS], (i, "title")
            yield (p.abstract or "")[:MAX_CHARS], (i, "abstract")

    docs: dict[int, dict[str, Doc]] = {}
    for doc, (i, field) in nlp.pipe(texts(), as_tuples=True, n_process=n_process, batch_size=batch_size):
        docs.setdefault(i, {})[field] = doc
    for i in range(len(papers)):
        yield _paper_extraction(nlp, docs[i]["title"], docs[i]["abstract"])


def _paper_extraction(nlp: Language, title: Doc, abstract: Doc) -> Extraction:
    gaz = nlp.get_pipe("scholarkg_gazetteer")
    fields = {"title": title, "abstract": abstract}
    texts = {field: doc.text for field, doc in fields.items()}  # Doc.text rebuilds the string on every access
    found: dict[tuple[str, str], dict] = {}  # (kind, key) -> {name, mentions: [(field, start, end, text)]}
    aliases: dict[str, tuple[str, str, str]] = {}  # surface -> (kind, key, name)
    proposed: set[str] = set()
    redefined: dict[str, tuple[str, str, str]] = {}

    def add(kind: str, key: str, name: str, field: str, start: int, end: int, text: str) -> None:
        entry = found.setdefault((kind, key), {"name": name, "mentions": []})
        if (field, start, end) not in {(f, s, e) for f, s, e, _ in entry["mentions"]}:
            entry["mentions"].append((field, start, end, text))

    for field, doc in fields.items():
        for span in doc.spans.get("gazetteer", []):
            kind, key = span.label_, span.id_
            add(kind, key, gaz.name_of(kind, key), field, span.start_char, span.end_char, span.text)
            aliases[span.text] = (kind, key, gaz.name_of(kind, key))
    for field, text in texts.items():
        for ls, le, long_form, as_, ae, acr in acronym_definitions(text):
            known = aliases.get(long_form) or _known(found, slug(long_form))
            introduced = after_proposal(text, ls)
            if known is None and (is_method_phrase(long_form) or introduced) and long_form.lower() not in NOT_METHODS:
                known = ("method", slug(long_form), long_form)
                redefined[acr] = known  # this paper's own meaning of the acronym wins over the gazetteer's
            known = known or aliases.get(acr)
            if known is None:
                continue
            kind, key, name = known
            if introduced and kind == "method":
                proposed.add(key)
            add(kind, key, name, field, ls, le, long_form)
            add(kind, key, name, field, as_, ae, acr)
            aliases.setdefault(acr, known)
            aliases.setdefault(long_form, known)
        for start, end, name in proposed_names(text):
            known = aliases.get(name) or _known(found, slug(name))
            if known is None:
                if name.lower() in {"a", "an", "the"} or len(name) < 2:
                    continue
                known = ("method", slug(name), name)
                aliases[name] = known
            if known[0] == "method":
                add(*known, field, start, end, name)
                proposed.add(known[1])
    tm = title_method(texts["title"])
    if tm:
        known = aliases.get(tm) or ("method", slug(tm), tm)
        aliases.setdefault(tm, known)
        if known[0] == "method":
            add(*known, "title", 0, len(tm), tm)
            proposed.add(known[1])
    # bare uses of acronyms and names defined above ("RCC encodes ...")
    surfaces = sorted((s for s in aliases if len(s) >= 2), key=len, reverse=True)
    if surfaces:
        any_surface = re.compile(r"(?<![\w\-])(?:" + "|".join(map(re.escape, surfaces)) + r")(?![\w\-])")
        for field, text in texts.items():
            for m in any_surface.finditer(text):
                kind, key, name = aliases[m.group(0)]
                add(kind, key, name, field, m.start(), m.end(), m.group(0))
    aliases.update(redefined)
    _reassign(found, redefined)
    _merge_acronyms(found, proposed)
    _drop_nested(found)
    methods, datasets = [], []
    for (kind, key), entry in sorted(found.items(), key=lambda kv: _first(kv[1])):
        field, start, end, text = min(entry["mentions"], key=lambda m: (m[0] != "title", m[1]))
        role = "proposes" if key in proposed else "uses"
        mention = Mention(kind, entry["name"], key, text, field, start, end, role)
        (methods if kind == "method" else datasets).append(mention)
    located = [Located(kind, key, s, e) for (kind, key), entry in found.items()
               for f, s, e, _ in entry["mentions"] if f == "abstract"]
    sentences = sentence_bounds(texts["abstract"])
    relations = find_relations(texts["abstract"], sentences, located, proposed)
    cites = find_citations(texts["title"], "title") + [Citation(**c) for c in abstract._.citations or []]
    return Extraction(tuple(methods), tuple(datasets), tuple(relations), tuple(cites))


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]%])[.!?](?=\s+[A-Z(\[])")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets: a cheap rule that serves lineage (a sentence ends at ". " before a capital).

    >>> sentence_bounds("We use Adam. It works (e.g. on MNIST). Done")
    [(0, 12), (13, 38), (39, 43)]
    """
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.end()))
        start = m.end() + 1
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def _reassign(found: dict, redefined: dict) -> None:
    """Mentions of an acronym the paper defines itself belong to the paper's entity, not the gazetteer's."""
    for acr, (kind, key, name) in redefined.items():
        for k, entry in list(found.items()):
            if k == (kind, key):
                continue
            moved = [m for m in entry["mentions"] if m[3] == acr]
            if moved:
                entry["mentions"] = [m for m in entry["mentions"] if m[3] != acr]
                found.setdefault((kind, key), {"name": name, "mentions": []})["mentions"].extend(moved)
                if not entry["mentions"]:
                    del found[k]


def _merge_acronyms(found: dict, proposed: set[str]) -> None:
    """A proposed one-word name whose capitals are the initials of another proposed name is its short form
    ("CDiffuser" for "Contrastive Diffuser")."""
    long_names = {k: e["name"] for k, e in found.items() if k[1] in proposed and len(e["name"].split()) > 1}
    for k, entry in list(found.items()):
        name = entry["name"]
        if k[1] not in proposed or " " in name:
            continue
        caps = "".join(c for c in name if c.isupper())
        for lk, long_name in long_names.items():
            initials = "".join(w[0].upper() for w in re.split(r"[\s\-]+", long_name) if w and w[0].isalpha())
            if lk != k and len(caps) >= 2 and caps == initials:
                found[lk]["mentions"].extend(entry["mentions"])
                del found[k]
                proposed.discard(k[1])
                break


def _drop_nested(found: dict) -> None:
    """A mention inside a longer mention of another entity ("Momentum" in "Sparse Momentum Tuning") is not one."""
    spans = [(f, s, e, k) for k, entry in found.items() for f, s, e, _ in entry["mentions"]]
    for k, entry in list(found.items()):
        entry["mentions"] = [
            (f, s, e, t) for f, s, e, t in entry["mentions"]
            if not any(f2 == f and k2 != k and s2 <= s and e <= e2 and (e2 - s2) > (e - s) for f2, s2, e2, k2 in spans)
        ]
        if not entry["mentions"]:
            del found[k]


def _known(found: dict, key: str):
    for (kind, k), entry in found.items():
        if k == key:
            return kind, k, entry["name"]
    return None


def _first(entry: dict) -> tuple:
    return min((m[0] != "title", m[1]) for m in entry["mentions"])

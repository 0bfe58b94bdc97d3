"""Known methods and datasets: a phrase matcher over the names and aliases in ``data/gazetteer/*.jsonl``.

Names with capitals or digits ("Adam", "K-FAC", "CIFAR-10") match exactly as written; names of two or more words
match in any case when they are lower case in the list or end in a method word ("Thompson Sampling" finds
"Thompson sampling"), so title case finds them too. Single lower-case words ("dropout") match as written or
capitalised. Method names of several words and acronyms also match in the plural ("normalizing flows", "VAEs").
Matches go to ``doc.spans["gazetteer"]`` with the span label "method" or "dataset" and the canonical key in
``span.id_``.

>>> nlp = spacy.blank("en")
>>> gaz = Gazetteer(nlp, entries={"methods": [{"key": "normalizing-flow", "name": "Normalizing Flow", "aliases": []}],
...                               "datasets": [{"key": "mnist", "name": "MNIST", "aliases": []}]})
>>> doc = gaz(nlp("Two normalizing flows on MNIST."))
>>> [(s.text, s.label_, s.id_) for s in doc.spans["gazetteer"]]
[('normalizing flows', 'method', 'normalizing-flow'), ('MNIST', 'dataset', 'mnist')]
>>> gaz.lookup("normalizing flow"), gaz.lookup("Mnist")
(('method', 'normalizing-flow', 'Normalizing Flow'), None)
"""
from __future__ import annotations

import json
from pathlib import Path

import spacy  # noqa: F401  (the doctest builds a blank pipeline)
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..resources import resource
from .words import METHOD_HEADS, NOT_METHODS, plural
from .words import USE_SUFFIXES as _USE_SUFFIXES

KINDS = ("methods", "datasets")


def load_entries(folder: Path | None = None) -> dict[str, list[dict]]:
    folder = folder or resource("data", "gazetteer")
    out = {}
    for kind in KINDS:
        with open(Path(folder) / f"{kind}.jsonl", encoding="utf-8") as f:
            out[kind] = [json.loads(line) for line in f if line.strip()]
    return out


@Language.factory("scholarkg_gazetteer", default_config={})
def make_gazetteer(nlp: Language, name: str) -> "Gazetteer":
    return Gazetteer(nlp, name)


def _forms(label: str, name: str, aliases: list[str]) -> tuple[set[str], set[str]]:
    """(exact forms, case-folded forms) under which an entry is matched."""
    exact, folded = set(), set()
    for form in {name, *aliases}:
        words = form.split()
        if label == "method" and form.lower() in NOT_METHODS:
            continue  # generic ("fine-tuning", "linear layer"): listed somewhere, never one technique
        variants = [form]
        if label == "method" and (len(words) >= 2 or (form.isupper() and 2 <= len(form) <= 6)):
            variants.append(plural(form))
        for v in variants:
            low = v.lower()
            if label == "method" and low in NOT_METHODS:
                continue
            if len(words) >= 2 and low not in NOT_METHODS and (v == low or low.rsplit(" ", 1)[-1] in METHOD_HEADS):
                folded.add(v)
            else:
                exact.add(v)
                if len(words) == 1 and v.islower() and label == "method":  # "Dropout" opening a sentence
                    exact.add(v.capitalize())
    return exact, folded


class Gazetteer:
    """spaCy component: finds known methods and datasets."""

    def __init__(self, nlp: Language, name: str = "scholarkg_gazetteer", entries: dict | None = None):
        self.nlp, self.name = nlp, name
        self.entries = entries if entries is not None else load_entries()
        # a lexeme flag, computed once per word type: words that look coined ("DeiT", "S4", "MINE")
        self.coded_flag = nlp.vocab.add_flag(looks_coded)
        self._build()

    def _build(self) -> None:
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.canonical: dict[str, tuple[str, str]] = {}  # match id -> (kind, name)
        self.forms: dict[str, tuple[str, str, str]] = {}  # exact form -> (kind, key, name)
        self.folded_forms: dict[str, tuple[str, str, str]] = {}  # lower-cased multi-word form -> (kind, key, name)
        exact_patterns: dict[str, list[str]] = {}
        folded_patterns: dict[str, list[str]] = {}
        for kind in KINDS:
            label = kind[:-1]
            for e in self.entries[kind]:
                match_id = f"{label}|{e['key']}"
                self.canonical[match_id] = (label, e["name"])
                found = (label, e["key"], e["name"])
                exact, folded = _forms(label, e["name"], e.get("aliases", []))
                for form in exact:
                    self.forms.setdefault(form, found)
                for form in folded:
                    self.folded_forms.setdefault(form.lower(), found)
                exact_patterns[match_id] = sorted(exact)
                folded_patterns[match_id] = sorted(folded)
        tokenizer = _pattern_tokenizer(self.nlp)
        for match_id, forms in exact_patterns.items():
            if forms:
                self.exact.add(match_id, list(tokenizer.pipe(forms)))
        for match_id, forms in folded_patterns.items():
            if forms:
                self.folded.add(match_id, list(tokenizer.pipe(forms)))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        strings = self.nlp.vocab.strings
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                label, key = strings[match_id].split("|", 1)
                span = Span(doc, start, end, label=label, span_id=key)
                if _whole_words(doc, span):
                    spans.append(span)
        doc.spans["gazetteer"] = filter_spans(spans) if len(spans) > 1 else spans
        return doc

    def name_of(self, label: str, key: str) -> str:
        return self.canonical.get(f"{label}|{key}", (label, key))[1]

    def lookup(self, form: str) -> tuple[str, str, str] | None:
        """The (kind, key, name) a surface form names, or None."""
        return self.forms.get(form) or (self.folded_forms.get(form.lower()) if " " in form else None)

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for kind in KINDS:
            with open(path / f"{kind}.jsonl", "w", encoding="utf-8") as f:
                for e in self.entries[kind]:
                    f.write(json.dumps(e, ensure_ascii=False) + "\n")

    def from_disk(self, path, *, exclude=()) -> "Gazetteer":
        self.entries = load_entries(Path(path))
        self._build()
        return self


def coined_offsets(doc: Doc, flag: int) -> list[int]:
    """Where the tokens flagged by ``flag`` (see ``looks_coded``) start, as character offsets."""
    hits = doc.to_array(flag).nonzero()[0]
    return [doc[int(i)].idx for i in hits]


def looks_coded(word: str) -> bool:
    """A word that can only be a coined name: an inner capital after lower case, a letter and a digit, or all capitals.

    >>> [w for w in ("DeiT", "S4", "MINE", "Adam", "the", "x", "2024") if looks_coded(w)]
    ['DeiT', 'S4', 'MINE']
    """
    if len(word) < 2 or word.islower() or word.isdigit():
        return False
    if word.isupper():
        return any(c.isalpha() for c in word)
    prev = ""
    for c in word:
        if (c.isupper() and prev.islower()) or (c.isdigit() and prev.isalpha()):
            return True
        prev = c
    return False


def _pattern_tokenizer(nlp: Language):
    """A copy of the pipeline's tokenizer for the patterns: the tokenizer caches at most 10,000 chunks, and
    filling that cache with thousands of names would leave no room for the text the pipeline reads."""
    tok = nlp.tokenizer
    if not isinstance(tok, Tokenizer):
        return tok
    return Tokenizer(nlp.vocab, rules=tok.rules, prefix_search=tok.prefix_search, suffix_search=tok.suffix_search,
                     infix_finditer=tok.infix_finditer, token_match=tok.token_match, url_match=tok.url_match,
                     faster_heuristics=tok.faster_heuristics)


def _whole_words(doc: Doc, span: Span) -> bool:
    """Reject matches glued to a longer hyphenated word ("Adam-atan2", "...-X"), but keep version suffixes
    ("ResNet-18") and uses ("flow-based", "Transformer-like")."""
    if span.start > 1:
        before = doc[span.start - 1]
        if not before.whitespace_ and before.text == "-":
            return False
    if span.end + 1 < len(doc) and not span[-1].whitespace_ and doc[span.end].text == "-":
        nxt = doc[span.end + 1].text
        return not nxt[:1].isalnum() or nxt[:1].isdigit() or nxt.isupper() or nxt.lower() in _USE_SUFFIXES
    return True


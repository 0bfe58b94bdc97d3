"""Known methods and datasets: a phrase matcher over the names and aliases in ``data/gazetteer/*.jsonl``.

Names with capitals or digits ("Adam", "K-FAC", "CIFAR-10") match exactly as written; names of two or more
lower-case words ("stochastic gradient descent") match in any case, so title case finds them too. Single
lower-case words ("dropout") match as written or capitalised. Matches go to ``doc.spans["gazetteer"]`` with the
span label "method" or "dataset" and the canonical key in ``span.id_``.
"""
from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..resources import resource

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


class Gazetteer:
    """spaCy component: finds known methods and datasets."""

    def __init__(self, nlp: Language, name: str = "scholarkg_gazetteer", entries: dict | None = None):
        self.nlp, self.name = nlp, name
        self.entries = entries if entries is not None else load_entries()
        self._build()

    def _build(self) -> None:
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.canonical: dict[str, tuple[str, str]] = {}  # match id -> (kind, name)
        for kind in KINDS:
            label = kind[:-1]
            for e in self.entries[kind]:
                match_id = f"{label}|{e['key']}"
                self.canonical[match_id] = (label, e["name"])
                exact, folded = [], []
                for form in {e["name"], *e.get("aliases", [])}:
                    words = form.split()
                    if len(words) >= 2 and form == form.lower():
                        folded.append(form)
                    else:
                        exact.append(form)
                        if len(words) == 1 and form.islower():
                            exact.append(form.capitalize())
                if exact:
                    self.exact.add(match_id, list(self.nlp.tokenizer.pipe(exact)))
                if folded:
                    self.folded.add(match_id, list(self.nlp.tokenizer.pipe(folded)))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                label, key = self.nlp.vocab.strings[match_id].split("|", 1)
                span = Span(doc, start, end, label=label, span_id=key)
                if _whole_words(doc, span):
                    spans.append(span)
        doc.spans["gazetteer"] = filter_spans(spans)
        return doc

    def name_of(self, label: str, key: str) -> str:
        return self.canonical.get(f"{label}|{key}", (label, key))[1]

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


def _whole_words(doc: Doc, span: Span) -> bool:
    """Reject matches glued to more word characters ("ImageNet" inside "ImageNet-style" is fine, "Adam" in
    "Adamson" cannot happen with tokens, but "GD" inside "SGD-like" splits oddly)."""
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and not before.whitespace_ and before.text == "-" and span.start > 1:
        return False  # "...-X": part of a longer hyphenated name
    if after is not None and not span[-1].whitespace_ and after.text == "-" and span.end + 1 < len(doc) \
            and doc[span.end + 1].text[:1].isalnum() and not doc[span.end + 1].text.isdigit():
        return False  # "X-based", "X-like", "Adam-atan2": not X itself
    return True

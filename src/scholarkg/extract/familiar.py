"""Names the arXiv corpus uses widely, and when a paper may still be proposing one.

A title such as "Doctor AI: Predicting Clinical Events via Recurrent Neural Networks" or "Sensitivity Analysis in
Decision Circuits" names a method the paper works with, not one it introduces; the title rules cannot tell these
from "Locality Preserving Hashing for ..." by the words alone. The corpus can: the span model's evidence table
(``spanevidence``) says in how many abstracts the same words stand as a candidate, and a name in four or more of
them is a familiar one. A familiar name stays the paper's own only where the paper introduces it plainly: the
title is the name, or opens with it before a colon or dash ("Adam: A Method for ...", "Generative Adversarial
Networks"), or a proposal cue points at it in the abstract ("we call our method R-CNN").

On the out-of-fold extractions of the 3,912 labelled abstracts, 229 proposed names were familiar: 47 proposed in the
labels, 182 not; from sixteen abstracts on, 14 and 123. Cross-validated, the proposes role went from F1 0.525 to 0.543
with four abstracts (0.538 with sixteen), every fold higher (2026-12-07).
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .cues import right_after_cue
from .spanevidence import default_evidence, unpack
from .spanmodel import words_key
from .words import title_opening

FAMILIAR = 2  # the evidence's papers code from which a name is familiar: 2 is 4 to 15 abstracts, 3 16 to 63, 4 more

_TITLE_BREAK = re.compile(r"\s*(?:$|:|\s-\s|\s--\s|—|\?)")


def papers_code(doc: Doc, start: int, end: int) -> int:
    """The evidence's papers code of the words of ``doc`` between character offsets ``start`` and ``end``: 0 for
    words in one abstract or none, up to 4 for words in 64 or more."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return 0
    return unpack(default_evidence().lookup_one(words_key([t.lower_ for t in span])))[0]


def familiar(doc: Doc, start: int, end: int) -> bool:
    """True when the words of ``doc`` between character offsets ``start`` and ``end`` are a familiar name."""
    return papers_code(doc, start, end) >= FAMILIAR


def plainly_introduced(mentions, title: str, abstract: str) -> bool:
    """True when the title is the name or opens with it before a break, or a proposal cue in the abstract points at
    one of the ``mentions`` ({(field, start, end): text})."""
    opening = title_opening(title)
    for (field, start, end), _ in mentions.items():
        if field == "title" and start == opening and _TITLE_BREAK.match(title, end):
            return True
        if field == "abstract" and right_after_cue(abstract, start):
            return True
    return False


def drop_familiar_proposals(found, texts: dict[str, str], docs: dict[str, Doc]) -> None:
    """Take the proposed role from methods whose longest mention is a familiar name, unless plainly introduced (the
    longest: an acronym the paper coins for a familiar long form is often rare, "OCO", and one for a new name often
    familiar through other meanings, "CGA")."""
    for key in list(found.proposed):
        mentions = found.mentions.get(("method", key))
        if not mentions or plainly_introduced(mentions, texts["title"], texts["abstract"]):
            continue
        field, start, end = max(mentions, key=lambda m: (m[2] - m[1], m[0] == "title", -m[1]))
        if familiar(docs[field], start, end):
            found.proposed.discard(key)


_VIA = re.compile(r"\bvia\s+(?:an?\s+|the\s+)?\Z", re.I)


def propose_rare_via(found, title: str, title_doc: Doc, known) -> None:
    """A name no list knows and no other arXiv abstract uses, reached by "via" in the title, is the paper's own:
    "Information Retrieval via Truncated Hilbert-Space Expansions" (``known``: name -> listed entity or None). Out of
    fold on the labelled abstracts, 11 such names were found as used; all 11 are proposed in the labels."""
    for (kind, key), mentions in found.mentions.items():
        if kind != "method" or key in found.proposed or known(found.names[(kind, key)]) is not None:
            continue
        for (field, start, end), _ in mentions.items():
            if field == "title" and _VIA.search(title, 0, start) and papers_code(title_doc, start, end) == 0:
                found.proposed.add(key)
                break

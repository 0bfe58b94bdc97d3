"""One resolver over what the rules and the span model propose.

Every rule that finds a name records a ``Candidate`` (where, what kind, which entity, which rule); the span
component (``spanmodel.py``) has scored the candidate spans of each text and picked its own spans
(``doc.spans["span_model"]``). The resolver decides with one explicit table, ``PRIORITY``:

- a rule of priority ``SURE`` (the gazetteer, acronym definitions, proposal cues, versions of known names) is kept
  whatever the model says;
- a rule of priority ``CHECKED`` is kept unless the model scored one of its spans and gives the entity's kind a
  probability below ``DROP_BELOW[CHECKED]`` at every mention;
- a rule of priority ``WEAK`` (names found only by their shape) needs the model's support: below
  ``DROP_BELOW[WEAK]`` it is dropped;
- the model's own spans that overlap nothing kept become entities of their own (rule "model").

>>> PRIORITY["gazetteer"] == SURE, PRIORITY["shape"] == WEAK
(True, True)
"""
from __future__ import annotations

import re
from typing import Container, NamedTuple

from spacy.tokens import Doc

from .spanmodel import LABELS
from ..keys import entity_slug
from .words import GENERIC_MODIFIERS, SENTENCE_STARTERS, generic, kind_of_technique, plural, unsupported_short_dataset

SURE, CHECKED, WEAK = 3, 2, 1

# which rule may decide alone, which the model may overrule
PRIORITY = {
    "gazetteer": SURE,      # a name in the curated lists of several words or a coined one ("K-FAC", "Adam")
    "gazetteer-word": CHECKED,  # a listed name of one plain word ("Jigsaw", "momentum"): often just a word
    "acronym": SURE,        # "Random Cycle Coding (RCC)"
    "proposal": SURE,       # "we propose X", "our method, X"
    "version": SURE,        # "ResNet-50" after a known "ResNet"
    "compact": SURE,        # "CIFAR-10/100"
    "title": CHECKED,       # "AdaNet: A Scalable ..."
    "title-segment": CHECKED,  # "Data-driven Rank Breaking for ...": the trained title-segment classifier
    "called": CHECKED,      # "a technique known as X"
    "list": CHECKED,        # "baselines such as X and Y"
    "sibling": CHECKED,     # "ANN, SVM, ARIMA, GARCH": a short name coordinated with a found method
    "filed": CHECKED,       # "the CMA algorithm": an acronym before a class word
    "cue": CHECKED,         # "an extension of RNNsearch", "outperforms OverFeat"
    "dataset-head": CHECKED,  # "the DomainBed benchmark"
    "model": CHECKED,       # the span model's own pick
    "variant": CHECKED,     # "Fused Lasso", "Improved LMS": capitalised words in front of a found method name
    "shape": WEAK,          # "Barber-Agakov bounds": a capitalised phrase ending in a method word
}
DROP_BELOW = {CHECKED: 0.01, WEAK: 0.2}


class Candidate(NamedTuple):
    """One proposal: a span of a field ("title" or "abstract"), its text, kind, entity key and the rule."""

    field: str
    start: int
    end: int
    text: str
    kind: str
    key: str
    rule: str


def _scores(doc: Doc) -> dict[tuple[int, int], list[float]]:
    """(start, end) character offsets of every span the model scored -> its (none, method, dataset) probabilities."""
    scored = doc.user_data.get("span_scores")
    if scored is None:
        return {}
    starts, ends, probs = scored
    return dict(zip(zip(starts.tolist(), ends.tolist()), probs.tolist()))


def resolve(found, texts: dict[str, str], docs: dict[str, Doc],
            blocked: Container[str] = frozenset()) -> dict[str, tuple[str, str, str]]:
    """Drop the rule entities the table and the model reject, add the model's own spans; returns the surfaces of
    the entities the model added (for re-mentions). ``blocked``: acronyms that name no technique in this paper
    ("base station (BS)", ``acronyms.not_techniques``), which the model's spans do not bring back."""
    strength: dict[tuple[str, str], int] = {}
    for c in found.candidates:
        strength[(c.kind, c.key)] = max(strength.get((c.kind, c.key), 0), PRIORITY[c.rule])
    tables: dict[str, dict] = {}
    for ek, ms in list(found.mentions.items()):
        level = strength.get(ek, SURE)
        if level >= SURE or not ms:
            continue
        best = None
        for (field, s, e) in ms:
            if field not in tables:
                tables[field] = _scores(docs[field])
            p = tables[field].get((s, e))
            if p is not None:
                v = p[LABELS.index(ek[0])]
                best = v if best is None else max(best, v)
        if best is not None and best < DROP_BELOW[level]:
            _drop(found, ek)
    added: dict[str, tuple[str, str, str]] = {}
    _named_variants(found, docs, texts, added)
    _modified_names(found, docs, texts, tables, added)
    for field, doc in docs.items():
        spans = doc.spans.get("span_model")
        if not spans:
            continue
        taken = [(s, e) for ms in found.mentions.values() for (f, s, e) in ms if f == field]
        for span in spans:
            s, e, text = span.start_char, span.end_char, span.text
            if any(a < e and s < b for a, b in taken) or generic(text) or kind_of_technique(text) or \
                    text in blocked:
                continue
            if unsupported_short_dataset(span.label_, texts[field], s, e):
                continue  # "MAP estimation"
            entity = found.surfaces.get(text) or added.get(text) or (span.label_, entity_slug(text), text)
            if not entity[1]:
                continue
            found.add(entity, field, s, e, text, "model")
            taken.append((s, e))
            added[text] = entity
    return added


def _initials(name: str) -> str:
    """"Self Organising Map" -> "SOM", "marginal structured SVM" -> "MSSVM" (a word in capitals counts whole)."""
    out = []
    for w in re.split(r"[\s\-]+", name):
        if w and w[0].isalpha():
            out.append(w if len(w) > 1 and w.isupper() else w[0].upper())
    return "".join(out)


_OPENERS = frozenset(".!?:;(")
VARIANT_WORDS = 2  # at most this many capitalised words in front


def _named_variants(found, docs: dict[str, Doc], texts: dict[str, str], added: dict) -> None:
    """A found method name with capitalised words right in front of it, away from a sentence start, names a variant
    of it ("the Fused Lasso", "an Improved LMS equalizer"): the longer name is the method (the inner mention is nested
    in it and dropped later, ``paper._drop_nested``)."""
    fixed = {(c.kind, c.key) for c in found.candidates if c.rule in ("proposal", "acronym", "title")}
    for field, doc in docs.items():
        starts = doc.to_array("IDX")  # token offsets, ascending (one C call, not a Python loop over tokens)
        for ek, ms in list(found.mentions.items()):
            if ek[0] != "method" or ek in fixed:
                continue
            for (f, s, e) in list(ms):
                i = int(starts.searchsorted(s)) if f == field else len(starts)
                if i >= len(starts) or starts[i] != s:
                    continue
                j = i
                while j > 0 and i - j < VARIANT_WORDS:
                    w = doc[j - 1]
                    before = doc[j - 2].text if j > 1 else "."
                    if not (w.text[:1].isupper() and w.text.isalnum()) or before in _OPENERS or \
                            not texts[field][w.idx - 1:w.idx].isspace() or \
                            w.lower_ in SENTENCE_STARTERS or w.lower_ in GENERIC_MODIFIERS or \
                            w.idx + len(w.text) + 1 != (doc[j].idx if j < len(doc) else s):
                        break
                    j -= 1
                if j == i:
                    continue
                a = doc[j].idx
                text = texts[field][a:e]
                if generic(text):
                    continue
                entity = found.surfaces.get(text) or added.get(text) or ("method", entity_slug(text), text)
                if entity[1] and entity[:2] != ek:
                    found.add(entity, field, a, e, text, "variant")
                    added[text] = entity


MODIFIED_ABOVE = 0.5  # the model's method probability the longer span needs (and more than the found name has)


def _modified_names(found, docs: dict[str, Doc], texts: dict[str, str], tables: dict, added: dict) -> None:
    """A lower-case word right in front of a found method name is part of the name when the model scores the longer
    span a method (at least ``MODIFIED_ABOVE``) more surely than the found name alone ("approximate dynamic
    programming", not "regular LSTD"): the model learned which modifiers make a variant of their own."""
    for field, doc in docs.items():
        for ek, ms in list(found.mentions.items()):
            if ek[0] != "method":
                continue
            for (f, s, e) in list(ms):
                span = doc.char_span(s, e) if f == field else None
                if span is None or span.start == 0:
                    continue
                w = doc[span.start - 1]
                if not (w.text[:1].islower() and w.text.replace("-", "").isalpha()) or w.is_stop or \
                        w.lower_ in GENERIC_MODIFIERS or w.lower_ in SENTENCE_STARTERS or w.idx + len(w.text) + 1 != s:
                    continue
                if field not in tables:
                    tables[field] = _scores(doc)
                longer, inner = tables[field].get((w.idx, e)), tables[field].get((s, e))
                if longer is None or longer[1] < MODIFIED_ABOVE or (inner is not None and longer[1] <= inner[1]):
                    continue
                text = texts[field][w.idx:e]
                entity = found.surfaces.get(text) or added.get(text) or ("method", entity_slug(text), text)
                if entity[1] and entity[:2] != ek and not generic(text):
                    found.add(entity, field, w.idx, e, text, "variant")
                    added[text] = entity


def merge_variants(found) -> None:
    """Two entities of one kind in one paper that are one name: a short form whose capitals are the initials of the
    other's name ("SOM" and "Self Organising Map", wherever each was found), the same words up to case, a plural
    ending, spaces and hyphens ("XADDs" and "XADD", "ICDAR2015" and "ICDAR 2015"), or a dataset's name without its
    first word ("VOC 2007" after "PASCAL VOC 2007"). The longer name keeps the mentions of both (and a proposed
    role)."""
    names = {k: found.names.get(k, k[1]) for k, ms in found.mentions.items() if ms}
    if len(names) < 2:
        return
    # the longer names each shorter one may be: by kind and initials, by kind and lower-case (singular) spelling
    index: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for k, name in names.items():
        low = name.lower()
        keys = {("form", k[0], low), ("form", k[0], plural(low)), ("squashed", k[0], _squashed(low))}
        if " " in name:
            keys.add(("initials", k[0], _initials(name)))
            if k[0] == "dataset" and name[:1].isupper():
                keys.add(("form", k[0], low.split(" ", 1)[1]))
        for key in keys:
            index.setdefault(key, []).append(k)
    for k, name in sorted(names.items(), key=lambda kv: (len(kv[1]), kv[0])):
        if k not in found.mentions:
            continue
        low = name.lower()
        options = index.get(("form", k[0], low), []) + index.get(("form", k[0], plural(low)), []) + \
            index.get(("squashed", k[0], _squashed(low)), [])
        caps = name[:-1] if name.endswith("s") else name
        if " " not in name and len(caps) >= 2 and caps.isupper():
            options += index.get(("initials", k[0], caps), [])
        for lk in options:
            long_name = names[lk]
            if lk == k or lk not in found.mentions or len(long_name) < len(name) or long_name == name:
                continue
            for pos, t in found.mentions.pop(k).items():
                found.mentions[lk][pos] = t
            if k[1] in found.proposed:
                found.proposed.discard(k[1])
                found.proposed.add(lk[1])
            for surface in [sf for sf, ent in found.surfaces.items() if ent[:2] == k]:
                found.surfaces[surface] = (lk[0], lk[1], long_name)
            break


def _squashed(low: str) -> str:
    return low.replace(" ", "").replace("-", "")


def _drop(found, ek: tuple[str, str]) -> None:
    found.mentions.pop(ek, None)
    found.proposed.discard(ek[1])
    for surface in [s for s, ent in found.surfaces.items() if ent[:2] == ek]:
        del found.surfaces[surface]

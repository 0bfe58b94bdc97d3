"""One paper's findings from its processed title and abstract: entities with mentions, roles, relations, citations.

The spaCy components have already found known names (``doc.spans["gazetteer"]``) and citations
(``doc._.citations``); the rules here add what a paper names itself (acronym definitions, proposal cues, the
title, names in their own shape), decide which methods the paper proposes, and find the lineage sentences.

>>> from scholarkg.extract import load_pipeline
>>> nlp = load_pipeline()
>>> t, a = "FlowNorm: Flow Normalization for Stable Training", "We propose FlowNorm, a new variant of dropout. It uses Adam."
>>> ex = paper_extraction(nlp.get_pipe("scholarkg_gazetteer"), t, a, nlp(t), nlp(a))
>>> [(m.name, m.role) for m in ex.methods]
[('Flow Normalization', 'proposes'), ('dropout', 'uses'), ('Adam', 'uses')]
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..model import Citation, Extraction, Mention, Relation
from ..keys import entity_slug
from . import citations as _citations  # noqa: F401  (registers doc._.citations)
from .acronyms import acronym_definitions, not_techniques
from .cues import introduced, right_after_cue
from .gazetteer import coined_offsets, looks_coded
from .familiar import drop_familiar_proposals, propose_rare_via
from .endpoints import composite_parts, lineage_relations, named_variants
from .lineage import Located, find_relations
from .resolver import Candidate, merge_variants, resolve
from .words import formula_like, unsupported_short_dataset
from .naming import called_names, cued_names, filed_acronyms, listed_names, named_datasets, proposed_names, shaped_methods
from .siblings import add_siblings
from . import titleseg
from .titles import title_methods
from .words import LIST_DATA_NOUNS
from .words import (DATASET_HEADS, DETERMINERS, GENERIC_MODIFIERS, METHOD_CLASSES, METHOD_HEADS, NOT_METHODS, is_dataset_phrase,
                    is_method_phrase)
from .words import TITLE_FUNCTION_WORDS, TITLE_STOP_WORDS, named_opener, names_no_technique, plural, title_opening, titled

_PASSIVE_VERBS = ("proposed", "introduced", "presented", "developed")
_PASSIVE_PROPOSAL = re.compile(r"\b(?:is|are)\s+(?:\w+ly\s+)?(?:" + "|".join(_PASSIVE_VERBS) + r")\b")
_SENTENCE_OPENING = re.compile(r"(?:(?:In\s+this\s+(?:paper|work|note|study|article|letter|thesis|report|chapter)|Here|Hence|Thus|Therefore),?\s+)?"
                               r"(?:(?:[Aa]|[Aa]n|[Tt]he)\s+)?(?:(?:new|novel|simple)\s+)*")
# "with" and "based on" were tried too: 28 of 68 and 3 of 6 such title edges of the 102k graph were right (a task
# "with" a method: "Document Embedding with Paragraph Vectors"; a property or object after "with")
_VIA_BEFORE = re.compile(r"\b(?:via|using|through|by\s+means\s+of)\s+(?:the\s+)?$", re.I)
_SLASHED = re.compile(r"-(\d+)/(\d+)(?![\w\-])")
_BASE_BEFORE = re.compile(r"(?<![\w\-])([A-Za-z][\w]*)$")
_PAREN_SUFFIX = re.compile(r"\(([A-Za-z]{1,3})\)(?![\w\-])")
_BASE_BEFORE_PAREN = re.compile(r"(?<![\w\-])([A-Z][\w\-]*)$")
_HEAD_AFTER = re.compile(r"\s+([a-z]+)\b")
_GIVEN_NAME = re.compile(r"\b(?:called|dubbed|termed|named|(?:which|that)\s+we\s+(?:call|name|term|dub))\s+(?:the\s+)?\Z")
_THEORY = re.compile(r"\s+(?:theorem|lemma|inequality|identity|conjecture|hypothesis|property|condition|equation)s?\b")
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_AFTER = re.compile(r"(?:[ -](?:19|20)\d\d|\s?'\d\d)(?![\w\-'])")
_NUMBER_SUFFIX = re.compile(r"-\d")
_VERSIONED = re.compile(r"([A-Za-z][\w.]*?(?:-[A-Za-z][\w]*)*)-\d[\w.]*(?:-\d*[A-Za-z]?[\w]*)*(?<![.])(?![\w\-])")
_CONNECTOR = re.compile(r"\s(?:of|for|with|via|in|and)\s")
_VERSION = re.compile(r"-(?:\d[\w.]*|[A-Z][A-Z0-9]{0,2}|[A-Z][a-z]?|v\d+)(?![\w\-])")


def slug(text: str) -> str:
    """The key of a method or dataset name ("K-FAC" -> "k-fac", "Adam-atan2" -> "adam-atan2")."""
    return entity_slug(text)


class _Found:
    """Entities found so far: (kind, key) -> name and mentions {(field, start, end): text}."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, str], str] = {}
        self.mentions: dict[tuple[str, str], dict[tuple[str, int, int], str]] = {}
        self.surfaces: dict[str, tuple[str, str, str]] = {}  # surface -> (kind, key, name)
        self.proposed: set[str] = set()
        self.defined: dict[tuple[str, int], tuple[tuple[str, str, str], int, str]] = {}  # long forms of acronyms
        self.candidates: list[Candidate] = []  # what each rule proposed, for the resolver and per-rule scores

    def add(self, entity: tuple[str, str, str], field: str, start: int, end: int, text: str,
            rule: str | None = None) -> None:
        kind, key, name = entity
        self.names.setdefault((kind, key), name)
        self.mentions.setdefault((kind, key), {})[(field, start, end)] = text
        if rule:
            self.candidates.append(Candidate(field, start, end, text, kind, key, rule))

    def entity_of(self, key: str) -> tuple[str, str, str] | None:
        for (kind, k), name in self.names.items():
            if k == key:
                return kind, k, name
        return None


def paper_extraction(gaz, title: str, abstract: str, title_doc: Doc, abstract_doc: Doc) -> Extraction:
    """Everything one paper's title and abstract say (``gaz``: the pipeline's gazetteer component)."""
    return paper_candidates(gaz, title, abstract, title_doc, abstract_doc)[0]


def paper_candidates(gaz, title: str, abstract: str, title_doc: Doc, abstract_doc: Doc
                     ) -> tuple[Extraction, list[Candidate]]:
    """The extraction and every candidate the rules and the span model proposed (before the resolver decided)."""
    texts = {"title": title, "abstract": abstract}
    found = _Found()
    blocked: set[str] = set()  # acronyms the paper defines as something that is not a method or dataset
    for field, doc in (("title", title_doc), ("abstract", abstract_doc)):
        _listed_names(gaz, found, field, texts[field], doc)
        _numbered_versions(gaz, found, field, texts[field])
        _compact_variants(gaz, found, field, texts[field])
        _acronyms(gaz, found, blocked, field, texts[field])
    _proposals(gaz, found, abstract)  # prose cues ("we propose X") live in abstracts, not titles
    _title_names(gaz, found, blocked, title)
    _title_is_name(gaz, found, title)
    _title_segment(gaz, found, title, abstract, title_doc)
    _named_in_passing(gaz, found, abstract)
    for field, doc in (("title", title_doc), ("abstract", abstract_doc)):
        _shaped_names(gaz, found, field, texts[field], coined_offsets(doc, gaz.coded_flag))
    _cued_names(gaz, found, abstract)  # after the shapes: "the AdaNet algorithm" is one name
    _passive_proposals(found, abstract)
    _titled_definitions(found, blocked, texts)
    add_siblings(found, texts, lambda name: _resolve(gaz, found, name))  # "ANN, SVM, ARIMA, GARCH"
    for short in blocked:
        found.surfaces.pop(short, None)
        for k in list(found.mentions):
            found.mentions[k] = {p: t for p, t in found.mentions[k].items() if t != short}
    _remention(found, texts)
    _merge_short_names(found)
    model = resolve(found, texts, {"title": title_doc, "abstract": abstract_doc}, not_techniques(texts, blocked))
    for surface, entity in model.items():
        found.surfaces[surface] = entity
    if model:
        _remention(found, texts, model)
    merge_variants(found)
    _drop_nested(found)
    _dated_datasets(found, texts)
    _title_openers(gaz, found, title)
    drop_familiar_proposals(found, texts, {"title": title_doc, "abstract": abstract_doc})
    propose_rare_via(found, title, title_doc, gaz.lookup)
    _drop_formulas(found)
    return _extraction(found, texts, title_doc, abstract_doc, gaz.lookup), found.candidates


def _title_openers(gaz, found: _Found, title: str) -> None:
    """A method no list knows that opens the title is the paper's own ("Mesh Learning for Classifying ...",
    "SVD-EBP Algorithm for ...", "The Shortlist Method for ...")."""
    opening = title_opening(title)
    for (kind, key), ms in found.mentions.items():
        if kind == "method" and key not in found.proposed and ("title", opening) in {(f, s) for f, s, _ in ms} \
                and gaz.lookup(found.names[(kind, key)]) is None:
            found.proposed.add(key)


def _title_segment(gaz, found: _Found, title: str, abstract: str, title_doc: Doc) -> None:
    """The title's opening words when the trained segment classifier takes them for the paper's own method
    ("Data-driven Rank Breaking for ...", ``titleseg.py``), where no rule has found one."""
    model = titleseg.active_model()
    if found.proposed:  # a rule found the paper's own method ("we derive our Bilinear G-AMP (BiG-AMP)"): the title
        return  # then names it again in other words, and a second own method would leave "we extend Y" no subject
    best = model.best(title, abstract, titleseg.tokens_of(title_doc)) if model is not None and title else None
    if best is None:
        return
    seg = best[0]
    entity = _resolve(gaz, found, seg.text) or _new_entity(seg.text)
    if entity and entity[1] and entity[0] == "method":
        found.add(entity, "title", seg.start, seg.end, seg.text, "title-segment")
        found.surfaces.setdefault(seg.text, entity)
        found.proposed.add(entity[1])


def _listed_names(gaz, found: _Found, field: str, text: str, doc: Doc) -> None:
    """The gazetteer's matches, minus short names without data context and names of theorems."""
    for span in doc.spans.get("gazetteer", []):
        kind, key = span.label_, span.id_
        entity = (kind, key, gaz.name_of(kind, key))
        start, end = span.start_char, span.end_char
        if unsupported_short_dataset(kind, text, start, end):
            continue  # "MAP", "SGD", "RUN"
        if _THEORY.match(text, end):
            continue  # "the policy gradient theorem": a result about the method, not the method
        version = _VERSION.match(text, end) if end < len(text) and text[end] == "-" else None
        if version:
            end = version.end()
            if not (kind == "dataset" and _YEAR.fullmatch(text[version.start() + 1:end])):
                entity = (kind, slug(text[start:end]), text[start:end])  # "ViT-B", "ImageNet-C": their own
        # a known name of one plain word ("Jigsaw", "momentum", "General") is often just a word: the model checks it,
        # unless the text builds on it by name ("a Transformer-based encoder")
        named_base = text[start:start + 1].isupper() and text.startswith("-based", end) and start > 0
        rule = "gazetteer" if " " in entity[2] or looks_coded(text[start:end]) or "-" in entity[2] or named_base \
            else "gazetteer-word"
        found.add(entity, field, start, end, text[start:end], rule)
        found.surfaces.setdefault(text[start:end], entity)


def _new_entity(name: str, after: str = "", quoted: bool = False, before: str = "") -> tuple[str, str, str] | None:
    """A name no list knows, as a method or (named so, described so right after: "INT, an ... benchmark", or given
    to a data word right before: "a dataset called CCP") a dataset. A capitalised or quoted first word is part of
    the name ("Deep Variational Information Bottleneck")."""
    first = name.split()[0]
    if name.lower() in NOT_METHODS or (first.islower() and first in (DETERMINERS if quoted else GENERIC_MODIFIERS)):
        return None
    dataset = is_dataset_phrase(name) or bool(_DESCRIBED_AS_DATA.match(after)) or bool(_DATA_CALLED.search(before))
    return ("dataset" if dataset else "method", slug(name), name)


# the data word a name is given to: "we construct a dataset called CCP", "a large-scale VFR dataset, named AdobeVFR"
_DATA_CALLED = re.compile(r"\b(?:" + "|".join(sorted(DATASET_HEADS)) + r")s?\s*,?\s*(?:(?:which|that)\s+we\s+)?"
                          r"(?:called|named|dubbed|termed|coined|call|name)\s+(?:the\s+|as\s+)?[\"“']?\Z", re.I)
_QUOTES = frozenset("\"“”'‘’")
# "X, an inequality theorem proving benchmark": the apposition says what the new name is
_DESCRIBED_AS_DATA = re.compile(r"[\"”']?\s*(?:\([^()]{1,20}\))?\s*,\s+(?:a|an|the|our)\s+(?:[\w\-]+\s+){0,5}?"
                                r"(?:benchmark|dataset|corpus|suite|collection|testbed)s?\b", re.I)
# "... "Deep Variational Information Bottleneck", or Deep VIB": a second name for the same thing
_OR_NAME = re.compile(r"[\"”']?\s*,?\s+or\s+(?:simply\s+)?([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2})(?![\w\-])")


def _proposals(gaz, found: _Found, text: str) -> None:
    """Names the abstract introduces as its own ("we propose X", "our method, X")."""
    for start, end, name in proposed_names(text):
        defined = found.defined.get(("abstract", start))
        if defined and defined[1] >= end:  # "we call it Actor Critic using K-FAC Trust Region (ACKTR)"
            found.proposed.add(defined[0][1])
            continue
        quoted = text[start - 1:start] in _QUOTES and text[end:end + 1] in _QUOTES  # the paper marks it as a name
        entity = _resolve(gaz, found, name)
        if entity is None or unsupported_short_dataset(entity[0], text, start, end):
            # "a novel MAP inference algorithm": a short listed dataset name the text does not call data is new here
            entity = _new_entity(name, text[end:end + 120], quoted, text[max(0, start - 60):start])
        if entity and entity[1]:
            found.add(entity, "abstract", start, end, name, "proposal")
            found.surfaces.setdefault(name, entity)
            found.proposed.add(entity[1])
            alias = _OR_NAME.match(text, end)
            if alias:
                found.add(entity, "abstract", alias.start(1), alias.end(1), alias.group(1), "proposal")
                found.surfaces.setdefault(alias.group(1), entity)


_CLASS_SUFFIX = re.compile(r"\s+(?:Algorithm|Method|Model|Framework|Approach|Technique|System)s?$")


def _title_names(gaz, found: _Found, blocked: set[str], title: str) -> None:
    for t in title_methods(title):
        bare = _CLASS_SUFFIX.sub("", t.name)
        if bare != t.name and " " not in bare and looks_coded(bare):
            t = t._replace(name=bare, end=t.start + len(bare))  # "SVD-EBP Algorithm for ...": the name is SVD-EBP
        entity = _resolve(gaz, found, t.name) or (t.kind, slug(t.name), t.name)
        if entity[0] != t.kind or not entity[1]:
            continue
        found.add(entity, "title", t.start, t.end, t.name, "title")
        found.surfaces.setdefault(t.name, entity)
        if not t.used and not (t.weak and gaz.lookup(t.name)):  # "Kernel Density Estimators in ...": a known name
            found.proposed.add(entity[1])
        if t.short:
            found.add(entity, "title", 0, len(t.short), t.short, "title")
            found.surfaces[t.short] = entity
            blocked.discard(t.short)


def _named_in_passing(gaz, found: _Found, text: str) -> None:
    """"called X", "known as X", "methods such as X and Y", "the X benchmark"."""
    taken = _taken(found, "abstract")
    for start, end, name, own in called_names(text):
        entity = _resolve(gaz, found, name) or _new_entity(name, before=text[max(0, start - 60):start])
        if entity and entity[1]:
            found.add(entity, "abstract", start, end, name, "proposal" if own else "called")
            found.surfaces.setdefault(name, entity)
            if own and gaz.lookup(name) is None:  # "termed the neural tangent kernel": a known name, not a new one
                found.proposed.add(entity[1])
    for start, end, name, kind in listed_names(text):
        if _overlaps(taken, start, end, name):
            continue
        entity = _resolve(gaz, found, name) or (kind, slug(name), name)
        if entity[1] and entity[0] == kind:
            found.add(entity, "abstract", start, end, name, "list")
            found.surfaces.setdefault(name, entity)
    for start, end, name in named_datasets(text):
        if _overlaps(taken, start, end, name):
            continue
        entity = _resolve(gaz, found, name)
        if entity is None and not is_method_phrase(name):
            entity = ("dataset", slug(name), name)
        if entity and entity[1] and entity[0] == "dataset":
            found.add(entity, "abstract", start, end, name, "dataset-head")
            found.surfaces.setdefault(name, entity)


def _shaped_names(gaz, found: _Found, field: str, text: str, coded_starts: list[int]) -> None:
    taken = _taken(found, field)
    for start, end, name in shaped_methods(text, coined_only=field == "title", coded_starts=coded_starts):
        if _overlaps(taken, start, end, name):
            continue
        # "DropOut", "MaxOut": a listed one-word method written with an inner capital is that method, not a new name
        folded = gaz.lookup(name.lower()) if " " not in name else None
        listed = folded is not None and folded[0] == "method"
        entity = _resolve(gaz, found, name) or (folded if folded is not None and listed else ("method", slug(name), name))
        if entity[1]:
            found.add(entity, field, start, end, name, "gazetteer-word" if listed else "shape")
            found.surfaces.setdefault(name, entity)
    for start, end, name in filed_acronyms(text):  # "the CMA algorithm"
        entity = _resolve(gaz, found, name) or ("method", slug(name), name)
        if entity[1] and entity[0] == "method" and not _overlaps(_taken(found, field), start, end, name):
            found.add(entity, field, start, end, name, "filed")
            found.surfaces.setdefault(name, entity)


def _title_is_name(gaz, found: _Found, title: str) -> None:
    """A title that is nothing but a method name is the paper's own method: a name the title opens with and ends
    on ("End-To-End Memory Networks"), or capitalised words in front of a method the title ends on ("Depth-Gated
    LSTM", "A Clockwork RNN"), which names a new version of it (``endpoints.named_variants`` then links the two)."""
    text = title.rstrip(" .")
    opening = title_opening(text)
    for (kind, key), ms in list(found.mentions.items()):
        if kind != "method":
            continue
        for (field, start, end) in list(ms):
            if field != "title" or end != len(text) or start < opening:
                continue
            front = text[opening:start].split()
            if not front:
                found.proposed.add(key)
                return
            if len(front) > 3 or not all(w[:1].isupper() for w in front) or \
                    any(w.lower() in TITLE_STOP_WORDS or w.lower() in TITLE_FUNCTION_WORDS or
                        w.lower() in GENERIC_MODIFIERS for w in front):
                continue
            name = text[opening:]
            entity = _resolve(gaz, found, name) or _new_entity(name)
            if entity and entity[1] and entity[0] == "method":
                found.add(entity, "title", opening, len(text), name, "title")
                found.surfaces.setdefault(name, entity)
                found.proposed.add(entity[1])
                return


def _cued_names(gaz, found: _Found, text: str) -> None:
    """A coined word right after a lineage cue ("an extension of RNNsearch", "outperforms OverFeat") names a method
    (or, when a list says so, a dataset)."""
    taken = _taken(found, "abstract")
    for start, end, name in cued_names(text):
        if _overlaps(taken, start, end, name):
            continue
        entity = _resolve(gaz, found, name) or _new_entity(name, text[end:end + 120])
        if entity and entity[1]:
            found.add(entity, "abstract", start, end, name, "cue")
            found.surfaces.setdefault(name, entity)


def _compact_variants(gaz, found: _Found, field: str, text: str) -> None:
    """Two names written as one: "CIFAR-10/100" (CIFAR-10 and CIFAR-100), "Adam(W)" (Adam and AdamW)."""
    for m in _SLASHED.finditer(text):
        base = _BASE_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if base:
            _add_all(gaz, found, field, base.start(), m.end(), text,
                     [f"{base.group(1)}-{m.group(1)}", f"{base.group(1)}-{m.group(2)}"])
    for m in _PAREN_SUFFIX.finditer(text):
        if m.start() == 0 or not text[m.start() - 1].isalnum():
            continue
        base = _BASE_BEFORE_PAREN.search(text, max(0, m.start() - 40), m.start())
        if base:
            _add_all(gaz, found, field, base.start(), m.end(), text, [base.group(1), base.group(1) + m.group(1)])


def _add_all(gaz, found: _Found, field: str, start: int, end: int, text: str, names: list[str]) -> None:
    entities = [gaz.lookup(n) for n in names]
    if all(entities):
        for entity in entities:
            found.add(entity, field, start, end, text[start:end], "compact")


def _title_relations(found: _Found, title: str) -> list[Relation]:
    """"X: Planning ... via Contrastive Learning": the title's own method uses the method it names after "via"."""
    spans = sorted((s, e, key) for (kind, key), ms in found.mentions.items() if kind == "method"
                   for (f, s, e) in ms if f == "title")
    own = [(e, key) for s, e, key in spans if key in found.proposed]
    out = []
    for s, e, key in spans:
        via = _VIA_BEFORE.search(title, 0, s)
        if key in found.proposed or not via or not own:
            continue
        # the own name stands before a colon or right before "via": "Finite Element Model Updating Using Y" names a
        # task the cut name "Finite Element Model" only begins
        own_end, own_key = own[0]
        if title[own_end:].lstrip().startswith(":") or not title[own_end:via.start()].strip():
            out.append(Relation("USES", own_key, key, evidence=title))
    return out


def _passive_proposals(found: _Found, text: str) -> None:
    """"X, a simple method for Y, is proposed.": the name opening a sentence whose verb is "is proposed" (verbs tested first)."""
    if not any(v in text for v in _PASSIVE_VERBS):
        return
    starts = None
    for verb in _PASSIVE_PROPOSAL.finditer(text):
        if starts is None:
            starts = {s: key for (kind, key), ms in found.mentions.items() if kind == "method"
                      for (f, s, e) in ms if f == "abstract"}
        dot = text.rfind(". ", 0, verb.start())
        s_start = dot + 2 if dot >= 0 else 0
        opening = _SENTENCE_OPENING.match(text, s_start, verb.start())
        key = starts.get(opening.end()) if opening else None
        if key:
            found.proposed.add(key)


def _numbered_versions(gaz, found: _Found, field: str, text: str) -> None:
    """Known names with a number glued on ("ResNet-50", "LLaMA-2-7B"): one token to the tokenizer, so the phrase
    matcher cannot see the name inside; each version is its own entity."""
    for hit in _NUMBER_SUFFIX.finditer(text):
        start = hit.start()
        if start == 0 or not text[start - 1].isalpha():
            continue
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-."):
            start -= 1
        word = _VERSIONED.match(text, start)
        if word is None or word.end() <= hit.start():
            continue
        entity = gaz.lookup(word.group(1))
        if entity is None or (field, start, word.end()) in found.mentions.get(entity[:2], {}):
            continue
        name = word.group(0)
        if gaz.lookup(name):
            continue  # listed as a whole ("CIFAR-10"): the matcher found it
        year = entity[0] == "dataset" and _YEAR.fullmatch(name[len(word.group(1)) + 1:])
        version = entity if year else (entity[0], slug(name), name)  # "ILSVRC-2012" is ImageNet
        found.add(version, field, start, word.end(), name, "version")
        found.surfaces.setdefault(name, version)


def _dated_datasets(found: _Found, texts: dict[str, str]) -> None:
    """A dataset named with its year or edition after it ("PASCAL VOC 2012", "ILSVRC 2014", "NIST SRE'12"): the
    year is part of what the text names (the gazetteer lists few editions; the annotators never stop before one), so
    the mention takes it in, the entity staying the one found ("ILSVRC-2012" is ImageNet, ``_numbered_versions``)."""
    taken = {pos for ms in found.mentions.values() for pos in ms}
    for (kind, key), ms in found.mentions.items():
        if kind != "dataset":
            continue
        for (field, start, end), surface in list(ms.items()):
            text = texts[field]
            year = _YEAR_AFTER.match(text, end)
            if year is None or surface[-1:].isdigit() or (field, start, year.end()) in taken:
                continue
            del ms[(field, start, end)]
            ms[(field, start, year.end())] = text[start:year.end()]


def _acronyms(gaz, found: _Found, blocked: set[str], field: str, text: str) -> None:
    """Acronyms the text defines: link both forms to one entity; a paper's own definition wins over the list's."""
    for d in acronym_definitions(text):
        entity = _resolve(gaz, found, d.long)
        cued = introduced(text, d.long_start)
        close = text.find(")", d.short_end, d.short_end + 100)
        head = _HEAD_AFTER.match(text, close + 1) if close >= 0 and entity is None else None
        if head and head.group(1) in METHOD_HEADS and head.group(1) not in METHOD_CLASSES:
            # "Layer-sequential unit-variance (LSUV) initialization": the name goes on after the acronym
            name = f"{d.long} {head.group(1)}"
            entity = _resolve(gaz, found, name) or ("method", slug(name), name)
            found.add(entity, field, d.long_start, head.end(1), text[d.long_start:head.end(1)], "acronym")
        if entity is None:
            low = d.long.lower()
            kind = None
            if low in NOT_METHODS or (low.split()[0] in GENERIC_MODIFIERS and not named_opener(d.long)):
                kind = None
            elif names_no_technique(d.long):
                kind = None  # "wireless sensor network (WSN)", "Linear Temporal Logic (LTL)"
            elif head and head.group(1) in DATASET_HEADS and head.group(1) not in LIST_DATA_NOUNS:
                # "we introduce the People In Photo Albums (PIPA) dataset"; "Magnetic Resonance Imaging (MRI)
                # datasets" are data of a kind
                kind = "dataset"
            elif is_method_phrase(d.long) or named_opener(d.long) or (cued and d.long[:1].isupper()) or \
                    _GIVEN_NAME.search(text, max(0, d.long_start - 40), d.long_start):
                kind = "method"  # "... called rectified sparse Bayesian learning (R-SBL)": a name given in lower case
            elif is_dataset_phrase(d.long):
                kind = "dataset"
            listed = gaz.lookup(d.short)
            same_meaning = listed and (" " not in listed[2] or slug(listed[2]) == slug(d.long))
            if same_meaning and (listed[0] == kind or (kind is None and titled(d.long) and low not in NOT_METHODS)):
                entity = listed  # the list knows the acronym, under no other long name ("SQuAD")
                if listed[0] == "method" and " " not in listed[2] and slug(listed[2]) != slug(d.long):
                    # a method listed only as an acronym ("SSD", "SAGA") means many things across papers: the paper's
                    # long form keys its own entity, and the corpus-wide identity pools the acronym by majority
                    entity = ("method", slug(d.long), d.long)
            elif kind:
                entity = (kind, slug(d.long), d.long)
        if entity is None:
            blocked.add(d.short)
            continue
        blocked.discard(d.short)
        found.defined[(field, d.long_start)] = (entity, d.long_end, d.long)
        found.add(entity, field, d.long_start, d.long_end, d.long, "acronym")
        found.add(entity, field, d.short_start, d.short_end, d.short, "acronym")
        previous = found.surfaces.get(d.short)
        found.surfaces[d.short] = entity
        found.surfaces.setdefault(d.long, entity)
        if previous and previous[:2] != entity[:2]:  # the list's meaning of the acronym is not this paper's
            _move_mentions(found, previous[:2], entity, d.short)
            other = d.short[:-1] if d.short.endswith("s") else plural(d.short)  # "VAEs" / "SVM" elsewhere in it
            if found.surfaces.get(other, entity)[:2] == previous[:2]:
                found.surfaces[other] = entity
                _move_mentions(found, previous[:2], entity, other)
        if cued and entity[0] == "method" and (gaz.lookup(d.long) is None or right_after_cue(text, d.long_start)):
            found.proposed.add(entity[1])


def _titled_definitions(found: _Found, blocked: set[str], texts: dict[str, str]) -> None:
    """An acronym whose long form read as no name of its own ("holistically-nested edge detection (HED)", with no
    cue and no method word) stands for the entity a later rule found under that long form (the title
    "Holistically-Nested Edge Detection"): both forms become its mentions, and the acronym is no longer blocked."""
    if not blocked:
        return
    for field, text in texts.items():
        for d in acronym_definitions(text):
            entity = found.entity_of(slug(d.long)) if d.short in blocked else None
            if entity is None:
                continue
            blocked.discard(d.short)
            found.surfaces[d.short] = entity
            found.add(entity, field, d.long_start, d.long_end, d.long, "acronym")
            found.add(entity, field, d.short_start, d.short_end, d.short, "acronym")


def _drop_formulas(found: _Found) -> None:
    """"B = 2", "QCSP(A": a piece of a formula is no entity, whatever rule or model found it (``words.formula_like``)."""
    for (kind, key), name in found.names.items():
        if formula_like(name):
            found.mentions[(kind, key)] = {}
            found.proposed.discard(key)


def _resolve(gaz, found: _Found, name: str) -> tuple[str, str, str] | None:
    """The entity a name refers to: one this paper already named, else the gazetteer's."""
    entity = found.surfaces.get(name) or gaz.lookup(name)
    if entity is None:
        key = slug(name)
        entity = found.entity_of(key) if key else None
    return entity


def _taken(found: _Found, field: str) -> list[tuple[int, int, str]]:
    return [(s, e, t) for mentions in found.mentions.values() for (f, s, e), t in mentions.items() if f == field]


def _overlaps(taken: list[tuple[int, int, str]], start: int, end: int, name: str) -> bool:
    """A shape-found name overlapping a known mention is kept only when it extends it to the left with more name
    words ("Variance-Adaptive Thompson Sampling"), not when it only adds a class word ("Adam optimizer")."""
    for s, e, _ in taken:
        if s < end and start < e and not (start < s and e == end and not _CONNECTOR.search(name[:s - start])):
            return True
    return False


def _move_mentions(found: _Found, old: tuple[str, str], entity: tuple[str, str, str], surface: str) -> None:
    moved = {p: t for p, t in found.mentions.get(old, {}).items() if t == surface}
    if not moved:
        return
    found.mentions[old] = {p: t for p, t in found.mentions[old].items() if t != surface}
    for (field, s, e), t in moved.items():
        found.add(entity, field, s, e, t)


def _remention(found: _Found, texts: dict[str, str], surfaces: dict | None = None) -> None:
    """Later uses of every name and acronym found ("RCC encodes ..."), by plain string search."""
    for surface, entity in (found.surfaces if surfaces is None else surfaces).items():
        if len(surface) < 2:
            continue
        for field, text in texts.items():
            pos = text.find(surface)
            while pos >= 0:
                end = pos + len(surface)
                if (pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] == "-")) and \
                        (end == len(text) or not (text[end].isalnum() or text[end] == "-")):
                    found.add(entity, field, pos, end, surface)
                pos = text.find(surface, end)


def _merge_short_names(found: _Found) -> None:
    """A proposed one-word name whose capitals are the initials of another proposed name is its short form
    ("CDiffuser" for "Contrastive Diffuser")."""
    long_names = {k: n for k, n in found.names.items() if k[1] in found.proposed and " " in n}
    for k, name in list(found.names.items()):
        if k[1] not in found.proposed or " " in name or k not in found.mentions:
            continue
        caps = "".join(c for c in name if c.isupper())
        for lk, long_name in long_names.items():
            initials = "".join(w[0].upper() for w in re.split(r"[\s\-]+", long_name) if w and w[0].isalpha())
            if lk != k and len(caps) >= 2 and caps == initials and lk in found.mentions:
                for (f, s, e), t in found.mentions.pop(k).items():
                    found.mentions[lk][(f, s, e)] = t
                found.proposed.discard(k[1])
                break


def _furthest(span: tuple[int, int, str]) -> tuple[int, int]:
    """Furthest end first; among equal ends the longer span."""
    return span[0], -span[1]


def _drop_nested(found: _Found) -> None:
    """A mention inside a longer mention of another entity ("Momentum" in "Sparse Momentum Tuning") is not one.

    One sweep in order of start: the two furthest-reaching earlier spans of different entities are all it takes to
    know whether a span of another entity covers the current one.
    """
    spans = sorted(((f, s, -e, k) for k, ms in found.mentions.items() for (f, s, e) in ms))
    nested = set()
    field, reach = None, []  # reach: up to two (end, start, key) of different keys, furthest end first
    for f, s, neg_e, k in spans:
        e = -neg_e
        if f != field:
            field, reach = f, []
        for end, begin, key in reach:
            if key != k:
                if end >= e and (end - begin) > (e - s):
                    nested.add((k, f, s, e))
                break
        mine = max([(e, s, k)] + [r for r in reach if r[2] == k], key=_furthest)
        reach = sorted([r for r in reach if r[2] != k] + [mine], key=_furthest, reverse=True)[:2]
    for (kind, key), ms in found.mentions.items():
        found.mentions[(kind, key)] = {p: t for p, t in ms.items() if ((kind, key), *p) not in nested}


def _with_long_forms(text: str, located: list[Located]) -> list[Located]:
    """A mention of an acronym its own parentheses define ("generalized approximate message passing (G-AMP)") reaches
    back over the long form when no other mention covers it, so the words around the whole name are what lineage
    reads ("We extend the ... (G-AMP) approach")."""
    definitions = {(d.short_start, d.short_end): d for d in acronym_definitions(text)}
    out = []
    for m in located:
        d = definitions.get((m.start, m.end))
        if d is not None and not any(o.start < d.long_end and d.long_start < o.end for o in located if o is not m):
            close = text.find(")", m.end)
            m = Located(m.kind, m.key, d.long_start, close + 1 if 0 <= close - m.end < 40 else m.end)
        out.append(m)
    return out


def _extraction(found: _Found, texts: dict[str, str], title_doc: Doc, abstract_doc: Doc, lookup) -> Extraction:
    rows = []
    for (kind, key), ms in found.mentions.items():
        if not ms:
            continue
        (field, start, end), text = min(ms.items(), key=lambda m: (m[0][0] != "title", m[0][1]))
        role = "proposes" if key in found.proposed else "uses"
        name = found.names[(kind, key)]
        aliases = tuple(sorted(set(ms.values()) - {name, text}))
        rows.append(((field != "title", start), Mention(kind, name, key, text, field, start, end, role, aliases)))
    rows.sort(key=lambda r: r[0])
    methods = tuple(m for _, m in rows if m.kind == "method")
    datasets = tuple(m for _, m in rows if m.kind == "dataset")
    located = _with_long_forms(texts["abstract"], [Located(kind, key, s, e) for (kind, key), ms in found.mentions.items()
                                                   for (f, s, e) in ms if f == "abstract"])
    # the method a title opens with ("CEB Improves Model Robustness") is what the paper evaluates
    in_title = {key for (kind, key), ms in found.mentions.items() if kind == "method" and ("title", 0) in
                {(f, s) for f, s, _ in ms}}
    proposed = {m.key for m in methods if m.role == "proposes"}
    relations = find_relations(texts["abstract"], located, proposed, in_title)
    related = {(r.head, r.tail) for r in relations}  # what the abstract states of a pair outranks the title's "via"
    relations += [r for r in _title_relations(found, texts["title"]) if (r.head, r.tail) not in related]
    stated = named_variants(methods, texts, lookup) + composite_parts(methods, texts, lookup)
    relations = lineage_relations(relations + stated, methods, lookup, texts)
    cites = [Citation(**{**c, "field": field}) for field, doc in (("title", title_doc), ("abstract", abstract_doc))
             for c in doc._.citations or []]
    return Extraction(methods, datasets, tuple(relations), tuple(cites))

"""Relations a paper states between the methods (and datasets) it names, sentence by sentence.

Only explicit wording counts (precision first): "X, a new version of Y" (EXTENDS), "X outperforms Y"
(OUTPERFORMS), "compared with Y" (COMPARED_WITH, from the paper's own method), "X uses Y" / "we use Y to scale X"
(USES), and a method evaluated "on" a dataset (EVALUATED_ON).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Relation

_EXTENDS_BETWEEN = re.compile(
    r"^[\s,)]*(?:(?:which|that)\s+)?(?:(?:is|as)\s+)?(?:(?:a|an|the)\s+)?(?:[\w\-]+\s+){0,5}?"
    r"(?:version|variant|extension|generali[sz]ation|modification|improvement|adaptation)\s+of\s+(?:the\s+)?$", re.I)
_EXTENDS_VERB = re.compile(r"^[\s)]*(?:,\s*which\s+)?(?:extends|generali[sz]es|builds\s+(?:up)?on|improves\s+(?:up)?on|"
                           r"is\s+(?:an?\s+)?(?:extension|generali[sz]ation|variant)\s+of)\s+(?:the\s+)?$", re.I)
_OUTPERFORMS = re.compile(r"^[\s)]*(?:,[^,]{0,40},\s*)?(?:consistently\s+|significantly\s+|also\s+|still\s+)?"
                          r"(?:outperforms?|outperforming|surpass(?:es)?|beats?)\s+(?:(?:the\s+)?(?:prior|previous|existing|"
                          r"state-of-the-art|strong)\s+)?(?:baselines?\s+(?:such\s+as|like|including)\s+)?(?:both\s+)?$", re.I)
_OUR_OUTPERFORMS = re.compile(r"\b(?:our\s+(?:method|approach|model|algorithm)|it)\s+(?:consistently\s+|also\s+|still\s+)?"
                              r"(?:outperforms?|surpass(?:es)?|beats?)\s+(?:both\s+)?$", re.I)
_COMPARED = re.compile(r"\b(?:compared?\s+(?:with|to|against)|in\s+comparison\s+(?:with|to)|versus|vs\.?)\s+(?:the\s+)?$", re.I)
_USES_VERB = re.compile(r"^[\s)]*(?:,\s*which\s+)?(?:uses|employs|leverages|relies\s+on|is\s+based\s+on|builds\s+on\s+top\s+of)\s+(?:the\s+)?$", re.I)
_WE_USE = re.compile(r"\b(?:we\s+)?(?:use|employ|leverage)\s+(?:the\s+)?$", re.I)
_TO_VERB = re.compile(r"^[\s)]*(?:approximation\s+|method\s+)?to\s+(?:scale|compute|approximate|estimate|train|speed\s+up|"
                      r"accelerate|implement|make)\s+(?:up\s+)?(?:the\s+)?$", re.I)
_ON = re.compile(r"\b(?:on|using|across|with|in)\b[^.;:]{0,60}$", re.I)
_EVAL_CUE = re.compile(r"\b(?:evaluat|experiment|achiev|accura|results?|benchmark|outperform|test|demonstrat|show|trained|"
                       r"training|state-of-the-art|SotA|performance|improv)", re.I)


@dataclass(frozen=True)
class Located:
    kind: str  # method | dataset
    key: str
    start: int
    end: int


def find_relations(text: str, sentences: list[tuple[int, int]], mentions: list[Located],
                   proposed: set[str]) -> list[Relation]:
    """Relations stated in ``text`` between located mentions (offsets into ``text``)."""
    out: list[Relation] = []
    for s_start, s_end in sentences:
        inside = sorted((m for m in mentions if s_start <= m.start and m.end <= s_end), key=lambda m: m.start)
        methods = [m for m in inside if m.kind == "method"]
        datasets = [m for m in inside if m.kind == "dataset"]
        sentence = text[s_start:s_end]
        for a, b in zip(methods, methods[1:]):
            if a.key == b.key:
                continue
            between = text[a.end:b.start]
            if _EXTENDS_BETWEEN.search(between) or _EXTENDS_VERB.search(between):
                out.append(Relation("EXTENDS", a.key, b.key, evidence=sentence))
            elif _OUTPERFORMS.search(between):
                out.append(Relation("OUTPERFORMS", a.key, b.key, evidence=sentence))
            elif _USES_VERB.search(between):
                out.append(Relation("USES", a.key, b.key, evidence=sentence))
            elif _TO_VERB.search(between) and _WE_USE.search(text[s_start:a.start]):
                out.append(Relation("USES", b.key, a.key, evidence=sentence))
        own = [k for k in proposed]
        if len(own) == 1:
            x = own[0]
            for b in methods:
                if b.key == x:
                    continue
                before = text[s_start:b.start]
                if _OUR_OUTPERFORMS.search(before):
                    out.append(Relation("OUTPERFORMS", x, b.key, evidence=sentence))
                elif _COMPARED.search(before):
                    out.append(Relation("COMPARED_WITH", x, b.key, evidence=sentence))
        if datasets and _EVAL_CUE.search(sentence):
            subjects = [m for m in methods if m.key in proposed]
            if not subjects and len(proposed) <= 3:  # "our method ... on D": the paper's own methods
                subjects = [Located("method", k, s_start, s_start) for k in sorted(proposed)]
            for d in datasets:
                if not _ON.search(text[s_start:d.start][-60:]):
                    continue
                for m in subjects:
                    out.append(Relation("EVALUATED_ON", m.key, d.key, tail_kind="dataset", evidence=sentence))
    seen, unique = set(), []
    for r in out:
        if (r.type, r.head, r.tail) not in seen and r.head != r.tail:
            seen.add((r.type, r.head, r.tail))
            unique.append(r)
    return unique

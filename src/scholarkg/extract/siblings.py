"""Rule "sibling": a short name coordinated with a found method is a method too.

Abstracts list techniques side by side ("models such as ANN, SVM, ARIMA, GARCH etc.", "a hybrid of the Hopfield
model and SA"); an acronym or coined word standing in such a list right next to a method already found names a
method of its own. The list is followed link by link, so one found name carries the whole list.

>>> [n for _, _, n in coordinated("We fit QRX, Kalman filter, ZZT and WWQ-2 models.", [(12, 25)])]
['QRX', 'ZZT', 'WWQ-2']
>>> coordinated("We fit a Kalman filter on ZZT data and GPU clusters.", [(9, 22)])
[]
"""
from __future__ import annotations

import re

from ..keys import slug
from .words import NOT_METHODS

# an acronym ("SVM", "GARCH"), letters and digits ("VGG16"), or a word with an inner capital ("DeCAF")
_SHORT = r"(?:[A-Z]{2,}[A-Za-z]*|[A-Za-z]+\d[A-Za-z0-9]*|[A-Z][a-z]+[A-Z][A-Za-z]*)(?:-[A-Za-z0-9]+)*s?"
_LINK = r"\s*(?:,\s*(?:and|or)\s+|,\s*|\s+and\s+|\s+or\s+|\s*/\s*)"
_AFTER = re.compile(_LINK + rf"({_SHORT})(?![\w\-])")
_BEFORE = re.compile(rf"(?<![\w\-])({_SHORT})" + _LINK + r"$")
# what follows the name says it is data, a device or a quantity, not a technique
_NOT_AFTER = re.compile(r"\s+(?:data|datasets?|benchmarks?|corpus|corpora|images|scores?|values?|signals?)\b", re.I)
_NOT_NAMES = re.compile(r"(?i:sota|ood|iid|gpus?|cpus?|tpus?|llms?|ai|ml|nlp|rl|usa|uk|eu|us|ii|iii|iv)|[A-Z]\d")


def coordinated(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Names coordinated with the method mentions ``spans`` (character offsets in ``text``), link by link."""
    seen = set(spans)
    todo = sorted(spans)
    out = []
    while todo:
        s, e = todo.pop()
        for m in (_AFTER.match(text, e), _BEFORE.search(text[max(0, s - 40):s])):
            if m is None:
                continue
            a, b = (m.start(1), m.end(1)) if m.re is _AFTER else (m.start(1) + max(0, s - 40), m.end(1) + max(0, s - 40))
            name = text[a:b]
            if (a, b) in seen or any(x < b and a < y for x, y in seen) or _NOT_NAMES.fullmatch(name) or \
                    name.lower() in NOT_METHODS or _NOT_AFTER.match(text, b):
                continue
            seen.add((a, b))
            todo.append((a, b))
            out.append((a, b, name))
    return sorted(out)


def add_siblings(found, texts: dict[str, str], resolve) -> None:
    """Add the names coordinated with ``found``'s methods as rule "sibling" (``resolve``: name -> known entity)."""
    for field, text in texts.items():
        spans = [(s, e) for (kind, _), ms in found.mentions.items() if kind == "method" for (f, s, e) in ms if f == field]
        for start, end, name in coordinated(text, spans):
            entity = resolve(name) or ("method", slug(name), name)
            if entity[0] == "method" and entity[1]:
                found.add(entity, field, start, end, name, "sibling")
                found.surfaces.setdefault(name, entity)

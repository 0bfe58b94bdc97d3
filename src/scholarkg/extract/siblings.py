"""Rule "sibling": a short name coordinated with a found method is a method too; with a found dataset, in a list
the text calls data, a dataset.

Abstracts list techniques side by side ("models such as ANN, SVM, ARIMA, GARCH etc.", "a hybrid of the Hopfield
model and SA"); an acronym or coined word standing in such a list right next to a method already found names a
method of its own. The list is followed link by link, so one found name carries the whole list. Datasets are listed
the same way ("the BSDS500, SegVOC12, SBD, and COCO datasets", "face databases: ORL, FRAV2D and FERET"), but a short
name beside a dataset is as often a metric or a tool ("on MNIST and AUC"), so there the list must end in a plural data
word or follow one with a colon, a comma, "namely" or "including" (``coordinated_data``).

>>> [n for _, _, n in coordinated("We fit QRX, Kalman filter, ZZT and WWQ-2 models.", [(12, 25)])]
['QRX', 'ZZT', 'WWQ-2']
>>> coordinated("We fit a Kalman filter on ZZT data and GPU clusters.", [(9, 22)])
[]
"""
from __future__ import annotations

import re

from ..keys import entity_slug
from .words import NOT_METHODS

# an acronym ("SVM", "GARCH"), letters and digits ("VGG16"), or a word with an inner capital ("DeCAF")
_SHORT = r"(?:[A-Z]{2,}[A-Za-z]*|[A-Za-z]+\d[A-Za-z0-9]*|[A-Z][a-z]+[A-Z][A-Za-z]*)(?:-[A-Za-z0-9]+)*s?"
_LINK = r"\s*(?:,\s*(?:and|or)\s+|,\s*|\s+and\s+|\s+or\s+|\s*/\s*)"
_AFTER = re.compile(_LINK + rf"({_SHORT})(?![\w\-])")
_BEFORE = re.compile(rf"(?<![\w\-])({_SHORT})" + _LINK + r"$")
# in a list the text calls data, a capitalised word or up to four of them names a collection too ("ORL, Yale, FERET
# and LFW-A databases", "the Essex Grimace and JAFFE datasets"), where a list of methods would hold ordinary words
_CAPS = r"[A-Z][A-Za-z0-9.\-]*[A-Za-z0-9]"
_DATA_NAME = rf"(?:{_SHORT}|{_CAPS}(?:\s+(?:{_CAPS}|\d+)){{0,3}})"
_DATA_AFTER_NAME = re.compile(_LINK + rf"({_DATA_NAME})(?![\w\-])")
_DATA_BEFORE_NAME = re.compile(rf"(?<![\w\-])({_DATA_NAME})" + _LINK + r"$")
# what follows the name says it is data, a device or a quantity, not a technique
_NOT_AFTER = re.compile(r"\s+(?:data|datasets?|benchmarks?|corpus|corpora|images|scores?|values?|signals?)\b", re.I)
_NOT_NAMES = re.compile(r"(?i:sota|ood|iid|gpus?|cpus?|tpus?|llms?|ai|ml|nlp|rl|usa|uk|eu|us|ii|iii|iv)|[A-Z]\d")


def coordinated(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Names coordinated with the method mentions ``spans`` (character offsets in ``text``), link by link."""
    return _linked(text, spans, data=False)


def _linked(text: str, spans: list[tuple[int, int]], data: bool) -> list[tuple[int, int, str]]:
    """Names joined to ``spans`` link by link; a name data words follow ends a method list (not with ``data``)."""
    seen = set(spans)
    todo = sorted(spans)
    out = []
    while todo:
        s, e = todo.pop()
        after, before = (_DATA_AFTER_NAME, _DATA_BEFORE_NAME) if data else (_AFTER, _BEFORE)
        for m in (after.match(text, e), before.search(text[max(0, s - 40):s])):
            if m is None:
                continue
            a, b = (m.start(1), m.end(1)) if m.re is after else (m.start(1) + max(0, s - 40), m.end(1) + max(0, s - 40))
            name = text[a:b]
            if (a, b) in seen or any(x < b and a < y for x, y in seen) or _NOT_NAMES.fullmatch(name) or \
                    name.lower() in NOT_METHODS or (not data and _NOT_AFTER.match(text, b)):
                continue
            seen.add((a, b))
            todo.append((a, b))
            out.append((a, b, name))
    return sorted(out)


# a list the text calls data: plural data words after its last item ("the SBD and COCO (image) datasets"), or a data
# word and a colon, a comma, "namely" or "including" before its first ("three face databases: ORL, FRAV2D and FERET")
_DATA_WORDS = r"(?:datasets|data\s+sets|databases|data\s+bases|benchmarks|corpora|collections)"
_DATA_AFTER = re.compile(rf"\s*(?:\([^()]{{1,30}}\)\s*)?(?:[\w\-]+\s+){{0,2}}?{_DATA_WORDS}\b", re.I)
_DATA_BEFORE = re.compile(rf"\b{_DATA_WORDS}\s*(?::|,?\s*(?:namely|i\.e\.|viz\.?|including|like|such\s+as),?|,)\s*$", re.I)
_WHOLE_LINK = re.compile(_LINK + r"\Z")


def coordinated_data(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Names coordinated with the dataset mentions ``spans`` in a list the text calls data (see the module text).

    >>> [n for _, _, n in coordinated_data("Tests on the BSDS500, SBD, and COCO datasets show it.", [(31, 35)])]
    ['BSDS500', 'SBD']
    >>> coordinated_data("We report AUC and NLL on MNIST and SVHN.", [(26, 31)])
    []
    """
    names = _linked(text, spans, data=True)
    if not names:
        return []
    # the lists: runs of mentions and names joined by links alone
    runs: list[list[tuple[int, int]]] = []
    for a, b in sorted(set(spans) | {(a, b) for a, b, _ in names}):
        if runs and _WHOLE_LINK.match(text[runs[-1][-1][1]:a]):
            runs[-1].append((a, b))
        else:
            runs.append([(a, b)])
    called_data = set()
    for run in runs:
        start, end = run[0][0], run[-1][1]
        if _DATA_AFTER.match(text, end) or _DATA_BEFORE.search(text[max(0, start - 40):start]):
            called_data.update(run)
    return [(a, b, n) for a, b, n in names if (a, b) in called_data]


def add_siblings(found, texts: dict[str, str], resolve) -> None:
    """Add the names coordinated with ``found``'s methods, and those listed as data with its datasets, as rule
    "sibling" (``resolve``: name -> known entity)."""
    for field, text in texts.items():
        for kind, find in (("method", coordinated), ("dataset", coordinated_data)):
            spans = [(s, e) for (k, _), ms in found.mentions.items() if k == kind for (f, s, e) in ms if f == field]
            for start, end, name in find(text, spans):
                entity = resolve(name) or (kind, entity_slug(name), name)
                if entity[0] == kind and entity[1]:
                    found.add(entity, field, start, end, name, "sibling")
                    found.surfaces.setdefault(name, entity)

"""In-text citations: "(Alemi et al., 2016)", "Hoffmann et al. (2022)", "(Kingma & Ba, 2015; Smith, 2020a)".

Each citation gives the first author's family name and the year, which the graph resolves against papers whose
first author and year match.

>>> [(c.family, c.year, c.mention) for c in find_citations("as in DINO (Caron et al., 2021) and Pfau (2013).", "abstract")]
[('Caron', 2021, 'Caron et al., 2021'), ('Pfau', 2013, 'Pfau (2013)')]
"""
from __future__ import annotations

import re

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc

from ..model import Citation

_NAME = r"(?:(?:van|von|de|der|den|del|della|di|da|du|la|le|ten|ter|dos|al)\s+){0,3}[A-Z][^\W\d_]*(?:['’\-][A-Za-z][^\W\d_]*)*"
_AUTHORS = rf"(?P<first>{_NAME})(?P<rest>\s+et\s+al\.?|\s+(?:and|&)\s+{_NAME}|(?:,\s+{_NAME})*,?\s+(?:and|&)\s+{_NAME})?"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?P<suffix>[a-z])?"
# one item inside parentheses: "Alemi et al., 2016", "e.g., Kingma & Ba 2015"
_ITEM = re.compile(rf"(?:(?:e\.g\.|i\.e\.|see|cf\.)[,]?\s+)?{_AUTHORS},?\s+{_YEAR}(?:[a-z])?\b")
# narrative: "Hoffmann et al. (2022)", "Pfau (2013)"
_NARRATIVE = re.compile(rf"{_AUTHORS}\s+\(\s*{_YEAR}\s*\)")
_PAREN = re.compile(r"[(\[]([^()\[\]]{4,400})[)\]]")
_NOT_NAMES = {"In", "The", "See", "Table", "Figure", "Fig", "Section", "Eq", "Appendix", "ICML", "NeurIPS", "ICLR",
              "CVPR", "ACL", "EMNLP", "AAAI", "IJCAI", "COLT", "AISTATS", "UAI", "KDD", "ECCV", "ICCV", "NAACL", "Since",
              "Until", "From", "Before", "After", "During", "As", "Up", "Version", "Release"}


def find_citations(text: str, field: str) -> list[Citation]:
    """Every in-text citation in ``text``, in order of appearance."""
    out: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for m in _NARRATIVE.finditer(text):
        if m.group("first").split()[-1] in _NOT_NAMES:
            continue
        out.append(_citation(m, field, m.start("first"), m.end()))
        taken.append((m.start(), m.end()))
    for paren in _PAREN.finditer(text):
        if any(s <= paren.start() < e for s, e in taken):
            continue
        inner, offset = paren.group(1), paren.start(1)
        for part in re.finditer(r"[^;]+", inner):
            m = _ITEM.search(part.group(0))
            if m is None or m.group("first").split()[-1] in _NOT_NAMES:
                continue
            start = offset + part.start() + m.start("first")
            end = offset + part.start() + m.end()
            out.append(_citation(m, field, start, end, text))
    out.sort(key=lambda c: c.start)
    return out


def _citation(m: re.Match[str], field: str, start: int, end: int, text: str | None = None) -> Citation:
    mention = (text[start:end] if text is not None else m.string[start:end]).strip()
    return Citation(family=m.group("first").strip(), year=int(m.group("year")), mention=mention, field=field,
                    start=start, end=start + len(mention), suffix=m.group("suffix"))


if not Doc.has_extension("citations"):
    Doc.set_extension("citations", default=None)


@Language.factory("scholarkg_citations", default_config={"field": "abstract"})
def make_citations(nlp: Language, name: str, *, field: str) -> "CitationFinder":
    return CitationFinder(field=field)


# every citation has a year token ("2016", "2016a"); a doc without one is skipped before its text is rebuilt
_YEAR_TOKENS = frozenset(hash_string(f"{y}{s}") for y in range(1900, 2100) for s in ("", *"abcdefgh"))


class CitationFinder:
    """Sets ``doc._.citations``: the citations as plain dicts (``Citation`` fields), so docs can cross processes."""

    def __init__(self, *, field: str = "abstract"):
        self.field = field

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0 or _YEAR_TOKENS.isdisjoint(doc.to_array(ORTH).tolist()):
            doc._.citations = []
            return doc
        doc._.citations = [c.__dict__.copy() for c in find_citations(doc.text, doc.user_data.get("field", self.field))]
        return doc

    def to_disk(self, path, *, exclude=()) -> None:  # nothing learned, nothing to save
        return None

    def from_disk(self, path, *, exclude=()) -> "CitationFinder":
        return self

"""Organization keys from listed slugs ("deepmind") and raw affiliation strings
("Dept. of Computer Science, University of Toronto, Canada").

An alias table we wrote (``data/organizations.jsonl``: key, name, aliases) names well-known labs and
universities; any other string is reduced to its institution-level part (University, Institute, College,
Laboratory or a company) with departments, addresses, countries and e-mail addresses dropped.

>>> org_key("Google DeepMind"), org_key("deepmind")
(('deepmind', 'DeepMind'), ('deepmind', 'DeepMind'))
>>> org_key("Dept. of Computer Science, University of Toronto, Canada")
('utoronto', 'University of Toronto')
>>> org_key("Dept. of Physics, Universidad de Chile, Santiago")
('universidad-de-chile', 'Universidad de Chile')

A string naming several institutions ("...; ..." or "X and Y" where both are institutions) gives several:

>>> [k for k, _ in org_keys("Carnegie Mellon University, Pittsburgh, PA; Max-Planck-Institut fuer Astronomie, Heidelberg")]
['cmu', 'max-planck-institut-fuer-astronomie']
>>> [k for k, _ in org_keys("CWI and University of Amsterdam")], [k for k, _ in org_keys("Hong Kong University of Science & Technology")]
(['cwi', 'amsterdam'], ['hong-kong-university-of-science-technology'])
"""
from __future__ import annotations

import functools
import json
import re

from ..resources import resource
from .names import slug

_INSTITUTION = re.compile(
    r"\b(universi|univ\.|institut|college|school of|école|ecole|polytechn|academy|laborator|labs?\b|research\b|"
    r"centre|center|hospital|foundation|inc\b|inc\.|corp|ltd|gmbh|company|technolog|ai\b)", re.I)
_UNIT = re.compile(r"^\s*(dept\.?|department|faculty|division|group|chair|lab of|laboratory of|section|program|"
                   r"unit|school of (?:computer|engineering|informatics|mathematics|electrical))\b", re.I)
_NOT_ORG = re.compile(r"@|^\s*[\d\s-]+\s*$")
_COUNTRIES = {
    "usa", "us", "united states", "united states of america", "uk", "united kingdom", "canada", "germany", "france",
    "china", "japan", "india", "italy", "spain", "switzerland", "netherlands", "the netherlands", "israel",
    "australia", "austria", "sweden", "denmark", "norway", "finland", "korea", "south korea", "singapore",
    "belgium", "brazil", "poland", "portugal", "ireland", "russia", "taiwan", "hong kong", "greece", "czech republic",
}


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    with open(resource("data", "organizations.jsonl"), encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            entry = json.loads(line)
            value = (entry["key"], entry["name"])
            for alias in [entry["key"], entry["name"], *entry.get("aliases", [])]:
                table[slug(alias)] = value
    return table


# what makes a piece of "X and Y" an institution of its own: a head noun, or an acronym (with a city: "ENS Cachan")
_HEAD = re.compile(r"\b(universi|univ\b|institut|college|école|ecole|polytechn|academy|laborator|hospital|"
                   r"observator|foundation|inc\b|corp|ltd|gmbh)", re.I)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,9}(?: [A-Z][A-Za-z-]+)*")
# "... Sciences Osaka University" with no comma before the institution: its capitalized run ending in the head noun
_NAMED_HEAD = re.compile(r"(?:[A-Z][\w.'’-]*\s+)*(?:University|Institute|College|Universit[àéa]|Universidad)"
                         r"(?:\s+(?:of|de|di|do|degli|of the)(?:\s+[A-Z][\w.'’-]*)+)?")


def _institution_piece(text: str) -> bool:
    return bool(_HEAD.search(text)) and not _UNIT.match(text) or bool(_ACRONYM.fullmatch(text.strip(" .")))


def _known_start(text: str) -> tuple[str, str] | None:
    """The organization a piece starts with: a known one, or an acronym of 4+ capitals followed by a place
    ("INRIA Saclay", "INRIA Nancy": INRIA)."""
    words = text.strip().split(" ")
    first = slug(words[0]) if words[0] else ""
    if len(first) >= 3 and first in _aliases():
        return _aliases()[first]
    if len(words) > 1 and re.fullmatch(r"[A-Z]{4,10}", words[0]) and all(w[:1].isupper() for w in words[1:]):
        return first, words[0]
    return None


def _piece_org(piece: str) -> tuple[str, str] | None:
    piece = re.sub(r"^(?:and|&)\s+", "", piece.strip(), flags=re.I)
    known = _known_start(piece)
    if known is not None:
        return known
    if _UNIT.match(piece):  # "Department of Information and Computer sciences Osaka University"
        named = _NAMED_HEAD.findall(piece)
        if named:
            piece = named[-1]
    return org_key(piece)


@functools.lru_cache(maxsize=65536)
def org_keys(text: str) -> tuple[tuple[str, str], ...]:
    """Every organization an affiliation string names, in order: one per ";"-separated segment, one per piece of a
    part "X and Y" / "X & Y" / "X / Y" whose pieces are each an institution ("Jiangsu University and Arcadia
    University"; not "Science & Technology"), and in a list of acronyms with no university in it ("LSV, ENS Cachan,
    CNRS, INRIA") one per acronym."""
    found: dict[str, tuple[str, str]] = {}
    for segment in text.split(";"):
        parts = [p.strip() for p in re.split(r",|\s+-\s+", segment) if p.strip()]
        pieces = []
        for part in parts:
            known = _known_start(part)
            if known is not None and not _HEAD.search(part):
                pieces.append(part)
                continue
            split = [p.strip() for p in re.split(r"\s+(?:and|&|/)\s+|\s*/\s*", part) if p.strip()]
            if len(split) > 1 and all(_institution_piece(p) or _known_start(p) for p in split):
                pieces += split
        if not pieces and not any(_HEAD.search(p) for p in parts):
            pieces = [p for p in parts if _ACRONYM.fullmatch(p) or _known_start(p)]
        if pieces:
            orgs = [_piece_org(p) for p in pieces]
        else:
            orgs = [_piece_org(segment) if _UNIT.match(segment.strip()) and "," not in segment else org_key(segment)]
        for org in orgs:
            if org is not None:
                found.setdefault(org[0], org)
    return tuple(found.values())


@functools.lru_cache(maxsize=65536)
def org_key(text: str) -> tuple[str, str] | None:
    """(key, display name) of the organization a slug or affiliation string names; None when it names none."""
    text = " ".join(text.split()).strip(" ,;.")
    if not text or _NOT_ORG.search(text):
        return None
    table = _aliases()
    whole = slug(text)
    if whole in table:
        return table[whole]
    parts = [re.sub(r"^(?:and|&)\s+", "", p.strip(), flags=re.I) for p in re.split(r"[,;]|\s+-\s+", text) if p.strip()]
    for part in parts:  # a known organization anywhere in the string
        if slug(part) in table:
            return table[slug(part)]
    candidates = [p for p in parts if not _UNIT.match(p) and p.casefold() not in _COUNTRIES]
    institution = next((p for p in candidates if _HEAD.search(p)), None) or next(
        (p for p in candidates if _INSTITUTION.search(p)), None)
    if institution is None:
        if len(parts) == 1 and parts[0].casefold() not in _COUNTRIES:
            institution = parts[0]  # a bare name ("kestrel", "Acme")
        else:
            return None
    institution = re.sub(r"^(the)\s+", "", institution, flags=re.I)
    key = slug(institution)
    if not key:
        return None
    if key in table:
        return table[key]
    spelled = re.sub(r"^univ-", "university-", key)  # "Univ. of Waterloo"
    if spelled in table:
        return table[spelled]
    return key, institution

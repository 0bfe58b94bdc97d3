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
"""
from __future__ import annotations

import functools
import json
import re

from ..resources import resource
from .names import fold_ascii

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


def slug(text: str) -> str:
    """A lower-case ASCII slug ("Université de Montréal" -> "universite-de-montreal")."""
    return "-".join(re.findall(r"[a-z0-9]+", fold_ascii(text).casefold()))


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
    parts = [p.strip() for p in re.split(r"[,;]|\s+-\s+", text) if p.strip()]
    for part in parts:  # a known organization anywhere in the string
        if slug(part) in table:
            return table[slug(part)]
    candidates = [p for p in parts if not _UNIT.match(p) and p.casefold() not in _COUNTRIES]
    institution = next((p for p in candidates if _INSTITUTION.search(p)), None)
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
    return key, institution

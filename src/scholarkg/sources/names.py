"""Person names as inputs print them, to ``AuthorRef`` with "Given Family" display names."""
from __future__ import annotations

import re

from ..model import AuthorRef
from .text import clean_latex, normalize_space

# lower-case particles that belong to the family name ("van den Berg", "de la Cruz")
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le", "ter", "ten", "bin", "al", "y"}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def from_parts(given: str | None, family: str | None, **extra) -> AuthorRef:
    """An author from separate given and family names.

    >>> from_parts("Greg Ver", "Steeg").name
    'Greg Ver Steeg'
    """
    given = normalize_space(clean_latex(given or "")) or None
    family = normalize_space(clean_latex(family or "")) or None
    name = " ".join(p for p in (given, family) if p)
    return AuthorRef(name=name, given=given, family=family, **extra)


def parse_family_first(text: str, **extra) -> AuthorRef:
    """ "Family, Given" (BibTeX and listing style) to an author.

    >>> parse_family_first("Turner, Richard E.").name
    'Richard E. Turner'
    >>> parse_family_first("van den Oord, Aaron").family
    'van den Oord'
    """
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 3 and parts[1].lower() in SUFFIXES:  # "King, Jr., Martin"
        return from_parts(parts[2], f"{parts[0]} {parts[1]}", **extra)
    if len(parts) >= 2:
        return from_parts(", ".join(parts[1:]), parts[0], **extra)
    return parse_given_first(text, **extra)


def parse_given_first(text: str, **extra) -> AuthorRef:
    """ "Given Family" to an author, keeping particles with the family name.

    >>> a = parse_given_first("Ludwig van Beethoven")
    >>> (a.given, a.family)
    ('Ludwig', 'van Beethoven')
    """
    text = normalize_space(clean_latex(text))
    if "," in text:
        return parse_family_first(text, **extra)
    words = text.split(" ")
    if len(words) == 1:
        return AuthorRef(name=text, given=None, family=text or None, **extra)
    suffix = ""
    if words[-1].lower().rstrip(".") in {s.rstrip(".") for s in SUFFIXES} and len(words) > 2:
        suffix = " " + words.pop()
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in PARTICLES:
        i -= 1
    given, family = " ".join(words[:i]), " ".join(words[i:]) + suffix
    return AuthorRef(name=text, given=given or None, family=family, **extra)


def is_initials(text: str) -> bool:
    """True for "A." or "A. B." or "J.-P." (an abbreviated given name)."""
    return bool(re.fullmatch(r"(?:[A-Z]\.?[- ]?)+", text.replace(" ", "")))

"""Author keys: one key per person however an input spells the name.

The key is the name's words in "Given Family" order, accents folded, case and punctuation dropped. Family-first
inputs ("Alemi, Alexander A.") are turned around by the readers before this, so both spellings meet. Initials
are kept as initials: "A. A. Alemi" stays a different key from "Alexander A. Alemi", because merging them could
join two different people; ORCIDs are kept as properties, not keys, so an author seen with and without an ORCID
is still one node.

>>> name_key("Alexander A. Alemi") == name_key("Alexander A Alemi") == name_key("ALEXANDER A. ALEMI")
True
>>> name_key("Kamilė Lukošiūtė")
'kamile-lukosiute'
"""
from __future__ import annotations

import re
import unicodedata

from ..model import AuthorRef

_TRANSLIT = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                           "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "ð": "d"})


def fold_ascii(text: str) -> str:
    """Accents and ligatures to plain ASCII letters ("Lukošiūtė" -> "Lukosiute", "Søren" -> "Soren")."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def name_key(name: str) -> str:
    """The key of a display name "Given Family"."""
    words = re.findall(r"[a-z0-9]+", fold_ascii(name).casefold().replace("'", "").replace("’", ""))
    return "-".join(words)


def slug(text: str) -> str:
    """A lower-case ASCII slug ("Université de Montréal" -> "universite-de-montreal")."""
    return "-".join(re.findall(r"[a-z0-9]+", fold_ascii(text).casefold()))


def spell_symbols(text: str) -> str:
    """``text`` with the symbols that tell two method or dataset names apart spelled out as words, where a slug of
    letters and digits would drop them: Greek letters ("β-VAE" is not "VAE"), stars ("A*", "R*CNN" is not "R-CNN"),
    sharps ("C#") and the pluses that close a word ("K-means++" is not "K-means"; "CNN+LSTM" adds two names).

    >>> [slug(spell_symbols(n)) for n in ("β-VAE", "R*CNN", "K-means++ seeding", "CNN+LSTM", "CNN + LSTM", "µ-law")]
    ['beta-vae', 'r-star-cnn', 'k-means-plus-plus-seeding', 'cnn-lstm', 'cnn-lstm', 'mu-law']
    """
    text = unicodedata.normalize("NFKD", text)  # the micro sign is the Greek mu
    text = _CLOSING_PLUSES.sub(lambda m: " plus" * len(m.group()) + " ", text)
    return "".join(f" {_SPELLED[c]} " if c in _SPELLED else c for c in text)


def entity_slug(text: str) -> str:
    """The key of a method or dataset name: its slug with ``spell_symbols`` ("A* search" -> "a-star-search")."""
    return slug(spell_symbols(text))


# pluses that close a word: "CNN+LSTM", "CNN + LSTM" and "(2+1)D" add two names, "K-means++ algorithm" names one
_CLOSING_PLUSES = re.compile(r"(?<=[^\W_])\++(?![^\W_])")
_SPELLED = {"*": "star", "#": "sharp",
            **{chr(c): unicodedata.name(chr(c)).split()[-1].lower() for c in range(0x391, 0x3CA)
               if unicodedata.name(chr(c), "").startswith("GREEK")}}


def author_key(author: AuthorRef) -> str:
    """The key of an author as a reader gave it (its display name in Given Family order)."""
    name = author.name or " ".join(p for p in (author.given, author.family) if p)
    return name_key(name)


def family_key(family: str) -> str:
    """The key of a family name alone, as in-text citations give it ("van den Oord" -> "van-den-oord")."""
    return name_key(family)

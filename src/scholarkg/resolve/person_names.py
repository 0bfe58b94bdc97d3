"""Whether two written names can denote one person, and how close the match is.

A name is read into a ``NameForm``: the given name as *atoms* (each word or hyphen part, an initial being one
letter), which atoms were joined by a hyphen or written as one word, the family name and a suffix (Jr., Sr., II).
Letters are folded to ASCII and umlaut spellings collapsed ("Schölkopf" and "Schoelkopf" both read "scholkopf"),
hyphens and spaces inside a family name dropped.

``compatible(a, b)`` gives the grade of the match, or None when the names cannot be one person:

- ``exact``: the same atoms ("Xiang-Yang Li" / "Xiangyang Li", "Ying Chang Liang" / "Ying-Chang Liang");
- ``partial``: initials where the other has the word, or a middle name on one side only ("H. V. Poor" /
  "H. Vincent Poor", "Michael Jordan" / "Michael I. Jordan");
- ``nickname``: a first name and a short form of it, or one letter off ("Andy" / "Andrew", "Jeffery" /
  "Jeffrey").

Never compatible: different family names, different suffixes (Jr. / Sr.), different words or initials in the same
place ("Daniel J. Katz" / "Daniel S. Katz"), and a hyphen-joined part the other name lacks ("Yang-Yu Liu" /
"Yang Liu": a two-part given name, not a middle name).

>>> compatible(read_name("H. Vincent Poor"), read_name("H. V. Poor"))
'partial'
>>> compatible(read_name("Bernhard Schölkopf"), read_name("Bernhard Schoelkopf"))
'exact'
>>> compatible(read_name("Yang-Yu Liu"), read_name("Yang Liu")) is None
True
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .names import fold_ascii

SUFFIXES = {"jr": "jr", "junior": "jr", "sr": "sr", "senior": "sr", "ii": "ii", "iii": "iii", "iv": "iv"}

# Short forms of English given names (written for this project): each group is one name.
_NICKNAME_GROUPS = [
    "alex alexander alexandre alexandra alexandros aleksandr", "andy andrew andreas", "ben benjamin",
    "bill will william willem", "bob rob robert robbie bert", "chris christopher christian christoph christos",
    "dan daniel danny", "dave david", "ed eddie edward edwin", "greg gregory", "jim jimmy james jamie",
    "joe joseph", "jon jonathan jonathon", "ken kenneth", "larry lawrence laurence", "matt matthew matthias",
    "mike michael mick", "nick nicholas nicolas nikolaos", "pat patrick", "pete peter", "phil philip phillip",
    "rick rich richard dick", "sam samuel", "steve stephen steven stefan", "tom thomas tommy", "tony anthony antonio",
    "fred frederick fredrik", "jeff jeffrey jeffery geoff geoffrey", "josh joshua", "tim timothy", "ron ronald",
    "don donald", "doug douglas", "jerry gerald", "kate katherine catherine kathy", "liz elizabeth beth",
    "sue susan", "vicky victoria", "nate nathan nathaniel", "zach zachary", "max maximilian", "ted theodore",
    "gabe gabriel", "manny emmanuel manuel", "vince vincent", "hank henry harry", "charlie charles chuck",
]
NICKNAMES: dict[str, int] = {n: i for i, group in enumerate(_NICKNAME_GROUPS) for n in group.split()}


@dataclass(frozen=True)
class NameForm:
    """A name read for comparison: given-name atoms (an initial is one letter), ``linked[i]``: atom i is joined to
    atom i-1 (hyphen or one word), the family name (folded, no spaces) and the suffix ("jr", "sr", "ii" or "")."""

    atoms: tuple[str, ...]
    linked: tuple[bool, ...]
    family: str
    suffix: str = ""

    @property
    def initials(self) -> str:
        return "".join(a[0] for a in self.atoms)

    def text(self) -> str:
        """A canonical spelling ("h vincent|poor|"), the same for every way of writing the same atoms."""
        parts = []
        for atom, link in zip(self.atoms, self.linked):
            parts.append(("-" if link and parts else " ") + atom)
        return f"{''.join(parts).strip()}|{self.family}|{self.suffix}"

    def swapped(self) -> "NameForm | None":
        """The name read the other way round ("Liu Liang" -> "Liang Liu"), for one full given word only."""
        if len(self.atoms) != 1 or len(self.atoms[0]) < 2 or len(self.family) < 2 or self.suffix:
            return None
        return NameForm((self.family,), (False,), self.atoms[0], "")


def _fold(text: str, family: bool = False) -> str:
    text = fold_ascii(text).casefold()
    # umlauts written out ("oe" for "ö") and the folded letter meet on the same spelling; in given names not before
    # an "l" or at the end, so Michael, Samuel and Joel keep their letters
    if family:
        return re.sub(r"([aou])e", r"\1", text)
    return re.sub(r"([aou])e(?=[a-km-z])", r"\1", text)


def read_name(name: str | None, given: str | None = None, family: str | None = None) -> NameForm:
    """A ``NameForm`` from the parts an input gave, else from the display name "Given Family"."""
    if family is None or given is None and " " in (name or "").strip():
        from ..sources.names import parse_given_first

        ref = parse_given_first(name or "")
        given, family = ref.given, ref.family
    suffix = ""
    fam_words = [w for w in re.split(r"[\s,]+", family or "") if w]
    while len(fam_words) > 1 and fam_words[-1].casefold().rstrip(".") in SUFFIXES:
        suffix = SUFFIXES[fam_words.pop().casefold().rstrip(".")]
    giv_words = [w for w in re.split(r"[\s,]+", given or "") if w]
    while giv_words and giv_words[-1].casefold().rstrip(".") in SUFFIXES and len(giv_words) > 1:
        suffix = SUFFIXES[giv_words.pop().casefold().rstrip(".")]
    atoms: list[str] = []
    linked: list[bool] = []
    for word in giv_words:
        parts = [p for p in re.split(r"[-‐‑–]", word) if p.strip(".")]
        for j, part in enumerate(parts):
            letters = re.sub(r"[^a-z0-9]", "", _fold(part))
            if not letters:
                continue
            is_initial = part.endswith(".") or len(letters) == 1
            if not is_initial and part.isupper() and len(letters) <= 3 and len(parts) == 1:
                for k, ch in enumerate(letters):  # "JJ" or "HV": initials run together
                    atoms.append(ch)
                    linked.append(False)
                continue
            atoms.append(letters[0] if is_initial else letters)
            linked.append(j > 0)
    fam = re.sub(r"[^a-z0-9]", "", _fold(" ".join(fam_words), family=True))
    return NameForm(tuple(atoms), tuple(linked), fam, suffix)


@functools.lru_cache(maxsize=1 << 20)
def read_name_of(name: str) -> NameForm:
    """``read_name`` of a display name alone, remembered (a corpus repeats names)."""
    return read_name(name)


def _osa(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions ("jeffery" / "jeffrey" is 1)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _atom(a: str, b: str, first: bool) -> str | None:
    """'eq', 'init' or 'nick' for two given-name atoms in the same place, None when they differ."""
    if a == b:
        return "eq"
    if len(a) == 1 or len(b) == 1:
        return "init" if a[0] == b[0] else None
    if not first:
        return None
    na, nb = NICKNAMES.get(a), NICKNAMES.get(b)
    if na is not None and na == nb:
        return "nick"
    if a[0] == b[0] and min(len(a), len(b)) >= 5 and _osa(a, b) == 1:
        return "nick"
    return None


@functools.lru_cache(maxsize=1 << 18)
def compatible(a: NameForm, b: NameForm) -> str | None:
    """The grade of the match between two names ('exact', 'partial', 'nickname') or None (see the module)."""
    if a.family != b.family or not a.family:
        return None
    if a.suffix and b.suffix and a.suffix != b.suffix:
        return None
    if not a.atoms or not b.atoms:
        return "partial"
    full_a = all(len(x) > 1 for x in a.atoms)
    full_b = all(len(x) > 1 for x in b.atoms)
    if full_a and full_b and "".join(a.atoms) == "".join(b.atoms):
        return "exact"
    grades = []
    for i, (x, y) in enumerate(zip(a.atoms, b.atoms)):
        g = _atom(x, y, i == 0)
        if g is None:
            return None
        grades.append(g)
    longer = a if len(a.atoms) > len(b.atoms) else b
    n = min(len(a.atoms), len(b.atoms))
    if any(longer.linked[n:]):
        return None  # "Yang-Yu" is not "Yang" with a middle name
    if len(a.atoms) > 1 and len(b.atoms) > 1 and a.linked[1] != b.linked[1] and "init" not in grades[:2]:
        return None  # "Xiang-Yang" and "Xiang Yang" with another atom after: different shapes
    if "nick" in grades:
        return "nickname"
    if all(g == "eq" for g in grades) and len(a.atoms) == len(b.atoms):
        return "exact"
    return "partial"

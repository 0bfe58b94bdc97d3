"""What the listing-page readers share: category codes, date lines, and telling names from prose.

Listing pages (researcher profiles, trending lists) are plain text copied from a web page, so the readers
recognise each line by its shape; the helpers here say what a line looks like.
"""
from __future__ import annotations

import datetime as _dt
import re

from ..model import AuthorRef
from .names import parse_given_first
from .text import clean_latex, normalize_space

# Listing pages show an arXiv category without its archive ("LG"); the archive is implied. Where a short code
# exists in several archives the one ML listings mean is taken (cs before stat before math).
_ARCHIVES = {
    "cs": "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NE NI OH OS PF PL RO "
          "SC SD SE SI SY",
    "stat": "ML AP CO ME OT TH",
    "math": "OC PR ST NA AG AT CA CT DG FA GM GN HO KT MG MP NT OA QA RA RT SG",
    "eess": "AS IV SP",
    "q-bio": "NC QM BM PE",
    "q-fin": "CP PM TR",
    "astro-ph": "IM EP GA",
}
CATEGORY_CODES = {code: f"{archive}.{code}" for archive, codes in reversed(_ARCHIVES.items()) for code in codes.split()}
CATEGORY_CODES.update({
    "DIS-NN": "cond-mat.dis-nn", "STAT-MECH": "cond-mat.stat-mech", "MTRL-SCI": "cond-mat.mtrl-sci",
    "SOFT": "cond-mat.soft", "QUANT-PH": "quant-ph", "CHAO-DYN": "nlin.CD", "AO": "nlin.AO",
    "DATA-AN": "physics.data-an", "COMP-PH": "physics.comp-ph", "CHEM-PH": "physics.chem-ph",
    "BIO-PH": "physics.bio-ph", "SOC-PH": "physics.soc-ph", "AO-PH": "physics.ao-ph", "MED-PH": "physics.med-ph",
    "OPTICS": "physics.optics", "FLU-DYN": "physics.flu-dyn", "GEO-PH": "physics.geo-ph", "HEP-TH": "hep-th",
    "HEP-PH": "hep-ph", "HEP-EX": "hep-ex", "HEP-LAT": "hep-lat", "GR-QC": "gr-qc", "ASTRO-PH": "astro-ph",
    "EM": "econ.EM",
})

MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}

# "LGJul 8, 2024", "DIS-NNFeb 11", "MLDec 5, 2019Code"
DATE_LINE = re.compile(
    r"^(?P<cat>[A-Z][A-Z-]*?)?(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? "
    r"(?P<day>\d{1,2})(?:, (?P<year>\d{4}))?\s*(?P<code>Code)?$"
)


def category_code(listed: str) -> str:
    """The arXiv code of a category as a listing shows it ("LG" -> "cs.LG"); unknown codes pass through.

    >>> category_code("DIS-NN"), category_code("ML"), category_code("OC")
    ('cond-mat.dis-nn', 'stat.ML', 'math.OC')
    """
    return CATEGORY_CODES.get(listed.upper(), listed)


def parse_date_line(line: str) -> dict | None:
    """The category, date and code flag of an entry's first line, or None when the line is not one.

    A date shown without a year gives ``published: None`` and ``year: None`` — never a guessed year.

    >>> parse_date_line("LGJul 8, 2024")["published"]
    '2024-07-08'
    >>> d = parse_date_line("MLFeb 11Code")
    >>> (d["published"], d["date_text"], d["has_code"], d["categories"])
    (None, 'Feb 11', True, ('stat.ML',))
    """
    m = DATE_LINE.match(line.strip())
    if not m:
        return None
    year = int(m["year"]) if m["year"] else None
    published = None
    if year is not None:
        try:
            published = _dt.date(year, MONTHS[m["mon"]], int(m["day"])).isoformat()
        except ValueError:
            return None
    text = f"{m['mon']} {m['day']}" + (f", {year}" if year else "")
    return {
        "categories": (category_code(m["cat"]),) if m["cat"] else (),
        "published": published,
        "year": year,
        "date_text": text,
        "has_code": bool(m["code"]),
    }


_INITIAL = re.compile(r"^(?:[A-Z]\.)(?:-?[A-Z]\.)*$")
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le", "ter", "ten", "al", "bin", "y"}


def is_name_token(tok: str) -> bool:
    """A word that can be part of a person's name: Capitalised ("Alemi", "O'Brien", "McDonald",
    "Lukošiūtė", "Jean-Pierre"), an initial ("A.", "J.-P."), or a particle ("van")."""
    if tok in _PARTICLES or _INITIAL.match(tok):
        return True
    parts = [p for p in re.split(r"[-‐]", tok) if p]
    if not parts:
        return False
    for i, part in enumerate(parts):
        if not all(ch.isalpha() or ch in "'’." for ch in part):
            return False
        if i > 0 and part.islower():  # "Shun-ichi"
            continue
        if len(part) == 1:
            if not part.isupper():
                return False
            continue
        if not (part[0].isupper() and (part[1].islower() or part[1] in "'’.")):
            return False
    return True


def looks_like_name(text: str, *, max_words: int = 5) -> bool:
    """True when ``text`` reads as one person's name ("Peter J. Liu", "Greg Ver Steeg")."""
    words = text.split()
    return 1 <= len(words) <= max_words and all(is_name_token(w) for w in words) and any(
        len(w) > 2 and not _INITIAL.match(w) for w in words
    )


def split_author_line(line: str) -> tuple[list[str], bool, list[str]] | None:
    """ "A, B, C et al. · org1, org2" -> (names, complete, organizations); None when the line is not an
    author line.

    >>> split_author_line("Katie Everett, Lechao Xiao, Mitchell Wortsman et al. · anthropic, deepmind")
    (['Katie Everett', 'Lechao Xiao', 'Mitchell Wortsman'], False, ['anthropic', 'deepmind'])
    >>> split_author_line("Alexander A. Alemi, Ben Poole")
    (['Alexander A. Alemi', 'Ben Poole'], True, [])
    """
    people, sep, orgs = line.partition(" · ")
    people = people.strip()
    complete = True
    m = re.search(r",?\s*(?:et al\.?|and others)\s*$", people)
    if m:
        people, complete = people[: m.start()], False
    names = [normalize_space(n) for n in re.split(r",\s*|\s+and\s+|\s*&\s*", people) if n.strip()]
    if not names or not all(looks_like_name(n) for n in names):
        return None
    organizations = [normalize_space(o) for o in orgs.split(",") if o.strip()] if sep else []
    return names, complete, organizations


def looks_like_prose(line: str) -> bool:
    """An abstract rather than a title or author line: long, or several sentences."""
    text = line.strip()
    if len(text) >= 300:
        return True
    sentences = re.findall(r"[a-z0-9)\]][.!?](?:\s+[A-Z(]|$)", text)
    return len(text) >= 60 and len(sentences) >= 2


def authors_from_names(names: list[str]) -> tuple[AuthorRef, ...]:
    return tuple(parse_given_first(n) for n in names)


def clean_title(text: str) -> str:
    return normalize_space(clean_latex(text))


def clean_abstract(text: str | None) -> str | None:
    if text is None:
        return None
    text = normalize_space(clean_latex(text))
    return text or None

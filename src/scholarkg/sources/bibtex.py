"""BibTeX files (``.bib``), read by our own small parser::

    @string{icml = "International Conference on Machine Learning"}
    @InProceedings{vaswani2017,
      title     = {Attention is All you Need},
      author    = {Vaswani, Ashish and Shazeer, Noam and others},
      booktitle = "Proc. " # icml,
      year      = 2017, month = dec,
    }

What is handled: ``@string`` macros and ``#`` concatenation, the month macros ``jan`` .. ``dec``,
nested braces, quoted values, ``@comment`` and ``@preamble`` (skipped), LaTeX accents, protected
``{Capitals}``, ``and others`` / ``et al.`` (the author list is then incomplete), "Family, Given",
"Given Family" and "von Last, Jr, First" names, ``{Corporate Names}`` kept whole.

Entries are cut out of the file one at a time, so a big file is never held whole. An entry whose
braces do not balance is reported (file, entry key and line) and reading goes on at the next line
that starts with ``@``.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from ..errors import InputError
from ..model import AuthorRef, Paper, SourceRef
from ._io import ErrorSink, open_text
from .names import from_parts
from .text import clean_latex, normalize_space, paper_key

NAME = "bibtex"

# Entry types of BibTeX and biblatex; sniff only trusts these.
ENTRY_TYPES = {
    "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished", "online", "report",
    "thesis", "collection", "mvbook", "dataset", "software", "patent", "electronic", "www", "string",
    "comment", "preamble",
}
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH_NAMES = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
    "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
}

_ENTRY_START = re.compile(r"\s*@\s*([A-Za-z][\w-]*)\s*([{(])")
_SNIFF = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.M)
_NEW_ARXIV = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])")
_OLD_ARXIV = re.compile(r"(?<![\w.-])([a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b")
_ARXIV_FULL = re.compile(r"(?:arXiv:)?(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.I)
_ARXIV_CATEGORY = re.compile(r"\[([a-z-]+(?:\.[A-Za-z-]+)?)\]")
_DOI = re.compile(r"\b(10\.\d{4,9}/\S+)")


class BibSyntaxError(ValueError):
    """A malformed entry (turned into an ``InputError`` naming file and entry)."""


def sniff(head: str, path: str) -> bool:
    """A line starting with ``@article{``, ``@inproceedings(`` ... (a known entry type) and a field.

    >>> sniff("% refs\\n@Article{ key1,\\n  title = {X},\\n}\\n", "refs.bib")
    True
    >>> sniff("@dataclass(frozen=True)\\nclass A: pass\\n", "a.py")
    False
    """
    types = [m.group(1).lower() for m in _SNIFF.finditer(head)][:20]
    if not types or sum(t in ENTRY_TYPES for t in types) * 2 <= len(types):
        return False
    return bool(re.search(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(][^\n,={}()]*,", head, re.M)) or types[0] == "string"


def iter_papers(path: str, errors: ErrorSink) -> Iterator[Paper]:
    macros = dict(MONTH_NAMES)
    pending: tuple[int, Paper] | None = None  # held back until we know no stray fields follow it
    entries = 0
    with open_text(path) as f:
        for lineno, text, complete, stray_after in _chunks(f):
            if stray_after is not None:
                if pending is not None and pending[0] == stray_after:
                    errors.report(InputError(
                        f"the entry closes early (a '}}' too many?): fields follow its closing brace at line {lineno}",
                        path=path, record=pending[1].source.record))
                    pending = None
                continue
            if pending is not None:
                yield pending[1]
                pending = None
            entries += 1
            key = _peek_key(text)
            where = f"entry {key} (line {lineno})" if key else f"entry at line {lineno}"
            if not complete:
                errors.report(InputError(
                    "unbalanced braces: the entry is not closed before the next line starting with '@' "
                    "or the end of the file", path=path, record=where))
                continue
            try:
                entry_type, key, fields = parse_entry(text, macros)
            except BibSyntaxError as exc:
                errors.report(InputError(str(exc), path=path, record=where))
                continue
            if entry_type in ("comment", "preamble", "string"):
                continue
            paper = _paper(path, where, key, fields, errors)
            if paper is not None:
                pending = (lineno, paper)
    if pending is not None:
        yield pending[1]
    if entries == 0:
        errors.report(InputError("no BibTeX entries found", path=path))


# ---------------------------------------------------------------- cutting the file into entries

def _chunks(lines: Iterable[str]) -> Iterator[tuple[int, str, bool, int | None]]:
    """(first line number, entry text, balanced?, None) for every ``@`` entry, and
    (line, text, True, first line of the previous entry) when the first thing after an entry's
    closing brace looks like more fields (the entry closed early: a ``}`` too many).

    >>> [c[:3] for c in _chunks(["@misc{a, title={x}}\\n", "junk\\n", "@misc{b,\\n", " title={y}}\\n"])]
    [(1, '@misc{a, title={x}}', True), (3, '@misc{b,\\n title={y}}', True)]
    """
    buf: list[str] = []
    start = depth = paren = 0
    closer = "}"
    last: int | None = None  # first line of the entry that just closed, until something non-blank follows
    for lineno, line in enumerate(lines, start=1):
        pos = 0
        if buf and _ENTRY_START.match(line):  # a new entry while the old one is still open
            yield start, "".join(buf), False, None
            buf = []
        while pos < len(line):
            if not buf:
                m = _ENTRY_START.match(line, pos) if pos == 0 else None
                if m is None:
                    at = line.find("@", pos)
                    m = _ENTRY_START.match(line, at) if at >= 0 else None
                    if last is not None and line[pos : at if m else None].strip():
                        if re.match(r"\s*(?:,|\}|[A-Za-z][\w-]*\s*=)", line[pos:]):
                            yield lineno, line[pos:].strip(), True, last
                        last = None
                    if m is None:
                        break
                    pos = at
                last = None
                start, closer = lineno, "}" if m.group(2) == "{" else ")"
                depth, paren = (1, 0) if closer == "}" else (0, 1)
                buf.append(line[pos : m.end()])
                pos = m.end()
            end, depth, paren = _scan(line, pos, depth, closer, paren)
            if end is None:
                buf.append(line[pos:])
                break
            buf.append(line[pos:end])
            text = "".join(buf).rstrip()
            buf = []
            kind = _ENTRY_START.match(text).group(1).lower()
            last = start if kind not in ("comment", "preamble", "string") else None
            yield start, text, True, None
            pos = end
    if buf:
        yield start, "".join(buf), False, None


_BRACKETS = re.compile(r"[{}()]")


def _scan(line: str, pos: int, depth: int, closer: str, paren: int) -> tuple[int | None, int, int]:
    """Read ``line[pos:]``: the index just past the character that closes the entry (None if it stays open),
    and the brace depth and (at brace depth 0) parenthesis depth reached."""
    for m in _BRACKETS.finditer(line, pos):
        ch = m.group(0)
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if closer == "}" and depth == 0:
                return m.end(), depth, paren
        elif depth == 0:
            paren += 1 if ch == "(" else -1
            if closer == ")" and paren == 0:
                return m.end(), depth, paren
    return None, depth, paren


def _peek_key(text: str) -> str | None:
    m = re.match(r"\s*@\s*[A-Za-z][\w-]*\s*[{(]\s*([^\s,={}()\"#]+)\s*,", text)
    return m.group(1) if m else None


# ---------------------------------------------------------------- one entry

def parse_entry(text: str, macros: dict[str, str]) -> tuple[str, str | None, dict[str, str]]:
    """(type, key, fields) of one whole entry; ``@string`` entries add to ``macros``.

    Field names are lower-case; values are raw LaTeX with the outer braces or quotes removed.

    >>> parse_entry('@Article{k1, title = {The {B}ig} # " One", year = 2020, month = jan}', dict(MONTH_NAMES))
    ('article', 'k1', {'title': 'The {B}ig One', 'year': '2020', 'month': 'January'})
    """
    p = _Cursor(text)
    p.expect("@")
    entry_type = p.word().lower()
    p.skip()
    opener = p.take()
    closer = "}" if opener == "{" else ")"
    if entry_type in ("comment", "preamble"):
        return entry_type, None, {}
    fields: dict[str, str] = {}
    key = None
    if entry_type == "string":
        name = p.word().lower()
        p.skip()
        p.expect("=")
        macros[name] = _value(p, macros)
        return entry_type, None, {}
    p.skip()
    m = re.compile(r"[^\s,={}()\"#]*").match(text, p.pos)
    key = m.group(0)
    p.pos = m.end()
    p.skip()
    if p.peek() == closer:
        return entry_type, key or None, fields
    p.expect(",")
    while True:
        p.skip()
        if p.peek() == closer:
            break
        name = p.word().lower()
        if not name:
            raise BibSyntaxError(f"expected a field name at {p.where()}")
        p.skip()
        p.expect("=")
        fields[name] = _value(p, macros)
        p.skip()
        ch = p.peek()
        if ch == ",":
            p.pos += 1
        elif ch == closer:
            break
        else:
            raise BibSyntaxError(f"expected ',' or {closer!r} after field {name!r} at {p.where()}")
    return entry_type, key or None, fields


def _value(p: "_Cursor", macros: dict[str, str]) -> str:
    """A value: pieces (``{...}``, ``"..."``, a number or a macro name) joined by ``#``."""
    parts = []
    while True:
        p.skip()
        ch = p.peek()
        if ch == "{":
            parts.append(p.braced())
        elif ch == '"':
            parts.append(p.quoted())
        elif ch and (ch.isalnum() or ch in "_-.:"):
            word = p.word(_MACRO)
            parts.append(word if word.isdigit() else macros.get(word.lower(), word))
        else:
            raise BibSyntaxError(f"expected a value at {p.where()}")
        p.skip()
        if p.peek() != "#":
            return "".join(parts)
        p.pos += 1


_SPACE = re.compile(r"\s*")
_WORD = re.compile(r"[\w-]*")
_MACRO = re.compile(r"[\w.:+/-]*")
_BRACES = re.compile(r"[{}]")


class _Cursor:
    def __init__(self, text: str):
        self.text, self.pos = text, 0

    def where(self) -> str:
        line = self.text.count("\n", 0, self.pos)
        snippet = self.text[self.pos : self.pos + 20].split("\n")[0]
        return f"entry line +{line}: {snippet!r}" if snippet else f"entry line +{line}"

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def take(self) -> str:
        ch = self.peek()
        self.pos += 1
        return ch

    def skip(self) -> None:
        self.pos = _SPACE.match(self.text, self.pos).end()

    def expect(self, ch: str) -> None:
        self.skip()
        if self.peek() != ch:
            raise BibSyntaxError(f"expected {ch!r} at {self.where()}")
        self.pos += 1

    def word(self, pattern: re.Pattern[str] | None = None) -> str:
        self.skip()
        m = (pattern or _WORD).match(self.text, self.pos)
        self.pos = m.end()
        return m.group(0)

    def braced(self) -> str:
        depth, start = 0, self.pos
        for m in _BRACES.finditer(self.text, self.pos):
            depth += 1 if m.group(0) == "{" else -1
            if depth == 0:
                self.pos = m.end()
                return self.text[start + 1 : m.start()]
        raise BibSyntaxError("unbalanced braces in a value")

    def quoted(self) -> str:
        depth, start = 0, self.pos
        for i in range(self.pos + 1, len(self.text)):
            ch = self.text[i]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == '"' and depth == 0:
                self.pos = i + 1
                return self.text[start + 1 : i]
        raise BibSyntaxError('a quoted value does not end (missing ")')


# ---------------------------------------------------------------- entry -> Paper

_DOTLESS = re.compile(r"(\\[`'^\"~=.uvHc])\s*\{?\\([ij])(?![A-Za-z])\}?")
_SWITCH = re.compile(r"\{\\(?:em|it|bf|sl|sc|tt|rm|sf)\s+")
_WRAPPER = re.compile(r"\\(?:url|href|emph|textit|textbf|textsc)\s*\{")
_SPACING = re.compile(r"\\newblock\b|\\protect\b|\\[ ,;]")
_TIMES = re.compile(r"\s*\\times\s*")


def tex(text: str) -> str:
    """Raw BibTeX text to plain text: accents, protected capitals, ``\\url``, ``{\\em ..}`` and ties.

    >>> tex(r"Tensor{F}low by Mart{\\'\\i}n, {\\em Theorie}; Rend.\\ {A}ccad.")
    'TensorFlow by Martín, Theorie; Rend. Accad.'
    """
    if "\\" in text:
        text = _DOTLESS.sub(r"\1\2", text)  # {\'\i} -> {\'i}
        text = _SWITCH.sub("{", text).replace("\\relax ", "")
        text = _WRAPPER.sub("{", text)
        text = _SPACING.sub(" ", text)
        text = _TIMES.sub("×", text)
    if "--" in text:
        text = text.replace("---", "—").replace("--", "–")
    return normalize_space(clean_latex(text))


def split_names(text: str) -> list[str]:
    """Split an author field on `` and `` outside braces.

    >>> split_names("Abadi, Mart{\\\\'\\\\i}n and {Barnes and Noble} and\\n  others")
    ["Abadi, Mart{\\\\'\\\\i}n", '{Barnes and Noble}', 'others']
    """
    names, depth, start = [], 0, 0
    for m in re.finditer(r"[{}]|\s+and\s+", text, flags=re.I):
        tok = m.group(0)
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0:
            names.append(text[start : m.start()])
            start = m.end()
    names.append(text[start:])
    return [normalize_space(n) for n in names if n.strip()]


def _split_top(text: str, sep: str) -> list[str]:
    """Split at ``sep`` (one character, or None for white space) outside braces."""
    parts: list[str] = []
    depth, cur = 0, list[str]()
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if depth == 0 and (ch == sep or (sep is None and ch.isspace())):
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def parse_name(raw: str) -> AuthorRef:
    """One BibTeX name to an author.

    >>> [parse_name(n).name for n in ["Daum{\\\\'e}, III, Hal", "van den Oord, Aaron", "Ludwig van Beethoven", "{Google Brain}"]]
    ['Hal Daumé III', 'Aaron van den Oord', 'Ludwig van Beethoven', 'Google Brain']
    >>> [parse_name(n).family for n in ("Ludwig van Beethoven", "Jean de La Fontaine", "{\\relax Ch}arles Dickens")]
    ['van Beethoven', 'de La Fontaine', 'Dickens']
    """
    raw = raw.strip()
    if raw.startswith("{") and raw.endswith("}") and _split_top(raw, None) == [raw]:
        name = tex(raw)
        return AuthorRef(name=name, given=None, family=name)
    parts = _split_top(raw, ",")
    if len(parts) >= 3:  # von Last, Jr, First
        return from_parts(tex(", ".join(parts[2:])), tex(parts[0] + " " + parts[1]))
    if len(parts) == 2:
        return from_parts(tex(parts[1]), tex(parts[0]))
    words = _split_top(raw, None)
    if len(words) == 1:
        name = tex(words[0])
        return AuthorRef(name=name, given=None, family=name)
    # First von Last: the family name starts at the first lower-case word ("van", "de"), else it is the last word
    i = next((k for k in range(1, len(words) - 1) if _lower_word(words[k])), len(words) - 1)
    return from_parts(tex(" ".join(words[:i])), tex(" ".join(words[i:])))


def _lower_word(word: str) -> bool:
    if word.startswith("{") and not word.startswith("{\\"):
        return False
    letters = [c for c in tex(word) if c.isalpha()]
    return bool(letters) and letters[0].islower()


def _authors(text: str | None) -> tuple[tuple[AuthorRef, ...], bool]:
    if not text:
        return (), False
    names = split_names(text)
    complete = True
    while names and names[-1].lower().rstrip(".") in ("others", "et al", "{others}"):
        names.pop()
        complete = False
    return tuple(parse_name(n) for n in names), complete


def _year(text: str | None) -> int | None:
    m = re.search(r"(?<!\d)(\d{4})(?!\d)", text or "")
    return int(m.group(1)) if m else None


def month_number(text: str | None) -> int | None:
    """``jan``, ``January``, ``{1}`` -> 1; anything else -> None.

    >>> [month_number(m) for m in ("jan", "September", "12", "spring")]
    [1, 9, 12, None]
    """
    if not text:
        return None
    t = tex(text).strip().lower().rstrip(".")
    if t.isdigit() and 1 <= int(t) <= 12:
        return int(t)
    return MONTHS.get(t[:3]) if t[:3] in MONTHS and MONTH_NAMES[t[:3]].lower().startswith(t) else None


def _published(fields: dict[str, str]) -> str | None:
    """An ISO date only when the entry gives a full one (``date = 2017-12-04`` or year+month+day)."""
    date = fields.get("date", "").strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", date)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        y, mo = _year(fields.get("year")), month_number(fields.get("month"))
        day = fields.get("day", "").strip()
        if not (y and mo and day.isdigit()):
            return None
        d = int(day)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def clean_doi(text: str | None) -> str | None:
    """``https://doi.org/10.1145/X`` or ``doi:10.1145/X`` -> ``10.1145/x``.

    >>> clean_doi("https://doi.org/10.1145/3544903.3544906")
    '10.1145/3544903.3544906'
    """
    if not text:
        return None
    m = _DOI.search(text.replace("\\_", "_"))
    return m.group(1).rstrip(".,;").lower() if m else None


def arxiv_from(text: str | None) -> str | None:
    """An arXiv id (no version) found in ``text``: ``arXiv:1706.03762v5`` -> ``1706.03762``.

    >>> [arxiv_from(t) for t in ("Ar{X}iv:2010.02178", "arxiv.org/abs/hep-th/9901001v2", "pages 12--34")]
    ['2010.02178', 'hep-th/9901001', None]
    """
    if not text:
        return None
    m = _NEW_ARXIV.search(text) or _OLD_ARXIV.search(text)
    return m.group(1) if m else None


def _is_arxiv(text: str | None) -> bool:
    return bool(text) and "arxiv" in text.lower().replace("{", "").replace("}", "")


def _paper(path: str, where: str, key: str | None, fields: dict[str, str], errors: ErrorSink) -> Paper | None:
    # "$16\times 16$" -> "16x16": the way other sources print the title, so the paper key agrees
    title = tex(_TIMES.sub("x", fields.get("title", "")))
    if not title:
        errors.report(InputError("entry has no title", path=path, record=where))
        return None
    authors, complete = _authors(fields.get("author"))
    doi = clean_doi(fields.get("doi"))
    url = fields.get("url", "").strip() or None
    if doi is None and url and "doi.org/" in url:
        doi = clean_doi(url)
    arxiv_id = None
    categories: list[str] = []
    eprint = fields.get("eprint")
    prefix = fields.get("archiveprefix", fields.get("eprinttype", ""))
    if eprint and (prefix.strip().lower() == "arxiv" or _ARXIV_FULL.fullmatch(eprint.strip())):
        arxiv_id = arxiv_from(eprint) or eprint.strip()
    venue_raw = fields.get("journal") or fields.get("booktitle") or fields.get("journaltitle")
    for text in (venue_raw, url, fields.get("note"), fields.get("howpublished")):
        if arxiv_id is None and _is_arxiv(text):
            arxiv_id = arxiv_from(text)
    if arxiv_id is None and doi and doi.startswith("10.48550/arxiv."):
        arxiv_id = arxiv_from(doi)
    primary = fields.get("primaryclass")
    if primary and re.fullmatch(r"[a-z-]+(\.[A-Za-z-]+)?", primary.strip()):
        categories.append(primary.strip())
    if venue_raw and _is_arxiv(venue_raw):
        m = _ARXIV_CATEGORY.search(venue_raw)
        if m and m.group(1) not in categories:
            categories.append(m.group(1))
    venue = tex(venue_raw) if venue_raw else None
    if venue and _is_arxiv(venue_raw) and (arxiv_from(venue_raw) or re.fullmatch(r"(?i)arxiv( preprint)?\.?", venue)):
        venue = "arXiv"  # "ArXiv:1607.06450", "arXiv preprint arXiv:...": the id is kept in arxiv_id
    ids = {"bibtex": key} if key else {}
    if url:
        ids["url"] = url
    abstract = tex(fields["abstract"]) if fields.get("abstract") else None
    return Paper(
        key=paper_key(title),
        title=title,
        source=SourceRef(path, NAME, where),
        authors=authors,
        authors_complete=complete,
        categories=tuple(categories),
        published=_published(fields),
        year=_year(fields.get("year")) or _year(fields.get("date")),
        abstract=abstract or None,
        doi=doi,
        arxiv_id=arxiv_id,
        venue=venue or None,
        ids=ids,
    )

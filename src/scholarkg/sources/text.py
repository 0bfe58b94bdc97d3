"""Text clean-up shared by the readers: LaTeX escapes, whitespace, and the stable paper key."""
from __future__ import annotations

import hashlib
import re
import unicodedata

# \"o -> ö and friends: accent command -> combining mark
_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a",
}
_SYMBOLS = {
    r"\ss": "ß", r"\o": "ø", r"\O": "Ø", r"\ae": "æ", r"\AE": "Æ", r"\oe": "œ", r"\OE": "Œ", r"\aa": "å",
    r"\AA": "Å", r"\l": "ł", r"\L": "Ł", r"\i": "ı", r"\j": "ȷ", r"\&": "&", r"\%": "%", r"\$": "$",
    r"\#": "#", r"\_": "_", r"\{": "{", r"\}": "}", r"\textendash": "–", r"\textemdash": "—", r"\ldots": "…",
}
_GREEK = {
    name: chr(code)
    for name, code in {
        "alpha": 0x3B1, "beta": 0x3B2, "gamma": 0x3B3, "delta": 0x3B4, "epsilon": 0x3B5, "varepsilon": 0x3B5,
        "zeta": 0x3B6, "eta": 0x3B7, "theta": 0x3B8, "iota": 0x3B9, "kappa": 0x3BA, "lambda": 0x3BB, "mu": 0x3BC,
        "nu": 0x3BD, "xi": 0x3BE, "pi": 0x3C0, "rho": 0x3C1, "sigma": 0x3C3, "tau": 0x3C4, "upsilon": 0x3C5,
        "phi": 0x3C6, "varphi": 0x3C6, "chi": 0x3C7, "psi": 0x3C8, "omega": 0x3C9, "Gamma": 0x393, "Delta": 0x394,
        "Theta": 0x398, "Lambda": 0x39B, "Xi": 0x39E, "Pi": 0x3A0, "Sigma": 0x3A3, "Phi": 0x3A6, "Psi": 0x3A8,
        "Omega": 0x3A9, "ell": 0x2113, "infty": 0x221E, "leq": 0x2264, "geq": 0x2265, "le": 0x2264, "ge": 0x2265,
        "times": 0xD7, "approx": 0x2248, "sim": 0x223C, "pm": 0xB1, "cdot": 0xB7, "to": 0x2192, "rightarrow": 0x2192,
    }.items()
}

_ACCENT_RE = re.compile(r"""\\([`'^"~=.])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))|\\([uvHckr])(?:\{\s*(\\?[A-Za-z])\s*\}|\s+([A-Za-z]))""")
_SYMBOL_RE = re.compile("|".join(re.escape(k) + (r"(?![A-Za-z])" if k[-1].isalpha() else "") for k in sorted(_SYMBOLS, key=len, reverse=True)))
_GREEK_RE = re.compile(r"\\(" + "|".join(sorted(_GREEK, key=len, reverse=True)) + r")(?![A-Za-z])")
_FORMAT_RE = re.compile(r"\\(?:textit|textbf|emph|mathrm|mathbf|mathcal|mathit|texttt|textsc|text|operatorname|mathsf|mathbb)\s*\{([^{}]*)\}")
_TIE_RE = re.compile(r"(?<=[A-Za-z.,)])~(?=[A-Za-z(\[])")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_MATH_RE = re.compile(r"(?<!\\)\$([^$]{1,200}?)(?<!\\)\$")


def _accent(m: re.Match[str]) -> str:
    cmd = m.group(1) or m.group(4)
    letter = next(g for g in (m.group(2), m.group(3), m.group(5), m.group(6)) if g)
    if letter.startswith("\\"):
        letter = _SYMBOLS.get(letter, letter[1:])
    return unicodedata.normalize("NFC", letter + _ACCENTS[cmd])


def clean_latex(text: str) -> str:
    """Make LaTeX escapes in a title or abstract readable.

    >>> clean_latex(r'Schr\\"odinger and P\\'olya, $\\beta$-VAE')
    'Schrödinger and Pólya, β-VAE'
    """
    if "\\" not in text and "$" not in text and "{" not in text and "~" not in text:
        return text
    out = _ACCENT_RE.sub(_accent, text)
    out = _SYMBOL_RE.sub(lambda m: _SYMBOLS[m.group(0)], out)
    out = _GREEK_RE.sub(lambda m: _GREEK[m.group(1)], out)
    for _ in range(3):  # nested \textbf{\emph{x}}
        new = _FORMAT_RE.sub(r"\1", out)
        if new == out:
            break
        out = new
    out = _MATH_RE.sub(lambda m: m.group(1).strip(), out)
    out = re.sub(r"(?<!\\)[{}]", "", out)
    out = _TIE_RE.sub(" ", out)  # LaTeX's non-breaking space: "models~(LMs)"; "~10%" stays
    return normalize_space(out)


def normalize_space(text: str) -> str:
    """Collapse runs of white space (newlines included) to one space and strip the ends."""
    return " ".join(text.split())


def title_fingerprint(title: str) -> str:
    """Lower-case ASCII letters and digits of a title, LaTeX and accents removed: equal for the same
    title as different inputs print it.

    >>> title_fingerprint("Schr\\\\\\"odinger's Cat: A  Study.") == title_fingerprint("Schrödinger’s cat - a study")
    True
    """
    text = clean_latex(title)
    if not text.isascii():  # (ASCII text has no accents to take off: most titles skip the walk over characters)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", text.casefold())


def paper_key(title: str) -> str:
    """The stable key of a paper: a hash of its title fingerprint.

    Titles are the one identifier every input has (listing pages carry no DOI or arXiv id), so
    keying by them makes the same paper one node whatever file it came from and in whatever order
    files are loaded. DOI, arXiv and other ids are kept on the record as properties.

    >>> paper_key("Toy Models of Superposition") == paper_key("toy models of superposition.")
    True
    """
    return "t" + hashlib.sha1(title_fingerprint(title).encode()).hexdigest()[:20]

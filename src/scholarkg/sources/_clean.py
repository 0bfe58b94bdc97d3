"""Characters no store can hold, taken out of every record a reader yields.

- NUL (U+0000): FalkorDB's client sends parameters inside the query text, which the server reads as a C string,
  so a NUL cuts the query short and the whole batch is refused. JSON inputs can carry it as ``\\u0000``; text
  inputs as a raw byte. It is dropped.
- Lone surrogates (U+D800..U+DFFF): a JSON ``\\ud800`` escape with no partner decodes to one, and no UTF-8 writer
  (stdout, Oxigraph, FalkorDB) accepts it. Each becomes U+FFFD, the replacement character.

Both are removed the same way everywhere (records, query parameters), so a name read from a file with a NUL in
it is found again by the same name typed with or without the NUL.

>>> clean_text("Deep\\x00 Learning \\ud800x")
'Deep Learning \\ufffdx'
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any, Mapping

_BAD = re.compile("[\x00\ud800-\udfff]")


def _fix(m: re.Match[str]) -> str:
    return "" if m.group() == "\x00" else "\ufffd"


def clean_text(text: str) -> str:
    """``text`` without NUL, and with lone surrogates as U+FFFD."""
    return _BAD.sub(_fix, text) if _BAD.search(text) else text


def clean_value(value: Any) -> Any:
    """``value`` (a record, string, tuple, list or mapping, nested) with every string cleaned; the same object
    when nothing needed cleaning, so clean records cost one scan and no copies.

    >>> from scholarkg.model import AuthorRef
    >>> clean_value(AuthorRef("Ada\\x00 Lovelace", affiliations=("x\\x00",))).affiliations
    ('x',)
    """
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (tuple, list)):
        items = [clean_value(v) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return type(value)(items)
    if isinstance(value, Mapping):
        pairs = [(clean_value(k), clean_value(v)) for k, v in value.items()]
        if all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(pairs, value.items())):
            return value
        return dict(pairs)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = clean_value(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value

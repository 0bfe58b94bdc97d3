"""Every node key in one place: ``key_for(kind, text)`` is the key a node of ``kind`` named ``text`` gets.

Readers, the extractor, the resolvers and the query catalogue all key through here, so that a name typed into a
query finds the node a build made of it. Keys are deterministic: the same text gives the same key in any process.

>>> key_for("author", "Alemi, Alexander A."), key_for("method", "K-FAC"), key_for("organization", "Google DeepMind")
('alexander-a-alemi', 'k-fac', 'deepmind')
>>> key_for("paper", "Toy Models of Superposition") == key_for("paper", "toy models of superposition.")
True
"""
from __future__ import annotations

from typing import Literal, get_args

from .resolve.names import entity_slug, family_key, name_key, slug
from .resolve.orgs import org_key
from .sources.names import parse_given_first
from .sources.text import paper_key

KeyKind = Literal["author", "paper", "organization", "method", "dataset", "reference"]
KINDS: tuple[str, ...] = get_args(KeyKind)

__all__ = ["KINDS", "KeyKind", "entity_slug", "family_key", "key_for", "name_key", "paper_key", "reference_key", "slug"]


def key_for(kind: KeyKind, text: str) -> str:
    """The key of a node of ``kind`` named ``text``.

    - ``author``: the name's words in Given Family order, accents folded (``resolve.names``); "Family, Given"
      is turned around first;
    - ``paper``: a hash of the title's fingerprint (``sources.text.paper_key``);
    - ``organization``: the alias table's key, else the institution-level part's slug (``resolve.orgs``);
    - ``method``, ``dataset``: the name's slug with the symbols that set names apart spelled out ("A*" ->
      "a-star", "K-means++" -> "k-means-plus-plus", "β-VAE" -> "beta-vae": ``resolve.names.entity_slug``);
    - ``reference``: an in-text citation "Family|year" as ``reference_key`` makes it.
    """
    if kind == "author":
        return name_key(parse_given_first(text).name)
    if kind == "paper":
        return paper_key(text)
    if kind == "organization":
        found = org_key(text)
        return found[0] if found else slug(text)
    if kind in ("method", "dataset"):
        return entity_slug(text)
    if kind == "reference":
        family, _, year = text.rpartition("|")
        return reference_key(family, int(year))
    raise ValueError(f"no key kind {kind!r} (kinds: {', '.join(KINDS)})")


def reference_key(family: str, year: int) -> str:
    """The key of an in-text citation target: first-author family name key and year ("alemi|2016").

    >>> reference_key("van den Oord", 2016)
    'van-den-oord|2016'
    """
    return f"{family_key(family)}|{year}"

"""The query catalogue: named questions with typed parameters, run the same way on every store.

``run_query`` checks and converts parameters, resolves entity parameters (an author given by name, a method by
any alias) to node keys with the store's own lookup queries, runs the named query and returns rows with the
catalogue's columns.

>>> spec = load_catalog()["coauthors"]
>>> spec.columns
['coauthor', 'papers', 'first_year', 'last_year']
>>> rows = run_query(store, "coauthors", {"author": "Roger Grosse"})  # doctest: +SKIP
"""
from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Mapping, cast

import yaml

from .errors import NotInGraph, QueryError
from .keys import KeyKind, key_for
from .resources import resource
from .sources._clean import clean_text

ENTITY_TYPES = {"author": "Author", "organization": "Organization", "method": "Method", "dataset": "Dataset", "paper": "Paper"}
SCALAR_TYPES = {"string", "int"}
_REQUIRED = object()


@dataclass(frozen=True)
class ParamSpec:
    name: str
    type: str
    description: str = ""
    default: Any = _REQUIRED

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED


@dataclass(frozen=True)
class QuerySpec:
    name: str
    group: str
    description: str
    params: tuple[ParamSpec, ...]
    columns: list[str] = field(default_factory=list)
    order: str = ""
    lists: dict[str, str] = field(default_factory=dict)  # column -> separator: a list both languages return joined
    unordered: tuple[str, ...] = ()  # list columns that are sets (aliases): sorted, so every store gives one list


@functools.lru_cache(maxsize=1)
def load_catalog() -> dict[str, QuerySpec]:
    """Every catalogue entry by name, from ``queries/catalog.yaml``."""
    data = yaml.safe_load(resource("queries", "catalog.yaml").read_text(encoding="utf-8"))
    out = {}
    for name, entry in data.items():
        params = tuple(
            ParamSpec(pname, p["type"], p.get("description", ""), p.get("default", _REQUIRED))
            for pname, p in (entry.get("params") or {}).items()
        )
        for p in params:
            if p.type not in SCALAR_TYPES and p.type not in ENTITY_TYPES:
                raise QueryError(f"catalog entry {name}: parameter {p.name} has unknown type {p.type!r}")
        out[name] = QuerySpec(name, entry["group"], entry["description"], params, list(entry["columns"]),
                              entry.get("order", ""), dict(entry.get("lists") or {}),
                              tuple(entry.get("unordered") or ()))
    return out


def get_spec(name: str) -> QuerySpec:
    catalog = load_catalog()
    if name not in catalog:
        close = difflib.get_close_matches(name, catalog, n=3, cutoff=0.5)
        hint = f" (did you mean: {', '.join(close)}?)" if close else " (run `scholarkg queries` for the list)"
        raise QueryError(f"unknown query {name!r}{hint}")
    return catalog[name]


def coerce_params(spec: QuerySpec, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Check names, fill defaults and convert ``--param K=V`` strings to the declared types."""
    known = {p.name for p in spec.params}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise QueryError(f"{spec.name}: unknown parameter(s) {', '.join(unknown)} (takes: {', '.join(sorted(known)) or 'none'})")
    out: dict[str, Any] = {}
    for p in spec.params:
        if p.name not in raw or raw[p.name] is None:
            if p.required:
                raise QueryError(f"{spec.name}: missing parameter {p.name} ({p.description}); pass --param {p.name}=...")
            out[p.name] = p.default
            continue
        value = raw[p.name]
        if p.type == "int":
            try:
                out[p.name] = int(value)
            except (TypeError, ValueError):
                raise QueryError(f"{spec.name}: parameter {p.name} must be a whole number, not {value!r}") from None
        else:
            value = clean_text(str(value)).strip()  # NUL dropped as the readers drop it (sources._clean)
            if not value:
                raise QueryError(f"{spec.name}: parameter {p.name} is empty")
            out[p.name] = value
    return out


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, for matching what users type.

    >>> fold("K-FAC") == fold("kfac") == fold("KFAC")
    True
    """
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def guess_key(type_: str, text: str) -> str:
    """The key a node named ``text`` would have (so "Alemi, Alexander A." finds alexander-a-alemi)."""
    return key_for(cast(KeyKind, type_), text)  # every entity type is a key kind


def resolve_entity(store, type_: str, text: str) -> str:
    """The key of the one node of ``type_`` that ``text`` names: by key first (the text itself or the key it would
    get), else by name or alias in any case.

    Raises ``QueryError`` listing close matches when nothing or several things match.
    """
    label = ENTITY_TYPES[type_]
    guess = guess_key(type_, text)
    rows = store.query(f"_key-{type_}", {"text": text, "guess": guess})  # by key: an index lookup
    if type_ == "author" and rows and not any(r["key"] == text for r in rows):
        # a name, not a key: the identity stage may have split it into several people, one of whom kept the
        # plain key; every person written as the text or as the found node's name is a candidate
        found = min(str(r["name"] or text) for r in rows)
        rows = rows + store.query("_named-author", {"text": text, "name": found})
    if not rows:  # by name or alias, any case: a scan
        rows = store.query(f"_lookup-{type_}", {"text": text, "lower": text.lower(), "guess": guess})
    keys = sorted({r["key"]: r["name"] for r in rows}.items())
    if len(keys) == 1:
        return keys[0][0]
    if len(keys) > 1 and type_ == "author":
        listed = "\n".join(describe_author(store, key, name) for key, name in keys[:12])
        more = f"\n  ... and {len(keys) - 12} more" if len(keys) > 12 else ""
        raise QueryError(f"{label} {text!r} names {len(keys)} people; pass the key of the one you mean:\n{listed}{more}")
    if len(keys) > 1:
        listed = "; ".join(f"{name} [{key}]" for key, name in keys[:8])
        raise QueryError(f"{label} {text!r} is ambiguous: {listed}. Pass the key instead.")
    if type_ == "method":  # "kmeans", "Tree LSTMs": a name or alias written another way (resolve.methods.form)
        forms = _method_by_form(store, text) or _method_by_expanded_acronym(store, text)
        if len(forms) == 1:
            return forms[0]
    both = _NAME_WITH_SHORT.match(text)
    if both and type_ in ("method", "dataset"):  # "Simultaneous Detection and Segmentation (SDS)": either names it
        for part in both.groups():
            try:
                return resolve_entity(store, type_, part)
            except NotInGraph:
                continue
    names = [r["name"] for r in store.query(f"_names-{type_}", {}) if r.get("name")]
    by_fold = {fold(n): n for n in names}
    close = [by_fold[f] for f in difflib.get_close_matches(fold(text), list(by_fold), n=5, cutoff=0.6)]
    raise NotInGraph(label, text, close)


_NAME_WITH_SHORT = re.compile(r"^(\S.*?)\s*\(\s*([^()]*[^()\s])\s*\)$")  # a long name with its acronym in brackets


def _method_by_form(store, text: str) -> list[str]:
    """The Method nodes with a name or alias of the same form as ``text`` (``resolve.methods.form``)."""
    from .resolve.methods import form

    wanted = form(text)
    initial = next((c for c in text.lower() if c.isalnum()), "")  # a form starts with the name's first letter
    return sorted({r["key"] for r in store.query("_method-forms-from", {"initial": initial})
                   if r["value"] and form(r["value"]) == wanted})


def _method_by_expanded_acronym(store, text: str) -> list[str]:
    """"Grid LSTM" names the node of "Grid Long Short-Term Memory": an acronym in a name of several words, written
    out as the long forms of the one node the acronym names, found by form."""
    from .resolve.methods import is_acronym, same_method

    words = text.split()
    for i, word in enumerate(words if len(words) >= 2 else []):
        if not is_acronym(word):
            continue
        found = {r["key"] for r in store.query("_key-method", {"text": word, "guess": guess_key("method", word)})}
        if len(found) != 1:
            continue
        key = found.pop()
        initial = next((c for c in word.lower() if c.isalnum()), "")
        longs = sorted({r["value"] for r in store.query("_method-forms-from", {"initial": initial})
                        if r["key"] == key and r["value"] and not is_acronym(r["value"]) and same_method(word, r["value"])})
        keys = sorted({k for long in longs for k in _method_by_form(store, " ".join(words[:i] + [long] + words[i + 1:]))})
        if keys:
            return keys
    return []


def describe_author(store, key: str, name: str) -> str:
    """One line telling a person apart from namesakes: key, years, papers, main co-authors and organizations."""
    ident = store.query("author-identity", {"author": key})
    papers = ident[0]["papers"] if ident else 0
    years = f"{ident[0]['first_year']}-{ident[0]['last_year']}" if ident and ident[0]["first_year"] else "years unknown"
    co = [r["coauthor"] for r in store.query("coauthors", {"author": key})[:3]]
    orgs = [r["organization"] for r in store.query("author-organizations", {"author": key})[:2]]
    parts = [f"{papers} papers, {years}", "with " + ", ".join(co) if co else "no co-authors"]
    if orgs:
        parts.append("at " + "; ".join(orgs))
    return f"  {key}  {name}: " + "; ".join(parts)


def run_query(store, name: str, raw_params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run a catalogue query on ``store``: parameters checked, entities resolved, rows in catalogue columns."""
    spec = get_spec(name)
    params = coerce_params(spec, raw_params or {})
    for p in spec.params:
        if p.type in ENTITY_TYPES and params[p.name] is not None:
            params[p.name] = resolve_entity(store, p.type, params[p.name])
    rows = [{c: row.get(c) for c in spec.columns} for row in store.query(name, params)]
    for column, sep in spec.lists.items():  # SPARQL has no lists: both files join them, the runner splits
        for row in rows:
            if isinstance(row[column], str):
                row[column] = row[column].split(sep) if row[column] else []
    for column in spec.unordered:
        for row in rows:
            row[column] = sorted(row[column] or [])  # (SPARQL: no alias at all leaves the column unbound)
    return rows

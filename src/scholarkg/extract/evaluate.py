"""Precision, recall and F1 of the extractor against annotated abstracts.

Gold formats (detected from the file):
- ``gold``: our annotation format (a JSON list of {gid, title, abstract, methods, datasets, relations, citations},
  see ../shared/gold/GUIDELINES.md);
- ``scierc``: SciERC JSON Lines (sentences + ner spans; Method spans are methods, Material spans datasets);
- ``datafinder``: JSON Lines of {abstract, documents: [dataset names]}.

Entity level compares sets of canonical entities per document (a predicted entity matches a gold one when any of
its names, mentions or aliases equals any of the gold's, ignoring case); mention level compares surface strings.

>>> prf(8, 2, 2)
{'precision': 0.8, 'recall': 0.8, 'f1': 0.8, 'tp': 8, 'fp': 2, 'fn': 2}

A score with nothing to measure is None (printed n/a), never 0: no predictions leave precision undefined, no gold
items recall, and neither F1:

>>> prf(0, 0, 0)["precision"], prf(0, 0, 3)["precision"], prf(0, 0, 3)["f1"]
(None, None, 0.0)
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from ..model import Extraction, Paper, SourceRef
from ..sources.text import paper_key

ROLES = {"proposed": "proposes", "used": "uses", "proposes": "proposes", "uses": "uses"}


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 (each None where there was nothing to measure) with the counts."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None  # = 2PR/(P+R) where both exist; 0 when tp is 0

    def rounded(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    return {"precision": rounded(p), "recall": rounded(r), "f1": rounded(f), "tp": tp, "fp": fp, "fn": fn}


def detect_gold_format(path: Path) -> str:
    with open(path, encoding="utf-8") as f:
        head = f.read(4096).lstrip()
    if head.startswith("["):
        return "gold"
    if '"sentences"' in head and '"ner"' in head:
        return "scierc"
    if '"documents"' in head and '"abstract"' in head:
        return "datafinder"
    raise InputError("not a gold file this command knows (gold JSON, SciERC or DataFinder JSON Lines)", path=str(path))


def load_gold(path: Path, fmt: str | None = None) -> tuple[str, list[dict]]:
    """(format, documents) where each document has title, abstract and gold sets."""
    fmt = fmt or detect_gold_format(path)
    docs = []
    if fmt == "gold":
        for g in json.loads(Path(path).read_text(encoding="utf-8")):
            docs.append({
                "id": g.get("gid"), "title": g.get("title") or "", "abstract": g.get("abstract") or "",
                "methods": [_entity(m) for m in g.get("methods", [])],
                "datasets": [_entity(d) for d in g.get("datasets", [])],
                "relations": [(r["type"], r["source"], r["target"]) for r in g.get("relations", [])],
                "citations": [(c["first_author"], int(c["year"])) for c in g.get("citations", [])],
            })
    elif fmt == "scierc":
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                d = json.loads(line)
                tokens = [t for s in d["sentences"] for t in s]
                spans = {"Method": [], "Material": []}
                for sent in d["ner"]:
                    for start, end, label in sent:
                        if label in spans:
                            spans[label].append(" ".join(tokens[start:end + 1]))
                docs.append({"id": d.get("doc_key", f"line {n}"), "title": "", "abstract": " ".join(tokens),
                             "methods": [{"names": {s.lower()}, "role": None} for s in spans["Method"]],
                             "datasets": [{"names": {s.lower()}, "role": None} for s in spans["Material"]]})
    elif fmt == "datafinder":
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    d = json.loads(line)
                    docs.append({"id": f"line {n}", "title": "", "abstract": d["abstract"],
                                 "datasets": [{"names": {x.lower()}, "role": None} for x in d.get("documents", [])]})
    else:
        raise InputError(f"unknown gold format {fmt!r}", path=str(path))
    return fmt, docs


def entity_names(m: dict) -> set[str]:
    """Every name of a gold entity record (text, canonical, aliases), lower-cased."""
    return {n.lower() for n in (m.get("text"), m.get("canonical"), *m.get("aliases", [])) if n}


def _entity(m: dict) -> dict:
    return {"names": entity_names(m), "canonical": m.get("canonical"), "role": ROLES.get(m.get("role"))}


def _predicted(ex: Extraction, kind: str, aliases: dict[str, set[str]]) -> list[dict]:
    out = []
    for m in getattr(ex, kind):
        names = {m.name.lower(), m.mention.lower()} | aliases.get(m.key, set())
        out.append({"names": names, "key": m.key, "role": m.role})
    return out


def _match(pred: list[dict], gold: list[dict], with_role: bool = False) -> tuple[int, int, int]:
    used = set()
    tp = 0
    for p in pred:
        for i, g in enumerate(gold):
            if i not in used and p["names"] & g["names"] and (not with_role or p["role"] == g["role"]):
                used.add(i)
                tp += 1
                break
    return tp, len(pred) - tp, len(gold) - tp


def evaluate(docs: list[dict], extractions: Iterable[Extraction], candidates: Iterable[list] | None = None) -> dict:
    """Scores per type and role; with ``candidates`` (per document, see ``extract_with_candidates``) also one row
    per rule ("rule=NAME"): the entities that rule proposed before the resolver decided, against the gold of their
    kind, so a rule that hurts shows up."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    candidates = iter(candidates) if candidates is not None else None

    def bump(name: str, t: tuple[int, int, int]) -> None:
        for i in range(3):
            counts[name][i] += t[i]

    for doc, ex in zip(docs, extractions):
        aliases: dict[str, set[str]] = defaultdict(set)
        for m in (*ex.methods, *ex.datasets):
            aliases[m.key].add(m.mention.lower())
        if candidates is not None:
            for rule, t in _rule_counts(doc, next(candidates)).items():
                bump(f"rule={rule}", t)
        for kind in ("methods", "datasets"):
            if kind not in doc:
                continue
            pred, gold = _predicted(ex, kind, aliases), doc[kind]
            bump(f"{kind} (entity)", _match(pred, gold))
            if any(g["role"] for g in gold):
                bump(f"{kind} (entity+role)", _match(pred, gold, with_role=True))
                for role in ("proposes", "uses"):
                    bump(f"{kind} role={role}", _match([p for p in pred if p["role"] == role],
                                                         [g for g in gold if g["role"] == role]))
        if "citations" in doc:
            pred_c = {(c.family, c.year) for c in ex.citations}
            gold_c = set(doc["citations"])
            bump("citations", (len(pred_c & gold_c), len(pred_c - gold_c), len(gold_c - pred_c)))
        if "relations" in doc:
            names = {}
            for m in (*ex.methods, *ex.datasets):
                names.setdefault(m.key, set()).update({m.name.lower(), m.mention.lower()} | aliases[m.key])
            gold_names = _gold_names(doc)
            gold_r = [(t, gold_names.get(s.lower(), {s.lower()}), gold_names.get(o.lower(), {o.lower()}))
                      for t, s, o in doc["relations"]]
            hit = set()
            per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
            for r in ex.relations:
                for i, (t, s, o) in enumerate(gold_r):
                    if i not in hit and r.type == t and s & names.get(r.head, {r.head}) and o & names.get(r.tail, {r.tail}):
                        hit.add(i)
                        per_type[r.type][0] += 1
                        break
                else:
                    per_type[r.type][1] += 1
            for i, (t, _, _) in enumerate(gold_r):
                if i not in hit:
                    per_type[t][2] += 1
            for t, c in per_type.items():
                bump("relations", tuple(c))
                bump(f"relations {t}", tuple(c))
    return {name: prf(*c) for name, c in sorted(counts.items())}


def _rule_counts(doc: dict, candidates: list) -> dict[str, tuple[int, int, int]]:
    """(tp, fp, fn) per rule: its proposed entities (names: the texts it proposed them with) against the gold
    entities of their kind (fn: every gold entity of the kinds the rule did not find, so recall is its coverage)."""
    from .resolver import PRIORITY

    proposed: dict[str, dict[tuple[str, str], set[str]]] = {rule: defaultdict(set) for rule in PRIORITY}
    for c in candidates:
        proposed[c.rule][(c.kind, c.key)].add(c.text.lower())
    out = {}
    for rule, entities in proposed.items():
        tp = fp = fn = 0
        for kind in ("method", "dataset"):
            pred = [{"names": names, "role": None} for (k, _), names in entities.items() if k == kind]
            a, b, c = _match(pred, doc.get(kind + "s", []))
            tp, fp, fn = tp + a, fp + b, fn + c
        out[rule] = (tp, fp, fn)
    return out


def _gold_names(doc: dict) -> dict[str, set[str]]:
    """Every name of a gold entity -> all its names, so a relation matches by entity, as entities do."""
    out: dict[str, set[str]] = {}
    for kind in ("methods", "datasets"):
        for g in doc.get(kind, []):
            for n in g["names"]:
                out.setdefault(n, set()).update(g["names"])
    return out


def as_papers(docs: list[dict]) -> Iterator[Paper]:
    for d in docs:
        yield Paper(key=paper_key(d["title"] or d["abstract"][:200]), title=d["title"],
                    source=SourceRef("gold", "gold", str(d["id"])), abstract=d["abstract"])

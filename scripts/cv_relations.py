#!/usr/bin/env python
"""Cross-validated precision, recall and F1 of the relation classifier on our gold abstracts.

usage: cv_relations.py [--shared DIR] [--folds 5] [--precision 0.75] [--scierc-weight 0.3] [--labels FILE ...]
                       [--no-labels] [--final]

The 180 gold abstracts (gold/extraction_train.json + extraction_dev.json) are shuffled with a fixed seed; the last
30 are a slice kept out of every fold and of every choice made here. The other 150 are split in 5 folds; for each
fold a model is trained (``reltrain.fit``: its threshold from a cross-validation inside the training part) on the
other folds plus SciERC, never on the fold it is scored on. Each fold is scored twice: with the GOLD entities given
(relations between gold mentions) and with the PREDICTED entities (the whole extractor), both against the rules
alone as a baseline. ``--final`` scores the kept slice once, with a model fitted on the 150.

Our hand-labelled corpus abstracts (ids + labels, tests/extract/fresh_gold_*.json, texts put back by
scripts/fresh_gold.py) join the folds after the gold (on by default, ``--no-labels`` for the gold alone): each
file shuffled with the same seed, its document n in fold n % folds, so the gold's kept slice and folds stay as they
were. They are trained on like the gold and each file is also scored as its own group ("fresh11": the arXiv
abstracts no rule was tuned on). Pooled over the folds, the predicted-entity scores are also given per relation
type, and per group the ceiling: how many labelled relations have both ends among the extractor's entities (no
relation finder reaches more on top of them; the packaged span model has seen our label files, so these entities are
better than on unseen abstracts), and each finder's relations alone ("by rules": sentence rules, "by names": one name
built on another, "by model"), whose precision says what it adds.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from scholarkg.pipeline import extract_many  # noqa: E402
from scholarkg.extract.evaluate import _gold_names, as_papers, load_gold, evaluate, prf  # noqa: E402
from scholarkg.extract.lineage import find_relations  # noqa: E402
from scholarkg.extract.relmodel import using_model  # noqa: E402
from scholarkg.extract.reltrain import fit, gold_located, scierc_examples  # noqa: E402
from scholarkg.model import Extraction, Mention  # noqa: E402
from fresh_gold import LABEL_FILES, group_name, with_texts_cached  # noqa: E402

KEPT = 30
SEED = 17
LINEAGE = ("EXTENDS", "USES", "OUTPERFORMS", "COMPARED_WITH")
TYPES = (*LINEAGE, "EVALUATED_ON")


def load_docs(shared: Path) -> list[dict]:
    """Raw gold abstracts and, beside each, the form ``evaluate`` scores, in a seeded shuffle."""
    docs = []
    for name in ("extraction_train.json", "extraction_dev.json"):
        path = shared / "gold" / name
        raw = json.loads(path.read_text(encoding="utf-8"))
        _, scored = load_gold(path)
        docs += [{**r, "_scored": s} for r, s in zip(raw, scored)]
    random.Random(SEED).shuffle(docs)
    return [{**d, "_group": "gold"} for d in docs]


def load_label_docs(paths: list[Path]) -> list[dict]:
    """Our label files' abstracts with their texts, each file in its own seeded shuffle, tagged with its group."""
    docs = []
    for path in paths:
        full = with_texts_cached(path)
        raw = json.loads(full.read_text(encoding="utf-8"))
        _, scored = load_gold(full)
        part = [{**r, "_scored": s, "_group": group_name(path)} for r, s in zip(raw, scored)]
        random.Random(SEED).shuffle(part)
        docs += part
    return docs


def fold_of(pool: list[dict], folds: int) -> list[int]:
    """Each document's fold: the gold's n % folds as always, then each label file's n % folds in its own order."""
    seen: dict[str, int] = {}
    out = []
    for d in pool:
        n = seen.get(d["_group"], 0)
        seen[d["_group"]] = n + 1
        out.append(n % folds)
    return out


def gold_entity_extraction(doc: dict) -> Extraction:
    """The gold entities as an extraction, with the relations found between their mentions."""
    located, proposed = gold_located(doc)
    first = {}
    for x in located:
        first.setdefault(x.key, x)
    mentions = []
    for kind in ("methods", "datasets"):
        for m in doc.get(kind, []):
            x = first.get(m["canonical"])
            role = "proposes" if m["canonical"] in proposed else "uses"
            mentions.append(Mention(kind[:-1], m["canonical"], m["canonical"], m["text"], "abstract",
                                    x.start if x else 0, x.end if x else 0, role))
    rels = find_relations(doc.get("abstract") or "", located, proposed, set())
    return Extraction(tuple(m for m in mentions if m.kind == "method"),
                      tuple(m for m in mentions if m.kind == "dataset"), tuple(rels))


def reachable(doc: dict, ex: Extraction) -> dict[str, list[int]]:
    """Per relation type, [labelled relations, those with both ends among the entities of ``ex``]: the most any
    relation finder can reach on top of these entities (names matched as ``evaluate`` matches them)."""
    names = set()
    for m in (*ex.methods, *ex.datasets):
        names |= {m.name.lower(), m.mention.lower(), *(a.lower() for a in m.aliases)}
    gold_names = _gold_names(doc)
    out: dict[str, list[int]] = {}
    for t, s, o in doc.get("relations", []):
        ends = [gold_names.get(x.lower(), {x.lower()}) for x in (s, o)]
        row = out.setdefault(t, [0, 0])
        row[0] += 1
        row[1] += all(e & names for e in ends)
    return out


def source(relation) -> str:
    """What found a relation: "rules" (a sentence rule), "names" (one name built on another), "model", "other"."""
    return (relation.by or "other").split()[0]


def score(docs: list[dict], model, predicted: bool) -> dict:
    with using_model(model):
        if predicted:
            extractions = list(extract_many(as_papers([d["_scored"] for d in docs])))
        else:
            extractions = [gold_entity_extraction(d) for d in docs]
    res = evaluate([d["_scored"] for d in docs], extractions)
    lineage = [sum(res.get(f"relations {t}", {}).get(k, 0) for t in LINEAGE) for k in ("tp", "fp", "fn")]
    ceiling: dict[str, list[int]] = {}
    for d, ex in zip(docs, extractions):
        for t, (n, ok) in reachable(d["_scored"], ex).items():
            row = ceiling.setdefault(t, [0, 0])
            row[0], row[1] = row[0] + n, row[1] + ok
    sources = {}  # what each finder adds: its relations alone against all labels (only tp and fp mean anything)
    for src in sorted({source(r) for ex in extractions for r in ex.relations}):
        only = [replace(ex, relations=tuple(r for r in ex.relations if source(r) == src)) for ex in extractions]
        sources[f"by {src}"] = evaluate([d["_scored"] for d in docs], only).get("relations", prf(0, 0, 0))
    return {"all": res.get("relations", prf(0, 0, 0)), "lineage": prf(*lineage), "ceiling": ceiling, **sources,
            **{t: res.get(f"relations {t}", prf(0, 0, 0)) for t in TYPES}}


def line(name: str, r: dict) -> str:
    def num(x):  # precision has nothing to measure where nothing was predicted
        return "  n/a" if x is None else f"{x:.3f}"

    return f"{name:<34} P {num(r['precision'])}  R {num(r['recall'])}  F1 {num(r['f1'])}  (tp {r['tp']}, fp {r['fp']}, fn {r['fn']})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--precision", type=float, default=0.75, help="pair-level precision the threshold aims at")
    ap.add_argument("--scierc-weight", type=float, default=1.0)
    ap.add_argument("--threshold", type=float, help="use this threshold instead of the one fit() chose")
    ap.add_argument("--labels", type=Path, nargs="*", default=list(LABEL_FILES),
                    help="our label files to add (default: tests/extract/fresh_gold_*.json)")
    ap.add_argument("--no-labels", action="store_true", help="the gold abstracts alone, as before")
    ap.add_argument("--label-weight", type=float, default=1.0, help="weight of the label documents' pairs in training")
    ap.add_argument("--final", action="store_true", help="also score the kept slice (do this once, at the end)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = load_docs(args.shared)
    pool, kept = docs[:-KEPT], docs[-KEPT:]
    if not args.no_labels:
        pool += load_label_docs(args.labels)
    fold = fold_of(pool, args.folds)
    groups = ["gold", *dict.fromkeys(d["_group"] for d in pool if d["_group"] != "gold")]
    extra = []
    if args.scierc_weight > 0:
        extra = list(scierc_examples(args.shared / "data" / "scierc" / "train.json"))
    sizes = ", ".join(f"{g} {sum(d['_group'] == g for d in pool)}" for g in groups)
    print(f"{len(pool)} abstracts ({sizes}) in {args.folds} folds, "
          f"{len(kept)} gold kept aside; {len(extra)} SciERC pairs (weight {args.scierc_weight}); threshold aims at "
          f"pair precision {args.precision}")
    totals, ceilings = {}, {}
    for k in range(args.folds):
        test = [d for d, f in zip(pool, fold) if f == k]
        part = [d for d, f in zip(pool, fold) if f != k]
        model = fit(part, extra, extra_weight=args.scierc_weight, precision=args.precision, seed=k,
                    doc_weights=[1.0 if d["_group"] == "gold" else args.label_weight for d in part])
        if args.threshold is not None:
            model.threshold = args.threshold
        print(f"fold {k + 1}: {len(test)} test abstracts, threshold {model.threshold:.3f} "
              f"(inner CV pairs {model.info['inner_cv_pairs']})")
        for mode in ("gold", "predicted"):
            for who, m in (("model", model), ("rules", None)):
                for group in ["all", *groups]:
                    docs_g = test if group == "all" else [d for d in test if d["_group"] == group]
                    if not docs_g:
                        continue
                    r = score(docs_g, m, mode == "predicted")
                    if mode == "predicted" and who == "rules" and group != "all":  # the entities' ceiling, once
                        for t, (n, ok) in r["ceiling"].items():
                            row = ceilings.setdefault((group, t), [0, 0])
                            row[0], row[1] = row[0] + n, row[1] + ok
                    by = [k for k in r if k.startswith("by ")] if mode == "predicted" else []
                    for part_name in ("all", "lineage", *(TYPES if mode == "predicted" else ()), *by):
                        key = (mode, who, group, part_name)
                        totals.setdefault(key, [0, 0, 0])
                        for i, c in enumerate(("tp", "fp", "fn")):
                            totals[key][i] += r[part_name][c]
                        if part_name in ("all", "lineage"):
                            print("  " + line(f"{mode} ents, {who}, {group}, {part_name}", r[part_name]))
                    if who == "model" and group == "all":
                        for t in LINEAGE:
                            print("    " + line(f"{t}", r[t]))
    print(f"pooled over the {args.folds} folds (micro):")
    order = ("all", "lineage", *TYPES)
    for key, c in sorted(totals.items(), key=lambda kv: (kv[0][2] != "all", kv[0][2], order.index(kv[0][3])
                                                           if kv[0][3] in order else len(order), kv[0][3],
                                                           kv[0][0], kv[0][1])):
        print("  " + line(", ".join(key), prf(*c)))
    print("ceiling: labelled relations with both ends among the extractor's entities (reached / labelled):")
    for group in groups:
        print(f"  {group:<8} " + ", ".join(f"{t} {ceilings[(group, t)][1]}/{ceilings[(group, t)][0]}"
                                          for t in TYPES if (group, t) in ceilings))
    if args.final:
        model = fit(pool, extra, extra_weight=args.scierc_weight, precision=args.precision, seed=0)
        if args.threshold is not None:
            model.threshold = args.threshold
        print(f"kept slice ({len(kept)} abstracts), model fitted on the {len(pool)}, threshold {model.threshold:.3f}:")
        for mode in ("gold", "predicted"):
            for who, m in (("model", model), ("rules", None)):
                r = score(kept, m, mode == "predicted")
                for part_name in ("all", "lineage"):
                    print("  " + line(f"{mode} entities, {who}, {part_name}", r[part_name]))
    print(f"{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()

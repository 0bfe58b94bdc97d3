"""Error analysis of the extractor on cross-validation predictions (used by ``scripts/cv_extractor.py --errors``).

Every gold entity the extractor misses (false negative) and every entity it predicts that no gold entity of its kind
names (false positive) gets one cause, the first that applies:

- false negatives: ``not in text`` (no gold name occurs in the title or abstract), ``kind confusion`` (found, as the
  other kind), ``rule dropped`` (a rule proposed it; the resolver or a later step removed it), ``boundary`` (a
  prediction of the kind overlaps it, a word too many or too few), ``below threshold`` (a candidate span of the
  model, scored under the threshold), ``not a candidate`` (the span model's candidate generation never offers it: the
  recall ceiling), split by why (lower case without a head word, a function word inside, too long, other);
- false positives: ``duplicate`` (a second entity for a gold entity already matched), ``boundary``,
  ``kind confusion``, ``generic`` (the lexicon calls it generic), ``not gold`` by the
  rule that proposed it (``model`` for the span model's own spans).

Only documents of the fold being scored are analysed, with the model trained without them.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from scholarkg.extract import load_pipeline
from scholarkg.extract.paper import paper_candidates
from scholarkg.extract.words import FUNCTION_WORDS, generic

from scholarkg.extract import spanmodel

SHOW = 12  # examples printed per cause
KINDS = (("methods", "method"), ("datasets", "dataset"))


def _words(s: str) -> list[str]:
    return re.findall(r"[\w]+", s.lower())


def _overlap(a: str, b: str) -> bool:
    """One name's words are a contiguous run of the other's (a boundary error), and they differ."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb or wa == wb:
        return False
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    return any(long_[i:i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def _in_text(name: str, text: str) -> bool:
    return re.search(r"(?<![\w])" + re.escape(name) + r"(?![\w])", text, re.I) is not None


def _why_not_candidate(name: str) -> str:
    toks = [t.text for t in load_pipeline().tokenizer(name)]
    if len(toks) > spanmodel.MAX_LEN:
        return "not a candidate: too long"
    if any(t.lower() in FUNCTION_WORDS for t in toks):
        return "not a candidate: function word inside"
    if any(not t.isalnum() and t != "-" for t in toks):
        return "not a candidate: punctuation inside"
    if not any(spanmodel._is_namey(t) for t in toks):
        return "not a candidate: lower case, no head word"
    return "not a candidate: other"


def analyse(docs: list[dict], errors: dict[str, Counter], examples: dict[str, list], stats: Counter) -> None:
    """Add the causes of ``docs``' errors (with the pipeline's current model) to ``errors`` per kind."""
    nlp = load_pipeline()
    gaz = nlp.get_pipe("scholarkg_gazetteer")
    comp = nlp.get_pipe("scholarkg_spans")
    for d in docs:
        g = d["eval"]
        title, abstract = g["title"], g["abstract"]
        tdoc, adoc = nlp(title), nlp(abstract)
        ex, cands = paper_candidates(gaz, title, abstract, tdoc, adoc)
        probs: dict[str, float] = {}
        for doc in (tdoc, adoc):
            scored = doc.user_data.get("span_scores")
            if scored is None:
                continue
            for s, e, p in zip(*scored[:2], scored[2].tolist()):
                key = doc.text[s:e].lower()
                probs[key] = max(probs.get(key, 0.0), max(p[1], p[2]))
        text = f"{title}\n{abstract}"
        rules_of: dict[tuple[str, str], set[str]] = defaultdict(set)
        cand_texts: dict[str, set[str]] = defaultdict(set)
        for c in cands:
            rules_of[(c.kind, c.key)].add(c.rule)
            cand_texts[c.kind].add(c.text.lower())
        preds = {}
        for kind, one in KINDS:
            aliases = defaultdict(set)
            for m in getattr(ex, kind):
                aliases[m.key].add(m.mention.lower())
            preds[one] = [({m.name.lower(), m.mention.lower()} | aliases[m.key], m.key, m.name, m.role)
                          for m in getattr(ex, kind)]
        _roles(g.get("methods", []), preds["method"], errors, examples)
        for kind, one in KINDS:
            other = "dataset" if one == "method" else "method"
            gold = g.get(kind, [])
            for ent in gold:
                names = ent["names"]
                stats[f"{one} gold"] += 1
                stats[f"{one} gold candidate"] += any(n in probs for n in names)
                if any(names & p[0] for p in preds[one]):
                    continue
                name = ent.get("canonical") or sorted(names)[0]
                if not any(_in_text(n, text) for n in names):
                    cause = "not in text"
                elif any(names & p[0] for p in preds[other]):
                    cause = "kind confusion"
                elif names & cand_texts[one]:
                    cause = "rule dropped"
                elif any(_overlap(n, q) for n in names for p in preds[one] for q in p[0]):
                    cause = "boundary"
                    name += " ~ " + next(p[2] for p in preds[one] if any(_overlap(n, q) for n in names for q in p[0]))
                elif any(n in probs for n in names):
                    best = max(probs[n] for n in names if n in probs)
                    cause = "below threshold" if best < comp.threshold else "above threshold, lost"
                else:
                    cause = _why_not_candidate(next(n for n in sorted(names) if _in_text(n, text)))
                errors[f"{one} FN"][cause] += 1
                examples[f"{one} FN {cause}"].append(name)
            gold_names = [e["names"] for e in gold]
            other_names = [e["names"] for e in g.get("datasets" if kind == "methods" else "methods", [])]
            used: set[int] = set()  # one prediction per gold entity, as the scorer matches them
            for names, key, name, _ in preds[one]:
                hit = next((i for i, gn in enumerate(gold_names) if i not in used and names & gn), None)
                if hit is not None:
                    used.add(hit)
                    continue
                if any(names & gn for gn in gold_names):
                    cause = "duplicate (a second entity for one gold entity)"
                    name += " ~ " + next(p[2] for p in preds[one] if p[1] != key and any(
                        p[0] & gn and names & gn for gn in gold_names))
                elif any(_overlap(n, q) for n in names for gn in gold_names for q in gn):
                    cause = "boundary"
                elif any(names & gn for gn in other_names):
                    cause = "kind confusion"
                elif generic(name):
                    cause = "generic"
                else:
                    cause = "not gold, rule " + "+".join(sorted(rules_of.get((one, key), {"model"})))
                errors[f"{one} FP"][cause] += 1
                examples[f"{one} FP {cause}"].append(name)


def _roles(gold: list[dict], preds: list[tuple], errors: dict[str, Counter], examples: dict[str, list]) -> None:
    """Errors of the proposes role: a missed entity or a wrong role, each way."""
    for ent in gold:
        hit = next((p for p in preds if ent["names"] & p[0]), None)
        name = ent.get("canonical") or sorted(ent["names"])[0]
        if ent["role"] == "proposes" and (hit is None or hit[3] != "proposes"):
            cause = "entity missed" if hit is None else "found as used"
            errors["proposes FN"][cause] += 1
            examples[f"proposes FN {cause}"].append(name)
    for p in preds:
        if p[3] != "proposes":
            continue
        hit = next((e for e in gold if e["names"] & p[0]), None)
        if hit is None or hit["role"] != "proposes":
            cause = "not a gold entity" if hit is None else "gold says used"
            errors["proposes FP"][cause] += 1
            examples[f"proposes FP {cause}"].append(p[2])


def report(errors: dict[str, Counter], examples: dict[str, list], stats: Counter) -> None:
    for one in ("method", "dataset"):
        n = stats[f"{one} gold"]
        if n:
            print(f"{one}: candidate recall ceiling {stats[f'{one} gold candidate'] / n:.3f} "
                  f"({stats[f'{one} gold candidate']} of {n} gold entities have a name that is a candidate span)")
    for head in sorted(errors):
        print(f"{head}: {sum(errors[head].values())}")
        for cause, k in errors[head].most_common():
            shown = ", ".join(sorted(set(examples[f"{head} {cause}"]))[:SHOW])
            print(f"  {k:4d}  {cause:<40} e.g. {shown}")

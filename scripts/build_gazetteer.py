#!/usr/bin/env python3
"""Build the method and dataset gazetteers shipped in src/scholarkg/data/gazetteer/ from the names and aliases
in ../shared/data/pwc (Papers with Code methods, DataFinder datasets; credited in NOTICE) plus our own curated
lists (src/scholarkg/data/curated_methods.jsonl, curated_datasets.jsonl). Only names are taken, never
descriptions.

An acronym a method is listed under beside a longer name ("LDA" for linear discriminant analysis) often means other
things: the acronyms the arXiv corpus (../shared/data/arxiv-oai-cs-2016) defines decide. Where two or more of its
papers define the acronym and at most half of them with the listed long form, the acronym leaves that entry, and
goes to the entry whose long form more than half of them define, when the lists have one (``contested_acronyms``).
Acronyms no list holds that most of the papers defining them define as a quantity, a device, a channel or another
thing that names no technique ("channel state information (CSI)") go to no_technique_acronyms.txt: the extractor
does not read them as methods where a paper uses them without a definition (``no_technique_acronyms``).

Usage: python scripts/build_gazetteer.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "scholarkg" / "data"

# Single words that are ordinary English (or too generic) and would match everywhere; they stay only where a
# curated entry brings them back.
GENERIC = set("""
attention adam? agent augmentation average backbone baseline batch bias boosting bottleneck branch cascade clip
cluster clustering coding component concat convolution cutout decoder denoising dense depth distillation dropout
embedding encoder ensemble ensembles expert experts filter filters flow fusion gate gating graph head heads
inception kernel layer layers linear loss mask masking memory mixup model models module momentum network networks
normalization optimizer pooling projection pruning regression residual retrieval sampling scaling search softmax
sparse tanh transformer transformers tree trees unet vision weight weights world zero highway ladder capsule
pointer prompt prompts reasoning planning rank score scores poly polynomial focus library ontology electric
fragmentation rendezvous gravity diffusion
""".replace("?", "").split())  # activation names (ReLU, GELU, Swish, Mish, Maxout) are names, not English words
GENERIC_DATASETS = set("""
images image text texts video videos speech audio news reviews questions wikipedia reddit twitter books web
people faces cars birds flowers food music art documents tables code math chess go
""".split())


def slug(text: str) -> str:
    """The same keys the extractor makes for names it finds itself ("Fréchet mean" -> "frechet-mean", "A* search" ->
    "a-star-search")."""
    from scholarkg.keys import entity_slug

    return entity_slug(text)


def clean(name: str | None) -> str | None:
    if not name:
        return None
    name = " ".join(name.split()).strip(" .,;:")
    if not (2 <= len(name) <= 80) or name.count(" ") > 7:
        return None
    return name


def keep(name: str, generic: set[str]) -> bool:
    words = name.split()
    if len(words) == 1 and name.casefold() in generic:
        return False
    if len(name) <= 2 and not name.isupper():
        return False
    return any(ch.isalpha() for ch in name)


def add(table: dict, name: str, aliases: list[str], generic: set[str], source: str) -> None:
    name = clean(name)
    if name is None or not keep(name, generic):
        return
    key = slug(name)
    if not key:
        return
    entry = table.setdefault(key, {"key": key, "name": name, "aliases": [], "source": source})
    for alias in aliases:
        alias = clean(alias)
        if alias and alias != entry["name"] and alias not in entry["aliases"] and keep(alias, generic) \
                and not new_version(alias, entry["name"]):
            entry["aliases"].append(alias)


def setting_label(variant: str, name: str) -> bool:
    """A DataFinder variant in ordinary words that shares no word with the dataset's name nor spells its initials
    names a part or a setting of it ("General", "Medical domain" for "SemEval-2018 Task 9: Hypernym Discovery";
    "Restricted" for "JFLEG"), not the dataset: as an alias it made every "General ..." in an abstract that dataset.

    >>> setting_label("Medical domain", "SemEval-2018 Task 9: Hypernym Discovery"), setting_label("PTB", "Penn Treebank")
    (True, False)
    >>> setting_label("Labeled Faces in the Wild", "LFW"), setting_label("Penn Treebank (Word Level)", "Penn Treebank")
    (False, False)
    """
    words = re.findall(r"[^\W_]+", variant)
    if not words or any(not w.isalpha() or not w[1:].islower() and len(w) > 1 for w in words):
        return False  # a digit, an acronym or an inner capital: a name
    if sum(w[0].isupper() for w in words) > 1:
        return False  # "Total Capture": written as a name
    name_words = {w.lower() for w in re.findall(r"[^\W_]+", name)}
    initials = "".join(w[0] for w in words if w[0].isupper() or len(words) > 1).lower()
    return not ({w.lower() for w in words} & name_words) and initials != re.sub(r"[^a-z]", "", name.lower())


def new_version(alias: str, name: str) -> bool:
    """"PaLM 2" listed under "PaLM": the name with a version number is another model, never an alias."""
    squash = lambda s: re.sub(r"[^a-z0-9]", "", s.lower())  # noqa: E731
    a, n = squash(alias), squash(name)
    return a.startswith(n) and bool(re.fullmatch(r"v?[0-9][0-9.]*", a[len(n):]))


def _singular_key(key: str) -> str:
    return "-".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in key.split("-"))


def _owner(keys: list[str]) -> str | None:
    """The entry an alias belongs to: its only claimant, or the first of claimants that differ only by plurals."""
    distinct = sorted(set(keys))
    if len(distinct) == 1 or len({_singular_key(k) for k in distinct}) == 1:
        return distinct[0]
    return None


def acronym_shaped(text: str) -> bool:
    """Two to six capitals, perhaps with a plural s: "LDA", "VAEs"; not "ResNet"."""
    letters = text[:-1] if text.endswith("s") else text
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


def bare_acronym(alias: str, name: str) -> bool:
    """An acronym listed beside a longer name: "LDA" for "linear discriminant analysis"."""
    return acronym_shaped(alias) and " " in name.strip()


def corpus_definitions(corpus: Path) -> dict[str, Counter]:
    """Acronym (singular) -> how many papers of ``corpus`` define it with each long form (``resolve.methods.form``)."""
    from scholarkg.extract.acronyms import acronym_definitions, acronym_singular
    from scholarkg.resolve.methods import form
    from scholarkg.sources import iter_papers

    votes: dict[str, Counter] = {}
    for paper in iter_papers([corpus]):
        seen = set()
        for d in acronym_definitions(paper.abstract or ""):
            short = acronym_singular(d.short)
            seen.add((short, form(d.long)))
        for short, long in seen:
            votes.setdefault(short, Counter())[long] += 1
    return votes


def no_technique_acronyms(abstracts: Iterable[str], methods: dict[str, dict], least: int = 3) -> list[str]:
    """Acronyms (singular) that at least ``least`` of ``abstracts`` define, more than two thirds of them as something
    that names no technique (``words.names_no_technique``: "channel state information (CSI)", "base station (BS)"),
    leaving out every name the method lists hold; one vote per abstract.

    >>> no_technique_acronyms(["the base station (BS) and", "each base station (BS)", "a base station (BS)"], {})
    ['BS']
    """
    from scholarkg.extract.acronyms import acronym_definitions, acronym_singular
    from scholarkg.extract.words import names_no_technique

    listed = {n for e in methods.values() for n in [e["name"], *e["aliases"]]}
    votes: dict[str, Counter] = {}
    for abstract in abstracts:
        seen: dict[str, bool] = {}
        for d in acronym_definitions(abstract or ""):
            short = acronym_singular(d.short)
            seen[short] = seen.get(short, False) or not names_no_technique(d.long)
        for short, technique in seen.items():
            votes.setdefault(short, Counter())[technique] += 1
    return sorted(short for short, c in votes.items()
                  if sum(c.values()) >= least and 3 * c[False] > 2 * sum(c.values())
                  and short not in listed and short + "s" not in listed)


def technique_acronyms(abstracts: Iterable[str], methods: dict[str, dict], least: int = 3) -> dict[str, str]:
    """Short acronyms (two to four capitals, singular) no list holds that at least ``least`` of ``abstracts`` define,
    more than half of them with one long form (``resolve.methods.form``) that is a method phrase
    (``words.is_method_phrase``: "stochastic variance-reduced gradient") that may end a lineage edge
    (``endpoints.lineage_method``; not "Storage Area Networks"); acronym -> that long form as first written.
    A paper that writes the acronym bare means what the corpus means by it ("SVRG"), so a lineage edge may end
    there; one vote per abstract.

    >>> technique_acronyms(["fit by stochastic dual coordinate ascent (SDCA) here"] * 3 + ["a base station (BS)"] * 3, {})
    {'SDCA': 'stochastic dual coordinate ascent'}
    """
    from scholarkg.extract.acronyms import acronym_definitions, acronym_singular
    from scholarkg.extract.endpoints import SHORT_CAPS, lineage_method
    from scholarkg.extract.words import is_method_phrase, names_no_technique
    from scholarkg.resolve.methods import form

    listed = {n for e in methods.values() for n in [e["name"], *e["aliases"]]}
    votes: dict[str, Counter] = {}
    written: dict[tuple[str, str], str] = {}
    for abstract in abstracts:
        seen: dict[str, str] = {}
        for d in acronym_definitions(abstract or ""):
            short = acronym_singular(d.short)
            if SHORT_CAPS.match(short) and short not in listed and short + "s" not in listed:
                seen[short] = form(d.long)
                written.setdefault((short, seen[short]), d.long)
        for short, long in seen.items():
            votes.setdefault(short, Counter())[long] += 1
    out = {}
    for short in sorted(votes):
        (long, n), total = votes[short].most_common(1)[0], sum(votes[short].values())
        phrase = written[(short, long)]
        if total >= least and 2 * n > total and is_method_phrase(phrase) and lineage_method(phrase) and \
                not names_no_technique(phrase):
            out[short] = phrase
    return out


def contested_acronyms(methods: dict[str, dict], votes: dict[str, Counter]) -> list[tuple[str, str, str | None]]:
    """Move each listed acronym the corpus mostly defines otherwise: (acronym, the entry it left, the entry it joined
    or None). Decided on the table as read, so the result does not depend on the order of the entries.

    >>> table = {"linear-discriminant-analysis": {"key": "linear-discriminant-analysis",
    ...          "name": "linear discriminant analysis", "aliases": ["LDA"]},
    ...          "latent-dirichlet-allocation": {"key": "latent-dirichlet-allocation",
    ...          "name": "latent Dirichlet allocation", "aliases": []}}
    >>> contested_acronyms(table, {"LDA": Counter({"latentdirichletallocation": 6, "lineardiscriminantanalysi": 2})})
    [('LDA', 'linear-discriminant-analysis', 'latent-dirichlet-allocation')]
    >>> table["latent-dirichlet-allocation"]["aliases"], table["linear-discriminant-analysis"]["aliases"]
    (['LDA'], [])
    """
    from scholarkg.resolve.methods import form

    owner_of_form: dict[str, str] = {}
    for e in methods.values():
        for name in [e["name"], *e["aliases"]]:
            if not acronym_shaped(name):
                owner_of_form.setdefault(form(name), e["key"])
    moves = []
    for e in sorted(methods.values(), key=lambda e: e["key"]):
        forms = {form(n) for n in [e["name"], *e["aliases"]]}
        for alias in [a for a in e["aliases"] if bare_acronym(a, e["name"])]:
            counts = votes.get(alias[:-1] if alias.endswith("s") else alias, Counter())
            total = sum(counts.values())
            if total < 2 or 2 * sum(counts[f] for f in forms) > total:
                continue
            best, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
            moves.append((alias, e["key"], owner_of_form.get(best) if 2 * n > total else None))
    for alias, old, new in moves:
        methods[old]["aliases"].remove(alias)
        if new and alias not in methods[new]["aliases"] and alias != methods[new]["name"]:
            methods[new]["aliases"].append(alias)
    return moves


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    pwc = args.shared / "data" / "pwc"

    methods: dict[str, dict] = {}
    for path in (pwc / "methods.json.gz", pwc / "methods_2025.json"):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            for m in json.load(f):
                name, full = clean(m.get("name")), clean(m.get("full_name"))
                if not name:
                    continue
                # prefer the full name as canonical when the short one is an acronym of it
                if full and full != name and name.isupper() and len(name) <= 8:
                    add(methods, full, [name], GENERIC, "pwc")
                else:
                    add(methods, name, [full] if full else [], GENERIC, "pwc")
    datasets: dict[str, dict] = {}
    with open(pwc / "datasets_datafinder.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            name = clean(d["id"]) or ""
            variants = [v for v in d.get("variants") or [] if not setting_label(clean(v) or "", name)]
            add(datasets, d["id"], variants, GENERIC_DATASETS, "datafinder")

    # our curated entries override and extend
    for kind, table, generic in (("methods", methods, set()), ("datasets", datasets, set())):
        with open(DATA / f"curated_{kind}.jsonl", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    e = json.loads(line)
                    key = slug(e["name"])
                    aliases = list(e.get("aliases", []))
                    # a curated entry takes over the listed entries of its name and of its aliases ("LSTM" and
                    # "Long Short-Term Memory" are one method)
                    for other in [key] + [slug(a) for a in e.get("aliases", [])]:
                        entry = table.pop(other, None)
                        if entry:
                            aliases += [entry["name"]] + entry["aliases"]
                    table[key] = {"key": key, "name": e["name"], "aliases": [], "source": "curated"}
                    add(table, e["name"], aliases, generic, "curated")

    # an alias claimed by two entries is ambiguous: drop it from both, unless the entries are spellings of one name
    # ("principal component analysis" and "Principal Components Analysis" both say PCA): then the first keeps it
    for table in (methods, datasets):
        owners: dict[str, list[str]] = {}
        for e in table.values():
            for s in [e["name"], *e["aliases"]]:
                owners.setdefault(s.casefold(), []).append(e["key"])
        for e in table.values():
            e["aliases"] = [a for a in e["aliases"] if _owner(owners[a.casefold()]) == e["key"]]

    corpus = args.shared / "data" / "arxiv-oai-cs-2016"
    if corpus.is_dir():
        moves = contested_acronyms(methods, corpus_definitions(corpus))
        print(f"acronyms the corpus defines otherwise: {len(moves)} moved out, "
              f"{sum(1 for m in moves if m[2])} of them to the entry of the corpus's meaning")
    out = DATA / "gazetteer"
    out.mkdir(parents=True, exist_ok=True)
    if corpus.is_dir():
        from scholarkg.sources import iter_papers

        abstracts = [p.abstract for p in iter_papers([corpus])]
        quiet = no_technique_acronyms(abstracts, methods)
        with open(out / "no_technique_acronyms.txt", "w", encoding="utf-8") as f:
            f.write("# acronyms most arXiv papers that define them define as no technique; scripts/build_gazetteer.py\n")
            f.writelines(a + "\n" for a in quiet)
        print(f"acronyms the corpus defines as no technique: {len(quiet)}")
        techniques = technique_acronyms(abstracts, methods)
        with open(out / "technique_acronyms.tsv", "w", encoding="utf-8") as f:
            f.write("# acronyms most arXiv papers that define them define as one method phrase; scripts/build_gazetteer.py\n")
            f.writelines(f"{short}\t{long}\n" for short, long in techniques.items())
        print(f"acronyms the corpus defines as one technique: {len(techniques)}")
    for kind, table in (("methods", methods), ("datasets", datasets)):
        with open(out / f"{kind}.jsonl", "w", encoding="utf-8") as f:
            for key in sorted(table):
                e = table[key]
                f.write(json.dumps({"key": e["key"], "name": e["name"], "aliases": e["aliases"]}, ensure_ascii=False) + "\n")
        print(f"{kind}: {len(table)} entries -> {out / (kind + '.jsonl')}")


if __name__ == "__main__":
    main()

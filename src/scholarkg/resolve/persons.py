"""Which author mentions are one person: corpus-wide clustering of (paper, position) mentions.

Store independent: ``resolve_persons(mentions)`` takes every authorship of the graph with its context and returns
a person per mention, with the evidence that joined it. The steps, within *blocks* of mentions whose family name
and first given initial agree (so the work grows with the corpus, not its square), or whose names read the other
way round ("Liu Liang" / "Liang Liu"):

1. identifiers: mentions carrying the same ORCID, DBLP, OpenAlex or Semantic Scholar id are one person; different
   ORCIDs are never one person;
2. co-authors: mentions with compatible names (``person_names.compatible``) that share a co-author (compared by
   family name and first initial, so "J. Gray" meets "Jim Gray") are one person;
3. profiles: remaining groups with compatible names are joined when their topics (arXiv categories, title words),
   organizations and years are close enough for how common the name is: a rare name ("Marcus Hutter") joins on
   little, a common one ("Li Li") needs a shared co-author or a close profile.

Two mentions on one paper are never one person (a father and son with the same name, one of them "Jr.", writing
together). Every merge is checked against every name already in the group, so "David Wilson" cannot chain "David B.
Wilson" to "David C. Wilson". The result does not depend on input order: mentions are sorted, and pairs are taken
strongest first with ties broken by their keys.

>>> ms = [Mention("p1", 1, "H. V. Poor", ("Mung Chiang",)), Mention("p2", 2, "H. Vincent Poor", ("Mung Chiang",)),
...       Mention("p3", 1, "Li Li", ("Wei Xu",), categories=("cs.NI",)),
...       Mention("p4", 1, "Li Li", ("Kieron Burke",), categories=("physics.chem-ph",))]
>>> r = resolve_persons(ms)
>>> r.person[("p1", 1)] == r.person[("p2", 2)], r.person[("p3", 1)] == r.person[("p4", 1)]
(True, False)
"""
from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from .names import name_key
from .person_names import NameForm, compatible, read_name_of

MentionId = tuple[str, int]  # (paper key, position; -1 when the input gave none)

# How much a profile must resemble another to join (``_join_threshold``): tuned on half of the dev gold's names.
BASE_THRESHOLD = 0.30
COMMON_SLOPE = 0.10  # added per unit of log(expected people with this name)
MAX_THRESHOLD = 0.85
MIN_THRESHOLD = 0.10
PRIOR_MENTIONS = 100_000  # the smallest population name counts are taken against
MIN_WORDS = 0.05  # title-word similarity below which categories alone never join two groups (but rare names)
RARE_NAME = 0.15  # expected mentions of a name by chance below which it is rare
VERY_RARE = 0.02  # ... so rare that the same written name is one person whatever the topics
CONTAINMENT_WEIGHT = 0.6
CATEGORY_WEIGHT = 0.5  # of the similarity: arXiv categories (broad: many people share cs.NI), the rest title words
_STOP = set("a an and the of for in on with to by from via using under over its into at as is are be we our "
            "new based towards toward approach study analysis method methods problem problems model models".split())


@dataclass(frozen=True)
class Mention:
    """One author of one paper as the graph has it, with the context the resolution reads."""

    paper: str
    position: int | None
    name: str
    coauthors: tuple[str, ...] = ()
    year: int | None = None
    categories: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    title: str = ""
    ids: tuple[str, ...] = ()  # "orcid:0000-...", "dblp:...", "openalex:A...", "s2:..."

    @property
    def id(self) -> MentionId:
        return (self.paper, -1 if self.position is None else self.position)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_id", self.id)  # read millions of times


@dataclass
class Resolution:
    """``person``: mention id -> person key; ``evidence``: person key -> why its mentions are one person (one line
    per join); ``names``: person key -> the names written for it, most used first."""

    person: dict[MentionId, str] = field(default_factory=dict)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)


@functools.lru_cache(maxsize=1 << 20)
def coauthor_key(name: str) -> str:
    """How co-authors are compared: family name and first given initial ("Jim Gray" and "J. N. Gray": "gray j")."""
    f = read_name_of(name)
    return f"{f.family} {f.atoms[0][0] if f.atoms else ''}"


class _Groups:
    """Union-find over mentions with what each group holds: names, papers, identifiers, and the joins made."""

    def __init__(self, mentions: list[Mention], forms: dict[MentionId, NameForm]):
        self.parent = {m._id: m._id for m in mentions}
        self.forms = {m._id: {forms[m._id]} for m in mentions}
        self.papers = {m._id: {m.paper} for m in mentions}
        self.orcids = {m._id: {i for i in m.ids if i.startswith("orcid:")} for m in mentions}
        self.why: dict[MentionId, list[str]] = defaultdict(list)

    def find(self, x: MentionId) -> MentionId:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def can_join(self, a: MentionId, b: MentionId, allow_nickname: bool = True) -> bool:
        if self.papers[a] & self.papers[b]:
            return False  # two authors of one paper
        oa, ob = self.orcids[a], self.orcids[b]
        if oa and ob and not oa & ob:
            return False
        for fa in self.forms[a]:
            for fb in self.forms[b]:
                g = compatible(fa, fb) or (_swap_grade(fa, fb))
                if g is None or (g in ("nickname", "swap") and not allow_nickname):
                    return False
        return True

    def join(self, a: MentionId, b: MentionId, reason: str) -> MentionId:
        if b < a:
            a, b = b, a
        self.parent[b] = a
        self.forms[a] |= self.forms.pop(b)
        self.papers[a] |= self.papers.pop(b)
        self.orcids[a] |= self.orcids.pop(b)
        self.why[a] += self.why.pop(b, []) + [reason]
        return a


def _swap_grade(a: NameForm, b: NameForm) -> str | None:
    s = a.swapped()
    return "swap" if s is not None and compatible(s, b) == "exact" else None


def _words(title: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z0-9]+", title.casefold()) if w not in _STOP and len(w) > 2]


@dataclass
class _Profile:
    categories: dict[str, float]  # unit vectors
    words: dict[str, float]
    orgs: set[str]
    years: tuple[int, int] | None
    category_counts: Counter
    size: int
    word_weights: dict[str, float]  # each title word once, by its rarity
    word_total: float


def resolve_persons(mentions: Iterable[Mention]) -> Resolution:
    """The person of every mention (see the module)."""
    ms = sorted(mentions, key=lambda m: m._id)
    by_id = {m._id: m for m in ms}
    forms = {m._id: read_name_of(m.name) for m in ms}
    ckeys = {m._id: sorted({coauthor_key(c) for c in m.coauthors} - {coauthor_key(m.name)}) for m in ms}
    groups = _Groups(ms, forms)

    # corpus statistics: how common a family name and a first given name are (for the ambiguity of a name), and
    # how rare each title word is (for topic similarity)
    # (below PRIOR_MENTIONS mentions, counts say little about how common a name is: a profile listing's owner
    # would look like the commonest name there is)
    family_n: Counter = Counter(f.family for f in forms.values())
    given_n: Counter = Counter(f.atoms[0] for f in forms.values() if f.atoms)
    for atom, n in list(given_n.items()):  # an initial stands for any of the names it starts (a few of them)
        if len(atom) > 1:
            given_n["*" + atom[0]] += n / 8
    total = max(PRIOR_MENTIONS, len(ms))
    papers = {m.paper: m for m in ms}
    words_of = {p: set(_words(m.title)) for p, m in papers.items()}
    word_df: Counter = Counter()
    for words in words_of.values():
        word_df.update(words)
    n_papers = max(1, len(papers))

    blocks: dict[tuple[str, str], list[MentionId]] = defaultdict(list)
    for mid, f in forms.items():
        blocks[(f.family, f.atoms[0][0] if f.atoms else "")].append(mid)
    # names read the other way round meet the block of the reversed name
    swapped_into: dict[tuple[str, str], list[MentionId]] = defaultdict(list)
    for mid, f in forms.items():
        s = f.swapped()
        if s is not None and (s.family, s.atoms[0][0]) in blocks:
            swapped_into[(s.family, s.atoms[0][0])].append(mid)

    # 1. identifiers
    holders: dict[str, list[MentionId]] = defaultdict(list)
    for m in ms:
        for i in m.ids:
            holders[i].append(m._id)
    for ident in sorted(holders):
        first, *rest = holders[ident]
        for other in rest:
            ra, rb = groups.find(first), groups.find(other)
            if ra != rb and groups.can_join(ra, rb):
                groups.join(ra, rb, f"same identifier {ident}")

    # 2. shared co-authors, within each block (and with swapped names)
    for bkey in sorted(blocks):
        members = blocks[bkey] + swapped_into.get(bkey, [])
        by_co: dict[str, list[MentionId]] = defaultdict(list)
        for mid in members:
            for ck in ckeys[mid]:
                by_co[ck].append(mid)
        pairs: Counter = Counter()
        for ck, mids in by_co.items():
            if len(mids) > 200:
                mids = mids[:200]  # a co-author key shared by hundreds: the first ones suffice to chain them
            for i, a in enumerate(mids):
                for b in mids[i + 1:]:
                    if a[0] != b[0]:  # (a mention id is (paper, position): never two authors of one paper)
                        pairs[(a, b) if a < b else (b, a)] += 1
        for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
            ra, rb = groups.find(a), groups.find(b)
            if ra == rb or not groups.can_join(ra, rb):
                continue
            shared = sorted(set(ckeys[a]) & set(ckeys[b]))
            groups.join(ra, rb, f"{by_id[a].name} ({a[0]}) and {by_id[b].name} ({b[0]}) share co-author(s) "
                                + ", ".join(_shown(by_id[a], shared)))

    # 3. profiles
    idf = {w: math.log(n_papers / (1 + n)) for w, n in word_df.items()}.__getitem__  # (once per word, not per use)
    for bkey in sorted(blocks):
        members = blocks[bkey]
        if len(members) < 2:
            continue
        _join_profiles(groups, members, by_id, words_of, idf, family_n, given_n, total)

    return _keys(groups, ms, by_id)


def _shown(m: Mention, keys: list[str]) -> list[str]:
    """The co-authors of ``m`` whose keys are ``keys``, as written."""
    wanted = set(keys)
    return [c for c in m.coauthors if coauthor_key(c) in wanted][:5]


def _expected_people(form: NameForm, family_n: Counter, given_n: Counter, total: int) -> float:
    """How many mentions of this very name chance alone would give: the name's family and first given name are
    common or rare in the corpus (initials count as the many names they may stand for)."""
    first = form.atoms[0] if form.atoms else ""
    g = given_n[first] if len(first) > 1 else given_n["*" + first]
    expected = family_n[form.family] * max(g, 1) / total
    return max(expected, RARE_NAME) if form.family in COMMON_FAMILIES else expected


# Family names shared by millions (written for this project from general knowledge): never taken as rare, however
# few times a small corpus shows them.
COMMON_FAMILIES = set("""li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang
xie tang han cao deng feng zeng peng lu su jiang cai jia ding wei xue ye yan yu pan du dai xia zhong tian ren fan fang
shi yao tan liao zou xiong jin hao kong bai cui kang mao qiu qin gu hou shao meng long wan duan lei qian tang yin
kumar singh sharma gupta patel shah khan ali ahmed rao reddy das kim lee park choi jung kang cho yoon jang lim han
nguyen tran le pham hoang vu dang bui do ngo smith johnson williams brown jones miller davis wilson anderson taylor
thomas moore martin jackson white harris clark lewis robinson walker young allen king wright scott green baker
adams nelson hill campbell mitchell roberts carter phillips evans turner torres parker collins edwards stewart
garcia martinez rodriguez lopez gonzalez hernandez perez sanchez ramirez silva santos oliveira souza costa
muller schmidt schneider fischer weber meyer wagner becker schulz hoffmann suzuki tanaka watanabe ito yamamoto
nakamura kobayashi sato takahashi""".split())


def _join_threshold(expected: float) -> float:
    return min(MAX_THRESHOLD, max(MIN_THRESHOLD, BASE_THRESHOLD + COMMON_SLOPE * math.log(max(expected, 1e-3))))


def _profile(mids: list[MentionId], by_id, words_of, idf) -> _Profile:
    cat, words, orgs, years = Counter(), Counter(), set(), []
    for mid in mids:
        m = by_id[mid]
        cat.update(m.categories)
        words.update(words_of[m.paper])
        orgs.update(m.orgs)
        if m.year:
            years.append(m.year)
    weights = {w: idf(w) for w in words}
    return _Profile(_unit(cat, None), _unit(words, idf), orgs, (min(years), max(years)) if years else None,
                    cat, len(mids), weights, sum(weights.values()) or 1.0)


def _unit(counts: Counter, weight) -> dict[str, float]:
    """``counts`` (weighted) scaled to length 1, for cosines by a plain dot product."""
    v = {k: c * (weight(k) if weight else 1.0) for k, c in counts.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {k: x / norm for k, x in v.items()}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(x * b[k] for k, x in a.items() if k in b)


def similarity(a: _Profile, b: _Profile, rare_name: bool = False) -> float:
    """How alike two groups' work is, about 0..1: categories and rare title words, raised by a shared
    organization, lowered by a long gap in years."""
    words = _dot(a.words, b.words)
    small, big = (a, b) if a.size <= b.size else (b, a)
    if big.size >= 3 * small.size:
        # a few papers against many: how much of the few papers' rarer vocabulary the many share (a cosine against
        # a big group's spread-out vocabulary is small even for the same person)
        covered = sum(w for word, w in small.word_weights.items() if word in big.word_weights) / small.word_total
        words = max(words, CONTAINMENT_WEIGHT * covered)
    shared_org = bool(a.orgs & b.orgs)
    if words < MIN_WORDS and not shared_org and not rare_name:
        return 0.0  # the same category alone (cs.NI, cs.OH) says little: many people share one
    s = CATEGORY_WEIGHT * _dot(a.categories, b.categories) + (1 - CATEGORY_WEIGHT) * words
    if shared_org:
        s += 0.25
    if a.years and b.years:
        gap = max(0, max(a.years[0], b.years[0]) - min(a.years[1], b.years[1]))
        s -= 0.02 * max(0, gap - 3)
    return s


def _join_profiles(groups: _Groups, members: list[MentionId], by_id, words_of, idf, family_n, given_n, total):
    """Step 3 within one block: join groups, closest first, while they are alike enough for their name."""
    changed: set[MentionId] | None = None  # roots joined in the last round (None: the first round)
    profiles: dict[MentionId, _Profile] = {}
    expected: dict[MentionId, float] = {}
    for _ in range(6):  # rounds: a joined group's profile is recomputed and may join again
        roots: dict[MentionId, list[MentionId]] = defaultdict(list)
        for mid in members:
            roots[groups.find(mid)].append(mid)
        if len(roots) < 2:
            return
        for r, mids in roots.items():
            if r not in profiles or (changed and r in changed):
                profiles[r] = _profile(mids, by_id, words_of, idf)
                expected[r] = max(_expected_people(f, family_n, given_n, total) for f in groups.forms[r])
        scored = []
        for a, b in _candidates(groups, sorted(roots)):
            if changed is not None and a not in changed and b not in changed:
                continue
            if not groups.can_join(a, b, allow_nickname=False):
                continue
            e = max(expected[a], expected[b])
            s = similarity(profiles[a], profiles[b], e < RARE_NAME)
            if (e < RARE_NAME and len(groups.forms[a] | groups.forms[b]) == 1
                    and (e < VERY_RARE or _no_conflict(profiles[a], profiles[b]))):
                s = max(s, _join_threshold(e))  # one rare name, written the same, nothing against: one person
            if s >= _join_threshold(e):
                scored.append((-s, a, b))
        scored.sort()
        changed = set()
        touched: set[MentionId] = set()
        for neg, a, b in scored:
            if a in touched or b in touched:
                continue  # its profile changed: compared again next round
            root = groups.join(a, b, f"similar work ({-neg:.2f}): {_topic(profiles[a])} / {_topic(profiles[b])}")
            touched |= {a, b}
            changed.add(root)
        if not changed:
            return


def _no_conflict(a: _Profile, b: _Profile) -> bool:
    """Nothing in two profiles speaks against one person: no categories on one side, or some in common."""
    return not a.categories or not b.categories or _dot(a.categories, b.categories) > 0


def _candidates(groups: _Groups, roots: list[MentionId]):
    """Pairs of groups whose names may match: the same first given name, or an initial on one side (a block of
    "Y. Wang"s holds Yu, Yi, Yan, ... Wang: they are never compared with each other)."""
    by_first: dict[str, list[MentionId]] = defaultdict(list)
    initials: list[MentionId] = []
    for r in roots:
        firsts = {f.atoms[0] for f in groups.forms[r] if f.atoms and len(f.atoms[0]) > 1}
        if not firsts:
            initials.append(r)
        for first in sorted(firsts):
            by_first[first].append(r)
    seen = set()
    for first in sorted(by_first):
        rs = by_first[first]
        for i, a in enumerate(rs):
            for b in rs[i + 1:]:
                if (a, b) not in seen:
                    seen.add((a, b))
                    yield a, b
    for i, a in enumerate(initials):
        for b in roots:
            if b != a and (b not in initials or b > a):
                pair = (a, b) if a < b else (b, a)
                if pair not in seen:
                    seen.add(pair)
                    yield pair


def _topic(p: _Profile) -> str:
    cats = ",".join(c for c, _ in p.category_counts.most_common(2))
    years = f" {p.years[0]}-{p.years[1]}" if p.years else ""
    return f"{cats or 'no category'}{years}"


def _keys(groups: _Groups, ms: list[Mention], by_id) -> Resolution:
    """Person keys: the key of the name the group uses most. Where several groups would get the same key, the one
    with the most mentions keeps it (earliest paper key on a tie) and each other one gets a suffix from its earliest
    paper key, stable while that paper stays."""
    members: dict[MentionId, list[MentionId]] = defaultdict(list)
    for m in ms:
        members[groups.find(m._id)].append(m._id)
    base: dict[MentionId, str] = {}
    names: dict[MentionId, list[str]] = {}
    first_paper: dict[MentionId, str] = {}
    for root, mids in members.items():
        counts = Counter(by_id[mid].name for mid in mids)
        ranked = sorted(counts, key=lambda n: (-counts[n], -len(n), n))
        names[root] = ranked
        base[root] = name_key(ranked[0]) or "person"
        first_paper[root] = min(by_id[mid].paper for mid in mids)
    holder: dict[str, MentionId] = {}
    for root in sorted(members, key=lambda r: (-len(members[r]), first_paper[r])):
        holder.setdefault(base[root], root)
    out = Resolution()
    for root in sorted(members):
        key = base[root]
        if holder[key] != root:
            key = f"{key}~{hashlib.sha1(first_paper[root].encode()).hexdigest()[:6]}"
        for mid in members[root]:
            out.person[mid] = key
        out.evidence[key] = groups.why.get(root, [])
        out.names[key] = names[root]
    return out

"""A generated corpus for crash and concurrency tests: OAI-PMH pages we write, big enough that a build takes a
few seconds, with authors, organizations, categories and some papers shared between pages (so sources overlap,
and removing a half-loaded source has something to get wrong).

>>> pages = corpus_pages(pages=2, per_page=3)
>>> len(pages), pages[0].count("<record>")
(2, 3)
"""
from __future__ import annotations

import random
from pathlib import Path

from hostile_corpus import OAI_HEAD, OAI_TAIL

GIVEN = ["Inga", "Tunde", "Mei", "Rafael", "Zora", "Kwame", "Lena", "Arjun", "Sofia", "Emeka", "Hana", "Pavel",
         "Noor", "Diego", "Yuki", "Amara", "Jonas", "Leila", "Tomas", "Ruth"]
FAMILY = ["Vale", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Novak", "Castillo", "Mensah", "Berg",
          "Quint", "Ferreira", "Osei", "Kowalski", "Rahman", "Duarte", "Ivanova", "Park", "Nakamura", "Adeyemi"]
ORGS = ["Harbor Institute of Technology", "University of Westmarch", "Northwind Labs", "Kestrel Research",
        "Dept. of Computer Science, University of Westmarch", "Institute for Quiet Computing"]
CATEGORIES = ["cs.LG", "stat.ML", "cs.CL", "cs.CV", "cs.AI", "math.OC", "cs.DS", "cs.IR"]
WORDS = ["sparse", "adaptive", "robust", "graph", "kernel", "latent", "causal", "streaming", "neural", "bayesian",
         "federated", "contrastive", "quantized", "spectral", "online", "private"]
NOUNS = ["estimation", "retrieval", "transformers", "bandits", "embeddings", "optimization", "inference", "search",
         "clustering", "compression"]


def _record(rng: random.Random, number: int, title: str, year: int) -> str:
    authors = []
    for _ in range(rng.randint(1, 5)):
        aff = f"<affiliation>{rng.choice(ORGS)}</affiliation>" if rng.random() < 0.3 else ""
        authors.append(f"<author><keyname>{rng.choice(FAMILY)}</keyname><forenames>{rng.choice(GIVEN)}</forenames>{aff}</author>")
    cats = " ".join(dict.fromkeys(rng.sample(CATEGORIES, rng.randint(1, 3))))
    abstract = " ".join(rng.choice(WORDS + NOUNS) for _ in range(rng.randint(30, 80)))
    return f"""<record>
<header><identifier>oai:arXiv.org:{year % 100:02d}01.{number:05d}</identifier><datestamp>{year}-02-01</datestamp></header>
<metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/">
<id>{year % 100:02d}01.{number:05d}</id><created>{year}-01-{rng.randint(10, 28)}</created><authors>{''.join(authors)}</authors>
<title>{title}</title><categories>{cats}</categories><abstract>{abstract}</abstract></arXiv></metadata>
</record>
"""


def corpus_pages(pages: int = 6, per_page: int = 200, seed: int = 2016) -> list[str]:
    """``pages`` OAI-PMH pages of ``per_page`` records; one record in ten repeats a paper of the page before
    (same title, another date), as arXiv listings of revised papers do."""
    rng = random.Random(seed)
    out, previous = [], []
    number = 0
    for _ in range(pages):
        body, titles = [], []
        for i in range(per_page):
            number += 1
            if previous and i % 10 == 5:
                title = previous[i]  # each repeated once: a page never holds the same paper twice
            else:
                title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {rng.choice(NOUNS)} {number}"
            titles.append(title)
            body.append(_record(rng, number, title, rng.choice([2014, 2015, 2016])))
        out.append(OAI_HEAD + "".join(body) + OAI_TAIL)
        previous = titles
    return out


def write_corpus(folder: Path, **kw) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, page in enumerate(corpus_pages(**kw), start=1):
        (folder / f"page-{n:02d}.xml").write_text(page, encoding="utf-8")
    return folder

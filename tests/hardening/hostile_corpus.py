"""A corpus of hostile inputs, written by the tests themselves (nothing is copied from ../shared).

Every file is one ``Case``: its bytes, how many good papers must still come out of it, and the error messages
(file and record) reading it must give. Good records carry titles "Good <case> <n>", so a test can check
that exactly those came out.

>>> case = openalex_lines()
>>> case.papers, [where for where, _ in case.errors]
(4, ['line 2', 'line 4', 'line 6'])
"""
from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Case:
    """One hostile file: ``papers`` good records must come out, and each of ``errors`` — (record, words) —
    must be reported with the file's path, that record and those words. ``ignored``: a directory walk notes
    the file as no known format (it is no error there)."""

    name: str
    data: bytes
    papers: int
    errors: list[tuple[str | None, str]] = field(default_factory=list)
    ignored: bool = False

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        path.write_bytes(self.data)
        return path


def good(case: str, n: int) -> str:
    return f"Good {case} {n}"


# ------------------------------------------------------------------ arXiv OAI-PMH

OAI_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2016-03-09T00:35:38Z</responseDate>
<request verb="ListRecords" metadataPrefix="arXiv" set="cs">http://export.arxiv.org/oai2</request>
<ListRecords>
"""
OAI_TAIL = "</ListRecords>\n</OAI-PMH>\n"


def oai_record(n: int, title: str | None, abstract: str = "An abstract we wrote for this test.") -> str:
    title_el = f"<title>{title}</title>" if title is not None else ""
    return f"""<record>
<header><identifier>oai:arXiv.org:1601.{n:05d}</identifier><datestamp>2016-01-01</datestamp><setSpec>cs</setSpec></header>
<metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/">
<id>1601.{n:05d}</id><created>2016-01-02</created><authors><author><keyname>Vale</keyname><forenames>Inga</forenames></author>
<author><keyname>Okafor</keyname><forenames>Tunde</forenames><affiliation>Harbor Institute</affiliation></author></authors>{title_el}
<categories>cs.LG stat.ML</categories><abstract>{abstract}</abstract></arXiv></metadata>
</record>
"""


def oai_truncated() -> Case:
    body = "".join(oai_record(n, good("oai-cut", n)) for n in range(1, 6))
    cut = oai_record(6, good("oai-cut", 6))
    return Case("oai-truncated.xml", (OAI_HEAD + body + cut[: len(cut) // 2]).encode(), 5,
                [("record 6", "broken XML")])


def oai_bad_record() -> Case:
    body = "".join(oai_record(n, good("oai-bad", n) if n != 3 else None) for n in range(1, 6))
    return Case("oai-bad-record.xml", (OAI_HEAD + body + OAI_TAIL).encode(), 4, [("record 3", "no title")])


def oai_big_gz(records: int = 3000, repeat: int = 180) -> Case:
    """Many records, gzipped: 3,000 records of 11 KB are 32 MB to read and 0.2 MB on disk (the abstracts repeat)."""
    abstract = "A long abstract we wrote, repeated to make the page large. " * repeat
    body = "".join(oai_record(n, good("oai-big", n), abstract) for n in range(1, records + 1))
    return Case("big-page.xml.gz", gzip.compress((OAI_HEAD + body + OAI_TAIL).encode(), 6), records)


def oai_gz_cut_short(records: int = 400) -> Case:
    """A gzip stream cut in the middle: what decompresses before the cut still comes out."""
    body = "".join(oai_record(n, good("oai-gzcut", n)) for n in range(1, records + 1))
    data = gzip.compress((OAI_HEAD + body + OAI_TAIL).encode(), 6)
    return Case("cut-short.xml.gz", data[: len(data) // 2], -1, [(None, "")])  # count checked by the test


# ------------------------------------------------------------------ arXiv Atom

ATOM_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
<title>arXiv Query: test</title>
"""


def atom_entry(n: int, title: str) -> str:
    return f"""<entry><id>http://arxiv.org/abs/2401.{n:05d}v1</id><published>2024-01-0{n % 9 + 1}T00:00:00Z</published>
<title>{title}</title><summary>An abstract we wrote.</summary>
<author><name>Rosa Quint</name></author><category term="cs.CL"/></entry>
"""


def atom_truncated() -> Case:
    body = "".join(atom_entry(n, good("atom-cut", n)) for n in range(1, 4))
    return Case("atom-truncated.xml", (ATOM_HEAD + body + "<entry><id>http://arxiv.org/abs/2401.0").encode(), 3,
                [("record 4", "broken XML")])


# ------------------------------------------------------------------ DBLP

def dblp_article(n: int, title: str) -> str:
    return f'<article key="journals/x/{n}"><author>Lio M&uuml;ller</author><title>{title}</title><year>2019</year></article>\n'


def dblp_broken() -> Case:
    body = "".join(dblp_article(n, good("dblp", n)) for n in range(1, 4))
    broken = '<article key="journals/x/4"><author>A B</author><title>Bad</titel></article>\n'
    after = dblp_article(5, "Unreachable after the break")
    return Case("dblp-broken.xml", ('<?xml version="1.0"?>\n<dblp>\n' + body + broken + after + "</dblp>\n").encode(),
                3, [("record 4", "broken XML")])


# ------------------------------------------------------------------ JSON formats

def openalex_work(n: int, title: str | None) -> dict:
    work = {"id": f"https://openalex.org/W{900000 + n}", "publication_date": "2022-05-0" + str(n % 9 + 1),
            "authorships": [{"author": {"display_name": "Noor Haddad"}, "institutions": []}]}
    if title is not None:
        work["title"] = title
    return work


def openalex_lines() -> Case:
    lines = [
        json.dumps(openalex_work(1, good("openalex", 1))),
        '{"id": "https://openalex.org/W2", "title": "cut',  # broken JSON
        json.dumps(openalex_work(3, good("openalex", 3))),
        json.dumps(openalex_work(4, None)),  # no title
        json.dumps(openalex_work(5, good("openalex", 5))),
        '{"id": "https://openalex.org/W6", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",  # 100k levels deep
        json.dumps(openalex_work(7, good("openalex", 7))),
    ]
    return Case("openalex.jsonl", ("\n".join(lines) + "\n").encode(), 4,
                [("line 2", "invalid JSON"), ("line 4", "no title"), ("line 6", "nested too deeply")])


def openalex_array_truncated() -> Case:
    works = [json.dumps(openalex_work(n, good("openalex-array", n))) for n in range(1, 4)]
    text = "[" + ",\n".join(works) + ',\n{"id": "https://openalex.org/W4", "title": "Cut'
    return Case("openalex-array.json", text.encode(), 3, [("record 4", "truncated")])


def openalex_deep_document() -> Case:
    text = '{\n  "id": "https://openalex.org/W1",\n  "x": ' + "[" * 100_000 + "]" * 100_000 + "\n}\n"
    return Case("openalex-deep.json", text.encode(), 0, [("record 1", "nested too deeply")])


def semantic_scholar_page() -> Case:
    papers = [{"paperId": "a1", "title": good("s2", 1), "year": 2020, "authors": [{"authorId": "1", "name": "Ama Boateng"}]},
              {"paperId": "a2", "year": 2020},
              {"paperId": "a3", "title": good("s2", 3), "year": 2021, "authors": [{"authorId": "1", "name": "Ama Boateng"}]}]
    return Case("s2.json", json.dumps({"data": papers}).encode(), 2, [("line 1, record 2", "no title")])


def arxiv_line(n: int, title: str, abstract: str = "An abstract we wrote.") -> str:
    return json.dumps({"id": f"2101.{n:05d}", "title": title, "authors": "Pia Lund", "abstract": abstract,
                       "categories": "cs.LG", "versions": [{"version": "v1", "created": "Mon, 4 Jan 2021 10:00:00 GMT"}],
                       "authors_parsed": [["Lund", "Pia", ""]]})


def arxiv_lines() -> Case:
    lines = [arxiv_line(1, good("arxiv-json", 1)), '{"id": "2101.00002", "title":', arxiv_line(3, good("arxiv-json", 3))]
    return Case("arxiv.jsonl", ("\n".join(lines) + "\n").encode(), 2, [("line 2", "broken JSON")])


def arxiv_huge_line(mb: int = 50) -> Case:
    """A single 50 MB line between two ordinary ones: a record carrying a 50 MB field no reader looks at."""
    huge = json.loads(arxiv_line(2, good("arxiv-huge", 2)))
    huge["comments"] = "word " * (mb * 1024 * 1024 // 5)
    lines = [arxiv_line(1, good("arxiv-huge", 1)), json.dumps(huge), arxiv_line(3, good("arxiv-huge", 3))]
    return Case("arxiv-huge.jsonl", ("\n".join(lines) + "\n").encode(), 3)


# ------------------------------------------------------------------ BibTeX and PMLR

def bib_entry(key: str, title: str) -> str:
    return f"@article{{{key},\n  title = {{{title}}},\n  author = {{Ferreira, Lia and Chen, Bo}},\n  year = {{2018}}\n}}\n\n"


def bibtex_mixed() -> Case:
    text = (bib_entry("a1", good("bibtex", 1))
            + "@article{b2,\n  title = {Unclosed,\n  author = {Two, Bob},\n  year = {2002}\n}\n\n"
            + bib_entry("c3", good("bibtex", 3))
            + "@article{d4,\n  author = {Four, Dee},\n  year = 2004\n}\n\n"
            + bib_entry("e5", good("bibtex", 5))
            + "@article{f6,\n  title = {Cut short},\n  author = {Fo")
    return Case("refs.bib", text.encode(), 3, [("entry b2 (line 7)", "unbalanced braces"), ("entry d4 (line 19)", "no title"),
                                            ("entry f6 (line 30)", "unbalanced braces")])


def bibtex_utf16() -> Case:
    return Case("windows.bib", ("\ufeff" + bib_entry("u1", good("bib-utf16", 1) + " Café")).encode("utf-16-le"), 1)


def pmlr_page(title: str) -> str:
    return (f"---\ntitle: {title}\nauthor:\n- given: Sam\n  family: Okoro\nissued:\n  date-parts:\n  - 2016\n"
            "container-title: Proceedings of a Conference We Made Up\n---\n")


def pmlr_cases() -> list[Case]:
    bomb = ("---\ntitle: Alias bomb\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
            "author: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nissued: 2016\n---\n")
    return [
        Case("pmlr-good.md", pmlr_page(good("pmlr", 1)).encode(), 1),
        Case("pmlr-unclosed.md", pmlr_page("Never closed")[:-4].encode(), 0, [("record 1", "not closed")]),
        Case("pmlr-bad-yaml.md", b"---\ntitle: [unbalanced\nauthor:\n- given: A\n---\n", 0, [("line", "bad YAML")]),
        Case("pmlr-alias-bomb.md", bomb.encode(), 0, [("record 1", "")]),
    ]


# ------------------------------------------------------------------ listings, encodings, junk

PROFILE = """Ines Barros

LG
h-index3
3papers
40citations

3 Papers

LGMar 3, 2024
{t1}

Ines Barros, Jonas M\u00fcller \u00b7 harbor

An abstract we wrote, long enough to read as the abstract of a paper.

LGJan 9, 2023
{t2}

Ines Barros, Ren\u00e9 Fabre

Another abstract we wrote, long enough to read as one too.

LGJun 1, 2022
{t3}

Ines Barros

A third abstract we wrote, long enough to read as an abstract as well.
"""


def profile_text(case: str) -> str:
    return PROFILE.format(t1=good(case, 1), t2=good(case, 2), t3=good(case, 3))


def encodings() -> list[Case]:
    mixed = profile_text("latin1").encode("utf-8").replace("Ren\u00e9".encode(), "Ren\u00e9".encode("cp1252"))
    return [
        Case("bom-profile.txt", b"\xef\xbb\xbf" + profile_text("bom").encode(), 3),
        Case("mixed-encoding-profile.txt", mixed, 3),  # UTF-8 with one stray cp1252 byte
    ]


def junk(seed: int = 9) -> list[Case]:
    rng = random.Random(seed)
    return [
        Case("random.bin", bytes(rng.randrange(256) for _ in range(200_000)), 0, ignored=True),
        Case("zeros.dat", b"\x00" * 100_000, 0, ignored=True),
        Case("empty.txt", b"", 0, [(None, "empty file")]),
        Case("blank.json", b" \n\t\n", 0, [(None, "empty file")]),
        Case("one-long-line.txt", b"q" * (50 * 1024 * 1024), 0, ignored=True),
    ]


def all_cases() -> list[Case]:
    """Every case whose counts are fixed (the big and cut .gz have their own tests)."""
    return [oai_truncated(), oai_bad_record(), atom_truncated(), dblp_broken(), openalex_lines(),
            openalex_array_truncated(), openalex_deep_document(), semantic_scholar_page(), arxiv_lines(),
            bibtex_mixed(), bibtex_utf16(), *pmlr_cases(), *encodings(), *junk()]

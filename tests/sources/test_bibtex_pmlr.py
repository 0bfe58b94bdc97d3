"""BibTeX and PMLR (CSL-YAML front matter) readers: real samples from ../shared and small broken inputs."""
from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from conftest import SHARED

from scholarkg.errors import InputError
from scholarkg.sources import bibtex, pmlr
from scholarkg.sources._io import ErrorSink, iter_input_files, read_head
from scholarkg.sources.text import paper_key

FORMATS = SHARED / "data" / "formats"
D2L = FORMATS / "bibtex" / "d2l" / "d2l.bib"
PMLR = FORMATS / "csl_yaml_pmlr"


def read_bib(path, mode="fail"):
    sink = ErrorSink(mode)
    return list(bibtex.iter_papers(str(path), sink)), sink


def read_pmlr(paths, mode="fail"):
    sink = ErrorSink(mode)
    papers = [p for path in iter_input_files([str(p) for p in paths], sink) for p in pmlr.iter_papers(str(path), sink)]
    return papers, sink


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ================================================================ BibTeX: the d2l sample

@pytest.fixture(scope="module")
def d2l():
    papers, sink = read_bib(D2L)
    assert sink.count == 0
    return {p.ids["bibtex"]: p for p in papers}, papers


@pytest.mark.shared
def test_d2l_counts(d2l):
    by_key, papers = d2l
    assert len(papers) == 488  # grep -c '^@' d2l.bib
    assert len(by_key) == 488  # entry keys are unique
    assert len({p.key for p in papers}) == 475  # 13 papers are listed twice under two keys
    assert sum(not p.authors_complete for p in papers) == 44  # 43 "et al."/"others" + 1 editors-only book
    assert sum(p.arxiv_id is not None for p in papers) == 128  # 127 "Ar{X}iv:NNNN" journals + arxiv.org/abs/..
    assert sum(p.doi is not None for p in papers) == 1
    assert all(p.published is None for p in papers)  # no month/day anywhere: only years
    assert all(p.year for p in papers)
    assert all(p.source.format == "bibtex" for p in papers)
    assert not any(c in p.title for p in papers for c in "{}\\$")
    assert not any(c in a.name for p in papers for a in p.authors for c in "{}\\~")


@pytest.mark.shared
def test_d2l_first_entry(d2l):
    p = d2l[0]["Abadi.Barham.Chen.ea.2016"]
    assert p.title == "TensorFlow: A system for large-scale machine learning"
    assert p.key == paper_key("TensorFlow: A System for Large-Scale Machine Learning")
    assert p.source.record == "entry Abadi.Barham.Chen.ea.2016 (line 1)"
    assert p.source.path == str(D2L)
    assert len(p.authors) == 10 and not p.authors_complete  # "... and Isard, Michael and et al."
    assert (p.authors[0].name, p.authors[0].given, p.authors[0].family) == ("Martín Abadi", "Martín", "Abadi")
    assert p.authors[-1].name == "Michael Isard"
    assert p.venue == "12th USENIX Symposium on Operating Systems Design and Implementation (OSDI 16)"
    assert p.year == 2016 and p.published is None


@pytest.mark.shared
def test_d2l_fields(d2l):
    by_key = d2l[0]
    vaswani = by_key["Vaswani.Shazeer.Parmar.ea.2017"]
    assert vaswani.title == "Attention is all you need"
    assert [a.name for a in vaswani.authors][-2:] == ["Łukasz Kaiser", "Illia Polosukhin"]
    assert vaswani.authors_complete and vaswani.venue == "Advances in Neural Information Processing Systems"

    arxiv = by_key["feurer-arxiv22"]  # journal = {Ar{X}iv:1802.02219 [stat.ML]}
    assert (arxiv.arxiv_id, arxiv.categories, arxiv.venue) == ("1802.02219", ("stat.ML",), "arXiv")
    assert [a.name for a in arxiv.authors] == ["M. Feurer", "B. Letham", "F. Hutter", "E. Bakshy"]
    assert by_key["kojima2022large"].arxiv_id == "2205.11916"  # journal = {arxiv.org/abs/2205.11916}
    assert by_key["Ba.Kiros.Hinton.2016"].arxiv_id == "1607.06450"

    doi = by_key["10.1145/3544903.3544906"]  # the DOI only as url = {https://doi.org/...}
    assert doi.doi == "10.1145/3544903.3544906"
    assert doi.ids["url"] == "https://doi.org/10.1145/3544903.3544906"
    assert doi.venue == "SIGKDD Explor. Newsl."

    llama = by_key["touvron2023llama2"]  # year = {2023b}
    assert (llama.title, llama.year, llama.arxiv_id) == ("LLaMA 2: Open foundation and fine-tuned chat models", 2023, "2307.09288")
    bloom = by_key["scao2022bloom"]
    names = [a.name for a in bloom.authors]
    assert names[0] == "Teven Le Scao" and "Suzana Ilić" in names and "François Yvon" in names
    assert "Matthias Gallé" in names and not bloom.authors_complete

    vapnik = by_key["Vapnik.Chervonenkis.1974*1"]  # "V.~N. Vapnik", unbraced year = 1974
    assert [a.name for a in vapnik.authors] == ["V. N. Vapnik", "A. Y. Chervonenkis"]
    assert vapnik.year == 1974 and vapnik.venue == "Automation and Remote Control"
    cajal = by_key["Cajal.Azoulay.1894"]  # "Ram{\'o}n y {C}ajal, Santiago, and Azoulay, L."
    assert [(a.given, a.family) for a in cajal.authors] == [("Santiago", "Ramón y Cajal"), ("L.", "Azoulay")]
    assert cajal.title.startswith("Les Nouvelles Idées sur la Structure du Système Nerveux")

    book = by_key["hutter-book19a"]  # editors only
    assert book.authors == () and not book.authors_complete and book.year == 2019
    vit, vit_again = by_key["Dosovitskiy.Beyer.Kolesnikov.ea.2021"], by_key["Dosovitskiy.Beyer.Kolesnikov.ea.2021*1"]
    assert vit.title.startswith("An image is worth 16 x 16 words")
    assert vit_again.title.startswith("An image is worth 16x16 words")  # "$16\times 16$"
    assert vit.key == vit_again.key == paper_key("An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale")


# ================================================================ BibTeX: syntax

BIB = r"""% a comment line, then macros
@string{icml = "International Conference on Machine Learning"}
@STRING(pmlr = {Proceedings of Machine Learning Research})
@preamble{"\newcommand{\noop}[1]{}"}
@comment{ @article{not_an_entry, title = {Ignored}} }

@InProceedings{vaswani2017,
  title     = {Attention is {A}ll you {N}eed},
  author    = {Vaswani, Ashish and Noam Shazeer and {Google Brain} and others},
  booktitle = "Proc. " # icml,
  year      = 2017, month = dec, day = {4},
  eprint = {1706.03762v5}, archivePrefix = {arXiv}, primaryClass = {cs.CL},
  doi = {https://doi.org/10.48550/ARXIV.1706.03762},
}

@article(schrodinger,
  title = "Schr{\"o}dinger's {\ss}tr{\'e}ets and {\em nested {B}races}",
  author = "Daum{\'e}, III, Hal and Ludwig van Beethoven and de la Cruz, Ana",
  journal = pmlr, year = {1999}, month = {September},
  abstract = {Uses \textbf{bold} and
     line breaks},
)
"""


def test_bibtex_syntax(tmp_path):
    papers, sink = read_bib(write(tmp_path, "refs.bib", BIB))
    assert sink.count == 0
    assert [p.ids["bibtex"] for p in papers] == ["vaswani2017", "schrodinger"]
    v, s = papers
    assert v.title == "Attention is All you Need"
    assert [a.name for a in v.authors] == ["Ashish Vaswani", "Noam Shazeer", "Google Brain"]
    assert (v.authors[2].given, v.authors[2].family) == (None, "Google Brain")
    assert not v.authors_complete
    assert v.venue == "Proc. International Conference on Machine Learning"
    assert (v.year, v.published) == (2017, "2017-12-04")
    assert (v.arxiv_id, v.categories, v.doi) == ("1706.03762", ("cs.CL",), "10.48550/arxiv.1706.03762")
    assert v.source.record == "entry vaswani2017 (line 7)"

    assert s.title == "Schrödinger's ßtréets and nested Braces"
    assert [(a.given, a.family) for a in s.authors] == [("Hal", "Daumé III"), ("Ludwig", "van Beethoven"), ("Ana", "de la Cruz")]
    assert s.authors_complete
    assert (s.venue, s.year, s.published) == ("Proceedings of Machine Learning Research", 1999, None)  # no day: no date
    assert s.abstract == "Uses bold and line breaks"
    assert s.source.record == "entry schrodinger (line 16)"


def test_bibtex_gzip(tmp_path):
    path = tmp_path / "refs.bib.gz"
    path.write_bytes(gzip.compress(BIB.encode()))
    assert bibtex.sniff(read_head(path), str(path))
    assert len(read_bib(path)[0]) == 2


def test_bibtex_sniff(tmp_path):
    assert bibtex.sniff(BIB, "refs.bib")
    assert not bibtex.sniff("@dataclass(frozen=True)\nclass A:\n    x: int = 1\n", "a.py")
    assert not bibtex.sniff("Contact me @ home (evenings), thanks\n", "note.txt")
    assert not bibtex.sniff("---\ntitle: T\nauthor:\n- given: A\n  family: B\n---\n", "x.md")


@pytest.mark.shared
def test_sniff_on_samples():
    assert bibtex.sniff(read_head(D2L), str(D2L))
    assert not pmlr.sniff(read_head(D2L), str(D2L))
    one = PMLR / "v48" / "2016-06-11-abel16.md"
    assert pmlr.sniff(read_head(one), str(one)) and not bibtex.sniff(read_head(one), str(one))


GOOD_A = "@article{a1,\n  title = {First},\n  author = {One, Ann},\n  year = {2001}\n}\n\n"
GOOD_C = "@misc{c3,\n  title = {Third},\n  year = 2003\n}\n"


def test_bibtex_unbalanced_entry_resyncs(tmp_path):
    broken = "@article{b2,\n  title = {Second,\n  author = {Two, Bob},\n  year = {2002}\n}\n\n"  # '{Second' not closed
    path = write(tmp_path, "bad.bib", GOOD_A + broken + GOOD_C)
    with pytest.raises(InputError) as exc:
        read_bib(path)
    assert exc.value.path == str(path) and exc.value.record == "entry b2 (line 7)"
    assert "unbalanced braces" in str(exc.value) and str(path) in str(exc.value)

    papers, sink = read_bib(path, "skip")
    assert [p.title for p in papers] == ["First", "Third"]
    assert sink.count == 1 and sink.errors[0].record == "entry b2 (line 7)"
    assert papers[1].source.record == "entry c3 (line 13)"


def test_bibtex_truncated_file(tmp_path):
    path = write(tmp_path, "cut.bib", GOOD_A + GOOD_C + "\n@article{d4,\n  title = {Fourth},\n  author = {Fo")
    seen = []
    with pytest.raises(InputError) as exc:  # fail mode: good records before the break still come out
        for p in bibtex.iter_papers(str(path), ErrorSink("fail")):
            seen.append(p.title)
    assert seen == ["First", "Third"]
    assert exc.value.path == str(path) and exc.value.record == "entry d4 (line 12)"
    assert "end of the file" in exc.value.message
    papers, sink = read_bib(path, "skip")
    assert [p.title for p in papers] == ["First", "Third"] and sink.count == 1


def test_bibtex_closing_brace_too_many(tmp_path):
    broken = "@article{b2,\n  title = {Second}},\n  author = {Two, Bob},\n  year = {2002}\n}\n\n"
    path = write(tmp_path, "extra.bib", GOOD_A + broken + GOOD_C)
    papers, sink = read_bib(path, "skip")
    assert [p.title for p in papers] == ["First", "Third"]
    assert sink.count == 1 and sink.errors[0].record == "entry b2 (line 7)"
    assert "closes early" in sink.errors[0].message


@pytest.mark.parametrize("entry, message", [
    ("@article{b2,\n  title {Second},\n  year = 2002\n}\n\n", "expected '='"),
    ("@article{b2,\n  title = {Second} year = 2002\n}\n\n", "expected ','"),
    ("@article{b2,\n  author = {Two, Bob},\n  year = 2002\n}\n\n", "no title"),
    ('@article{b2,\n  title = "Second,\n  year = 2002\n}\n\n', "quoted value"),
])
def test_bibtex_bad_record(tmp_path, entry, message):
    path = write(tmp_path, "bad.bib", GOOD_A + entry + GOOD_C)
    papers, sink = read_bib(path, "skip")
    assert [p.title for p in papers] == ["First", "Third"]
    assert sink.count == 1
    err = sink.errors[0]
    assert err.path == str(path) and err.record == "entry b2 (line 7)" and message in err.message


def test_bibtex_empty(tmp_path):
    path = write(tmp_path, "empty.bib", "% nothing here\n")
    with pytest.raises(InputError, match="no BibTeX entries"):
        read_bib(path)


# ================================================================ PMLR: the v48 and v9 samples

@pytest.fixture(scope="module")
def pmlr_volumes():
    out = {}
    for vol in ("v48", "v9"):
        papers, sink = read_pmlr([PMLR / vol])
        assert sink.count == 0
        out[vol] = {p.ids["pmlr"].split("/")[1]: p for p in papers}
    return out


@pytest.mark.shared
def test_pmlr_counts(pmlr_volumes):
    v48, v9 = pmlr_volumes["v48"], pmlr_volumes["v9"]
    assert (len(v48), len(v9)) == (322, 126)  # ls v48/*.md | wc -l; ls v9/*.md | wc -l
    assert sum(len(p.authors) for p in v48.values()) == 1153  # "- given:" entries
    assert sum(len(p.authors) for p in v9.values()) == 362
    assert {p.published for p in v48.values()} == {"2016-06-11"}
    assert {p.published for p in v9.values()} == {"2010-03-31"}
    assert {p.venue for p in v48.values()} == {"Proceedings of The 33rd International Conference on Machine Learning"}
    assert {p.venue for p in v9.values()} == {
        "Proceedings of the Thirteenth International Conference on Artificial Intelligence and Statistics"}
    everything = list(v48.values()) + list(v9.values())
    assert all(p.abstract and p.authors_complete and p.source.record == "record 1" for p in everything)
    assert all(p.source.format == "pmlr" for p in everything)
    assert not any("\\emph" in p.abstract or "\\small" in p.abstract for p in everything)


@pytest.mark.shared
def test_pmlr_records(pmlr_volumes):
    v48, v9 = pmlr_volumes["v48"], pmlr_volumes["v9"]
    abel = v48["abel16"]
    assert abel.title == "Near Optimal Behavior via Approximate State Abstraction"
    assert [a.name for a in abel.authors] == ["David Abel", "David Hershkowitz", "Michael Littman"]
    assert abel.abstract.startswith("The combinatorial explosion that plagues planning and reinforcement learning (RL)")
    assert abel.ids == {
        "pmlr": "v48/abel16", "url": "https://proceedings.mlr.press/v48/abel16.html",
        "pdf": "http://proceedings.mlr.press/v48/abel16.pdf",
    }
    assert (abel.year, abel.doi, abel.arxiv_id) == (2016, None, None)
    assert abel.source.path.endswith("v48/2016-06-11-abel16.md")

    oord = v48["oord16"]  # given: Aäron, prefix: van den, family: Oord
    assert oord.title == "Pixel Recurrent Neural Networks"
    assert (oord.authors[0].name, oord.authors[0].family) == ("Aäron van den Oord", "van den Oord")
    assert [(a.given, a.family) for a in v48["he16"].authors][-1] == ("Hal", "Daumé III")  # suffix: III
    assert v48["si16"].title == "Computationally Efficient Nyström Approximation using Fast Transforms"
    assert "sets of labels" in v48["cisse16"].abstract  # raw: "\emphsets of labels"
    assert v9["austad10a"].title == "Deterministic Bayesian inference for the p* model"  # raw: "$p*$"
    preface = v9["teh10a"]
    assert preface.title == "Preface" and [a.name for a in preface.authors] == ["Yee Whye Teh", "Mike Titterington"]
    assert preface.ids["pdf"] == "http://proceedings.mlr.press/v9/teh10a/teh10a.pdf"


@pytest.mark.shared
def test_pmlr_sniff_samples():
    for md in sorted(PMLR.glob("v*/*.md")):
        assert pmlr.sniff(read_head(md), str(md)), md
    for other in ("README_v48.md", "README_v9.md", "_config_v48.yml", "_config_v9.yml"):
        path = PMLR / other
        assert not pmlr.sniff(read_head(path), str(path)), other
        assert not bibtex.sniff(read_head(path), str(path)), other


# ================================================================ PMLR: config fallback and broken files

PAPER_MD = """---
title: A {T}est of $K$-Means
abstract: We \\emph{test} things.
id: test16
author:
- given: Ann
  family: One
- family: Solo
issued:
  date-parts:
  - 2016
  - 6
  - 11
pdf: http://proceedings.mlr.press/v48/test16.pdf
volume: '48'
---
Body text is ignored.
"""


def test_pmlr_small_file(tmp_path):
    path = write(tmp_path, "2016-06-11-test16.md", PAPER_MD)
    assert pmlr.sniff(read_head(path), str(path))
    (p,) = read_pmlr([path])[0]
    assert p.title == "A Test of K-Means" and p.abstract == "We test things."
    assert [(a.name, a.given, a.family) for a in p.authors] == [("Ann One", "Ann", "One"), ("Solo", None, "Solo")]
    assert (p.published, p.year, p.venue) == ("2016-06-11", 2016, None)  # no container-title and no config
    assert p.ids["pmlr"] == "v48/test16"


@pytest.mark.shared
def test_pmlr_config_fills_venue(tmp_path):
    (tmp_path / "v48").mkdir()
    shutil.copy(PMLR / "_config_v48.yml", tmp_path / "_config_v48.yml")
    path = write(tmp_path / "v48", "2016-06-11-test16.md", PAPER_MD.replace("issued:\n  date-parts:\n  - 2016\n  - 6\n  - 11\n", ""))
    (p,) = read_pmlr([path])[0]
    assert p.venue == "Proceedings of The 33rd International Conference on Machine Learning"
    assert (p.published, p.year) == ("2016-06-11", 2016)  # the volume's published date


def test_pmlr_sniff_rejects():
    assert not pmlr.sniff("# PMLR V48\n\nTo suggest fixes ...\n", "README_v48.md")
    assert not pmlr.sniff("---\nbooktitle: Proc\nlayout: proceedings\nauthor:\n  name: PMLR\n", "_config.yml")
    assert not pmlr.sniff("---\nlayout: post\ntitle: Hello\n---\nA blog post.\n", "post.md")
    assert not pmlr.sniff(PAPER_MD.replace("\n---\nBody", "\nBody"), "cut.md")  # never closed


@pytest.mark.parametrize("text, record, message", [
    (PAPER_MD.split("pdf:")[0], "record 1", "front matter not closed"),
    (PAPER_MD.replace("- family: Solo", "- family: [Solo"), "line 9", "bad YAML"),
    (PAPER_MD.replace("title: A {T}est of $K$-Means\n", ""), "record 1", "no title"),
    ("# Just a README\n", "line 1", "no YAML front matter"),
])
def test_pmlr_broken(tmp_path, text, record, message):
    good = write(tmp_path, "a-good.md", PAPER_MD)
    bad = write(tmp_path, "b-bad.md", text)
    last = write(tmp_path, "c-good.md", PAPER_MD.replace("id: test16", "id: other16"))
    with pytest.raises(InputError) as exc:
        read_pmlr([bad])
    assert exc.value.path == str(bad) and exc.value.record == record and message in exc.value.message
    papers, sink = read_pmlr([tmp_path], "skip")
    assert [p.ids["pmlr"] for p in papers] == ["v48/test16", "v48/other16"]
    assert sink.count == 1 and sink.errors[0].path == str(bad)
    assert good.exists() and last.exists()

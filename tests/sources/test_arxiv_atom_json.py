"""arXiv readers: API Atom feeds (old and 2026 layouts) and the Kaggle metadata JSON Lines."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from conftest import SHARED

from scholarkg.errors import InputError
from scholarkg.sources import arxiv_atom, arxiv_json
from scholarkg.sources._io import ErrorSink, read_head
from scholarkg.sources.text import paper_key

ATOM_DIR = SHARED / "data" / "formats" / "arxiv_atom"
OLD_FEED = ATOM_DIR / "atom_query_einstein_2018.xml"
NEW_FEED = ATOM_DIR / "atom_query_2026_newschema.xml"
AGENT_FEED = ATOM_DIR / "atom_agent_query_2026.xml"
KAGGLE = SHARED / "data" / "formats" / "arxiv_kaggle_jsonl" / "arxiv-metadata-oai-snapshot.head.jsonl"


def read(module, path, mode="fail"):
    sink = ErrorSink(mode)
    return list(module.iter_papers(str(path), sink)), sink


# ---------------------------------------------------------------- Atom: shared samples

@pytest.mark.shared
@pytest.mark.parametrize("path, papers, authors", [(OLD_FEED, 10, 13), (NEW_FEED, 5, 22), (AGENT_FEED, 10, 66)])
def test_atom_counts(path, papers, authors):
    out, sink = read(arxiv_atom, path)
    assert len(out) == papers and sink.count == 0
    assert sum(len(p.authors) for p in out) == authors
    assert [p.source.record for p in out] == [f"record {i}" for i in range(1, papers + 1)]
    assert all(p.source.format == "arxiv-atom" and p.source.path == str(path) for p in out)
    assert all(p.key == paper_key(p.title) and p.abstract and p.authors_complete for p in out)


@pytest.mark.shared
def test_atom_old_layout():
    out, _ = read(arxiv_atom, OLD_FEED)
    first = out[0]
    assert first.title == "Einstein-Weyl structures on almost cosymplectic manifolds"
    assert first.arxiv_id == "1801.05533"
    assert first.authors[0].name == "Xiaomin Chen" and first.authors[0].family == "Chen"
    assert first.categories == ("math.DG",)  # the MSC string "53D10, 53D15" is not an arXiv category
    assert (first.published, first.year) == ("2018-01-17", 2018)
    assert first.abstract.startswith("In this article, we study the Einstein-Weyl structures on almost cosymplectic manifolds.")
    assert "almost cosymplectic (κ,μ)-manifold" in first.abstract
    # published is the first version's date, not <updated>
    assert (out[1].arxiv_id, out[1].published) == ("0802.2137", "2008-02-15")
    # old-style identifiers keep their archive prefix
    assert out[3].arxiv_id == "math/0502287"
    assert "K\u00e4hler-Einstein metrics" in out[3].abstract  # K{\"a}hler
    eighth = out[7]
    assert eighth.title == "A class of compact Poincare-Einstein manifolds: properties and construction"
    assert eighth.categories == ("math.DG", "math-ph", "math.MP")
    assert [a.name for a in eighth.authors] == ["A. Rod Gover", "Felipe Leitner"]
    assert out[2].categories == ("physics.hist-ph",)
    assert [a.name for a in out[9].authors] == ["Alessandro Ghigi", "János Kollár"]
    assert out[9].categories == ("math.DG", "math.AG")
    assert all(p.doi is None and p.affiliations == () and p.ids == {} for p in out)


@pytest.mark.shared
def test_atom_2026_layouts():
    new, _ = read(arxiv_atom, NEW_FEED)
    assert new[0].title == "Repurposing 3D Generative Model for Autoregressive Layout Generation"
    assert new[0].arxiv_id == "2604.16299" and new[0].published == "2026-04-17"
    assert new[0].authors[3].name == "Yang-Tian Sun"
    third = new[2]
    assert third.categories == ("cs.LG", "cs.AI", "cs.CE", "cs.SC")
    assert [a.name for a in third.authors] == ["Karin Yu", "Eleni Chatzi", "Georgios Kissas"]
    assert "\n" not in third.abstract and "black-box models. We introduce Latent Grammar Flow" in third.abstract
    assert new[3].categories == ("econ.EM",)
    assert new[3].authors[0].name == "José Francisco Perles-Ribes"

    agent, _ = read(arxiv_atom, AGENT_FEED)
    bami = agent[0]
    assert bami.title == "BAMI: Training-Free Bias Mitigation in GUI Grounding"
    assert bami.categories == ("cs.CV", "cs.AI") and bami.arxiv_id == "2605.06664"
    assert "the proposed Masked Prediction Distribution (MPD) attribution" in bami.abstract  # \textbf{...}
    assert "from 51.9% to 57.8%" in bami.abstract  # \%
    assert agent[1].authors[2].name == "Yee Whye Teh" and agent[1].authors[2].family == "Teh"
    assert agent[2].categories == ("cs.LG", "cs.DM", "cs.ET", "math.OC")
    sixth = agent[5]
    assert len(sixth.authors) == 18 and sixth.categories == ("cs.AI",)
    assert (sixth.authors[1].given, sixth.authors[1].family) == ("Ingrid", "von Glehn")
    assert "SuperIntelligent Retrieval Agent (SIRA)" in agent[7].abstract  # \textit{...}
    assert {p.published for p in agent} == {"2026-05-07"}
    assert agent[-1].title == "Recursive Agent Optimization" and agent[-1].arxiv_id == "2605.06639"


@pytest.mark.shared
def test_sniff_only_own_format():
    for path in (OLD_FEED, NEW_FEED, AGENT_FEED):
        head = read_head(path)
        assert arxiv_atom.sniff(head, str(path)) and not arxiv_json.sniff(head, str(path))
    head = read_head(KAGGLE)
    assert arxiv_json.sniff(head, str(KAGGLE)) and not arxiv_atom.sniff(head, str(KAGGLE))
    others = [p for p in (SHARED / "data" / "formats").rglob("*") if p.is_file() and "arxiv_atom" not in p.parts
              and "arxiv_kaggle_jsonl" not in p.parts]
    others += sorted((SHARED / "seeds").glob("*"))
    assert len(others) > 10
    for path in others:
        head = read_head(path)
        assert not arxiv_atom.sniff(head, str(path)), path
        assert not arxiv_json.sniff(head, str(path)), path


# ---------------------------------------------------------------- Atom: inline fixtures

FEED_START = '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" ' \
    'xmlns:arxiv="http://arxiv.org/schemas/atom">\n<title>arXiv Query: x</title>\n'

ENTRY = """<entry>
  <id>http://arxiv.org/abs/{id}v2</id>
  <published>2017-06-12T17:57:34Z</published>
  <title>{title}</title>
  <summary>An abstract about {title}.</summary>
  <author><name>Ashish Vaswani</name><arxiv:affiliation>Google Brain</arxiv:affiliation></author>
  <author><name>Noam Shazeer</name><arxiv:affiliation>Google Brain</arxiv:affiliation>
     <arxiv:affiliation>Google Research</arxiv:affiliation></author>
  <author><name>Llion Jones</name></author>
  <arxiv:doi>10.5555/ABC.123</arxiv:doi>
  <arxiv:journal_ref>Advances in Neural Information Processing Systems 30 (2017)</arxiv:journal_ref>
  <category term="stat.ML" scheme="http://arxiv.org/schemas/atom"/>
  <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  <category term="I.2.7" scheme="http://arxiv.org/schemas/atom"/>
  <arxiv:primary_category term="cs.LG"/>
</entry>
"""


def entry(n: int) -> str:
    return ENTRY.format(id=f"1706.0376{n}", title=f"Attention Paper {n}")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_atom_fields_from_fixture(tmp_path):
    path = write(tmp_path, "feed.xml", FEED_START + entry(1) + "</feed>\n")
    (paper,), sink = read(arxiv_atom, path)
    assert paper.arxiv_id == "1706.03761" and paper.published == "2017-06-12" and paper.year == 2017
    assert paper.categories == ("cs.LG", "stat.ML")  # primary first, deduped, ACM class dropped
    assert paper.doi == "10.5555/abc.123"
    assert paper.ids == {"journal_ref": "Advances in Neural Information Processing Systems 30 (2017)"}
    assert [a.affiliations for a in paper.authors] == [("Google Brain",), ("Google Brain", "Google Research"), ()]
    assert paper.affiliations == ("Google Brain", "Google Research")
    assert paper.abstract == "An abstract about Attention Paper 1."


def test_atom_old_style_namespaces_and_doi_link(tmp_path):
    text = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>
      <id>http://arxiv.org/abs/hep-th/9901001v3</id><published>1999-01-01T00:00:00-05:00</published>
      <title>Schr\\"odinger
         operators</title><summary>s</summary>
      <author><name>Jean-Pierre Dupont</name>
        <arxiv:affiliation xmlns:arxiv="http://arxiv.org/schemas/atom">CNRS</arxiv:affiliation></author>
      <link title="doi" href="http://dx.doi.org/10.1016/S0550-3213(99)00001-1" rel="related"/>
      <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="hep-th"/>
      <category term="hep-th"/><category term="math-ph"/><category term="81T30 (Primary)"/>
    </entry></feed>"""
    (paper,), _ = read(arxiv_atom, write(tmp_path, "old.xml", text))
    assert paper.title == "Schrödinger operators"
    assert paper.arxiv_id == "hep-th/9901001"
    assert paper.categories == ("hep-th", "math-ph")
    assert paper.doi == "10.1016/s0550-3213(99)00001-1"
    assert paper.authors[0].affiliations == ("CNRS",) and paper.affiliations == ("CNRS",)


def test_atom_gzip_and_empty_feed(tmp_path):
    path = tmp_path / "feed.xml.gz"
    path.write_bytes(gzip.compress((FEED_START + entry(1) + entry(2) + "</feed>").encode()))
    out, _ = read(arxiv_atom, path)
    assert [p.arxiv_id for p in out] == ["1706.03761", "1706.03762"]
    empty, sink = read(arxiv_atom, write(tmp_path, "empty.xml", FEED_START + "</feed>"))
    assert empty == [] and sink.count == 0  # a query with no hits is a valid answer


def test_atom_truncated_file(tmp_path):
    text = FEED_START + entry(1) + entry(2) + entry(3)
    path = write(tmp_path, "cut.xml", text[: len(text) - 200])  # cut inside the third entry
    with pytest.raises(InputError) as info:
        list(arxiv_atom.iter_papers(str(path), ErrorSink("fail")))
    assert info.value.path == str(path) and info.value.record == "record 3"
    assert "cut.xml: record 3: broken XML at line" in str(info.value)
    out, sink = read(arxiv_atom, path, "skip")
    assert [p.title for p in out] == ["Attention Paper 1", "Attention Paper 2"]
    assert sink.count == 1 and sink.errors[0].record == "record 3"


def test_atom_bad_entries_skipped(tmp_path):
    no_title = entry(2).replace("<title>Attention Paper 2</title>", "<title>  </title>")
    api_error = """<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>
      <title>Error</title><summary>incorrect id format for 1234</summary></entry>"""
    path = write(tmp_path, "bad.xml", FEED_START + entry(1) + no_title + api_error + entry(4) + "</feed>")
    with pytest.raises(InputError, match=r"bad\.xml: record 2: entry has no title"):
        list(arxiv_atom.iter_papers(str(path), ErrorSink("fail")))
    out, sink = read(arxiv_atom, path, "skip")
    assert [p.source.record for p in out] == ["record 1", "record 4"]
    assert [e.record for e in sink.errors] == ["record 2", "record 3"]
    assert "arXiv API error: incorrect id format for 1234" in str(sink.errors[1])


def test_atom_not_a_feed(tmp_path):
    path = write(tmp_path, "other.xml", '<?xml version="1.0"?><OAI-PMH><record/></OAI-PMH>')
    out, sink = read(arxiv_atom, path, "skip")
    assert out == [] and "not an Atom feed" in str(sink.errors[0]) and sink.errors[0].path == str(path)


# ---------------------------------------------------------------- JSON Lines: shared sample

@pytest.mark.shared
def test_kaggle_counts():
    out, sink = read(arxiv_json, KAGGLE)
    assert len(out) == 200 and sink.count == 0
    assert [p.source.record for p in out[:3]] == ["line 1", "line 2", "line 3"]
    assert all(p.source.format == "arxiv-json" for p in out)
    assert sum(len(p.authors) for p in out) == 537
    assert sum(1 for p in out if p.doi) == 117
    assert sum(1 for p in out if "journal_ref" in p.ids) == 109
    assert sum(1 for p in out if p.affiliations) == 18
    assert {p.year for p in out} == {2007}
    assert out[0].arxiv_id == "0704.0001" and out[-1].arxiv_id == "0704.0200"
    assert all(p.key == paper_key(p.title) and p.abstract for p in out)


@pytest.mark.shared
def test_kaggle_fields():
    out, _ = read(arxiv_json, KAGGLE)
    first = out[0]
    assert first.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert [a.name for a in first.authors] == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"]
    assert (first.authors[0].given, first.authors[0].family) == ("C.", "Balázs")
    assert first.categories == ("hep-ph",)
    assert first.published == "2007-04-02"  # versions[0].created "Mon, 2 Apr 2007 19:18:42 GMT"
    assert first.doi == "10.1103/physrevd.76.013009"
    assert first.ids == {"journal_ref": "Phys.Rev.D76:013009,2007", "report_no": "ANL-HEP-PR-07-12"}
    assert first.abstract.startswith("A fully differential calculation in perturbative quantum chromodynamics is presented")
    second = out[1]
    assert second.categories == ("math.CO", "cs.CG") and second.published == "2007-03-30"  # US Eastern, as OAI-PMH dates it
    assert [a.name for a in second.authors] == ["Ileana Streinu", "Louis Theran"] and second.doi is None
    assert "the (k,ℓ)-pebble game with colors" in second.abstract
    assert out[4].title == "From dyadic Λ_α to Λ_α"
    assert out[18].title.endswith("based on the Gröbner basis")
    assert out[72].title == "A transcendental approach to Kollár's injectivity theorem"
    assert out[8].authors[5].name == "Neal J. Evans II"  # suffix kept with the family name
    babar = out[19]
    assert [a.name for a in babar.authors] == ["The BABAR Collaboration", "B. Aubert"]
    assert babar.authors_complete is False  # "..., B. Aubert, et al"
    assert out[32].doi == "10.1364/josaa.23.002578"  # two DOIs listed; the first one is kept
    assert out[146].authors[0].name == "Sudha" and out[146].authors[0].given is None


@pytest.mark.shared
def test_kaggle_affiliations():
    out, _ = read(arxiv_json, KAGGLE)
    polarons = out[24]  # footnote marks "(1 and 2)" resolved against "((1) CREST, ..., (2) ..., (3) ...)"
    assert [a.affiliations for a in polarons.authors] == [
        ("CREST, Japan Science and Technology Agency", "Russian Research Centre “Kurchatov Institute”"),
        ("CREST, Japan Science and Technology Agency", "The University of Tokyo"),
    ]
    assert len(polarons.affiliations) == 3
    radex = out[154]
    assert radex.authors[0].name == "Floris van der Tak" and radex.authors[0].family == "van der Tak"
    assert radex.affiliations == ("SRON Groningen", "Onsala", "Stockholm", "Leiden")
    assert out[162].authors[0].affiliations == ("Institut für Theoretische und Angewandte Physik, Universität Stuttgart",)
    assert out[173].affiliations == ("Valencia U. & Valencia U., IFIC", "Lisbon, IST")


# ---------------------------------------------------------------- JSON Lines: inline fixtures

LINE = ('{"id": "%s", "authors": "A. Author and B. Writer", "title": "Paper %s", "journal-ref": null, "doi": null,'
        ' "categories": "cs.LG stat.ML cs.LG", "abstract": "About it.", "versions": [{"version": "v1",'
        ' "created": "Tue, 1 May 2018 10:00:00 GMT"}], "update_date": "2019-01-02",'
        ' "authors_parsed": [["Author", "A.", ""], ["Writer", "B.", ""]]}')


def test_json_fields_from_fixture(tmp_path):
    path = write(tmp_path, "a.jsonl", LINE % ("1805.00001", "One") + "\n")
    (paper,), _ = read(arxiv_json, path)
    assert paper.categories == ("cs.LG", "stat.ML") and paper.published == "2018-05-01"
    assert [a.name for a in paper.authors] == ["A. Author", "B. Writer"] and paper.authors_complete
    no_versions = LINE.replace('[{"version": "v1", "created": "Tue, 1 May 2018 10:00:00 GMT"}]', "[]")
    (paper,), _ = read(arxiv_json, write(tmp_path, "b.jsonl", no_versions % ("1", "Two")))
    assert paper.published == "2019-01-02"  # falls back on update_date
    no_parsed = LINE.replace('[["Author", "A.", ""], ["Writer", "B.", ""]]', "[]")
    (paper,), _ = read(arxiv_json, write(tmp_path, "c.jsonl", no_parsed % ("2", "Three")))
    assert [a.name for a in paper.authors] == ["A. Author", "B. Writer"]


def test_json_broken_line(tmp_path):
    lines = [LINE % ("1", "One"), '{"id": "2", "title": "Two", "authors_parsed": [', LINE % ("3", "Three"),
             '{"id": "4", "title": "  ", "authors_parsed": []}', LINE % ("5", "Five")]
    path = write(tmp_path, "broken.jsonl", "\n".join(lines) + "\n")
    with pytest.raises(InputError) as info:
        list(arxiv_json.iter_papers(str(path), ErrorSink("fail")))
    assert info.value.path == str(path) and info.value.record == "line 2"
    assert str(info.value).startswith(f"{path}: line 2: broken JSON")
    out, sink = read(arxiv_json, path, "skip")
    assert [p.title for p in out] == ["Paper One", "Paper Three", "Paper Five"]
    assert [p.source.record for p in out] == ["line 1", "line 3", "line 5"]
    assert [e.record for e in sink.errors] == ["line 2", "line 4"]
    assert "no title" in sink.errors[1].message


def test_json_truncated_file(tmp_path):
    text = LINE % ("1", "One") + "\n" + LINE % ("2", "Two") + "\n" + (LINE % ("3", "Three"))[:90]
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(text.encode()))
    out, sink = read(arxiv_json, path, "skip")
    assert [p.title for p in out] == ["Paper One", "Paper Two"]
    assert sink.count == 1 and sink.errors[0].record == "line 3" and sink.errors[0].path == str(path)


def test_json_not_an_object(tmp_path):
    out, sink = read(arxiv_json, write(tmp_path, "list.jsonl", "[1, 2]\n"), "skip")
    assert out == [] and sink.errors[0].record == "line 1" and "expected a JSON object" in str(sink.errors[0])

"""The OpenAlex and Semantic Scholar JSON readers: real values from the shared samples, every JSON shape
they accept, and broken input (truncated files, bad records)."""
import gzip
import json

import pytest

from conftest import SHARED
from scholarkg.errors import InputError
from scholarkg.sources import openalex, semantic_scholar as s2
from scholarkg.sources._io import ErrorSink, read_head

FORMATS = SHARED / "data" / "formats"
OA_SAMPLE = FORMATS / "openalex" / "works_tu9_2022_diophila.json"
S2_DIR = FORMATS / "semantic_scholar"


def read(module, path, mode="fail"):
    sink = ErrorSink(mode)
    papers = list(module.iter_papers(str(path), sink))
    return papers, sink


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def work(n, **extra):
    """A small OpenAlex work in the current schema."""
    base = {
        "id": f"https://openalex.org/W{n}",
        "title": f"Work number {n}",
        "publication_year": 2021,
        "publication_date": "2021-03-04",
        "authorships": [{"author": {"id": f"https://openalex.org/A{n}", "display_name": "Ada Lovelace"}, "institutions": []}],
    }
    base.update(extra)
    return base


# ================================================================== sniffing

@pytest.mark.shared
def test_sniff_only_claims_its_own_samples():
    claimed = {"openalex": [], "s2": []}
    for path in sorted(SHARED.rglob("*")):
        if not path.is_file():
            continue
        head = read_head(path)
        if openalex.sniff(head, str(path)):
            claimed["openalex"].append(path.name)
        if s2.sniff(head, str(path)):
            claimed["s2"].append(path.name)
    assert claimed["openalex"] == ["works_tu9_2022_diophila.json"]
    assert sorted(claimed["s2"]) == ["Author.json", "Citation.json", "Paper.json", "Reference.json"]


def test_sniff_rejects_other_json():
    arxiv_line = '{"id":"0704.0001","submitter":"Pavel Nadolsky","authors":"C. Bal\\\'azs","title":"Calculation"}'
    for module in (openalex, s2):
        assert not module.sniff(arxiv_line, "x.jsonl")
        assert not module.sniff("@article{key, title={A}}", "x.bib")
    assert not openalex.sniff('{"paperId": "abc", "title": "T"}', "x.json")
    assert not s2.sniff(json.dumps(work(1)), "x.json")
    assert s2.sniff('{"offset": 0, "data": [{"citedPaper": {"paperId": null, "title": "X"}}]}', "x.json")


# ================================================================== OpenAlex: the shared sample

@pytest.mark.shared
def test_openalex_sample_counts():
    raw = json.loads(OA_SAMPLE.read_text(encoding="utf-8"))
    assert isinstance(raw, list) and len(raw) == 410  # a bare JSON array of old-schema works (host_venue)
    papers, sink = read(openalex, OA_SAMPLE)
    assert len(papers) == 410 and sink.count == 0
    assert [p.source.record for p in papers[:2]] == ["record 1", "record 2"]
    assert all(p.source.format == "openalex" for p in papers)
    assert len({p.key for p in papers}) == 392  # some titles repeat: "The DataLad Handbook" 4 times
    assert sum(p.title == "The DataLad Handbook" for p in papers) == 4
    assert sum(p.abstract is not None for p in papers) == 119
    assert sum(p.doi is not None for p in papers) == 323
    assert sum(len(p.authors) for p in papers) == 4702
    assert sum(1 for p in papers for a in p.authors if a.orcid) == 1211
    assert sum(len(p.references) for p in papers) == 2478
    assert sum(1 for p in papers if "mag" in p.ids) == 215
    assert all(p.ids["openalex"].startswith("W") and p.published and p.year for p in papers)
    assert all(p.categories == () and p.arxiv_id is None for p in papers)


@pytest.mark.shared
def test_openalex_sample_first_work():
    p = read(openalex, OA_SAMPLE)[0][0]
    assert p.title == "Handbook of Random Forests"
    assert (p.doi, p.published, p.year, p.venue) == ("10.1142/10552", "2023-02-01", 2023, "Series in computer vision")
    assert p.ids == {"openalex": "W4200035428"}
    (a,) = p.authors
    assert (a.name, a.given, a.family, a.orcid) == ("Ronny Hänsch", "Ronny", "Hänsch", None)
    assert a.ids == {"openalex": "A4202611140"}
    # institution names win over the raw string ("Technische Universität BerlinGermany")
    assert a.affiliations == ("Technical University of Berlin",) == p.affiliations
    assert p.abstract is None and p.authors_complete


@pytest.mark.shared
def test_openalex_sample_abstract_orcid_references():
    papers = {p.source.record: p for p in read(openalex, OA_SAMPLE)[0]}
    p = papers["record 185"]
    assert p.title == "Flexible Views for View-based Model-driven Development"
    assert p.ids == {"openalex": "W2082173067", "mag": "2082173067"}
    assert (p.doi, p.published, p.venue) == (None, "2020-10-09", None)
    assert p.abstract.startswith("Model-driven development processes suffer from growing complexity, which leads to")
    assert p.abstract.endswith("and to reduce the complexity for software developers.")
    assert len(p.references) == 129
    assert p.references[0].ids == {"openalex": "W35527971"}
    (a,) = p.authors
    assert (a.name, a.orcid, a.affiliations) == ("Erik Burger", "0000-0003-2832-3349", ("Karlsruhe Institute of Technology",))

    rs = papers["record 298"]
    assert rs.title == "Robust Statistics for Signal Processing"
    assert [x.name for x in rs.authors] == ["Abdelhak M. Zoubir", "Visa Koivunen", "Esa Ollila", "Michael Muma"]
    assert rs.affiliations == ("TU Darmstadt", "Department of Signal Processing and Acoustics")

    labor = papers["record 330"]
    assert labor.doi == "10.1093/oxfordhb/9780199844371.013.44"
    assert labor.venue == "Publications of Darmstadt Technical University, Institute for Business Studies (BWL)"
    assert labor.abstract.endswith("(This abstract was borrowed from another version of this item.)")

    # a book whose alternate locations are three different arXiv preprints: no arxiv_id is guessed
    ce = papers["record 212"]
    assert ce.title == "Neutron-scattering studies of spin dynamics in pure and doped CeB6"
    assert ce.arxiv_id is None and ce.venue == "arXiv: Strongly Correlated Electrons"
    assert [a.affiliations for a in ce.authors[:3]] == [(), (), ("TU Dresden",)]


@pytest.mark.shared
def test_openalex_sample_family_first_names_and_whitespace():
    papers = read(openalex, OA_SAMPLE)[0]
    by_id = {p.ids["openalex"]: p for p in papers}
    # this dump prints many names "Family, Given"; display names come out "Given Family"
    orkg = by_id["W4288269695"]
    assert [a.name for a in orkg.authors] == ["Muhammad Haris", "Markus Stocker", "Sören Auer"]
    assert orkg.authors[2].family == "Auer"
    assert by_id["W4281846820"].authors[1].family == "de Moura"
    # a doubled space in the raw title is collapsed
    assert any(p.title == "Fortschreibung gewerblicher Lastprofile und Quantifizierung regionalisierter "
               "Lastflexibilisierungspotenziale" for p in papers)


# ================================================================== OpenAlex: shapes we write

def test_openalex_current_schema_single_object(tmp_path):
    w = work(
        7,
        title="Attention  Is All You Need",
        doi="https://doi.org/10.48550/arXiv.1706.03762",
        ids={"openalex": "https://openalex.org/W7", "pmid": "https://pubmed.ncbi.nlm.nih.gov/123"},
        primary_location={"source": {"display_name": "arXiv (Cornell University)"}},
        abstract_inverted_index={"The": [0], "dominant": [1], "models": [2, 4], "sequence": [3]},
        referenced_works=["https://openalex.org/W1", "https://openalex.org/W2"],
        concepts=[{"display_name": "Computer science", "score": 0.9}],
        authorships=[
            {"author_position": "first", "author": {"id": "https://openalex.org/A1", "display_name": "Ashish Vaswani",
                                                   "orcid": "https://orcid.org/0000-0002-1825-0097"},
             "institutions": [{"display_name": "Google"}, {"display_name": "Google"}],
             "raw_affiliation_strings": ["Google Brain, Mountain View"]},
            {"author_position": "last", "author": {"id": "https://openalex.org/A2", "display_name": "Illia Polosukhin"},
             "institutions": [], "raw_affiliation_strings": ["Independent researcher", "Google Research"]},
        ],
    )
    path = write(tmp_path, "one.json", json.dumps(w, indent=2))
    assert openalex.sniff(read_head(path), str(path))
    (p,), _ = read(openalex, path)
    assert p.title == "Attention Is All You Need" and p.source.record == "record 1"
    assert (p.doi, p.arxiv_id) == ("10.48550/arxiv.1706.03762", "1706.03762")
    assert p.venue == "arXiv (Cornell University)"
    assert p.ids == {"openalex": "W7", "pmid": "123"}
    assert p.abstract == "The dominant models sequence models"
    assert [r.ids["openalex"] for r in p.references] == ["W1", "W2"]
    assert p.categories == ()
    va, ip = p.authors
    assert (va.given, va.family, va.orcid, va.affiliations) == ("Ashish", "Vaswani", "0000-0002-1825-0097", ("Google",))
    assert ip.affiliations == ("Independent researcher", "Google Research")  # no institution: the raw strings
    assert p.affiliations == ("Google", "Independent researcher", "Google Research")


def test_openalex_results_page_and_truncated_authors(tmp_path):
    page = {"meta": {"count": 2, "page": 1}, "results": [work(1), work(2, is_authors_truncated=True, authorships=[])]}
    path = write(tmp_path, "page.json", json.dumps(page, indent=1))
    papers, _ = read(openalex, path)
    assert [p.title for p in papers] == ["Work number 1", "Work number 2"]
    assert [p.source.record for p in papers] == ["record 1", "record 2"]
    assert [p.authors_complete for p in papers] == [True, False]


def test_openalex_json_lines_bad_and_truncated_lines(tmp_path):
    lines = [json.dumps(work(1)), "", json.dumps(work(2))[:-5] + "#}", json.dumps(work(3)), json.dumps(work(4))[:40]]
    path = write(tmp_path, "works.jsonl", "\n".join(lines))
    with pytest.raises(InputError) as exc:
        read(openalex, path)
    assert exc.value.path == str(path) and exc.value.record == "line 3"
    papers, sink = read(openalex, path, "skip")
    assert [(p.title, p.source.record) for p in papers] == [("Work number 1", "line 1"), ("Work number 3", "line 4")]
    assert [(e.record, str(path) in str(e)) for e in sink.errors] == [("line 3", True), ("line 5", True)]


def test_openalex_gzipped_json_lines(tmp_path):
    path = tmp_path / "works.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(work(n)) for n in range(1, 6)) + "\n")
    papers, _ = read(openalex, path)
    assert [p.ids["openalex"] for p in papers] == ["W1", "W2", "W3", "W4", "W5"]


def test_openalex_truncated_array_keeps_records_before(tmp_path):
    text = json.dumps([work(1), work(2), work(3)])
    path = write(tmp_path, "cut.json", text[: text.index('"https://openalex.org/W3"') + 10])
    with pytest.raises(InputError) as exc:
        read(openalex, path)
    assert exc.value.path == str(path) and exc.value.record == "record 3"
    assert "truncated" in str(exc.value)
    papers, sink = read(openalex, path, "skip")
    assert [p.title for p in papers] == ["Work number 1", "Work number 2"]
    assert sink.count == 1 and sink.errors[0].record == "record 3"

    unclosed = write(tmp_path, "unclosed.json", json.dumps([work(1), work(2)])[:-1] + ",\n")
    papers, sink = read(openalex, unclosed, "skip")
    assert len(papers) == 2 and sink.errors[0].record == "record 3"


def test_openalex_bad_records_in_array(tmp_path):
    path = write(tmp_path, "bad.json", json.dumps([work(1), {"id": "https://openalex.org/W9", "title": None}, 42, work(4)]))
    with pytest.raises(InputError) as exc:
        read(openalex, path)
    assert (exc.value.path, exc.value.record) == (str(path), "record 2")
    assert "no title" in str(exc.value)
    papers, sink = read(openalex, path, "skip")
    assert [p.title for p in papers] == ["Work number 1", "Work number 4"]
    assert [e.record for e in sink.errors] == ["record 2", "record 3"]


def test_openalex_array_streams_in_small_chunks(tmp_path, monkeypatch):
    """Elements larger than a read chunk, and chunk edges everywhere, decode the same."""
    works = [work(n, abstract_inverted_index={f"w{i}": [i] for i in range(50)}) for n in range(1, 8)]
    path = write(tmp_path, "big.json", json.dumps(works, indent=2))
    expected = read(openalex, path)[0]
    for size in (7, 16, 100, 1000):
        monkeypatch.setattr(openalex, "CHUNK", size)
        assert read(openalex, path)[0] == expected
    assert len(expected) == 7 and expected[-1].abstract.split()[-1] == "w49"


def test_openalex_truncated_pretty_object(tmp_path):
    path = write(tmp_path, "one.json", json.dumps(work(1), indent=2)[:-30])
    papers, sink = read(openalex, path, "skip")
    assert papers == [] and sink.errors[0].path == str(path) and sink.errors[0].record == "record 1"


def test_openalex_helpers():
    assert openalex.rebuild_abstract({}) is None
    assert openalex.rebuild_abstract({"a": [1], "b": ["x", 0]}) == "b a"
    assert openalex.short_id("https://openalex.org/A5023888391") == "A5023888391"
    assert openalex.bare_orcid("https://orcid.org/0000-0002-1825-009X") == "0000-0002-1825-009X"
    assert openalex.iso_date("2019") is None and openalex.iso_date("2019-02-30") is None


# ================================================================== Semantic Scholar: the shared samples

@pytest.mark.shared
def test_s2_paper_json():
    (p,), sink = read(s2, S2_DIR / "Paper.json")
    assert sink.count == 0 and p.source.record == "line 1" and p.source.format == "semantic-scholar"
    assert p.title == "Computing Machinery and Intelligence"
    assert (p.year, p.published, p.doi) == (1950, "1950-10-01", "10.1093/mind/lix.236.433")
    assert p.ids == {"s2": "2d5673caa9e6af3a7b82a43f19ee920992db07ad", "dblp": "journals/x/Turing50",
                     "mag": "2145482038", "corpus_id": "14636783"}
    assert p.venue == "The Philosophy of Artificial Intelligence"  # S2's venue string; journal.name is "Mind"
    assert p.abstract.startswith("I propose to consider the question, “Can machines think?”")
    (a,) = p.authors
    assert (a.name, a.given, a.family, a.ids) == ("A. Turing", "A.", "Turing", {"s2": "2262347"})
    assert p.categories == () and p.profile_owner is None
    assert len(p.references) == 14 and len(p.cited_by) == 1000
    first = p.references[0]
    assert (first.title, first.year, first.first_author_family) == ("Calculating Instruments and Machines", 1951, "Hartree")
    assert first.ids == {"s2": "348f436fd9a3965f5ff17db031a9f43426f89b8e", "mag": "1490170747",
                         "corpus_id": "58879058", "doi": "10.2307/3610576"}
    assert p.references[6].title == "On Computable Numbers, with an Application to the Entscheidungsproblem."
    assert p.references[6].first_author_family == "Turing"
    assert p.references[-1].year is None  # "The Book of the Machines"
    c = p.cited_by[1]
    assert c.title == "Quo Vadis ChatGPT? From Large Language Models to Large Knowledge Models"
    assert (c.year, c.ids["arxiv"], c.first_author_family) == (2024, "2405.19561", "Venkatasubramanian")
    assert sum("arxiv" in r.ids for r in p.cited_by) == 243


@pytest.mark.shared
def test_s2_author_json():
    raw = json.loads((S2_DIR / "Author.json").read_text(encoding="utf-8"))
    assert (raw["name"], len(raw["papers"])) == ("A. Turing", 60)
    papers, sink = read(s2, S2_DIR / "Author.json")
    assert len(papers) == 60 and sink.count == 0 and len({p.key for p in papers}) == 60
    assert [p.source.record for p in papers[:2]] == ["line 1, paper 1", "line 1, paper 2"]
    assert {p.profile_owner for p in papers} == {"A. Turing"}  # he is listed on every one of them
    assert papers[0].owner_stats == {"h_index": 23, "papers": 60, "citations": 12415}
    first = papers[0]
    assert first.title == "Dystopian or Utopian? Two Images of Alan Turing"
    assert (first.year, first.published, first.venue, first.doi) == (2022, None, None, None)  # venue ""
    sl = papers[1]
    assert sl.title == "Systems of Logic Based on Ordinals"
    assert (sl.doi, sl.ids["dblp"], sl.year, sl.published) == ("10.1016/b978-044450423-4/50007-3", "phd/Turing38", 2012, "2012-12-31")
    assert sl.venue == "Alan Turing's Systems of Logic"
    big = next(p for p in papers if p.title.startswith("The President, the Vice President"))
    assert len(big.authors) == 15 and big.authors[0].name == "A. Tarski"
    cmi = next(p for p in papers if p.title == "Computing Machinery and Intelligence")
    assert cmi.key == read(s2, S2_DIR / "Paper.json")[0][0].key  # the same paper as Paper.json
    assert cmi.ids["mag"] == "3030363341"


@pytest.mark.shared
def test_s2_citation_and_reference_json():
    (c,), _ = read(s2, S2_DIR / "Citation.json")
    assert c.title == "Learning to Throw With a Handful of Samples Using Decision Transformers"
    assert [a.name for a in c.authors] == ["M. Monastirsky", "Osher Azulay", "A. Sintov"]
    assert c.authors[1].ids == {"s2": "2049081755"}
    assert (c.doi, c.year, c.published, c.venue) == ("10.1109/lra.2022.3229266", 2023, "2023-02-01", "IEEE Robotics and Automation Letters")
    assert c.ids["dblp"] == "journals/ral/MonastirskyAS23"
    assert "fine-tuned on an handful ($\\sim 5$)" not in c.abstract and "handful (∼ 5) of real throws" in c.abstract
    (r,), _ = read(s2, S2_DIR / "Reference.json")
    assert r.title == "Neural Variational Inference and Learning in Belief Networks"
    assert (r.arxiv_id, r.doi, r.year, r.venue) == ("1402.0030", None, 2014, "International Conference on Machine Learning")
    assert [a.family for a in r.authors] == ["Mnih", "Gregor"]


# ================================================================== Semantic Scholar: shapes we write

def s2_paper(n, **extra):
    base = {"paperId": f"p{n}", "title": f"Paper {n}", "year": 2020, "authors": [{"authorId": "1", "name": "Ada Lovelace"}]}
    base.update(extra)
    return base


def test_s2_citation_page_skips_unresolved(tmp_path):
    page = {"offset": 0, "next": 3, "data": [
        {"isInfluential": False, "citedPaper": s2_paper(1, externalIds={"ArXiv": "2101.00001v2"})},
        {"isInfluential": False, "citedPaper": {"paperId": None, "title": None}},
        {"citingPaper": s2_paper(3)},
    ]}
    path = write(tmp_path, "refs.json", json.dumps(page, indent=2))
    assert s2.sniff(read_head(path), str(path))
    papers, sink = read(s2, path)
    assert [(p.title, p.source.record) for p in papers] == [("Paper 1", "record 1"), ("Paper 3", "record 3")]
    assert papers[0].arxiv_id == "2101.00001" and sink.count == 0


def test_s2_author_page_owner_rules(tmp_path):
    author = {"authorId": "9", "name": "Grace Hopper", "hIndex": 5, "paperCount": 3, "papers": [
        s2_paper(1, authors=[{"authorId": "9", "name": "G. Hopper"}, {"authorId": "1", "name": "Ada Lovelace"}]),
        s2_paper(2),  # the author is not listed: no owner claimed
        {"paperId": "p3", "title": "Paper 3"},  # no author list at all: the author is the one known author
    ]}
    bare = {"authorId": "10", "name": "No Papers"}
    path = write(tmp_path, "authors.json", json.dumps({"data": [author, bare]}))
    with pytest.raises(InputError) as exc:
        read(s2, path)
    assert exc.value.record == "line 1, record 2" and "without embedded papers" in str(exc.value)
    papers, sink = read(s2, path, "skip")
    assert sink.count == 1
    assert [p.source.record for p in papers] == ["line 1, record 1, paper 1", "line 1, record 1, paper 2", "line 1, record 1, paper 3"]
    assert [p.profile_owner for p in papers] == ["Grace Hopper", None, "Grace Hopper"]
    assert papers[0].owner_stats == {"h_index": 5, "papers": 3} and papers[1].owner_stats == {}
    assert [a.name for a in papers[2].authors] == ["Grace Hopper"] and not papers[2].authors_complete


def test_s2_list_with_bad_record_and_bulk_keys(tmp_path):
    bulk = {"corpusid": 42, "title": "Bulk  paper", "externalids": {"DOI": "10.1/ABC", "CorpusId": "42"},
            "publicationdate": "2019-05-06", "authors": [{"authorId": "3", "name": "Alan Turing"}]}
    path = write(tmp_path, "list.json", json.dumps([s2_paper(1), s2_paper(2, title=""), "junk", bulk], indent=1))
    with pytest.raises(InputError) as exc:
        read(s2, path)
    assert (exc.value.path, exc.value.record) == (str(path), "record 2")
    papers, sink = read(s2, path, "skip")
    assert [e.record for e in sink.errors] == ["record 2", "record 3"]
    assert [p.title for p in papers] == ["Paper 1", "Bulk paper"]
    b = papers[1]
    assert (b.doi, b.published, b.year, b.ids) == ("10.1/abc", "2019-05-06", 2019, {"corpus_id": "42"})


def test_json_lines_with_broken_first_line(tmp_path):
    text = "\n".join([json.dumps(s2_paper(1))[:30], json.dumps(s2_paper(2)), json.dumps(s2_paper(3))])
    papers, sink = read(s2, write(tmp_path, "p.jsonl", text), "skip")
    assert [p.source.record for p in papers] == ["line 2", "line 3"] and sink.errors[0].record == "line 1"


def test_s2_truncated_json_lines(tmp_path):
    text = "\n".join(json.dumps(s2_paper(n)) for n in range(1, 4))
    path = write(tmp_path, "papers.jsonl", text[:-20])
    with pytest.raises(InputError) as exc:
        read(s2, path)
    assert exc.value.record == "line 3" and str(path) in str(exc.value)
    papers, sink = read(s2, path, "skip")
    assert [p.title for p in papers] == ["Paper 1", "Paper 2"] and sink.count == 1


def test_s2_truncated_array(tmp_path):
    text = json.dumps([s2_paper(1), s2_paper(2), s2_paper(3)], indent=2)
    path = write(tmp_path, "cut.json", text[: text.index('"p3"') + 20])
    papers, sink = read(s2, path, "skip")
    assert [p.title for p in papers] == ["Paper 1", "Paper 2"]
    assert sink.errors[0].record == "record 3" and sink.errors[0].path == str(path)


@pytest.mark.shared
def test_through_the_reader_registry(monkeypatch):
    from scholarkg import sources

    monkeypatch.setitem(sources.READERS, "openalex", ".openalex")
    monkeypatch.setitem(sources.READERS, "semantic-scholar", ".semantic_scholar")
    assert sources.detect(OA_SAMPLE) == "openalex"
    for name in ("Paper.json", "Author.json", "Citation.json", "Reference.json"):
        assert sources.detect(S2_DIR / name) == "semantic-scholar"
    files = [OA_SAMPLE] + [S2_DIR / n for n in ("Paper.json", "Author.json", "Citation.json", "Reference.json")]
    counts = {}
    for p in sources.iter_papers(files):
        name = p.source.path.rsplit("/", 1)[-1]
        counts[name] = counts.get(name, 0) + 1
    assert counts == {"works_tu9_2022_diophila.json": 410, "Paper.json": 1, "Author.json": 60, "Citation.json": 1, "Reference.json": 1}

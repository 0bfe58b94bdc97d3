"""The DBLP XML reader: real values from both sample dumps, and small files we write for the rest."""
import gzip
import shutil

import pytest

from conftest import SHARED
from scholarkg.errors import InputError
from scholarkg.sources import ErrorSink
from scholarkg.sources import dblp
from scholarkg.sources._io import read_head

SAMPLES = SHARED / "data" / "formats" / "dblp_xml"
EVELASQUEZ = SAMPLES / "evelasquez-4" / "dblp.xml"
SHENKA = SAMPLES / "shenka123" / "dblp.xml"


def papers(path, mode="fail"):
    sink = ErrorSink(mode)
    return list(dblp.iter_papers(str(path), sink)), sink


def by_dblp_key(path):
    return {p.ids["dblp"]: p for p in papers(path)[0]}


def write(tmp_path, body, name="dblp.xml", root="dblp", doctype=True):
    head = '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
    if doctype:
        head += f'<!DOCTYPE {root} SYSTEM "dblp.dtd">\n'
    path = tmp_path / name
    path.write_bytes((head + body).encode("latin-1"))
    return path


# ------------------------------------------------------------------ the sample files

@pytest.mark.shared
@pytest.mark.parametrize("path, count, with_authors", [(EVELASQUEZ, 15, 12), (SHENKA, 131, 55)])
def test_sample_counts(path, count, with_authors):
    assert dblp.sniff(read_head(path), str(path))
    out, sink = papers(path)
    assert sink.count == 0
    assert len(out) == count  # www person records are not papers
    assert sum(1 for p in out if p.authors) == with_authors
    assert all(p.authors_complete == bool(p.authors) for p in out)
    assert all(p.source.format == "dblp" and p.source.path == str(path) for p in out)
    assert len({p.ids["dblp"] for p in out}) == count


@pytest.mark.shared
def test_evelasquez_values():
    recs = by_dblp_key(EVELASQUEZ)
    spectre = recs["tr/meltdown/s18"]
    assert spectre.title == "Spectre Attacks: Exploiting Speculative Execution"  # dblp's final "." dropped
    assert spectre.source.record == "record 1 (tr/meltdown/s18)"
    assert len(spectre.authors) == 10
    assert spectre.authors[0].name == "Paul Kocher"
    prescher = spectre.authors[7]
    assert (prescher.name, prescher.given, prescher.family) == ("Thomas Prescher", "Thomas", "Prescher")
    assert prescher.ids == {"dblp": "Thomas Prescher 0002"}
    assert spectre.authors[8].ids["dblp"] == "Michael Schwarz 0001"
    assert spectre.authors[0].ids["dblp"] == "Paul Kocher"
    assert (spectre.year, spectre.venue, spectre.doi) == (2018, "meltdownattack.com", None)
    assert spectre.ids["ee"] == "https://spectreattack.com/spectre.pdf"
    assert spectre.published is None  # dblp gives no day

    darwin = recs["tr/gte/TR-0222-10-92-165"]
    assert [a.name for a in darwin.authors] == ["Michael L. Brodie", "Michael Stonebraker"]
    assert (darwin.year, darwin.date_text, darwin.venue) == (1993, "March 1993", "GTE Laboratories Incorporated")

    assert recs["tr/gte/TR-0263-08-94-165"].authors == ()  # an article with no author element
    assert [a.name for a in recs["tr/gte/TR-0146-06-91-165"].authors][1] == "M. Tamer Özsu"  # &Ouml;

    saxena = recs["journals/acta/Saxena96"]
    assert (saxena.doi, saxena.venue, saxena.year) == ("10.1007/bf03036466", "Acta Inf.", 1996)
    assert saxena.source.record == "record 10 (journals/acta/Saxena96)"

    schon = recs["journals/acta/Schonhage77"]
    assert schon.title == "Schnelle Multiplikation von Polynomen über Körpern der Charakteristik 2"
    assert schon.authors[0].name == "Arnold Schönhage"
    assert schon.year is None  # the file has <year>" "</year>
    assert schon.doi == "10.1007/bf00289470"

    handbook = recs["reference/assisted/2012"]  # a book with eight editors and no author
    assert handbook.title == (
        "Handbook of Ambient Assisted Living - Technology for Healthcare, Rehabilitation and Well-being"
    )
    assert handbook.authors == () and not handbook.authors_complete
    assert handbook.venue == "Handbook of Ambient Assisted Living"
    assert handbook.ids["ee"] == "http://www.booksonline.iospress.nl/Content/View.aspx?piid=26497"
    assert handbook.ids["isbn"] == "978-1-60750-836-6"

    curricula = recs["tr/acm/CS2013"]
    assert (curricula.title, curricula.doi, curricula.year) == ("Computer Science Curricula 2013", "10.1145/2534860", 2013)

    calinescu = recs["books/daglib/0032126"]
    assert calinescu.doi == "10.1007/978-1-4471-0763-7"
    assert calinescu.ids["ee"] == "http://d-nb.info/958556881"
    # none of this file's www persons wrote one of its papers
    assert all(not a.affiliations for p in recs.values() for a in p.authors)


@pytest.mark.shared
def test_shenka_values():
    out, _ = papers(SHENKA)
    recs = {p.ids["dblp"]: p for p in out}
    assert {p.venue for p in out} == {"Computer Vision, A Reference Guide"}
    assert {p.year for p in out} == {2014}
    assert all(p.doi and p.doi.startswith("10.1007/978-0-387-31439-6_") for p in out)
    assert sum(len(p.authors) for p in out) == 73
    orcids = {a.name: a.orcid for p in out for a in p.authors if a.orcid}
    assert orcids == {
        "Sylvia C. Pont": "0000-0002-9834-9600",
        "Daniel C. Alexander": "0000-0003-2439-350X",
        "Szymon Rusinkiewicz": "0000-0002-4253-2588",
        "Tony Lindeberg": "0000-0002-9081-2170",
    }
    singh = recs["reference/vision/Singh14"]
    assert singh.title == "Transparency and Translucency"
    assert singh.authors[0].name == "Manish Singh" and singh.authors[0].ids["dblp"] == "Manish Singh 0001"
    assert singh.doi == "10.1007/978-0-387-31439-6_559"
    assert recs["reference/vision/Beyerer14"].authors[0].name == "Jürgen Beyerer"
    assert recs["reference/vision/Chaumette14"].authors[0].name == "François Chaumette"
    assert recs["reference/vision/Pietikainen14"].authors[0].family == "Pietikäinen"
    koppal = recs["reference/vision/Koppal14a"]
    assert koppal.ids["wikidata"] == "Q56431771" and koppal.doi == "10.1007/978-0-387-31439-6_534"
    shen = recs["reference/vision/ShenGCB14"]
    assert [a.ids["dblp"] for a in shen.authors] == ["Rui Shen 0002", "Gaopeng Gou", "Irene Cheng 0001", "Anup Basu"]
    assert out[-1].source.record == "record 131 (reference/vision/Vernon14)"
    # two encyclopedia entries share the title "Pan-Tilt Camera Calibration." and so the paper key
    assert recs["reference/vision/X14fx"].key == recs["reference/vision/X14fy"].key
    assert len({p.key for p in out}) == 130


@pytest.mark.shared
@pytest.mark.parametrize("sample", [EVELASQUEZ, SHENKA])
def test_without_dtd_and_gzipped_the_same(tmp_path, sample):
    """The HTML entity table stands in for a missing DTD; .gz is looked through (with or without the DTD)."""
    expected = [p.to_json() for p in papers(sample)[0]]
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(sample, alone / "dblp.xml")
    gz_dir = tmp_path / "gz"
    gz_dir.mkdir()
    shutil.copy(sample.with_name("dblp.dtd"), gz_dir / "dblp.dtd")
    gz_alone = tmp_path / "gz_alone"
    gz_alone.mkdir()
    for target in (gz_dir / "dblp.xml.gz", gz_alone / "dblp.xml.gz"):
        with open(sample, "rb") as src, gzip.open(target, "wb") as dst:
            dst.write(src.read())
    for path, has_dtd in [(alone / "dblp.xml", False), (gz_dir / "dblp.xml.gz", True), (gz_alone / "dblp.xml.gz", False)]:
        assert dblp._dtd_beside(str(path), read_head(path)) is has_dtd
        assert dblp.sniff(read_head(path), str(path))
        got = [p.to_json() for p in papers(path)[0]]
        for record in got:
            record["source"]["path"] = str(sample)
        assert got == expected


@pytest.mark.shared
def test_sniff_rejects_other_formats():
    others = [p for p in (SHARED / "data" / "formats").rglob("*") if p.is_file() and "dblp_xml" not in p.parts]
    others += [p for p in (SHARED / "seeds").glob("*") if p.is_file()]
    assert len(others) > 10
    wrong = [str(p) for p in others if dblp.sniff(read_head(p), str(p))]
    assert wrong == []


# ------------------------------------------------------------------ files we write

def test_www_affiliations_attached_even_after_the_papers(tmp_path):
    path = write(tmp_path, """<dblp>
<inproceedings key="conf/x/LuZ20" mdate="2020-01-01">
<author>Hua Lu 0001</author><author>Hua Lu 0002</author><author orcid="0000-0001-0000-0001">Barbara H. Liskov</author>
<title>Spatial <i>Keyword</i> Queries.</title><booktitle>ICDE</booktitle><year>2020</year>
<ee>https://doi.org/10.1109/ICDE.2020.1</ee><crossref>conf/x/2020</crossref>
</inproceedings>
<www key="homepages/l/HuaLu" mdate="2020-12-31">
<author>Hua Lu 0001</author><title>Home Page</title>
<note type="affiliation">Roskilde University, Denmark</note>
<note label="former" type="affiliation">Aalborg University, Denmark</note>
<url>https://orcid.org/0000-0003-1199-6678</url>
</www>
<www key="homepages/l/BarbaraLiskov"><author>Barbara Liskov</author><author>Barbara H. Liskov</author>
<title>Home Page</title><note type="affiliation">Massachusetts Institute of Technology</note>
<url>https://orcid.org/0000-0002-0000-0000</url></www>
</dblp>""", doctype=False)
    (paper,), sink = papers(path)
    assert sink.count == 0
    assert paper.title == "Spatial Keyword Queries"
    assert (paper.venue, paper.year, paper.doi) == ("ICDE", 2020, "10.1109/icde.2020.1")
    assert paper.ids == {"dblp": "conf/x/LuZ20", "dblp_crossref": "conf/x/2020"}
    lu1, lu2, liskov = paper.authors
    assert (lu1.name, lu2.name) == ("Hua Lu", "Hua Lu")
    assert (lu1.ids["dblp"], lu2.ids["dblp"]) == ("Hua Lu 0001", "Hua Lu 0002")
    assert lu1.affiliations == ("Roskilde University, Denmark",)  # the "former" one is not current
    assert lu1.orcid == "0000-0003-1199-6678"
    assert lu2.affiliations == () and lu2.orcid is None  # the other Hua Lu
    assert liskov.affiliations == ("Massachusetts Institute of Technology",)  # matched by an alias name
    assert liskov.orcid == "0000-0001-0000-0001"  # the paper's own ORCID wins
    assert paper.affiliations == ("Roskilde University, Denmark", "Massachusetts Institute of Technology")
    assert paper.source.record == "record 1 (conf/x/LuZ20)"


def test_arxiv_theses_and_markup(tmp_path):
    path = write(tmp_path, """<dblp>
<article key="journals/corr/VaswaniSPUJGKP17" mdate="2017-07-03" publtype="informal">
<author>Ashish Vaswani</author><title>Attention Is All You Need.</title>
<journal>CoRR</journal><volume>abs/1706.03762</volume><year>2017</year>
<ee type="oa">http://arxiv.org/abs/1706.03762v5</ee>
</article>
<article key="journals/corr/abs-cs-0112017"><author>Old Style</author><title>An &quot;old&quot; id &amp; more?</title>
<journal>CoRR</journal><volume>abs/cs/0112017</volume><year>2001</year></article>
<phdthesis key="phd/Doe2019"><author>Jane van der Doe</author><title>On H<sub>2</sub>O &#8211; and Ice.</title>
<school>Technische Universit&auml;t M&uuml;nchen</school><year>2019</year><ee>https://dx.doi.org/10.14459/2019MD1</ee></phdthesis>
<article key="journals/j/Enc"><title>Encoded.</title><ee>https://doi.org/10.1002/%28SICI%291097-4571</ee>
<ee>https://doi.org/10.9999/second</ee><ee>https://arxiv.org/pdf/math.AG/0101001v2.pdf</ee></article>
</dblp>""")
    vaswani, old, thesis, encoded = papers(path)[0]
    assert (encoded.doi, encoded.arxiv_id) == ("10.1002/(sici)1097-4571", "math.AG/0101001")
    assert "ee" not in encoded.ids
    assert (vaswani.arxiv_id, vaswani.venue, vaswani.title) == ("1706.03762", "CoRR", "Attention Is All You Need")
    assert (old.arxiv_id, old.title) == ("cs/0112017", 'An "old" id & more?')
    assert thesis.title == "On H2O – and Ice"
    assert thesis.venue == "Technische Universität München"
    assert thesis.doi == "10.14459/2019md1"
    assert (thesis.authors[0].given, thesis.authors[0].family) == ("Jane", "van der Doe")


def test_person_page(tmp_path):
    path = write(tmp_path, """<dblpperson name="Hua Lu 0001" pid="l/HuaLu" n="2">
<person key="homepages/l/HuaLu" mdate="2020-12-31">
<author pid="l/HuaLu">Hua Lu 0001</author>
<note type="affiliation">Roskilde University, Denmark</note>
</person>
<r><article key="journals/x/Lu21" mdate="2021-01-01">
<author pid="l/HuaLu">Hua Lu 0001</author><author pid="j/CSJensen">Christian S. Jensen</author>
<title>Indoor Data.</title><journal>VLDB J.</journal><year>2021</year></article></r>
<r><inproceedings key="conf/x/Lu22" mdate="2022-01-01">
<author pid="l/HuaLu">Hua Lu 0001</author><title>Outdoor Data.</title><booktitle>SSTD</booktitle><year>2022</year>
</inproceedings></r>
<coauthors n="1" nc="1"><co c="0"><na f="j/Jensen:Christian_S=" pid="j/CSJensen">Christian S. Jensen</na></co></coauthors>
</dblpperson>""", root="dblpperson", doctype=False)
    assert dblp.sniff(read_head(path), str(path))
    out, sink = papers(path)
    assert sink.count == 0
    assert [p.title for p in out] == ["Indoor Data", "Outdoor Data"]
    assert [p.source.record for p in out] == ["record 2 (journals/x/Lu21)", "record 3 (conf/x/Lu22)"]
    assert {p.profile_owner for p in out} == {"Hua Lu 0001"}
    lu, jensen = out[0].authors
    assert lu.ids == {"dblp": "Hua Lu 0001", "dblp_pid": "l/HuaLu"}
    assert lu.affiliations == ("Roskilde University, Denmark",)
    assert jensen.affiliations == () and jensen.ids["dblp_pid"] == "j/CSJensen"


RECORDS = "".join(
    f'<article key="journals/t/A{i}"><author>Author {i}</author><title>Paper number {i}.</title><year>2000</year></article>\n'
    for i in range(1, 6)
)


def test_truncated_file(tmp_path):
    text = "<dblp>\n" + RECORDS + '<article key="journals/t/Cut"><author>Cut Short</author><title>Never fin'
    path = write(tmp_path, text, doctype=False)
    out, sink = papers(path, "skip")
    assert [p.title for p in out] == [f"Paper number {i}" for i in range(1, 6)]
    (error,) = sink.errors
    assert error.path == str(path)
    assert error.record == "record 6 (journals/t/Cut)"
    assert "cut short" in error.message
    assert str(path) in str(error) and "journals/t/Cut" in str(error)
    # fail mode: the good records still come out before the error is raised
    seen = []
    with pytest.raises(InputError, match="record 6"):
        for paper in dblp.iter_papers(str(path), ErrorSink("fail")):
            seen.append(paper.title)
    assert len(seen) == 5


def test_file_ending_between_records(tmp_path):
    path = write(tmp_path, "<dblp>\n" + RECORDS, doctype=False)
    out, sink = papers(path, "skip")
    assert len(out) == 5
    (error,) = sink.errors
    assert (error.path, error.record) == (str(path), "after record 5")
    assert "cut short" in error.message


def test_truncated_gzip(tmp_path):
    data = gzip.compress(("<dblp>\n" + RECORDS * 200 + "</dblp>").encode())
    path = tmp_path / "dblp.xml.gz"
    path.write_bytes(data[: len(data) // 2])
    out, sink = papers(path, "skip")
    assert 0 < len(out) < 1000
    (error,) = sink.errors
    assert error.path == str(path) and error.record


def test_bad_records_are_skipped(tmp_path):
    body = (
        "<dblp>\n" + RECORDS
        + '<article key="journals/t/NoTitle"><author>Nobody</author><year>2001</year></article>\n'
        + '<article key="journals/t/Empty"><author>Nobody</author><title> </title></article>\n'
        + '<article key="journals/t/Last"><author>Last One</author><title>Last.</title><year>199x</year></article>\n'
        + "</dblp>"
    )
    path = write(tmp_path, body, doctype=False)
    out, sink = papers(path, "skip")
    assert [p.ids["dblp"] for p in out][-1] == "journals/t/Last"
    assert len(out) == 6
    assert out[-1].year is None
    assert [e.record for e in sink.errors] == ["record 6 (journals/t/NoTitle)", "record 7 (journals/t/Empty)"]
    assert all(e.path == str(path) and "no title" in e.message for e in sink.errors)
    with pytest.raises(InputError, match="journals/t/NoTitle"):
        papers(path, "fail")


def test_broken_xml_names_line_and_record(tmp_path):
    body = "<dblp>\n" + RECORDS + '<article key="journals/t/Amp"><author>Smith & Wesson</author><title>X</title></article>\n' + RECORDS + "</dblp>"
    path = write(tmp_path, body, doctype=False)
    out, sink = papers(path, "skip")
    assert len(out) == 5
    (error,) = sink.errors
    assert error.record == "record 6 (journals/t/Amp)"
    assert error.message.startswith("broken XML:") and "line 8" in error.message


def test_unknown_entity_without_dtd_kept_as_text(tmp_path):
    path = write(tmp_path, '<dblp><article key="a/b"><author>Ren&eacute; Nobody</author><title>The &foo; Effect</title></article></dblp>')
    (paper,) = papers(path)[0]  # no dblp.dtd beside it: the HTML entity table is used
    assert paper.authors[0].name == "René Nobody"
    assert paper.title == "The &foo; Effect"


def test_entity_split_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(dblp, "CHUNK", 7)
    path = write(tmp_path, '<dblp><article key="a/b"><author>J&uuml;rgen Fran&ccedil;ois</author><title>&Ouml;l &amp; Wasser</title></article></dblp>')
    (paper,) = papers(path)[0]
    assert (paper.authors[0].name, paper.title) == ("Jürgen François", "Öl & Wasser")


def test_not_dblp_root(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text("<bibliography><article><title>T</title></article></bibliography>")
    assert not dblp.sniff(read_head(path), str(path))
    out, sink = papers(path, "skip")
    assert out == [] and "root element" in sink.errors[0].message and sink.errors[0].path == str(path)


def test_empty_file(tmp_path):
    path = tmp_path / "dblp.xml"
    path.write_text("")
    out, sink = papers(path, "skip")
    assert out == [] and sink.count == 1 and sink.errors[0].path == str(path)


def test_first_record_cut_short(tmp_path):
    path = write(tmp_path, '<dblp>\n<article key="journals/t/First"><author>A B</author><ti', doctype=False)
    out, sink = papers(path, "skip")
    assert out == []
    assert sink.errors[0].record == "record 1 (journals/t/First)"


@pytest.mark.shared
def test_whole_folder_through_the_registry(monkeypatch):
    """Registered as the lead will register it: a sample folder (dblp.xml beside dblp.dtd) reads as a whole."""
    from scholarkg import sources

    monkeypatch.setitem(sources.READERS, "dblp", ".dblp")
    assert sources.detect(EVELASQUEZ) == "dblp"
    assert sources.detect(EVELASQUEZ.with_name("dblp.dtd")) == "dblp"
    out = list(sources.iter_papers([SAMPLES]))  # fail mode: no error from the DTD files
    assert len(out) == 15 + 131

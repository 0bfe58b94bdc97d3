"""The arXiv OAI-PMH reader (metadataPrefix=arXiv): real values from the sample page and the 2016 CS harvest,
and small pages we write ourselves for deleted, bad, broken and truncated input."""
import gzip
import hashlib
import io
import time
import zlib

import pytest

from conftest import SHARED
from scholarkg.errors import InputError
from scholarkg.sources import ErrorSink
from scholarkg.sources import arxiv_oai
from scholarkg.sources._io import iter_input_files, read_head

SAMPLE = SHARED / "data/formats/arxiv_oai_xml/sample_page_1.xml"
HARVEST = SHARED / "data/arxiv-oai-cs-2016"


def read(path, mode="fail"):
    sink = ErrorSink(mode)
    return list(arxiv_oai.iter_papers(str(path), sink)), sink


def by_id(papers):
    return {p.arxiv_id: p for p in papers}


# ------------------------------------------------------------------ the sample page

@pytest.fixture(scope="module")
def sample():
    papers, sink = read(SAMPLE)
    assert sink.count == 0
    return papers


@pytest.mark.shared
def test_sample_sniffed_and_counted(sample):
    assert arxiv_oai.sniff(read_head(SAMPLE), str(SAMPLE))
    # checked with grep: 1000 <record>, none deleted; 2504 <author>; 326 <journal-ref>; 139 <doi>;
    # 232 records with an <affiliation>
    assert len(sample) == 1000
    assert len({p.arxiv_id for p in sample}) == 1000
    assert sum(len(p.authors) for p in sample) == 2504
    assert sum(1 for p in sample if p.venue) == 326
    assert sum(1 for p in sample if p.ids.get("journal_ref")) == 326
    assert sum(1 for p in sample if p.doi) == 139
    assert sum(1 for p in sample if p.affiliations) == 232
    assert all(p.published and p.year and p.categories and p.abstract for p in sample)
    assert [p.source.record for p in sample[:3]] == ["record 1", "record 2", "record 3"]
    assert all(p.source.format == "arxiv-oai" and p.source.path == str(SAMPLE) for p in sample)
    # 0707.2229 and 0707.3673 carry the same title, so they share the title-based key
    assert len({p.key for p in sample}) == 999
    papers = by_id(sample)
    assert papers["0707.2229"].key == papers["0707.3673"].key


@pytest.mark.shared
def test_sample_first_record(sample):
    p = sample[0]
    assert p.arxiv_id == "0704.0002"
    assert p.title == "Sparsity-certifying Graph Decompositions"
    assert [a.name for a in p.authors] == ["Ileana Streinu", "Louis Theran"]
    assert (p.authors[0].given, p.authors[0].family) == ("Ileana", "Streinu")
    assert p.authors_complete is True
    assert p.categories == ("math.CO", "cs.CG")
    assert (p.published, p.year) == ("2007-03-30", 2007)  # <created>, not <updated> 2008-12-13
    assert p.doi is None and p.venue is None and p.ids == {}
    # the abstract itself is not copied here (the repository holds only what we write): its opening words with the
    # decoded ℓ, its last word, its length and a digest of the whole text
    assert p.abstract.startswith("We describe a new algorithm, the (k,ℓ)") and p.abstract.endswith(" Hendrickson.")
    assert len(p.abstract) == 780 and hashlib.sha256(p.abstract.encode()).hexdigest()[:16] == "139dfa49d69f4e9c"
    assert "\n" not in p.abstract and "  " not in p.abstract


@pytest.mark.shared
def test_sample_doi_and_journal_ref(sample):
    p = by_id(sample)["0704.0046"]
    assert p.title == "A limit relation for entropy and channel capacity per unit cost"
    assert [a.name for a in p.authors] == ["I. Csiszar", "F. Hiai", "D. Petz"]
    assert p.categories == ("quant-ph", "cs.IT", "math.IT")
    assert p.doi == "10.1063/1.2779138"
    assert p.venue == "J. Math. Phys. 48(2007), 092102."
    assert p.ids == {"journal_ref": "J. Math. Phys. 48(2007), 092102."}


@pytest.mark.shared
def test_sample_affiliations_and_accents(sample):
    p = by_id(sample)["0704.0858"]
    assert p.title == "Lessons Learned from the deployment of a high-interaction honeypot"
    # <keyname>Ka{&#xe2;}niche</keyname>: the entity is decoded and the LaTeX braces dropped
    assert [a.name for a in p.authors] == [
        "Eric Alata", "Vincent Nicomette", "Mohamed Kaâniche", "Marc Dacier", "Matthieu Herrb"]
    assert all(a.affiliations == ("LAAS",) for a in p.authors)
    assert p.affiliations == ("LAAS",)
    q = by_id(sample)["0704.0879"]
    assert [a.affiliations for a in q.authors] == [("LAAS",), ("UIUC",), ("UIUC",), ("UIUC",), ("STORAGETEK",)]
    assert q.affiliations == ("LAAS", "UIUC", "STORAGETEK")  # paper level: deduplicated, in order


@pytest.mark.shared
def test_sample_suffix_and_stray_comma(sample):
    # <keyname>Heath,</keyname><forenames>Robert W.</forenames><suffix>Jr.</suffix>
    p = by_id(sample)["0704.0802"]
    assert p.title == "Hybrid-ARQ in Multihop Networks with Opportunistic Relay Selection"
    assert [a.name for a in p.authors] == ["Caleb K. Lo", "Robert W. Heath Jr.", "Sriram Vishwanath"]
    assert p.authors[1].family == "Heath Jr." and p.authors[1].given == "Robert W."


@pytest.mark.shared
def test_sample_last_record_and_wrapped_title(sample):
    p = sample[-1]
    assert p.source.record == "record 1000"
    assert p.arxiv_id == "0708.2571"
    assert p.title == "On the Security of the Cha-Ko-Lee-Han-Cheon Braid Group Public Key Cryptosystem"
    assert [a.name for a in p.authors] == ["M. M. Chowdhury"]
    assert (p.published, p.categories) == ("2007-08-19", ("cs.CR",))


# ------------------------------------------------------------------ the whole 2016 CS harvest

@pytest.mark.shared
def test_harvest_directory_every_paper_once():
    # 103 pages: 102 x 1000 records + 538 on page 103, none deleted, 284,288 <author>, 22,606 <journal-ref>,
    # 17,361 <doi>, 8,318 records with an <affiliation> (all counted with zcat | grep). Takes ~25-40 s.
    sink = ErrorSink("fail")
    pages = list(iter_input_files([HARVEST], sink))
    assert len(pages) == 103 and pages[0].name == "1.xml.gz" and pages[-1].name == "103.xml.gz"
    total = authors = venues = dois = with_affiliations = 0
    ids = set()
    last_page = []
    start = time.perf_counter()
    for page in pages:
        for p in arxiv_oai.iter_papers(str(page), sink):
            total += 1
            authors += len(p.authors)
            venues += p.venue is not None
            dois += p.doi is not None
            with_affiliations += bool(p.affiliations)
            ids.add(p.arxiv_id)
            assert p.title and p.published and p.categories
            if page == pages[-1]:
                last_page.append(p)
            elif p.arxiv_id == "cs/0603081":  # page 100: an author with two affiliations
                assert [a.affiliations for a in p.authors] == [
                    ("CS Dept. University of New Mexico", "Physics Div. Los Alamos National Laboratory"),
                    ("CS Dept. University of New Mexico",),
                    ("Physics Div. Los Alamos National Laboratory",),
                    ("Physics Div. Los Alamos National Laboratory",),
                ]
                assert p.affiliations == (
                    "CS Dept. University of New Mexico", "Physics Div. Los Alamos National Laboratory")
                assert (p.published, p.source.path.endswith("100.xml.gz")) == ("2006-03-20", True)
    print(f"\nharvest: {total} papers in {time.perf_counter() - start:.1f} s")
    assert total == 102_538 and len(ids) == 102_538
    assert (authors, venues, dois, with_affiliations) == (284_288, 22_606, 17_361, 8_318)
    assert sink.count == 0
    assert len(last_page) == 538
    last = last_page[-1]
    assert (last.arxiv_id, last.source.record) == ("quant-ph/9912100", "record 538")
    assert last.title == "Quantum Computing, NP-complete Problems and Chaotic Dynamics"
    assert [a.name for a in last.authors] == ["Masanori Ohya", "Igor V. Volovich"]
    assert last.categories == ("quant-ph", "chao-dyn", "cond-mat.mes-hall", "cs.CC", "nlin.CD", "physics.atom-ph")
    assert (last.published, last.year) == ("1999-12-21", 1999)


# ------------------------------------------------------------------ pages we write

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2016-03-09T00:35:38Z</responseDate>
<request verb="ListRecords" metadataPrefix="arXiv" set="cs">http://export.arxiv.org/oai2</request>
<ListRecords>
"""
TAIL = """<resumptionToken cursor="0" completeListSize="3"></resumptionToken>
</ListRecords>
</OAI-PMH>
"""


def record(arxiv_id, title="A Title", extra="", authors=None):
    authors = authors if authors is not None else "<author><keyname>Doe</keyname><forenames>Jane</forenames></author>"
    title_el = f"<title>{title}</title>" if title is not None else ""
    return f"""<record>
<header><identifier>oai:arXiv.org:{arxiv_id}</identifier><datestamp>2016-01-01</datestamp><setSpec>cs</setSpec></header>
<metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/">
<id>{arxiv_id}</id><created>2015-06-01</created><authors>{authors}</authors>{title_el}
<categories>cs.LG stat.ML</categories>{extra}<abstract>  An abstract.
</abstract></arXiv></metadata>
</record>
"""


def deleted(arxiv_id):
    return f"""<record><header status="deleted"><identifier>oai:arXiv.org:{arxiv_id}</identifier>
<datestamp>2016-01-01</datestamp></header></record>
"""


def write(tmp_path, body, name="page.xml", gz=False):
    path = tmp_path / name
    data = body.encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def test_written_page_fields(tmp_path):
    extra = ("<journal-ref>Phys. Rev. E 1 (2015)</journal-ref>"
             "<doi>https://doi.org/10.3233/FI-2011-428; 10.3233/FI-2011-429</doi>")
    authors = ("<author><keyname>Schr\\\"odinger</keyname><forenames>Erwin</forenames>"
               "<affiliation>Uni A</affiliation><affiliation>Lab B</affiliation></author>"
               "<author><keyname>Smith</keyname><forenames>John</forenames><suffix>III</suffix>"
               "<affiliation>Lab B</affiliation></author><author><keyname>ATLAS</keyname></author>")
    path = write(tmp_path, HEAD + record("1501.00001v2", "On  $\\beta$-VAEs:\n  a study", extra, authors) + TAIL,
                 gz=True)
    assert arxiv_oai.sniff(read_head(path), str(path))
    (p,), _ = read(path)
    assert p.title == "On β-VAEs: a study"
    assert p.arxiv_id == "1501.00001"
    assert p.doi == "10.3233/fi-2011-428"
    assert p.venue == p.ids["journal_ref"] == "Phys. Rev. E 1 (2015)"
    assert [a.name for a in p.authors] == ["Erwin Schrödinger", "John Smith III", "ATLAS"]
    assert p.authors[0].affiliations == ("Uni A", "Lab B")
    assert p.affiliations == ("Uni A", "Lab B")
    assert (p.authors[2].given, p.authors[2].family) == (None, "ATLAS")
    assert p.categories == ("cs.LG", "stat.ML")
    assert (p.published, p.year, p.abstract) == ("2015-06-01", 2015, "An abstract.")


def test_deleted_records_skipped_silently(tmp_path):
    path = write(tmp_path, HEAD + record("1501.00001") + deleted("1501.00002") + record("1501.00003") + TAIL)
    papers, sink = read(path)
    assert [p.arxiv_id for p in papers] == ["1501.00001", "1501.00003"]
    assert [p.source.record for p in papers] == ["record 1", "record 3"]
    assert sink.count == 0


def test_bad_record_reported_and_skipped(tmp_path):
    no_meta = "<record><header><identifier>oai:arXiv.org:1501.00002</identifier></header></record>\n"
    body = HEAD + record("1501.00001") + no_meta + record("1501.00003", title=None) + record("1501.00004") + TAIL
    path = write(tmp_path, body)
    papers, sink = read(path, "skip")
    assert [p.arxiv_id for p in papers] == ["1501.00001", "1501.00004"]
    assert [(e.path, e.record) for e in sink.errors] == [(str(path), "record 2"), (str(path), "record 3")]
    assert "1501.00002" in sink.errors[0].message and "no arXiv metadata" in sink.errors[0].message
    assert "1501.00003" in sink.errors[1].message and "no title" in sink.errors[1].message
    with pytest.raises(InputError, match=r"page\.xml: record 2: .*no arXiv metadata"):
        read(path, "fail")


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_page(tmp_path, gz):
    body = HEAD + record("1501.00001") + record("1501.00002") + record("1501.00003") + TAIL
    cut = body.index("<id>1501.00003") + 5  # mid-way through the third record
    name = "cut.xml.gz" if gz else "cut.xml"
    if gz:  # a download cut short: the compressed stream breaks off where the text reaches the cut
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb") as g:
            g.write(body[:cut].encode())
            g.flush(zlib.Z_SYNC_FLUSH)
            at = buf.tell()
            g.write(body[cut:].encode())
        path = tmp_path / name
        path.write_bytes(buf.getvalue()[:at])
    else:
        path = write(tmp_path, body[:cut], name)
    papers, sink = read(path, "skip")
    assert [p.arxiv_id for p in papers] == ["1501.00001", "1501.00002"]
    (err,) = sink.errors
    assert err.path == str(path) and err.record == "record 3"
    assert "record 2, oai:arXiv.org:1501.00002" in err.message
    assert ("ends early" in err.message) if gz else ("Premature end" in err.message)
    with pytest.raises(InputError, match=rf"{name}: record 3: "):
        read(path, "fail")
    # in fail mode, too, the good records come out before the error
    seen = []
    with pytest.raises(InputError):
        for p in arxiv_oai.iter_papers(str(path), ErrorSink("fail")):
            seen.append(p.arxiv_id)
    assert seen == ["1501.00001", "1501.00002"]


def test_broken_xml_mid_page(tmp_path):
    body = HEAD + record("1501.00001") + record("1501.00002", title="Cats & Dogs") + record("1501.00003") + TAIL
    papers, sink = read(write(tmp_path, body), "skip")
    assert [p.arxiv_id for p in papers] == ["1501.00001"]
    (err,) = sink.errors
    assert err.record == "record 2" and "broken XML at line" in err.message
    assert "page.xml: record 2: " in str(err)


def test_empty_and_oai_error_pages(tmp_path):
    _, sink = read(write(tmp_path, "", "empty.xml"), "skip")
    assert sink.count == 1 and sink.errors[0].record == "record 1"
    oai_error = ('<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
                 '<request verb="ListRecords" metadataPrefix="arXiv">x</request>'
                 '<error code="badResumptionToken">token  expired</error></OAI-PMH>')
    path = write(tmp_path, oai_error, "err.xml")
    assert arxiv_oai.sniff(read_head(path), str(path))
    papers, sink = read(path, "skip")
    assert papers == [] and [str(e) for e in sink.errors] == [f"{path}: OAI-PMH badResumptionToken: token expired"]


def test_sniff_is_specific():
    assert not arxiv_oai.sniff('<feed xmlns="http://www.w3.org/2005/Atom"><entry>', "a.xml")
    assert not arxiv_oai.sniff('<OAI-PMH><ListRecords><record><metadata><oai_dc:dc xmlns:oai_dc='
                               '"http://www.openarchives.org/OAI/2.0/oai_dc/">', "p.xml")
    assert not arxiv_oai.sniff('<dblp><article key="x"><title>http://arxiv.org/OAI/arXiv/</title>', "d.xml")
    assert not arxiv_oai.sniff("LGJul 8, 2024\nA title\n", "p.txt")


def test_corrupt_gz_after_complete_xml(tmp_path):
    body = HEAD + record("1501.00001") + record("1501.00002") + TAIL
    data = bytearray(gzip.compress(body.encode()))
    data[-6] ^= 0xFF  # damage the CRC in the gzip trailer: the text is whole, the file is not
    path = tmp_path / "crc.xml.gz"
    path.write_bytes(bytes(data))
    papers, sink = read(path, "skip")
    assert [p.arxiv_id for p in papers] == ["1501.00001", "1501.00002"]
    (err,) = sink.errors
    assert err.path == str(path) and "CRC check failed" in err.message and "1501.00002" in err.message

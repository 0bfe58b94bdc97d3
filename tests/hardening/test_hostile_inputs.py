"""Hostile input we write ourselves: truncated and malformed files of every format, binary junk, BOMs, mixed and
UTF-16 encodings, a 50 MB line, JSON nested 100,000 deep, a big and a cut-short .gz, empty files, unreadable
files and folders, symlink loops, entity bombs and external entities. Each bad record is reported naming the file
and the record; every good record in the same inputs still comes out, from the library, `parse` and `build`."""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import hostile_corpus as hc
from scholarkg.errors import InputError, ScholarKGError
from scholarkg.sources import ErrorSink, iter_papers

CASES = hc.all_cases()


def cli(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "scholarkg.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def read(paths, mode="skip", **kw):
    sink = ErrorSink(mode)
    return list(iter_papers([str(p) for p in paths], errors=sink, **kw)), sink


def expected_titles(case: hc.Case) -> list[str]:
    stem = {"oai-truncated.xml": "oai-cut", "oai-bad-record.xml": "oai-bad", "atom-truncated.xml": "atom-cut",
            "dblp-broken.xml": "dblp", "openalex.jsonl": "openalex", "openalex-array.json": "openalex-array",
            "s2.json": "s2", "arxiv.jsonl": "arxiv-json", "refs.bib": "bibtex", "windows.bib": "bib-utf16",
            "pmlr-good.md": "pmlr", "bom-profile.txt": "bom", "mixed-encoding-profile.txt": "latin1"}.get(case.name)
    if stem is None:
        return []
    numbers = {"oai-bad-record.xml": [1, 2, 4, 5], "openalex.jsonl": [1, 3, 5, 7], "s2.json": [1, 3],
               "arxiv.jsonl": [1, 3], "refs.bib": [1, 3, 5]}.get(case.name, range(1, case.papers + 1))
    titles = [hc.good(stem, n) for n in numbers]
    return [t + " Café" for t in titles] if case.name == "windows.bib" else titles


def assert_reported(sink: ErrorSink, path: Path, case: hc.Case) -> None:
    messages = [str(e) for e in sink.errors]
    for record, words in case.errors:
        want = f"{path}: {record}" if record else f"{path}:"
        assert any(m.startswith(want) and words in m for m in messages), (want, words, messages)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_hostile_file_alone(tmp_path, case):
    path = case.write(tmp_path)
    papers, sink = read([path])
    assert [p.title for p in papers] == expected_titles(case)
    assert len(papers) == case.papers
    if case.ignored:  # named on its own, a file in no known format is an error naming it
        assert [str(e) for e in sink.errors] == [f"{path}: unrecognized layout (not a listing page or a known "
                                                 f"bibliographic format; pass --format NAME)"]
        return
    if case.name.startswith("pmlr-") and case.errors:  # detection refuses a broken front matter: say what is wrong
        assert "unrecognized layout" in str(sink.errors[0])
        papers, sink = read([path], format="pmlr")
        assert papers == []
    assert_reported(sink, path, case)
    assert len(sink.errors) == len(case.errors)
    if case.errors:  # --on-error fail stops at the first with our own error, naming the file
        with pytest.raises(InputError) as err:
            read([path], mode="fail", format="pmlr" if case.name.startswith("pmlr-") else None)
        assert str(err.value).startswith(f"{path}:")


def test_the_mixed_encodings_are_decoded(tmp_path):
    papers, _ = read([c.write(tmp_path) for c in hc.encodings()])
    names = {a.name for p in papers for a in p.authors}
    assert {"Jonas Müller", "René Fabre", "Ines Barros"} <= names  # UTF-8, and a lone cp1252 é in the mixed file
    assert all("\ufeff" not in p.title and "\ufeff" not in (p.profile_owner or "") for p in papers)


def test_utf16_with_bom_is_detected_and_read(tmp_path):
    [paper], sink = read([hc.bibtex_utf16().write(tmp_path)])
    assert sink.count == 0 and paper.title == "Good bib-utf16 1 Café" and paper.authors[0].name == "Lia Ferreira"


# ------------------------------------------------------------------ the whole corpus through the CLI

@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Every case in one folder, plus a symlink loop, a link to nowhere and a nested folder."""
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    root.mkdir()
    for case in CASES:
        case.write(root)
    (root / "nested").mkdir()
    (root / "nested" / "loop").symlink_to(root)  # a folder linking to its own parent
    (root / "self-link.txt").symlink_to(root / "self-link.txt")
    (root / "dangling.json").symlink_to(root / "missing.json")
    return root


def corpus_expectations():
    papers = sum(c.papers for c in CASES)
    titles = sorted(t for c in CASES for t in expected_titles(c))
    errors = sum(len(c.errors) for c in CASES if not c.ignored and not c.name.startswith("pmlr-"))
    # broken PMLR pages are no known layout when met in a folder: noted as ignored, like the junk files
    ignored = sum(1 for c in CASES if c.ignored or (c.name.startswith("pmlr-") and c.errors))
    return papers, titles, errors + 2, ignored  # + the symlink loop and the dangling link


def test_parse_skips_and_reports_every_bad_record_and_keeps_every_good_one(corpus):
    papers, titles, errors, ignored = corpus_expectations()
    out = cli("parse", corpus, "--on-error", "skip")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == papers == 37
    assert sorted(r["title"] for r in rows) == titles
    skipped = [line for line in out.stderr.splitlines() if line.startswith("scholarkg: skipped: ")]
    assert len(skipped) == errors
    for case in CASES:
        if case.ignored or case.name.startswith("pmlr-"):
            continue
        for record, words in case.errors:
            where = f"{corpus / case.name}: {record}" if record else f"{corpus / case.name}:"
            assert any(where in line and words in line for line in skipped), (where, skipped)
    assert f"skipped: {corpus / 'self-link.txt'}: symbolic link loop" in out.stderr
    assert f"skipped: {corpus / 'dangling.json'}: broken symbolic link" in out.stderr
    assert f"note: ignored {ignored} files" in out.stderr
    assert "Traceback" not in out.stderr


def test_parse_on_error_fail_stops_with_one_line_and_exit_3(corpus):
    out = cli("parse", corpus)
    assert out.returncode == 3
    [line] = out.stderr.splitlines()
    assert line.startswith(f"scholarkg: error: {corpus}/")


def test_build_loads_every_good_record_and_counts_the_bad_ones(corpus, tmp_path):
    papers, titles, errors, _ = corpus_expectations()
    db = tmp_path / "db"
    out = cli("build", corpus, "--store", f"oxigraph:{db}", "--no-extract", "-q", "--summary", "json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["papers_read"] == papers and summary["errors"] == errors
    assert summary["graph"]["nodes"]["Paper"] == len(set(titles))
    from scholarkg.stores import open_store

    with open_store(f"oxigraph:{db}") as store:
        rows = store._select("SELECT ?t WHERE { ?p a <http://schema.org/ScholarlyArticle> ; <http://schema.org/name> ?t }")
    assert sorted(r["t"] for r in rows) == titles
    out = cli("build", corpus, "--store", f"oxigraph:{db}", "--no-extract", "-q", "--on-error", "fail")
    assert out.returncode == 3 and len(out.stderr.splitlines()) == 1 and "Traceback" not in out.stderr


# ------------------------------------------------------------------ big inputs

def test_a_big_gzip_page_is_read_whole(tmp_path):
    import gzip

    case = hc.oai_big_gz()
    path = case.write(tmp_path)
    assert path.stat().st_size < 1_000_000 and len(gzip.decompress(case.data)) > 30_000_000
    count, last = 0, None
    for paper in iter_papers([path]):
        count += 1
        last = paper
    assert count == 3000 and last.title == "Good oai-big 3000" and len(last.abstract) > 10_000


def test_a_gzip_cut_short_keeps_the_records_before_the_cut(tmp_path):
    path = hc.oai_gz_cut_short().write(tmp_path)
    papers, sink = read([path])
    assert 50 < len(papers) < 400
    assert [p.title for p in papers] == [hc.good("oai-gzcut", n) for n in range(1, len(papers) + 1)]
    [error] = sink.errors
    assert str(error).startswith(f"{path}: record {len(papers) + 1}: file ends early or is corrupt")


def test_a_50_mb_line_between_two_records(tmp_path):
    path = hc.arxiv_huge_line().write(tmp_path)
    assert path.stat().st_size > 50 * 1024 * 1024
    papers, sink = read([path])
    assert sink.count == 0 and [p.title for p in papers] == [hc.good("arxiv-huge", n) for n in (1, 2, 3)]


def test_a_long_line_forced_through_every_text_reader(tmp_path):
    path = tmp_path / "line.txt"
    path.write_bytes(b"q" * (16 * 1024 * 1024))  # 16 MB: the text readers take a few seconds per 50 MB
    for fmt in ("profile", "trending", "family-list", "bibtex", "pmlr"):
        papers, sink = read([path], format=fmt)
        assert papers == [] and sink.count >= 1 and all(str(e).startswith(f"{path}:") for e in sink.errors)


# ------------------------------------------------------------------ unreadable files, links

@contextlib.contextmanager
def as_unprivileged_user():
    """Root reads files whatever their mode: run the block as `nobody` (effective uid only, restored after)."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def test_unreadable_files_and_folders_are_reported_and_the_rest_is_read(tmp_path):
    import tempfile

    # a folder `nobody` may enter (pytest's own tmp folders are private to root)
    root = Path(tempfile.mkdtemp(prefix="scholarkg-unreadable-"))
    try:
        os.chmod(root, 0o755)
        (root / "good.bib").write_text(hc.bib_entry("g1", "Readable Entry"))
        (root / "locked.bib").write_text(hc.bib_entry("l1", "Locked Entry"))
        os.chmod(root / "locked.bib", 0)
        (root / "closed").mkdir()
        (root / "closed" / "inside.bib").write_text(hc.bib_entry("i1", "Inside A Closed Folder"))
        os.chmod(root / "closed", 0)
        for p in [root / "good.bib"]:
            os.chmod(p, 0o644)
        read([root])  # import every lazy module while still privileged
        with as_unprivileged_user():
            papers, sink = read([root])
        assert [p.title for p in papers] == ["Readable Entry"]
        messages = sorted(str(e) for e in sink.errors)
        assert messages == [f"{root / 'closed'}: cannot read directory: Permission denied",
                            f"{root / 'locked.bib'}: cannot read: [Errno 13] Permission denied: '{root / 'locked.bib'}'"]
    finally:
        os.chmod(root / "closed", 0o755)
        os.chmod(root / "locked.bib", 0o644)
        import shutil

        shutil.rmtree(root)


def test_named_links_that_lead_nowhere(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    (tmp_path / "gone").symlink_to(tmp_path / "never-there")
    os.mkfifo(tmp_path / "pipe")
    papers, sink = read([tmp_path / "a", tmp_path / "gone", tmp_path / "pipe", tmp_path / "missing"])
    assert papers == []
    assert [str(e) for e in sink.errors] == [
        f"{tmp_path / 'a'}: symbolic link loop",
        f"{tmp_path / 'gone'}: broken symbolic link (to {tmp_path / 'never-there'})",
        f"{tmp_path / 'pipe'}: not a regular file (a pipe, socket or device)",
        f"{tmp_path / 'missing'}: no such file or directory",
    ]
    papers, sink = read([tmp_path])  # in a folder walk the pipe is noted, never opened (it would block)
    assert sink.ignored == [str(tmp_path / "pipe")]


# ------------------------------------------------------------------ XML entities

def test_entity_bombs_and_external_entities_do_not_expand(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    (tmp_path / "dblp.dtd").write_text(f'<!ELEMENT dblp (article)*>\n<!ENTITY l0 "lol">\n{lol}\n'
                                       f'<!ENTITY leak SYSTEM "file://{secret}">\n<!ENTITY uuml "&#252;">\n')
    page = tmp_path / "dblp.xml"
    page.write_text('<?xml version="1.0"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd" '
                    f'[<!ENTITY inner SYSTEM "file://{secret}">]>\n<dblp>\n'
                    '<article key="a/1"><author>J&uuml;rgen Lind</author><title>Leak &leak; here</title><year>2020</year></article>\n'
                    '<article key="a/2"><author>Bo Ek</author><title>Inner &inner; here</title><year>2020</year></article>\n'
                    "</dblp>\n")
    papers, sink = read([page])
    assert [p.title for p in papers] == ["Leak here", "Inner here"]
    assert papers[0].authors[0].name == "Jürgen Lind"  # the DTD's own character entities still work
    oai = tmp_path / "bomb.xml"
    oai.write_text('<?xml version="1.0"?>\n<!DOCTYPE OAI-PMH [<!ENTITY l0 "lol">' + lol + "]>\n"
                   + hc.OAI_HEAD.split("\n", 1)[1] + hc.oai_record(1, "Bomb &l9;") + hc.OAI_TAIL)
    papers, sink = read([oai], format="arxiv-oai")
    assert all("lollol" not in p.title for p in papers)
    assert all(str(e).startswith(f"{oai}:") for e in sink.errors)


# ------------------------------------------------------------------ characters no store can hold

def test_nul_and_lone_surrogates_are_dropped_or_replaced_the_same_way_everywhere(tmp_path):
    work = hc.openalex_work(1, "Deep\u0000 Nets \ud800 Now")
    work["authorships"][0]["author"]["display_name"] = "Ana\u0000 Silva"
    path = tmp_path / "w.json"
    path.write_text(json.dumps([work]))  # json writes the escapes \u0000 and \ud800
    assert b"\\u0000" in path.read_bytes()
    [paper], sink = read([path])
    assert paper.title == "Deep Nets \ufffd Now" and paper.authors[0].name == "Ana Silva"
    listing = tmp_path / "listing.txt"
    listing.write_bytes(hc.profile_text("nul").replace("Good nul 2", "Good\x00 nul 2").encode())
    papers, _ = read([listing])
    assert [p.title for p in papers] == ["Good nul 1", "Good nul 2", "Good nul 3"]
    out = cli("parse", path)  # and stdout (UTF-8) takes the record
    assert out.returncode == 0 and json.loads(out.stdout)["title"] == "Deep Nets \ufffd Now"


def test_only_our_error_type_escapes_the_readers_on_the_corpus(corpus):
    """Every file through every reader, forced, both policies: only ScholarKGError may escape."""
    from scholarkg.sources import READERS

    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.stat().st_size < 10_000_000)
    for fmt in READERS:
        for path in files:
            for mode in ("skip", "fail"):
                try:
                    read([path], mode=mode, format=fmt)
                except ScholarKGError:
                    pass

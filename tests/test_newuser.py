"""What a new user hits first (issue 22): store paths that name nothing, builds of nothing readable, files and
names scholarkg does not read (a PDF, a CSV, a URL, an arXiv id), and the answers a user expects."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from conftest import ROOT
from scholarkg.cli import main

EXAMPLE = ROOT / "examples" / "profile-listing.txt"


def run(*args, cwd=None, env=None):
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        return CliRunner().invoke(main, [str(a) for a in args], env=env)
    finally:
        os.chdir(old)


def error_line(result) -> str:
    assert result.exit_code != 0 and "Traceback" not in result.output, result.output
    return result.stderr.strip().splitlines()[-1]


# ------------------------------------------------------------------ store paths

@pytest.mark.parametrize("uri", ["oxigraph:", "oxigraph:   ", "", "  "])
def test_a_store_path_that_names_nothing_is_a_bad_option_for_every_command(tmp_path, uri):
    commands = [("build", EXAMPLE), ("stats",), ("query", "coauthors", "-p", "author=Mara Lindqvist"),
                ("export", "--format", "nq", tmp_path / "g.nq"), ("validate",), ("refresh",), ("remove-source", "x"),
                ("viz", "coauthors", "Mara Lindqvist", "--out", tmp_path / "m.html"), ("report", "--out", tmp_path / "r"),
                ("serve", "--bind", "127.0.0.1:0")]
    for args in commands:
        result = run(*args, "--store", uri, cwd=tmp_path)
        assert result.exit_code == 2, (args, uri, result.output)
        assert "names no" in result.stderr and "oxigraph:./scholarkg.db" in result.stderr, (args, result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written anywhere


def test_the_same_from_the_environment(tmp_path):
    result = run("build", EXAMPLE, cwd=tmp_path, env={"SCHOLARKG_STORE": "oxigraph:"})
    assert result.exit_code == 2 and "names no folder" in error_line(result)


def test_a_store_in_memory_only_when_asked_for_by_name():
    from scholarkg.build import build
    from scholarkg.stores import open_store

    with open_store("oxigraph::memory:") as store:
        assert build([EXAMPLE], store, extract=False).papers == 9 and store.path is None


@pytest.mark.parametrize("args", [("parse", ""), ("extract", " "), ("build", ""), ("viz", "lineage", "Adam", "--out", ""),
                                  ("report", "--out", ""), ("export", "--format", "nq", ""),
                                  ("falkordb", "status", "--dir", "")])
def test_an_empty_path_is_a_bad_option(tmp_path, args):
    result = run(*args, cwd=tmp_path)
    assert result.exit_code == 2 and "an empty path names nothing" in result.stderr, (args, result.output)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ builds of nothing

def test_a_build_of_an_empty_folder_opens_no_store_and_exits_3(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("build", "empty", cwd=tmp_path)
    assert result.exit_code == 3
    assert error_line(result) == ("scholarkg: error: nothing to build: the inputs (empty) hold no files; no store was "
                                  "opened. Check the paths, or name a reader with --format")
    assert not (tmp_path / "scholarkg.db").exists()


def test_a_build_of_nothing_readable_leaves_an_existing_store_as_it_was(tmp_path):
    assert run("build", EXAMPLE, "-q", "--no-extract", cwd=tmp_path).exit_code == 0
    before = json.loads(run("stats", "--format", "json", cwd=tmp_path).stdout)
    (tmp_path / "paper.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    result = run("build", "paper.pdf", "nothere.txt", cwd=tmp_path)
    assert result.exit_code == 3 and "no store was opened" in error_line(result)
    assert "scholarkg: skipped: paper.pdf: a PDF" in result.stderr
    assert "scholarkg: skipped: nothere.txt: no such file or directory" in result.stderr
    assert json.loads(run("stats", "--format", "json", cwd=tmp_path).stdout) == before


def test_a_build_whose_records_are_all_bad_leaves_no_new_store(tmp_path):
    (tmp_path / "bad.json").write_text('{"results": [{"id": "W1"}]}\n')  # OpenAlex-shaped, but no title
    result = run("build", "bad.json", "--format", "openalex", "--store", "oxigraph:new.db", cwd=tmp_path)
    assert result.exit_code == 3 and "nothing was built" in error_line(result), result.output
    assert not (tmp_path / "new.db").exists()


def test_a_build_never_reads_its_own_store(tmp_path):
    (tmp_path / "listing.txt").write_bytes(EXAMPLE.read_bytes())
    first = run("build", ".", "--no-extract", cwd=tmp_path)
    again = run("build", ".", "--no-extract", "--summary", "json", cwd=tmp_path)
    for result in (first, again):
        assert result.exit_code == 0, result.output
        assert "scholarkg.db/" not in result.stderr and "skipped:" not in result.stderr, result.stderr
        assert "ignored" not in result.stderr, result.stderr
    assert json.loads(again.stdout)["sources_unchanged"] == 1
    named = run("build", "scholarkg.db", cwd=tmp_path)  # the store folder itself, named: nothing to read
    assert named.exit_code == 3 and "hold no files" in error_line(named)


# ------------------------------------------------------------------ what scholarkg does not read

def test_files_scholarkg_does_not_read_say_what_to_do_instead(tmp_path):
    (tmp_path / "paper.pdf").write_bytes(b"%PDF-1.5\n%\xd0\xd4\xc5\xd8\n")
    (tmp_path / "titles.csv").write_text("title,authors,year\nAttention Is All You Need,Vaswani et al.,2017\n")
    (tmp_path / "page.html").write_text("<!DOCTYPE html>\n<html><body>Roger Grosse</body></html>\n")
    line = error_line(run("parse", "paper.pdf", cwd=tmp_path))
    assert line.startswith("scholarkg: error: paper.pdf: a PDF: scholarkg reads paper listings and bibliographic "
                           "records, not PDFs; export its BibTeX") and "export.arxiv.org/api/query" in line
    line = error_line(run("parse", "titles.csv", cwd=tmp_path))
    assert "titles.csv: a CSV table: scholarkg does not read CSV" in line and "BibTeX" in line
    line = error_line(run("parse", "page.html", cwd=tmp_path))
    assert "page.html: a saved web page (HTML)" in line and "copy its text into a .txt file" in line
    # found while reading a folder, they are noted and passed over like any file in no known format
    (tmp_path / "listing.txt").write_bytes(EXAMPLE.read_bytes())
    result = run("parse", ".", cwd=tmp_path)
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 9
    assert "ignored 3 files" in result.stderr


@pytest.mark.parametrize("typed,says", [
    ("https://arxiv.org/abs/1706.03762", "https://arxiv.org/abs/1706.03762: a URL, not a file"),
    ("1706.03762", "an arXiv id, not a file"),
    ("arXiv:1706.03762v5", "id_list=1706.03762v5"),
    ("cs/0112017", "an arXiv id, not a file"),
    ("10.1145/3292500.3330701", "works/doi:10.1145/3292500.3330701"),
])
def test_names_that_are_not_files_say_how_to_get_the_file(tmp_path, typed, says):
    for command in ("parse", "build"):
        result = run(command, typed, cwd=tmp_path)
        assert result.exit_code == 3 and says in result.stderr, (command, result.output)
        assert "fetches nothing" in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt,says", [("pdf", "scholarkg reads no PDFs"), ("csv", "reads no CSV"), ("nope", "known: ")])
def test_an_unknown_reader_is_a_bad_option(fmt, says):
    for command in ("parse", "extract", "build"):
        result = run(command, EXAMPLE, "--format", fmt)
        assert result.exit_code == 2 and says in result.stderr and "profile" in result.stderr, (command, result.output)


# ------------------------------------------------------------------ answers a user expects

def test_eval_says_n_a_where_there_was_nothing_to_measure(tmp_path):
    # one abstract of our own with no dataset and no citation in it, and none in its gold
    gold = [{"gid": "x1", "title": "A Study of Sparse Momentum Tuning",
             "abstract": "We study how sparse momentum tuning behaves when the step size grows without bound.",
             "methods": [{"name": "sparse momentum tuning", "role": "uses"}], "datasets": [], "relations": [],
             "citations": []}]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold))
    table = run("eval", "extraction", "--gold", path, "-q")
    assert table.exit_code == 0, table.output
    rows = {line[:28].strip(): line[28:].split() for line in table.stdout.splitlines()[1:]}
    assert rows["datasets (entity)"] == ["n/a", "n/a", "n/a", "0", "0", "0"]
    assert rows["citations"][:3] == ["n/a", "n/a", "n/a"]
    scores = json.loads(run("eval", "extraction", "--gold", path, "--format", "json").stdout)["scores"]
    assert scores["datasets (entity)"]["precision"] is None and scores["datasets (entity)"]["f1"] is None
    csv_lines = run("eval", "extraction", "--gold", path, "--format", "csv", "-q").stdout.splitlines()
    assert "datasets (entity),,,,0,0,0" in csv_lines

import gzip

import pytest

from scholarkg.errors import InputError
from scholarkg.sources import ErrorSink, detect
from scholarkg.sources._io import iter_input_files, read_head
from scholarkg.sources.names import parse_family_first, parse_given_first
from scholarkg.sources.text import clean_latex, paper_key, title_fingerprint


@pytest.mark.parametrize(
    "raw, clean",
    [
        (r'Schr\"odinger Equation', "Schrödinger Equation"),
        (r"P\'olya's Urn", "Pólya's Urn"),
        (r"$\beta$-VAE", "β-VAE"),
        (r"\textit{kinetic energy}", "kinetic energy"),
        (r"$\leq5$\% of data", "≤5% of data"),
        ("plain title", "plain title"),
        (r"Erd\H{o}s and Ko\c{c}", "Erdős and Koç"),
    ],
)
def test_clean_latex(raw, clean):
    assert clean_latex(raw) == clean


def test_paper_key_ignores_case_punctuation_and_latex():
    assert paper_key(r"Wasserstein Quantum Monte Carlo: Schr\"odinger") == paper_key("wasserstein quantum monte carlo — Schrödinger")
    assert paper_key("Toy Models of Superposition") != paper_key("Toy Models of Superposition II")
    assert title_fingerprint("A b, C.") == "abc"


@pytest.mark.parametrize(
    "text, given, family, name",
    [
        ("Steeg, Greg Ver", "Greg Ver", "Steeg", "Greg Ver Steeg"),
        ("Turner, Richard E.", "Richard E.", "Turner", "Richard E. Turner"),
        ("van den Oord, Aaron", "Aaron", "van den Oord", "Aaron van den Oord"),
    ],
)
def test_family_first(text, given, family, name):
    a = parse_family_first(text)
    assert (a.given, a.family, a.name) == (given, family, name)


def test_given_first_keeps_particles_and_hyphens():
    a = parse_given_first("Jean-Pierre de la Fontaine")
    assert (a.given, a.family) == ("Jean-Pierre", "de la Fontaine")
    assert parse_given_first("Plato").family == "Plato"


def test_read_head_through_gzip_and_bom(tmp_path):
    f = tmp_path / "x.txt.gz"
    f.write_bytes(gzip.compress("\ufeffhéllo".encode("utf-8")))
    assert read_head(f) == "héllo"
    g = tmp_path / "latin.txt"
    g.write_bytes("caf\xe9".encode("latin-1"))
    assert read_head(g) == "café"


def test_empty_file_is_a_clear_error(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("  \n")
    with pytest.raises(InputError, match="empty.txt: empty file"):
        detect(f)


def test_missing_input_and_directory_walk(tmp_path):
    (tmp_path / "d").mkdir()
    for name in ("10.txt", "2.txt", ".hidden"):
        (tmp_path / "d" / name).write_text("x")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    sink = ErrorSink("skip")
    files = list(iter_input_files([tmp_path / "d", tmp_path / "nope"], sink))
    assert [f.name for f in files] == ["2.txt", "10.txt"]
    assert sink.count == 1 and "nope: no such file" in str(sink.errors[0])

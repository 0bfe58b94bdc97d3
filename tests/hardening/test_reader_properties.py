"""Property tests: random bytes, and real samples with their bytes mutated at test time, through every reader
(forced with --format, and by detection), with both error policies. The only exception allowed out of
``scholarkg.sources.iter_papers`` is our own ``ScholarKGError``; every record that does come out is a whole one."""
from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SHARED
from scholarkg.errors import InputError, ScholarKGError
from scholarkg.model import Paper
from scholarkg.sources import READERS, ErrorSink, iter_papers

FORMATS = [None, *READERS]
BOUNDED = settings(deadline=None, max_examples=int(os.environ.get("HARDENING_EXAMPLES", 150)), suppress_health_check=[HealthCheck.too_slow],
                   database=None)

# one real sample per format (and the seed listings), cut to their first 24 KB so each example stays fast
SAMPLES = {
    "arxiv-oai": "data/formats/arxiv_oai_xml/sample_page_1.xml",
    "arxiv-atom": "data/formats/arxiv_atom/atom_query_2026_newschema.xml",
    "dblp": "data/formats/dblp_xml/shenka123/dblp.xml",
    "arxiv-json": "data/formats/arxiv_kaggle_jsonl/arxiv-metadata-oai-snapshot.head.jsonl",
    "openalex": "data/formats/openalex/works_tu9_2022_diophila.json",
    "semantic-scholar": "data/formats/semantic_scholar/Reference.json",
    "bibtex": "data/formats/bibtex/d2l/d2l.bib",
    "pmlr": "data/formats/csl_yaml_pmlr/v48/2016-06-11-abel16.md",
    "profile": "seeds/001_87e66b188c6948de.txt",
    "family-list": "seeds/000_4df4c6e81319caad.txt",
    "trending": "seeds/002_434d8a0aaaef3b0a.txt",
}
HEAD = 24 * 1024


def run_every_way(path: Path, fmt: str | None) -> int:
    """Read ``path`` with both policies; returns how many papers the skip policy gave. Fails the test if anything
    but our own error escapes, or if a paper comes out without a title or key."""
    papers = []
    for mode in ("skip", "fail"):
        sink = ErrorSink(mode)
        try:
            got = list(iter_papers([str(path)], format=fmt, errors=sink))
        except ScholarKGError as exc:
            assert mode == "fail" and isinstance(exc, InputError) and str(exc).startswith(str(path)), exc
            continue
        assert all(str(e).startswith(str(path)) for e in sink.errors)
        if mode == "skip":
            papers = got
    assert all(isinstance(p, Paper) and p.title.strip() and p.key for p in papers)
    return len(papers)


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory(prefix="scholarkg-props-") as d:
        yield Path(d)


@BOUNDED
@given(data=st.binary(max_size=4096), fmt=st.sampled_from(FORMATS), gz=st.booleans())
def test_random_bytes_through_every_reader(scratch, data, fmt, gz):
    path = scratch / ("random.gz" if gz else "random.dat")
    path.write_bytes(gzip.compress(data) if gz else data)
    run_every_way(path, fmt)


# text that looks a little like each format, so the readers get past their first checks more often
FRAGMENTS = ["<record>", "</record>", "<title>", "<author>", "<entry>", "{", "}", "[", "]", '"title":', '"id":',
             '"authors_parsed":', "@article{", "title = {", "}", "---\n", "author:\n- given: ", "\n", "LGJul 8, 2024\n",
             " · ", "et al.", "\\u0000", "\\ud800", "\x00", "\ufeff", "&amp;", "&#0;", "<![CDATA[", "$\\beta$", "\\\"o"]


@BOUNDED
@given(parts=st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=60),
       fmt=st.sampled_from(FORMATS))
def test_format_shaped_junk_through_every_reader(scratch, parts, fmt):
    path = scratch / "junk.txt"
    path.write_bytes("".join(parts).encode("utf-8", "surrogatepass"))
    run_every_way(path, fmt)


MUTATION = st.tuples(st.sampled_from(["flip", "insert", "delete", "truncate", "repeat"]),
                     st.floats(0, 1, allow_nan=False), st.integers(1, 64), st.binary(min_size=1, max_size=8))


def mutate(data: bytes, mutations) -> bytes:
    out = bytearray(data)
    for kind, where, size, junk in mutations:
        if not out:
            break
        i = int(where * (len(out) - 1))
        if kind == "flip":
            out[i:i + len(junk)] = junk
        elif kind == "insert":
            out[i:i] = junk
        elif kind == "delete":
            del out[i:i + size]
        elif kind == "truncate":
            del out[i:]
        else:  # repeat a chunk, as a botched copy would
            out[i:i] = out[i:i + size * 16]
    return bytes(out)


@pytest.mark.shared
@BOUNDED
@given(fmt=st.sampled_from(list(SAMPLES)), mutations=st.lists(MUTATION, min_size=1, max_size=6),
       forced=st.booleans())
def test_mutated_real_samples_through_their_reader(scratch, fmt, mutations, forced):
    source = SHARED / SAMPLES[fmt]
    data = source.read_bytes()[:HEAD]
    path = scratch / source.name
    path.write_bytes(mutate(data, mutations))
    run_every_way(path, fmt if forced else None)


@pytest.mark.shared
def test_the_samples_themselves_read_cleanly(scratch):
    """The unmutated heads give papers, so the mutation tests start from inputs the readers accept."""
    for fmt, name in SAMPLES.items():
        path = scratch / Path(name).name
        path.write_bytes((SHARED / name).read_bytes()[:HEAD])
        assert run_every_way(path, fmt) > 0, fmt

"""The repository holds only what we write: no file git tracks repeats a run of 12 consecutive words of a text from
../shared - the abstracts and quoted evidence sentences of ../shared/gold/*.json and the abstracts of the seeds pages.
Words are compared lower-cased, punctuation and spacing ignored, as hashed 12-word shingles. (The 102,538 abstracts
of the arXiv corpus are too many to read in a test; `copied_runs` over them was run once, see README.)"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = 12
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(text: str) -> set[int]:
    w = words(text)
    return {hash(" ".join(w[i:i + RUN])) for i in range(len(w) - RUN + 1)}


def gold_texts(gold: Path) -> list[str]:
    """Every "abstract" and "evidence" string of the gold files, wherever it sits in them."""
    out: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("abstract", "evidence") and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted(gold.glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return out


def tracked_texts(root: Path = ROOT):
    """(path, text) of every file git tracks that reads as UTF-8 text (binary files skipped)."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
    for name in names.decode().split("\0"):
        path = root / name
        if not name or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue
        try:
            yield name, data.decode("utf-8")
        except UnicodeDecodeError:
            continue


def copied_runs(known: set[int], root: Path = ROOT) -> list[tuple[str, str]]:
    """(file, copied words) for every run of words of a tracked file made of 12-word shingles in ``known``."""
    hits = []
    for name, text in tracked_texts(root):
        w = words(text)
        found = [hash(" ".join(w[i:i + RUN])) in known for i in range(len(w) - RUN + 1)]
        i = 0
        while i < len(found):
            if not found[i]:
                i += 1
                continue
            end = i
            while end + 1 < len(found) and found[end + 1]:
                end += 1
            hits.append((name, " ".join(w[i:end + RUN])))
            i = end + 1
    return hits


def test_a_copied_run_is_found_and_a_short_quote_is_not(tmp_path):
    source = "Our toy smoother reads each noisy curve twice and keeps the median of the two passes for later use."
    known = shingles(source)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "copied.py").write_text('S = """reads each noisy curve twice, and keeps the MEDIAN of the two passes"""')
    (tmp_path / "short.md").write_text("It 'reads each noisy curve twice' and keeps no more of it.")
    (tmp_path / "blob.bin").write_bytes(b"\0" + source.encode())
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    assert copied_runs(known, tmp_path) == [("copied.py", "reads each noisy curve twice and keeps the median of the two "
                                                          "passes")]


@pytest.mark.shared
def test_no_tracked_file_repeats_twelve_words_of_a_shared_abstract(shared):
    from scholarkg.sources import iter_papers
    from scholarkg.sources._io import ErrorSink

    texts = gold_texts(shared / "gold")
    texts += [p.abstract or "" for p in iter_papers(shared / "seeds", errors=ErrorSink("skip"))]
    assert len(texts) >= 180
    known = set().union(*map(shingles, texts))
    assert copied_runs(known) == []

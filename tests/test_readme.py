"""Every ``console`` block of the README runs as written and prints what the README shows (``readme_blocks``
says how blocks are read, masked and marked). Blocks run in README order in one folder laid out like a clone, so a
block sees the graphs the blocks above it built; blocks that read ../shared carry the shared marker."""
from __future__ import annotations

import pytest

from conftest import ROOT, SHARED
from readme_blocks import Session, compare, parse_blocks, stop_falkordb

README = ROOT / "README.md"
BLOCKS = parse_blocks(README.read_text(encoding="utf-8"))


def _param(block):
    marks = [pytest.mark.shared] if block.needs_shared else []
    return pytest.param(block, marks=marks, id=f"README.md:{block.line}")


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    session = Session.create(ROOT, tmp_path_factory.mktemp("readme"), SHARED)
    demo = session.demo()  # a new user runs scripts/demo first (Quick start)
    assert demo.returncode == 0 and "Aiko Tanabe" in demo.stdout, demo.stdout + demo.stderr
    yield session
    stop_falkordb(session)


def test_the_readme_has_console_blocks_and_each_is_run_or_says_why_not():
    assert len(BLOCKS) >= 15
    for block in BLOCKS:
        assert block.commands, f"README.md:{block.line}: a console block without a `$ ` command"
        if block.skip is not None:
            assert block.skip.strip(), f"README.md:{block.line}: `readme-test: skip` needs a reason"


@pytest.mark.slow
@pytest.mark.parametrize("block", [_param(b) for b in BLOCKS])
def test_readme_block(session, block):
    if block.skip is not None:
        pytest.skip(f"not runnable here: {block.skip}")
    problem = compare("README.md", block, session.run(block))
    assert problem is None, problem


@pytest.mark.slow
def test_what_the_readme_leaves_behind_is_ignored_by_git(session):
    """Run after the blocks: every file they wrote into the repository folder is in .gitignore."""
    import subprocess

    left = sorted(p.name for p in session.repo.iterdir() if not p.is_symlink() and p.name != "falkordb-data") + [
        "falkordb-data"]
    assert len(left) >= 5, left  # the blocks above did run and write their files
    for name in left:
        probe = name + ("/" if (session.repo / name).is_dir() else "")
        done = subprocess.run(["git", "check-ignore", "--no-index", "-q", probe], cwd=ROOT)
        assert done.returncode == 0, f"{name} (written by a README block) is not in .gitignore"


def test_a_drifted_block_fails_with_a_diff_naming_its_line(tmp_path):
    text = ("Intro.\n\n```console\n$ echo 'took 1.5 s' && echo two\ntook 9.9 s\n...\n$ printf 'a\\nb\\n'\na\nc\n```\n"
            "\n<!-- readme-test: skip not here -->\n```console\n$ false\n```\n")
    blocks = parse_blocks(text)
    assert [b.line for b in blocks] == [3, 13] and blocks[1].skip == "not here"
    session = Session.create(ROOT, tmp_path, None)
    problem = compare("X.md", blocks[0], session.run(blocks[0]))
    # the timing is masked and `...` takes the second line; only the second command drifted
    assert problem.splitlines()[:2] == ["X.md:3: the block's output drifted from the program's", "$ printf 'a\\nb\\n'"]
    assert "-c" in problem.splitlines() and "+b" in problem.splitlines()

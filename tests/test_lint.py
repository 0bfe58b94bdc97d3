"""ruff and mypy are clean on src/ with the rules in pyproject.toml ([tool.ruff], [tool.mypy]); both come with the
test extras, so scripts/test (and CI) run them like every other test."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean_on_src():
    done = run("ruff", "check", "--no-cache", "src/")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_is_clean_on_src():
    done = run("mypy")  # files and settings: pyproject.toml (its cache: .mypy_cache)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout

"""The command line as a person meets it: every help has examples that run, --format gives parseable output,
--quiet keeps stderr empty, colours only on a terminal, and every error a user can hit says what to do next."""
from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import ROOT, SHARED
from scholarkg.cli import main
from servers import free_port

SCHOLARKG = [sys.executable, "-m", "scholarkg.cli"]  # not the venv's script: a reinstall may be rewriting it
EXAMPLE = ROOT / "examples" / "profile-listing.txt"

# Example lines that cannot run in a test, and why: each stays in the help because it is what a user types.
NOT_RUN = {
    "bolt://": "needs a Neo4j server on the fixed port 7687 (tests/test_neo4j_cli.py runs start/status/stop)",
    "falkordb": "starts a server on the fixed port 6379 (tests/test_falkordb_cli.py runs start/status/stop)",
    "scholarkg neo4j ": "starts servers on the fixed port 7687 and in ~/kg, left running (tests/test_neo4j_cli.py runs "
                        "start/status/stop)",
    "--executor dask": "needs a Dask cluster",
    "arxiv-pages/": "a folder of the user's own",
    "arxiv-oai-cs-2016": "the whole 102k-paper corpus: minutes (scripts/bench times it)",
    "scholarkg serve": "serves until Ctrl-C (tests/test_serve.py runs it)",
}


def commands(group: click.Group = main, prefix: tuple[str, ...] = ()):
    """(words, command) for the group itself and every command and subcommand under it."""
    yield prefix, group
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from commands(cmd, prefix + (name,))
        else:
            yield prefix + (name,), cmd


def example_lines() -> list[str]:
    """Every line of a help text that is a command to type (it starts with `scholarkg `), in help order."""
    out = []
    for _, cmd in commands():
        for line in (cmd.help or "").splitlines():
            line = line.strip()
            if line.startswith("scholarkg ") and line not in out:
                out.append(line)
    return out


def runnable(line: str, with_shared: bool) -> bool:
    if any(marker in line for marker in NOT_RUN):
        return False
    return with_shared == ("../shared" in line or "seeds.db" in line)


def in_order(lines: list[str]) -> list[str]:
    """Builds first (later examples read their graphs), removals last (they take sources away)."""
    rank = {"build": 0, "remove-source": 2}
    return sorted(lines, key=lambda line: rank.get(line.split()[1], 1))


def invoke(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder laid out like the repository for a new user: examples/ beside it, ../shared next door."""
    top = tmp_path_factory.mktemp("newuser")
    repo = top / "repo"
    (top / "bin").mkdir()
    (top / "bin" / "scholarkg").write_text(f'#!/bin/sh\nexec {sys.executable} -m scholarkg.cli "$@"\n')
    (top / "bin" / "scholarkg").chmod(0o755)
    shutil.copytree(ROOT / "examples", repo / "examples")
    if SHARED.is_dir():
        (top / "shared").symlink_to(SHARED)
    return repo


def shell(line: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHOLARKG_")}
    env["PATH"] = f"{cwd.parent / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(["bash", "-c", "set -o pipefail; " + line], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


# ------------------------------------------------------------------ help

def test_every_command_and_subcommand_has_examples():
    seen = []
    for words, cmd in commands():
        result = invoke(*words, "--help")
        assert result.exit_code == 0, result.output
        assert "Examples" in result.output, f"`scholarkg {' '.join(words)} --help` has no examples"
        seen.append(" ".join(words))
    assert {"", "parse", "extract", "build", "query", "queries", "stats", "export", "remove-source", "validate",
            "serve", "eval extraction", "viz coauthors", "viz lineage", "report", "falkordb status"} <= set(seen)


def test_the_group_help_shows_the_workflow_build_query_viz():
    text = invoke("--help").output
    workflow = text[text.index("build -> query -> viz"):text.index("Examples:")]
    steps = [line.split()[1] for line in workflow.splitlines()[1:] if line.strip().startswith("scholarkg ")]
    assert steps.index("build") < steps.index("query") < steps.index("viz")
    assert "NO_COLOR" in text


def test_examples_that_need_only_the_examples_folder_run(workdir):
    lines = in_order([line for line in example_lines() if runnable(line, with_shared=False)])
    assert len(lines) >= 20 and lines[0].startswith("scholarkg build examples/")
    for line in lines:
        done = shell(line, workdir)
        assert done.returncode == 0, f"{line}\n{done.stderr}"
        assert "Traceback" not in done.stderr
    assert (workdir / "mara.html").is_file() and (workdir / "report" / "index.html").is_file()
    assert json.loads((workdir / "extracted.jsonl").read_text().splitlines()[0])["methods"]


@pytest.mark.shared
def test_examples_that_need_the_seeds_run(workdir):
    lines = in_order([line for line in example_lines() if runnable(line, with_shared=True)])
    assert any("seeds.db" in line for line in lines) and lines[0].startswith("scholarkg build ../shared/seeds")
    for line in lines:
        done = shell(line, workdir)
        assert done.returncode == 0, f"{line}\n{done.stderr}"


# ------------------------------------------------------------------ --format

@pytest.fixture(scope="module")
def store(tmp_path_factory):
    uri = f"oxigraph:{tmp_path_factory.mktemp('polish') / 'kg'}"
    result = invoke("build", EXAMPLE, "--store", uri, "-q")
    assert result.exit_code == 0, result.output
    return uri


def test_query_in_every_format(store):
    args = ("query", "coauthors", "-p", "author=Mara Lindqvist", "--store", store)
    rows = json.loads(invoke(*args, "--format", "json").stdout)
    assert {"coauthor": "Aiko Tanabe", "papers": 3, "first_year": 2021, "last_year": 2025} in rows
    table = invoke(*args)
    assert table.stdout.splitlines()[0].split() == ["coauthor", "papers", "first_year", "last_year"]
    assert table.stderr == f"{len(rows)} rows\n"
    as_csv = invoke(*args, "--format", "csv")
    parsed = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    # the row count in every format, on stderr: stdout stays data only
    assert as_csv.stderr == invoke(*args, "--format", "json").stderr == f"{len(rows)} rows\n"
    assert [r["coauthor"] for r in parsed] == [r["coauthor"] for r in rows] and parsed[0]["papers"] == "3"


def test_stats_and_queries_in_every_format(store):
    counts = json.loads(invoke("stats", "--store", store, "--format", "json").stdout)
    assert counts["nodes"]["Paper"] == 9 and counts["sources"] == 1
    rows = list(csv.DictReader(io.StringIO(invoke("stats", "--store", store, "--format", "csv").stdout)))
    assert {"kind": "node", "label": "Paper", "count": "9"} in rows and rows[-1] == {"kind": "source", "label": "",
                                                                                      "count": "1"}
    assert "Paper" in invoke("stats", "--store", store).stdout
    catalog = json.loads(invoke("queries", "--format", "json").stdout)
    listed = list(csv.DictReader(io.StringIO(invoke("queries", "--format", "csv").stdout)))
    assert [q["name"] for q in catalog] == [q["name"] for q in listed]
    top = next(q for q in listed if q["name"] == "top-collaborations")
    assert top["params"] == "limit=20" and top["columns"] == "author_a author_b papers"


def test_falkordb_status_as_json_when_nothing_runs(tmp_path):
    result = invoke("falkordb", "status", "--dir", tmp_path / "none", "--format", "json")
    assert result.exit_code == 1 and json.loads(result.stdout)["running"] is False


@pytest.mark.shared
def test_eval_as_csv_and_json():
    gold = SHARED / "gold" / "extraction_dev.json"
    rows = list(csv.DictReader(io.StringIO(invoke("eval", "extraction", "--gold", gold, "--format", "csv").stdout)))
    document = json.loads(invoke("eval", "extraction", "--gold", gold, "--format", "json").stdout)
    assert document["documents"] == 30
    assert [r["name"] for r in rows] == list(document["scores"])
    assert float(rows[0]["f1"]) == pytest.approx(document["scores"][rows[0]["name"]]["f1"])
    quiet = invoke("eval", "extraction", "--gold", gold, "-q")
    assert quiet.exit_code == 0 and quiet.stderr == "" and "precision" in quiet.stdout


# ------------------------------------------------------------------ --quiet and progress bars

def test_quiet_leaves_stderr_empty_even_with_progress_bars_forced(store, tmp_path):
    forced = {"SCHOLARKG_PROGRESS": "1"}
    loud = invoke("parse", EXAMPLE, env=forced)
    assert loud.exit_code == 0 and "parsing" in loud.stderr  # the bar is drawn when forced, though not a terminal
    assert invoke("parse", EXAMPLE).stderr == ""  # and not drawn when stderr is no terminal
    for args in [("parse", EXAMPLE), ("extract", EXAMPLE),
                 ("query", "coauthors", "-p", "author=Mara Lindqvist", "--store", store)]:
        result = invoke(*args, "-q", env=forced)
        assert result.exit_code == 0 and result.stdout, (args, result.output)
        assert result.stderr == "", args
        assert invoke(*args, env=forced).stderr != "", args  # without -q there was something to hold back


def test_quiet_commands_that_write_files_say_only_what_they_wrote(store, tmp_path):
    forced = {"SCHOLARKG_PROGRESS": "1"}
    runs = [
        ("viz", "coauthors", "Mara Lindqvist", "--out", tmp_path / "m.svg", "--store", store),
        ("viz", "lineage", "Adam", "--out", tmp_path / "a.html", "--store", store),
        ("report", "--out", tmp_path / "report", "--store", store),
        ("export", "--format", "nq", tmp_path / "g.nq", "--store", store),
        ("export", "--format", "graphml", tmp_path / "g.graphml", "--store", store),
    ]
    for args in runs:
        result = invoke(*args, "-q", env=forced)
        assert result.exit_code == 0, (args, result.output)
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("wrote "), (args, result.stderr)
    assert (tmp_path / "g.nq").stat().st_size > 1000 and (tmp_path / "report" / "index.html").is_file()
    bar = invoke("export", "--format", "nq", tmp_path / "g2.nq", "--store", store, env=forced).stderr
    assert "exporting" in bar and bar.endswith(f"wrote {tmp_path / 'g2.nq'}\n")


def test_remove_source_says_what_it_removed(tmp_path):
    uri = f"oxigraph:{tmp_path / 'kg'}"
    assert invoke("build", EXAMPLE, "--store", uri, "-q", "--no-extract").exit_code == 0
    result = invoke("remove-source", EXAMPLE, "--store", uri)
    assert result.exit_code == 0 and result.stderr.startswith("removed source ")
    assert json.loads(invoke("stats", "--store", uri, "--format", "json").stdout)["sources"] == 0


# ------------------------------------------------------------------ colours

def on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """What the command prints when its stdout and stderr are a terminal (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([*SCHOLARKG, *args], stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode()


def test_colours_only_on_a_terminal_and_never_with_no_color(store):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    assert "\x1b[" in on_a_terminal("queries", env=env)
    assert "\x1b[" in on_a_terminal("stats", "--store", store, env=env)
    assert "\x1b[" not in on_a_terminal("queries", env={**env, "NO_COLOR": "1"})
    assert "\x1b[" not in on_a_terminal("stats", "--store", store, env={**env, "NO_COLOR": "1"})
    piped = subprocess.run([*SCHOLARKG, "queries"], capture_output=True, text=True, env=env, timeout=60)
    assert piped.returncode == 0 and "coauthors" in piped.stdout and "\x1b[" not in piped.stdout


# ------------------------------------------------------------------ errors say what to do next

def error_of(*args, env=None) -> tuple[int, str]:
    result = invoke(*args, env=env)
    lines = result.stderr.splitlines()
    assert result.exit_code != 0 and "Traceback" not in result.output
    return result.exit_code, lines[-1] if lines else ""


def test_store_errors_say_what_to_do_next(tmp_path):
    code, line = error_of("stats", "--store", "foo:/tmp/x")
    assert code == 2 and "unknown store URI 'foo:/tmp/x'" in line and "--store oxigraph:./scholarkg.db" in line

    missing = tmp_path / "nothere.db"
    code, line = error_of("query", "coauthors", "-p", "author=x", "--store", f"oxigraph:{missing}")
    assert code == 2 and line == (f"scholarkg: error: no graph at {missing}: build one with `scholarkg build INPUT... "
                                  f"--store oxigraph:{missing}`, or name another with --store")
    assert not missing.exists()  # and no empty store was left behind
    for args in (("stats",), ("export", "--format", "nq", tmp_path / "g.nq"), ("validate",),
                 ("viz", "coauthors", "x", "--out", tmp_path / "x.html"), ("report", "--out", tmp_path / "r"),
                 ("remove-source", "x"), ("serve", "--bind", "127.0.0.1:0")):
        code, line = error_of(*args, env={"SCHOLARKG_STORE": f"oxigraph:{missing}"})
        assert code == 2 and "no graph at" in line and "scholarkg build" in line, args

    code, line = error_of("stats", "--store", f"falkordb://127.0.0.1:{free_port()}/g")
    assert code == 6 and "cannot reach FalkorDB" in line and "`scholarkg falkordb start`" in line
    code, line = error_of("stats", "--store", f"sparql+http://127.0.0.1:{free_port()}/query")
    assert code == 6 and "cannot reach SPARQL endpoint" in line and "Check the host, port and path of --store" in line


def test_neo4j_down_is_one_line_with_a_next_step():
    done = subprocess.run([*SCHOLARKG, "stats", "--store", f"neo4j://127.0.0.1:{free_port()}"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 6
    assert done.stderr.splitlines() == [
        "scholarkg: error: cannot reach Neo4j at neo4j://127.0.0.1:" + done.stderr.split("127.0.0.1:")[1].split(":")[0]
        + ": ServiceUnavailable. Is Neo4j running? `scholarkg neo4j start` starts one on this machine (Java 17+ and "
        "Maven), or `docker compose -f docker/compose.yml up -d neo4j`."]


def test_query_errors_say_what_to_do_next(store):
    code, line = error_of("query", "coauthor", "-p", "author=x", "--store", store)
    assert code == 5 and "did you mean: coauthors" in line
    code, line = error_of("query", "nothing-like-it", "--store", store)
    assert code == 5 and "`scholarkg queries`" in line
    code, line = error_of("query", "coauthors", "-p", "author", "--store", store)
    assert code == 2 and "expected K=V, got 'author'" in line and "--param author=" in line
    code, line = error_of("query", "coauthors", "--store", store)
    assert code == 5 and "pass --param author=" in line
    code, line = error_of("query", "coauthors", "-p", "author=Zebedee Quux", "--store", store)
    assert code == 5 and line == ("scholarkg: error: no Author named 'Zebedee Quux' in the graph. "
                                  "`scholarkg query prolific-authors -p limit=100` lists the authors it holds.")
    code, line = error_of("query", "coauthors", "-p", "author=Mara Lindqvst", "--store", store)
    assert code == 5 and line.endswith("Close matches: Mara Lindqvist.")
    code, line = error_of("query", "method-papers", "-p", "method=Nothing At All", "--store", store)
    assert code == 5 and line.endswith("`scholarkg query methods` lists the methods it holds (`-p name=TEXT`: those "
                                       "whose name or an alias contains TEXT).")
    code, line = error_of("query", "dataset-papers", "-p", "dataset=Nothing At All", "--store", store)
    assert code == 5 and "`scholarkg query datasets` lists the datasets it holds" in line
    rows = json.loads(invoke("query", "methods", "-p", "name=adam", "--store", store, "--format", "json").stdout)
    assert rows and all("adam" in (r["method"] + " ".join(r["aliases"])).lower() for r in rows)


def test_input_errors_say_what_to_do_next(tmp_path):
    code, line = error_of("parse", tmp_path / "nothere.txt")
    assert code == 3 and line.endswith("nothere.txt: no such file or directory. Check the path.")
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "unterminated\n')
    code, line = error_of("parse", bad)
    assert code == 3 and str(bad) in line and line.endswith("or pass --on-error skip to read the rest.")
    result = invoke("parse", bad, EXAMPLE, "--on-error", "skip")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 9 and "skipped" in result.stderr
    code, line = error_of("parse", EXAMPLE, "--format", "nope")
    assert code == 2 and "known: " in line and "profile" in line  # a bad option, as README "When things go wrong"

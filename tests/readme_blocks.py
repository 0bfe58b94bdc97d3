"""Run the ``console`` blocks of a Markdown file and compare what they print with what the file shows.

A block is a fenced ``console`` block: lines starting with ``$ `` are commands, the lines after a command (up to
the next one) are what it prints, stdout and stderr together as a terminal shows them. A line ``...`` (alone, or
followed by two spaces and a remark) stands for any number of lines; ``...`` inside a line for any text.
Timings ("2.6 s", "3 papers/s"), process ids, memory sizes and the folder the blocks run in are masked on both
sides, so only what a reader can rely on is compared.

An HTML comment on the line before the fence tells the runner about the block (it does not show on GitHub):

- ``<!-- readme-test: skip REASON -->``: the block is not run (it needs Docker, a second process, ...); the test
  reports it as skipped with REASON.
- ``<!-- readme-test: shared -->``: the block reads what a block above it built from ../shared (blocks naming
  ../shared or seeds.db are known to need it); without ../shared it is deselected with the others.
- ``<!-- readme-test: cwd DIR -->``: the commands run in a second clone DIR, where nothing was built yet (for
  "in a folder with no graph yet", or a first build).

Every other block runs, in file order, in one folder laid out like a clone of the repository (``../shared``
beside it when present) where ``scripts/demo`` has run, so later blocks see what earlier ones built. ``python tests/readme_blocks.py
[README.md] [--block LINE]`` prints what each block prints now, masked, ready to paste into the file.
"""
from __future__ import annotations

import difflib
import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

END = "\x1eEND-OF-COMMAND\x1e"
_DIRECTIVE = re.compile(r"^<!--\s*readme-test:\s*(\w+)\s*(.*?)\s*-->\s*$")


@dataclass
class Block:
    """One ``console`` block: where it starts (the fence's line number), its commands and their shown output."""

    line: int
    commands: list[str] = field(default_factory=list)
    outputs: list[list[str]] = field(default_factory=list)
    directives: dict[str, str] = field(default_factory=dict)

    @property
    def skip(self) -> str | None:
        return self.directives.get("skip")

    @property
    def needs_shared(self) -> bool:
        """Reads ../shared, or a graph built from it (a block above it built from ../shared)."""
        return "shared" in self.directives or any("../shared" in c or "seeds.db" in c for c in self.commands)


def parse_blocks(text: str) -> list[Block]:
    """The ``console`` blocks of a Markdown text.

    >>> [b.commands for b in parse_blocks("```console\\n$ echo hi\\nhi\\n```\\n")]
    [['echo hi']]
    """
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        block = Block(i + 1)
        j = i - 1
        while j >= 0 and (m := _DIRECTIVE.match(lines[j].strip())):
            block.directives[m[1]] = m[2]
            j -= 1
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            if lines[i].startswith("$ "):
                block.commands.append(lines[i][2:])
                block.outputs.append([])
            elif block.commands:
                block.outputs[-1].append(lines[i])
            i += 1
        blocks.append(block)
        i += 1
    return blocks


# (pattern, replacement) applied to shown and actual output alike
_MASKS = [
    (re.compile(r"\b\d+(?:\.\d+)? (s|ms)\b"), r"N \1"),
    (re.compile(r"\b[\d,]+ papers/s\b"), "N papers/s"),
    (re.compile(r"\b(pid|process) \d+"), r"\1 N"),
    (re.compile(r"^(\s*memory\s+)\S+$"), r"\1N"),
]


def mask(line: str) -> str:
    """A line with what changes from run to run replaced by N.

    >>> mask("Built x: 9 papers read from 1 sources in 2.6 s (3 papers/s); FalkorDB started (pid 32153)")
    'Built x: 9 papers read from 1 sources in N s (N papers/s); FalkorDB started (pid N)'
    """
    for pattern, repl in _MASKS:
        line = pattern.sub(repl, line)
    return line.rstrip()


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` lines fit ``shown`` lines, where ``...`` is a wildcard (a whole line: any lines).

    >>> matches(["a", "...", "z"], ["a", "b", "c", "z"]), matches(["x ... y"], ["x 1 2 y"]), matches(["a"], ["b"])
    (True, True, False)
    """
    parts = []
    for line in shown:
        line = mask(line)
        if line == "..." or line.startswith("...  "):
            parts.append(r"(?:[^\n]*\n)*")
        else:
            parts.append("[^\n]*".join(re.escape(piece) for piece in line.split("...")) + r"\n")
    text = "".join(mask(line) + "\n" for line in actual)
    return re.fullmatch("".join(parts), text) is not None


@dataclass
class Session:
    """A folder laid out like a clone of the repository, where blocks run one after another."""

    root: Path  # the repository whose files the blocks read
    repo: Path  # the folder they run in
    shared: Path | None
    replace: dict[str, str] = field(default_factory=dict)  # text in the file -> text to run instead (ports)

    @classmethod
    def create(cls, root: Path, top: Path, shared: Path | None) -> "Session":
        repo = top / "repo"
        repo.mkdir(parents=True)
        bin_dir = top / "bin"
        bin_dir.mkdir()
        # `scholarkg` as installed, but through this interpreter (a reinstall may be rewriting the venv's script)
        (bin_dir / "scholarkg").write_text(
            f'#!/bin/sh\nexec "{sys.executable}" -c "import sys; from scholarkg.cli import main; '
            f'sys.exit(main(prog_name=\'scholarkg\'))" "$@"\n')
        (bin_dir / "scholarkg").chmod(0o755)
        _link_clone(root, repo)
        if shared is not None and shared.is_dir():
            (top / "shared").symlink_to(shared)
        session = cls(root, repo, shared)
        session.falkordb_port()
        session.install_linter()
        return session

    def demo(self) -> subprocess.CompletedProcess:
        """Do in the session's folder what ``scripts/demo`` does after installing (its ``scholarkg`` lines), as a
        new user does before reading on."""
        lines = [line for line in (self.root / "scripts" / "demo").read_text(encoding="utf-8").splitlines()
                 if line.startswith("scholarkg ")]
        return subprocess.run(["bash", "-c", "set -e\n" + "\n".join(lines)], cwd=self.repo, env=self.env(),
                              capture_output=True, text=True, timeout=600)

    def install_linter(self) -> None:
        """Let scripts/lint-cypher make its one-time `npm ci` now, so its block shows what every later run prints."""
        import shutil

        if shutil.which("node") and shutil.which("npm"):
            subprocess.run(["bash", str(self.root / "scripts" / "lint-cypher"),
                            str(self.root / "src" / "scholarkg" / "queries" / "coauthors.cypher")],
                           capture_output=True, timeout=600)

    def falkordb_port(self) -> None:
        """Blocks show FalkorDB on its default port 6379; run them on a free one (another server may hold 6379)
        by giving the data directory that port as the one it "used last", which `scholarkg falkordb start` reuses."""
        from servers import free_port

        port = free_port()
        data = self.repo / "falkordb-data"
        data.mkdir()
        (data / "falkordb.conf").write_text(f"port {port}\n", encoding="utf-8")
        self.replace["6379"] = str(port)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SCHOLARKG_", "NEO4J_"))}
        path = [str(self.repo.parent / "bin"), str(Path(sys.executable).parent), env.get("PATH", "")]
        env.update(PATH=os.pathsep.join(path), PYTHONUNBUFFERED="1", NO_COLOR="1", COLUMNS="120")
        return env

    def run(self, block: Block, timeout: float = 900) -> list[list[str]]:
        """What each command of ``block`` prints (stdout and stderr in the order written), masked of this folder."""
        cwd = self.repo
        if "cwd" in block.directives:  # a second clone, where nothing was built yet
            cwd = self.repo.parent / block.directives["cwd"]
            if not cwd.exists():
                cwd.mkdir()
                _link_clone(self.root, cwd)
        script = ["exec 2>&1"]
        for command in block.commands:
            for shown, used in self.replace.items():
                command = command.replace(shown, used)
            script += [command, f"__rc=$?; printf '\\n{END}\\n'; (exit $__rc)"]
        proc = subprocess.Popen(["bash", "-c", "\n".join(script)], cwd=cwd, env=self.env(), stdout=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, text=True, start_new_session=True)
        try:
            text, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:  # a command that never ends (a server): stop it and everything it started
            os.killpg(proc.pid, signal.SIGKILL)
            text, _ = proc.communicate()
            text += f"\n(readme-test: stopped after {timeout:.0f} s; mark a block that does not end as skip)\n"
        for shown, used in self.replace.items():
            text = text.replace(used, shown)
        # tools that resolve links (scripts/lint-cypher) print the real repository's path, relative or not
        text = text.replace(os.path.relpath(self.root, cwd) + "/", "").replace(str(self.root) + "/", "")
        text = text.replace(str(cwd), "/tmp/readme-demo")
        pieces = text.split(f"\n{END}\n")[: len(block.commands)]
        return [piece.splitlines() for piece in pieces]


def _link_clone(root: Path, folder: Path) -> None:
    """Make ``folder`` look like a fresh clone of ``root``: a link to each tracked top-level entry (the blocks only
    read them; what they write lands in ``folder`` itself)."""
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True).stdout.splitlines()
    for name in sorted({line.split("/")[0] for line in tracked} or {p.name for p in root.iterdir()}):
        if (root / name).exists() and not (folder / name).exists():
            (folder / name).symlink_to(root / name)


def compare(path: str, block: Block, actual: list[list[str]]) -> str | None:
    """None when every command printed what the file shows; else a diff naming the file and line."""
    problems = []
    for command, shown, got in zip(block.commands, block.outputs, actual):
        if not matches(shown, got):
            diff = difflib.unified_diff([mask(s) for s in shown], [mask(g) for g in got], "shown in the file",
                                        "printed now", lineterm="", n=2)
            problems.append(f"$ {command}\n" + "\n".join(diff))
    if not problems:
        return None
    return f"{path}:{block.line}: the block's output drifted from the program's\n" + "\n\n".join(problems)


def render(block: Block, actual: list[list[str]]) -> str:
    """The block as it would read with the output printed now (for pasting back into the file)."""
    lines = ["```console"]
    for command, got in zip(block.commands, actual):
        lines.append(f"$ {command}")
        lines += [g.rstrip() for g in got]
    return "\n".join(lines + ["```"])


def _main(argv: list[str]) -> int:
    import argparse
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", default="README.md")
    ap.add_argument("--block", type=int, action="append", help="only the block whose fence is on this line (and "
                    "the blocks before it are run first, for the state they leave)")
    args = ap.parse_args(argv)
    path = Path(args.file).resolve()
    root = path.parent
    shared = Path(os.environ.get("SCHOLARKG_SHARED", root.parent / "shared"))
    blocks = parse_blocks(path.read_text(encoding="utf-8"))
    last = max(args.block) if args.block else None
    failed = 0
    with tempfile.TemporaryDirectory() as top:
        session = Session.create(root, Path(top), shared)
        session.demo().check_returncode()
        try:
            for block in blocks:
                if block.skip is not None or (last is not None and block.line > last):
                    continue
                actual = session.run(block)
                if args.block and block.line not in args.block:
                    continue
                problem = compare(args.file, block, actual)
                failed += problem is not None
                print(f"--- {args.file}:{block.line} ({'drifted' if problem else 'as shown'})")
                print(render(block, actual))
        finally:
            stop_falkordb(session)
    return 1 if failed else 0


def stop_falkordb(session: Session) -> None:
    """Stop a FalkorDB server a block started in the session's folder and left running."""
    data = session.repo / "falkordb-data"
    if (data / "falkordb.pid").is_file():
        subprocess.run(["scholarkg", "falkordb", "stop"], cwd=session.repo, env=session.env(),
                       capture_output=True, timeout=120)


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))

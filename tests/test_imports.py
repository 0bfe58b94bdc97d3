"""The package reads as the pipeline (sources -> extract -> resolve -> stores -> queries and the CLI on top): no
module imports a later layer, and no modules import each other, not even from inside a function.

Read from the source with ``ast`` (imports inside functions count: they are cycles all the same, only later).
"""
from __future__ import annotations

import ast
from pathlib import Path

import scholarkg

PACKAGE = Path(scholarkg.__file__).parent

# Each layer may import itself and the layers before it. Modules not named sit in the layer of their subpackage.
LAYERS = [
    {"", "errors", "model", "resources", "graph_model"},  # what every layer shares ("": the package itself)
    {"sources"},
    {"keys"},
    {"extract"},
    {"resolve"},
    {"pipeline"},
    {"stores"},
    {"build", "catalog", "export", "validate", "serve", "serve_formats", "viz", "servers"},
    {"cli"},
]
# The one bridge backwards: the keys module gathers the key functions that live beside their resolvers.
ALLOWED = {("scholarkg.keys", "scholarkg.resolve.names"), ("scholarkg.keys", "scholarkg.resolve.orgs")}
KNOWN_CYCLES: list[list[str]] = []  # none: a new cycle fails


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return out


def _imports(modules: dict[str, tuple[Path, bool]]) -> dict[str, set[str]]:
    """module -> the package's modules it imports anywhere in its text."""
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[:len(base) - node.level + 1]
                    prefix = ".".join(base + ([node.module] if node.module else []))
                else:
                    prefix = node.module or ""
                targets = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in modules else prefix for a in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target.startswith("scholarkg") and target != name:
                    deps.add(target)
        graph[name] = deps
    return graph


def _layer(module: str) -> int:
    part = module.split(".")[1] if "." in module else ""
    for i, names in enumerate(LAYERS):
        if part in names:
            return i
    raise AssertionError(f"{module} is in no layer of tests/test_imports.py: add it where it belongs")


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_no_import_cycles():
    assert _cycles(_imports(_modules())) == KNOWN_CYCLES


def test_no_module_imports_a_later_layer():
    graph = _imports(_modules())
    wrong = sorted((m, d) for m, deps in graph.items() for d in deps
                   if m != "scholarkg" and _layer(d) > _layer(m) and (m, d) not in ALLOWED)
    assert wrong == []


def test_the_checks_see_a_cycle_and_a_backward_import():
    # the checks themselves on a made-up graph: a cycle is found, a backward import is a later layer
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _layer("scholarkg.cli.build") > _layer("scholarkg.stores.rdf") > _layer("scholarkg.sources.bibtex")


def test_opening_a_store_does_not_import_spacy():
    # `scholarkg stats` and a build that finds its store busy answer at once: importing spaCy takes seconds
    import subprocess
    import sys
    code = ("import sys; from scholarkg.stores import open_store; import scholarkg.stores.identity; "
            "import scholarkg.cli; print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

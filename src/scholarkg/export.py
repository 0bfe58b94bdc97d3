"""Property-graph exports of any store (``Store.iter_graph``): Neo4j admin-import CSV files and GraphML.

``neo4j-csv`` writes one ``nodes_<Label>.csv`` per label and one ``rels_<TYPE>_<Start>_<End>.csv`` per edge kind in
the header format of ``neo4j-admin database import`` (ID spaces per label, typed columns, a character no array item
holds between array items: ``;`` unless the data has one), plus ``import.sh`` with the command line that loads
exactly those files (array delimiter included). ``graphml`` writes one GraphML
file with a typed ``<key>`` per property. Both are sorted, so the same graph gives byte-identical files whatever
store it comes from.

>>> neo4j_type("int", [2019, 2021]), neo4j_type("list", [["a"]]), neo4j_type(None, [True, False])
('int', 'string[]', 'boolean')
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Mapping

from . import graph_model
from .errors import ConfigError, StoreError
from .resources import resource

ARRAY_DELIMITER = "auto"
# What ``auto`` tries, in order: the first character no array item of the graph holds (an organization alias may be
# a whole affiliation string, "…, PA; Max-Planck-Institut …", so ";" alone does not do on real data).
DELIMITER_CHOICES = ";|¦§¤"
INT32 = range(-2**31, 2**31)
# graph-model kind -> (Neo4j import type, GraphML attr.type)
KIND_TYPES = {"str": ("string", "string"), "int": ("int", "int"), "bool": ("boolean", "boolean"),
              "float": ("double", "double"), "list": ("string[]", "string")}
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_SCHEMA = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

Graph = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def value_kind(value: Any) -> str:
    """The graph-model kind of a Python value (``str``, ``int``, ``bool``, ``float``, ``list``)."""
    for kind, cls in (("bool", bool), ("int", int), ("float", float), ("list", list)):
        if isinstance(value, cls):
            return kind
    return "str"


def column_kind(declared: str | None, values: Iterable[Any]) -> str:
    """The kind of a column: the graph model's where it declares one, else what every value shares (``str``
    when they differ)."""
    if declared:
        return declared
    kinds = {value_kind(v) for v in values}
    return kinds.pop() if len(kinds) == 1 else "str"


def neo4j_type(declared: str | None, values: list[Any]) -> str:
    """The Neo4j import type of a column; ``long`` where an int column holds a value beyond 32 bits."""
    kind = column_kind(declared, values)
    if kind == "int" and any(isinstance(v, int) and v not in INT32 for v in values):
        return "long"
    return KIND_TYPES[kind][0]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _columns(declared: Mapping[str, str], rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(property, kind, Neo4j type) for every property the model declares or the rows carry, sorted by name."""
    names = sorted(set(declared) | {name for row in rows for name in row["props"]})
    out = []
    for name in names:
        values = [row["props"][name] for row in rows if name in row["props"]]
        kind = column_kind(declared.get(name), values)
        out.append((name, kind, neo4j_type(kind, values)))
    return out


class _CsvFile:
    """One CSV file in the dialect neo4j-admin reads: comma, double quotes (doubled inside), ``\\n`` line ends."""

    def __init__(self, header: list[str], array_delimiter: str):
        self.buf = io.StringIO()
        self.writer = csv.writer(self.buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        self.writer.writerow(header)
        self.array_delimiter = array_delimiter

    def cell(self, value: Any, kind: str, where: str) -> str:
        if value is None:
            return ""
        if kind == "list":
            for item in value:
                if self.array_delimiter in str(item):
                    raise ConfigError(f"{where}: the value {item!r} contains the array delimiter "
                                      f"{self.array_delimiter!r}; choose another with --array-delimiter")
            return self.array_delimiter.join(_text(item) for item in value)
        return _text(value)


def _write_atomically(path: Path, text: str, mode: int | None = None) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    if mode is not None:
        tmp.chmod(mode)
    os.replace(tmp, path)


def choose_array_delimiter(graph: Graph, wanted: str = ARRAY_DELIMITER) -> str:
    """``wanted``, or for ``auto`` the first of ``DELIMITER_CHOICES`` that no array item of ``graph`` contains.

    >>> choose_array_delimiter(([{"props": {"aliases": ["A; B"]}, "sources": ["s1"]}], []))
    '|'
    """
    if wanted != "auto":
        return wanted
    used: set[str] = set()
    for row in graph[0] + graph[1]:
        for value in [row["sources"], *row["props"].values()]:
            if isinstance(value, list):
                used.update(ch for item in value for ch in str(item) if ch in DELIMITER_CHOICES)
    for choice in DELIMITER_CHOICES:
        if choice not in used:
            return choice
    raise ConfigError(f"every array delimiter scholarkg tries ({' '.join(DELIMITER_CHOICES)}) occurs in an array item "
                      "of this graph; choose another with --array-delimiter")


def neo4j_csv_files(graph: Graph, array_delimiter: str = ARRAY_DELIMITER) -> dict[str, str]:
    """The node and relationship files of ``graph`` by file name (without ``import.sh``); ``array_delimiter``
    ``auto`` picks one the data does not contain (``choose_array_delimiter``)."""
    nodes, edges = graph
    array_delimiter = choose_array_delimiter(graph, array_delimiter)
    if len(array_delimiter) != 1 or array_delimiter in ',"\n\r':
        raise ConfigError(f"the array delimiter must be one character other than comma, quote or newline, "
                          f"not {array_delimiter!r}")
    files: dict[str, str] = {}
    by_label: dict[str, list[dict[str, Any]]] = {}
    for node in nodes:
        by_label.setdefault(node["label"], []).append(node)
    for label, rows in sorted(by_label.items()):
        columns = _columns(graph_model.NODES.get(label, {}), rows)
        out = _CsvFile([f"key:ID({label})"] + [_header(n, t) for n, _, t in columns] + ["sources:string[]", ":LABEL"],
                       array_delimiter)
        for row in rows:
            where = f"{label} {row['key']!r}"
            out.writer.writerow([row["key"]] + [out.cell(row["props"].get(n), k, f"{where} {n}") for n, k, _ in columns]
                                + [out.cell(row["sources"], "list", f"{where} sources"), label])
        files[f"nodes_{label}.csv"] = out.buf.getvalue()
    by_kind: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for edge in edges:
        by_kind.setdefault((edge["type"], edge["start"][0], edge["end"][0]), []).append(edge)
    for (etype, start, end), rows in sorted(by_kind.items()):
        columns = _columns(graph_model.EDGES.get((etype, start, end), {}), rows)
        out = _CsvFile([f":START_ID({start})", f":END_ID({end})"] + [_header(n, t) for n, _, t in columns]
                       + ["sources:string[]", ":TYPE"], array_delimiter)
        for row in rows:
            where = f"{etype} {row['start'][1]!r} -> {row['end'][1]!r}"
            out.writer.writerow([row["start"][1], row["end"][1]]
                                + [out.cell(row["props"].get(n), k, f"{where} {n}") for n, k, _ in columns]
                                + [out.cell(row["sources"], "list", f"{where} sources"), etype])
        files[f"rels_{etype}_{start}_{end}.csv"] = out.buf.getvalue()
    return files


def _header(name: str, neo4j: str) -> str:
    return name if neo4j == "string" else f"{name}:{neo4j}"


def import_script(filenames: Iterable[str], array_delimiter: str = ";") -> str:
    """``import.sh``: the ``neo4j-admin database import full`` command line for the exported files.

    >>> print(import_script(["nodes_Paper.csv", "rels_CITES_Paper_Paper.csv"]).splitlines()[-3])
      --nodes=nodes_Paper.csv \\
    """
    names = sorted(filenames)
    args = ["--id-type=string", "--delimiter=,", f"--array-delimiter={shlex.quote(array_delimiter)}",
            "--quote='\"'", "--multiline-fields=true", "--legacy-style-quoting=false", "--trim-strings=false"]
    args += [f"--nodes={shlex.quote(n)}" for n in names if n.startswith("nodes_")]
    args += [f"--relationships={shlex.quote(n)}" for n in names if n.startswith("rels_")]
    lines = [
        "#!/bin/sh",
        "# Load the CSV files beside this script into a new, empty Neo4j 5 database (default: neo4j; stop it first,",
        "# or pass another name). Further arguments go to neo4j-admin: a Neo4j that has run once already has an",
        "# (empty) database neo4j, which only `./import.sh neo4j --overwrite-destination` replaces.",
        "# NEO4J_ADMIN names the neo4j-admin binary. The import creates no indexes or constraints: once the",
        "# database runs, create them with `cypher-shell -f constraints.cypher`.",
        "# Written by `scholarkg export --format neo4j-csv`.",
        "set -e",
        'cd "$(dirname "$0")"',
        'database="${1:-neo4j}"',
        '[ $# -gt 0 ] && shift',
        '"${NEO4J_ADMIN:-neo4j-admin}" database import full "$database" \\',
    ]
    lines += [f"  {a} \\" for a in args]
    lines.append('  "$@"')
    return "\n".join(lines) + "\n"


OUR_FILES = ("nodes_*.csv", "rels_*.csv")


def write_neo4j_csv(graph: Graph, directory: str | Path, *, array_delimiter: str = ARRAY_DELIMITER) -> list[Path]:
    """Write the files of ``graph``, ``import.sh`` and the key constraints (``constraints.cypher``, the same
    statements ``scholarkg build`` applies to Neo4j) into ``directory`` (created if needed). Node and
    relationship files an earlier export left there and this one does not write are removed, so ``import.sh``
    and the directory always agree. Returns the paths written."""
    directory = Path(directory)
    array_delimiter = choose_array_delimiter(graph, array_delimiter)
    files = neo4j_csv_files(graph, array_delimiter)
    if directory.exists() and not directory.is_dir():
        raise ConfigError(f"{directory} is a file; --format neo4j-csv writes a directory of files")
    directory.mkdir(parents=True, exist_ok=True)
    for pattern in OUR_FILES:
        for old in directory.glob(pattern):
            if old.name not in files:
                old.unlink()
    written = []
    for name, text in files.items():
        _write_atomically(directory / name, text)
        written.append(directory / name)
    _write_atomically(directory / "import.sh", import_script(files, array_delimiter), mode=0o755)
    _write_atomically(directory / "constraints.cypher",
                      resource("schema", "neo4j", "constraints.cypher").read_text(encoding="utf-8"))
    written += [directory / "import.sh", directory / "constraints.cypher"]
    return written


def _graphml_keys(domain: str, rows: list[dict[str, Any]], declared: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """property -> GraphML attr.type for one domain (node or edge); a name typed differently by two labels,
    or holding values of different kinds, is a string."""
    kinds: dict[str, set[str]] = {}
    for props in declared:
        for name, kind in props.items():
            kinds.setdefault(name, set()).add(kind)
    known = set(kinds)
    for row in rows:
        for name, value in row["props"].items():
            if name not in known:
                kinds.setdefault(name, set()).add(value_kind(value))
    out = {name: KIND_TYPES[ks.pop()][1] if len(ks) == 1 else "string" for name, ks in sorted(kinds.items())}
    if domain == "node":
        return {"labels": "string", "key": "string", **out, "sources": "string"}
    return {"label": "string", **out, "sources": "string"}


def _graphml_value(value: Any) -> str:
    if isinstance(value, list):  # GraphML has no list type: a JSON array in a string
        return json.dumps(value, ensure_ascii=False)
    return _text(value)


def write_graphml(graph: Graph, out: BinaryIO) -> None:
    """Write ``graph`` as one GraphML document to the binary stream ``out``.

    Nodes are ``n0, n1, ...`` in (label, key) order, with ``labels`` (``:Paper``, as Neo4j's tools write it) and
    ``key``; edges carry their type as ``label``; lists (``aliases``, ``sources``) are JSON arrays.
    """
    from lxml import etree

    nodes, edges = graph
    node_keys = _graphml_keys("node", nodes, graph_model.NODES.values())
    edge_keys = _graphml_keys("edge", edges, graph_model.EDGES.values())
    ids = {(n["label"], n["key"]): f"n{i}" for i, n in enumerate(nodes)}
    xsi = "http://www.w3.org/2001/XMLSchema-instance"

    def element(tag: str, attrs: dict[str, str]):
        # no namespace of its own: written inside <graphml xmlns=...> it takes the GraphML default namespace,
        # without a declaration repeated on every element
        return etree.Element(tag, attrs)

    def emit(el, indent: str) -> None:
        xf.write(indent)
        xf.write(el)
        xf.write("\n")

    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(f"{{{GRAPHML_NS}}}graphml", {f"{{{xsi}}}schemaLocation": GRAPHML_SCHEMA},
                        nsmap={None: GRAPHML_NS, "xsi": xsi}):
            xf.write("\n")
            for domain, keys in (("node", node_keys), ("edge", edge_keys)):
                for name, attr_type in keys.items():
                    emit(element("key", {"id": f"{domain}.{name}", "for": domain, "attr.name": name,
                                         "attr.type": attr_type}), "  ")
            xf.write("  ")
            with xf.element(f"{{{GRAPHML_NS}}}graph", {"id": "scholarkg", "edgedefault": "directed"}):
                xf.write("\n")
                for node in nodes:
                    el = element("node", {"id": ids[(node["label"], node["key"])]})
                    values = {"labels": f":{node['label']}", "key": node["key"], **node["props"], "sources": node["sources"]}
                    _add_data(el, "node", node_keys, values, f"{node['label']} {node['key']!r}")
                    emit(el, "    ")
                for i, edge in enumerate(edges):
                    try:
                        ends = {"source": ids[edge["start"]], "target": ids[edge["end"]]}
                    except KeyError as exc:
                        raise StoreError(f"edge {edge['type']} {edge['start']} -> {edge['end']} points at a node the "
                                         f"store did not list: {exc}") from None
                    el = element("edge", {"id": f"e{i}", **ends})
                    _add_data(el, "edge", edge_keys, {"label": edge["type"], **edge["props"], "sources": edge["sources"]},
                              f"{edge['type']} {edge['start'][1]!r} -> {edge['end'][1]!r}")
                    emit(el, "    ")
                xf.write("  ")
            xf.write("\n")
    out.write(b"\n")


# characters XML 1.0 cannot carry at all, escaped or not
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _add_data(el, domain: str, keys: dict[str, str], values: dict[str, Any], where: str) -> None:
    from lxml import etree

    for name in keys:
        if name in values:
            text = _graphml_value(values[name])
            bad = _NOT_XML.search(text)
            if bad:
                raise ConfigError(f"{where} {name}: holds the character U+{ord(bad.group()):04X}, which XML cannot "
                                  "carry; GraphML cannot represent this value (--format neo4j-csv can)")
            data = etree.SubElement(el, "data", {"key": f"{domain}.{name}"})
            data.text = text


PROPERTY_GRAPH_FORMATS = ("graphml", "neo4j-csv")


def export_property_graph(store, fmt: str, out: str | Path, *, array_delimiter: str = ARRAY_DELIMITER) -> dict[str, Any]:
    """Export ``store`` as ``graphml`` (a file, ``-`` for stdout) or ``neo4j-csv`` (a directory); returns counts
    and the paths written."""
    import sys

    if fmt not in PROPERTY_GRAPH_FORMATS:
        raise ConfigError(f"unknown property-graph format {fmt!r} (formats: {', '.join(PROPERTY_GRAPH_FORMATS)})")
    if fmt == "neo4j-csv" and str(out) == "-":
        raise ConfigError("--format neo4j-csv writes a directory of files: give a directory, not '-'")
    graph = store.iter_graph()
    summary: dict[str, Any] = {"nodes": len(graph[0]), "edges": len(graph[1])}
    if fmt == "neo4j-csv":
        summary["files"] = [str(p) for p in write_neo4j_csv(graph, out, array_delimiter=array_delimiter)]
    elif str(out) == "-":
        write_graphml(graph, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        path = Path(out)
        tmp = path.with_name(path.name + ".tmp")
        try:
            with open(tmp, "wb") as f:
                write_graphml(graph, f)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        summary["files"] = [str(path)]
    return summary

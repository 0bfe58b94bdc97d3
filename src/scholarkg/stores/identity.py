"""Merging and dropping nodes in a written store: the corpus-wide identity pass after a build or remove-source.

``refresh_method_identity(store)`` reads every Method node's names, aliases and paper counts and every paper title
through three internal questions (``_method-forms``, ``_method-paper-counts``, ``_paper-titles``: the same rows
from Cypher and SPARQL), asks
``resolve.methods.plan_identity`` which nodes are one method and which names nothing supports, and has the store
carry the plan out with ``merge_nodes``. Stores call it from ``finish_changes`` before they refresh their rankings.

Merging node *old* into node *new* (any label whose edges carry no properties but ``sources``, so not Author:
AUTHORED carries a position) keeps provenance: every edge of *old* becomes the same edge of *new*, asserted by the
same sources (an edge that would join *new* to itself goes); *new* is asserted by the sources of both, keeps its
own name (so a node's name only ever comes from the sources asserting its key, whatever order they came in), and
its aliases gain *old*'s name (the smallest: a property graph keeps one name per node), *old*'s aliases and its own
name. In the RDF stores each source's named graph is rewritten in place, so removing a source later removes exactly
what it asserted; the property-graph stores union the ``sources`` lists. A merge is not undone when the evidence for it goes with a removed source.
"""
from __future__ import annotations

import time
from typing import Any, Iterable, Mapping

from ..graph_model import EDGES
from ..resolve.methods import IdentityPlan, MethodNode, plan_identity, title_forms

CHUNK = 250  # pairs or keys per update statement


def read_method_nodes(store) -> list[MethodNode]:
    """Every Method node as the identity pass sees it, alike in every store (name: the smallest of its names)."""
    names: dict[str, set[str]] = {}
    aliases: dict[str, set[str]] = {}
    for row in store.query("_method-forms", {}):
        if row["value"] is None:
            continue
        (names if row["kind"] == "name" else aliases).setdefault(row["key"], set()).add(row["value"])
    counts = {row["key"]: (int(row["papers"]), int(row["proposed"])) for row in store.query("_method-paper-counts", {})}
    out = []
    for key in sorted(names.keys() | aliases.keys()):
        own = sorted(names.get(key, ()))
        name = own[0] if own else key
        papers, proposed = counts.get(key, (0, 0))
        # only the smallest name: a property graph keeps no other, and the plan must not depend on the store
        out.append(MethodNode(key, name, tuple(sorted(aliases.get(key, set()) - {name})), papers, proposed))
    return out


def refresh_method_identity(store) -> tuple[IdentityPlan, float]:
    """Plan and apply the corpus-wide method identity on ``store``; returns the plan and the seconds it took."""
    started = time.perf_counter()
    nodes = read_method_nodes(store)
    titles = title_forms(row["title"] for row in store.query("_paper-titles", {}) if row["title"])
    plan = plan_identity(nodes, titles)
    if plan:
        smallest = {n.key: n.name for n in nodes}
        store.merge_nodes("Method", plan.merges, plan.drops, smallest)
    return plan, time.perf_counter() - started


def chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def edge_kinds(label: str) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(edge kinds leaving ``label``, edge kinds arriving at it) in the graph model."""
    out = sorted(k for k in EDGES if k[1] == label)
    into = sorted(k for k in EDGES if k[2] == label)
    if any(EDGES[k] for k in out + into):
        raise ValueError(f"{label} nodes have edges with properties; merge_nodes cannot move them")
    return out, into


# ---------------------------------------------------------------- property-graph stores

def cypher_merge_statements(label: str, merges: Mapping[str, str], drops: Iterable[str],
                            props: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """The Cypher statements that carry out a plan: move edges (outgoing ones first, so an edge between two merged
    nodes ends between their targets), set the merged properties ``props`` (key -> name, aliases, sources) on the
    surviving nodes, delete the merged and the dropped nodes."""
    out, into = edge_kinds(label)
    pairs = [{"old": old, "new": new} for old, new in sorted(merges.items())]
    union = "s.sources = CASE WHEN s.sources IS NULL THEN r.sources ELSE s.sources + [v IN r.sources WHERE NOT v IN s.sources] END"
    statements: list[tuple[str, dict[str, Any]]] = []
    for part in chunks(pairs):
        for etype, start, end in out:
            statements.append((
                f"UNWIND $pairs AS pair MATCH (old:{label} {{key: pair.old}})-[r:{etype}]->(y:{end}) "
                f"MATCH (new:{label} {{key: pair.new}}) WITH r, new, y WHERE y <> new "
                f"MERGE (new)-[s:{etype}]->(y) SET {union}", {"pairs": part}))
        for etype, start, end in into:
            statements.append((
                f"UNWIND $pairs AS pair MATCH (x:{start})-[r:{etype}]->(old:{label} {{key: pair.old}}) "
                f"MATCH (new:{label} {{key: pair.new}}) WITH r, new, x WHERE x <> new "
                f"MERGE (x)-[s:{etype}]->(new) SET {union}", {"pairs": part}))
    rows = [{"key": k, "name": p["name"], "aliases": p["aliases"], "sources": p["sources"]} for k, p in sorted(props.items())]
    for part in chunks(rows):
        statements.append((f"UNWIND $rows AS row MATCH (n:{label} {{key: row.key}}) "
                           "SET n.name = row.name, n.aliases = row.aliases, n.sources = row.sources", {"rows": part}))
    for part in chunks(sorted(set(merges) | set(drops))):
        statements.append((f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) DETACH DELETE n", {"keys": part}))
    return statements


def merged_props(label: str, merges: Mapping[str, str], nodes: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """key -> name, aliases, sources of each surviving node after the merges, from ``nodes`` (key -> properties as
    the property graph holds them)."""
    out: dict[str, dict[str, Any]] = {}
    for old, new in sorted(merges.items()):
        if new not in out:
            n = nodes.get(new, {})
            out[new] = {"name": n.get("name"), "aliases": set(n.get("aliases") or []), "sources": list(n.get("sources") or [])}
            if n.get("name") is not None:
                out[new]["aliases"].add(n["name"])
        o, target = nodes.get(old, {}), out[new]
        target["aliases"] |= set(o.get("aliases") or [])
        if o.get("name") is not None:
            target["aliases"].add(o["name"])
            if target["name"] is None:
                target["name"] = o["name"]
        target["sources"] += [s for s in o.get("sources") or [] if s not in target["sources"]]
    for props in out.values():
        props["aliases"] = sorted(props["aliases"])
    return out


# ---------------------------------------------------------------- RDF stores

def sparql_merge_updates(mapping, label: str, merges: Mapping[str, str], drops: Iterable[str],
                         names: Mapping[str, str], *, default_graph: bool = True) -> list[str]:
    """The SPARQL updates that carry out a plan in every named graph and, with ``default_graph``, in the default
    graph (the embedded store's holds a copy of every statement; a server's copy is the named graph skg:merged,
    and Virtuoso refuses an INSERT without GRAPH): ``names`` gives each node's smallest name; the survivor keeps
    its own and the merged node's as aliases."""
    from .rdf import SCHEMA, SKG, _nt

    iri = lambda key: f"<{mapping.node_iri(label, key).value}>"  # noqa: E731
    out, into = edge_kinds(label)
    same_label = " ".join(f"<{p}>" for p in sorted(_predicates(out, into, label)))
    targets = ("GRAPH ?g {", "") if default_graph else ("GRAPH ?g {",)
    updates = []
    for part in chunks(sorted(merges.items())):
        rows = " ".join(f"({iri(old)} {iri(new)} {_nt(new)} {_nt(names.get(old, old))} {_nt(names.get(new, new))})"
                        for old, new in part)
        values = f"VALUES (?old ?new ?newkey ?oldname ?newname) {{ {rows} }}"
        for graph in targets:
            close = "}" if graph else ""
            # Into GRAPH ?h bound to ?g: Virtuoso 7.2 fails an INSERT-only update into the GRAPH ?g of its pattern.
            into, bind = ("GRAPH ?h {", "BIND(?g AS ?h)") if graph else ("", "")
            updates.append(
                f"INSERT {{ {into} ?new <{SKG}alias> ?oldname , ?newname {close} }} "
                f"WHERE {{ {values} {graph} ?old <{SKG}key> ?k {close} {bind} }} ;\n"
                # the merged node's other spellings go, as a property graph, keeping one name per node, never had them
                f"DELETE {{ {graph} ?old <{SCHEMA}name> ?n {close} }} "
                f"WHERE {{ {values} {graph} ?old <{SCHEMA}name> ?n {close} }} ;\n"
                f"DELETE {{ {graph} ?old ?p ?o {close} }} INSERT {{ {graph} ?new ?p ?o2 {close} }} "
                f"WHERE {{ {values} {graph} ?old ?p ?o {close} BIND(IF(?p = <{SKG}key>, ?newkey, ?o) AS ?o2) }} ;\n"
                f"DELETE {{ {graph} ?s ?p ?old {close} }} INSERT {{ {graph} ?s ?p ?new {close} }} "
                f"WHERE {{ {values} {graph} ?s ?p ?old {close} }}")
        if same_label:
            news = " ".join(sorted({iri(new) for _, new in part}))
            for graph in targets:
                close = "}" if graph else ""
                updates.append(f"DELETE {{ {graph} ?n ?p ?n {close} }} WHERE {{ VALUES ?n {{ {news} }} "
                               f"VALUES ?p {{ {same_label} }} {graph} ?n ?p ?n {close} }}")
    for part in chunks(sorted(drops)):
        nodes = " ".join(iri(k) for k in part)
        for graph in targets:
            close = "}" if graph else ""
            updates.append(f"DELETE {{ {graph} ?n ?p ?o {close} }} WHERE {{ VALUES ?n {{ {nodes} }} {graph} ?n ?p ?o {close} }} ;\n"
                           f"DELETE {{ {graph} ?s ?p ?n {close} }} WHERE {{ VALUES ?n {{ {nodes} }} {graph} ?s ?p ?n {close} }}")
    return updates


def _predicates(out, into, label: str) -> set[str]:
    """The RDF predicates of edges from ``label`` to ``label`` (the ones a merge can turn into a self-loop)."""
    from .rdf import EDGES as RDF_EDGES

    return {RDF_EDGES[k] for k in out if k[2] == label and k in RDF_EDGES}

"""graph_model is the one declaration of the graph: the RDF mapping reads it, and schema/ontology.ttl and
schema/shapes.ttl say the same thing term by term (a property added in one place and not the others fails here).

The Cypher side is checked elsewhere: tests/stores/test_write_files.py (generated writes, constraints, indexes)
and tests/queries/test_cypher_lint.py (the lint schema).
"""
from __future__ import annotations

import re
from collections import defaultdict

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH

from scholarkg import graph_model as gm
from scholarkg.resources import resource
from scholarkg.stores import rdf, rankings

OWL_TYPE = {"class": OWL.Class, "datatype": OWL.DatatypeProperty, "object": OWL.ObjectProperty}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(resource("schema", "ontology.ttl"), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(resource("schema", "shapes.ttl"), format="turtle")


def _own(iri: str) -> bool:
    return iri.startswith(gm.SKG)


def _datatype(name: str, kind: str) -> str:
    return gm.DATATYPE_OF.get(name) or gm.DATATYPES[kind if kind != "list" else "str"]


AUTHORSHIP_LINKS = ("paper", "author", "author_of", "organizations")  # authorship predicates whose objects are nodes


def _model_terms() -> dict[str, str]:
    """Every IRI graph_model writes -> what it is (class, datatype or object property)."""
    terms = {iri: "class" for iri in gm.CLASSES.values()}
    terms[gm.AUTHORSHIP["class"]] = "class"
    terms.update({iri: "datatype" for iri in gm.PROPERTIES.values()})
    terms.update({iri: "object" for iri in gm.EDGE_PREDICATES.values()})
    for name, iri in gm.AUTHORSHIP.items():
        if name != "class":
            terms[iri] = "object" if name in AUTHORSHIP_LINKS else "datatype"
    return terms


def test_every_label_property_and_edge_has_its_rdf_term():
    assert set(gm.CLASSES) == set(gm.NODES)
    assert set(gm.EDGE_PREDICATES) | {gm.AUTHORED} == set(gm.EDGES)
    for label, props in gm.NODES.items():
        missing = sorted(set(props) - set(gm.PROPERTIES))
        assert not missing, f"graph_model.PROPERTIES has no predicate for {label}.{missing}"
    missing = sorted(set(gm.EDGES[gm.AUTHORED]) - set(gm.AUTHORSHIP))
    assert not missing, f"graph_model.AUTHORSHIP has no predicate for AUTHORED.{missing}"
    for label, names in gm.PROPERTY_NAMES.items():
        for pred, name in names.items():
            assert gm.PROPERTIES[name] == pred and name in gm.NODES[label]


def test_the_rdf_mapping_is_the_model():
    assert rdf.EDGES is gm.EDGE_PREDICATES and rdf.PROPERTIES is gm.PROPERTIES and rdf.CLASSES is gm.CLASSES
    assert rdf.LABELS == {iri: label for label, iri in gm.CLASSES.items()}


def test_one_kind_and_datatype_per_predicate():
    # the same predicate on two labels (name, title) must hold literals of one datatype
    seen: dict[str, set[str]] = defaultdict(set)
    for props in gm.NODES.values():
        for name, kind in props.items():
            seen[gm.PROPERTIES[name]].add(_datatype(name, kind))
    assert {p: d for p, d in seen.items() if len(d) > 1} == {}


def test_the_ontology_declares_every_own_term(ontology):
    for iri, what in _model_terms().items():
        if not _own(iri):
            continue  # schema.org, PROV, SKOS terms are declared by their own vocabularies
        assert (rdflib.URIRef(iri), RDF.type, OWL_TYPE[what]) in ontology, \
            f"schema/ontology.ttl does not declare <{iri}> as {OWL_TYPE[what].n3()}"


def test_the_ontology_declares_nothing_the_model_does_not_write(ontology):
    model = set(_model_terms())
    # the rankings graph (stores/rankings.py) has vocabulary of its own
    ranking_terms = {gm.SKG + t for t in re.findall(r"\{SKG\}(\w+)|SKG \+ \"(\w+)\"",
                                                      open(rankings.__file__, encoding="utf-8").read()) for t in t if t}
    extra = []
    for what in OWL_TYPE.values():
        for term in ontology.subjects(RDF.type, what):
            iri = str(term)
            if _own(iri) and iri not in model and iri not in ranking_terms:
                extra.append(iri)
    assert extra == [], "schema/ontology.ttl declares terms graph_model does not write: add them to graph_model"


def test_the_ontology_gives_each_edge_its_type_domain_and_range(ontology):
    for (etype, start, end), pred in gm.EDGE_PREDICATES.items():
        if not _own(pred):
            continue
        p = rdflib.URIRef(pred)
        assert str(ontology.value(p, RDFS.label)) == etype, pred
        assert str(ontology.value(p, RDFS.domain)) == gm.CLASSES[start], pred
        assert str(ontology.value(p, RDFS.range)) == gm.CLASSES[end], pred


def test_the_ontology_ranges_are_the_model_kinds(ontology):
    for props in [*gm.NODES.values(), gm.EDGES[gm.AUTHORED]]:
        for name, kind in props.items():
            if props is gm.EDGES[gm.AUTHORED] and name in AUTHORSHIP_LINKS:
                continue  # a node, not a literal
            pred = gm.PROPERTIES.get(name) or gm.AUTHORSHIP[name]
            declared = ontology.value(rdflib.URIRef(pred), RDFS.range)
            if _own(pred) and declared is not None:
                assert str(declared) == _datatype(name, kind), f"{pred}: ontology range {declared}, model {kind}"


def _shapes_by_class(shapes) -> dict[str, list[dict[str, str]]]:
    """Class IRI -> the property shapes (path, datatype, class) of the node shapes targeting it."""
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        props = [{k: str(v) for k, v in (("path", shapes.value(p, SH.path)), ("datatype", shapes.value(p, SH.datatype)),
                                          ("class", shapes.value(p, SH["class"]))) if v is not None}
                 for p in shapes.objects(shape, SH.property)]
        for target in shapes.objects(shape, SH.targetClass):
            out[str(target)] += props
    return out


def test_the_shapes_cover_every_class_and_only_model_terms(shapes):
    by_class = _shapes_by_class(shapes)
    assert set(by_class) == set(gm.CLASSES.values()) | {gm.AUTHORSHIP["class"]}
    model = set(_model_terms())
    unknown = sorted({p["path"] for props in by_class.values() for p in props} - model)
    assert unknown == [], "schema/shapes.ttl constrains predicates graph_model does not write"


def test_the_shapes_datatypes_and_classes_are_the_model(shapes):
    by_class = _shapes_by_class(shapes)
    # every typed literal and every edge has a shape on its label, and the shape says what the model says
    expected: list[tuple[str, str, str, str]] = []  # (class, path, "datatype"|"class", value)
    for label, props in gm.NODES.items():
        for name, kind in props.items():
            if kind in ("int", "bool") or name in gm.DATATYPE_OF:
                expected.append((gm.CLASSES[label], gm.PROPERTIES[name], "datatype", _datatype(name, kind)))
    for (_, start, end), pred in gm.EDGE_PREDICATES.items():
        expected.append((gm.CLASSES[start], pred, "class", gm.CLASSES[end]))
    authorship = gm.AUTHORSHIP
    expected += [(authorship["class"], authorship["paper"], "class", gm.CLASSES["Paper"]),
                 (authorship["class"], authorship["author"], "class", gm.CLASSES["Author"]),
                 (authorship["class"], authorship["position"], "datatype", gm.DATATYPES["int"]),
                 (authorship["class"], authorship["organizations"], "class", gm.CLASSES["Organization"]),
                 (gm.CLASSES["Paper"], authorship["author_of"], "class", gm.CLASSES["Author"])]
    for cls, path, facet, value in expected:
        found = {p.get(facet) for p in by_class[cls] if p["path"] == path and facet in p}
        assert found == {value}, f"schema/shapes.ttl: {path} on {cls} has sh:{facet} {found or 'none'}, model {value}"
    # and no shape gives a model property another datatype than the model's
    for label, props in gm.NODES.items():
        for name, kind in props.items():
            for p in by_class[gm.CLASSES[label]]:
                if p["path"] == gm.PROPERTIES[name] and "datatype" in p:
                    assert p["datatype"] == _datatype(name, kind), f"{label}.{name}: shape {p['datatype']}"


def test_the_literal_types_are_the_model():
    from typing import get_args

    from scholarkg import model

    edges = set(gm.EDGES)
    assert set(get_args(gm.NodeLabel)) == set(gm.NODES)
    assert set(get_args(gm.EdgeType)) == {etype for etype, _, _ in edges}
    assert {kind for props in [*gm.NODES.values(), *gm.EDGES.values()] for kind in props.values()} \
        == set(get_args(gm.PropertyKind))
    # what the extractor states is what the graph has edges for
    assert set(get_args(model.RelationType)) == {etype for etype, start, _ in edges if start == "Method"}
    assert {role.upper() for role in get_args(model.Role)} == {etype for etype, start, end in edges
                                                               if (start, end) == ("Paper", "Method")}
    assert {kind.title() for kind in get_args(model.EntityKind)} == {end for _, start, end in edges
                                                                    if start == "Method" and end != "Method"} | {"Method"}

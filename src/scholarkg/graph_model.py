"""The property-graph model (DESIGN.md §2): every node label and edge with the properties it may carry.

Property kinds: ``str``, ``int``, ``bool``, ``list`` (of strings). The Cypher write files in
``queries/write/`` and ``schema/neo4j/constraints.cypher`` are generated from these tables by
``scripts/gen_cypher_writes.py``; a test checks they are current.

>>> NODES["Paper"]["year"]
'int'
>>> ("AUTHORED", "Author", "Paper") in EDGES
True
"""
from __future__ import annotations

NODES: dict[str, dict[str, str]] = {
    "Paper": {"title": "str", "abstract": "str", "published": "str", "year": "int", "has_code": "bool",
              "authors_complete": "bool", "doi": "str", "arxiv_id": "str", "date_text": "str", "cite_key": "str"},
    "Author": {"name": "str", "given": "str", "family": "str", "orcid": "str", "aliases": "list", "identity": "str"},
    "Organization": {"name": "str", "aliases": "list"},
    "Category": {"name": "str"},
    "Method": {"name": "str", "aliases": "list"},
    "Dataset": {"name": "str", "aliases": "list"},
    "Venue": {"name": "str"},
    "Source": {"path": "str", "format": "str", "complete": "bool"},
    "Reference": {"family": "str", "year": "int"},
}

EDGES: dict[tuple[str, str, str], dict[str, str]] = {
    ("AUTHORED", "Author", "Paper"): {"position": "int", "listed_as": "str", "author_ids": "list"},
    ("AFFILIATED_WITH", "Paper", "Organization"): {},
    ("MEMBER_OF", "Author", "Organization"): {},
    ("IN_CATEGORY", "Paper", "Category"): {},
    ("PROPOSES", "Paper", "Method"): {},
    ("USES", "Paper", "Method"): {},
    ("EVALUATES_ON", "Paper", "Dataset"): {},
    ("EXTENDS", "Method", "Method"): {},
    ("USES", "Method", "Method"): {},
    ("OUTPERFORMS", "Method", "Method"): {},
    ("COMPARED_WITH", "Method", "Method"): {},
    ("EVALUATED_ON", "Method", "Dataset"): {},
    ("CITES", "Paper", "Reference"): {},
    ("CITES", "Paper", "Paper"): {},
    ("PUBLISHED_IN", "Paper", "Venue"): {},
}

"""The Neo4j Browser files: the .grass style covers every label and edge type the stores write, and the guide's
queries are the catalogue's own Cypher files (no drift)."""
import re
from html import unescape

from conftest import ROOT
from scholarkg.catalog import load_catalog
from scholarkg.resources import resource
from scholarkg.stores.rdf import EDGES, LABELS

NEO4J = ROOT / "src" / "scholarkg" / "schema" / "neo4j"


def grass_blocks(text: str) -> dict[str, dict[str, str]]:
    blocks = {}
    for selector, body in re.findall(r"^([\w.]+)\s*\{\n(.*?)^\}", text, flags=re.M | re.S):  # captions hold braces
        props = dict(re.findall(r"([\w-]+)\s*:\s*([^;]+);", body))
        assert props, f"empty block {selector}"
        blocks[selector] = props
    return blocks


def test_style_covers_every_label_and_edge_type():
    blocks = grass_blocks((NEO4J / "style.grass").read_text(encoding="utf-8"))
    labels = set(LABELS.values()) - {"Authorship"}
    edge_types = {etype for etype, _, _ in EDGES} | {"AUTHORED"}
    assert {f"node.{label}" for label in labels} <= set(blocks)
    assert {f"relationship.{t}" for t in edge_types} <= set(blocks)
    for selector, props in blocks.items():
        for key in ("color", "border-color", "text-color-internal"):
            if key in props:
                assert re.fullmatch(r"#[0-9A-F]{6}", props[key].strip()), (selector, key)
        if selector.startswith("node."):
            assert re.fullmatch(r'"\{\w+\}"', props["caption"]), selector  # a property of that label


def test_guide_runs_the_catalogue_files_unchanged():
    text = (NEO4J / "guide.html").read_text(encoding="utf-8")
    assert '<article class="guide">' in text and text.count("<slide ") >= 8
    runnable = [unescape(block) for block in re.findall(r'<pre class="pre-scrollable code runnable">(.*?)</pre>',
                                                        text, flags=re.S)]
    catalogue = set(load_catalog())
    shown = set()
    for block in runnable:
        first = block.splitlines()[0]
        name = first[3:].split(":")[0] if first.startswith("// ") else None
        if name in catalogue:
            lines = resource("queries", f"{name}.cypher").read_text(encoding="utf-8").splitlines()
            assert block.splitlines()[1:] == [l for l in lines if not l.startswith("//")], name
            shown.add(name)
    assert {"coauthors", "top-collaborations", "method-lineage", "who-introduced", "trending-methods"} <= shown
    params = set(re.findall(r":param (\w+) =>", "\n".join(runnable)))
    for name in shown:  # every parameter a shown query needs is set on some slide
        assert {p.name for p in load_catalog()[name].params} <= params, name

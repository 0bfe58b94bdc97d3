"""Layouts, SVG, pages and PNG from networks we make here: deterministic, well-formed, self-contained."""
import re
import xml.etree.ElementTree as ET

import pytest

from scholarkg.errors import ConfigError
from scholarkg.viz import write_picture
from scholarkg.viz.charts import bar_chart, year_table
from scholarkg.viz.layout import force_layout, spread, time_layout
from scholarkg.viz.network import Edge, Network, Node
from scholarkg.viz.page import graph_page
from scholarkg.viz.png import available_backends, svg_to_png
from scholarkg.viz.svg import label_width, network_svg

SVG = "{http://www.w3.org/2000/svg}"


def star(n=12, kind="coauthors"):
    net = Network("Star <&> test", kind, subtitle="sub")
    net.add_node(Node("c", "Centre Person", size=n, group="Org A", details=["Paper <one> & two (2020)"]))
    for i in range(n):
        net.add_node(Node(f"n{i}", f"Person {i}", size=1 + i % 3, group="Org B" if i % 2 else "", ring=1))
        net.add_edge(Edge("c", f"n{i}", weight=1 + i % 4))
    net.add_edge(Edge("n0", "n1", weight=3))
    return net


def boxes_overlap(net):
    """Pairs of nodes whose circle-plus-label boxes overlap (what `spread` must leave none of)."""
    out = []
    for i, a in enumerate(net.nodes):
        for b in net.nodes[i + 1:]:
            ax0, ax1 = a.x - a.r, a.x + a.r + 4 + label_width(a.label, 14 if a.ring == 0 else 12)
            bx0, bx1 = b.x - b.r, b.x + b.r + 4 + label_width(b.label, 14 if b.ring == 0 else 12)
            ah, bh = max(a.r, 8), max(b.r, 8)
            if ax0 < bx1 and bx0 < ax1 and abs(a.y - b.y) < ah + bh:
                out.append((a.id, b.id))
    return out


def test_force_layout_is_deterministic_centred_and_fits_the_canvas():
    a, b = star(), star()
    force_layout(a, 900, 700)
    force_layout(b, 900, 700)
    assert [(n.x, n.y) for n in a.nodes] == [(n.x, n.y) for n in b.nodes]
    assert (a.nodes[0].x, a.nodes[0].y) == (450.0, 350.0)
    assert all(0 < n.x < 900 and 0 < n.y < 700 for n in a.nodes)
    assert boxes_overlap(a) == []
    assert a.nodes[0].r > a.nodes[1].r  # more papers, bigger circle


def test_spread_separates_nodes_drawn_on_the_same_spot():
    net = Network("t", "organizations")
    for i in range(5):
        net.add_node(Node(str(i), f"Organization {i}", ring=1, x=300.0, y=200.0, r=8.0))
    spread(net, 600, 400)
    assert boxes_overlap(net) == []


def test_time_layout_puts_methods_at_their_year_and_unknown_years_first():
    net = Network("lineage", "lineage", directed=True)
    for key, year in (("old", 2010), ("mid", 2015), ("new", 2020), ("undated", None), ("mid2", 2015)):
        net.add_node(Node(key, key, year=year))
    net.add_edge(Edge("new", "mid", kind="EXTENDS"))
    net.add_edge(Edge("mid", "old", kind="USES"))
    ticks = time_layout(net, 1000, 600)
    x = {n.id: n.x for n in net.nodes}
    assert x["undated"] < x["old"] < x["mid"] == x["mid2"] < x["new"]
    assert [t[0] for t in ticks] == ["year unknown", "2010", "2015", "2020"]
    assert net.node("mid").y != net.node("mid2").y


def test_many_undated_methods_take_several_columns_and_no_label_is_cut_by_the_edge():
    net = Network("lineage", "lineage", directed=True)
    net.add_node(Node("centre", "Generalized Importance Weighted Autoencoder", year=2016, ring=0))
    net.add_node(Node("late", "A Method With A Rather Long Name Introduced Late", year=2024, ring=1))
    for i in range(24):
        net.add_node(Node(f"u{i}", f"Undated Method With A Long Name {i}", year=None, ring=1))
        net.add_edge(Edge(f"u{i}", "centre", kind="USES"))
    width, height = 1100, 620
    ticks = time_layout(net, width, height)
    undated = [n for n in net.nodes if n.year is None]
    columns = sorted({n.x for n in undated})
    assert len(columns) >= 2 and ticks[0][0] == "year unknown" and columns[0] <= ticks[0][1] <= columns[-1]
    assert max(columns) < net.node("centre").x < net.node("late").x
    for x in columns:  # in a column, each method keeps room for its circle and the label under it
        ys = sorted(n.y for n in undated if n.x == x)
        assert min(b - a for a, b in zip(ys, ys[1:])) >= 40
    root = ET.fromstring(network_svg(net, width, height, ticks=ticks))
    for text in root.iter(f"{SVG}text"):
        if text.get("class") == "label":
            half = label_width(text.text, 14 if text.get("font-size") == "14" else 12) / 2
            assert 0 <= float(text.get("x")) - half and float(text.get("x")) + half <= width, text.text


def test_svg_is_well_formed_escaped_and_draws_every_node_and_edge():
    net = star()
    force_layout(net)
    text = network_svg(net)
    root = ET.fromstring(text)
    nodes = root.findall(f".//{SVG}g[@class='node']") + root.findall(f".//{SVG}g[@class='node centre']")
    assert sorted(g.get("data-id") for g in nodes) == sorted(n.id for n in net.nodes)
    assert len(root.findall(f".//{SVG}line[@class='edge']")) == len(net.edges)
    assert "Star <&> test" in "".join(root.itertext())
    assert "Paper <one> & two (2020)" in "".join(root.itertext())
    widths = {float(line.get("stroke-width")) for line in root.iter(f"{SVG}line") if line.get("class") == "edge"}
    assert min(widths) == 1.0 and max(widths) > 3  # width follows joint papers


def test_lineage_svg_has_arrows_and_a_year_axis():
    net = Network("l", "lineage", directed=True)
    net.add_node(Node("a", "A", year=2001, group="this method"))
    net.add_node(Node("b", "B", year=2005, group="builds on it"))
    net.add_edge(Edge("b", "a", kind="USES"))
    text = network_svg(net, ticks=time_layout(net))
    root = ET.fromstring(text)
    edge = root.find(f".//{SVG}line[@class='edge']")
    assert edge.get("marker-end") == "url(#arrow)" and edge.get("stroke-dasharray")
    assert {"2001", "2005"} <= set(root.itertext())


def test_page_is_self_contained_and_its_data_cannot_break_out_of_the_script():
    net = star()
    net.nodes[1].details = ["</script><script>alert(1)</script>"]
    force_layout(net)
    page = graph_page(net)
    assert page.count("</script>") == 2 and "alert(1)</script>" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing loaded from anywhere
    assert "<script>" in page and "function tick()" in page  # our layout script is inlined


def test_write_picture_picks_the_format_from_the_name(tmp_path):
    net = star(4)
    assert write_picture(net, tmp_path / "a.svg") == "svg"
    ET.parse(tmp_path / "a.svg")
    assert write_picture(net, tmp_path / "a.html") == "html"
    with pytest.raises(ConfigError, match=r"\.html \(interactive\), \.svg or \.png"):
        write_picture(net, tmp_path / "a.jpg")


@pytest.mark.parametrize("backend", ["cairosvg", "chromium"])
def test_png_backends_draw_the_picture(tmp_path, backend):
    if backend not in available_backends():
        pytest.skip(f"{backend} is not installed here (pip install cairosvg / apt-get install chromium)")
    net = star(6)
    force_layout(net, 600, 400)
    out = tmp_path / "a.png"
    assert svg_to_png(network_svg(net, 600, 400), out, backend=backend) == backend
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 800)  # drawn at twice the size, for slides
    from PIL import Image

    pixels = Image.open(out).convert("RGB")
    centre = net.nodes[0]
    assert pixels.getpixel((int(centre.x * 2), int(centre.y * 2))) != (255, 255, 255)  # the centre is painted


def test_charts_scale_bars_and_shade_cells():
    svg = bar_chart([("a", 10), ("b", 5)])
    widths = [float(w) for w in re.findall(r'class="bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.2)  # widths are written to 0.1 px
    table = year_table({"m": {2020: 4, 2021: 1}}, [2020, 2021, 2022])
    fills = re.findall(r'class="cell"[^>]* fill="(#[0-9a-f]{6})"', table)
    assert len(fills) == 3 and fills[2] == "#ffffff" and fills[0] != fills[1]
    assert "Nothing to show yet" in bar_chart([])

"""Small SVG charts drawn by our own code for the report: horizontal bars and a year-by-row heat table.

>>> svg = bar_chart([("Roger Grosse", 50), ("Juhan Bae", 11)], unit="papers")
>>> svg.count('class="bar"'), "Roger Grosse" in svg
(2, True)
>>> svg = year_table({"Adam": {2020: 2, 2021: 1}}, [2020, 2021])
>>> svg.count('class="cell"')
2
"""
from __future__ import annotations

from html import escape

from .svg import FONT, label_width

BAR = "#3b6fb6"


def bar_chart(rows: list[tuple[str, float]], unit: str = "", width: int = 520, bar_height: int = 20,
              colour: str = BAR) -> str:
    """One horizontal bar per row, longest first as given, value at the bar's end."""
    if not rows:
        return '<p class="note">Nothing to show yet.</p>'
    left = min(260, max(label_width(label) for label, _ in rows) + 16)
    top = max(value for _, value in rows) or 1
    room = width - left - 70
    height = len(rows) * (bar_height + 6) + 8
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="{escape(FONT)}" font-size="12" role="img">']
    for i, (label, value) in enumerate(rows):
        y = 4 + i * (bar_height + 6)
        w = max(room * value / top, 1.5)
        shown = label if label_width(label) <= left - 12 else label[: int((left - 12) / 6.7)] + "…"
        out.append(f'<g><title>{escape(label)}: {value:g} {escape(unit)}</title>'
                   f'<text x="{left - 8}" y="{y + bar_height - 6}" text-anchor="end" fill="#1d232b">{escape(shown)}</text>'
                   f'<rect class="bar" x="{left}" y="{y}" width="{w:.1f}" height="{bar_height}" rx="3" fill="{colour}"/>'
                   f'<text x="{left + w + 6:.1f}" y="{y + bar_height - 6}" fill="#5b6470">{value:g}</text></g>')
    out.append("</svg>")
    return "".join(out)


def _shade(value: float, top: float) -> str:
    """White to our blue, by value/top (an empty cell stays white)."""
    if value <= 0:
        return "#ffffff"
    t = 0.18 + 0.82 * value / top
    start, end = (238, 243, 250), (59, 111, 182)
    r, g, b = (round(s + (e - s) * t) for s, e in zip(start, end))
    return f"#{r:02x}{g:02x}{b:02x}"


def year_table(series: dict[str, dict[int, int]], years: list[int], cell: int = 34, unit: str = "papers") -> str:
    """Rows = names, columns = years, each cell shaded by its count and showing it: a trend reads along a row."""
    if not series or not years:
        return '<p class="note">Nothing to show yet.</p>'
    left = min(280, max(label_width(name) for name in series) + 16)
    top = max((v for counts in series.values() for v in counts.values()), default=1) or 1
    width = left + cell * len(years) + 10
    height = 26 + len(series) * (cell - 8) + 6
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="{escape(FONT)}" font-size="12" role="img">']
    for j, year in enumerate(years):
        out.append(f'<text x="{left + j * cell + cell / 2}" y="16" text-anchor="middle" fill="#5b6470" '
                   f'font-size="11">{"’" + str(year)[2:] if len(years) > 12 else year}</text>')
    for i, (name, counts) in enumerate(series.items()):
        y = 24 + i * (cell - 8)
        shown = name if label_width(name) <= left - 12 else name[: int((left - 12) / 6.7)] + "…"
        out.append(f'<text x="{left - 8}" y="{y + (cell - 8) / 2 + 4}" text-anchor="end" fill="#1d232b">'
                   f'{escape(shown)}<title>{escape(name)}</title></text>')
        for j, year in enumerate(years):
            value = counts.get(year, 0)
            x = left + j * cell
            fill = _shade(value, top)
            ink = "#ffffff" if value > top * 0.55 else "#1d232b"
            text = f'<text x="{x + cell / 2}" y="{y + (cell - 8) / 2 + 4}" text-anchor="middle" fill="{ink}" ' \
                   f'font-size="11">{value}</text>' if value else ""
            out.append(f'<g><title>{escape(name)}, {year}: {value} {escape(unit)}</title>'
                       f'<rect class="cell" x="{x + 1}" y="{y + 1}" width="{cell - 2}" height="{cell - 10}" rx="3" '
                       f'fill="{fill}" stroke="#e3e6ea"/>{text}</g>')
    out.append("</svg>")
    return "".join(out)

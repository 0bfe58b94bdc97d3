"""PNG from our SVG: with CairoSVG when it is installed (``pip install cairosvg``, which needs the system's
libcairo), else with a headless Chromium on the PATH (Debian: ``apt-get install chromium``).

>>> available_backends()  # doctest: +SKIP
['cairosvg', 'chromium']
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ConfigError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = ("to write PNG, install CairoSVG (pip install cairosvg; it needs libcairo2) or Chromium "
                "(apt-get install chromium), or write .svg or .html instead")


def find_chromium() -> str | None:
    """The path of a Chromium-family browser, or None. ``SCHOLARKG_CHROMIUM`` names one explicitly."""
    explicit = os.environ.get("SCHOLARKG_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else shutil.which(explicit)
    return next((found for found in map(shutil.which, CHROMIUM_NAMES) if found), None)


def _has_cairosvg() -> bool:
    try:
        import cairosvg  # noqa: F401
    except (ImportError, OSError):  # OSError: the Python package is there but libcairo is not
        return False
    return True


def available_backends() -> list[str]:
    """The PNG renderers this machine has, in the order they are tried."""
    return [name for name, ok in (("cairosvg", _has_cairosvg()), ("chromium", find_chromium() is not None)) if ok]


def _size(svg: str) -> tuple[int, int]:
    found = re.search(r'<svg[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"', svg)
    if not found:
        raise ValueError("the SVG has no width/height on its root element")
    return int(found.group(1)), int(found.group(2))


def svg_to_png(svg: str, out: Path, backend: str | None = None, scale: float = 2.0) -> str:
    """Write ``svg`` (our own drawings) as a PNG at ``scale`` x its size; returns the backend used."""
    choices = [backend] if backend else available_backends()
    if not choices:
        raise ConfigError(INSTALL_HINT)
    chosen = choices[0]
    if chosen == "cairosvg":
        import cairosvg

        cairosvg.svg2png(bytestring=svg.encode("utf-8"), write_to=str(out), scale=scale)
    elif chosen == "chromium":
        _chromium_png(svg, out, scale)
    else:
        raise ConfigError(f"unknown PNG backend {chosen!r} (cairosvg or chromium)")
    return chosen


def _chromium_png(svg: str, out: Path, scale: float) -> None:
    browser = find_chromium()
    if not browser:
        raise ConfigError("no Chromium on the PATH; " + INSTALL_HINT)
    width, height = _size(svg)
    with tempfile.TemporaryDirectory(prefix="scholarkg-png-") as tmp:
        page = Path(tmp) / "picture.html"
        # a page with no margin whose only content is the drawing, so the screenshot is the picture
        page.write_text('<!doctype html><meta charset="utf-8"><style>html,body{margin:0;background:#fff}'
                        f'svg{{display:block}}</style>{svg}', encoding="utf-8")
        shot = Path(tmp) / "shot.png"
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               f"--user-data-dir={Path(tmp) / 'profile'}", f"--force-device-scale-factor={scale}",
               f"--window-size={width},{height}", f"--screenshot={shot}", page.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            raise ConfigError(f"{browser} took over 60 s to draw the PNG") from None
        if done.returncode != 0 or not shot.is_file():
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise ConfigError(f"{browser} could not draw the PNG ({last})")
        shutil.move(str(shot), out)

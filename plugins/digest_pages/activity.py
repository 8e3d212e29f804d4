"""Articles per month as a small static SVG bar chart, made at build time (pure, no JavaScript)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from html import escape

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
# Beyond this many months a bar per month is thinner than a pixel on a phone: a bar per year instead.
MAX_MONTH_BARS = 120
# At least a year of months, so one busy month is a bar among empty ones, not a block across the page.
MIN_MONTHS = 12
# Beyond this many months a phone gets the chart by year as well (a month's bar is too thin to tap).
PHONE_MONTH_BARS = 36
LABEL_EVERY_PX = 56  # year labels closer than this would overlap
FONT = 16  # viewBox units: about 12 px where a phone shows the chart 360 px wide


def month_range(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    year, month = first
    months = []
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _back(month: tuple[int, int], n: int) -> tuple[int, int]:
    year, number = divmod(month[0] * 12 + month[1] - 1 - n, 12)
    return year, number + 1


def activity_svg(counts: Mapping[tuple[int, int], int], month_url: Callable[[int, int], str | None] | None = None,
                 width: int = 480, height: int = 104) -> str:
    """Bars per month from the first month with articles (at least a year back) to the last, empty
    months included so gaps show, or per year over a long span; over more than three years a second
    chart by year, which the stylesheet shows on phones. `month_url(year, month)`: where a month's
    bar leads (None: no link). Every bar has a <title> tooltip; each chart a text alternative."""
    if not counts:
        return ""
    last = max(counts)
    months = month_range(min(min(counts), _back(last, MIN_MONTHS - 1)), last)
    if len(months) > MAX_MONTH_BARS:
        return _chart(counts, months, True, month_url, width, height, "")
    if len(months) > PHONE_MONTH_BARS:
        return (_chart(counts, months, False, month_url, width, height, " digest-activity--months")
                + _chart(counts, months, True, month_url, width, height, " digest-activity--years"))
    return _chart(counts, months, False, month_url, width, height, "")


def _chart(counts, months, yearly: bool, month_url, width: int, height: int, variant: str) -> str:
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
    first = min(counts)
    last = months[-1]
    total = sum(counts.values())
    summary = (
        f"{total} article{'s' if total != 1 else ''} from {MONTHS[first[1] - 1]} {first[0]} "
        f"to {MONTHS[last[1] - 1]} {last[0]}; busiest {'year' if yearly else 'month'}: {peak}"
    )
    parts = [
        # a group, not an image: its bars are links
        f'<svg class="digest-activity{variant}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
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
        # a year's bar leads where its newest month's does
        href = None
        if n and month_url is not None:
            for m in ([month] if month is not None else range(12, 0, -1)):
                href = month_url(year, m) if counts.get((year, m)) else None
                if href:
                    break
        if href:
            what = f"the articles of {year}" if month is None else f"the articles of {MONTHS[month - 1]} {year}"
            rect = f'<a href="{escape(href)}" aria-label="{label}, {what}">{rect}</a>'
        parts.append(rect)
    parts.append("</svg>")
    return "".join(parts)

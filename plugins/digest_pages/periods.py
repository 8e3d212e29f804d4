"""Group articles into calendar years, months and ISO weeks for the archive and digest pages (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Sequence


@dataclass
class Period:
    kind: str  # "year" | "month" | "week"
    year: int  # ISO year for weeks
    number: int  # month 1-12, ISO week 1-53, 0 for a year
    start: date
    end: date  # inclusive
    label: str
    articles: list = field(default_factory=list)  # indices into the input, newest first (the generator swaps in articles)
    url: str = ""
    save_as: str = ""
    previous: Period | None = None  # the period before this one that holds articles
    next: Period | None = None

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.kind, self.year, self.number)

    # What pages show of it (digest_incremental: a page is rendered again only when these change).
    def link_inputs(self) -> tuple:
        return (self.key, self.label, self.url)

    def page_inputs(self) -> tuple:
        return (self.key, self.label, self.url, self.save_as, self.start, self.end, self.articles, self.previous, self.next)


def _month(day: date) -> Period:
    start = day.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return Period("month", day.year, day.month, start, end, start.strftime("%B %Y"))


def _year(day: date) -> Period:
    return Period("year", day.year, 0, date(day.year, 1, 1), date(day.year, 12, 31), str(day.year))


def _week(day: date) -> Period:
    year, week, weekday = day.isocalendar()
    start = day - timedelta(days=weekday - 1)
    end = start + timedelta(days=6)
    label = f"Week {week} of {year} ({start:%-d %b} – {end:%-d %b %Y})"
    return Period("week", year, week, start, end, label)


def group_by_period(dates: Sequence[datetime], kind: str) -> list[Period]:
    """Periods of the given kind that hold articles, newest first; each lists its articles newest first.

    Dates are taken in their own time zone (articles carry Asia/Shanghai), so an article dated
    00:30 on a Monday in Lhasa belongs to that Monday's week.
    """
    make = {"year": _year, "month": _month, "week": _week}[kind]
    periods: dict[tuple, Period] = {}
    for i in sorted(range(len(dates)), key=lambda i: dates[i], reverse=True):
        period = make(dates[i].date())
        periods.setdefault(period.key, period).articles.append(i)
    return sorted(periods.values(), key=lambda p: p.start, reverse=True)

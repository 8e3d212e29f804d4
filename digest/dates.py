"""Which article dates are believable: one rule for ingest (datelines) and the build (front-matter).

A dateline from year 0001 or 9999 is a scraping or typing accident; left in, it draws activity
charts with tens of thousands of empty months and breaks date arithmetic in feeds.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

EARLIEST_YEAR = 1980  # before the county sites (and the web) existed
FUTURE_SLACK = timedelta(days=2)  # time zones and a scraper's clock


def implausible(date: datetime) -> str | None:
    """Why `date` cannot be an article's date, or None."""
    now = datetime.now(timezone.utc)
    aware = date if date.tzinfo else date.replace(tzinfo=timezone.utc)
    if date.year < EARLIEST_YEAR:
        return f"{date:%Y-%m-%d} is before {EARLIEST_YEAR}: not a date a county site published"
    if aware > now + FUTURE_SLACK:
        return f"{date:%Y-%m-%d} is in the future"
    return None

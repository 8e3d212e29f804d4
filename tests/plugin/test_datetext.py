"""The theme's dates (digest_pages.datetext): formatted once per date, the text strftime gives."""

from __future__ import annotations

from datetime import timedelta, timezone

from pelican.utils import SafeDatetime

from digest_pages.datetext import date_text

FORMAT = "%-d %B %Y"  # pelicanconf's DEFAULT_DATE_FORMAT


def test_the_same_instant_in_two_time_zones_shows_each_zone_s_date():
    lhasa = SafeDatetime(2024, 3, 1, 1, 30, tzinfo=timezone(timedelta(hours=8)))
    utc = lhasa.astimezone(timezone.utc)
    assert lhasa == utc  # one instant: a cache keyed by the value alone would show one date for both
    assert date_text(lhasa, FORMAT) == "1 March 2024"
    assert date_text(utc, FORMAT) == "29 February 2024"


def test_a_date_shows_what_pelican_s_strftime_gives():
    day = SafeDatetime(2023, 6, 2, 9, 15)
    assert date_text(day, FORMAT) == day.strftime(FORMAT) == "2 June 2023"
    assert date_text(day, "%b %Y") == "Jun 2023"

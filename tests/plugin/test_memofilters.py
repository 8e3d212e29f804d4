"""The theme's memoized filters (digest_pages.memofilters): the text the unmemoized expression gives."""

from __future__ import annotations

from datetime import timedelta, timezone

from pelican.utils import SafeDatetime

from digest_pages.memofilters import date_text, plain_summary

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


class _Article:
    def __init__(self, summary):
        self.summary = summary


def test_a_summary_shows_as_its_text_without_tags_each_article_its_own():
    first, second = _Article("<p>Herders &amp; <em>cadres</em> met.</p>"), _Article(None)
    assert plain_summary(first) == "Herders & cadres met."
    assert plain_summary(second) == ""
    assert plain_summary(first) == "Herders & cadres met."

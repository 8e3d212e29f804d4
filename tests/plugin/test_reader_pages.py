"""What a reader meets on the home page and the offices (issue 22), on the fixture site."""

from __future__ import annotations

from collections import Counter

from html_tree import parse


def test_the_home_page_lists_each_article_once(site):
    doc = parse(site / "index.html")
    articles = [href for _, href in [(t, h) for h, t in doc.find("main").links()] if "/articles/" in href]
    assert articles and max(Counter(articles).values()) == 1, Counter(articles).most_common(3)


def test_the_offices_overview_names_the_latest_holder_and_never_repeats_the_place(site):
    doc = parse(site / "offices" / "index.html")
    item = next(li for li in doc.find("ul", "overview-list").find_all("li")
                if li.find("a").text == "Party Secretary of Nima County")
    assert "in Nima County" not in item.text
    assert "Latest holder: Tashi Ciren , last named 22 November 2022" in item.text  # .text puts a space after each element


def test_an_office_page_speaks_to_readers_not_curators(site):
    text = parse(site / "offices" / "party-secretary-of-nima" / "index.html").find("main").text
    assert "curators" not in text and "offices.yaml" not in text
    assert "not an official register of posts" in text

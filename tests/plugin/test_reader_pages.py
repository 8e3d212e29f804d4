"""What a reader meets on the home page and the offices (issue 22), on the fixture site."""

from __future__ import annotations

from collections import Counter

from html_tree import parse


def test_the_home_page_lists_each_article_once(site):
    doc = parse(site / "index.html")
    articles = [href for href, _ in doc.find("main").links() if "/articles/" in href]
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


def test_the_archive_is_one_page_per_year_with_jump_links_to_months(site):
    from fixture_site import fixture_articles

    years = sorted({a.date[:4] for a in fixture_articles()}, reverse=True)
    index = parse(site / "archives" / "index.html").find("main")
    year_links = [href for href, text in index.links() if text in years]
    assert [href.rstrip("/").rsplit("/", 1)[-1] for href in year_links] == years
    assert not [href for href, _ in index.links() if "/articles/" in href]  # years, not every article
    doc = parse(site / "archives" / "2022" / "index.html")
    listed = {text for href, text in doc.find("main").links() if "/articles/" in href}
    assert listed == {a.title for a in fixture_articles() if a.date.startswith("2022")}
    months = [href for href, _ in doc.find("nav", "jump-links").links()]
    anchors = {h.attrs.get("id") for h in doc.find_all("h2")}
    assert months and all(href.startswith("#month-") and href[1:] in anchors for href in months)
    assert "/archives/2022/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_first_mention_of_each_entity_in_the_text_links_to_its_page(tmp_path):
    from fixture_site import FixtureArticle, build_site, official, place, write_content

    article = FixtureArticle(
        "2022-05-03T09:00:00+08:00", "Pan Wei visits Seni",
        officials=[official("Pan Wei", "pan-wei", ["executive deputy secretary of the Seni District Party Committee"])],
        places=[place("Seni District", "seni", surfaces=["Seni District", "Zeni"])],
        body="Pan Wei went to Zeni on Monday. In Seni District, Pan Wei met herders & cadres.\n\n"
             "See [the county page](https://example.org/zeni) about Zeni.")
    site = build_site(tmp_path, write_content(tmp_path, [article]))
    doc = parse(site / article.path / "index.html")
    body = doc.find("div", "article-body")
    mentions = [(a.text, a.attrs["href"].rsplit("/", 2)[-2]) for a in body.find_all("a") if "mention" in a.attrs.get("class", "")]
    assert mentions == [("Pan Wei", "pan-wei"), ("Zeni", "seni")]  # each entity once, at its first spelling
    assert [a.attrs["href"] for a in body.find_all("a") if "mention" not in a.attrs.get("class", "")] == [
        "https://example.org/zeni"]  # a link of the text stays as it is, with no link inside it
    assert "herders &amp; cadres" in (site / article.path / "index.html").read_text()
    brief = doc.find("p", "in-brief")
    assert [a.text for a in brief.find_all("a")] == ["Pan Wei", "Seni District"]


def test_a_place_page_never_calls_a_transcription_tibetan_script(site):
    facts = parse(site / "places" / "seni" / "index.html").find("dl", "facts")
    labels = [dt.text for dt in facts.find_all("dt")]
    assert "Tibetan" not in labels  # the gazetteer holds a transcription, not Tibetan script
    assert "Tibetan name, transcribed" not in labels  # 'Seni' is the name the page already shows
    assert labels == ["Chinese name in pinyin"]


def chip_counts(doc, heading: str) -> dict[str, int]:
    section = next(s for s in doc.find_all("section") if s.find_all("h2") and s.find("h2").text == heading)
    return {li.find("a").text: int(li.find("span", "count").text) for li in section.find_all("li")}


def chart_month(doc, label: str) -> int:
    """The count a place's chart gives a month ('May 2021')."""
    titles = [t.text for t in doc.find("svg", "digest-activity").find_all("title")]
    return next(int(t.rsplit(": ", 1)[1]) for t in titles if t.startswith(label + ":"))


def test_a_place_counts_the_same_articles_in_sidebars_digests_and_charts(site):
    """One definition of a place's articles: those naming it or a place inside it."""
    digest = parse(site / "digest" / "2021" / "05" / "index.html")
    named = chip_counts(digest, "Named this month")
    for place, slug in (("Nagqu", "nagqu"), ("Nima County", "nima")):
        assert named[place] == chart_month(parse(site / "places" / slug / "index.html"), "May 2021"), place
    assert named["Nagqu"] >= named["Nima County"]  # Nima County lies in Nagqu
    places = chip_counts(parse(site / "officials" / "gesang-dunzhu" / "index.html"), "Places")
    assert places["Nagqu"] >= places["Nima County"] == 2
    assert "Tibet Autonomous Region" not in places  # it holds every article: no list leads with it

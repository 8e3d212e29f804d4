"""The plugin's pure parts, without Pelican: resolution, provisional ids, indexes, periods, chart, reader."""

from __future__ import annotations

import re

import shutil
from datetime import datetime, timedelta, timezone

import pytest
from fixture_site import FIXTURES
from hypothesis import given
from hypothesis import strategies as st
from pelican.settings import DEFAULT_CONFIG

from digest.errors import FrontMatterError
from digest.gazetteer import load_gazetteer
from digest_pages.activity import activity_svg
from digest_pages.datafiles import mentions_csv
from digest_pages.index import ArticleInput, build_index
from digest_pages.periods import group_by_period
from digest_pages.reader import DigestMarkdownReader
from digest.resolve import Mention, provisional_ids, resolve_entry

CST = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(FIXTURES / "gazetteer")


@pytest.fixture(scope="module")
def merged_gazetteer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gazetteer")
    shutil.copytree(FIXTURES / "gazetteer", folder, dirs_exist_ok=True)
    officials = folder / "officials.yaml"
    text = officials.read_text()
    officials.write_text(text[: text.index("- id: ma-xiaoqiu")] + "- id: ma-xiaoqiu\n  name: Ma Xiaoqiu\n  replaces: [ma-xiaochiu]\n")
    return load_gazetteer(folder)


def test_a_known_id_wins_over_the_name(gazetteer):
    mention = resolve_entry("place", {"name": "Nima", "id": "seni", "surfaces": ["Nima"]}, gazetteer)
    assert mention.entity_id == "seni"


def test_a_merged_id_follows_the_merge(merged_gazetteer):
    assert resolve_entry("official", {"name": "Ma Xiaochiu", "id": "ma-xiaochiu"}, merged_gazetteer).entity_id == "ma-xiaoqiu"


def test_a_stale_id_falls_back_to_the_name_then_the_surfaces(gazetteer):
    assert resolve_entry("place", {"name": "Zeni", "id": "no-such-place"}, gazetteer).entity_id == "seni"
    by_surface = resolve_entry("campaign", {"name": "the ice campaign", "id": None, "surfaces": ["carving ice and carving snow"]}, gazetteer)
    assert by_surface.entity_id == "melting-ice-and-snow"


def test_nothing_known_stays_unresolved(gazetteer):
    mention = resolve_entry("campaign", {"name": "five competitions", "id": None, "surfaces": ["five competitions"]}, gazetteer)
    assert mention.entity_id is None and mention.surfaces == ("five competitions",)


names = st.lists(st.text(alphabet="abcdeLIU -'é", min_size=1, max_size=12).filter(str.strip), max_size=12)


@given(names, st.sets(st.sampled_from(["liu-jie", "a", "b-c", "official"])))
def test_two_different_names_never_share_a_provisional_page(names, taken):
    ids = provisional_ids(names, taken)
    assert len(set(ids.values())) == len(ids) == len(set(names))
    assert not set(ids.values()) & taken
    assert provisional_ids(list(reversed(names)), taken) == ids  # does not depend on the order seen


def test_provisional_id_is_the_slug_of_the_name():
    assert provisional_ids(["Gesang Dunzhu", "Gesang  Dunzhub"], set()) == {"Gesang Dunzhu": "gesang-dunzhu", "Gesang  Dunzhub": "gesang-dunzhub"}


def _article(day: int, *keys: tuple[str, str]) -> ArticleInput:
    mentions = tuple(Mention(kind, name, name, (name,)) for kind, name in keys)
    return ArticleInput(datetime(2022, 1, day, tzinfo=CST), mentions)


def test_related_articles_rank_by_shared_entities_then_nearness(gazetteer):
    articles = [
        _article(1, ("place", "seni"), ("official", "pan-wei")),
        _article(2, ("place", "seni")),
        _article(20, ("place", "seni"), ("official", "pan-wei")),
        _article(3, ("place", "tingri")),
    ]
    index = build_index(articles, gazetteer)
    assert index.related[0] == [(2, 2), (1, 1)]
    assert index.related[3] == []  # nothing shared, nothing related


def test_a_prefecture_counts_each_article_once_however_many_of_its_counties_it_names(gazetteer):
    index = build_index([_article(1, ("place", "seni"), ("place", "nima"), ("place", "nagqu")), _article(2, ("place", "nima"))], gazetteer)
    nagqu = index.entities[("place", "nagqu")]
    assert nagqu.articles == [1, 0]  # both articles once each, newest first
    assert dict(nagqu.children) == {"nima": 2, "seni": 1}


def test_a_county_brings_its_prefecture_page_along(gazetteer):
    index = build_index([_article(1, ("place", "tingri"))], gazetteer)
    assert index.entities[("place", "shigatse")].articles == [0]  # its county's article
    assert dict(index.entities[("place", "shigatse")].children) == {"tingri": 1}


def test_weeks_are_iso_weeks_and_periods_come_newest_first():
    dates = [datetime(2021, 1, 3, 23, tzinfo=CST), datetime(2021, 1, 4, 1, tzinfo=CST), datetime(2021, 2, 1, tzinfo=CST)]
    weeks = group_by_period(dates, "week")
    assert [(p.year, p.number, p.articles) for p in weeks] == [(2021, 5, [2]), (2021, 1, [1]), (2020, 53, [0])]
    months = group_by_period(dates, "month")
    assert [(p.label, p.articles) for p in months] == [("February 2021", [2]), ("January 2021", [1, 0])]


def test_activity_chart_has_a_bar_per_month_including_empty_ones_over_at_least_a_year():
    svg = activity_svg({(2021, 11): 4, (2022, 2): 1})
    assert svg.count("<rect") == 12 and "Dec 2021: 0" in svg and "Mar 2021: 0" in svg and 'height="64.0"' in svg
    assert activity_svg({}) == ""


def test_one_busy_month_is_a_bar_among_empty_ones_not_a_block():
    svg = activity_svg({(2023, 5): 9})
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert len(widths) == 12 and max(widths) <= 480 / 12  # a twelfth of the chart at most
    assert svg.count('height="0.0"') == 11


def test_over_three_years_a_phone_gets_the_chart_by_year_too():
    counts = {(2019, 1): 2, (2021, 6): 3, (2023, 12): 5}
    svg = activity_svg(counts, lambda y, m: f"x/#m-{y}-{m:02d}")
    assert svg.count("<svg") == 2
    months, years = svg.split("</svg>")[:2]
    assert "digest-activity--months" in months and months.count("<rect") == 5 * 12
    assert "digest-activity--years" in years and years.count("<rect") == 5
    assert 'href="x/#m-2023-12"' in years  # a year's bar leads where its newest month's does


def test_activity_chart_has_year_ticks_a_scale_and_links_to_month_digests():
    svg = activity_svg({(2020, 6): 3, (2022, 2): 7}, lambda y, m: f"digest/{y}/{m:02d}/")
    years = re.findall(r">(\d{4})</text>", svg)
    assert years == ["2020", "2021", "2022"]
    assert ">7</text>" in svg  # the peak is the scale
    links = re.findall(r'<a href="([^"]+)"', svg)
    assert links == ["digest/2020/06/", "digest/2022/02/"]  # months with articles only


def test_a_long_span_is_drawn_per_year_never_a_bar_per_month_over_decades():
    svg = activity_svg({(1985, 1): 1, (2024, 5): 2})
    assert svg.count("<rect") == 2024 - 1985 + 1 and "<a " not in svg and "per year" in svg


def _read(tmp_path, text):
    path = tmp_path / "2022-01-01-x.md"
    path.write_text(text, encoding="utf-8")
    return DigestMarkdownReader(dict(DEFAULT_CONFIG)).read(str(path))


def test_reader_keeps_nested_entities_and_escapes_raw_html(tmp_path):
    content, meta = _read(
        tmp_path,
        "---\ntitle: A <b>title</b>\ndate: '2022-01-01T10:00:00+08:00'\nurl: https://example.org/a\nsummary: null\n"
        "officials:\n- name: Pan Wei\n  id: null\n  positions: [leader]\n---\nText <script>x()</script> here.\n",
    )
    assert meta["officials"] == [{"name": "Pan Wei", "id": None, "positions": ["leader"]}]
    assert meta["original_url"] == "https://example.org/a" and "url" not in meta and "summary" not in meta
    assert "<script>" not in content and "&lt;script&gt;" in content
    assert meta["title"] == "A &lt;b&gt;title&lt;/b&gt;" and meta["slug"] == "2022-01-01-x"


def test_summary_and_body_links_are_http_only(tmp_path):
    """Curated Markdown reaches pages and feeds: no javascript: or data: link, no image from anywhere."""
    content, meta = _read(
        tmp_path,
        "---\ntitle: T\ndate: '2022-01-01T10:00:00+08:00'\n"
        "summary: '[a](javascript:alert(1)) [b](data:text/html,x) [c](JaVaScRiPt:alert(2)) [ok](https://example.org/x)'\n"
        "---\n![pic](https://tracker.example/p.gif) [rel](../../etc/passwd) [ok](http://example.org/y)\n",
    )
    for html_text in (meta["summary"], content):
        assert "javascript" not in html_text.lower() and "data:" not in html_text and "<img" not in html_text
        assert "../../etc" not in html_text
    assert '<a href="https://example.org/x">ok</a>' in meta["summary"]
    assert '<a href="http://example.org/y">ok</a>' in content and ">pic<" in content


def test_reader_names_file_and_line_of_a_bad_entity_list(tmp_path):
    with pytest.raises(FrontMatterError) as error:
        _read(tmp_path, "---\ntitle: T\ndate: '2022-01-01'\nplaces:\n- Seni\n---\nbody\n")
    assert "2022-01-01-x.md:4" in str(error.value) and "'places' entry 1" in str(error.value)


def test_a_provisional_official_never_takes_a_merged_away_id(merged_gazetteer):
    # 'Ma Xiaochiu!' is not a known spelling, but its slug is the id merged into ma-xiaoqiu
    mention = resolve_entry("official", {"name": "Ma Xiaochiu!", "id": None}, merged_gazetteer)
    index = build_index([ArticleInput(datetime(2022, 1, 1, tzinfo=CST), (mention,))], merged_gazetteer)
    (key,) = index.entities
    assert key[1] != "ma-xiaochiu" and index.entities[key].provisional and index.entities[key].name == "Ma Xiaochiu!"


def test_reader_accepts_an_unquoted_date_and_names_the_line_of_a_bad_one(tmp_path):
    _, meta = _read(tmp_path, "---\ntitle: T\ndate: 2022-01-01\n---\nbody\n")
    assert meta["date"] == datetime(2022, 1, 1)
    with pytest.raises(FrontMatterError) as error:
        _read(tmp_path, "---\ntitle: T\ndate: 'the first of May'\n---\nbody\n")
    assert "2022-01-01-x.md:3" in str(error.value) and "date" in str(error.value)


ENTITY_POOL = [("place", "seni"), ("place", "nima"), ("place", "tingri"), ("official", "pan-wei"), ("campaign", "double-support")]
corpora = st.lists(st.tuples(st.integers(1, 28), st.sets(st.sampled_from(ENTITY_POOL), max_size=4)), max_size=20)


@given(corpora)
def test_counts_and_related_articles_agree_with_the_articles(gazetteer, corpus):
    articles = [_article(day, *sorted(keys)) for day, keys in corpus]
    index = build_index(articles, gazetteer, related_max=3)
    for key in ENTITY_POOL:
        naming = [i for i, (_, keys) in enumerate(corpus) if key in keys]
        assert (index.entities[key].articles if naming else []) == sorted(naming, key=lambda i: (articles[i].date, -i), reverse=True)
    for i, related in enumerate(index.related):
        shared = {j: len(corpus[i][1] & corpus[j][1]) for j in range(len(corpus)) if j != i}
        assert all(n == shared[j] > 0 for j, n in related)  # true overlaps, never the article itself
        best = sorted((n for n in shared.values() if n), reverse=True)[:3]
        assert [n for _, n in related] == best  # the most shared come first


@pytest.mark.parametrize(
    "field_line, line, words",
    [
        ("status: publishd", 3, "'status' must be one of published"),
        ("reviewed: maybe", 3, "'reviewed' must be true or false"),
        ("title: ''", 2, "missing 'title'"),
    ],
)
def test_reader_stops_at_a_hand_edited_field_it_cannot_use(tmp_path, field_line, line, words):
    head = "title: T\n" if not field_line.startswith("title") else ""
    with pytest.raises(FrontMatterError) as error:
        _read(tmp_path, f"---\n{head}{field_line}\ndate: '2022-01-01'\n---\nbody\n")
    assert f"2022-01-01-x.md:{line}: {words}" in str(error.value)


def test_mentions_csv_never_hands_a_spreadsheet_a_formula(gazetteer):
    hostile = Mention("official", "=HYPERLINK(\"http://x.test\")", None, ("=HYPERLINK(\"http://x.test\")", "@SUM(A1)"),
                      positions=("+deputy secretary", "-1+2"))
    index = build_index([ArticleInput(datetime(2022, 1, 3, tzinfo=CST), (hostile,))], gazetteer)
    rows = mentions_csv(index, ["articles/a/"], [datetime(2022, 1, 3, tzinfo=CST)]).splitlines()[1:]
    cells = [cell for row in rows for cell in row.split(",")]
    assert rows and not any(cell.lstrip('"').startswith(("=", "+", "-", "@")) for cell in cells)
    assert any("'=HYPERLINK" in row for row in rows)

"""The benchmark corpus: deterministic, in the raw format ingest reads, and shaped like the real news."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.synthetic import (CAMPAIGNS_PER_ARTICLE, OFFICIALS_PER_ARTICLE, PLACES_PER_ARTICLE, WORDS,
                                  build_pools, generate, write_corpus)
from digest.extract import extract_entities
from digest.gazetteer import load_gazetteer
from digest.rawformat import parse_raw

REPO = Path(__file__).resolve().parents[2]
N = 50


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(REPO / "content" / "gazetteer")


@pytest.fixture(scope="module")
def articles(gazetteer):
    return list(generate(gazetteer, N, seed=7))


def test_same_seed_same_bytes_and_prefix_stable(gazetteer, articles):
    again = list(generate(gazetteer, N, seed=7))
    assert [a.text for a in again] == [a.text for a in articles]
    # the 20-article corpus is the start of the 50-article one: sizes compare like with like
    assert [a.text for a in generate(gazetteer, 20, seed=7)] == [a.text for a in articles[:20]]
    assert [a.text for a in generate(gazetteer, N, seed=8)] != [a.text for a in articles]


def test_every_article_parses_with_its_title_date_and_footer(articles):
    for article in articles:
        raw = parse_raw(article.text, article.file_name)
        assert raw.title == article.title
        assert raw.date.replace(tzinfo=None) == article.date
        assert raw.source == article.source
        assert raw.editor and raw.footer.get("sponsor") and raw.footer.get("technical_support")
        assert raw.warnings == []


def test_counts_follow_the_issue_distributions(articles):
    assert all(OFFICIALS_PER_ARTICLE[0] <= len(a.officials) <= OFFICIALS_PER_ARTICLE[1] for a in articles)
    assert all(PLACES_PER_ARTICLE[0] <= len(a.places) <= PLACES_PER_ARTICLE[1] for a in articles)
    assert all(CAMPAIGNS_PER_ARTICLE[0] <= len(a.campaigns) <= CAMPAIGNS_PER_ARTICLE[1] for a in articles)
    words = [sum(len(p.split()) for p in parse_raw(a.text).body) for a in articles]
    assert all(WORDS[0] * 0.95 <= w <= WORDS[1] * 1.1 for w in words), words
    # spread, not constant: short and long articles, several years, varied entity counts
    assert max(words) - min(words) > 400
    assert len({a.date.year for a in articles}) >= 4
    assert len({len(a.officials) for a in articles}) >= 4 and len({len(a.places) for a in articles}) >= 3
    assert len({len(a.campaigns) for a in articles}) >= 3


def test_officials_are_fake_and_places_are_real_spellings(gazetteer, articles):
    pools = build_pools(gazetteer)
    assert len({o.name for o in pools.officials}) == 800
    assert all(o.name.startswith("Test") for a in articles for o in a.officials)
    assert all(gazetteer.resolve("place", p) is not None for a in articles for p in a.places)
    assert all(gazetteer.resolve("campaign", c) is not None for a in articles for c in a.campaigns)
    # a few officials recur across articles, as in the real news
    names = [o.name for a in articles for o in a.officials]
    assert len(names) - len(set(names)) >= 5


def test_extraction_finds_what_was_planted(gazetteer, articles):
    """The load is realistic only if extraction turns the mentions into entities."""
    found_officials = found_places = planted_officials = planted_places = 0
    for article in articles[:20]:
        raw = parse_raw(article.text)
        extracted = extract_entities(raw.title, raw.body, raw.footer, gazetteer).to_front_matter()
        names = {o["name"] for o in extracted["officials"]}
        place_ids = {p["id"] for p in extracted["places"]}
        planted_officials += len(article.officials)
        found_officials += sum(o.name in names for o in article.officials)
        planted_places += len(article.places)
        found_places += sum(gazetteer.resolve("place", p).id in place_ids for p in article.places)
    assert found_officials >= 0.9 * planted_officials
    assert found_places >= 0.9 * planted_places


def test_refuses_to_write_into_content(gazetteer, tmp_path):
    with pytest.raises(ValueError, match="content/"):
        write_corpus(gazetteer, 1, REPO / "content" / "articles" / "bench")
    written = write_corpus(gazetteer, 3, tmp_path / "raw")
    assert [p.name for p in written] == ["bench_000000.txt", "bench_000001.txt", "bench_000002.txt"]

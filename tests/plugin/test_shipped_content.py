"""The shipped content (the real seed articles and gazetteer) builds into pages for its entities."""

from __future__ import annotations

import pytest
from fixture_site import ROOT, build_site
from html_tree import parse

from digest.frontmatter import read_article_file
from digest.gazetteer import load_gazetteer
from digest.kinds import STORED

CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory):
    if not any((CONTENT / "articles").rglob("*.md")):
        pytest.skip("no articles shipped yet")
    return build_site(tmp_path_factory.mktemp("shipped"), CONTENT)


def test_every_resolved_entity_of_the_shipped_articles_has_a_page_linked_from_its_article(shipped_site):
    gazetteer = load_gazetteer(CONTENT / "gazetteer")
    checked = 0
    for path in sorted((CONTENT / "articles").rglob("*.md")):
        meta, _, _ = read_article_file(path)
        if meta.get("status", "published") != "published":
            continue
        page = parse(shipped_site / f"articles/{str(meta['date'])[:4]}/{str(meta['date'])[5:7]}/{path.stem}/index.html")
        links = {href.split("../")[-1] for href, _ in page.find("aside", "entity-panel").links()}
        for kind in STORED:
            folder = kind.plural
            for entry in meta.get(kind.plural) or []:
                entity = gazetteer.get(kind.name, entry["id"]) if entry.get("id") else None
                if entity is None or entry.get("in_footer"):
                    continue
                assert (shipped_site / folder / entity.id / "index.html").exists(), (path.name, entry["name"])
                assert f"{folder}/{entity.id}/" in links, (path.name, entry["name"])
                checked += 1
    assert checked >= 10  # the two seeds name well over ten known entities


def test_campaign_pages_open_with_a_description_for_readers_not_curators_notes(shipped_site):
    gazetteer = load_gazetteer(CONTENT / "gazetteer")
    overview = parse(shipped_site / "campaigns/by-name/index.html")
    described = {li.find("a").text: li.find("p", "summary").text for li in overview.find("ul", "overview-list").find_all("li")}
    for campaign in gazetteer.campaigns.values():
        assert campaign.description and not campaign.description.lower().startswith(("lexicon", "seed", "candidate"))
        if (shipped_site / "campaigns" / campaign.id / "index.html").exists():
            page = parse(shipped_site / "campaigns" / campaign.id / "index.html")
            assert page.find("h1").text.startswith(campaign.name)  # as curated: 'Double Support'
            assert page.find("p", "lede").text == campaign.description
            assert not campaign.notes or campaign.notes not in page.text
            assert described[campaign.name] == campaign.description

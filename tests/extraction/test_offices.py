"""Offices from stated positions: the MT wordings of one post in one place are one office, a
position without its place takes the article's only place of that level, and nothing is guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.extract.offices import extract, offices_of
from digest.gazetteer import load_gazetteer


def office_ids(position: str, gazetteer, *article_places: str) -> list[str]:
    places = [gazetteer.places[p] for p in article_places]
    return [o.id for o in offices_of(position, places, gazetteer)]


@pytest.mark.parametrize("position", [
    "secretary of the Nyalam County Party Committee",
    "Nyalam County Party Secretary",
    "Party secretary of Nyalam County",
    "secretary of the CPC Nielamu County Committee",
    "Secretary of the Party Committee of Nyalam (Nielamu) County",
])
def test_wordings_of_the_party_secretary_are_one_office(position, shipped_gazetteer):
    [office] = offices_of(position, [], shipped_gazetteer)
    assert (office.id, office.name, office.place) == ("party-secretary-of-nyalam", "Party Secretary of Nyalam County", "nyalam")


@pytest.mark.parametrize("position", ["county magistrate", "county head", "County Mayor", "County Chief", "head of the county"])
def test_a_county_post_without_its_county_takes_the_article_s_only_county(position, shipped_gazetteer):
    assert office_ids(position, shipped_gazetteer, "nyalam", "xigaze") == ["county-head-of-nyalam"]
    # two counties in the article: which one is not said, so no office
    assert office_ids(position, shipped_gazetteer, "nyalam", "tingri") == []
    assert office_ids(position, shipped_gazetteer) == []


def test_the_level_of_the_place_names_the_post(shipped_gazetteer):
    assert office_ids("head of Tingri County", shipped_gazetteer) == ["county-head-of-tingri"]
    assert office_ids("Mayor of Shigatse", shipped_gazetteer) == ["mayor-of-xigaze"]
    assert office_ids("mayor", shipped_gazetteer, "xigaze", "tingri") == ["mayor-of-xigaze"]
    assert office_ids("district chief of Zeni", shipped_gazetteer) == ["district-head-of-seni"]
    assert office_ids("Tibet Autonomous Region chairman", shipped_gazetteer) == ["chairman-of-tibet"]


def test_the_office_belongs_to_the_first_place_named(shipped_gazetteer):
    position = "deputy secretary of the Seni District Party Committee of Naqu City"
    assert office_ids(position, shipped_gazetteer) == ["deputy-party-secretary-of-seni"]


def test_two_posts_joined_by_and_are_two_offices(shipped_gazetteer):
    position = "Deputy Secretary and County Chief of Nyalam County"
    assert office_ids(position, shipped_gazetteer) == ["deputy-party-secretary-of-nyalam", "county-head-of-nyalam"]
    # a body whose name has 'and' in it stays one body
    assert office_ids("Secretary of the Political and Legal Committee of Nyalam County", shipped_gazetteer) == [
        "secretary-of-the-political-and-legal-affairs-commission-of-nyalam"]


def test_a_place_the_gazetteer_does_not_know_still_names_the_office(shipped_gazetteer):
    [office] = offices_of("deputy secretary of the Party Committee of Maqian Township, Nyalam County", [], shipped_gazetteer)
    assert (office.name, office.place) == ("Deputy Party Secretary of Maqian Township", None)


@pytest.mark.parametrize("position", [
    "former secretary of the Nyalam County Party Committee",  # what he was, not what he holds
    "county leader",  # no post
    "member of the Nyalam County CPPCC from the farming sector",
    "the ninth batch of aid cadres",
])
def test_positions_that_name_no_office_give_none(position, shipped_gazetteer):
    assert offices_of(position, [shipped_gazetteer.places["nyalam"]], shipped_gazetteer) == []


def test_national_posts_have_no_place(shipped_gazetteer):
    assert office_ids("General Secretary", shipped_gazetteer, "nyalam") == ["general-secretary-of-the-cpc-central-committee"]


def test_curators_rename_merge_and_tie_wordings_in_offices_yaml(tmp_path: Path, shipped_gazetteer):
    folder = tmp_path / "gazetteer"
    folder.mkdir()
    for kind in ("places", "officials", "campaigns"):
        (folder / f"{kind}.yaml").write_text((Path("content/gazetteer") / f"{kind}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "offices.yaml").write_text(
        "- id: nyalam-party-secretary\n"
        "  name: Secretary of the CPC Nyalam County Committee\n"
        "  parent: nyalam\n"
        "  post: party-secretary\n"
        "  replaces: [party-secretary-of-nyalam]\n"
        "  variants: [first secretary of the border county]\n",
        encoding="utf-8",
    )
    gazetteer = load_gazetteer(folder)
    for position in ("Nyalam County Party Secretary", "first secretary of the border county"):
        [(_, office)] = extract([position], [], gazetteer)
        assert (office.id, office.name, office.place, office.post) == (
            "nyalam-party-secretary", "Secretary of the CPC Nyalam County Committee", "nyalam", "party-secretary")


def test_an_office_placed_in_an_unknown_place_fails_at_its_line(tmp_path: Path):
    folder = tmp_path / "gazetteer"
    folder.mkdir()
    for kind in ("places", "officials", "campaigns"):
        (folder / f"{kind}.yaml").write_text((Path("content/gazetteer") / f"{kind}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "offices.yaml").write_text("- id: x\n  name: X\n\n- id: y\n  name: Y\n  parent: atlantis\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"offices.yaml:4: y: parent 'atlantis'"):
        load_gazetteer(folder)


def test_municipal_means_the_article_s_one_city_of_either_level_never_its_prefecture(shipped_gazetteer):
    # an article about Tongren (a county-level city) that also names Huangnan, the prefecture it is in
    places = ("tongren-qinghai", "huangnan")
    assert office_ids("Secretary of the Municipal Party Committee", shipped_gazetteer, *places) == ["party-secretary-of-tongren-qinghai"]
    assert [o.name for o in offices_of("Mayor", [shipped_gazetteer.places[p] for p in places], shipped_gazetteer)] == ["Mayor of Tongren"]
    # and a prefecture's own committee is the prefecture's
    assert office_ids("Prefectural Party Committee secretary", shipped_gazetteer, *places) == ["party-secretary-of-huangnan"]

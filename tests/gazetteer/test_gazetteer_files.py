"""The curated gazetteer: what the shipped data covers, how spellings resolve, and errors curators see."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.gazetteer import GazetteerError, load_gazetteer

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "gazetteer"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(SHIPPED)


def test_shipped_places_cover_every_division_of_the_fact_sheet(gaz):
    kinds = Counter(p.place_kind for p in gaz.places.values() if not p.outside_tibet)
    assert kinds["region"] == 1
    assert kinds["prefecture-level city"] + kinds["prefecture"] == 7
    assert (kinds["district"], kinds["county"], kinds["county-level city"]) == (8, 64, 2)
    prefectures = {p.id for p in gaz.places.values() if p.place_kind in ("prefecture-level city", "prefecture")}
    counties = [p for p in gaz.places.values() if p.place_kind in ("district", "county", "county-level city") and not p.outside_tibet]
    assert all(c.parent in prefectures for c in counties)
    assert all(p.zh and p.code for p in gaz.places.values() if not p.outside_tibet)


def test_aid_partners_are_places_outside_tibet(gaz):
    hangzhou = gaz.resolve("place", "Hangzhou")
    assert hangzhou.outside_tibet and hangzhou.place_kind == "city" and gaz.prefecture_of(hangzhou) is None
    assert gaz.resolve("place", "Zhejiang Province").id == "zhejiang"


@pytest.mark.parametrize(
    "surface, place_id",
    [
        ("Zeni", "seni"), ("Seni District", "seni"), ("Naqu City", "nagqu"), ("Nagqu", "nagqu"),
        ("Angren County", "ngamring"), ("Sangzhuzi District", "samzhubze"), ("Dingjie County", "dinggye"),
        ("Shigatse", "xigaze"), ("Xigaze", "xigaze"), ("Rikaze", "xigaze"), ("Nima County", "nyima"),
        ("SA’GYA", "sagya"), ("doilung-deqen", "doilungdeqen"), ("Quxu", "quxu"), ("Qüxü  County", "quxu"),
        ("Lhunze County", "lhunze"), ("Doilungdeqen County", "doilungdeqen"), ("Tibet", "tibet"),
    ],
)
def test_resolve_any_spelling(gaz, surface, place_id):
    assert gaz.resolve("place", surface).id == place_id


def test_fact_sheet_annotations_are_stripped(gaz):
    assert not [v for p in gaz.places.values() for v in p.variants if "(" in v]


def test_clashing_fact_sheet_spellings_go_to_one_place(gaz):
    # The fact sheet gives 'Tsetang' to Shannan and Nêdong, and 'Shigatse City' to two places.
    assert gaz.resolve("place", "Tsetang").id == "nedong"
    assert gaz.resolve("place", "Shiquanhe").id == "gar"
    assert gaz.resolve("place", "Shigatse City").id == "xigaze"


def test_personal_name_spellings_resolve_but_are_marked_ambiguous(gaz):
    nyima = gaz.resolve("place", "Nima")
    assert nyima.id == "nyima" and "Nima" in nyima.ambiguous and "Nima" not in nyima.variants


def test_prefecture_of(gaz):
    assert gaz.prefecture_of(gaz.get("place", "seni")) == "nagqu"
    assert gaz.prefecture_of(gaz.get("place", "nagqu")) == "nagqu"
    assert gaz.prefecture_of(gaz.get("place", "tibet")) is None


def _scramble(text: str, data) -> str:
    """Another way machine translation could write the same name."""
    out = []
    for ch in text:
        ch = ch.upper() if data.draw(st.booleans()) else ch.lower()
        if ch.isalpha() and data.draw(st.integers(0, 9)) == 0:
            ch = unicodedata.normalize("NFC", ch + "\u0302")  # add a circumflex: e -> ê
        out.append(ch)
        if ch == " " and data.draw(st.booleans()):
            out.append(data.draw(st.sampled_from([" ", "-"])))
    return "".join(out)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_resolve_ignores_case_diacritics_spaces_and_hyphens(gaz, data):
    place = data.draw(st.sampled_from(list(gaz.places.values())))
    spelling = data.draw(st.sampled_from(place.variants))
    assert gaz.resolve("place", _scramble(spelling, data)).id == place.id


def test_curators_can_add_townships_under_a_county(tmp_path):
    places = PLACES_OK + "- id: maqian\n  name: Maqian Township\n  kind: township\n  parent: seni\n  variants: [Maqian]\n"
    gaz = load_gazetteer(_write(tmp_path, places=places))
    township = gaz.resolve("place", "maqian township")
    assert township.place_kind == "township" and gaz.prefecture_of(township) == "nagqu"


def test_get_follows_merged_ids(tmp_path):
    folder = _write(tmp_path, officials="- id: li-ming\n  name: Li Ming\n  replaces: [li-ming-2]\n")
    gaz = load_gazetteer(folder)
    assert gaz.get("official", "li-ming-2").id == "li-ming"
    assert gaz.get("official", "nobody") is None


# --- errors name the file and the line a curator has to fix -----------------------------------

PLACES_OK = """\
- id: nagqu
  name: Nagqu
  kind: prefecture-level city
  variants: [Naqu]
- id: seni
  name: Seni District
  kind: district
  parent: nagqu
  variants: [Zeni]
"""


def _write(tmp_path: Path, places: str = PLACES_OK, officials: str = "", campaigns: str = "") -> Path:
    for name, text in (("places.yaml", places), ("officials.yaml", officials), ("campaigns.yaml", campaigns)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _error(tmp_path: Path, **files) -> GazetteerError:
    with pytest.raises(GazetteerError) as info:
        load_gazetteer(_write(tmp_path, **files))
    return info.value


def test_duplicate_id_names_both_lines(tmp_path):
    err = _error(tmp_path, campaigns="- id: a\n  name: A\n- id: a\n  name: B\n")
    assert str(err).startswith(f"{tmp_path / 'campaigns.yaml'}:3: ") and "duplicate id 'a'" in str(err) and ":1" in str(err)


def test_variant_claimed_by_two_entries(tmp_path):
    places = PLACES_OK + "- id: biru\n  name: Biru County\n  kind: county\n  parent: nagqu\n  variants:\n    - Driru\n    - ZENI\n"
    err = _error(tmp_path, places=places)
    assert (err.path, err.line) == (str(tmp_path / "places.yaml"), 16)
    assert "'ZENI'" in err.message and "'seni'" in err.message


def test_variant_clash_is_found_across_spellings_that_differ_only_in_diacritics(tmp_path):
    err = _error(tmp_path, campaigns="- id: a\n  name: Qüxü action\n- id: b\n  name: quxu  Action\n")
    assert err.line == 4


@pytest.mark.parametrize(
    "places, line, words",
    [
        (PLACES_OK + "- id: x\n  name: X\n  kind: county\n  parent: nagqu\n  colour: red\n", 14, "unknown field 'colour'"),
        (PLACES_OK + "- id: x\n  name: X\n", 10, "missing required field 'kind'"),
        (PLACES_OK + "- id: Bad Id\n  name: X\n  kind: county\n  parent: nagqu\n", 10, "lower-case"),
        (PLACES_OK + "- id: x\n  name: X\n  kind: county\n  parent: nowhere\n", 10, "parent 'nowhere'"),
        (PLACES_OK + "- id: x\n  name: X\n  kind: county\n", 10, "needs 'parent:'"),
        (PLACES_OK + "- id: x\n  name: X\n  kind: prefecture\n  seat: seni\n", 10, "seat 'seni' is not a place id in this file lying in x"),
        (PLACES_OK + "- id: x\n  name: X\n  kind: shire\n  parent: nagqu\n", 12, "place kind 'shire'"),
        (PLACES_OK + "- id: x\n  name: X\n  kind: county\n  parent: nagqu\n  code: 540602\n", 14, "quote division codes"),
        (PLACES_OK + "- id: x\n  name: X\n  kind: county\n  parent: nagqu\n  variants: Y\n", 14, "list of text"),
        (PLACES_OK + "- id: x\n  name: [X\n", 12, "invalid YAML"),
        (PLACES_OK + "- just a string\n", 10, "mapping"),
        ("id: x\nname: X\n", 1, "YAML list"),
    ],
)
def test_malformed_entries(tmp_path, places, line, words):
    err = _error(tmp_path, places=places)
    assert err.path == str(tmp_path / "places.yaml") and err.line == line and words in err.message
    assert str(err).startswith(f"{tmp_path / 'places.yaml'}:{line}: ")


def test_merged_id_still_present_is_an_error(tmp_path):
    err = _error(tmp_path, officials="- id: a\n  name: A\n  replaces: [b]\n- id: b\n  name: B\n")
    assert err.line == 3 and "'b'" in err.message


def test_missing_file(tmp_path):
    (tmp_path / "places.yaml").write_text(PLACES_OK)
    with pytest.raises(GazetteerError, match="officials.yaml"):
        load_gazetteer(tmp_path)

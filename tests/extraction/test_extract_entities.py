"""Extraction on the real seed articles and on the traps machine translation sets."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from digest.extract import extract_entities
from digest.extract.officials import as_positions
from digest.rawformat import read_raw_file

FIXTURES = Path(__file__).parent / "fixtures"
SEED_FOOTER = {
    "sponsor": "Nima County People's Government",
    "address": "Jianshe West Road, Nima County, Naqu City, Tibet",
    "technical_support": "Tibet Media Group",
}


def run(gaz, *body, title="", footer=None):
    return extract_entities(title, list(body), footer or {}, gaz).to_front_matter()


def by_name(items):
    return {item["name"]: item for item in items}


def test_front_matter_has_exactly_the_contract_shapes(shipped_gazetteer):
    fm = run(shipped_gazetteer, "Pan Wei, executive deputy secretary of the Seni District Party Committee, "
             'said that the "five competitions" in Zeni serve common prosperity.', footer=SEED_FOOTER)
    assert list(fm) == ["officials", "places", "campaigns"]
    assert set(fm["officials"][0]) == {"name", "id", "positions"}
    # what identifies the mention only: kind, prefecture and Chinese name are the gazetteer's, read at build
    assert all(set(p) == {"name", "id", "in_footer", "surfaces"} for p in fm["places"])
    assert all(set(c) == {"name", "id", "surfaces"} for c in fm["campaigns"])
    assert yaml.safe_load(yaml.safe_dump(fm, allow_unicode=True)) == fm  # plain YAML-safe data


def test_seed_melting_ice_and_snow_four_renderings_are_one_campaign(shipped_gazetteer):
    raw = read_raw_file(FIXTURES / "seed_000.txt")
    fm = extract_entities(raw.title, raw.body, raw.footer, shipped_gazetteer).to_front_matter()
    campaign = by_name(fm["campaigns"])["Melting Ice and Snow"]  # the curated display name
    assert campaign["id"] == "melting-ice-and-snow"
    assert sorted(campaign["surfaces"]) == sorted(
        ["carving ice and carving snow", "melting ice and snow", "melting ice and melting snow", "ice melting and snow melting"]
    )
    assert by_name(fm["campaigns"])["five competitions"]["id"] is None  # a candidate, not in the lexicon


def test_seed_places_spellings_and_footer(shipped_gazetteer):
    raw = read_raw_file(FIXTURES / "seed_000.txt")
    places = {p["id"]: p for p in extract_entities(raw.title, raw.body, raw.footer, shipped_gazetteer).to_front_matter()["places"]}
    assert places["seni"]["surfaces"] == ["Zeni", "Seni District"]
    assert places["nagqu"]["surfaces"] == ["Naqu City", "Naqu"] and not places["nagqu"]["in_footer"]
    assert places["nyima"]["in_footer"] is True  # Nima County is only the publisher's address
    assert not places["hangzhou"]["in_footer"]


def test_same_person_named_twice_with_different_wording(shipped_gazetteer):
    raw = read_raw_file(FIXTURES / "seed_000.txt")
    officials = by_name(extract_entities(raw.title, raw.body, raw.footer, shipped_gazetteer).to_front_matter()["officials"])
    assert officials["Liu Xin"]["positions"] == [
        "deputy secretary of the Hangzhou Municipal Party Committee", "mayor",
        "Deputy Secretary of the CPC Hangzhou Municipal Committee", "Mayor of Hangzhou",
    ]
    assert officials["Xi Jinping"] == {"name": "Xi Jinping", "id": "xi-jinping", "positions": ["General Secretary"]}


def test_personal_name_nima_is_not_nima_county(shipped_gazetteer):
    fm = run(shipped_gazetteer, "Nima Puchi, Vice Mayor and Deputy Leader of the Municipal Double Support Leading Group, presided over the meeting.")
    assert fm["officials"] == [{"name": "Nima Puchi", "id": None, "positions": ["Vice Mayor", "Deputy Leader of the Municipal Double Support Leading Group"]}]
    assert fm["places"] == []
    assert [p["id"] for p in run(shipped_gazetteer, "Herders of Nima County moved.")["places"]] == ["nyima"]


def test_namesake_of_a_national_leader_is_someone_else(shipped_gazetteer):
    officials = by_name(run(shipped_gazetteer, "Xi Jinhua, secretary of the Gyangze County Party Committee, spoke.")["officials"])
    assert officials["Xi Jinhua"]["id"] is None


def test_persons_without_a_position_are_not_officials(shipped_gazetteer):
    fm = run(shipped_gazetteer, "Villager Nima Dolma said the subsidy arrived. Reporter Li Hua saw it. "
             "Pasang, a herdsman of Gegye County, agreed. Dr. Liu Na will train doctors.")
    assert fm["officials"] == []


def test_list_of_names_sharing_a_position(shipped_gazetteer):
    fm = run(shipped_gazetteer, "Zhaxi Dunzhu, Wang Hai and Ciren Yangzong, county leaders, attended. "
             "County leaders Gesang Ciren and Li Ming accompanied them.")
    assert [(o["name"], o["positions"]) for o in fm["officials"]] == [
        ("Zhaxi Dunzhu", ["county leaders"]), ("Wang Hai", ["county leaders"]), ("Ciren Yangzong", ["county leaders"]),
        ("Gesang Ciren", ["County leaders"]), ("Li Ming", ["County leaders"]),
    ]


def test_unknown_county_is_reported_not_dropped(shipped_gazetteer):
    places = run(shipped_gazetteer, "A delegation from Shouning County visited Maqian Township and the Party Committee of the County.")["places"]
    assert [(p["name"], p["id"]) for p in places] == [("Shouning County", None), ("Maqian Township", None)]


def test_ambiguous_bare_spellings_and_lower_case_words_are_not_places(shipped_gazetteer):
    places = run(shipped_gazetteer, "The troupe sang songs from Amdo. The port will write a new saga. A school opened on Bayi Road.")["places"]
    assert places == []


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ('The county studied the "three guarantees" and the "Red Flag Village Action".', ["three guarantees", "Red Flag Village Action"]),
        ('Cadres should score "full marks" and carry forward the "old Tibet spirit".', ["full marks"]),
        ('The meeting conveyed the spirit of the "two sessions".', []),
        ('We will sweep away the black and eliminate the evil.', ["sweep-away-black-and-evil"]),
    ],
)
def test_campaigns_and_candidates(shipped_gazetteer, sentence, expected):
    assert [c["id"] or c["name"] for c in run(shipped_gazetteer, sentence)["campaigns"]] == expected


@pytest.mark.parametrize(
    "segment, positions",
    [
        ("deputy secretary of the Hangzhou Municipal Party Committee and mayor", ["deputy secretary of the Hangzhou Municipal Party Committee", "mayor"]),
        ("director of the Bureau of Agriculture and Rural Affairs", ["director of the Bureau of Agriculture and Rural Affairs"]),
        ("and the executive deputy secretary of the district, said", ["executive deputy secretary of the district"]),
        ("a herdsman of Gegye County", None),
        ("attended the meeting", None),
    ],
)
def test_position_phrases(segment, positions):
    assert as_positions(segment) == positions


def test_plural_title_before_a_list_and_a_title_closing_the_clause(shipped_gazetteer):
    fm = run(shipped_gazetteer, "Vice mayors Zhaxi Ciren and Wang Lin announced the list. "
             "The team leader, Liu Bo, who is also deputy secretary of the Chagyab County Party Committee, spoke.")
    assert [(o["name"], o["positions"]) for o in fm["officials"]] == [
        ("Zhaxi Ciren", ["Vice mayors"]), ("Wang Lin", ["Vice mayors"]),
        ("Liu Bo", ["team leader", "deputy secretary of the Chagyab County Party Committee"]),
    ]


def test_a_place_is_not_a_person_but_a_person_may_carry_a_place_like_name(shipped_gazetteer):
    fm = run(shipped_gazetteer, "The meeting was held in Zeni, secretary of the county party committee said. "
             "Tashi Lasa, deputy director of the county bureau, attended.")
    assert [o["name"] for o in fm["officials"]] == ["Tashi Lasa"]


# Patterns of real machine-translated pages, in passages written for these tests.
def test_a_role_opening_with_former_still_makes_an_official(shipped_gazetteer):
    fm = run(shipped_gazetteer, "On May 2, Lu Hongwen, the former member of the Standing Committee of the Nima County "
             "Party Committee, visited the county seat again.")
    assert "Lu Hongwen" in by_name(fm["officials"])


def test_no_place_from_inside_an_office_title(shipped_gazetteer):
    fm = run(shipped_gazetteer, "Sun Yuliang, the Executive Deputy County Chief, and the CPPCC County Committee "
             "inspected the fodder depot in Nima County.")
    assert [p["name"] for p in fm["places"] if p["id"] is None] == []
    assert "nyima" in {p["id"] for p in fm["places"]}


def test_every_quoted_formulation_is_a_candidate_but_not_speech_works_or_institutions(shipped_gazetteer):
    fm = run(shipped_gazetteer,
             'The county aims at a "full score" in the inspection and "zero loss of points" on every item, '
             'and asked the "two committees" of each village to report.',
             'A dancer performed the dance "Spring Rain On The Pasture", and a herder said "we are very happy now."',
             "Villages follow the principle of “pay as much as you can” for the 'one village, one product' drive.")
    candidates = {c["name"] for c in fm["campaigns"] if c["id"] is None}
    assert {"full score", "zero loss of points", "pay as much as you can", "one village, one product"} <= candidates
    assert not candidates & {"two committees", "Spring Rain On The Pasture", "we are very happy now."}


def test_a_long_quote_never_pairs_the_wrong_marks(shipped_gazetteer):
    long_quote = " ".join(["the county must keep the grassland green and the herders prosperous"] * 2)
    fm = run(shipped_gazetteer, f'The secretary repeated "{long_quote}" and then the "five competitions" began.')
    names = {c["name"] for c in fm["campaigns"]}
    assert "five competitions" in names
    assert not any(name.startswith(" and then") or name.strip() == "and then the" for name in names)


def test_an_aside_after_a_name_and_a_post_named_by_its_body(shipped_gazetteer):
    fm = run(shipped_gazetteer,
             "They are Tsering Dawa (Chinese: Ciren Dawa), Deputy Director of the County Water Bureau, and "
             "Lobsang (first from left), deputy secretary of the township Party committee.",
             "Gesang Wangmu, Tibet Autonomous Region vice chairwoman, and Chen Liang and Yu Bo, Shannan municipal "
             "leaders, joined the tour.")
    officials = by_name(fm["officials"])
    assert officials["Tsering Dawa"]["positions"] == ["Deputy Director of the County Water Bureau"]
    assert officials["Lobsang"]["positions"] == ["deputy secretary of the township Party committee"]
    assert officials["Gesang Wangmu"]["positions"] == ["Tibet Autonomous Region vice chairwoman"]
    assert officials["Yu Bo"]["positions"] == ["Shannan municipal leaders"]


def test_a_clause_opening_with_a_place_and_leaders_is_no_post(shipped_gazetteer):
    fm = run(shipped_gazetteer, "Before the Spring Festival, Nyima County leaders visited herders in two townships.")
    assert fm["officials"] == []


def test_a_person_named_like_a_county_is_a_person_not_the_county(shipped_gazetteer):
    # 'Bianba' is also a spelling of Banbar County; followed by a post it is a village secretary.
    fm = run(shipped_gazetteer, "Bianba, Secretary of the Party Branch of a test village, said the road is finished.")
    assert by_name(fm["officials"])["Bianba"]["positions"] == ["Secretary of the Party Branch of a test village"]
    assert "banbar" not in {p["id"] for p in fm["places"]}


def test_places_outside_tibet_are_known_without_a_unit_word(shipped_gazetteer):
    places = run(shipped_gazetteer, "Before coming to Nagqu he worked in Kunming, Yunnan, and then in Xiamen and "
                 "Guangzhou; the aid team from Yangpu met cadres from Tongren and the Chaoyang District.")["places"]
    found = {p["id"] for p in places}
    assert {"kunming", "yunnan", "xiamen", "guangzhou", "yangpu", "tongren-qinghai", "chaoyang-beijing"} <= found
    for place_id in found - {"nagqu"}:
        assert shipped_gazetteer.places[place_id].outside_tibet
    # a bare name that is also another city's is not taken for the Beijing district
    assert "chaoyang-beijing" not in {p["id"] for p in run(shipped_gazetteer, "Chaoyang said the herders agreed.")["places"]}


def test_an_appositive_with_an_indefinite_article_and_a_professional_grade_are_posts(shipped_gazetteer):
    fm = run(shipped_gazetteer,
             'The photo shows Lhakpa Tsering (second from left), a "two-way" cadre in Damxung County, teaching herders to sow oats.',
             "[Part-time] Nima Yangzom, senior veterinarian, County Animal Husbandry Bureau, Nagqu City")
    officials = by_name(fm["officials"])
    assert officials["Lhakpa Tsering"]["positions"] == ['"two-way" cadre in Damxung County']
    assert officials["Nima Yangzom"]["positions"] == ["senior veterinarian"]
    assert as_positions("a villager of Damxung County") is None


def test_a_post_given_in_the_next_sentence_goes_to_the_person_just_named(shipped_gazetteer):
    fm = run(shipped_gazetteer, "In 2015, Li Haitao, who had taught in Chengdu for ten years, came to Tibet. "
             "Today he is deputy director of the Lhunzhub County Education Bureau.",
             "Tashi and Dawa, two herders, came to the meeting. Now he is a member of the village committee.")
    assert [(o["name"], o["positions"]) for o in fm["officials"]] == [
        ("Li Haitao", ["deputy director of the Lhunzhub County Education Bureau"])]


def test_a_surname_alone_is_the_one_person_of_that_name_or_nobody(shipped_gazetteer):
    fm = run(shipped_gazetteer, "Vice Governor Liu Qiang visited herders in Nagqu. The photo shows Governor Liu "
             "talking with a herder.", "Secretary Wang stressed the rules.", title="Governor Liu Visits Herders")
    assert [(o["name"], o["positions"]) for o in fm["officials"]] == [("Liu Qiang", ["Vice Governor", "Governor"])]


def test_which_quotes_are_formulations(shipped_gazetteer):
    fm = run(shipped_gazetteer,
             'Cadres keep "point-to-point" contact with each household, and the county held a memorial day with the theme '
             'of "Guarding The Snowland Together".',
             'The township, known as the "home of yak butter", ended the phenomenon of "sitting idle" among cadres.',
             'I still remember "spring comes with the snow" from my first winter here.',
             'Two officials were dismissed for "poor handling of the flood relief work in the township."',
             'The county strives for "every family has a craft, every village has a trade, every township has a brand '
             'and every county has a pillar".')
    candidates = [c["name"] for c in fm["campaigns"] if c["id"] is None]
    assert candidates == ["point-to-point", "Guarding The Snowland Together", "every family has a craft, every village "
                          "has a trade, every township has a brand and every county has a pillar"]


def test_a_literal_translation_of_a_county_name_is_that_county(shipped_gazetteer):
    places = run(shipped_gazetteer, "Herders of Twin Lakes County moved to the new settlement.")["places"]
    assert [p["id"] for p in places] == ["shuanghu"]

"""How English attaches a post to a name, and what makes a quoted phrase a campaign: patterns seen in
real state-media and county-site texts, written here in our own words (never copied text)."""

from __future__ import annotations

from digest.extract import extract_entities


def run(gaz, *body, explain=False):
    return extract_entities("", list(body), {}, gaz).to_front_matter(explain)


def officials(gaz, *body):
    return {o["name"]: o["positions"] for o in run(gaz, *body)["officials"]}


def candidates(gaz, *body):
    return [c["name"] for c in run(gaz, *body)["campaigns"] if c["id"] is None]


def test_titles_before_names_give_the_posts_between_two_names_to_the_next(shipped_gazetteer):
    found = officials(shipped_gazetteer,
                      "From 3 to 5 May, the county party secretary Gao Lintao, the deputy secretary of the county party "
                      "committee, and the county magistrate Zhou Mingyuan led the delegation to the pastures.")
    assert found["Gao Lintao"] == ["county party secretary"]
    assert found["Zhou Mingyuan"] == ["deputy secretary of the county party committee", "county magistrate"]


def test_posts_after_a_titled_name_stay_his_when_no_name_follows(shipped_gazetteer):
    found = officials(shipped_gazetteer, "Vice Mayor Gao Lintao, member of the municipal party standing committee, "
                                         "chaired the meeting.")
    assert found["Gao Lintao"] == ["Vice Mayor", "member of the municipal party standing committee"]


def test_an_age_and_a_relative_clause_between_a_name_and_the_post(shipped_gazetteer):
    found = officials(shipped_gazetteer, "Pema, 81, who once served as deputy head of Lhunzhub County, still walks to "
                                         "the township every week.")
    assert found["Pema"] == ["deputy head of Lhunzhub County"]


def test_a_cadres_batch_is_kept_as_a_post_before_the_next_one(shipped_gazetteer):
    found = officials(shipped_gazetteer, "Zhou Ping, the eighth batch of Shanghai aid cadres, deputy director of the "
                                         "county education bureau, met the teachers.")
    assert found["Zhou Ping"] == ["eighth batch of Shanghai aid cadres", "deputy director of the county education bureau"]


def test_a_surname_that_is_also_a_word_opens_a_name(shipped_gazetteer):
    found = officials(shipped_gazetteer, "Han Jiale, deputy mayor of Lhasa, and He Wenbo, director of the municipal "
                                         "water bureau, inspected the dam.")
    assert set(found) == {"Han Jiale", "He Wenbo"}


def test_a_name_listed_with_officials_is_an_official_without_a_post(shipped_gazetteer):
    """The same person may be spelled two ways in one article; the second spelling comes with no post."""
    found = officials(shipped_gazetteer,
                      "Li Wenhua, secretary of the county party committee, and Zhaxi Ciren, county magistrate, met them.",
                      "On the second day Wang Lin and Yu Hong, accompanied by Li Wenhua and Zaxi Cirin, visited a school.")
    assert found["Zaxi Cirin"] == []
    assert "Wang Lin" not in found and "Yu Hong" not in found  # listed only with each other: no sign of a post


def test_quoted_works_dates_topics_and_scare_quotes_are_no_campaigns(shipped_gazetteer):
    found = candidates(shipped_gazetteer,
                       'The troupe performed skits such as "The River Remembers", "Mother Yak" and "I Walk to School".',
                       'The county marked the "August 1st" festival with the "Reading Grassland" recitation contest.',
                       'Focusing on "the needs of herders in winter" and "the reasons young people leave", the team '
                       'visited ten villages.',
                       'The aid team brought more "county strength" to the plateau and aims at a "full score" in the review.',
                       'The county implemented the "two visits and three helps" and a "sweep every household" checkup.')
    assert found == ["Reading Grassland", "full score", "two visits and three helps", "sweep every household"]


def test_first_person_inside_a_quoted_title_does_not_hide_the_other_quotes(shipped_gazetteer):
    found = candidates(shipped_gazetteer, 'Dancers staged "I Came From the Valley" and the "barley harvest" '
                                          'singing competition.')
    assert found == ["barley harvest"]


def test_inspect_says_why_each_campaign_is_one_and_articles_do_not_store_it(shipped_gazetteer):
    text = 'The township carried out the "clean pasture" drive and the rural revitalization strategy.'
    explained = {c["name"]: c["evidence"] for c in run(shipped_gazetteer, text, explain=True)["campaigns"]}
    assert explained["clean pasture"] == "the name of what is carried out"
    assert explained["Rural Revitalization"] == "in the campaigns lexicon"
    assert all("evidence" not in c for c in run(shipped_gazetteer, text)["campaigns"])


def test_epithets_named_problems_and_explained_terms_are_no_campaigns(shipped_gazetteer):
    found = candidates(shipped_gazetteer,
                       'Few had heard of the "coldest township on the plateau" before the road came.',
                       'Herders moved north to escape the dilemma of "many yaks and little pasture".',
                       'The caravan reached Gyantse Town, the "Granary of the upper valley", at dusk.',
                       'What is "harmony on four sides"? The village head answered that neighbours help each other.',
                       'Each cadre began with "self-study" and the "point-to-point" pairing of households.')
    assert found == ["point-to-point"]


def test_a_quote_that_runs_over_a_full_stop_has_lost_its_closing_mark(shipped_gazetteer):
    found = candidates(shipped_gazetteer,
                       'All units spoke on "unity drives growth.,Then the leaders summed up the theme of '
                       '"Building the Dam Together" warmly.',
                       'They wrote "what we lack, we learn; What we learn, we teach" on the board.')
    assert "unity drives growth.,Then the leaders summed up the theme of" not in found
    assert all(";" not in name for name in found)


def test_quoted_names_listed_before_one_activity_noun_are_each_an_activity(shipped_gazetteer):
    found = candidates(shipped_gazetteer,
                       'The union held the "Hands That Build, Hearts That Serve" and "Honouring the Harvest Day" '
                       'song and dance performance in the square.')
    assert found == ["Hands That Build, Hearts That Serve", "Honouring the Harvest Day"]


def test_lower_case_run_together_pinyin_with_a_post_is_an_official(shipped_gazetteer):
    found = officials(shipped_gazetteer,
                      "In 1975, gesangdunzhu, then head of Nyima County, walked the northern route twice.",
                      "The herders found the pasture, and remained there since.")
    assert found == {"gesangdunzhu": ["head of Nyima County"]}


def test_a_possessive_that_lost_its_apostrophe_is_the_same_person(shipped_gazetteer):
    found = officials(shipped_gazetteer,
                      "Deputy Secretary Luo Wenbin inspected the clinic.",
                      "The staff vowed to honour Deputy Secretary Luo Wenbins instructions.")
    assert list(found) == ["Luo Wenbin"]

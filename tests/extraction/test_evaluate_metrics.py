"""The metric code behind `invoke eval`: counts, precision/recall/F1 and what counts as a match."""

from __future__ import annotations

import pytest

from digest.errors import DigestError
from digest.evaluate import Score, entity_items, load_passages, official_items, place_items


def test_precision_recall_f1_from_counts():
    score = Score()
    score.add(gold={"a", "b", "c", "d"}, predicted={"a", "b", "x"})
    assert (score.tp, score.fp, score.fn) == (2, 1, 2)
    assert score.precision == pytest.approx(2 / 3) and score.recall == pytest.approx(0.5)
    assert score.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_empty_gold_and_prediction_is_perfect_not_a_division_error():
    score = Score()
    score.add(set(), set())
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_official_needs_the_right_positions_in_order_but_not_the_same_case():
    gold = official_items([{"name": "Liu Xin", "id": None, "positions": ["deputy secretary", "mayor"]}])
    assert official_items([{"name": "LIU XIN", "id": None, "positions": ["Deputy Secretary", "Mayor"]}]) == gold
    assert official_items([{"name": "Liu Xin", "id": None, "positions": ["deputy secretary"]}]).isdisjoint(gold)
    assert official_items([{"name": "Liu Xin", "id": None, "positions": ["mayor", "deputy secretary"]}]).isdisjoint(gold)
    assert official_items([{"name": "Liu Xin", "id": "xi-jinping", "positions": ["deputy secretary", "mayor"]}]).isdisjoint(gold)


def test_places_compare_ids_unknown_names_and_footer_flag():
    assert place_items([{"name": "Zeni", "id": "seni", "in_footer": False}]) == place_items([{"name": "Seni District", "id": "seni"}])
    assert place_items([{"name": "Maqian Township", "id": None}]) == {("?maqian township", False)}
    assert place_items([{"name": "Nima County", "id": "nyima", "in_footer": True}]).isdisjoint(place_items([{"name": "Nima County", "id": "nyima"}]))


def test_campaign_candidates_compare_by_phrase():
    assert entity_items([{"candidate": "Five Competitions", "id": None}]) == entity_items([{"name": "five competitions", "id": None}])


def test_malformed_passage_file_names_the_line(tmp_path):
    path = tmp_path / "passages.yaml"
    path.write_text("- id: a\n  body: text\n  gold: {}\n- id: b\n  body: text\n")
    with pytest.raises(DigestError) as info:
        load_passages(path)
    assert info.value.line == 4 and "gold" in info.value.message

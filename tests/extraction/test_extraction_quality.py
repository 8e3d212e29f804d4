"""Extraction quality on the gold passages: the bars the issue sets (speed: benchmarks/extraction_speed.py)."""

from __future__ import annotations

import pytest

from digest.evaluate import DEFAULT_PASSAGES, THRESHOLDS, evaluate, format_report, load_passages


@pytest.fixture(scope="module")
def passages():
    return [p for path in DEFAULT_PASSAGES for p in load_passages(path)]


def test_gold_set_is_large_and_varied(passages):
    assert len(passages) >= 40
    assert len({p.id for p in passages}) == len(passages)
    assert len({p.prefecture for p in passages}) == 7 and len({p.year for p in passages}) >= 10


@pytest.fixture(scope="module")
def report(passages, shipped_gazetteer):
    return evaluate(passages, shipped_gazetteer)


@pytest.mark.parametrize("kind", sorted(THRESHOLDS))
def test_f1_meets_the_bar(report, kind):
    score = report.scores[kind]
    assert score.f1 >= THRESHOLDS[kind], format_report(report)

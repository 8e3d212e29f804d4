"""`digest review`: what curators see, and its exit status."""

from __future__ import annotations

import io
from pathlib import Path

from digest.cli import main
from digest.frontmatter import dump_article
from digest.review import collect, run_review


def _article(folder: Path, name: str, officials=(), places=(), campaigns=(), body="") -> None:
    meta = {"title": name, "officials": list(officials), "places": list(places), "campaigns": list(campaigns)}
    path = folder / "articles" / "2022" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_article(meta, body), encoding="utf-8")


def test_lists_unresolved_entities_with_counts_and_an_example_sentence(tmp_path):
    lost = {"name": "Maqian Township", "id": None, "kind": "township", "surfaces": ["Maqian Township"]}
    _article(tmp_path, "a", places=[lost, {"name": "Zeni", "id": "seni"}],
             officials=[{"name": "Pan Wei", "id": None, "positions": ["leader"]}],
             body="The team arrived. Pan Wei, leader of the team, went to Maqian Township on Monday\\.")
    _article(tmp_path, "b", places=[lost], campaigns=[{"name": "five competitions", "id": None}],
             body='Maqian Township joined the "five competitions".')
    out = io.StringIO()
    assert run_review(tmp_path, out) == 1
    text = out.getvalue()
    assert "Zeni" not in text  # resolved: nothing to do
    assert "2  Maqian Township" in text and "1  Pan Wei" in text and "1  five competitions" in text
    assert "e.g. 2022/a.md: Pan Wei, leader of the team, went to Maqian Township on Monday." in text


def test_nothing_unresolved_exits_zero(tmp_path):
    _article(tmp_path, "a", places=[{"name": "Zeni", "id": "seni"}])
    out = io.StringIO()
    assert run_review(tmp_path, out) == 0 and "Nothing unresolved" in out.getvalue()


def test_broken_front_matter_is_reported_with_file_and_line(tmp_path, capsys):
    path = tmp_path / "articles" / "bad.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: [unclosed\n---\nbody\n")
    assert main(["review", "--content", str(tmp_path)]) == 2
    assert f"{path}:" in capsys.readouterr().err


def test_same_entity_counts_once_per_article():
    meta = {"officials": [{"name": "Pan Wei", "id": None}, {"name": "PAN WEI", "id": None}]}
    [finding] = collect([("a.md", meta, "Pan Wei spoke.")])
    assert finding.count == 1

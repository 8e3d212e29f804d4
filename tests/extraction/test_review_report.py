"""`digest review`: what curators see, and its exit status."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from digest.cli import main
from digest.frontmatter import dump_article
from digest.gazetteer import load_gazetteer
from digest.review import collect, run_review
from sitebuild import build_site

GAZETTEER = Path(__file__).parents[1] / "plugin" / "fixtures" / "gazetteer"


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(GAZETTEER, tmp_path / "gazetteer")
    return tmp_path


def _article(folder: Path, name: str, officials=(), places=(), campaigns=(), body="") -> None:
    meta = {"title": name, "date": "2022-03-15T10:00:00+08:00", "officials": list(officials), "places": list(places), "campaigns": list(campaigns)}
    path = folder / "articles" / "2022" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_article(meta, body), encoding="utf-8")


def test_lists_unresolved_entities_with_counts_and_an_example_sentence(content):
    tmp_path = content
    lost = {"name": "Maqian Township", "id": None, "kind": "township", "surfaces": ["Maqian Township"]}
    _article(tmp_path, "a", places=[lost, {"name": "Zeni", "id": "seni"}],
             officials=[{"name": "Zhao Ming", "id": None, "positions": ["leader"]}],
             body="The team arrived. Zhao Ming, leader of the team, went to Maqian Township on Monday\\.")
    _article(tmp_path, "b", places=[lost], campaigns=[{"name": "ten thousand steps", "id": None}],
             body='Maqian Township joined the "ten thousand steps".')
    out = io.StringIO()
    assert run_review(tmp_path, out) == 1
    text = out.getvalue()
    assert "Zeni" not in text  # resolved: nothing to do
    assert "2  Maqian Township" in text and "1  Zhao Ming" in text and "1  ten thousand steps" in text
    assert "e.g. 2022/a.md: Zhao Ming, leader of the team, went to Maqian Township on Monday." in text


def test_nothing_unresolved_exits_zero(content):
    tmp_path = content
    _article(tmp_path, "a", places=[{"name": "Zeni", "id": "seni"}])
    out = io.StringIO()
    assert run_review(tmp_path, out) == 0 and "Nothing unresolved" in out.getvalue()


def test_broken_front_matter_is_reported_with_file_and_line(content, capsys):
    tmp_path = content
    path = tmp_path / "articles" / "bad.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: [unclosed\n---\nbody\n")
    assert main(["review", "--content", str(tmp_path)]) == 2
    assert f"{path}:" in capsys.readouterr().err


def test_same_entity_counts_once_per_article():
    meta = {"officials": [{"name": "Zhao Ming", "id": None}, {"name": "ZHAO MING", "id": None}]}
    [finding] = collect([("a.md", meta, "Zhao Ming spoke.")], load_gazetteer(GAZETTEER))
    assert finding.count == 1


def test_review_and_build_agree_once_a_curator_adds_an_official(content, tmp_path_factory):
    """Ingest wrote id: null for an official the gazetteer did not know; a curator then adds him.
    Without re-ingesting, review stops listing him and the build gives him his curated page."""
    _article(content, "a", officials=[{"name": "Zhang Hongbo", "id": None, "positions": ["county head"]}],
             places=[{"name": "Zeni", "id": "seni"}], body="Zhang Hongbo, county head, spoke.")
    out = io.StringIO()
    assert run_review(content, out) == 1 and "Zhang Hongbo" in out.getvalue()

    with (content / "gazetteer" / "officials.yaml").open("a", encoding="utf-8") as gazetteer:
        gazetteer.write("\n- id: zhang-hongbo\n  name: Zhang Hongbo\n  description: Curated.\n")
    out = io.StringIO()
    assert run_review(content, out) == 0, out.getvalue()
    site = tmp_path_factory.mktemp("site")
    build_site(content, site)
    page = (site / "officials" / "zhang-hongbo" / "index.html").read_text(encoding="utf-8")
    assert "Curated." in page

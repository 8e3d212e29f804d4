"""A failed build, in Pelican or in the search index, leaves the previous site as it was and says why."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from invoke import Context

import tasks
from digest.ingest import ingest_paths
from hostile.rawtext import STORY, raw_article, write_raw
from sitebuild import BuildFailed, build_site as build

REPO = Path(__file__).resolve().parents[2]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content" / "gazetteer", content / "gazetteer")
    raw = write_raw(tmp_path / "raw", "a.txt", raw_article("Seni District Holds Pasture Meeting", STORY))
    ingest_paths([raw], content_dir=content, out=io.StringIO())
    build(content, tmp_path / "output")
    assert (tmp_path / "output" / "index.html").is_file() and (tmp_path / "output" / "pagefind").is_dir()
    return content, tmp_path / "output"


def failing_build(content: Path, output: Path, clean: bool = False) -> str:
    with pytest.raises(BuildFailed) as failure:
        build(content, output, clean=clean)
    return failure.value.output


def test_pelican_failure_keeps_the_previous_site_and_names_the_file(built, monkeypatch):
    content, output = built
    before = snapshot(output)
    [article] = list((content / "articles").rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8").replace("\nsource: ", "\nsource: [", 1), encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "1000")
    said = failing_build(content, output)
    assert f"{article}:" in said and "invalid YAML" in said
    assert f"build failed: {output} was left as it was" in said
    assert snapshot(output) == before
    assert [p.name for p in output.parent.iterdir() if p.name.startswith(".build-")] == []


@pytest.mark.parametrize("mode", ["clean", "incremental"])
def test_search_index_failure_keeps_the_previous_site(built, monkeypatch, tmp_path, mode):
    content, output = built
    before = snapshot(output)
    write_raw(tmp_path / "raw", "b.txt", raw_article("Nyima County Delivers Fodder", [STORY[2]], date="2023-07-01 09:00:00"))
    ingest_paths([tmp_path / "raw" / "b.txt"], content_dir=content, out=io.StringIO())
    # A `pagefind` module ahead of the real one on the path of the build's processes: it fails.
    broken = tmp_path / "broken-tools" / "pagefind"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("")
    (broken / "__main__.py").write_text("import sys\nsys.exit('Error: the search index could not be written (test)')\n")
    monkeypatch.setenv("PYTHONPATH", str(broken.parent))
    said = failing_build(content, output, clean=mode == "clean")
    assert "the search index could not be written (test)" in said
    assert snapshot(output) == before
    assert not any(path.startswith("articles/") and "/2023-07-01-" in path for path in snapshot(output))


def test_invoke_serve_binds_to_localhost_unless_told_otherwise(monkeypatch):
    commands = []
    monkeypatch.setattr(tasks.subprocess, "run", lambda argv, **kw: commands.append(argv) or subprocess.CompletedProcess(argv, 0))
    tasks.serve(Context())
    tasks.serve(Context(), bind="0.0.0.0", port=8080)
    assert commands[0][-4:] == ["--port", "8000", "--bind", "127.0.0.1"]
    assert commands[1][-4:] == ["--port", "8080", "--bind", "0.0.0.0"]

"""Batch ingest: idempotence, curator-edit safety, changed raw text, errors that damage nothing."""

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import yaml

from digest.frontmatter import read_article_file
from digest.ingest import _load_extractor, ingest_paths, inspect_file, machine_record
from digest.rawformat import read_raw_file

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    (folder / "articles").mkdir(parents=True)
    return folder


def run(paths, content):
    out = io.StringIO()
    summary = ingest_paths([Path(p) for p in paths], content_dir=content, out=out)
    return summary, out.getvalue()


def articles(content):
    return sorted((content / "articles").rglob("*.md"))


def snapshot(content):
    return {p: p.read_bytes() for p in articles(content)}


def edit_front_matter(path, **changes):
    meta, body, _ = read_article_file(path)
    meta.update(changes)
    path.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body, encoding="utf-8")


def test_ingest_writes_markdown_with_front_matter_under_year_folder(content):
    summary, out = run([FIXTURES / "base.txt"], content)
    [path] = articles(content)
    assert path.relative_to(content) == Path(
        "articles/2023/2023-06-02-lhunzhub-county-holds-test-meeting-on-grassland-protection.md")
    meta, body, _ = read_article_file(path)
    assert meta["title"] == "Lhunzhub County Holds Test Meeting on Grassland Protection"
    assert meta["date"] == "2023-06-02T09:15:00+08:00"
    assert meta["footer"]["website_id"] == "5401210001"
    assert body.strip().startswith("On June 1,")
    assert "1 new, 0 updated, 0 unchanged, 0 failed" in out


def test_reingesting_the_same_text_changes_nothing_and_adds_no_file(content):
    run([FIXTURES / "base.txt"], content)
    before = snapshot(content)
    summary, out = run([FIXTURES / "base.txt", FIXTURES / "crlf_bom.txt", FIXTURES / "source_tab_spaces.txt"], content)
    assert snapshot(content) == before
    assert "0 new, 0 updated, 3 unchanged, 0 failed" in out


def test_curator_edits_survive_reingest(content):
    run([FIXTURES / "base.txt"], content)
    [path] = articles(content)
    edit_front_matter(path, title="Lhünzhub County: Grassland Protection Meeting", summary="A curator's summary.",
                      officials=[{"name": "Test Official A", "id": "test-official-a", "positions": ["deputy secretary"]}],
                      reviewed=False, curator_note="checked against the Chinese original")
    run([FIXTURES / "base.txt"], content)
    meta, _, _ = read_article_file(path)
    assert meta["title"] == "Lhünzhub County: Grassland Protection Meeting"
    assert meta["summary"] == "A curator's summary."
    assert meta["officials"][0]["id"] == "test-official-a"
    assert meta["curator_note"] == "checked against the Chinese original"
    assert set(meta["ingest"]["curated"]) >= {"title", "officials"}
    assert len(articles(content)) == 1


def test_changed_raw_text_updates_machine_fields_and_keeps_curator_fields(content, tmp_path):
    run([FIXTURES / "base.txt"], content)
    [path] = articles(content)
    edit_front_matter(path, summary="Kept.", editor="Corrected Editor Name")
    changed = tmp_path / "changed.txt"
    changed.write_text((FIXTURES / "base.txt").read_text().replace("Tel: 0891-0000000", "Tel: 0891-1111111")
                       .replace("strengthen patrols", "strengthen daily patrols"), encoding="utf-8")
    summary, out = run([changed], content)
    assert "0 new, 1 updated" in out
    assert articles(content) == [path]
    meta, body, _ = read_article_file(path)
    assert meta["footer"]["tel"] == "0891-1111111"  # machine field: updated
    assert "daily patrols" in body  # machine-owned body: updated
    assert meta["editor"] == "Corrected Editor Name"  # curator's edit: kept
    assert meta["summary"] == "Kept."


def test_curator_body_edit_is_kept_when_raw_text_changes(content, tmp_path):
    run([FIXTURES / "base.txt"], content)
    [path] = articles(content)
    text = path.read_text(encoding="utf-8").replace("strengthen patrols", "strengthen patrols (curator fixed)")
    path.write_text(text, encoding="utf-8")
    changed = tmp_path / "changed.txt"
    changed.write_text((FIXTURES / "base.txt").read_text().replace("Tel: 0891-0000000", "Tel: 0891-2222222"))
    run([changed], content)
    meta, body, _ = read_article_file(path)
    assert "(curator fixed)" in body
    assert meta["footer"]["tel"] == "0891-2222222"


def test_reviewed_true_freezes_the_article(content, tmp_path):
    run([FIXTURES / "base.txt"], content)
    [path] = articles(content)
    edit_front_matter(path, reviewed=True)
    frozen = read_article_file(path)[0]
    changed = tmp_path / "changed.txt"
    changed.write_text((FIXTURES / "base.txt").read_text().replace("Tel: 0891-0000000", "Tel: 0891-3333333"))
    run([changed], content)
    meta, _, _ = read_article_file(path)
    assert meta["footer"]["tel"] == "0891-0000000"
    assert {k: v for k, v in meta.items() if k != "ingest"} == {k: v for k, v in frozen.items() if k != "ingest"}
    assert meta["ingest"]["pending_raw_sha256"]  # the newer text is noted for the curator


def test_same_url_is_the_same_article(content, tmp_path):
    run([FIXTURES / "url_line.txt"], content)
    changed = tmp_path / "retitled.txt"
    changed.write_text((FIXTURES / "url_line.txt").read_text().replace("Holds Test Meeting", "Convenes Test Meeting"))
    summary, out = run([changed], content)
    assert len(articles(content)) == 1
    assert read_article_file(articles(content)[0])[0]["title"].startswith("Lhunzhub County Convenes")


def test_a_bad_file_fails_with_file_and_line_and_the_batch_goes_on(content, tmp_path):
    run([FIXTURES / "base.txt"], content)
    before = snapshot(content)
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ["gbk.txt", "bad_date.txt", "related_after_footer.txt", "sponsored_by_miit.txt"]:
        shutil.copy(FIXTURES / name, batch / name)
    summary, out = run([batch], content)
    assert f"FAILED {batch / 'bad_date.txt'}:2: the dateline has an impossible date" in out
    assert f"FAILED {batch / 'gbk.txt'}:1: not UTF-8" in out
    assert "1 new, 0 updated, 1 unchanged, 2 failed" in out  # related_after_footer is base.txt plus a line
    for path, data in before.items():
        assert path.read_bytes() == data
    assert not list(content.rglob("*.tmp"))


def test_undated_article_is_a_draft_in_its_own_folder(content):
    run([FIXTURES / "no_dateline.txt"], content)
    [path] = articles(content)
    meta, _, _ = read_article_file(path)
    assert path.parent.name == "undated"
    assert meta["date"] is None and meta["status"] == "draft"
    assert any("no dateline" in w for w in meta["ingest"]["warnings"])


def test_body_markup_is_escaped_in_the_markdown(content):
    run([FIXTURES / "html_fragments.txt"], content)
    _, body, _ = read_article_file(articles(content)[0])
    html = markdown.markdown(body)
    assert "<script" not in html and "<span" not in html and "<br" not in html
    assert "alert(1)" in html


def test_markdown_syntax_in_raw_text_renders_as_the_same_text(content, tmp_path):
    raw = tmp_path / "tricky.txt"
    tricky = '# 1. *Not* [a link](javascript:alert(1)) ![x](data:x) <b>bold</b> a & b > c'
    raw.write_text((FIXTURES / "base.txt").read_text().replace("On June 1,", tricky + " On June 1,"))
    run([raw], content)
    _, body, _ = read_article_file(articles(content)[0])
    html = markdown.markdown(body)
    assert "<a " not in html and "<img" not in html and "<em>" not in html and "<h1" not in html and "<b>" not in html
    assert "# 1. *Not* [a link](javascript:alert(1)) ![x](data:x) bold a &amp; b &gt; c" in html


def test_command_line_exit_codes_and_summary(content):
    ok = subprocess.run([sys.executable, "-m", "digest.cli", "ingest", str(FIXTURES / "base.txt"), "--content", str(content)],
                        capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([sys.executable, "-m", "digest.cli", "ingest", str(FIXTURES / "empty.txt"), "--content", str(content)],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1
    assert f"{FIXTURES / 'empty.txt'}:1: the file is empty" in bad.stdout


def test_inspect_json_prints_the_contract_and_writes_nothing(content):
    shutil.copytree(ROOT / "content" / "gazetteer", content / "gazetteer")
    result = subprocess.run([sys.executable, "-m", "digest.cli", "inspect", str(FIXTURES / "base.txt"), "--json",
                             "--content", str(content)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert set(record) >= {"title", "date", "source", "editor", "footer", "body", "officials", "places", "campaigns", "warnings"}
    assert record["date"] == "2023-06-02T09:15:00+08:00"
    assert isinstance(record["body"], list) and len(record["body"]) == 2
    assert articles(content) == []


def test_inspect_finds_the_projects_gazetteer_from_any_folder(tmp_path):
    """Run from elsewhere, inspect still finds the county (from the gazetteer); with none it says so."""
    digest = Path(sys.executable).with_name("digest")
    result = subprocess.run([digest, "inspect", str(FIXTURES / "base.txt"), "--json"], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert [p["id"] for p in record["places"] if p["id"] == "lhunzhub"] == ["lhunzhub"]
    missing = subprocess.run([digest, "inspect", str(FIXTURES / "base.txt"), "--gazetteer", str(tmp_path / "none")],
                             capture_output=True, text=True, cwd=tmp_path)
    assert missing.returncode == 2 and f"no gazetteer at {tmp_path / 'none'}" in missing.stderr
    assert result.stdout and not list(tmp_path.iterdir())


def test_inspect_shows_what_the_gazetteer_says_of_each_place_ingest_does_not_store(content):
    shutil.copytree(ROOT / "content" / "gazetteer", content / "gazetteer")
    record = inspect_file(FIXTURES / "base.txt", gazetteer_dir=content / "gazetteer")
    [place] = [p for p in record["places"] if p["id"] == "lhunzhub"]
    assert (place["kind"], place["prefecture"], place["zh"], place["outside_tibet"]) == ("county", "lhasa", "林周县", False)
    meta, _ = machine_record(read_raw_file(FIXTURES / "base.txt"), _load_extractor(content / "gazetteer"))
    assert set(next(p for p in meta["places"] if p["id"] == "lhunzhub")) == {"name", "id", "in_footer", "surfaces"}


def test_a_big_batch_prepared_in_worker_processes_writes_what_one_process_writes(tmp_path, monkeypatch):
    import digest.ingest as ingest_module

    raw = tmp_path / "raw"
    raw.mkdir()
    base = (FIXTURES / "base.txt").read_text()
    count = ingest_module.PARALLEL_FROM + 6
    for i in range(count):
        text = base.replace("Grassland Protection", f"Grassland Protection Round {i}").replace("June 1,", f"June {i % 28 + 1},")
        (raw / f"{i:03}.txt").write_text(text, encoding="utf-8")
    shutil.copy(FIXTURES / "gbk.txt", raw / "999-bad.txt")
    parallel, serial = tmp_path / "parallel", tmp_path / "serial"
    summary, out = run([raw], parallel)
    monkeypatch.setattr(ingest_module, "PARALLEL_FROM", 10**9)
    run([raw], serial)
    assert summary.failed and f"{raw / '999-bad.txt'}:1: not UTF-8" in out
    assert {p.relative_to(parallel): p.read_bytes() for p in articles(parallel)} == {
        p.relative_to(serial): p.read_bytes() for p in articles(serial)}
    assert len(articles(parallel)) == count


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_batch_at_a_terminal_shows_progress_and_the_time_left_and_every_file(tmp_path):
    import digest.ingest as ingest_module

    raw = tmp_path / "raw"
    raw.mkdir()
    base = (FIXTURES / "base.txt").read_text()
    count = ingest_module.PROGRESS_FROM + 2
    for i in range(count):
        (raw / f"{i:03}.txt").write_text(base.replace("Grassland Protection", f"Grassland Protection Round {i}"), encoding="utf-8")
    out = Terminal()
    summary = ingest_paths([raw], content_dir=tmp_path / "content", out=out)
    shown = out.getvalue()
    assert len(summary.new) == count and f"{count} new, 0 updated" in shown
    assert "time left" in shown  # the bar, drawn while the batch runs
    for i in range(count):
        assert shown.count(f"{raw / f'{i:03}.txt'} -> ") == 1

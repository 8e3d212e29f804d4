"""Incremental builds (plugins/digest_incremental): after each kind of edit the site is the same as
a clean build of the same content, and only the pages whose bytes changed were rewritten.

One small synthetic site is built once and edited step by step; after each edit it is rebuilt
incrementally (two Pelican processes, each rendering a share) while a clean build of the same
content runs alongside (one process), then the two are compared.
The builds run from a frozen copy of the code (settings, theme, plugins, digest/): other work in
the same working tree changes the code fingerprint, which rightly forces a clean build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from benchmarks.synthetic import generate, write_corpus
from digest.gazetteer import load_gazetteer
from digest.ingest import ingest_paths
from plugins.digest_incremental.build import INDEX_CHUNK_LOCATIONS
from plugins.digest_incremental.state import shard_months

from .site_compare import differences, pagefind_content

REPO = Path(__file__).resolve().parents[2]
CODE = ("pelicanconf.py", "theme", "plugins", "digest")
ARTICLES = 12  # big enough for shared entity pages, small enough to build in seconds
PER_PAGE = 3  # lists of several pages: the home page's, and those of entities named in most articles

pytestmark = pytest.mark.slow


def _build_cmd(content: Path, target: Path, clean: bool = False, jobs: int = 2) -> list[str]:
    code = content.parent / "code"
    cmd = [sys.executable, "-m", "plugins.digest_incremental.build", str(content), str(target),
           str(code / "pelicanconf.py"), "--quiet", "--json", "--jobs", str(jobs)]
    return cmd + (["--clean"] if clean else [])


def _finish(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


# several search indexes (runs of months) on a small site, as on a large one; every page whose inputs
# are unchanged is rendered anyway, and the build fails if it comes out different (writer.py)
ENV = {**os.environ, "DIGEST_SHARD_PAGES": "3", "DIGEST_VERIFY_INPUTS": "1"}


def _start(content: Path, target: Path, clean: bool = False, jobs: int = 2) -> subprocess.Popen:
    return subprocess.Popen(_build_cmd(content, target, clean, jobs), cwd=content.parent / "code", text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)


def build(content: Path, target: Path, clean: bool = False) -> dict:
    return _finish(_start(content, target, clean))


def build_both(content: Path, site: Path, reference: Path) -> dict:
    """Incremental build of `site` (two processes rendering half the pages each) and a clean build of
    `reference` (one process), in parallel; the first's result."""
    incremental = _start(content, site)
    clean = _start(content, reference, clean=True, jobs=1)
    result = _finish(incremental)
    assert _finish(clean)["mode"] == "clean"
    return result


def snapshot(site: Path) -> dict[str, tuple[int, bytes]]:
    """Every file's inode and bytes: a rewritten file gets a new inode, an untouched one keeps it."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*") if p.is_file()}


def pages_of(site: Path) -> set[str]:
    manifest = json.loads((site.parent / ".cache" / f"build-{site.name}" / "manifest.json").read_text())
    return set(manifest["pages"])


def rewritten_pages(before: dict, after: dict, pages: set[str]) -> tuple[set[str], set[str]]:
    """(pages whose inode changed, pages whose bytes changed), among pages present before and after."""
    both = pages & before.keys() & after.keys()
    return ({p for p in both if before[p][0] != after[p][0]}, {p for p in both if before[p][1] != after[p][1]})


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    work = tmp_path_factory.mktemp("incremental")
    (work / "code").mkdir()
    for name in CODE:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, work / "code" / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, work / "code" / name)
    with (work / "code" / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f"\nDEFAULT_PAGINATION = {PER_PAGE}\n")
    gazetteer = load_gazetteer(REPO / "content" / "gazetteer")
    write_corpus(gazetteer, ARTICLES, work / "raw")
    shutil.copytree(REPO / "content" / "gazetteer", work / "content" / "gazetteer")
    with open(os.devnull, "w") as quiet:
        assert not ingest_paths([work / "raw"], work / "content", out=quiet).failed
    first = build(work / "content", work / "site", clean=True)
    assert first["mode"] == "clean" and first["pagefind"]
    assert (work / "site" / "page" / "2" / "index.html").exists()  # lists span several pages
    return work


@pytest.fixture()
def step(workspace):
    """Run one edit: returns (result of the incremental rebuild, snapshot before, snapshot after)."""
    def run(edit) -> tuple[dict, dict, dict]:
        site = workspace / "site"
        before = snapshot(site)
        edit(workspace / "content")
        result = build_both(workspace / "content", site, workspace / "clean")
        assert differences(site, workspace / "clean") == []
        return result, before, snapshot(site)
    return run


def _article(content: Path, index: int) -> Path:
    return sorted((content / "articles").rglob("*.md"))[index]


def test_no_change_is_a_no_op(workspace):
    site = workspace / "site"
    before = snapshot(site)
    result = build(workspace / "content", site)
    assert result["mode"] == "up-to-date"
    assert snapshot(site) == before


def test_a_clean_build_read_and_rendered_by_two_processes_is_the_one_process_build(workspace, tmp_path):
    """Two processes read the articles (readahead.py) and render the pages (workers.py)."""
    two = _start(workspace / "content", tmp_path / "two", clean=True, jobs=2)
    one = _start(workspace / "content", tmp_path / "one", clean=True, jobs=1)
    assert _finish(two)["mode"] == _finish(one)["mode"] == "clean"
    assert differences(tmp_path / "two", tmp_path / "one") == []


def test_one_article_edit_rewrites_only_what_it_changes(workspace, step):
    edited = _article(workspace / "content", 3)

    def edit(content):
        with edited.open("a", encoding="utf-8") as handle:
            handle.write("\nA test curator added this sentence.\n")

    result, before, after = step(edit)
    assert result["mode"] == "incremental"
    new_inode, new_bytes = rewritten_pages(before, after, pages_of(workspace / "site"))
    assert new_inode == new_bytes  # a page is replaced exactly when its bytes changed
    assert result["rewritten"] == len(new_bytes) and result["deleted"] == 0
    assert any(edited.stem in page for page in new_bytes)  # the article's own page
    assert len(new_bytes) < result["pages"] / 4
    # pages that read nothing of it were not even rendered
    print("rendered", result["pages"] - result["skipped"], "of", result["pages"])
    assert result["pages"] - result["skipped"] < result["pages"] / 2
    # its text changed: the search index of its month was rebuilt, and no other
    shards = json.loads((workspace / "site" / "pagefind" / "shards.json").read_text())
    month = edited.stem[:7]  # ingest names an article's file by its date
    (own,) = [s for s in shards if shard_months(s)[0] <= month <= shard_months(s)[1]]
    assert result["indexed"] == [own] and len(shards) > 1
    kept = [p for p in before.keys() & after.keys() if p.startswith("pagefind/") and not p.startswith(f"pagefind/{own}/")
            and p != "pagefind/shards.json"]
    assert kept and all(before[p][0] == after[p][0] for p in kept)


def test_gazetteer_edit_matches_a_clean_build(workspace, step):
    official = next(iter(generate(load_gazetteer(REPO / "content" / "gazetteer"), 1))).officials[0].name

    def edit(content):
        # a curator promotes a discovered official into the registry, with one more spelling
        entry = {"id": "test-promoted", "name": official, "variants": [official, official + "x"],
                 "description": "Fictional official promoted by the incremental-build test."}
        with (content / "gazetteer" / "officials.yaml").open("a", encoding="utf-8") as out:
            out.write("\n" + yaml.safe_dump([entry], sort_keys=False))

    result, before, after = step(edit)
    assert result["mode"] == "incremental"
    new_inode, new_bytes = rewritten_pages(before, after, pages_of(workspace / "site"))
    assert new_inode == new_bytes and new_bytes


def test_metadata_edit_matches_a_clean_build(workspace, step):
    edited = _article(workspace / "content", 5)

    def edit(content):
        text = edited.read_text(encoding="utf-8")
        assert "Test Report" in text.split("\ntitle:", 1)[1].split("\n", 1)[0]
        edited.write_text(text.replace("Test Report", "Curated Report", 1), encoding="utf-8")  # the title's

    result, before, after = step(edit)
    assert result["mode"] == "incremental"
    new_inode, new_bytes = rewritten_pages(before, after, pages_of(workspace / "site"))
    assert new_inode == new_bytes and any(edited.stem in page for page in new_bytes)


def test_gazetteer_merge_matches_a_clean_build(workspace, step):
    named = [o.name for a in generate(load_gazetteer(REPO / "content" / "gazetteer"), ARTICLES) for o in a.officials]
    first, second = [name for name in dict.fromkeys(named) if name != named[0]][:2]  # the first was promoted above

    def edit(content):
        # a curator finds that two spellings are one official
        entry = {"id": "test-merged", "name": first, "variants": [first, second],
                 "description": "Fictional official merged by the incremental-build test."}
        with (content / "gazetteer" / "officials.yaml").open("a", encoding="utf-8") as out:
            out.write("\n" + yaml.safe_dump([entry], sort_keys=False))

    result, before, after = step(edit)
    assert result["mode"] == "incremental" and result["deleted"] >= 1  # the two provisional pages are gone


@pytest.mark.parametrize("path, old, new", [
    ("theme/templates/base.html", "</body>", "<!-- edited template --></body>"),
    ("pelicanconf.py", "DEFAULT_PAGINATION", "DEFAULT_PAGINATION = 7\nDEFAULT_PAGINATION_UNUSED"),
])
def test_template_or_setting_edit_matches_a_clean_build(workspace, step, path, old, new):
    code = workspace / "code" / path
    original = code.read_text(encoding="utf-8")
    assert old in original
    try:
        result, before, after = step(lambda content: code.write_text(original.replace(old, new, 1), encoding="utf-8"))
        assert result["mode"] == "clean"  # code changed: nothing of the last build is trusted
    finally:
        code.write_text(original, encoding="utf-8")
    build(workspace / "content", workspace / "site")


def test_added_article_matches_a_clean_build(workspace, step):
    def edit(content):
        raw = workspace / "raw-extra"
        (article,) = [a for a in generate(load_gazetteer(content / "gazetteer"), ARTICLES + 1)][ARTICLES:]
        raw.mkdir(exist_ok=True)
        (raw / article.file_name).write_text(article.text, encoding="utf-8")
        with open(os.devnull, "w") as quiet:
            assert ingest_paths([raw], content, out=quiet).new

    result, before, after = step(edit)
    assert result["mode"] == "incremental"
    assert any(f"test-report-{ARTICLES:06d}" in page for page in after.keys() - before.keys())  # its page is new


def test_an_article_moved_to_the_oldest_date_matches_a_clean_build(workspace, step):
    """An old article arriving late shifts every numbered page of the lists it is in, and its digests."""
    moved = _article(workspace / "content", 7)

    def edit(content):
        text = moved.read_text(encoding="utf-8")
        date_line = next(line for line in text.splitlines() if line.startswith("date:"))
        moved.write_text(text.replace(date_line, "date: '2018-01-02T09:00:00+08:00'", 1), encoding="utf-8")

    result, before, after = step(edit)
    assert result["mode"] == "incremental"
    assert any(page.startswith("archives/2018/") for page in after.keys() - before.keys())


def test_deleted_article_leaves_no_stale_page(workspace, step):
    removed = _article(workspace / "content", 0)
    result, before, after = step(lambda content: removed.unlink())
    assert result["deleted"] >= 1
    assert not any(removed.stem in page for page in after)


def test_failed_build_keeps_the_last_site(workspace):
    site = workspace / "site"
    broken = _article(workspace / "content", 1)
    good = broken.read_text(encoding="utf-8")
    before = snapshot(site)
    broken.write_text(good.replace("title:", "title: [unclosed", 1), encoding="utf-8")
    try:
        proc = subprocess.run(_build_cmd(workspace / "content", site), cwd=workspace / "code", text=True,
                              capture_output=True, env=ENV)
        assert proc.returncode != 0
        assert broken.name in proc.stdout + proc.stderr  # the error names the file
        assert snapshot(site) == before
    finally:
        broken.write_text(good, encoding="utf-8")


def test_comparison_notices_a_changed_page_and_a_changed_filter(workspace, tmp_path):
    """The byte-identity checks above can fail: one changed page or one missing filter is reported."""
    copy = tmp_path / "copy"
    shutil.copytree(workspace / "site", copy)
    assert differences(workspace / "site", copy) == []
    page = next(copy.rglob("articles/**/index.html"))
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<!-- x --></body>"))
    shard = json.loads((copy / "pagefind" / "shards.json").read_text())[0]
    next((copy / "pagefind" / shard / "filter").glob("*.pf_filter")).unlink()
    problems = differences(workspace / "site", copy)
    assert f"differs: {page.relative_to(copy).as_posix()}" in problems
    assert f"pagefind {shard} filters: not the same content" in problems


def test_each_search_index_is_the_one_pagefind_makes_reading_every_page_of_its_months(workspace, tmp_path):
    """The build points one Pagefind per run of months at those months' article folders: each index
    is the one Pagefind makes reading a whole site that holds only those months' articles."""
    site = workspace / "site"
    shards = json.loads((site / "pagefind" / "shards.json").read_text())
    months = sorted(f"{m.parent.name}-{m.name}" for m in (site / "articles").glob("*/*"))
    within = lambda month, shard: shard_months(shard)[0] <= month <= shard_months(shard)[1]  # noqa: E731
    covered = [m for shard in shards for m in months if within(m, shard)]
    assert sorted(covered) == months and len(shards) > 1 and shards == sorted(shards, reverse=True)
    for shard in shards:
        copy = tmp_path / shard
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
        for other in (copy / "articles").glob("*/*"):
            if not within(f"{other.parent.name}-{other.name}", shard):
                shutil.rmtree(other)
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(copy), "--output-subdir", f"pagefind/{shard}"],
                       check=True, capture_output=True, env={**os.environ, **INDEX_CHUNK_LOCATIONS})
        built, made = site / "pagefind" / shard, copy / "pagefind" / shard
        stable = lambda folder: {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")  # noqa: E731
                                 if p.is_file() and not p.name.endswith((".pf_meta", "pagefind-entry.json"))
                                 and p.parent.name != "filter"}
        assert stable(built) == stable(made)
        assert pagefind_content(site)[shard] == pagefind_content(copy)[shard]


def test_a_template_showing_more_than_the_inputs_fails_the_verified_build(workspace, tmp_path):
    """The safety net under the inputs (writer.py, DIGEST_VERIFY_INPUTS): a chip that shows an entity's
    count, which a link's inputs leave out, makes the next verified build fail and name a page."""
    shutil.copytree(workspace / "code", tmp_path / "code")
    shutil.copytree(workspace / "content", tmp_path / "content")
    macros = tmp_path / "code" / "theme" / "templates" / "macros.html"
    chip = '>{{ entity.name | e }}</a>'
    assert chip in macros.read_text(encoding="utf-8")
    macros.write_text(macros.read_text(encoding="utf-8").replace(chip, '>{{ entity.name | e }} ({{ entity.count }})</a>'),
                      encoding="utf-8")
    build(tmp_path / "content", tmp_path / "site", clean=True)
    _article(tmp_path / "content", 2).unlink()  # the counts of the entities it named go down
    proc = subprocess.run(_build_cmd(tmp_path / "content", tmp_path / "site"), cwd=tmp_path / "code", text=True,
                          capture_output=True, env=ENV)
    assert proc.returncode != 0
    assert "came out different" in proc.stdout + proc.stderr and "index.html" in proc.stdout + proc.stderr

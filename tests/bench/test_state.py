"""Build fingerprints and manifests (plugins/digest_incremental/state.py): plain functions on files."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest.errors import DigestError
from plugins.digest_incremental.state import (RACY_NS, WHOLE_SITE, Manifest, pagefind_glob, search_shards, shard_months, stale_pages,
                                              tree_digest, tree_stamp, unchanged_since)
from plugins.digest_incremental.workers import run_shares


def test_digest_changes_with_any_byte_or_name_and_ignores_bytecode(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.yaml").write_text("- id: seni\n")
    first = tree_digest([tmp_path])
    (tmp_path / "a" / "__pycache__").mkdir()
    (tmp_path / "a" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    assert tree_digest([tmp_path]) == first  # Python's own cache is not an input
    (tmp_path / "a" / "x.yaml").write_text("- id: seni \n")
    second = tree_digest([tmp_path])
    assert second != first
    (tmp_path / "a" / "x.yaml").rename(tmp_path / "a" / "y.yaml")
    assert tree_digest([tmp_path]) != second
    assert tree_digest([tmp_path], extra=["pelican==4.12"]) != tree_digest([tmp_path], extra=["pelican==4.13"])


def test_manifest_round_trip_and_unreadable_manifest_means_clean_build(tmp_path):
    path = tmp_path / "cache" / "manifest.json"
    Manifest("c", "d", ["index.html"]).save(path)
    assert Manifest.load(path) == Manifest("c", "d", ["index.html"])
    path.write_text("{not json")
    assert Manifest.load(path) is None
    assert Manifest.load(tmp_path / "missing.json") is None


def test_stale_pages_are_those_no_longer_produced():
    assert stale_pages(["a/index.html", "b/index.html"], ["b/index.html", "c/index.html"]) == ["a/index.html"]


@given(st.lists(st.integers(), max_size=40), st.integers(min_value=1, max_value=3))
def test_every_queued_page_is_rendered_once_by_one_of_the_worker_processes(items, jobs):
    results = run_shares(items, jobs, lambda share: (os.getpid(), share))
    assert sorted(item for _, share in results for item in share) == sorted(items)
    assert results[0][0] == os.getpid() and all(pid != os.getpid() for pid, _ in results[1:])  # the others in workers
    assert len(results) == jobs


def test_an_error_in_a_worker_is_raised_in_the_build_process():
    def render(share):
        if 3 in share:
            raise DigestError("articles/x.md", 4, "a template failed")
        return share

    with pytest.raises(DigestError, match="a template failed"):
        run_shares([1, 2, 3, 4], 2, render)


def test_digest_environment_counts_as_an_input(monkeypatch):
    """publishconf.py reads DIGEST_SITEURL: another value must not reuse the last build's pages."""
    from plugins.digest_incremental.build import _versions

    monkeypatch.setenv("DIGEST_SITEURL", "https://a.example")
    first = _versions()
    monkeypatch.setenv("DIGEST_SITEURL", "https://b.example")
    assert _versions() != first


def test_search_indexes_group_whole_months_up_to_a_size_and_read_only_their_folders_when_that_is_safe():
    counts = (("2019-12", 1), ("2020-01", 2), ("2020-02", 3), ("2020-04", 1))
    pages = {f"articles/{month[:4]}/{month[5:]}/{n}/index.html": month for month, count in counts for n in range(count)}
    assert search_shards(pages, html_static=False, max_pages=3) == {
        "2019-12_2020-01": ["articles/2019/12/0", "articles/2020/01"], "2020-02": ["articles/2020/02"],
        "2020-04": ["articles/2020/04/0"]}
    # a month larger than the limit is one index of its own
    assert search_shards(pages, html_static=False, max_pages=2) == {
        "2019-12": ["articles/2019/12/0"], "2020-01": ["articles/2020/01"], "2020-02": ["articles/2020/02"],
        "2020-04": ["articles/2020/04/0"]}
    assert search_shards(pages, html_static=False, max_pages=100) == {
        "2019-12_2020-04": ["articles/2019/12/0", "articles/2020/01", "articles/2020/02", "articles/2020/04/0"]}
    assert shard_months("2019-12_2020-04") == ("2019-12", "2020-04") and shard_months("2020-02") == ("2020-02", "2020-02")
    # a new article in the newest month changes only the newest index
    newer = {**pages, "articles/2020/04/1/index.html": "2020-04"}
    assert {k: v for k, v in search_shards(newer, html_static=False, max_pages=3).items() if k != "2020-04"} == \
        {k: v for k, v in search_shards(pages, html_static=False, max_pages=3).items() if k != "2020-04"}
    assert pagefind_glob(["articles/2020/01", "articles/2020/02"]) == ["--glob", "{articles/2020/01,articles/2020/02}/**/*.{html,htm}"]
    # two months' pages in one folder: one index of the folder they share
    mixed = {**pages, "articles/2020/02/9/index.html": "2020-01"}
    assert search_shards(mixed, html_static=False) == {WHOLE_SITE: ["articles"]}
    assert search_shards({**pages, "index.html": "2020-02"}, html_static=False) == {WHOLE_SITE: [""]}
    assert search_shards(pages, html_static=True) == {WHOLE_SITE: [""]}  # static HTML the Writer never saw: read all
    assert search_shards({}, html_static=False) == {WHOLE_SITE: [""]}
    assert pagefind_glob([""]) == []


def test_a_stat_of_each_file_says_a_tree_is_unchanged_unless_it_changed_or_was_written_too_recently(tmp_path):
    (tmp_path / "a.md").write_text("one")
    (tmp_path / "b.md").write_text("two")
    old = time.time_ns() - 10 * RACY_NS
    for name in ("a.md", "b.md"):
        os.utime(tmp_path / name, ns=(old, old))
    stamp, taken = tree_stamp(tmp_path), time.time_ns()
    assert unchanged_since(stamp, tree_stamp(tmp_path), taken)
    (tmp_path / "a.md").write_text("ONE")  # same size, a new time
    assert not unchanged_since(stamp, tree_stamp(tmp_path), taken)
    (tmp_path / "c.md").write_text("three")  # a file added
    assert not unchanged_since(stamp, tree_stamp(tmp_path), taken)
    # written just before the stamp was taken: the same tick may hold a later write
    fresh = tree_stamp(tmp_path)
    assert not unchanged_since(fresh, tree_stamp(tmp_path), time.time_ns())

"""A curator's broken edit stops the build at once, naming the file, the line and the field.

Each case takes one good article (written by the real ingest) or the real gazetteer, makes the
kind of mistake a person editing YAML by hand makes, and runs the real build on it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from digest.ingest import ingest_paths
from hostile.figures import FIGURES
from hostile.rawtext import STORY, raw_article, write_raw
from sitebuild import BuildFailed, build_site

REPO = Path(__file__).resolve().parents[2]


def line_of(text: str, start: str) -> int:
    """1-based number of the first line starting with `start` (where the curator has to look)."""
    return next(n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(start))


def sub(pattern: str, replacement: str):
    def edit(text: str) -> str:
        changed = re.sub(pattern, lambda _: replacement, text, count=1, flags=re.M)
        assert changed != text, pattern
        return changed
    return edit


# (case, edit of the article text, line the error must name (by its first characters), words it must say)
ARTICLE_CASES = [
    ("unclosed list", sub(r"^source: .*$", "source: [Test County Media Center"), "editor:",
     ["invalid YAML", "on line <source:>", "close the bracket"]),
    ("colon in a plain title", sub(r"^title: .*$", "title: Meeting: the county: again"), "title:",
     ["invalid YAML", "must be quoted"]),
    ("tab indentation", sub(r"^  sponsor: ", "\tsponsor: "), "\tsponsor:", ["invalid YAML", "spaces, not tabs"]),
    ("impossible date", sub(r"^date: .*$", "date: 2023-13-45"), "date:", ["not a valid date", "2023-06-02T09:15:00"]),
    ("date that is no date", sub(r"^date: .*$", "date: next Tuesday"), "date:", ["date", "2023-06-02T09:15:00"]),
    ("python object tag", sub(r"^summary: .*$", "summary: !!python/object/apply:os.system ['touch PWNED']"),
     "summary:", ["invalid YAML", "python/object", "remove the '!' tag"]),
    ("officials not a list", sub(r"^officials:(\n[ -].*)*", "officials: Test Official A"), "officials:",
     ["'officials' must be a list"]),
    ("place entry without name", sub(r"^places:.*$", "places:\n- just a string"), "places:", ["'places' entry 1"]),
    ("unclosed front-matter", sub(r"^---\n(?=[^\n]*\n?\Z|On )", ""), "---", ["never closed"]),
    ("misspelt status", sub(r"^status: .*$", "status: publishd"), "status:", ["status", "published"]),
    ("reviewed not true or false", sub(r"^reviewed: .*$", "reviewed: maybe"), "reviewed:", ["reviewed", "true"]),
    ("title removed", sub(r"^title: .*\n", ""), "---", ["title"]),
    # the file name's date is no fallback: a date lives in one place (pelicanconf FILENAME_METADATA)
    ("date removed", sub(r"^date: .*\n", ""), "---", ["no 'date'", "status: draft"]),
    # Values that would put script into links or break feeds and pages (issue 14).
    ("attribute in the slug", sub(r"^slug: .*$", "slug: 'x\" onmouseover=\"alert(1)'"), "slug:", ["'slug' must be"]),
    ("javascript url", sub(r"^url: .*$", "url: javascript:alert(1)"), "url:", ["'url' must be an http"]),
    ("billion laughs", sub(r"^summary: .*$", "summary: x\nlol: &a [lol, lol]\n" + "".join(
        f"l{n}: &l{n} [*{'a' if n == 0 else f'l{n - 1}'}, *{'a' if n == 0 else f'l{n - 1}'}]\n" for n in range(30))),
     "l8:", ["YAML aliases"]),
    ("U+FFFF in the title", sub(r"^title: .*$", "title: \"Seni District \\uFFFF Meeting\""), "title:", ["U+FFFF", "'title'"]),
    ("control character in the source", sub(r"^source: .*$", "source: \"Media\\x07 Center\""), "source:", ["U+0007"]),
    ("right-to-left override in an official", sub(r"^summary: .*$", "summary: \"Met \\u202eGe Qingmin\""),
     "summary:", ["U+202E"]),
    ("look-alike letters in a name", sub(r"^title: .*$", "title: G\u0435 Qingmin Visits Seni"), "title:",
     ["mixes Latin letters with Cyrillic"]),
    ("date in year 9999", sub(r"^date: .*$", "date: '9999-06-02T09:15:00+08:00'"), "date:", ["bad 'date'", "future"]),
    ("date in year 0001", sub(r"^date: .*$", "date: 0001-06-02T09:15:00+08:00"), "date:", ["bad 'date'", "before 1980"]),
]

EVIL_ENTRY = {"id": "evil-county", "name": "Evil County", "kind": "county", "parent": "nagqu"}
GAZETTEER_CASES = [
    ("duplicate id", {**EVIL_ENTRY, "id": "seni"}, ["seni"]),
    ("unknown field", {**EVIL_ENTRY, "colour": "red"}, ["colour"]),
    ("parent that is no place", {**EVIL_ENTRY, "parent": "atlantis"}, ["atlantis"]),
    ("control character in a name", {**EVIL_ENTRY, "name": "Evil\x01 County"}, ["U+0001", "'name'"]),
    ("noncharacter in a variant", {**EVIL_ENTRY, "variants": ["Evil", "Evil \ufffe"]}, ["U+FFFE", "'variants'"]),
]


@pytest.fixture(scope="module")
def good_content(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("curator-errors")
    content = root / "content"
    shutil.copytree(REPO / "content" / "gazetteer", content / "gazetteer")
    raw = write_raw(root / "raw", "a.txt", raw_article("Seni District Holds Pasture Meeting", STORY,
                                                        url="https://county.test/news/7.html"))
    summary = ingest_paths([raw], content_dir=content, out=io.StringIO())
    assert summary.new
    return content


def failed_build(content: Path, target: Path, monkeypatch) -> str:
    """The build `invoke build` runs; it must fail and write nothing."""
    monkeypatch.setenv("COLUMNS", "1000")  # Pelican's log lines unwrapped, as in a wide terminal
    with pytest.raises(BuildFailed) as failure:
        build_site(content, target)
    assert not target.exists(), "a failed build must not write the site"
    return failure.value.output


@pytest.mark.parametrize("case, edit, at, words", ARTICLE_CASES, ids=[c[0] for c in ARTICLE_CASES])
def test_broken_article_front_matter_stops_the_build_at_file_line_and_field(
        good_content, tmp_path, monkeypatch, case, edit, at, words):
    FIGURES["curator errors: broken edits built"] += 1
    content = tmp_path / "content"
    shutil.copytree(good_content, content)
    [article] = list((content / "articles").rglob("*.md"))
    text = edit(article.read_text(encoding="utf-8"))
    article.write_text(text, encoding="utf-8")
    output = failed_build(content, tmp_path / "output", monkeypatch)
    where = f"{article}:{line_of(text, at)}:"
    assert where in output, f"expected {where!r} in:\n{output[-3000:]}"
    message = output[output.index(where):].split("\n", 1)[0]
    # "<source:>" stands for the number of the line starting with "source:".
    words = [re.sub(r"<([^>]+)>", lambda m: str(line_of(text, m[1])), word) for word in words]
    for word in words:
        assert word in message, f"{word!r} missing from {message!r}"
    assert not list(tmp_path.rglob("PWNED"))


@pytest.mark.parametrize("case, entry, words", GAZETTEER_CASES, ids=[c[0] for c in GAZETTEER_CASES])
def test_broken_gazetteer_entry_stops_the_build_at_file_and_line(
        good_content, tmp_path, monkeypatch, case, entry, words):
    FIGURES["curator errors: broken edits built"] += 1
    content = tmp_path / "content"
    shutil.copytree(good_content, content)
    places = content / "gazetteer" / "places.yaml"
    before = places.read_text(encoding="utf-8")
    places.write_text(before.rstrip("\n") + "\n\n" + yaml.safe_dump([entry], sort_keys=False), encoding="utf-8")
    output = failed_build(content, tmp_path / "output", monkeypatch)
    entry_line = before.rstrip("\n").count("\n") + 3  # the appended "- id: ..." line
    found = re.search(rf"{re.escape(str(places))}:(\d+): (.*)", output)
    assert found, output[-3000:]
    assert entry_line <= int(found[1]) < entry_line + len(yaml.safe_dump([entry]).splitlines()), found[0]
    for word in words:
        assert word in found[2], found[0]


def test_billion_laughs_in_the_gazetteer_stops_the_build_at_its_line(good_content, tmp_path, monkeypatch):
    FIGURES["curator errors: broken edits built"] += 1
    content = tmp_path / "content"
    shutil.copytree(good_content, content)
    places = content / "gazetteer" / "places.yaml"
    before = places.read_text(encoding="utf-8").rstrip("\n")
    laughs = "\n".join(f"  l{n}: &l{n} [*l{n - 1}, *l{n - 1}, *l{n - 1}]" for n in range(1, 40))
    places.write_text(before + "\n- id: evil\n  l0: &l0 [lol]\n" + laughs + "\n", encoding="utf-8")
    started = time.monotonic()
    output = failed_build(content, tmp_path / "output", monkeypatch)
    assert time.monotonic() - started < 60
    assert re.search(rf"{re.escape(str(places))}:\d+: .*YAML aliases", output), output[-2000:]


def test_a_copied_article_with_the_same_slug_stops_the_build_naming_both_files(good_content, tmp_path, monkeypatch):
    """A curator copies an article file to start another and forgets its slug: the two would share
    one address, one hiding the other. The build names both files and the slug line."""
    FIGURES["curator errors: broken edits built"] += 1
    content = tmp_path / "content"
    shutil.copytree(good_content, content)
    [article] = list((content / "articles").rglob("*.md"))
    copy = article.with_name("a-second-story.md")
    text = sub(r"^title: .*$", "title: A Second Story From the Same Day")(article.read_text(encoding="utf-8"))
    copy.write_text(text, encoding="utf-8")
    output = failed_build(content, tmp_path / "output", monkeypatch)
    found = re.search(r"(\S+\.md):(\d+): published at the same address as (\S+\.md)", output)
    assert found, output[-3000:]
    assert {found[1], found[3]} == {str(article), str(copy)}
    assert int(found[2]) == line_of(Path(found[1]).read_text(encoding="utf-8"), "slug:")
    assert "give one of the two another slug" in output


def test_a_broken_article_among_many_read_by_two_processes_is_named_once(good_content, tmp_path):
    """Two processes read the articles (plugins/digest_incremental/readahead.py); the broken one is
    still reported once, at its file and line, by Pelican's own reading, and the build fails."""
    FIGURES["curator errors: broken edits built"] += 1
    content = tmp_path / "content"
    shutil.copytree(good_content, content)
    [article] = list((content / "articles").rglob("*.md"))
    text = article.read_text(encoding="utf-8")
    copies = []
    for number in range(1, 16):
        copy = article.with_name(f"story-{number}.md")
        copy.write_text(sub(r"^slug: .*$", f"slug: story-{number}")(
            sub(r"^title: .*$", f"title: Story Number {number}")(text)), encoding="utf-8")
        copies.append(copy)
    broken = copies[9]
    broken_text = sub(r"^date: .*$", "date: 2023-13-45")(broken.read_text(encoding="utf-8"))
    broken.write_text(broken_text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "plugins.digest_incremental.build", str(content), str(tmp_path / "site"),
                           str(REPO / "pelicanconf.py"), "--jobs", "2"], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "1000"})
    output = done.stdout + done.stderr
    assert done.returncode != 0 and not (tmp_path / "site").exists()
    where = f"{broken}:{line_of(broken_text, 'date:')}:"
    assert output.count(where) == 1, output[-3000:]
    assert "not a valid date" in output[output.index(where):].split("\n", 1)[0]

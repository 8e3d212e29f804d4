"""One article's front-matter can never take over the site (issue 23).

An attacker with write access to one article file, or a curator pasting from the wrong place, sets
a field Pelican would act on. Each case edits one field of one article of a built site and runs the
build `invoke build` runs (or `invoke publish`'s): it must stop at the article's file and line with
a non-zero exit, and the live `output/` and `publish/` must stay byte for byte as they were.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from pathlib import Path

import pytest

from digest.ingest import ingest_paths
from hostile.figures import FIGURES
from hostile.rawtext import STORY, raw_article, write_raw
from sitebuild import BuildFailed, build_site

REPO = Path(__file__).resolve().parents[2]
HEADERS = REPO / "docs" / "hosting" / "_headers"
SITEURL = "https://digest.test"

# (case, front-matter line set in the article, run publish instead of build, words the error says)
CASES = [
    ("save_as over the home page", "save_as: index.html", False, ["'save_as' is not allowed", "another file"]),
    ("save_as over the search page", "save_as: search/index.html", False, ["'save_as'"]),
    ("save_as over a theme script", "save_as: theme/js/search.js", False, ["'save_as'"]),
    ("save_as over a search shard", "save_as: pagefind/shards.json", False, ["'save_as'"]),
    ("save_as as the host's redirect rules", "save_as: _redirects", True, ["'save_as'"]),
    ("save_as as the host's header rules", "save_as: _headers", True, ["'save_as'"]),
    ("override_save_as", "override_save_as: index.html", False, ["'override_save_as'"]),
    ("override_url breaking the sitemap", "override_url: '\"><script>alert(1)</script>'", False, ["'override_url'"]),
    ("original_url with javascript", "original_url: 'javascript:alert(1)'", False, ["'original_url'", "url: https://"]),
    ("_content with an event handler", "_content: '<p onmouseover=alert(1)>x</p>'", False, ["'_content'"]),
    ("lang with markup", "lang: '<b>en</b>'", False, ["'lang'", "one language"]),
    ("category with markup", "category: '<b>x</b>'", False, ["'category'"]),
    ("tags with markup", "tags: '<b>x</b>, y'", False, ["'tags'"]),
    ("author with markup", "author: '<b>x</b>'", False, ["'author'", "'source'"]),
    ("authors", "authors: [a, b]", False, ["'authors'"]),
    ("template outside the theme", "template: ../../../../etc/passwd", False, ["'template'"]),
    ("modified date", "modified: '2023-07-01T10:00:00+08:00'", False, ["'modified'", "'date'"]),
    ("a known field in upper case", "URL: 'https://county.test/x.html'", False, ["'URL'", "lower case"]),
    ("status hidden", "status: hidden", False, ["'status' must be one of published, draft"]),
    ("source as a mapping", "source: {a: b}", False, ["'source' must be one line of text"]),
]


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def set_field(text: str, line: str) -> str:
    """The article with front-matter line `line` in place of its field, or added after the title."""
    key = line.split(":", 1)[0]
    if re.search(rf"^{re.escape(key)}:", text, flags=re.M):
        return re.sub(rf"^{re.escape(key)}:.*$", lambda _: line, text, count=1, flags=re.M)
    return re.sub(r"^(title: .*)$", lambda m: f"{m[1]}\n{line}", text, count=1, flags=re.M)


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(start))


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Path:
    """A folder with content/, the live output/ and publish/ built from it, and their build caches."""
    root = tmp_path_factory.mktemp("takeover")
    content = root / "content"
    shutil.copytree(REPO / "content" / "gazetteer", content / "gazetteer")
    for n, title in enumerate(("Seni District Holds Pasture Meeting", "Nyima County Trains Rangers")):
        raw = write_raw(root / "raw", f"{n}.txt", raw_article(title, STORY[n:], date=f"2023-06-0{n + 2} 09:15:00"))
        assert ingest_paths([raw], content_dir=content, out=io.StringIO()).new
    build_site(content, root / "output")
    publish(content, root / "publish")
    return root


def copy_of(live: Path, tmp_path: Path, monkeypatch) -> Path:
    """A copy of the built site and its content to attack, counted in the reliability figures."""
    FIGURES["front-matter takeovers refused"] += 1
    monkeypatch.setenv("COLUMNS", "1000")  # Pelican's log lines unwrapped, as in a wide terminal
    root = tmp_path / "site"
    shutil.copytree(live, root, symlinks=True)
    return root


def publish(content: Path, target: Path) -> str:
    """What `invoke publish --siteurl SITEURL` runs."""
    import os
    os.environ["DIGEST_SITEURL"] = SITEURL
    try:
        return build_site(content, target, settings="publishconf.py", clean=True, add=(HEADERS,))
    finally:
        del os.environ["DIGEST_SITEURL"]


@pytest.mark.parametrize("case, line, publishing, words", CASES, ids=[c[0] for c in CASES])
def test_a_field_pelican_would_act_on_stops_the_build_at_its_line(live, tmp_path, monkeypatch, case, line,
                                                                   publishing, words):
    root = copy_of(live, tmp_path, monkeypatch)
    before = {name: tree_digest(root / name) for name in ("output", "publish")}
    article = sorted((root / "content" / "articles").rglob("*.md"))[0]
    text = set_field(article.read_text(encoding="utf-8"), line)
    article.write_text(text, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        publish(root / "content", root / "publish") if publishing else build_site(root / "content", root / "output")
    where = f"{article}:{line_of(text, line.split(':', 1)[0] + ':')}: "
    output = failure.value.output
    assert where in output, output[-3000:]
    message = output[output.index(where):].split("\n", 1)[0]
    for word in words:
        assert word in message, message
    for name, digest in before.items():
        assert tree_digest(root / name) == digest, f"{name}/ changed"


def test_a_page_cannot_take_the_address_of_another(live, tmp_path, monkeypatch):
    """A page whose slug is that of a list page (here the search page) stops the build naming both."""
    root = copy_of(live, tmp_path, monkeypatch)
    before = tree_digest(root / "output")
    page = root / "content" / "pages" / "about.md"
    page.parent.mkdir()
    page.write_text("---\ntitle: About this digest\nslug: search\n---\nWho makes it.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(root / "content", root / "output")
    assert f"{page}:3: would be written to search/index.html, which the template search.html already writes" \
        in failure.value.output, failure.value.output[-3000:]
    assert tree_digest(root / "output") == before


def test_an_entity_cannot_take_the_address_of_an_overview(live, tmp_path, monkeypatch):
    """A place whose id is 'by-count' would be written where the places sorted by count are."""
    root = copy_of(live, tmp_path, monkeypatch)
    before = tree_digest(root / "output")
    with (root / "content" / "gazetteer" / "places.yaml").open("a", encoding="utf-8") as places:
        places.write("\n- id: by-count\n  name: Bycount County\n  kind: county\n  parent: nagqu\n")
    article = sorted((root / "content" / "articles").rglob("*.md"))[0]
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("places:\n", "places:\n- name: Bycount County\n  id: by-count\n"
                                    "  in_footer: false\n  surfaces: [Bycount County]\n", 1), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(root / "content", root / "output")
    assert ("would be written to places/by-count/index.html, which the page of place 'by-count' (an id of places.yaml)"
            in failure.value.output), failure.value.output[-3000:]
    assert tree_digest(root / "output") == before


def test_a_curators_own_note_is_kept_and_never_shown(live, tmp_path):
    """Keys the site does not read are a curator's notes: the build goes on and no page shows them."""
    root = tmp_path / "site"
    shutil.copytree(live, root, symlinks=True)
    article = sorted((root / "content" / "articles").rglob("*.md"))[0]
    article.write_text(set_field(article.read_text(encoding="utf-8"), "curator_note: 'checked <b>NOTE-7</b>'"),
                       encoding="utf-8")
    build_site(root / "content", root / "output")
    assert not [p for p in (root / "output").rglob("*") if p.is_file() and b"NOTE-7" in p.read_bytes()]

"""Fuzzing ingest: whatever bytes arrive, the result is an article or an error naming the file.

Never a traceback, never a half-written or unreadable file in content/. Seeds are the real-format
fixtures of tests/ingest and the shared seed articles; mutations are what scrapers and transfers
do to files (truncation, flipped and inserted bytes, lost or doubled lines, other encodings).
"""

from __future__ import annotations

import html
import io
import os
import random
import re
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from digest import ingest
from digest.errors import DigestError
from digest.fields import SITE_FIELDS
from digest.frontmatter import read_article_file
from digest.markdown_body import body_to_markdown
from digest.rawformat import MAX_RAW_BYTES, parse_raw, read_raw_file
from hostile.rawtext import STORY, raw_article, write_raw

ROOT = Path(__file__).resolve().parents[2]
SEED_FILES = sorted((ROOT / "tests" / "ingest" / "fixtures").glob("*.txt")) + sorted(
    Path("/work/shared/seeds").glob("*.txt"))
SEEDS = [p.read_bytes() for p in SEED_FILES] or [raw_article("Seed Article", STORY).encode()]


def _readable(data: bytes) -> bool:
    try:
        parse_raw(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, DigestError):
        return False
    return True


GOOD_SEEDS = [seed for seed in SEEDS if _readable(seed)]  # the seeds that are articles in UTF-8
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def extractor():
    """The real extractor over the real gazetteer, loaded once (ingest loads it per batch)."""
    extract = ingest._load_extractor(ROOT / "content" / "gazetteer")
    with mock.patch.object(ingest, "_load_extractor", lambda _dir: extract):
        yield extract


@contextmanager
def scratch():
    with tempfile.TemporaryDirectory(prefix="hostile-fuzz-") as folder:
        yield Path(folder)


def check_ingest(data: bytes) -> str:
    """Ingest one file holding `data` twice; assert every promise ingest makes. Returns the outcome."""
    with scratch() as folder:
        raw = write_raw(folder / "raw", "article.txt", data)
        content = folder / "content"
        out = io.StringIO()
        summary = ingest.ingest_paths([raw], content_dir=content, out=out)
        report = out.getvalue()
        assert "Traceback" not in report
        written = [p for p in content.rglob("*") if p.is_file() and p.name != ".lock"] if content.exists() else []
        if summary.failed:
            [message] = summary.failed
            assert message.startswith(str(raw)), message  # names the file
            assert written == [], "a failed ingest must leave nothing behind"
            return "clear error"
        [path] = summary.new
        assert written == [path], f"only the article itself, no temporary files: {written}"
        meta, body, _ = read_article_file(path)
        assert meta["title"] and isinstance(meta["title"], str)
        assert body.strip()
        # Whatever the text, a second ingest of the same bytes is recognised and changes nothing.
        again = ingest.ingest_paths([raw], content_dir=content, out=io.StringIO())
        assert again.unchanged == [path], again
        return "article"


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(extractor, figures, data):
    figures["fuzz cases: random bytes"] += 1
    check_ingest(data)


@st.composite
def mutated_article(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "repeat", "lines", "markup"]))
        at = rng.randrange(len(data) + 1)
        if op == "truncate":
            del data[at:]
        elif op == "flip" and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del data[at : at + rng.randrange(1, 200)]
        elif op == "repeat":
            data[at:at] = data[at : at + rng.randrange(1, 400)]
        elif op == "lines":
            lines = bytes(data).split(b"\n")
            rng.shuffle(lines) if rng.random() < 0.3 else lines.insert(rng.randrange(len(lines) + 1), lines[0])
            data = bytearray(b"\n".join(lines))
        elif op == "markup":
            data[at:at] = draw(st.sampled_from([b"<p>", b"</div>", b"&lt;b&gt;", b"&#60;", b"<!--", b"\r", b"\t",
                                                b"\xe3\x80\x80", b"\xef\xbc\x9a", b"---\n", b"Editor in charge:"]))
    return bytes(data)


@FUZZ
@given(mutated_article())
def test_mutated_real_format_articles(extractor, figures, data):
    figures["fuzz cases: mutated articles"] += 1
    check_ingest(data)


ENCODINGS = ["gbk", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "utf-8-sig"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(GOOD_SEEDS), st.sampled_from(ENCODINGS))
def test_other_encodings_are_read_or_refused_by_name(extractor, figures, seed, encoding):
    figures["fuzz cases: encodings"] += 1
    # Chinese and accented names make the encodings differ from ASCII.
    text = seed.decode("utf-8-sig").replace("Test", "色尼区 Sêni", 1)
    data = text.encode(encoding, errors="replace")
    outcome = check_ingest(data)
    if encoding in ("utf-16", "utf-8-sig"):  # a BOM says what the text is: it must be read
        assert outcome == "article"


def test_gbk_file_names_the_file_line_and_the_fix(tmp_path):
    text = raw_article("Test County Holds Meeting", ["Officials of 色尼区 attended."] + STORY)
    raw = write_raw(tmp_path, "gbk.txt", text.encode("gbk"))
    summary = ingest.ingest_paths([raw], content_dir=tmp_path / "content", out=io.StringIO())
    [message] = summary.failed
    assert re.fullmatch(rf"{re.escape(str(raw))}:4: not UTF-8 text \(byte 0x[0-9a-f]{{2}}\); re-save the file as UTF-8",
                        message), message


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", b"\x00" * 100, bytes(range(256)) * 8,
                                  b"\x89PNG\r\n\x1a\n" + bytes(200), b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"])
def test_empty_and_binary_files_are_refused_by_name(extractor, figures, data):
    figures["fuzz cases: empty and binary"] += 1
    assert check_ingest(data) == "clear error"


def test_a_file_too_large_to_be_an_article_is_refused_before_it_is_read(tmp_path, figures):
    figures["fuzz cases: huge files"] += 1
    raw = tmp_path / "huge.txt"
    with raw.open("wb") as handle:  # sparse: a 50 MB file costs no disk
        handle.truncate(50 * MAX_RAW_BYTES)
    summary = ingest.ingest_paths([raw], content_dir=tmp_path / "content", out=io.StringIO())
    [message] = summary.failed
    assert message.startswith(f"{raw}: the file is 50,000,000 bytes")
    assert not (tmp_path / "content" / "articles").exists()


def test_an_article_just_under_the_size_limit_is_ingested(extractor, figures):
    figures["fuzz cases: huge files"] += 1
    paragraph = " ".join(STORY)
    count = (MAX_RAW_BYTES - 2000) // (len(paragraph) + 2)
    data = raw_article("Long Report of the Test County", [paragraph] * count).encode()
    assert MAX_RAW_BYTES - 4000 < len(data) <= MAX_RAW_BYTES
    assert check_ingest(data) == "article"


def test_a_failing_disk_leaves_the_previous_article_whole(tmp_path):
    content = tmp_path / "content"
    raw = write_raw(tmp_path / "raw", "a.txt", raw_article("Test County Holds Pasture Meeting", STORY))
    ingest.ingest_paths([raw], content_dir=content, out=io.StringIO())
    [path] = list((content / "articles").rglob("*.md"))
    before = path.read_bytes()
    write_raw(tmp_path / "raw", "a.txt", raw_article("Test County Holds Pasture Meeting", STORY + ["A new line."]))
    with mock.patch.object(os, "fsync", side_effect=OSError(28, "No space left on device")):
        summary = ingest.ingest_paths([raw], content_dir=content, out=io.StringIO())
    assert summary.failed == [f"{raw}: [Errno 28] No space left on device"]
    assert path.read_bytes() == before
    assert [p for p in content.rglob("*") if p.is_file() and p.name != ".lock"] == [path]


sys.path.insert(0, str(ROOT / "plugins"))
from digest_pages.reader import render_markdown  # noqa: E402  the renderer the site uses

# Mostly the pieces Markdown and HTML give meaning to, so the generator finds their combinations.
MARKUP_PIECES = ["\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "<", ">", "!", "|", "&", "#", "-", "+", "=",
                 ".", ":", "~", "    ", "\t", "'", '"', "/", "1.", "2)", "<script>", "</p>", "&lt;", "&amp;lt;",
                 "&#x3c;", "javascript:", "http://x.test/", "![a](b)", "[a](javascript:alert(1))", "<!--", "-->",
                 "---", "***", "> ", "word", " "]
paragraph = st.lists(st.one_of(st.sampled_from(MARKUP_PIECES),
                               st.text(st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=5)),
                     min_size=1, max_size=30).map("".join)


@FUZZ
@given(st.lists(paragraph, min_size=1, max_size=4))
def test_any_body_text_renders_as_that_text_and_no_markup(figures, paragraphs):
    figures["fuzz cases: body escaping"] += 1
    # What the parser keeps of a line is what reaches the body: run the paragraphs through it.
    text = "Fuzz Title\n2023-06-02 09:15:00 Source: Fuzz\n" + "\n".join(paragraphs) + "\n"
    try:
        raw = parse_raw(text, "fuzz.txt")
    except DigestError:
        return
    html_out = render_markdown(body_to_markdown(raw.body))
    tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", html_out))
    assert tags <= {"p"}, html_out
    shown = [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", html_out, re.S)]
    assert [" ".join(s.split()) for s in shown] == [" ".join(p.split()) for p in raw.body]


YAML_PIECES = ["---", "...", ": ", "- ", "!!python/object/apply:os.system", "!binary", "&a", "*a", "<<: *a", "? ",
               "#", "|", ">", "'", '"', "{", "}", "[", "]", "%YAML 1.1", "@", "`", "null", "true", "~", "0o17",
               "2023-13-45", "\\", "\u2028", "\ufeff", "title: x", "ingest:", "reviewed: true"]


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=4)), min_size=1, max_size=12).map("".join))
def test_yaml_in_titles_and_names_stays_text(extractor, figures, title):
    figures["fuzz cases: YAML injection"] += 1
    text = raw_article(title, STORY, source=title[:60], editor=title[-40:])
    with scratch() as folder:
        path = write_raw(folder / "raw", "a.txt", text)
        try:
            raw = read_raw_file(path)
        except DigestError:
            return
        summary = ingest.ingest_paths([path], content_dir=folder / "content", out=io.StringIO())
        [article] = summary.new
        meta, _, _ = read_article_file(article)
        assert (meta["title"], meta["source"], meta["editor"]) == (raw.title, raw.source, raw.editor)
        assert meta["reviewed"] is False and meta["ingest"]["curated"] == []
        assert set(meta) == SITE_FIELDS

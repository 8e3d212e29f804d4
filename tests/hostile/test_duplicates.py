"""The same story from two outlets, or one page fetched twice, is reported and held back, not published twice."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import given, settings, strategies as st

from digest import duplicates
from digest.frontmatter import dump_article, read_article_file
from digest.ingest import index_file, ingest_paths
from hostile.rawtext import STORY, raw_article, write_raw


def run(paths, content):
    out = io.StringIO()
    summary = ingest_paths([Path(p) for p in paths], content_dir=content, out=out)
    return summary, out.getvalue()


def articles(content):
    return {p.relative_to(content).as_posix(): read_article_file(p)[0] for p in (content / "articles").rglob("*.md")}


def two_outlets(tmp_path):
    """The same story ingested from two outlets: (content folder, first raw file, second raw file)."""
    content = tmp_path / "content"
    first = write_raw(tmp_path / "raw", "a.txt", raw_article("Test County Holds Pasture Meeting", STORY))
    second = write_raw(tmp_path / "raw", "b.txt", raw_article("Pasture Meeting Held", STORY, source="Other Outlet",
                                                              date="2023-06-03 08:00:00"))
    run([first, second], content)
    return content, first, second


def test_same_story_from_a_second_outlet_is_held_as_draft_pointing_at_the_first(tmp_path):
    content = tmp_path / "content"
    first = write_raw(tmp_path / "raw", "a.txt", raw_article("Test County Holds Pasture Meeting", STORY))
    second = write_raw(tmp_path / "raw", "b.txt", raw_article(
        "Pasture Rotation Meeting Held in Test County", ["Reporter: Test Reporter"] + STORY,
        date="2023-06-03 18:00:00", source="Test Prefecture Daily"))
    summary, out = run([first, second], content)
    found = articles(content)
    assert len(found) == 2
    [original] = [p for p, m in found.items() if m["title"] == "Test County Holds Pasture Meeting"]
    [copy] = [m for p, m in found.items() if p != original]
    assert copy["duplicate_of"] == original
    assert copy["status"] == "draft"
    assert found[original]["duplicate_of"] is None and found[original]["status"] == "published"
    assert f"duplicate of {original}: held as draft" in out
    assert "1 duplicate(s) held as draft" in out


def test_copy_arriving_in_a_later_batch_is_matched_against_the_markdown_already_in_content(tmp_path):
    content = tmp_path / "content"
    # Markdown-special characters make the stored (escaped) body differ from the raw text.
    story = [p.replace("meeting", "*meeting* [1] & <b>") for p in STORY]
    run([write_raw(tmp_path / "raw", "a.txt", raw_article("Test County Holds Pasture Meeting", story))], content)
    summary, out = run([write_raw(tmp_path / "later", "b.txt", raw_article(
        "Pasture Meeting Held", story, source="Other Outlet", date="2023-06-09 08:00:00"))], content)
    [(path, original)] = summary.duplicates
    assert original == "articles/2023/2023-06-02-test-county-holds-pasture-meeting.md"
    assert read_article_file(path)[0]["status"] == "draft"


def test_refetch_with_other_line_breaks_and_spacing_is_a_duplicate(tmp_path):
    content = tmp_path / "content"
    first = write_raw(tmp_path / "raw", "a.txt", raw_article("Test County Holds Pasture Meeting", STORY))
    # The page broke the first paragraph in two and padded words with odd spaces and case.
    broken = STORY[0].split(". ", 1)
    refetch = [broken[0] + ".", "  " + broken[1].replace(" ", "\u3000  ")] + [p.upper() for p in STORY[1:]]
    second = write_raw(tmp_path / "raw", "b.txt", raw_article("Test County Holds Pasture Meeting ", refetch,
                                                              date="2023-06-02 09:16:00"))
    run([first, second], content)
    metas = sorted(articles(content).values(), key=lambda m: m["status"])
    assert [m["status"] for m in metas] == ["draft", "published"]
    assert metas[0]["duplicate_of"] is not None


def test_two_reports_of_one_meeting_with_a_shared_sentence_are_not_duplicates(tmp_path):
    content = tmp_path / "content"
    other = [STORY[0], "The county then inspected three new veterinary stations and a fodder store in the "
             "eastern townships, and asked the stations to open before the autumn move of herds."]
    first = write_raw(tmp_path / "raw", "a.txt", raw_article("Test County Holds Pasture Meeting", STORY))
    second = write_raw(tmp_path / "raw", "b.txt", raw_article("Test County Inspects Veterinary Stations", other,
                                                              date="2023-06-04 10:00:00"))
    summary, out = run([first, second], content)
    assert all(m["duplicate_of"] is None and m["status"] == "published" for m in articles(content).values())
    assert not summary.duplicates and "duplicate" not in out


def test_reingest_in_any_order_keeps_the_original_and_changes_nothing(tmp_path):
    content, first, second = two_outlets(tmp_path)
    before = {p: p.read_bytes() for p in (content / "articles").rglob("*.md")}
    summary, out = run([second, first], content)
    assert {p: p.read_bytes() for p in (content / "articles").rglob("*.md")} == before
    assert "0 new, 0 updated, 2 unchanged" in out


def test_curator_who_rejects_the_duplicate_verdict_is_not_overruled(tmp_path):
    content, first, second = two_outlets(tmp_path)
    [copy_path] = [p for p in (content / "articles").rglob("*.md") if read_article_file(p)[0]["duplicate_of"]]
    meta, body, _ = read_article_file(copy_path)
    meta.update(duplicate_of=None, status="published")
    copy_path.write_text(dump_article(meta, body), encoding="utf-8")
    summary, out = run([first, second], content)
    meta, _, _ = read_article_file(copy_path)
    assert meta["duplicate_of"] is None and meta["status"] == "published"
    assert set(meta["ingest"]["curated"]) >= {"duplicate_of", "status"}
    assert not summary.duplicates


def test_when_the_original_is_deleted_the_copy_is_published_again(tmp_path):
    content, first, second = two_outlets(tmp_path)
    found = articles(content)
    [copy] = [p for p, m in found.items() if m["duplicate_of"]]
    (content / found[copy]["duplicate_of"]).unlink()
    run([second], content)
    meta = articles(content)[copy]
    assert meta["duplicate_of"] is None and meta["status"] == "published"


# Properties of the signature itself, over generated bodies.
word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
body_words = st.lists(word, min_size=duplicates.MIN_WORDS, max_size=120)


@settings(max_examples=200, deadline=None)
@given(body_words, st.data())
def test_spacing_case_punctuation_and_line_breaks_do_not_change_the_signature(tokens, data):
    separators = st.sampled_from([" ", "  ", "\n", "\n\n", ", ", " - ", "\u3000", ". "])
    parts = []
    for token in tokens:
        parts.append(token.upper() if data.draw(st.booleans()) else token)
        parts.append(data.draw(separators))
    noisy = "".join(parts)
    assert duplicates.shingles(noisy) == duplicates.shingles(" ".join(tokens))
    index = duplicates.BodyIndex()
    index.add("original", " ".join(tokens))
    assert index.find(noisy) == duplicates.Match("original", 1.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(word, max_size=duplicates.MIN_WORDS - 1))
def test_bodies_too_short_to_judge_never_match(tokens):
    index = duplicates.BodyIndex()
    index.add("short", " ".join(tokens))
    assert index.find(" ".join(tokens)) is None


@settings(max_examples=200, deadline=None)
@given(body_words, body_words)
def test_similarity_is_symmetric_and_bounded(a, b):
    sa, sb = duplicates.shingles(" ".join(a)), duplicates.shingles(" ".join(b))
    assert duplicates.similarity(sa, sb) == duplicates.similarity(sb, sa)
    assert 0.0 <= duplicates.similarity(sa, sb) <= 1.0


# --- the index ingest keeps between runs (digest.ingest.index_file) --------------------------------

def _cli_ingest(path: Path, content: Path) -> str:
    """`digest ingest` in its own process, as a maintainer runs it: another hash salt each time."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "digest.cli", "ingest", str(path), "--content", str(content)],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_copy_is_found_by_a_later_ingest_in_another_process_through_the_kept_index(tmp_path):
    content = tmp_path / "content"
    _cli_ingest(write_raw(tmp_path / "raw", "a.txt", raw_article("Test County Holds Pasture Meeting", STORY)), content)
    assert index_file(content).is_file()
    said = _cli_ingest(write_raw(tmp_path / "later", "b.txt", raw_article(
        "Pasture Meeting Held", STORY, source="Other Outlet", date="2023-06-09 08:00:00")), content)
    assert "held as draft" in said


def test_the_next_ingest_reads_only_the_articles_that_changed(tmp_path, monkeypatch):
    import digest.ingest as ingest_module

    content = tmp_path / "content"
    raws = [write_raw(tmp_path / "raw", f"{i}.txt", raw_article(f"Test Township {i} Holds A Meeting", [f"Report {i}. " + STORY[0]],
                                                            date=f"2023-06-{i + 1:02d} 09:00:00")) for i in range(6)]
    run(raws, content)
    files = sorted((content / "articles").rglob("*.md"))
    # a curator edits one article's URL: the kept index must not hide it
    edited = files[0]
    meta, body, _ = read_article_file(edited)
    meta["url"] = "https://example.org/curated/page.html"
    edited.write_text(dump_article(meta, body), encoding="utf-8")
    read = []
    original = ingest_module.read_article_file
    monkeypatch.setattr(ingest_module, "read_article_file", lambda p: read.append(p) or original(p))
    corpus = ingest_module.Corpus(content / "articles", index_file(content))
    assert read == [edited]
    assert corpus.by_url["https://example.org/curated/page.html"] == edited
    assert set(corpus.paths) == set(files)


def test_a_deleted_article_or_a_broken_index_is_never_trusted(tmp_path):
    content, first, second = two_outlets(tmp_path)
    [original] = [p for p, m in articles(content).items() if not m["duplicate_of"]]
    (content / original).unlink()  # the original goes; the index still lists it
    index_file(content).write_bytes(index_file(content).read_bytes()[:100])  # and is cut short
    summary, out = run([first], content)
    assert len(summary.new) == 1  # the original comes back as an article, not as unchanged
    found = articles(content)
    assert len(found) == 2 and sum(1 for m in found.values() if not m["duplicate_of"]) == 1

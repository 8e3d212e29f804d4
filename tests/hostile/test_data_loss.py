"""An unlucky maintainer: same headlines, two ingests at once, broken files, links, killed runs."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from digest.frontmatter import read_article_file
from digest.ingest import ingest_paths
from hostile.rawtext import STORY, raw_article, write_raw

REPO = Path(__file__).resolve().parents[2]

# Two outlets' reports of one day under the same stock headline: different stories.
OTHER_STORY = [
    "The county education bureau inspected eleven boarding schools before the new term, checking dormitory "
    "heating, kitchen hygiene and the fire escapes of every building.",
    "Inspectors asked two schools to replace their boilers before October and praised the reading rooms "
    "that village teachers had set up with donated books.",
    "Parents' committees will visit the canteens once a month and report on food prices to the township.",
]


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(REPO / "content" / "gazetteer", folder / "gazetteer")
    (folder / "articles").mkdir()
    return folder


def ingest(paths, content) -> tuple[object, str]:
    out = io.StringIO()
    summary = ingest_paths([Path(p) for p in paths], content_dir=content, out=out)
    return summary, out.getvalue()


def articles(content) -> list[Path]:
    return sorted((content / "articles").rglob("*.md"))


def bodies(content) -> list[str]:
    return sorted(read_article_file(p)[1] for p in articles(content))


def test_same_title_and_day_from_two_outlets_are_two_articles(content, tmp_path):
    first = write_raw(tmp_path / "raw", "a.txt", raw_article("County Holds Work Meeting", STORY, source="Outlet A"))
    second = write_raw(tmp_path / "raw", "b.txt", raw_article("County Holds Work Meeting", OTHER_STORY, source="Outlet B"))
    ingest([first], content)
    summary, out = ingest([second], content)
    assert "1 new, 0 updated" in out
    assert len(articles(content)) == 2
    assert any("summer pasture rotation" in body for body in bodies(content))
    assert any("boarding schools" in body for body in bodies(content))


def test_a_refetched_page_with_the_same_title_and_day_is_still_one_article(content, tmp_path):
    first = write_raw(tmp_path / "raw", "a.txt", raw_article("County Holds Work Meeting", STORY))
    # The page fetched again: a corrected word and another editor line, same story.
    fixed = [STORY[0].replace("nine townships", "nine townships and towns"), *STORY[1:]]
    again = write_raw(tmp_path / "raw2", "a.txt", raw_article("County Holds Work Meeting", fixed, editor="Another Editor"))
    ingest([first], content)
    summary, out = ingest([again], content)
    assert "0 new, 1 updated" in out
    [path] = articles(content)
    assert "nine townships and towns" in read_article_file(path)[1]


def test_short_notices_with_one_headline_and_day_are_not_merged(content, tmp_path):
    notice = "Notice"
    a = write_raw(tmp_path / "raw", "a.txt", raw_article(notice, ["The water supply stops on Friday."]))
    b = write_raw(tmp_path / "raw", "b.txt", raw_article(notice, ["The county library opens on Sunday."]))
    ingest([a], content)
    ingest([b], content)
    assert len(articles(content)) == 2


def test_a_broken_curator_file_is_never_given_a_twin(content, tmp_path):
    raw = write_raw(tmp_path / "raw", "a.txt", raw_article("County Holds Work Meeting", STORY))
    ingest([raw], content)
    [path] = articles(content)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nsource: ", "\nsource: [", 1), encoding="utf-8")  # the curator's typo
    # The page changed upstream, so its text hash differs: only title and date could match.
    write_raw(tmp_path / "raw", "a.txt", raw_article("County Holds Work Meeting", [*STORY, "One more sentence."]))
    summary, out = ingest([raw], content)
    assert articles(content) == [path], "a second copy of the article was written"
    assert summary.failed and f"{path}:" in out and "FAILED" in out
    # Fixed, the next ingest updates the one file.
    path.write_text(text, encoding="utf-8")
    summary, out = ingest([raw], content)
    assert "0 new, 1 updated" in out and articles(content) == [path]


def test_a_broken_file_at_the_new_articles_place_fails_it_by_name(content, tmp_path):
    raw = write_raw(tmp_path / "raw", "a.txt", raw_article("County Holds Work Meeting", STORY))
    target = content / "articles" / "2023" / "2023-06-02-county-holds-work-meeting.md"
    target.parent.mkdir()
    target.write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    summary, out = ingest([raw], content)
    assert articles(content) == [target]
    assert f"FAILED {target}:" in out


def _slow_ingest(content: Path, raw_dir: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "digest.cli", "ingest", str(raw_dir), "--content", str(content)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _many_raw(folder: Path, count: int) -> Path:
    for number in range(count):
        paragraphs = [f"Report {number}: " + STORY[0], f"Township {number} " + STORY[1], STORY[2]]
        write_raw(folder, f"{number:03}.txt", raw_article(f"Township {number} Reports on Pastures", paragraphs,
                                                          date=f"2023-{1 + number % 12:02}-{1 + number % 28:02} 09:00:00"))
    return folder


def test_two_ingests_at_once_write_each_article_once(content, tmp_path):
    raw = _many_raw(tmp_path / "raw", 40)
    runs = [_slow_ingest(content, raw) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert len(articles(content)) == 40
    locked = [out for out in outputs if "content is locked by ingest" in out]
    assert len(locked) <= 1
    if locked:  # the one that waited its turn says so, and says how to go on
        assert "run ingest again" in locked[0]


def test_a_lock_left_by_a_killed_ingest_is_taken_over(content, tmp_path):
    raw = _many_raw(tmp_path / "raw", 80)
    run = _slow_ingest(content, raw)
    deadline = time.monotonic() + 60
    while not (content / ".lock").is_file() or not (content / ".lock").read_text():
        assert time.monotonic() < deadline and run.poll() is None
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait()
    summary, out = ingest([raw], content)
    assert not summary.failed
    assert len(articles(content)) == 80
    assert not list(content.rglob("*.tmp"))


def test_a_held_lock_stops_the_build_with_a_clear_message(content, tmp_path):
    from digest.lock import content_lock
    from sitebuild import BuildFailed, build_site

    with content_lock(content, "ingest"):
        with pytest.raises(BuildFailed) as failure:
            os.environ["DIGEST_LOCK_WAIT"] = "0"
            try:
                build_site(content, tmp_path / "output")
            finally:
                del os.environ["DIGEST_LOCK_WAIT"]
    assert "content is locked by ingest (pid" in failure.value.output
    assert not (tmp_path / "output").exists()


def test_raw_links_leading_out_of_the_folder_are_refused_by_name(content, tmp_path):
    raw = tmp_path / "raw"
    write_raw(raw, "real.txt", raw_article("County Holds Work Meeting", STORY))
    secret = tmp_path / "secret.txt"
    secret.write_text(raw_article("Secret Notes Of The Build Machine", OTHER_STORY), encoding="utf-8")
    (raw / "x.txt").symlink_to(secret)
    summary, out = ingest([raw], content)
    assert f"{raw / 'x.txt'}: is a symbolic link" in out and str(secret) in out
    assert [read_article_file(p)[0]["title"] for p in articles(content)] == ["County Holds Work Meeting"]
    assert summary.failed


def test_content_links_leading_out_are_never_published(content, tmp_path):
    from sitebuild import BuildFailed, build_site

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text("---\ntitle: Not Ours\ndate: 2023-06-02\n---\nprivate\n", encoding="utf-8")
    (content / "articles" / "linked").symlink_to(outside)
    with pytest.raises(BuildFailed) as failure:
        build_site(content, tmp_path / "output")
    assert f"{content / 'articles' / 'linked'}: is a symbolic link" in failure.value.output
    assert not (tmp_path / "output").exists()


def test_rewritten_files_keep_their_mode_and_no_temporary_file_is_left(content, tmp_path):
    raw = write_raw(tmp_path / "raw", "a.txt", raw_article("County Holds Work Meeting", STORY))
    ingest([raw], content)
    [path] = articles(content)
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()
    path.chmod(0o640)
    write_raw(tmp_path / "raw", "a.txt", raw_article("County Holds Work Meeting", STORY, editor="Another Editor"))
    leftover = path.parent / f".{path.name}.abc123.tmp"
    leftover.write_text("half a file")
    ingest([raw], content)
    assert path.stat().st_mode & 0o777 == 0o640
    assert not leftover.exists()


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def test_gitignore_covers_lock_and_temporary_files(tmp_path):
    names = ["content/.lock", "content/articles/2023/.a.md.x1y2.tmp", "output/x.html", ".build-output-abc/x"]
    done = subprocess.run(["git", "check-ignore", "--no-index", *names], cwd=REPO, capture_output=True, text=True)
    assert done.stdout.split() == names


def test_a_linked_folder_leaking_out_is_never_read_and_a_linked_file_is_refused_by_name(content, tmp_path):
    """The scan checks one realpath per folder and one lstat per file (LinkGuard), not a realpath per file."""
    raw = tmp_path / "raw"
    write_raw(raw / "2024", "real.txt", raw_article("County Holds Work Meeting", STORY))
    outside = tmp_path / "outside"
    write_raw(outside, "leak.txt", raw_article("Secret Notes Of The Build Machine", OTHER_STORY))
    (raw / "linked-out").symlink_to(outside)
    (raw / "linked-in").symlink_to(raw / "2024")
    (raw / "2024" / "leak.txt").symlink_to(outside / "leak.txt")
    summary, out = ingest([raw], content)
    assert f"{raw / '2024' / 'leak.txt'}: is a symbolic link" in out
    assert [read_article_file(p)[0]["title"] for p in articles(content)] == ["County Holds Work Meeting"]
    assert "Secret Notes" not in "".join(p.read_text(encoding="utf-8") for p in articles(content))

"""A build or publish killed at any moment leaves the live folder one whole build: the old or the new.

Content alternates between two versions (an article added, one edited, one removed); each round
starts a build towards the other version, kills it (and every process it started) after a random
delay, checks the live folder, then lets a build finish.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

import tasks
from digest.ingest import ingest_paths
from hostile.figures import FIGURES
from hostile.rawtext import STORY, raw_article, write_raw
from sitebuild import build_site

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 50


# Pagefind names its filter and meta files by a hash that differs between two runs on the same
# pages; those are compared by count and by the entry file pointing at a meta file that exists.
UNSTABLE = re.compile(r"^pagefind/[^/]+/(filter/.*|pagefind-entry\.json|pagefind\..*\.pf_meta)$")


def snapshot(folder: Path) -> dict[str, str]:
    files = {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}
    seen = {rel: hashlib.sha256(p.read_bytes()).hexdigest() for rel, p in files.items() if not UNSTABLE.match(rel)}
    for shard in json.loads((folder / "pagefind" / "shards.json").read_text()):
        bundle = folder / "pagefind" / shard
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        seen[f"pagefind {shard} (whole)"] = json.dumps({
            "pages": {lang: info["page_count"] for lang, info in entry["languages"].items()},
            "meta present": all((bundle / f"pagefind.{info['hash']}.pf_meta").is_file()
                                for info in entry["languages"].values()),
            "meta files": sum(rel.startswith(f"pagefind/{shard}/") and rel.endswith(".pf_meta") for rel in files),
            "filter files": sum(rel.startswith(f"pagefind/{shard}/filter/") for rel in files),
        })
    return seen


def two_versions(root: Path) -> tuple[Path, Path]:
    """Content folders A and B: B adds an article, edits one and drops one."""
    a = root / "A"
    shutil.copytree(REPO / "content" / "gazetteer", a / "gazetteer")
    titles = ["Seni District Holds Pasture Meeting", "Nyima County Delivers Fodder", "Lhunzhub County Trains Rangers"]
    for number, title in enumerate(titles):
        raw = write_raw(root / "raw", f"{number}.txt", raw_article(title, [f"Round {number}. " + p for p in STORY],
                                                                    date=f"2023-0{number + 4}-02 09:00:00"))
        ingest_paths([raw], content_dir=a, out=io.StringIO())
    b = root / "B"
    shutil.copytree(a, b)
    articles = sorted((b / "articles").rglob("*.md"))
    articles[0].unlink()
    articles[1].write_text(articles[1].read_text(encoding="utf-8").replace("summary: null", "summary: Edited."),
                           encoding="utf-8")
    raw = write_raw(root / "raw", "new.txt", raw_article("Nagqu City Opens A Library", STORY, date="2023-09-09 10:00:00"))
    ingest_paths([raw], content_dir=b, out=io.StringIO())
    return a, b


def start(argv: list, tmp: Path | None = None) -> subprocess.Popen:
    """`tmp`: the system temporary folder the build sees."""
    env = {**os.environ, **({"TMPDIR": str(tmp)} if tmp else {})}
    return subprocess.Popen([str(a) for a in argv], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env=env)


def kill_rounds(root: Path, command, target: Path) -> tuple[int, int]:
    """Returns (rounds that ended old, rounds that ended new)."""
    a, b = two_versions(root)
    live = root / "live"
    content = live / "content"  # one content folder whose articles alternate, as a maintainer's would
    shutil.copytree(a, content)
    started = time.monotonic()
    build_site(content, target, **command)
    whole = {"A": snapshot(target)}
    _switch(content, b)
    build_site(content, target, **command)
    whole["B"] = snapshot(target)
    duration = (time.monotonic() - started) / 2
    assert whole["A"] != whole["B"]
    rng = random.Random(20261129)
    ended = {"old": 0, "new": 0}
    state = "B"
    tmp = root / "tmp"
    tmp.mkdir()
    for _ in range(ROUNDS):
        other = "A" if state == "B" else "B"
        _switch(content, a if other == "A" else b)
        proc = start(tasks.build_command(target, content=content, **_argv(command)), tmp)
        time.sleep(rng.uniform(0, duration * 1.2))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        seen = snapshot(target)
        assert seen in (whole[state], whole[other]), "the live folder is a mix of two builds"
        ended["old" if seen == whole[state] else "new"] += 1
        build_site(content, target, **command)  # the next run finishes, whatever the last one left
        assert snapshot(target) == whole[other]
        assert not [p.name for p in target.parent.iterdir() if p.name.startswith(".build-")]
        assert not list(tmp.iterdir()), "a killed build left scratch files in the system's temporary folder"
        state = other
    return ended["old"], ended["new"]


def _argv(command: dict) -> dict:
    return {"settings": command.get("settings", "pelicanconf.py"), "clean": command.get("clean", False),
            "add": command.get("add", ())}


def _switch(content: Path, version: Path) -> None:
    shutil.rmtree(content / "articles")
    shutil.copytree(version / "articles", content / "articles")


@pytest.mark.slow
def test_incremental_build_killed_at_random_moments_leaves_old_or_new_site(tmp_path):
    old, new = kill_rounds(tmp_path, {}, tmp_path / "live" / "output")
    FIGURES["killed builds: incremental, live folder whole"] += old + new
    assert old and new  # the kills fell both before and after the switch


@pytest.mark.slow
def test_publish_killed_at_random_moments_leaves_old_or_new_site_with_headers(tmp_path):
    headers = REPO / "docs" / "hosting" / "_headers"
    command = {"settings": "publishconf.py", "clean": True, "add": (headers,)}
    old, new = kill_rounds(tmp_path, command, tmp_path / "live" / "publish")
    FIGURES["killed builds: publish, live folder whole"] += old + new
    assert (tmp_path / "live" / "publish" / "_headers").read_bytes() == headers.read_bytes()
    assert old and new


def test_a_build_killed_while_pelican_writes_its_cache_does_not_break_the_next(tmp_path):
    """Found by the rounds above: Pelican rewrites its content cache in place, and a kill in the middle
    left a truncated file the next build died on (EOFError)."""
    a, b = two_versions(tmp_path)
    content, target = tmp_path / "live" / "content", tmp_path / "live" / "output"
    shutil.copytree(a, content)
    build_site(content, target)
    _switch(content, b)
    proc = start(tasks.build_command(target, "pelicanconf.py", content=content))
    cache = tmp_path / "live" / ".cache" / "build-output" / "pelican"
    time.sleep(0.3)  # Pelican is running
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    for file in cache.glob("*"):  # the worst moment: half of each cache file written
        file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    build_site(content, target)
    whole = snapshot(target)
    build_site(content, tmp_path / "clean", clean=True)
    assert whole == snapshot(tmp_path / "clean")

"""Every command in the README's task list, run exactly as written, on a scratch copy of the project.

Placeholders are filled in (FILE: a seed article; URL: an https address); `invoke serve` is
stopped once it answers. The scratch copy shares this checkout's virtualenv and ../shared.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def readme_task_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Maintainer tasks", 1)[1].split("\n## ", 1)[0]
    commands = []
    for line in section.split("\n"):
        if line.startswith("    .venv/bin/"):
            commands.append(line.split("  #", 1)[0].strip())
    return commands


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("readme")
    copy = root / "main"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = REPO / rel
        if source.is_file():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / rel)
    for shared in (".venv", "node_modules"):
        if (REPO / shared).exists():
            (copy / shared).symlink_to(REPO / shared)
    (root / "shared").symlink_to(SHARED)
    return copy


def run(command: str, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(shlex.split(command), cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "COLUMNS": "200"})


def fill(command: str, real_dir: Path) -> str:
    seed = sorted((SHARED / "seeds").glob("*.txt"))[0]
    return (command.replace(" FILE ", f" ../shared/seeds/{seed.name} ").replace(" URL", " https://digest.example.org")
            .replace(" DIR", f" {real_dir}"))


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared beside the checkout")
def test_every_readme_task_command_runs_as_written(scratch, tmp_path):
    commands = readme_task_commands()
    assert len(commands) >= 10, commands
    for command in (fill(c, tmp_path) for c in commands):
        if " serve" in command or " livereload" in command:
            _check_serve(command, scratch, edit=" livereload" in command)
            continue
        done = run(command, scratch)
        said = done.stdout + done.stderr
        assert "Traceback" not in said, f"{command}\n{said[-3000:]}"
        # review fails while names are unresolved, and eval --real while texts are missing (here: all
        # but the seeds, since real texts are never committed), by design
        allowed = (0, 1) if " review" in command or " --real " in command else (0,)
        assert done.returncode in allowed, f"{command} exited {done.returncode}\n{said[-3000:]}"
        if " ingest " in command:
            assert re.search(r"\d+ new, \d+ updated, \d+ unchanged, 0 failed", said), said
        if " review" in command and done.returncode:
            assert "not in the gazetteer" in said
        if " --real " in command:
            assert "officials F1" in said and "crashes 0" in said, said[-2000:]
        if " publish" in command:
            assert (scratch / "publish" / "_headers").is_file()
            assert "https://digest.example.org/" in (scratch / "publish" / "index.html").read_text(encoding="utf-8")


def _page(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8") if response.status == 200 else None
    except OSError:
        return None


def _check_serve(command: str, cwd: Path, edit: bool = False) -> None:
    # Its own process group: stopped as Ctrl-C stops it, server child included. Ctrl-C acts as in a
    # terminal even when these tests run in the background, where a shell starts them ignoring SIGINT.
    proc = subprocess.Popen(shlex.split(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while (home := _page("http://127.0.0.1:8000/")) is None:
            assert proc.poll() is None and time.monotonic() < deadline, f"{command} did not serve"
            time.sleep(0.2)
        if edit:
            # the page asks to be reloaded, and an edited title shows without running anything else
            assert "livereload.js" in home
            article = sorted((cwd / "content" / "articles").rglob("*.md"))[0]
            text = article.read_text(encoding="utf-8")
            title = re.search(r"^title: (.*)$", text, re.M).group(1)
            article.write_text(text.replace(f"title: {title}", "title: Edited While Live Reloading", 1), encoding="utf-8")
            deadline = time.monotonic() + 120
            while "Edited While Live Reloading" not in (_page("http://127.0.0.1:8000/") or ""):
                assert proc.poll() is None and time.monotonic() < deadline, f"{command} did not rebuild after an edit"
                time.sleep(0.5)
            article.write_text(text, encoding="utf-8")
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)


def test_invoke_ingest_takes_several_paths_and_no_file_name_reaches_a_shell(scratch, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.is_dir() else []
    hostile = raw / "$(touch PWNED).txt"
    hostile.write_text("Township Holds A Meeting\n2023-06-02 09:15:00 Source: Test\n\nA short test report.\n",
                       encoding="utf-8")
    other = raw / "b; touch PWNED2.txt"
    other.write_text("Another Township Meets\n2023-06-03 09:15:00 Source: Test\n\nAnother test report.\n",
                     encoding="utf-8")
    done = run(f".venv/bin/invoke ingest {shlex.quote(str(hostile))} {shlex.quote(str(other))}", scratch)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 new, 0 updated, 0 unchanged, 0 failed" in done.stdout
    assert not list(scratch.rglob("PWNED*")) and not list(tmp_path.rglob("PWNED*")) and not Path("PWNED").exists()
    if seeds:
        done = run(".venv/bin/invoke ingest " + " ".join(shlex.quote(str(s)) for s in seeds), scratch)
        assert done.returncode == 0 and f"0 new, 0 updated, {len(seeds)} unchanged" in done.stdout, done.stdout


@pytest.mark.slow
def test_invoke_screenshots_as_the_readme_writes_it(scratch):
    # README, "The site": `.venv/bin/invoke screenshots [--query WORDS] [--rebuild]`
    shots = scratch / "docs" / "screenshots"
    before = {p.name: p.stat().st_mtime_ns for p in shots.glob("*.png")}
    done = run(".venv/bin/invoke screenshots --rebuild", scratch, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    after = {p.name: p.stat().st_mtime_ns for p in shots.glob("*.png")}
    assert len(after) == 8 and all(after[name] != before.get(name) for name in after)

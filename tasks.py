"""Maintainer tasks for the digest (run `invoke --list`).

Every task runs with the interpreter that runs invoke, so `.venv/bin/invoke build` needs no
activated virtualenv.
"""

import shutil
import sys
import tempfile
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
PY = sys.executable
OUTPUT = ROOT / "output"
PUBLISH = ROOT / "publish"


def _build_into(c, target: Path, settings: str, content: Path = ROOT / "content") -> None:
    """Build the site in a scratch folder, then swap it in: a failed build keeps the old site.

    `content` is another content folder for test builds (tests/browser builds a fixture corpus).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".build-{target.name}-", dir=target.parent))
    try:
        c.run(f'"{PY}" -m pelican "{content}" -o "{scratch}" -s "{ROOT / settings}" --fatal errors')
        c.run(f'"{PY}" -m pagefind --site "{scratch}" --output-subdir pagefind')
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"build failed: {target} was left as it was", file=sys.stderr)
        raise
    previous = target.with_name(f".{target.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    scratch.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"site written to {target}")


@task(help={"paths": "raw .txt files or folders of them"}, iterable=["paths"])
def ingest(c, paths):
    """Parse raw articles into content/articles/YYYY/<date>-<slug>.md (curator edits are kept)."""
    if not paths:
        raise SystemExit("usage: invoke ingest PATH [PATH ...]   (files or folders of raw .txt articles)")
    quoted = " ".join(f'"{p}"' for p in paths)
    c.run(f'"{PY}" -m digest.cli ingest {quoted} --content "{ROOT / "content"}"')


@task
def review(c):
    """List unresolved officials, places and campaign candidates in content/articles (fails if any)."""
    c.run(f'"{PY}" -m digest.cli review --content "{ROOT / "content"}"', pty=False)


@task(help={"quiet": "print the table without the list of mistakes"})
def eval(c, quiet=False):  # noqa: A001 - the task is called `invoke eval`
    """Precision/recall of entity extraction per kind on the gold passages (fails below the bar)."""
    c.run(f'"{PY}" -m digest.cli eval --content "{ROOT / "content"}"' + (" --quiet" if quiet else ""), pty=False)


@task
def build(c):
    """Build the site from content/ into output/ and index it for search (Pagefind)."""
    _build_into(c, OUTPUT, "pelicanconf.py")


@task
def publish(c):
    """Build the deployable site with publishconf.py (absolute URLs, feeds) into publish/."""
    _build_into(c, PUBLISH, "publishconf.py")


@task(help={"port": "port to listen on (default 8000)", "bind": "address to bind (default 127.0.0.1)"})
def serve(c, port=8000, bind="127.0.0.1"):
    """Serve output/ on localhost (with the wasm MIME type Pagefind needs)."""
    c.run(f'"{PY}" -m digest.serve --directory "{OUTPUT}" --port {port} --bind {bind}', pty=False)


@task(help={"query": "what the search screenshot searches for", "rebuild": "build output/ first (default: only if missing)"})
def screenshots(c, query="double support", rebuild=False):
    """Screenshots of home, an article, an official and search (desktop and phone) into docs/screenshots/."""
    if rebuild or not (OUTPUT / "index.html").is_file():
        build(c)
    out = ROOT / "docs" / "screenshots"
    c.run(f'"{PY}" -m digest.screenshots --site "{OUTPUT}" --out "{out}" --query "{query}"', pty=False)


@task
def clean(c):
    """Remove output/ and leftovers of interrupted builds."""
    for path in [OUTPUT, PUBLISH, *ROOT.glob(".build-*"), *ROOT.glob(".output.previous")]:
        shutil.rmtree(path, ignore_errors=True)


@task(help={"k": "only tests matching this expression", "browser": "include browser tests (default yes)"})
def test(c, k="", browser=True):
    """Run every test (unit, extraction quality, site build, browser)."""
    args = ["-m", "pytest"]
    if k:
        args += ["-k", f'"{k}"']
    if not browser:
        args += ["-m", '"not browser"']
    c.run(f'"{PY}" ' + " ".join(args), pty=False)

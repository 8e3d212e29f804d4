"""Maintainer tasks for the digest (run `invoke --list`).

Every task runs with the interpreter that runs invoke, so `.venv/bin/invoke build` needs no
activated virtualenv.
"""

import os
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
PY = sys.executable
OUTPUT = ROOT / "output"
PUBLISH = ROOT / "publish"


def _build_into(c, target: Path, settings: str, content: Path = ROOT / "content", clean: bool = False) -> None:
    """Build the site in a scratch folder, then swap it in: a failed build keeps the old site.

    `content` is another content folder for test builds (tests/browser builds a fixture corpus).
    Incremental (plugins/digest_incremental/build.py): nothing runs when no input changed, and
    after a content edit only pages whose bytes changed are rewritten; `clean` rebuilds it all.
    """
    with c.cd(str(ROOT)):  # the build module is found from the repository root
        c.run(f'"{PY}" -m plugins.digest_incremental.build "{content}" "{target}" "{ROOT / settings}"'
              + (" --clean" if clean else ""))


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


@task(help={"clean": "ignore the last build and its caches (default: rebuild only what changed)"})
def build(c, clean=False):
    """Build the site from content/ into output/ and index it for search (Pagefind)."""
    _build_into(c, OUTPUT, "pelicanconf.py", clean=clean)


@task(help={"siteurl": "the address the site is served from (default: $DIGEST_SITEURL or publishconf.py's)"})
def publish(c, siteurl=""):
    """Build the deployable site with publishconf.py (absolute URLs, feeds) into publish/.

    Upload the folder to any static host; docs/hosting/ has its headers (README: Hosting)."""
    if siteurl:
        os.environ["DIGEST_SITEURL"] = siteurl.rstrip("/")  # read by publishconf.py in the build process
    # Always a clean build: the incremental check sees files, not $DIGEST_SITEURL, and a deployed
    # folder should not depend on what the last publish left behind.
    _build_into(c, PUBLISH, "publishconf.py", clean=True)
    # Netlify and Cloudflare Pages read response headers from _headers at the site root.
    shutil.copyfile(ROOT / "docs" / "hosting" / "_headers", PUBLISH / "_headers")
    print(f"deployable site in {PUBLISH} for {os.environ.get('DIGEST_SITEURL', 'the SITEURL in publishconf.py')}")


@task(help={"port": "port to listen on (default 8000)", "bind": "address to bind (default 127.0.0.1)",
            "csp": "send the strict Content-Security-Policy a production host should send"})
def serve(c, port=8000, bind="127.0.0.1", csp=False):
    """Serve output/ on localhost (with the wasm MIME type Pagefind needs)."""
    c.run(f'"{PY}" -m digest.serve --directory "{OUTPUT}" --port {port} --bind {bind}' + (" --csp" if csp else ""), pty=False)


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
    for path in [OUTPUT, PUBLISH, *ROOT.glob(".build-*"), *ROOT.glob(".output.previous"), *ROOT.glob(".cache/build-*")]:
        shutil.rmtree(path, ignore_errors=True)


@task(help={"articles": "how many synthetic articles (default 1000)", "search": "measure search bytes in Chromium"})
def bench(c, articles=1000, search=True):
    """Benchmark ingest, full and incremental builds of N synthetic articles against plain Pelican."""
    with c.cd(str(ROOT)):
        c.run(f'"{PY}" -m benchmarks.run --articles {int(articles)}' + ("" if search else " --no-search"), pty=False)


@task(help={"k": "only tests matching this expression", "browser": "include browser tests (default yes)"})
def test(c, k="", browser=True):
    """Run every test (unit, extraction quality, site build, browser)."""
    args = ["-m", "pytest"]
    if k:
        args += ["-k", f'"{k}"']
    if not browser:
        args += ["-m", '"not browser"']
    c.run(f'"{PY}" ' + " ".join(args), pty=False)

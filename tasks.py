"""Maintainer tasks for the digest (run `invoke --list`).

Every task runs with the interpreter that runs invoke, so `.venv/bin/invoke build` needs no
activated virtualenv.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
PY = sys.executable
OUTPUT = ROOT / "output"
PUBLISH = ROOT / "publish"


def _run(argv: list, env: dict | None = None) -> None:
    """Run a command as a list of arguments, never through a shell: a raw file may be called
    '$(touch X).txt'. A failure ends the task with the command's exit status."""
    code = subprocess.run([str(a) for a in argv], cwd=ROOT, env=env).returncode
    if code:
        raise Exit(code=code)


def build_command(target: Path, settings: str, content: Path = ROOT / "content", clean: bool = False,
                  add: tuple[Path, ...] = ()) -> list:
    """The build `invoke build` and `invoke publish` run (tests run it on other content folders).

    Incremental (plugins/digest_incremental/build.py): nothing runs when no input changed, and
    after a content edit only pages whose bytes changed are rendered anew; `clean` rebuilds it all.
    The new site replaces `target` in one step: a failed or killed build keeps the old site.
    `add`: files copied to the site's root before that step.
    """
    return [PY, "-m", "plugins.digest_incremental.build", content, target, ROOT / settings,
            *(["--clean"] if clean else []), *[arg for path in add for arg in ("--add", path)]]


def _variadic_paths() -> None:
    """Invoke has no variadic positional arguments, so `invoke ingest A B` would take B for a task.
    Before invoke parses the task arguments (it imports this file first), every bare word after
    `ingest` becomes `--paths WORD`."""
    try:
        from invoke.main import program
        unparsed = program.core.unparsed
    except (ImportError, AttributeError):
        return  # imported by something other than the invoke command
    if not unparsed or unparsed[0] != "ingest":
        return
    rewritten = ["ingest"]
    for word in unparsed[1:]:
        if word.startswith("-") or rewritten[-1] == "--paths":
            rewritten.append(word)
        else:
            rewritten += ["--paths", word]
    unparsed[:] = rewritten


_variadic_paths()


@task(help={"paths": "raw .txt files or folders of them"}, iterable=["paths"])
def ingest(c, paths):
    """Parse raw articles into content/articles/YYYY/<date>-<slug>.md (curator edits are kept).

    Usage: invoke ingest PATH [PATH ...]"""
    if not paths:
        raise Exit("usage: invoke ingest PATH [PATH ...]   (files or folders of raw .txt articles)", code=2)
    _run([PY, "-m", "digest.cli", "ingest", *paths, "--content", ROOT / "content"])


@task
def review(c):
    """List unresolved officials, places and campaign candidates in content/articles (fails if any)."""
    _run([PY, "-m", "digest.cli", "review", "--content", ROOT / "content"])


@task(help={"quiet": "print the table without the list of mistakes",
            "real": "a folder of real texts (<id>.txt, see ../shared/realtext/README.md) to score instead",
            "halves": "with --real: score the odd and the even ids apart and print them side by side"})
def eval(c, quiet=False, real="", halves=False):  # noqa: A001 - the task is called `invoke eval`
    """Precision/recall of entity extraction per kind: on the gold passages, or with --real on real texts."""
    if real:
        scorer = ROOT.parent / "shared" / "realtext" / "score.py"
        if not scorer.is_file():
            raise Exit(f"{scorer} not found: the real-text labels live in ../shared/realtext beside the checkout", code=2)
        # The scorer runs the `digest` command: this virtualenv's.
        env = {**os.environ, "PATH": f"{Path(PY).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        argv = [PY, scorer, "--raw", Path(real).resolve()]
        if halves:
            from digest.evaluate import halves as split, halves_table
            import yaml
            ids = [str(a["id"]) for a in yaml.safe_load(scorer.with_name("labels.yaml").read_text())["articles"]]
            outputs, worst = {}, 0
            for name, part in split(ids).items():
                done = subprocess.run([str(a) for a in argv] + ["--ids", ",".join(part)], cwd=ROOT, env=env,
                                      capture_output=True, text=True)
                outputs[f"{name} ids ({len(part)})"] = done.stdout + done.stderr
                worst = max(worst, done.returncode if "nothing scored" not in done.stdout else 0)
            if all("nothing scored" in said for said in outputs.values()):
                raise Exit(f"no texts of the labels in {real}: ../shared/realtext/README.md says how to fetch them", code=2)
            print(halves_table(outputs), end="")
            for name, said in outputs.items():  # the scorer's own last line, per half
                print(f"{name}: {said.strip().splitlines()[-1]}")
            if worst:
                raise Exit(code=worst)  # a goal missed in a half, as without --halves
            return
        _run([PY, "-m", "digest.cli", "offices", scorer.with_name("labels.yaml"), "--content", ROOT / "content"])
        _run([*argv, *([] if quiet else ["-v"])], env=env)
        return
    _run([PY, "-m", "digest.cli", "eval", "--content", ROOT / "content", *(["--quiet"] if quiet else [])])


@task(help={"clean": "ignore the last build and its caches (default: rebuild only what changed)"})
def build(c, clean=False):
    """Build the site from content/ into output/ and index it for search (Pagefind)."""
    _run(build_command(OUTPUT, "pelicanconf.py", clean=clean))


@task(help={"siteurl": "the address the site is served from (default: $DIGEST_SITEURL or publishconf.py's)"})
def publish(c, siteurl=""):
    """Build the deployable site with publishconf.py (absolute URLs, feeds) into publish/.

    Upload the folder to any static host; docs/hosting/ has its headers (README: Hosting)."""
    if siteurl:
        os.environ["DIGEST_SITEURL"] = siteurl.rstrip("/")  # read by publishconf.py in the build process
    # Always a clean build: the incremental check sees files, not $DIGEST_SITEURL, and a deployed
    # folder should not depend on what the last publish left behind.
    # Netlify and Cloudflare Pages read response headers from _headers at the site root: it goes
    # in before the swap, so a killed publish never leaves a site without it.
    _run(build_command(PUBLISH, "publishconf.py", clean=True, add=(ROOT / "docs" / "hosting" / "_headers",)))
    print(f"deployable site in {PUBLISH} for {os.environ.get('DIGEST_SITEURL', 'the SITEURL in publishconf.py')}")


@task(help={"port": "port to listen on (default 8000)", "bind": "address to bind (default 127.0.0.1)",
            "csp": "send the strict Content-Security-Policy a production host should send"})
def serve(c, port=8000, bind="127.0.0.1", csp=False):
    """Serve output/ on localhost (with the wasm MIME type Pagefind needs)."""
    _run([PY, "-m", "digest.serve", "--directory", OUTPUT, "--port", int(port), "--bind", bind, *(["--csp"] if csp else [])])


@task(help={"port": "port to listen on (default 8000)"})
def livereload(c, port=8000):
    """A curator's loop: serve output/ on localhost, rebuild what changed on every edit to content/
    (articles, gazetteer), theme/, the settings or the posts lexicon, and reload the open page."""
    from livereload import Server  # as pelican-quickstart's tasks.py

    def rebuild() -> None:
        # not _run: a failed build says why and keeps the last site; the loop goes on
        subprocess.run([str(a) for a in build_command(OUTPUT, "pelicanconf.py")], cwd=ROOT)

    rebuild()
    server = Server()
    hidden = lambda path: os.path.basename(path).startswith(".")  # noqa: E731 - the content lock, temporary files
    for watched in (ROOT / "content", ROOT / "theme", ROOT / "pelicanconf.py", ROOT / "digest" / "extract" / "posts.yaml"):
        server.watch(str(watched), rebuild, ignore=hidden)
    server.serve(host="127.0.0.1", port=int(port), root=str(OUTPUT))


@task(help={"query": "what the search screenshot searches for", "rebuild": "build output/ first (default: only if missing)"})
def screenshots(c, query="double support", rebuild=False):
    """Screenshots of home, an article, an official and search (desktop and phone) into docs/screenshots/."""
    try:
        import playwright  # noqa: F401 - installed with the test tools
    except ImportError:
        raise Exit("screenshots use the test tools' Chromium: run ./scripts/bootstrap --test first", code=2) from None
    if rebuild or not (OUTPUT / "index.html").is_file():
        build(c)
    out = ROOT / "docs" / "screenshots"
    _run([PY, "-m", "digest.screenshots", "--site", OUTPUT, "--out", out, "--query", query])


@task
def clean(c):
    """Remove output/ and leftovers of interrupted builds."""
    for path in [OUTPUT, PUBLISH, *ROOT.glob(".build-*"), *ROOT.glob(".cache/build-*")]:
        shutil.rmtree(path, ignore_errors=True)


@task(help={"articles": "how many synthetic articles (default 1000)", "search": "measure search bytes in Chromium"})
def bench(c, articles=1000, search=True):
    """Benchmark ingest, full and incremental builds of N synthetic articles against plain Pelican."""
    _run([PY, "-m", "benchmarks.run", "--articles", int(articles), *([] if search else ["--no-search"])])


@task(help={"k": "only tests matching this expression", "browser": "include browser tests (default yes)",
            "quick": "a contributor's run: no browser, no kill rounds, no bench or README commands, on every core"})
def test(c, k="", browser=True, quick=False):
    """Run every test (unit, extraction quality, site build, browser); --quick in about a minute."""
    try:
        import pytest  # noqa: F401 - installed with the test tools
    except ImportError:
        raise Exit("the tests need the test tools: run ./scripts/bootstrap --test first", code=2) from None
    args = [PY, "-m", "pytest"]
    if k:
        args += ["-k", k]
    if quick:
        # 'slow' marks whole-site runs: killed builds, incremental comparisons, the README commands (bench)
        args += ["-m", "not browser and not slow", "-n", str(os.cpu_count() or 1)]
    elif not browser:
        args += ["-m", "not browser"]
    _run(args)

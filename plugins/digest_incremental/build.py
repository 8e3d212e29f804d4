"""Incremental site build: Pelican and Pagefind redo only what the last build cannot supply.

    python -m plugins.digest_incremental.build CONTENT TARGET SETTINGS [--clean]

Policy, cheapest first (state.py defines the fingerprints):
1. inputs unchanged since the last successful build of TARGET: nothing runs;
2. only content changed: Pelican reads unchanged articles from its content cache and renders
   into a staging folder, writing only files whose bytes differ from the live site (writer.py);
   once Pelican has succeeded those files are moved in, pages no longer produced are deleted, and
   Pagefind re-indexes only when some page changed (it has no incremental mode, so then it indexes
   the whole site, beside it, and the new index replaces the old in one rename);
3. settings, theme, plugins, `digest/` or a tool version changed, or `--clean`: a clean build in a
   scratch folder that replaces TARGET in one rename.
A failed build leaves the live site as it was: a clean one never touched it; an incremental one
keeps the files it replaced or deleted aside until Pagefind has succeeded and puts them back if
not. Per-file moves rather than a copy-and-swap of the whole site: on this machine's disk creating
or deleting a file costs about a millisecond, 40 seconds for a 10,000-article site. A clean build
starts Pagefind on the article pages while Pelican still renders the entity pages. With --jobs N,
N Pelican processes render a share of the pages each. The result is byte-identical to a clean build
(tests/bench/test_incremental.py checks it after each kind of edit).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from .state import Manifest, pagefind_glob, stale_pages, tree_digest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN_DIR = Path(__file__).resolve().parent
PAGEFIND_DIR = "pagefind"
# Everything but content that shapes the output. The digest package is here because the plugin
# imports it (front-matter reader, gazetteer).
CODE_INPUTS = (ROOT / "theme", ROOT / "plugins", ROOT / "digest")
# Pelican processes rendering pages, each its share (writer.py). Each reads all the content, so
# two pay off only on two idle cores; on the shared 2-core machine of BENCHMARKS.md two were
# between 5% faster and 3x slower than one, so one is the default and --jobs 2 is there to try.
JOBS = 1
TOOLS = ("pelican", "markdown", "jinja2", "pyyaml", "pagefind", "pagefind-bin")


@dataclass
class BuildResult:
    mode: str                       # "up-to-date" | "incremental" | "clean"
    pages: int = 0                  # pages the Writer produced
    rewritten: int = 0              # ... of which changed on disk
    deleted: int = 0                # pages of the last build no longer produced
    pagefind: bool = False          # did Pagefind run?
    seconds: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        steps = ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items())
        if self.mode == "up-to-date":
            return f"up to date: nothing to build ({steps})"
        return (f"{self.mode} build: {self.rewritten} of {self.pages} pages rewritten, {self.deleted} deleted, "
                f"search index {'rebuilt' if self.pagefind else 'kept'} ({steps})")


def _versions() -> list[str]:
    """Tool versions and DIGEST_* environment variables: inputs of every page besides the files."""
    found = []
    for name in TOOLS:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    # Settings files may read the environment (publishconf.py reads DIGEST_SITEURL).
    env = [f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("DIGEST_")]
    return [*found, sys.version, *env]


def _settings_wrapper(settings: Path, cache: Path, load_cache: bool, shard: int, jobs: int,
                      compare: Path | None, early_index: Path | None = None) -> Path:
    """A settings file that runs the project's own and adds the incremental plugin and cache.

    Shard 0 keeps Pelican's content cache; the others read a copy of it and save nothing."""
    wrapper = cache / f"incremental_settings_{shard}.py"
    cache_path = cache / ("pelican" if shard == 0 else f"pelican-{shard}")
    wrapper.write_text(
        "# Written by plugins/digest_incremental/build.py for each build; edit the settings it runs instead.\n"
        "import runpy as _runpy\n"
        f"globals().update({{k: v for k, v in _runpy.run_path({str(settings)!r}).items() if k.isupper()}})\n"
        f"PLUGIN_PATHS = [*globals().get('PLUGIN_PATHS', []), {str(PLUGIN_DIR.parent)!r}]\n"
        "PLUGINS = [*globals().get('PLUGINS', []), 'digest_incremental']\n"
        f"CACHE_CONTENT = {shard == 0!r}\n"
        f"LOAD_CONTENT_CACHE = {load_cache!r}\n"
        f"CACHE_PATH = {str(cache_path)!r}\n"
        "CHECK_MODIFIED_METHOD = 'sha1'  # content, not mtime: two saves within one clock tick still count\n"
        "CONTENT_CACHING_LAYER = 'reader'  # the plugin attaches entities to articles after reading\n"
        "DELETE_OUTPUT_DIRECTORY = False  # the build starts from a scratch folder and deletes stale pages itself\n"
        f"DIGEST_SHARD = {f'{shard}/{jobs}' if jobs > 1 else None!r}\n"
        f"DIGEST_INCREMENTAL_REPORT = {str(cache / f'report-{shard}.json')!r}\n"
        f"DIGEST_COMPARE_WITH = {str(compare) if compare else None!r}\n"
        f"DIGEST_EARLY_INDEX = {str(early_index) if early_index else None!r}\n",
        encoding="utf-8",
    )
    return wrapper


def _run(argvs: list[list[str]], quiet: bool) -> None:
    """Run build tool processes side by side; when quiet, show a process's output only if it fails."""
    # Captured output has no terminal width: without COLUMNS, Pelican's log wraps file names mid-word.
    env = {**os.environ, "COLUMNS": "400"}
    with tempfile.TemporaryDirectory() as logs:
        procs = []
        for number, argv in enumerate(argvs):
            out = open(Path(logs) / f"{number}.log", "w+") if quiet else None
            procs.append((subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT if quiet else None,
                                           text=True, env=env), out))
        failed = None
        for proc, out in procs:
            if proc.wait() and failed is None:
                failed = proc
                for other, _ in procs:  # one share failed: the build has failed, stop the others
                    if other.poll() is None:
                        other.terminate()
        for proc, out in procs:
            if out is not None:
                if proc is failed:
                    out.seek(0)
                    sys.stderr.write(out.read())
                out.close()
        if failed is not None:
            raise subprocess.CalledProcessError(failed.returncode, failed.args)


def _commit(staging: Path, target: Path, files: list[str], backup: Path | None = None) -> list[str]:
    """Move files from a staging folder into the live site, each in one rename.

    With `backup`, a file replaced is first moved there; returns the files that are new."""
    added = []
    for rel in files:
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if backup is not None and dest.exists():
            (backup / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(dest, backup / rel)
        elif backup is not None:
            added.append(rel)
        os.replace(staging / rel, dest)
    return added


def _roll_back(target: Path, backup: Path, added: list[str]) -> None:
    """Undo _commit: the live site gets back exactly the files it had."""
    for rel in added:
        (target / rel).unlink(missing_ok=True)
    for path in sorted(p for p in backup.rglob("*") if p.is_file()):
        os.replace(path, target / path.relative_to(backup))


def _swap(new: Path, target: Path) -> None:
    """Put folder `new` where `target` is, in one rename; the old folder is deleted after."""
    old = target.with_name(f".{target.name}.previous")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def build_site(content: Path, target: Path, settings: Path, *, cache: Path | None = None,
               clean: bool = False, quiet: bool = False, jobs: int = JOBS) -> BuildResult:
    content, target, settings = content.resolve(), target.resolve(), settings.resolve()
    cache = (cache or target.parent / ".cache" / f"build-{target.name}").resolve()
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    code = tree_digest([settings, *CODE_INPUTS], extra=_versions())
    content_digest = tree_digest([content])
    previous = None if clean or not target.is_dir() else Manifest.load(cache / "manifest.json")
    if previous and previous.code != code:
        previous = None
    result = BuildResult(mode="incremental" if previous else "clean")
    result.seconds["check"] = time.perf_counter() - started
    if previous and previous.content == content_digest:
        result.mode = "up-to-date"
        return result

    target.parent.mkdir(parents=True, exist_ok=True)
    # One staging folder per Pelican process. A clean build renders the whole site into the first
    # and swaps it in; an incremental one writes only changed files there and moves them in.
    stagings = [Path(tempfile.mkdtemp(prefix=f".build-{target.name}-", dir=target.parent)) for _ in range(jobs)]
    staging = stagings[0]
    staging.chmod(0o755)  # mkdtemp makes 0700; the site must be readable by a web server
    new_index = target.parent / f".{target.name}.{PAGEFIND_DIR}-new"
    try:
        step = time.perf_counter()
        if not previous:
            shutil.rmtree(cache / "pelican", ignore_errors=True)  # its parsed articles may predate a code change
        for shard in range(1, jobs):  # a snapshot: share 0 rewrites the cache while the others read it
            shutil.rmtree(cache / f"pelican-{shard}", ignore_errors=True)
            if (cache / "pelican").is_dir():
                shutil.copytree(cache / "pelican", cache / f"pelican-{shard}")
        reports = [cache / f"report-{shard}.json" for shard in range(jobs)]
        for report_file in reports:
            report_file.unlink(missing_ok=True)
        compare = target if previous else None
        # Not Pelican's -q: it drops error messages before --fatal sees them, and the build would pass.
        # A clean one-process build indexes the article pages while Pelican renders the rest.
        early_index = staging / PAGEFIND_DIR if not previous and jobs == 1 else None
        _run([[sys.executable, "-m", "pelican", str(content), "-o", str(folder), "-s",
               str(_settings_wrapper(settings, cache, previous is not None, shard, jobs, compare, early_index)),
               "--fatal", "errors"] for shard, folder in enumerate(stagings)], quiet)
        shares = [json.loads(report_file.read_text(encoding="utf-8")) for report_file in reports]
        pages: dict[str, bool] = {}
        for share in shares:
            pages.update(share["pages"])
        # Files of shares 1.. that changed join share 0's folder (its static and data files are the ones kept).
        for folder, share in zip(stagings[1:], shares[1:]):
            _commit(folder, staging, [page for page, changed in share["pages"].items() if changed])
        result.seconds["pelican"] = time.perf_counter() - step

        step = time.perf_counter()
        result.pages, result.rewritten = len(pages), sum(pages.values())
        stale = stale_pages(previous.pages, pages) if previous else []
        result.deleted = len(stale)
        html_static = any(p.endswith((".html", ".htm")) for p in shares[0]["static"])
        glob = pagefind_glob([page for share in shares for page in share["searchable"]], html_static)
        # An empty content fingerprint marks a build that died after moving pages in: index again.
        result.pagefind = not previous or not previous.content or bool(result.rewritten or result.deleted or html_static)
        early = shares[0].get("early_index")
        if not previous:  # a clean build: index the new site (unless done already), then swap it in whole
            if not (early and early["ok"] and early["glob"] == glob):
                shutil.rmtree(staging / PAGEFIND_DIR, ignore_errors=True)
                _run([[sys.executable, "-m", "pagefind", "--site", str(staging), "--output-subdir", PAGEFIND_DIR,
                       *glob]], quiet)
                result.seconds["pagefind"] = time.perf_counter() - step  # else it ran during "pelican"
            step = time.perf_counter()
            _swap(staging, target)
            result.seconds["write"] = time.perf_counter() - step
        else:
            # Should this process die while moving files in, the next build still knows every page
            # (and, by the empty content fingerprint, re-indexes).
            Manifest(code=code, content="", pages=sorted(set(previous.pages) | set(pages))).save(cache / "manifest.json")
            # Replaced and deleted files wait in `backup` until the search index is built: if
            # Pagefind fails, they go back and the live site is as it was.
            backup = Path(tempfile.mkdtemp(prefix=f".build-{target.name}-backup-", dir=target.parent))
            added = _commit(staging, target, [p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()],
                            backup)
            _commit(target, backup, [page for page in stale if (target / page).is_file()])
            result.seconds["write"] = time.perf_counter() - step
            step = time.perf_counter()
            try:
                if result.pagefind:
                    # Built beside the site and swapped in whole: Pagefind has no incremental mode,
                    # and readers must never see half an index.
                    shutil.rmtree(new_index, ignore_errors=True)
                    _run([[sys.executable, "-m", "pagefind", "--site", str(target), "--output-path", str(new_index),
                           *glob]], quiet)
                    _swap(new_index, target / PAGEFIND_DIR)
            except BaseException:
                _roll_back(target, backup, added)
                previous.save(cache / "manifest.json")
                raise
            finally:
                shutil.rmtree(backup, ignore_errors=True)
            result.seconds["pagefind"] = time.perf_counter() - step
    except BaseException:
        for folder in [*stagings, new_index]:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"build failed: {target} was left as it was", file=sys.stderr)
        raise
    for folder in stagings:
        shutil.rmtree(folder, ignore_errors=True)
    Manifest(code=code, content=content_digest, pages=sorted(pages)).save(cache / "manifest.json")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plugins.digest_incremental.build", description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("settings", type=Path)
    parser.add_argument("--cache", type=Path, help="cache folder (default: <target's folder>/.cache/build-<target>)")
    parser.add_argument("--clean", action="store_true", help="ignore the last build and the content cache")
    parser.add_argument("--quiet", action="store_true", help="only the summary line")
    parser.add_argument("--jobs", type=int, default=JOBS, help=f"Pelican processes rendering pages (default {JOBS})")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line (for benchmarks)")
    args = parser.parse_args(argv)
    try:
        result = build_site(args.content, args.target, args.settings, cache=args.cache, clean=args.clean, quiet=args.quiet,
                             jobs=max(1, args.jobs))
    except subprocess.CalledProcessError as exc:
        return exc.returncode or 1
    if args.json:
        print(json.dumps(asdict(result)))
        return 0
    print(result.line())
    print(f"site written to {args.target}" if result.mode != "up-to-date" else f"{args.target} is current")
    return 0


if __name__ == "__main__":
    sys.exit(main())

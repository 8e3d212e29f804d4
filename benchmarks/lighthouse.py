"""Lighthouse scores of the publish build of a synthetic site (issue 11's table).

    .venv/bin/python -m benchmarks.lighthouse [--articles 1000]

Builds N synthetic articles (benchmarks.synthetic, into a temporary folder: never content/) with
publishconf.py, serves them with digest.serve and runs Lighthouse (`$LIGHTHOUSE`, else
`npx --yes lighthouse@13`) in Debian's Chromium on home, an article, a page of each entity kind,
each overview and a shared search link; prints one Markdown row per page.
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

from digest.browser import CHROMIUM
from digest.gazetteer import load_gazetteer

from .synthetic import write_corpus

ROOT = Path(__file__).resolve().parents[1]
PORT = 8765
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def first_page(site: Path, folder: str) -> str:
    return next(p.name for p in sorted((site / folder).iterdir()) if p.is_dir() and not p.name.startswith(("by-", "page")))


def pages(site: Path) -> dict[str, str]:
    article = sorted((site / "articles").rglob("index.html"))[-1].parent.relative_to(site).as_posix()
    found = {"home": "", "article": article + "/"}
    for folder in ("officials", "places", "campaigns", "offices"):
        found[folder[:-1]] = f"{folder}/{first_page(site, folder)}/"
        found[f"{folder} overview"] = f"{folder}/"
    found["search link"] = "search/?q=meeting&county=Nyima+County"
    return found


def lighthouse(url: str, out: Path, desktop: bool) -> dict[str, int]:
    command = shlex.split(os.environ.get("LIGHTHOUSE", "npx --yes lighthouse@13"))
    command += [url, "--quiet", "--output=json", f"--output-path={out}", f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox", *(["--preset=desktop"] if desktop else [])]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, timeout=300)
    categories = json.loads(out.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args(argv)
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
        print(f"{args.articles} synthetic articles, publish build; Lighthouse in {CHROMIUM} (mobile | desktop)\n")
        print("| page | performance | accessibility | best practices | SEO |")
        print("| --- | --- | --- | --- | --- |")
        for name, path in pages(site).items():
            url = f"http://127.0.0.1:{PORT}/{path}"
            mobile, desktop = (lighthouse(url, work / f"{name}-{form}.json", form == "desktop") for form in ("mobile", "desktop"))
            print(f"| {name} | " + " | ".join(f"{mobile[c]} / {desktop[c]}" for c in CATEGORIES) + " |", flush=True)
    finally:
        if server is not None:
            server.terminate()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

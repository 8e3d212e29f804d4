"""Checks of a built site that a reader would notice failing: broken links and anchors, markup
the W3C Nu checker rejects, axe-core accessibility violations in a browser page, and what a
strict Content-Security-Policy would block.

The browser tests run them on the fixture site; `python -m benchmarks.lighthouse --audit` runs
them on a 1,000-article synthetic site.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from digest.browser import CHROMIUM

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TOOLS_HINT = "run ./scripts/bootstrap --test (installs Chromium, Playwright, Java, axe-core and vnu-jar)"


def check_tools() -> None:
    """Fail at once, not after a long build, when a checker is not installed."""
    missing = [name for name, there in (("Playwright", importlib.util.find_spec("playwright") is not None),
                                        (CHROMIUM, Path(CHROMIUM).exists()), ("java", shutil.which("java") is not None),
                                        (str(VNU), VNU.exists()), (str(AXE), AXE.exists())) if not there]
    if missing:
        raise FileNotFoundError(f"missing {', '.join(missing)}: {TOOLS_HINT}")


class PageParser(HTMLParser):
    """What the checks read from one page; `origin` ('https://host', the publish build's SITEURL)
    is the site's own."""

    def __init__(self, origin: str = ""):
        super().__init__()
        self.origin = origin
        self.refs: list[tuple[int, str]] = []    # (line, URL) of every href/src
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}
        self.canonical = None
        self.json_ld: list[str] = []
        self.csp_blocked: list[str] = []       # what `default-src 'self'` would refuse
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        if tag == "style" or "style" in a or any(k.startswith("on") for k in a):
            self.csp_blocked.append(f"{line}: inline style or event handler on <{tag}>")
        if tag == "script" and not a.get("src") and a.get("type") != "application/ld+json":
            self.csp_blocked.append(f"{line}: inline <script>")
        loads = a.get("src") if tag in ("script", "img", "iframe") else a.get("href") if tag == "link" and a.get("rel") in ("stylesheet", "icon", "preload") else None
        if loads and urlsplit(loads).scheme in ("http", "https", "") and urlsplit(loads).netloc \
                and not same_site(loads, self.origin):
            self.csp_blocked.append(f"{line}: loads {loads} from another site")
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.refs.append((line, a[key]))
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        self._in_ld = False


def parse(path: Path, origin: str = "") -> PageParser:
    parser = PageParser(origin)
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def same_site(url: str, origin: str) -> bool:
    return bool(origin) and urlsplit(url)[:2] == urlsplit(origin)[:2]


def target_of(site: Path, page: Path, url: str, origin: str = "") -> Path | None:
    """The file a same-site URL points at (None for other sites and mailto:)."""
    if same_site(url, origin):
        url = urlsplit(url)._replace(scheme="", netloc="").geturl() or "/"
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    return target / "index.html" if parts.path.endswith("/") or target.is_dir() else target


def broken_links(site: Path, origin: str = "") -> list[str]:
    """'page:line: URL' for every link or asset of every page whose file, or whose #anchor, is missing.
    Absolute URLs on `origin` (a publish build's SITEURL) are checked as the site's own."""
    broken = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        for line, url in parse(page, origin).refs:
            target = target_of(site, page, url, origin)
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}:{line}: {url}")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse(target).ids
                if fragment not in ids[target]:
                    broken.append(f"{page.relative_to(site)}:{line}: {url} (no id {fragment!r})")
    return broken


def csp_blocked(site: Path, origin: str = "") -> list[str]:
    """'page:line: what' for inline scripts, styles, event handlers and assets from other sites."""
    return [f"{page.relative_to(site)}:{problem}" for page in sorted(site.rglob("*.html"))
            for problem in parse(page, origin).csp_blocked]


def nu_errors(site: Path) -> list[str]:
    """The W3C Nu checker's errors on every HTML page of the site, one line each ('file:line: message')."""
    if not shutil.which("java") or not VNU.exists():
        raise FileNotFoundError(f"java and {VNU} are needed: {TOOLS_HINT}")
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "gnu", str(site)],
                         capture_output=True, text=True, timeout=1800)
    errors = [line for line in run.stderr.splitlines() if line.strip()]
    if run.returncode and not errors:
        raise RuntimeError(f"the Nu checker failed (exit {run.returncode}): {run.stdout[-2000:]}")
    return errors


def axe_violations(page) -> list[str]:
    """axe-core's violations on a Playwright page, one line each with up to three of the nodes."""
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} missing: {TOOLS_HINT}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in result["violations"]]

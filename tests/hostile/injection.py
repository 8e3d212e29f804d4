"""A content folder full of script-injection attempts, made the way real content is made.

Raw articles carrying payloads go through the real ingest (parser, extractor, escaping); then a
"curator" writes payloads into front-matter fields (title, summary, entity names, positions) and
a malicious entry is added to the gazetteer. Every payload that would run calls alert('<id>'),
so a dialog in the browser names the payload and the field it came through.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import yaml

from digest.frontmatter import dump_article, read_article_file
from digest.ingest import ingest_paths
from hostile.rawtext import FOOTER, STORY, raw_article, write_raw

REPO = Path(__file__).resolve().parents[2]


def script_payloads(tag: str) -> list[str]:
    """Ways text becomes script when a template or JS prints it as HTML."""
    return [
        f"<script>alert('{tag}-script')</script>",
        f"<img src=x onerror=alert('{tag}-img')>",
        f"<svg/onload=alert('{tag}-svg')>",
        f"&lt;img src=x onerror=alert('{tag}-entity')&gt;",
        f"&amp;lt;script&amp;gt;alert('{tag}-double')&amp;lt;/script&amp;gt;",
        f"\"><img src=x onerror=alert('{tag}-attr')>",
        f"' onmouseover=alert('{tag}-quote') autofocus onfocus=alert('{tag}-focus') x='",
        f"[click me](javascript:alert('{tag}-mdlink'))",
        f"![pic](data:image/svg+xml,<svg/onload=alert('{tag}-mdimg')>)",
        f"<a href=\"javascript:alert('{tag}-href')\">link</a>",
        f"<iframe src=\"data:text/html,<script>alert('{tag}-iframe')</script>\">",
        f"{{{{ 7*7 }}}} {{% raw %}} <style>body{{display:none}}</style>",
        # An unclosed tag at the end of a line: no '>' for a tag stripper to find, but a browser
        # closes it with the next '>' of the page.
        f"<img src=x onerror=alert('{tag}-open') ",
    ]


YAML_TRAPS = [
    "---",
    "title: injected: yes",
    "!!python/object/apply:os.system ['echo pwned']",
    "&anchor value *anchor",
    "key: [unclosed",
    "- list item",
    "# not a comment",
    "'single' \"double\" `back`",
]

# Payloads on one line each, so they survive the raw parser's line structure.
EVIL_PLACE = {
    "id": "evil-county",
    "name": "Evil County <img src=x onerror=alert('gaz-name-img')>",
    "kind": "county",
    "parent": "nagqu",
    "variants": ["Evilcounty", "Evil<script>alert('gaz-variant-script')</script>"],
    "description": "<script>alert('gaz-description-script')</script><img src=x onerror=alert('gaz-description-img')>",
    "notes": "\"><svg/onload=alert('gaz-description-svg')>",
}
EVIL_OFFICIAL = {
    "id": "evil-official",
    "name": "Dorje <svg/onload=alert('gaz-official-svg')>",
    "variants": ["Dorje Evilname"],
    "description": "&lt;img src=x onerror=alert('gaz-official-entity')&gt; [x](javascript:alert('gaz-official-md'))",
}


def write_gazetteer(content: Path) -> None:
    shutil.copytree(REPO / "content" / "gazetteer", content / "gazetteer")
    for name, entry in (("places.yaml", EVIL_PLACE), ("officials.yaml", EVIL_OFFICIAL)):
        with (content / "gazetteer" / name).open("a", encoding="utf-8") as out:
            out.write("\n" + yaml.safe_dump([entry], sort_keys=False, allow_unicode=True))


def _variant(text: str, n: int) -> str:
    """The text with every third word numbered: a different story to the duplicate detector."""
    return " ".join(f"{word}-{n}" if i % 3 == 0 else word for i, word in enumerate(text.split()))


def raw_articles() -> list[tuple[str, str]]:
    """(file name, raw text): payloads in every part of the raw format."""
    texts = []
    for n, payload in enumerate(script_payloads("raw-title")):
        texts.append((f"title_{n:02}.txt", raw_article(
            f"Evilcounty Meeting {n} {payload}",
            [f"Dorje Evilname attended meeting {n} in Evilcounty.", _variant(STORY[0], n)],
            date=f"2023-07-{n + 1:02} 10:00:00")))
    texts.append(("source_editor_footer.txt", raw_article(
        "Test County Meeting With Hostile Page Chrome", [STORY[1]],
        date="2023-08-01 10:00:00",
        source="Test Outlet " + " ".join(script_payloads("raw-source")),
        editor="Test Editor " + script_payloads("raw-editor")[-1],
        footer=FOOTER.replace("Test County People's Government", "Gov " + script_payloads("raw-footer")[-1]),
        url="https://county.test/news/1.html\"/autofocus/onfocus=\"alert('raw-url')")))
    texts.append(("body.txt", raw_article(
        "Test County Meeting With Hostile Body", script_payloads("raw-body") + YAML_TRAPS + [STORY[2]],
        date="2023-08-02 10:00:00")))
    texts.append(("yaml_title.txt", raw_article(
        "Title: with colon --- !!python/object/apply:os.system ['echo pwned'] &anchor *anchor",
        [STORY[2]], date="2023-08-03 10:00:00", source="--- : &a *a !!binary")))
    # The same story from two outlets: the second must not be published (or found) twice.
    texts.append(("dup_a.txt", raw_article("Test County Holds Pasture Meeting", STORY, date="2023-09-01 10:00:00")))
    texts.append(("dup_b.txt", raw_article("Pasture Meeting Held in Test County", STORY, source="Another Outlet",
                                           date="2023-09-02 11:00:00")))
    return texts


def curate(path: Path) -> None:
    """What a careless or malicious curator could write into the front-matter of one article."""
    meta, body, _ = read_article_file(path)
    meta["title"] = "Curated " + " ".join(script_payloads("fm-title")[:3]) + " " + YAML_TRAPS[2]
    meta["summary"] = " ".join(script_payloads("fm-summary"))
    meta["officials"] = [{"name": "Evil " + p, "id": None, "positions": [script_payloads("fm-position")[i]]}
                         for i, p in enumerate(script_payloads("fm-official")[:4])]
    meta["places"] = [{"name": script_payloads("fm-place")[1], "id": None, "in_footer": False,
                       "surfaces": script_payloads("fm-place")[:2]}]
    meta["campaigns"] = [{"name": p, "id": None, "surfaces": [p]} for p in script_payloads("fm-campaign")[:3]]
    meta["curator_note"] = script_payloads("fm-custom")[0]
    path.write_text(dump_article(meta, body), encoding="utf-8")


def write_injection_content(root: Path) -> tuple[Path, str]:
    """Write content/ under `root`; returns it and the ingest report."""
    content = root / "content"
    write_gazetteer(content)
    for name, text in raw_articles():
        write_raw(root / "raw", name, text)
    out = io.StringIO()
    summary = ingest_paths([root / "raw"], content_dir=content, out=out)
    assert not summary.failed, out.getvalue()
    body_article = next(p for p in summary.new if "hostile-body" in p.name)
    curate(body_article)
    return content, out.getvalue()


def planted(root: Path) -> set[str]:
    """The distinct script payloads written into the raw files, front-matter and gazetteer under `root`."""
    texts = [p.read_text(encoding="utf-8") for p in [*root.glob("raw/*.txt"), *root.glob("content/**/*.md"),
                                                     *root.glob("content/gazetteer/*.yaml")]]
    return {found for text in texts for found in re.findall(r"alert\('([a-z0-9-]+)'\)", text)}

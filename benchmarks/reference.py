"""The same articles for the references: plain Pelican Markdown with entities as tags (see
reference_pelicanconf.py), and Hugo content with officials, places and campaigns as three
taxonomies (see hugo_site/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from digest.frontmatter import read_article_file
from digest.kinds import STORED

SETTINGS = Path(__file__).resolve().parent / "reference_pelicanconf.py"
HUGO_SITE = Path(__file__).resolve().parent / "hugo_site"


def tags(meta: dict) -> list[str]:
    """One tag per official, place and campaign the article names (commas would split a tag)."""
    names = [entry["name"] for kind in STORED for entry in meta.get(kind.plural) or []]
    return [name.replace(",", " ") for name in dict.fromkeys(names)]


def plain_markdown(meta: dict, body: str) -> str:
    lines = [f"Title: {meta['title']}", f"Date: {meta['date']}", f"Slug: {meta['slug']}",
             "Category: news", f"Tags: {', '.join(tags(meta))}"]
    return "\n".join(lines) + "\n\n" + body


def hugo_markdown(meta: dict, body: str) -> str:
    names = {kind.plural: list(dict.fromkeys(entry["name"] for entry in meta.get(kind.plural) or []))
             for kind in STORED}
    front = {"title": meta["title"], "date": str(meta["date"]), "slug": meta["slug"], **names}
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body


def write_reference_content(articles: Path, out: Path, convert=plain_markdown) -> int:
    """Convert every dated article under `articles` into `out`; returns how many."""
    count = 0
    for path in sorted(articles.rglob("*.md")):
        meta, body, _ = read_article_file(path)
        if not meta.get("date") or meta.get("status") == "draft":
            continue
        target = out / path.relative_to(articles)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(convert(meta, body), encoding="utf-8")
        count += 1
    return count


def write_hugo_site(articles: Path, out: Path) -> int:
    """A Hugo site folder: hugo_site/'s configuration and layouts, the articles under content/."""
    shutil.copytree(HUGO_SITE, out)
    return write_reference_content(articles, out / "content" / "articles", hugo_markdown)

"""The same articles as plain Pelican Markdown, entities as tags (see reference_pelicanconf.py)."""

from __future__ import annotations

from pathlib import Path

from digest.frontmatter import read_article_file

SETTINGS = Path(__file__).resolve().parent / "reference_pelicanconf.py"


def tags(meta: dict) -> list[str]:
    """One tag per official, place and campaign the article names (commas would split a tag)."""
    names = [entry["name"] for kind in ("officials", "places", "campaigns") for entry in meta.get(kind) or []]
    return [name.replace(",", " ") for name in dict.fromkeys(names)]


def plain_markdown(meta: dict, body: str) -> str:
    lines = [f"Title: {meta['title']}", f"Date: {meta['date']}", f"Slug: {meta['slug']}",
             "Category: news", f"Tags: {', '.join(tags(meta))}"]
    return "\n".join(lines) + "\n\n" + body


def write_reference_content(articles: Path, out: Path) -> int:
    """Convert every dated article under `articles` into `out`; returns how many."""
    count = 0
    for path in sorted(articles.rglob("*.md")):
        meta, body, _ = read_article_file(path)
        if not meta.get("date") or meta.get("status") == "draft":
            continue
        target = out / path.relative_to(articles)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plain_markdown(meta, body), encoding="utf-8")
        count += 1
    return count

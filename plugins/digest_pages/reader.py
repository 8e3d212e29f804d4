"""A Pelican reader for `.md` articles whose YAML front-matter holds nested lists of mappings.

Pelican's Markdown reader flattens every front-matter value into a string (the `meta`
extension), which would turn `officials: [{name, id, positions}]` into text. This reader keeps
the YAML structure, validates the entity lists with errors naming file and line, and renders the
body with raw HTML escaped: the body is machine-translated text and must never become markup.
"""

from __future__ import annotations

import datetime
import html
import re
from pathlib import Path
from typing import Any

import markdown
from markdown.treeprocessors import Treeprocessor
from pelican.readers import BaseReader
from xml.etree.ElementTree import Element

from digest.dates import implausible
from digest.errors import FrontMatterError
from digest.fields import SITE_FIELDS, STATUSES, refused_field
from digest.frontmatter import field_line, read_front_matter
from digest.kinds import STORED
from digest.paths import link_outside
from digest.safetext import UNSAFE_RE, is_web_url, problem

# Each stored kind's list of entries (digest.kinds), checked like the others
ENTITY_FIELDS = tuple(kind.plural for kind in STORED)

# Fields Pelican parses itself (its METADATA_PROCESSORS)
PELICAN_FIELDS = ("date", "slug", "status")

# Front-matter keys that collide with attributes Pelican computes itself.
RENAMED = {"url": "original_url"}


class _HttpLinksOnly(Treeprocessor):
    """Links and images from content may only point to http(s) addresses: a curator's (or a
    forged file's) `[x](javascript:...)` or `data:` link becomes plain text, an image its alt text."""

    def run(self, root):
        for parent in root.iter():
            for index, element in enumerate(list(parent)):
                if element.tag == "a" and not is_web_url(element.get("href", "")):
                    element.attrib.pop("href", None)
                    element.tag = "span"
                elif element.tag == "img":
                    span = Element("span")
                    span.text, span.tail = element.get("alt", ""), element.tail
                    parent.remove(element)
                    parent.insert(index, span)


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_HttpLinksOnly(md), "http_links_only", 0)
    return md


_MD = _markdown()  # built once: building a Markdown instance costs more than converting an article


def render_markdown(text: str) -> str:
    """Markdown to HTML with raw HTML shown as text, not passed through."""
    return _MD.reset().convert(text)


# A slug becomes part of every link to the article: letters, digits, '-' and '_' only.
SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$")


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


DATE_EXAMPLE = "2023-06-02T09:15:00+08:00"


# Fields shown as text: a list or mapping there is a mistake (the page would print its Python form).
TEXT_FIELDS = ("source", "editor", "duplicate_of")


def _check_fields(meta: dict[str, Any], text: str, path: str) -> None:
    """Mistakes a curator editing by hand makes, caught here so the build stops at their line."""
    for key in meta:
        if why := refused_field(key):
            raise FrontMatterError(path, field_line(text, str(key)) or 2,
                                   f"field {str(key)!r} is not allowed in an article ({why}); delete the line")
    for key in TEXT_FIELDS:
        if meta.get(key) is not None and not isinstance(meta[key], (str, int, float)):
            raise FrontMatterError(path, field_line(text, key), f"'{key}' must be one line of text, not a list or mapping")
    footer = meta.get("footer")
    if footer is not None and not (isinstance(footer, dict) and all(
            isinstance(k, str) and (v is None or isinstance(v, (str, int, float))) for k, v in footer.items())):
        raise FrontMatterError(path, field_line(text, "footer"),
                               "'footer' must be a mapping of 'name: text' lines (sponsor, address, tel, ...)")
    if not str(meta.get("title") or "").strip():
        line = field_line(text, "title") or 1
        raise FrontMatterError(path, line, "missing 'title': every article needs a line 'title: ...' in its front-matter")
    status = meta.get("status")
    if status is not None and status not in STATUSES:
        raise FrontMatterError(
            path, field_line(text, "status"), f"'status' must be one of {', '.join(STATUSES)} (got {status!r})"
        )
    slug = meta.get("slug")
    if slug is not None and not (isinstance(slug, str) and SLUG_RE.match(slug)):
        raise FrontMatterError(path, field_line(text, "slug"),
                               f"'slug' must be letters, digits, '-' and '_' (it is part of the article's address); got {slug!r}")
    if slug is None and not SLUG_RE.match(Path(path).stem):
        raise FrontMatterError(path, 1, "the file name is the article's address: use only letters, digits, '-' and '_', "
                               "or set a 'slug'")
    url = meta.get("url")
    if url is not None and not is_web_url(url):
        raise FrontMatterError(path, field_line(text, "url"), f"'url' must be an http:// or https:// address; got {url!r}")
    for key, value in meta.items():
        for string in _strings(value):
            if why := problem(string):
                raise FrontMatterError(path, field_line(text, str(key)), f"'{key}' {why}")
    if "reviewed" in meta and not isinstance(meta["reviewed"], bool):
        raise FrontMatterError(path, field_line(text, "reviewed"), f"'reviewed' must be true or false (got {meta['reviewed']!r})")


def _check_entity_lists(meta: dict[str, Any], text: str, path: str) -> None:
    for field in ENTITY_FIELDS:
        value = meta.get(field)
        if value is None:
            meta[field] = []
            continue
        line = field_line(text, field)
        if not isinstance(value, list):
            raise FrontMatterError(path, line, f"'{field}' must be a list of entries, got {type(value).__name__}")
        for number, entry in enumerate(value, start=1):
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
                raise FrontMatterError(path, line, f"'{field}' entry {number} must be a mapping with a non-empty 'name'")
            for list_key in ("positions", "surfaces"):
                if entry.get(list_key) is not None and not isinstance(entry[list_key], list):
                    raise FrontMatterError(path, line, f"'{field}' entry {number}: '{list_key}' must be a list")


class DigestMarkdownReader(BaseReader):
    enabled = True
    file_extensions = ["md", "markdown"]

    def _is_article(self, source_path: str) -> bool:
        """Under ARTICLE_PATHS and not PAGE_PATHS: pages (about, search) have no date."""
        root = Path(self.settings["PATH"])
        def under(key: str) -> bool:
            return any(Path(source_path).is_relative_to(root / folder) for folder in self.settings.get(key, ()))
        return under("ARTICLE_PATHS") and not under("PAGE_PATHS")

    def read(self, source_path: str):
        outside = link_outside(Path(source_path), Path(self.settings["PATH"]))
        if outside:
            raise FrontMatterError(source_path, None, outside)
        text = Path(source_path).read_text(encoding="utf-8")
        meta, body, _ = read_front_matter(text, source_path)
        _check_fields(meta, text, source_path)
        _check_entity_lists(meta, text, source_path)
        metadata: dict[str, Any] = {}
        for key, value in meta.items():
            if key not in SITE_FIELDS:
                continue  # a curator's own note: kept in the file, never on the site
            key = RENAMED.get(key, key)
            if value is None and key in ("summary", "date", "slug"):
                continue  # absent, so Pelican computes its own
            if key == "date" and type(value) is datetime.date:
                value = datetime.datetime.combine(value, datetime.time())  # unquoted YAML date
            elif key == "date" and not isinstance(value, (str, datetime.datetime)):
                raise FrontMatterError(source_path, field_line(text, key), f"bad 'date': {value!r}; write it like {DATE_EXAMPLE}")
            elif key in PELICAN_FIELDS and isinstance(value, str):
                try:
                    value = self.process_metadata(key, value)  # the date, as Pelican expects it
                except ValueError as error:
                    example = f"; write it like {DATE_EXAMPLE}" if key == "date" else ""
                    raise FrontMatterError(source_path, field_line(text, key), f"bad '{key}': {error}{example}") from None
            elif key == "title":
                value = html.escape(str(value), quote=False)  # Pelican treats titles as HTML
            elif key == "summary":
                value = render_markdown(str(value))
            if isinstance(value, datetime.datetime) and (why := implausible(value)):
                raise FrontMatterError(source_path, field_line(text, key), f"bad '{key}': {why}")
            metadata[key] = value
        if "date" not in metadata and metadata.get("status", "published") == "published" and self._is_article(source_path):
            raise FrontMatterError(source_path, 1,  # the front-matter's opening line: the date belongs under it
                                   f"no 'date': a published article needs one; write it like {DATE_EXAMPLE}, "
                                   "or set 'status: draft' to keep it off the site")
        metadata.setdefault("original_url", None)
        if "slug" not in metadata:
            # ingest names files <date>-<slug>.md once: the file name is the article's stable URL
            metadata["slug"] = Path(source_path).stem
        return render_markdown(UNSAFE_RE.sub("", body)), metadata

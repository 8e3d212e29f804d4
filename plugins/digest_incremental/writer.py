"""A Pelican Writer that renders only the pages whose inputs changed and keeps only the files
whose bytes differ from the live site's.

Pelican renders every page on every build and rewrites every file. With the setting
DIGEST_COMPARE_WITH (the live site's folder) and DIGEST_INPUTS (the digest of each live page's
inputs, inputs.py), a page whose inputs digest the same is not rendered: build.py links the live
file into the new site. Every other page is rendered by Pelican into its output folder (a staging
folder); when Pelican says it wrote it (`content_written`, `feed_written`) a file with the live
file's bytes is removed again, so build.py links the live one instead: unchanged pages keep their
inode and mtime (rsync, static hosts and the search-index decision see only real changes). It
records every path it produced, changed or not, so the build can delete pages no longer produced.

With DIGEST_VERIFY_INPUTS (the tests) a page whose inputs are the same is rendered anyway, and the
build fails if its bytes are not the live page's: a template read something its inputs miss.
"""

from __future__ import annotations

import logging
import os

from pelican.writers import Writer

from digest.errors import DigestError
from digest.frontmatter import field_line
from digest.kinds import kind_named

from . import inputs
from .workers import run_shares

logger = logging.getLogger(__name__)

# Pagefind indexes only pages with this attribute (when any page has it).
SEARCHABLE = b"data-pagefind-body"


def same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as existing:
            return existing.read() == data
    except FileNotFoundError:
        return False


class SkipUnchangedWriter(Writer):
    """With the setting DIGEST_RENDER_JOBS = n > 1, pages and feeds are queued as Pelican asks
    for them and rendered by n processes at the end (`render_queued`, workers.py)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        settings = settings or {}
        self.produced: dict[str, bool] = {}  # absolute path -> rewritten this build?
        self.searchable: set[str] = set()  # pages Pagefind indexes (build.py points Pagefind at them)
        self.jobs = int(settings.get("DIGEST_RENDER_JOBS") or 1)
        self._queue: list[tuple] | None = [] if self.jobs > 1 else None  # (method, args)
        self.compare_with = settings.get("DIGEST_COMPARE_WITH")
        self.verify = bool(settings.get("DIGEST_VERIFY_INPUTS"))
        # page -> (digest of its inputs, searchable?): the live pages', and this build's
        self.previous = inputs.load(settings.get("DIGEST_INPUTS") if self.compare_with else None)
        self.pages: dict[str, tuple[bytes, bool]] = {}
        self.skipped = 0
        self.fingerprints = inputs.Fingerprints(settings.get("DIGEST_PAGE_SUBJECTS") or ("article", "page"))
        self._digests: dict[str, bytes | None] = {}  # absolute path -> its inputs' digest, while Pelican writes it
        self._expected: set[str] = set()  # verifying: pages rendered although their inputs were the same
        # Paths that files other than Pelican's pages hold (search index, theme, data, hosting rules):
        # relative path or folder/ -> what holds it. build.py adds its own (DIGEST_RESERVED).
        self.reserved = {f"{settings.get('THEME_STATIC_DIR', 'theme')}/": "the theme's files",
                         f"{settings.get('DIGEST_DATA_PATH', 'data')}/": "the data files",
                         **(settings.get("DIGEST_RESERVED") or {})}
        self.claims: dict[str, tuple] = {}  # output path -> what wrote it (_source)

    # ------------------------------------------------------------------ Pelican's Writer API
    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if not name:
            return None
        self._claim(os.path.join(self.output_path, name), _source(kwargs, template))
        args = (name, template, context, relative_urls, paginated, template_name, override_output, url, kwargs)
        if self._queue is not None:
            self._queue.append((self._write_page, args))
            return None
        return self._write_page(*args)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False,
                   feed_title=None):
        args = (elements, context, path, url, feed_type, override_output, feed_title)
        if not path:
            return super().write_feed(*args)
        self._claim(os.path.join(self.output_path, path), (f"the feed {feed_title!r}" if feed_title else "a feed", None))
        if self._queue is not None:
            self._queue.append((self._write_feed, args))
            return None
        return self._write_feed(*args)

    # ------------------------------------------------------------------ skipping and comparing
    def _write_page(self, name, template, context, relative_urls, paginated, template_name, override_output, url, kwargs):
        values = None
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):  # one page per call
            values = inputs.page_values(template, context, kwargs)
        digest = self._digest(name, f"{template.name}\0{relative_urls}", values)
        if self._unchanged(name, digest):
            return None
        return super().write_file(name, template, context, relative_urls, paginated, template_name, override_output,
                                  url, **kwargs)

    def _write_feed(self, elements, context, path, url, feed_type, override_output, feed_title):
        shown = elements[: self.settings["FEED_MAX_ITEMS"]]
        digest = self._digest(path, f"feed\0{feed_type}\0{feed_title}\0{url}", {"items": list(shown)})
        if self._unchanged(path, digest):
            return None
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def _digest(self, name: str, key: str, values: dict | None) -> bytes | None:
        """The digest of a page's inputs (None: not known), noted for when Pelican has written it."""
        digest = None
        if values is not None:
            try:
                digest = self.fingerprints.page(key, values)
            except inputs.NotPlain as unknown:
                logger.debug("%s is rendered on every build: it is given a %s", name, type(unknown.args[0]).__qualname__)
        self._digests[os.path.normpath(os.path.join(self.output_path, name))] = digest
        return digest

    def _unchanged(self, name: str, digest: bytes | None) -> bool:
        """Whether the live page stands for this build's (its inputs are the same and it exists)."""
        page = os.path.normpath(name)
        old = self.previous.get(page)
        if digest is None or old is None or old[0] != digest or not os.path.exists(os.path.join(self.compare_with, page)):
            return False
        if self.verify:
            self._expected.add(os.path.normpath(os.path.join(self.output_path, name)))
            return False
        path = os.path.normpath(os.path.join(self.output_path, name))
        self.produced[path], self.pages[page] = False, old
        if old[1]:
            self.searchable.add(path)
        self.skipped += 1
        return True

    def written(self, path: str) -> None:
        """Pelican wrote `path`: keep it only if its bytes differ from the live file's."""
        path = os.path.normpath(path)
        with open(path, "rb") as made:
            data = made.read()
        page = os.path.relpath(path, self.output_path)
        live = os.path.join(self.compare_with, page) if self.compare_with else None
        changed = live is None or not same_bytes(live, data)
        if path in self._expected:
            self._expected.discard(path)
            if changed:
                raise DigestError(page, None, "was rendered with the same inputs as the live page but came out different: "
                                  "its template reads something the writer's inputs do not cover (digest_incremental/inputs.py)")
            self.skipped += 1
        if live is not None and not changed:
            os.unlink(path)  # the live file stands for it (build.py links it)
        self.produced[path] = changed
        searchable = SEARCHABLE in data
        if searchable:
            self.searchable.add(path)
        digest = self._digests.pop(path, None)
        if digest is not None:
            self.pages[page] = (digest, searchable)
        else:
            self.pages.pop(page, None)

    # ------------------------------------------------------------------ worker processes
    def render_queued(self) -> None:
        """Render the queued pages and feeds in `jobs` processes and take in what each wrote."""
        if not self._queue:
            return
        queue, self._queue = self._queue, None
        for produced, searchable, pages, skipped in run_shares(queue, self.jobs, self._render_share)[1:]:
            self.produced.update(produced)
            self.searchable |= searchable
            self.pages.update(pages)
            self.skipped += skipped

    def _render_share(self, share: list[tuple]):
        for write, args in share:
            write(*args)
        return self.produced, self.searchable, self.pages, self.skipped

    def _claim(self, filename, source: tuple) -> None:
        """No page may take another's path, nor one that the search index, the theme or the hosting
        rules hold: the build stops, naming both."""
        filename = os.path.normpath(filename)
        rel = os.path.relpath(filename, self.output_path)
        held = next((what for path, what in self.reserved.items()
                     if rel == path or (path.endswith("/") and rel.startswith(path))), None)
        first = self.claims.get(filename)
        if held or first:
            if not held:
                first = _located(first)
            holder = held or (f"{first[0]}:{first[1]}" if first[1] else first[0])
            raise DigestError(*_located(source), f"would be written to {rel}, which {holder} already "
                              f"{'holds' if held else 'writes'}: two pages cannot share an address; give one another slug or id")
        self.claims[filename] = source


SLUG_LINE = "slug"  # a source's line, found when an error needs it: the line of the file's slug


def _source(kwargs: dict, template) -> tuple[str, int | str | None]:
    """What a page is written for, as a (file, line) a maintainer can open: an article's or page's file
    at its slug line, an entity by its kind and id, or the template of a list page."""
    content = kwargs.get("article") or kwargs.get("page")
    if content is not None:
        return content.source_path, SLUG_LINE
    entity = kwargs.get("entity")
    if entity is not None:
        return f"the page of {entity.kind} {entity.id!r} (an id of {kind_named(entity.kind).gazetteer_file})", None
    return f"the template {template.name}", None


def _located(source: tuple[str, int | str | None]) -> tuple[str, int | None]:
    path, line = source
    if line == SLUG_LINE:
        with open(path, encoding="utf-8") as text:
            return path, field_line(text.read(), "slug")
    return path, line

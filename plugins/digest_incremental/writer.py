"""A Pelican Writer that renders only the pages whose inputs changed and writes only the files
whose bytes differ from the live site's.

Pelican renders every page on every build and rewrites every file. With the setting
DIGEST_COMPARE_WITH (the live site's folder) and DIGEST_READS (what each page read when it was
last rendered, renders.py), a page whose reads all give the same values is taken from the live
site instead of being rendered; every other page is rendered and compared with the live one, and
written into Pelican's output folder (a staging folder) only when the bytes differ, so build.py
moves just those into the site: unchanged pages keep their inode and mtime (rsync, static hosts and
the search-index decision see only real changes). It records every path it produced, changed or
not, so the build can delete pages that are no longer produced.
"""

from __future__ import annotations

import io
import logging
import os

from pelican.writers import Writer

from digest.errors import DigestError
from digest.frontmatter import field_line
from digest.kinds import kind_named

from .renders import Digests, ReadLog, Replay, objects_of, recording
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


class _Buffer(io.StringIO):
    """What Pelican writes into; compared with the live file when Pelican closes it."""

    def __init__(self, path: str, encoding: str, writer: "SkipUnchangedWriter"):
        super().__init__()
        self._path, self._encoding, self._writer = path, encoding, writer

    def close(self) -> None:
        if not self.closed:
            self._writer.finish(self._path, self.getvalue().encode(self._encoding))
        super().close()


class SkipUnchangedWriter(Writer):
    """With the setting DIGEST_RENDER_JOBS = n > 1, pages and feeds are queued as Pelican asks
    for them and rendered by n processes at the end (`render_queued`, workers.py)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.produced: dict[str, bool] = {}  # absolute path -> rewritten this build?
        self.searchable: set[str] = set()  # pages Pagefind indexes (build.py points Pagefind at them)
        jobs = int((settings or {}).get("DIGEST_RENDER_JOBS") or 1)
        self._queue: list[tuple] | None = [] if jobs > 1 else None  # (_write_file or _write_feed, args, kwargs)
        self.jobs = jobs
        self._in_share = False  # rendering queued pages: their addresses were claimed when queued
        self.compare_with = (settings or {}).get("DIGEST_COMPARE_WITH")
        # What each page read when it was last rendered (renders.py): with the live site to compare
        # with, a page whose reads are all the same is not rendered again.
        self.log = ReadLog.load((settings or {}).get("DIGEST_READS") if self.compare_with else None)
        self.previous, self.log.pages = self.log.pages, {}  # the last build's pages; this build's
        self.skipped = 0
        self._digests = Digests()
        self._replay: Replay | None = None
        self._from_live: set[str] = set()  # output paths whose bytes are the live file's: nothing to compare
        # Paths that files other than Pelican's pages hold (search index, theme, data, hosting rules):
        # relative path or folder/ -> what holds it. build.py adds its own (DIGEST_RESERVED).
        settings = settings or {}
        self.reserved = {f"{settings.get('THEME_STATIC_DIR', 'theme')}/": "the theme's files",
                         f"{settings.get('DIGEST_DATA_PATH', 'data')}/": "the data files",
                         **(settings.get("DIGEST_RESERVED") or {})}
        self.claims: dict[str, tuple[str | None, int | None]] = {}  # output path -> what wrote it (file, line)
        self._writing: tuple[str | None, int | None] = (None, None)

    def finish(self, path: str, data: bytes) -> None:
        live = os.path.join(self.compare_with, os.path.relpath(path, self.output_path)) if self.compare_with else path
        changed = path not in self._from_live and not same_bytes(live, data)
        if changed:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as out:
                out.write(data)
        elif self.compare_with and os.path.exists(path):
            os.unlink(path)  # an earlier write of this file (override) differed; this final one does not
        self.produced[path] = changed
        if SEARCHABLE in data:
            self.searchable.add(path)

    def render(self, template, context: dict) -> str:
        """Pelican's Writer calls this (through _Recorded) instead of template.render."""
        page = os.path.normpath(context["output_file"])
        old = self.previous.get(page)
        if old is not None and old[0] is not None:
            self._replay = self._replay or Replay(template.environment, self._digests, objects_of(context))
            if self._replay.same(self.log.keys, *old, context):
                data = self._take_live(page, old)
                if data is not None:  # Pelican writes it through _open_w, which keeps the live file
                    return data.decode("utf-8")
        with recording(template.environment, self._digests, context) as recorder:
            text = template.render(context)
        if recorder.skippable:
            self.log.record(page, recorder.reads)
        else:
            logger.debug("%s is rendered on every build: %s", page, recorder.why)
        return text

    def write_file(self, name, template, context, *args, **kwargs):
        source = _source(kwargs, template)
        if self._queue is not None and name:
            self._claim(os.path.join(self.output_path, name), source)
            self._queue.append((self._write_file, (source, name, template, context, *args), kwargs))
            return None
        return self._write_file(source, name, template, context, *args, **kwargs)

    def _write_file(self, source, name, template, context, *args, **kwargs):
        self._writing = source
        return super().write_file(name, _Recorded(template, self), context, *args, **kwargs)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False,
                   feed_title=None):
        source = (f"the feed {feed_title!r}" if feed_title else "a feed", None)
        args = (source, elements, context, path, url, feed_type, override_output, feed_title)
        if self._queue is not None and path:
            self._claim(os.path.join(self.output_path, path), source)
            self._queue.append((self._write_feed, args, {}))
            return None
        return self._write_feed(*args)

    def render_queued(self) -> None:
        """Render the queued pages and feeds in `jobs` processes and take in what each wrote."""
        if not self._queue:
            return
        queue, self._queue = self._queue, None
        for result in run_shares(queue, self.jobs, self._render_share)[1:]:
            produced, searchable, keys, pages, skipped = result
            self.produced.update(produced)
            self.searchable |= searchable
            self.log.merge(ReadLog(keys, pages))
            self.skipped += skipped
        self._in_share = False

    def _render_share(self, share: list[tuple]):
        self._in_share = True
        for write, args, kwargs in share:
            write(*args, **kwargs)
        return self.produced, self.searchable, self.log.keys, self.log.pages, self.skipped

    def _write_feed(self, source, elements, context, path, url, feed_type, override_output, feed_title):
        self._writing = source
        # A feed of entries that say what the feed shows of them (digest_pages' entity feeds) is
        # written only when that changed; other feeds every time.
        if path and elements and all(hasattr(e, "feed_fields") for e in elements):
            page = os.path.normpath(path)
            shown = [e.feed_fields() for e in elements[: self.settings["FEED_MAX_ITEMS"]]]
            entry = (None, self._digests((feed_type, feed_title, url, shown)))
            data = self._take_live(page, entry) if self.previous.get(page) == entry else None
            if data is not None:
                self.finish(os.path.abspath(os.path.join(self.output_path, page)), data)
                return None
            self.log.pages[page] = entry
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def _take_live(self, page: str, entry) -> bytes | None:
        """The live site's file, standing for this build's (rendering it would give the same bytes),
        with its read-log entry kept; None when there is no live file."""
        try:
            with open(os.path.join(self.compare_with, page), "rb") as live:
                data = live.read()
        except (FileNotFoundError, TypeError):
            return None
        self._from_live.add(os.path.abspath(os.path.join(self.output_path, page)))
        self.log.pages[page] = entry
        self.skipped += 1
        return data

    def _open_w(self, filename, encoding, override=False):
        # Pelican's Writer._open_w would open the file itself.
        if not self._in_share:
            self._claim(filename, self._writing)
        return _Buffer(filename, encoding, self)

    def _claim(self, filename, source) -> None:
        """No page may take another's path, nor one that the search index, the theme or the hosting
        rules hold: the build stops, naming both."""
        filename = os.path.normpath(filename)
        rel = os.path.relpath(filename, self.output_path)
        held = next((what for path, what in self.reserved.items()
                     if rel == path or (path.endswith("/") and rel.startswith(path))), None)
        first = self.claims.get(filename)
        if held or first:
            holder = held or (f"{first[0]}:{first[1]}" if first[1] else first[0])
            raise DigestError(*source, f"would be written to {rel}, which {holder} already "
                              f"{'holds' if held else 'writes'}: two pages cannot share an address; give one another slug or id")
        self.claims[filename] = source


def _source(kwargs: dict, template) -> tuple[str | None, int | None]:
    """What a page is written for, as a (file, line) a maintainer can open: an article's or page's file
    at its slug line, an entity by its kind and id, or the template of a list page."""
    content = kwargs.get("article") or kwargs.get("page")
    if content is not None:
        with open(content.source_path, encoding="utf-8") as source:
            return content.source_path, field_line(source.read(), "slug")
    entity = kwargs.get("entity")
    if entity is not None:
        return f"the page of {entity.kind} {entity.id!r} (an id of {kind_named(entity.kind).gazetteer_file})", None
    return f"the template {template.name}", None


class _Recorded:
    """A template as Pelican's Writer uses it (render only), rendered through the writer."""

    def __init__(self, template, writer: SkipUnchangedWriter):
        self.template, self.writer = template, writer

    def render(self, context: dict) -> str:
        return self.writer.render(self.template, context)

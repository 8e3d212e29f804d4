"""Render a page only when something it read has changed.

While a page renders, every attribute and item the templates read from an article, an entity or a
period is recorded with a digest of the value read, and so is every variable read from the page's
context. Next build (same code: templates, plugins, settings), the page's reads are replayed on the
new objects: when every digest is the same the template would make the same bytes, and the page is
not rendered. This is what the page is built from, as the page itself used it, with no list of
dependencies to keep in step with the templates.

Values are digested by what they hold (strings, numbers, dates, lists, dicts, dataclasses, a
paginator's page); articles, entities and periods by who they are (their content is read, and
recorded, attribute by attribute). A read of anything else (an object this module does not know)
makes the page unskippable: it is rendered every time.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import pickle
import types
from array import array
from contextlib import contextmanager
from typing import Any, Iterator

from jinja2.environment import TemplateModule
from jinja2.runtime import Context, LoopContext, Macro, Undefined
from jinja2.utils import missing
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

def _is_period(cls: type) -> bool:
    """digest_pages.periods.Period, known by its shape: a dataclass page with a `key`."""
    return dataclasses.is_dataclass(cls) and hasattr(cls, "key") and "save_as" in {f.name for f in dataclasses.fields(cls)}


def identity(obj) -> tuple | None:
    """Who an article, entity or period is, the same in every build; None for anything else."""
    if isinstance(obj, Undefined):  # a StrictUndefined raises on any attribute
        return None
    if isinstance(obj, Content):
        return ("content", obj.source_path)
    if isinstance(obj, URLWrapper):
        return ("wrapper", type(obj).__name__, obj.slug, obj.name)
    if _type_kind(type(obj)) == REFERENCE:  # the one other kind known by who it is: a digest period
        return ("period", *obj.key)
    return None


class Digests:
    """Digests of values for one build. Containers are digested once: the same list of 10,000
    articles is read by many pages (kept alive here, so no id is reused within the build)."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Any, bytes]] = {}
        self._identities: dict[int, tuple[Any, tuple]] = {}

    def identity(self, obj) -> tuple:
        known = self._identities.get(id(obj))
        if known is None:
            known = self._identities[id(obj)] = (obj, identity(obj))
        return known[1]

    def __call__(self, value) -> bytes:
        known = self._by_id.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if isinstance(value, str):  # the same title or summary is read by many pages: kept by id too
            digest = hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=12, person=b"str").digest()
        elif value is None or isinstance(value, (int, float, bool)):
            return hashlib.blake2b(repr((type(value).__name__, value)).encode(), digest_size=12).digest()
        else:
            digest = self._digest(value)
        self._by_id[id(value)] = (value, digest)
        return digest

    def _digest(self, value) -> bytes:
        h = hashlib.blake2b(digest_size=12)
        who = identity(value)
        if isinstance(value, Undefined) or value is missing:
            h.update(b"undefined")
        elif who is not None:
            h.update(repr(who).encode())
        elif isinstance(value, (datetime.date, datetime.time)):
            h.update(repr((type(value).__name__, value.isoformat(), str(getattr(value, "tzinfo", None)))).encode())
        elif isinstance(value, (list, tuple)):
            h.update(type(value).__name__.encode())
            for item in value:
                h.update(self(item))
        elif isinstance(value, (set, frozenset)):
            h.update(b"set")
            for item in sorted(self(v) for v in value):
                h.update(item)
        elif isinstance(value, dict):
            h.update(b"dict")
            for pair in sorted(self(k) + self(v) for k, v in value.items()):
                h.update(pair)
        elif isinstance(value, Page):
            h.update(repr(("page", value.number, value.paginator.num_pages, value.name, value.url)).encode())
            h.update(self(value.object_list))
        elif isinstance(value, Paginator):
            h.update(repr(("paginator", value.num_pages, value.count, value.per_page)).encode())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            h.update(type(value).__qualname__.encode())
            for f in dataclasses.fields(value):
                h.update(self(getattr(value, f.name)))
        elif isinstance(value, (TemplateModule, Macro)):  # imported macros: templates are code
            h.update(repr(("template", type(value).__name__, getattr(value, "__name__", None) or value.name)).encode())
        elif isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
            h.update(f"{value.__module__}.{value.__qualname__}".encode())  # code: the code fingerprint covers it
        else:
            raise _Unknown(value)
        return h.digest()


class _Unknown(Exception):
    """A value this module cannot digest: the page that read it is rendered every time."""


# Objects whose reads need no record: Jinja's own (loops, macros, contexts), and values already
# digested whole when they were read (strings, dates, lists, dicts, dataclasses, pages).
_NOT_RECORDED = (str, int, float, bool, type(None), datetime.date, datetime.time, list, tuple, dict, set, frozenset,
                 Page, Paginator, LoopContext, Macro, Context, Undefined)
IGNORED, REFERENCE, UNKNOWN_TYPE = 0, 1, 2
_type_kinds: dict[type, int] = {}


def _type_kind(cls: type) -> int:
    """How reads of an object of this class are recorded (decided once per class)."""
    kind = _type_kinds.get(cls)
    if kind is None:
        if issubclass(cls, (Content, URLWrapper)) or _is_period(cls):
            kind = REFERENCE  # an article, entity or period: identity() knows it
        elif issubclass(cls, _NOT_RECORDED) or dataclasses.is_dataclass(cls) or cls.__module__.startswith("jinja2"):
            kind = IGNORED  # Jinja's own objects, and values digested whole when they were read
        else:
            kind = UNKNOWN_TYPE
        _type_kinds[cls] = kind
    return kind


class Recorder:
    """The reads of the page being rendered."""

    def __init__(self, digests: Digests, source: dict):
        self.digests = digests
        self.source = source  # the context Pelican renders the page with
        self.reads: dict[tuple, bytes] = {}
        self._seen: set = set()  # (id(object), attribute) already recorded: a page reads the same ones often
        self._names: set[str] = set()  # context variables already recorded
        self.skippable = True
        self.why = ""  # what made it unskippable, for the debug log

    def context(self, name: str, value) -> None:
        if name in self._names:
            return
        self._names.add(name)
        # only what Pelican passed in (or its absence): variables a template sets derive from reads
        if value is missing or (name in self.source and self.source[name] is value):
            self._add(("ctx", name), value)

    def attribute(self, obj, name, value, kind: int) -> None:
        if kind == IGNORED or not self.skippable:
            return
        if kind == UNKNOWN_TYPE:
            self.skippable, self.why = False, f"read {name!r} of a {type(obj).__qualname__}"
            return
        try:
            seen = (id(obj), name)  # the object is alive while the page renders: its id is its own
            if seen in self._seen:
                return
            self._seen.add(seen)
        except TypeError:  # an unhashable item key: record it every time
            pass
        self._add((self.digests.identity(obj), name), value)

    def _add(self, key: tuple, value) -> None:
        if key in self.reads or not self.skippable:
            return
        try:
            self.reads[key] = self.digests(value)
        except _Unknown as unknown:
            self.skippable, self.why = False, f"{key} gave a {type(unknown.args[0]).__qualname__}"


_active: list[Recorder] = []


def _recording_env(env) -> None:
    """Make a Jinja environment report reads to the active recorder (once per environment)."""
    if getattr(env, "_digest_plain", None):
        return
    getattr_, getitem_ = env.getattr, env.getitem

    # Called for every attribute a template reads: the common case (a string, a dict, a loop) costs
    # one dictionary lookup.
    def getattr_recorded(obj, attribute):
        value = getattr_(obj, attribute)
        if _active:
            kind = _type_kinds.get(type(obj), -1)
            if kind:
                _active[-1].attribute(obj, attribute, value, kind if kind > 0 else _type_kind(type(obj)))
        return value

    def getitem_recorded(obj, argument):
        value = getitem_(obj, argument)
        if _active:
            kind = _type_kinds.get(type(obj), -1)
            if kind:
                _active[-1].attribute(obj, ("item", argument), value, kind if kind > 0 else _type_kind(type(obj)))
        return value

    class RecordingContext(env.context_class):
        def resolve_or_missing(self, key):
            value = super().resolve_or_missing(key)
            if _active and key not in self.vars:
                _active[-1].context(key, value)
            return value

    env.getattr, env.getitem, env.context_class = getattr_recorded, getitem_recorded, RecordingContext
    env._digest_plain = (getattr_, getitem_)  # how Jinja reads, for the replay


@contextmanager
def recording(env, digests: Digests, source: dict) -> Iterator[Recorder]:
    _recording_env(env)
    recorder = Recorder(digests, source)
    _active.append(recorder)
    try:
        yield recorder
    finally:
        _active.pop()


def combined(digests) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for digest in digests:
        h.update(digest)
    return h.digest()


class ReadLog:
    """What each page read, kept from one build to the next: every read (("ctx", name) or (identity,
    attribute)) numbered once for the whole site, and per page the numbers of its reads with one
    digest of all their values. (A dictionary of reads per page took 120 MB at 10,000 articles.)"""

    def __init__(self, keys: list[tuple] | None = None, pages: dict | None = None):
        self.keys = keys or []
        self._numbers = {key: n for n, key in enumerate(self.keys)}
        self.pages: dict[str, tuple[array | None, bytes]] = pages or {}  # feeds: (None, digest of what they show)

    def _number(self, key: tuple) -> int:
        n = self._numbers.get(key)
        if n is None:
            n = self._numbers[key] = len(self.keys)
            self.keys.append(key)
        return n

    def record(self, page: str, reads: dict[tuple, bytes]) -> None:
        self.pages[page] = (array("I", map(self._number, reads)), combined(reads.values()))

    def merge(self, other: "ReadLog") -> None:
        """Add another process's pages (its reads numbered in its own table)."""
        for page, (numbers, digest) in other.pages.items():
            if numbers is not None:
                numbers = array("I", (self._number(other.keys[n]) for n in numbers))
            self.pages[page] = (numbers, digest)

    def save(self, path: str) -> None:
        with open(path, "wb") as handle:
            pickle.dump((self.keys, self.pages), handle, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, path: str | None) -> "ReadLog":
        """The log at `path`; an empty one (render everything) when there is none or it cannot be read."""
        if not path:
            return cls()
        try:
            with open(path, "rb") as handle:
                keys, pages = pickle.load(handle)
            return cls(keys, pages)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            return cls()


class Replay:
    """Whether a page's recorded reads give the same values in this build."""

    def __init__(self, env, digests: Digests, objects: dict[tuple, Any]):
        _recording_env(env)
        self.getattr, self.getitem = env._digest_plain
        self.digests = digests
        self.objects = objects  # identity -> this build's article, entity or period
        # (identity, attribute, the page's link prefix) -> digest now, shared by pages: an article's
        # content reads differently from pages at other depths (Pelican rewrites its internal links)
        self._reads: dict[tuple, bytes | None] = {}

    def same(self, keys: list[tuple], numbers: array, digest: bytes, context: dict) -> bool:
        """Whether the reads `numbers` (in `keys`) give, in this build, the values whose digest is `digest`."""
        now = []
        for n in numbers:
            key = keys[n]
            if key[0] == "ctx":
                value = self._value(lambda: context.get(key[1], missing))
            else:
                shared = (*key, context.get("localsiteurl"))
                if shared not in self._reads:
                    self._reads[shared] = self._value(lambda: self._read(*key))
                value = self._reads[shared]
            if value is None:
                return False
            now.append(value)
        return combined(now) == digest

    def _read(self, who: tuple, attribute):
        obj = self.objects[who]
        if isinstance(attribute, tuple):  # ("item", argument): obj[argument]
            return self.getitem(obj, attribute[1])
        return self.getattr(obj, attribute)

    def _value(self, read) -> bytes | None:
        try:
            return self.digests(read())
        except Exception:  # gone (a deleted article, a renamed entity) or not digestible: not the same
            return None


def objects_of(context: dict) -> dict[tuple, Any]:
    """Every article, entity and period of this build, by identity."""
    found: dict[tuple, Any] = {}

    def add(obj) -> None:
        who = identity(obj)
        if who is not None:
            found.setdefault(who, obj)

    for name in ("articles", "drafts", "pages", "hidden_pages"):
        for content in context.get(name) or ():
            add(content)
            for translation in getattr(content, "translations", ()):
                add(translation)
    for _, entities in context.get("digest_kinds") or ():
        for entity in entities:
            add(entity)
            parent = getattr(entity, "parent", None)
            if parent is not None:
                add(parent)
    for name in ("digest_months", "digest_weeks"):
        for period in context.get(name) or ():
            add(period)
    return found

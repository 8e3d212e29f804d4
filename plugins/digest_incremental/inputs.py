"""What a page is made from, as one digest: the plain data handed to its template.

A page's inputs are the variables its template reads (found in the template's source, and in the
templates it extends, imports and includes, with Jinja's public `jinja2.meta`) and their values:
the keyword arguments the generator passed for the page, and the site-wide context variables it
reads. Settings are not among them (the code fingerprint covers them, build.py), nor the page's
address (the page's own key).

Values are digested by what they hold: strings, numbers, dates, containers and dataclasses as such.
Objects say what a page shows of them, in two views:

- `page_inputs`: everything its own page shows (an article's attached names and related articles,
  an entity's counts and charts, a period's articles), used for a variable named in
  `subjects` (the article of an article page, the entity of an entity page, the entities an overview
  lists) and what such a variable lists;
- `link_inputs`: what a link to it shows (a chip's name, address and place, never a count; an
  article in a list: its file and its chips), used everywhere else.

Each is a method or an attribute holding plain data. An article or page (Pelican's Content) is
its source file's path and bytes plus those views; anything else no view describes makes the
page unskippable (`NotPlain`): it is rendered every time.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import pickle

from jinja2 import meta
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

SUBJECT, LINK = "page_inputs", "link_inputs"


class NotPlain(Exception):
    """A value no view describes: the page that is given it is rendered on every build."""


def _view(obj, name: str):
    view = getattr(obj, name, None)
    return view() if callable(view) else view


_PLAIN = {str: "s", int: "n", float: "n", bool: "n", type(None): "n", list: "l", tuple: "l", dict: "d",
          set: "u", frozenset: "u"}


def _plain_kind(value) -> str:
    """How a value of a class not in _PLAIN is digested (its subclasses: Markup is a str)."""
    kind = next((kind for cls, kind in _PLAIN.items() if isinstance(value, cls)), "o")  # "o": an object
    _PLAIN[type(value)] = kind
    return kind


class Fingerprints:
    """Digests of values for one build. An object (an entity, an article, a period) is digested once
    per view: it is shown by many pages. It is kept alive here, so no id is reused within the build."""

    def __init__(self, subjects=("article", "page")) -> None:
        self.subjects = frozenset(subjects)
        self._memo: dict[tuple[int, str], tuple[object, bytes]] = {}
        self._files: dict[str, bytes] = {}

    def page(self, key: str, values: dict) -> bytes:
        """One digest of a page's key (template and link style) and the values of the variables it reads."""
        h = hashlib.blake2b(key.encode(), digest_size=16)
        for name in sorted(values):
            h.update(b"\0%s\0" % name.encode())
            self._feed(h, values[name], SUBJECT if name in self.subjects else LINK)
        return h.digest()

    def digest(self, value, view: str = LINK) -> bytes:
        h = hashlib.blake2b(digest_size=16)
        self._feed(h, value, view)
        return h.digest()

    def _feed(self, h, value, view: str) -> None:
        """Add a value to `h`: plain values tagged and length-prefixed (no two sequences of them read
        the same), containers item by item, objects as their memoized digest."""
        kind = _PLAIN.get(type(value)) or _plain_kind(value)
        if kind == "s":
            data = value.encode("utf-8", "surrogatepass")
            h.update(b"s%d:" % len(data))
            h.update(data)
        elif kind == "n":
            h.update(b"%s:%r;" % (type(value).__name__.encode(), value))
        elif kind == "l":  # a subject's list (an overview's entities) lists subjects
            h.update(b"[")
            for item in value:
                self._feed(h, item, view)
            h.update(b"]")
        elif kind == "d":
            h.update(b"{")
            for key, item in value.items():
                self._feed(h, key, view)
                self._feed(h, item, view)
            h.update(b"}")
        elif kind == "u":  # no fixed order: its items' digests, sorted
            h.update(b"<%s>" % b"".join(sorted(self.digest(item, view) for item in value)))
        else:
            known = self._memo.get((id(value), view))
            if known is None or known[0] is not value:
                known = self._memo[(id(value), view)] = (value, self._object(value, view))
            h.update(known[1])

    def _object(self, value, view: str) -> bytes:
        h = hashlib.blake2b(type(value).__qualname__.encode(), digest_size=16)
        if isinstance(value, (datetime.date, datetime.time)):
            h.update(repr((value.isoformat(), str(getattr(value, "tzinfo", None)))).encode())
        elif isinstance(value, Content):  # its file (its address is made from the file and the settings)
            h.update(self._file(value.source_path))
            self._feed(h, _view(value, LINK), LINK)
            if view == SUBJECT:
                self._feed(h, _view(value, SUBJECT), LINK)
        elif hasattr(value, LINK):  # what it holds is linked, not shown whole
            self._feed(h, _view(value, view) if hasattr(value, view) else _view(value, LINK), LINK)
        elif isinstance(value, URLWrapper):  # Pelican's category, tag, author
            self._feed(h, (value.name, value.slug, value.url), LINK)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                self._feed(h, getattr(value, f.name), view)
        else:
            raise NotPlain(value)
        return h.digest()

    def _file(self, path: str) -> bytes:
        digest = self._files.get(path)
        if digest is None:
            with open(path, "rb") as source:
                digest = self._files[path] = path.encode() + hashlib.blake2b(source.read(), digest_size=16).digest()
        return digest


_names_of: dict = {}  # template file, or (environment, template name) -> the variables it and the templates it uses read


def _names_read(env, template_name: str) -> frozenset[str]:
    """The variables a template and the templates it uses read from their context (each file is
    parsed once, whichever of Pelican's generators' environments asks)."""
    names = _names_of.get((id(env), template_name))
    if names is not None:
        return names
    source, filename, _ = env.loader.get_source(env, template_name)
    file_key = filename or (id(env), template_name, source)  # a template not from a file: this environment's
    names = _names_of.get(file_key)
    if names is None:
        tree = env.parse(source)
        found = set(meta.find_undeclared_variables(tree))
        for used in meta.find_referenced_templates(tree):
            if used is None:  # a template chosen at render time: it may read anything
                found = {"*"}
                break
            found |= _names_read(env, used)
        names = _names_of[file_key] = frozenset(found)
    _names_of[(id(env), template_name)] = names  # Pelican keeps its environments for the whole run
    return names


def page_values(template, context: dict, kwargs: dict) -> dict | None:
    """The variables the page's template reads and their values (None: the template picks another
    at render time, so what it reads cannot be known). Upper-case names are settings."""
    names = _names_read(template.environment, template.name)
    if "*" in names:
        return None
    return {name: kwargs[name] if name in kwargs else context[name] for name in names
            if not name.isupper() and (name in kwargs or name in context) and name not in _PER_PAGE}


# Pelican sets these for each page from its address, part of the page's key.
_PER_PAGE = {"output_file", "localsiteurl", "SITEURL"}


def save(pages: dict, path: str) -> None:
    with open(path, "wb") as handle:
        pickle.dump(pages, handle, protocol=pickle.HIGHEST_PROTOCOL)


def load(path: str | None) -> dict:
    """page -> (digest of its inputs, searchable?) as the last build left it; empty (render
    everything) when there is none or it cannot be read."""
    if not path:
        return {}
    try:
        with open(path, "rb") as handle:
            pages = pickle.load(handle)
        return pages if isinstance(pages, dict) else {}
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return {}

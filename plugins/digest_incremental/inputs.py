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
- `link_inputs`: what a link to it shows (a chip's name and address, an article's headline and
  summary), used everywhere else.

Each is a method or an attribute holding plain data. An article or page (Pelican's Content) is
its source file's bytes and address plus those views; anything else no view describes makes the
page unskippable (`NotPlain`): it is rendered every time.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import pickle
from functools import cache

from jinja2 import meta
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

SUBJECT, LINK = "page_inputs", "link_inputs"


class NotPlain(Exception):
    """A value no view describes: the page that is given it is rendered on every build."""


def _view(obj, name: str):
    view = getattr(obj, name, None)
    return view() if callable(view) else view


class Fingerprints:
    """Digests of values for one build, each object's once per view (the same entity or article is
    shown by many pages; kept alive here, so no id is reused within the build)."""

    def __init__(self, subjects=("article", "page")) -> None:
        self.subjects = frozenset(subjects)
        self._memo: dict[tuple[int, str], tuple[object, bytes]] = {}
        self._files: dict[str, bytes] = {}

    def page(self, template_name: str, values: dict) -> bytes:
        """One digest of a page's template and the values of the variables it reads."""
        h = hashlib.blake2b(template_name.encode(), digest_size=16)
        for name in sorted(values):
            h.update(name.encode() + b"\0" + self(values[name], SUBJECT if name in self.subjects else LINK))
        return h.digest()

    def __call__(self, value, view: str = LINK) -> bytes:
        if isinstance(value, (str, int, float, bool, type(None))):  # Markup is a str
            return hashlib.blake2b(repr((type(value).__name__, value)).encode("utf-8", "surrogatepass"),
                                   digest_size=16).digest()
        known = self._memo.get((id(value), view))
        if known is not None and known[0] is value:
            return known[1]
        digest = self._digest(value, view)
        self._memo[(id(value), view)] = (value, digest)
        return digest

    def _digest(self, value, view: str) -> bytes:
        h = hashlib.blake2b(type(value).__qualname__.encode(), digest_size=16)
        if isinstance(value, (datetime.date, datetime.time)):
            h.update(repr((value.isoformat(), str(getattr(value, "tzinfo", None)))).encode())
        elif isinstance(value, (list, tuple)):  # a subject's list (an overview's entities) lists subjects
            for item in value:
                h.update(self(item, view))
        elif isinstance(value, (set, frozenset)):
            for item in sorted(self(v, view) for v in value):
                h.update(item)
        elif isinstance(value, dict):
            for pair in sorted(self(k, view) + self(v, view) for k, v in value.items()):
                h.update(pair)
        elif isinstance(value, Content):
            h.update(self._file(value.source_path) + repr((value.url, value.save_as)).encode())
            h.update(self(_view(value, LINK)))
            if view == SUBJECT:
                h.update(self(_view(value, SUBJECT)))
        elif hasattr(value, LINK):  # what it holds is linked, not shown whole
            h.update(self(_view(value, view) if hasattr(value, view) else _view(value, LINK)))
        elif isinstance(value, URLWrapper):  # Pelican's category, tag, author
            h.update(repr((value.name, value.slug, value.url)).encode())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                h.update(self(getattr(value, f.name), view))
        else:
            raise NotPlain(value)
        return h.digest()

    def _file(self, path: str) -> bytes:
        digest = self._files.get(path)
        if digest is None:
            with open(path, "rb") as source:
                digest = self._files[path] = hashlib.blake2b(source.read(), digest_size=16).digest()
        return digest


@cache
def _names_read(env, template_name: str) -> frozenset[str]:
    """The variables a template and the templates it uses read from their context."""
    source, _, _ = env.loader.get_source(env, template_name)
    tree = env.parse(source)
    names = set(meta.find_undeclared_variables(tree))
    for used in meta.find_referenced_templates(tree):
        if used is None:  # a template chosen at render time: it may read anything
            return frozenset({"*"})
        names |= _names_read(env, used)
    return frozenset(names)


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

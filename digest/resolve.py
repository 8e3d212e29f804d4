"""Resolve an article's entity entries against the gazetteer (pure: plain data in, plain data out).
The build and `digest review` both ask this module, so they agree on what is resolved.

The rule (plugins/digest_pages/README.md, "Build-time resolution rule"): a set `id` that the gazetteer knows wins (merged
ids are followed by `Gazetteer.get`); otherwise the name and then each surface form is looked up;
otherwise the entry is unresolved. Unresolved officials later get a provisional page id (see
`provisional_ids`); unresolved places and campaigns get no page.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Protocol

from digest.kinds import STORED
from digest.slugs import slug


class GazetteerLike(Protocol):
    def get(self, kind: str, id: str) -> Any: ...

    def resolve(self, kind: str, surface: str) -> Any: ...


@dataclass(frozen=True)
class Mention:
    """One entity entry of one article, after resolution."""

    kind: str  # a stored kind's name (digest.kinds)
    name: str  # as the article names it
    entity_id: str | None  # gazetteer id; None while unresolved
    surfaces: tuple[str, ...]  # every spelling the article used (name first)
    positions: tuple[str, ...] = ()  # officials: as stated in this article, in text order
    in_footer: bool = False  # places named only by the publisher's footer


def _strings(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(" ".join(str(item).split()) for item in value if item is not None and str(item).strip())


def resolve_entry(kind: str, entry: dict[str, Any], gazetteer: GazetteerLike) -> Mention:
    name = " ".join(str(entry["name"]).split())
    surfaces = tuple(dict.fromkeys((name, *_strings(entry.get("surfaces")))))
    entity = None
    if entry.get("id"):
        entity = gazetteer.get(kind, str(entry["id"]))
    for surface in surfaces:
        if entity is not None:
            break
        entity = gazetteer.resolve(kind, surface)
    return Mention(
        kind=kind,
        name=name,
        entity_id=entity.id if entity is not None else None,
        surfaces=surfaces,
        positions=_strings(entry.get("positions")),
        in_footer=bool(entry.get("in_footer")),
    )


def resolve_article(meta: Mapping[str, Any], gazetteer: GazetteerLike) -> tuple[Mention, ...]:
    """Every entity entry of one article's front-matter."""
    return tuple(resolve_entry(kind.name, entry, gazetteer) for kind in STORED for entry in (meta.get(kind.plural) or []))


def provisional_ids(names: Iterable[str], taken: set[str]) -> dict[str, str]:
    """A page id for each official name the gazetteer does not know: the slug of the exact name.

    Two different names never share a page: names whose slugs collide (with each other or with a
    gazetteer id) all get a short hash of the exact name appended, so the result does not depend
    on the order the names were seen in.
    """
    by_slug: dict[str, list[str]] = defaultdict(list)
    for name in dict.fromkeys(names):
        by_slug[slug(name) or "official"].append(name)
    ids = {}
    for base, group in by_slug.items():
        for name in group:
            if len(group) == 1 and base not in taken and base != "official":
                ids[name] = base
            else:
                ids[name] = f"{base}-{hashlib.sha1(name.encode()).hexdigest()[:6]}"
    return ids

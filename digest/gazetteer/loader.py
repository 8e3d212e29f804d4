"""Read and validate content/gazetteer/*.yaml, keeping the line of every entry for error messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from digest.frontmatter import check_aliases
from digest.safetext import problem
from digest.gazetteer.model import Entity, Gazetteer, GazetteerError, match_key
from digest.kinds import KINDS, Kind

try:  # the C parser keeps node marks too, and is faster
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

PLACE_KINDS = (
    "region", "prefecture-level city", "prefecture", "district", "county", "county-level city",
    "province", "municipality", "city", "township", "town", "village",
)
# Tibetan places below prefecture level must say which prefecture (or county) they belong to.
NEEDS_PARENT = frozenset({"district", "county", "county-level city", "township", "town", "village"})
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_TEXT_FIELDS = ("name", "zh", "description", "notes")
_LIST_FIELDS = ("variants", "ambiguous", "replaces")
COMMON_FIELDS = ("id", *_TEXT_FIELDS, *_LIST_FIELDS)


@dataclass
class _Entry:
    """One mapping from a file, with the line of the entry and of each key and list item."""

    data: dict[str, Any]
    line: int
    key_lines: dict[str, int]
    item_lines: dict[str, list[int]]


def load_gazetteer(folder: Path | str) -> Gazetteer:
    """Load each kind's file (places.yaml, officials.yaml, ...) from `folder`; raise GazetteerError
    on bad data. A derived kind's file is optional: curators add it to merge or rename entities."""
    folder = Path(folder)
    tables: dict[str, dict[str, Entity]] = {}
    for kind in KINDS:
        path = folder / kind.gazetteer_file
        if path.exists():
            tables[kind.name] = _load_kind(kind, path)
        elif kind.stored:
            raise GazetteerError(path, None, f"missing gazetteer file (expected {kind.gazetteer_file} in {folder})")
    _check_places(tables["place"])
    for office in tables.get("office", {}).values():
        if office.parent is not None and office.parent not in tables["place"]:
            path, _, line = office.source.rpartition(":")
            raise GazetteerError(path, int(line), f"{office.id}: parent {office.parent!r} is not a place id in places.yaml")
    return Gazetteer(tables)


def _read_entries(path: Path) -> list[_Entry]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GazetteerError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    check_aliases(text, path, error=GazetteerError)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return []
        if not isinstance(root, yaml.SequenceNode):
            raise GazetteerError(path, root.start_mark.line + 1, "the file must be a YAML list of entries, each starting with '- id: ...'")
        entries = []
        for node in root.value:
            line = node.start_mark.line + 1
            if not isinstance(node, yaml.MappingNode):
                raise GazetteerError(path, line, "each entry must be a mapping of 'field: value' lines starting with 'id:'")
            data = loader.construct_object(node, deep=True)
            key_lines, item_lines = {}, {}
            for key_node, value_node in node.value:
                key_lines[str(key_node.value)] = key_node.start_mark.line + 1
                if isinstance(value_node, yaml.SequenceNode):
                    item_lines[str(key_node.value)] = [item.start_mark.line + 1 for item in value_node.value]
            entries.append(_Entry(data, line, key_lines, item_lines))
        return entries
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise GazetteerError(path, mark.line + 1 if mark else None, f"invalid YAML: {exc.problem or exc.context}") from None
    finally:
        loader.dispose()


def _load_kind(kind: Kind, path: Path) -> dict[str, Entity]:
    table: dict[str, Entity] = {}
    where_id: dict[str, int] = {}
    claims: dict[str, tuple[str, str, int]] = {}  # match key -> (entity id, spelling, line)
    replaced: dict[str, int] = {}
    for entry in _read_entries(path):
        entity = _entity(kind, path, entry)
        if entity.id in where_id:
            raise GazetteerError(path, entry.key_lines.get("id", entry.line), f"duplicate id {entity.id!r} (first defined at {path}:{where_id[entity.id]})")
        where_id[entity.id] = entry.line
        spellings = [(entity.name, entry.key_lines.get("name", entry.line))]
        for field_name in ("variants", "ambiguous"):
            lines = entry.item_lines.get(field_name, [])
            spellings += [(s, lines[i] if i < len(lines) else entry.line) for i, s in enumerate(entry.data.get(field_name) or [])]
        for spelling, line in spellings:
            key = match_key(spelling)
            if not key:
                raise GazetteerError(path, line, f"{entity.id}: empty spelling {spelling!r}")
            owner = claims.get(key)
            if owner and owner[0] != entity.id:
                raise GazetteerError(
                    path, line,
                    f"{entity.id}: spelling {spelling!r} is already claimed by {owner[0]!r} as {owner[1]!r} "
                    f"({path}:{owner[2]}); a spelling may name only one entry — remove it from one of them",
                )
            claims.setdefault(key, (entity.id, spelling, line))
        for old in entity.replaces:
            if old in replaced:
                raise GazetteerError(path, entry.key_lines["replaces"], f"{entity.id}: id {old!r} is already replaced by another entry (line {replaced[old]})")
            replaced[old] = entry.key_lines["replaces"]
        table[entity.id] = entity
    for old, line in replaced.items():
        if old in table:
            raise GazetteerError(path, line, f"id {old!r} is listed under 'replaces' but is still an entry of its own (line {where_id[old]}); delete that entry")
    return table


def _entity(kind: Kind, path: Path, entry: _Entry) -> Entity:
    data, line = entry.data, entry.line

    def fail(key: str | None, message: str) -> GazetteerError:
        prefix = f"{data.get('id')}: " if isinstance(data.get("id"), str) else ""
        return GazetteerError(path, entry.key_lines.get(key, line) if key else line, prefix + message)

    allowed = {*COMMON_FIELDS, *kind.fields}
    unknown = sorted(set(map(str, data)) - allowed)
    if unknown:
        raise fail(unknown[0], f"unknown field {unknown[0]!r}; a {kind.name} entry may have: {', '.join(sorted(allowed))}")
    for required in ("id", "name", *kind.required):
        if data.get(required) in (None, ""):
            raise fail(None, f"missing required field {required!r}")
    if not isinstance(data["id"], str) or not ID_PATTERN.match(data["id"]):
        raise fail("id", f"id {data['id']!r} must be lower-case letters, digits and single hyphens (e.g. 'seni', 'xi-jinping')")
    for key in (*_TEXT_FIELDS, "kind", "parent", "pinyin", "tibetan_pinyin", "code", "post", "seat"):
        if data.get(key) is not None and not isinstance(data[key], str):
            hint = " (quote division codes: code: '540602')" if key == "code" else ""
            raise fail(key, f"field {key!r} must be text, got {type(data[key]).__name__}{hint}")
    for key in _LIST_FIELDS:
        value = data.get(key)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            raise fail(key, f"field {key!r} must be a list of text, e.g. {key}: [A, B]")
    for key in (*_TEXT_FIELDS, *_LIST_FIELDS, "pinyin", "tibetan_pinyin"):
        values = data.get(key)
        for number, value in enumerate(values if isinstance(values, list) else [values]):
            why = problem(value) if isinstance(value, str) else None
            if why:
                lines = entry.item_lines.get(key, [])
                where = lines[number] if isinstance(values, list) and number < len(lines) else entry.key_lines.get(key, line)
                raise GazetteerError(path, where, f"{data['id']}: field {key!r}: {why}")
    if "outside_tibet" in data and not isinstance(data["outside_tibet"], bool):
        raise fail("outside_tibet", "field 'outside_tibet' must be true or false")
    if kind.name == "place" and data["kind"] not in PLACE_KINDS:
        raise fail("kind", f"place kind {data['kind']!r} is not one of: {', '.join(PLACE_KINDS)}")

    name = data["name"]
    variants = [name] + [v for v in data.get("variants") or [] if v != name]
    return Entity(
        kind=kind.name,
        id=data["id"],
        name=name,
        variants=tuple(dict.fromkeys(variants)),
        zh=data.get("zh"),
        description=data.get("description"),
        notes=data.get("notes"),
        place_kind=data.get("kind") if kind.name == "place" else None,
        parent=data.get("parent"),
        pinyin=data.get("pinyin"),
        tibetan_pinyin=data.get("tibetan_pinyin"),
        code=data.get("code"),
        outside_tibet=bool(data.get("outside_tibet", False)),
        post=data.get("post"),
        seat=data.get("seat"),
        ambiguous=tuple(data.get("ambiguous") or ()),
        replaces=tuple(data.get("replaces") or ()),
        source=f"{path}:{line}",
    )


def _check_places(places: dict[str, Entity]) -> None:
    """Parents must exist; Tibetan places below prefecture level must have one."""
    for place in places.values():
        path, _, line = place.source.rpartition(":")
        if place.parent is not None:
            if place.parent == place.id:
                raise GazetteerError(path, int(line), f"{place.id}: a place cannot be its own parent")
            if place.parent not in places:
                raise GazetteerError(path, int(line), f"{place.id}: parent {place.parent!r} is not a place id in this file")
        elif place.place_kind in NEEDS_PARENT and not place.outside_tibet:
            raise GazetteerError(path, int(line), f"{place.id}: a {place.place_kind} in Tibet needs 'parent:' (its prefecture or county id)")
        if place.seat is not None and (place.seat not in places or places[place.seat].parent != place.id):
            raise GazetteerError(path, int(line), f"{place.id}: seat {place.seat!r} is not a place id in this file lying in {place.id}")

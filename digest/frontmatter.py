"""Markdown files with YAML front-matter: split, parse with line numbers, and dump stably."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from digest.errors import FrontMatterError

FENCE = "---"

try:  # the C loader is several times faster on a 10,000-article corpus
    _Loader = yaml.CSafeLoader
    _Dumper = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader
    _Dumper = yaml.SafeDumper


class _Loader(_Loader):
    """The safe loader, with an impossible date (2023-13-45) reported at its line, not as a ValueError."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid date ({exc}); write it like 2023-06-02T09:15:00+08:00",
                node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


# YAML anchors and aliases let a few lines expand into gigabytes ('billion laughs'). Curated files
# have no use for them beyond the odd repeated list, so more than this many is refused.
ALIAS_BUDGET = 16


def check_aliases(text: str, path: str | Path | None, first_line: int = 1, error=FrontMatterError) -> None:
    """Refuse YAML with more aliases than ALIAS_BUDGET, naming the line of the first one over it."""
    if "*" not in text:
        return  # no alias can occur: the common case costs one scan
    count = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                count += 1
                if count > ALIAS_BUDGET:
                    raise error(path, event.start_mark.line + first_line,
                                f"more than {ALIAS_BUDGET} YAML aliases ('*name'): write the values out instead")
    except yaml.YAMLError:
        return  # the real load reports the syntax error with its hint


def split_front_matter(text: str, path: str | Path | None = None) -> tuple[str, str, int]:
    """Return (yaml_text, body, body_line): body_line is the 1-based line the body starts on."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        raise FrontMatterError(path, 1, "expected the file to start with a '---' line opening the YAML front-matter")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise FrontMatterError(path, 1, "the front-matter opened by '---' on line 1 is never closed by a second '---' line")


# How to fix the YAML mistakes people make by hand, keyed by the start of PyYAML's problem text.
YAML_HINTS = (
    ("mapping values are not allowed", ": a value containing ': ' must be quoted, e.g. title: 'A: B'"),
    ("could not determine a constructor", ": remove the '!' tag; front-matter holds only text, numbers, lists and mappings"),
    ("did not find expected", ": close the bracket or quote, or quote the whole value"),
    ("found unexpected end of stream", ": close the quote"),
)


def read_front_matter(text: str, path: str | Path | None = None) -> tuple[dict[str, Any], str, int]:
    """Parse front-matter safely (no YAML tags that build Python objects); errors name the line."""
    yaml_text, body, body_line = split_front_matter(text, path)
    check_aliases(yaml_text, path, first_line=2)
    try:
        meta = yaml.load(yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the opening fence
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        opened, context = getattr(exc, "context_mark", None), getattr(exc, "context", None)
        if opened is not None and context and mark is not None and opened.line != mark.line:
            # An unclosed [ or " is noticed lines later: point at where it was opened too.
            problem += f" ({context} on line {opened.line + 2})"
        lines = yaml_text.split("\n")
        if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]:
            problem += ": indent with spaces, not tabs"
        else:
            problem += next((hint for start, hint in YAML_HINTS if problem.startswith(start)), "")
        raise FrontMatterError(path, line, f"invalid YAML in front-matter: {problem}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(path, 2, "front-matter must be a mapping of 'field: value' lines")
    return meta, body, body_line


def field_line(text: str, field: str) -> int | None:
    """The 1-based line of a top-level front-matter field, for error messages about its value."""
    prefix = f"{field}:"
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        if number > 1 and line.rstrip() == FENCE:
            return None
        if line.startswith(prefix):
            return number
    return None


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


def dump_article(meta: dict[str, Any], body: str) -> str:
    """The whole file: fences, YAML in the given key order, then the body."""
    return f"{FENCE}\n{dump_yaml(meta)}{FENCE}\n{body.rstrip()}\n"


def read_article_file(path: Path) -> tuple[dict[str, Any], str, int]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FrontMatterError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return read_front_matter(text, path)

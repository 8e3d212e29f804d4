"""Body paragraphs to Markdown that renders as the same plain text: raw text never becomes markup."""

from __future__ import annotations

import re

# Characters Python-Markdown gives meaning to inside a line; HTML's own are written as entities.
# Not '|': without the tables extension '\|' is no escape and readers would see the backslash.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]<>!&])")
# Line starts that would make a heading, list or rule. Each paragraph is one line, so '=' cannot
# underline a heading, and '~~~' fences only with an extension the site does not use; escaping
# them would show a backslash ('=' and '~' are not Markdown escapes).
_BLOCK_START = re.compile(r"^(#|[-+*])")
_NUMBERED_START = re.compile(r"^(\d+)([.)])")


def _escape_char(match: re.Match) -> str:
    char = match.group(1)
    return _ENTITIES.get(char, "\\" + char)


def escape_paragraph(text: str) -> str:
    text = _INLINE_SPECIALS.sub(_escape_char, text.strip())
    if _BLOCK_START.match(text):
        text = "\\" + text
    return _NUMBERED_START.sub(r"\1\\\2", text)


def body_to_markdown(paragraphs: list[str]) -> str:
    return "\n\n".join(escape_paragraph(p) for p in paragraphs) + "\n"

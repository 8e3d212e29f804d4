"""The first mention of each entity in an article's text becomes a link to its page (pure).

The body is HTML the reader made from escaped text: paragraphs, and the odd link a curator wrote.
Only text outside tags and outside existing links is touched; the spellings are those this article
used (its front-matter), longest first, so 'Seni District' is linked before 'Seni' could be.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Iterable

from markupsafe import Markup

_TAG = re.compile(r"(<[^>]*>)")


def link_first_mentions(body: str, mentions: Iterable[tuple[str, str, Iterable[str]]]) -> str:
    """`mentions`: (href, kind, spellings) per entity. Each entity's first spelling found in the
    text is wrapped in <a class="mention mention--KIND" href=HREF>; nothing else changes."""
    wanted = []
    for href, kind, spellings in mentions:
        forms = tuple(sorted({s for s in spellings if s and s.strip()}, key=len, reverse=True))
        if forms:
            wanted.append((href, kind, *_spellings_pattern(forms)))
    if not wanted:
        return body
    parts = _TAG.split(body)
    inside_link = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if re.match(r"<a[\s>]", part, re.I):
                inside_link += 1
            elif re.match(r"</a\s*>", part, re.I):
                inside_link = max(0, inside_link - 1)
            continue
        if inside_link or not part.strip():
            continue
        parts[index] = _link_in_text(part, wanted)
    return "".join(parts)


@lru_cache(maxsize=4096)
def _spellings_pattern(forms: tuple[str, ...]) -> tuple[tuple[str, ...], re.Pattern]:
    """The spellings as they appear in the HTML, and a pattern matching any of them as whole words.
    Made once per set of spellings: an entity is named by many articles."""
    escaped = tuple(html.escape(f, quote=False) for f in forms)
    # never inside a character reference: a spelling 'amp' must not split '&amp;'
    return escaped, re.compile(r"(?<![\w&#-])(?:" + "|".join(map(re.escape, escaped)) + r")(?![\w-])")


def _link_in_text(text: str, wanted: list) -> str:
    """Links the first occurrence in `text` of each entity still wanted (removed once linked)."""
    spans = []
    for entry in list(wanted):
        href, kind, escaped, pattern = entry
        if not any(form in text for form in escaped):  # a plain search first: the pattern tries every position
            continue
        for match in pattern.finditer(text):
            if not any(match.start() < end and start < match.end() for start, end, *_ in spans):
                spans.append((match.start(), match.end(), href, kind))
                wanted.remove(entry)
                break
    for start, end, href, kind in sorted(spans, reverse=True):
        text = (f'{text[:start]}<a class="mention mention--{kind}" href="{html.escape(href)}">{text[start:end]}</a>'
                f"{text[end:]}")
    return text


def link_mentions(body: str, mentions, root: str) -> str:
    """The Jinja filter: `{{ article.content | link_mentions(article.digest_mentions, SITEURL or '.') }}`;
    `mentions` are (entity, spellings) pairs the plugin attaches to each article."""
    return Markup(link_first_mentions(str(body), ((f"{root}/{entity.url}", entity.kind, spellings)
                                                  for entity, spellings in mentions or ())))

"""The first mention of each entity in an article's text becomes a link to its page (pure).

The body is HTML the reader made from escaped text: paragraphs, and the odd link a curator wrote.
Only text outside tags and outside existing links is touched; the spellings are those this article
used (its front-matter), longest first, so 'Seni District' is linked before 'Seni' could be.
"""

from __future__ import annotations

import html
import re
from typing import Iterable

from markupsafe import Markup

_TAG = re.compile(r"(<[^>]*>)")


def link_first_mentions(body: str, mentions: Iterable[tuple[str, str, Iterable[str]]]) -> str:
    """`mentions`: (href, kind, spellings) per entity. Each entity's first spelling found in the
    text is wrapped in <a class="mention mention--KIND" href=HREF>; nothing else changes."""
    wanted = []
    for href, kind, spellings in mentions:
        forms = sorted({s for s in spellings if s and s.strip()}, key=len, reverse=True)
        if forms:
            # never inside a character reference: a spelling 'amp' must not split '&amp;'
            pattern = re.compile(r"(?<![\w&#-])(?:" + "|".join(re.escape(html.escape(f, quote=False)) for f in forms)
                                 + r")(?![\w-])")
            wanted.append((href, kind, pattern))
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


def _link_in_text(text: str, wanted: list) -> str:
    """Links the first occurrence in `text` of each entity still wanted (removed once linked)."""
    spans = []
    for entry in list(wanted):
        href, kind, pattern = entry
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

"""The one slug function: article file names, provisional officials' and offices' ids.

Pelican's slugify with Pelican's default rules (SLUG_REGEX_SUBSTITUTIONS, which the site's settings
keep), done here without importing Pelican, which costs ingest 0.4 s a run: NFKC, unidecode (a
Pelican dependency), the same substitutions, lower case. Dashes at either end are dropped (a file
name that starts with one reads as an option). tests/ingest/test_slugs.py checks it against Pelican.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup
from unidecode import unidecode

# Pelican's DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"], applied in order as pelican.utils.slugify does
_RULES = tuple((re.compile(pattern, re.IGNORECASE), replacement)
               for pattern, replacement in ((r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")))


def slug(text: str, max_length: int | None = None) -> str:
    """'Gesang Dunzhu' -> 'gesang-dunzhu'; with `max_length`, cut after the last whole word that fits."""
    value = unidecode(unicodedata.normalize("NFKC", Markup(text).striptags()))
    for pattern, replacement in _RULES:
        value = pattern.sub(replacement, value)
    value = value.lower().strip().strip("-")
    if max_length and len(value) > max_length:
        head = value[: max_length + 1]
        value = (head.rsplit("-", 1)[0] if "-" in head else head[:max_length]).strip("-")
    return value

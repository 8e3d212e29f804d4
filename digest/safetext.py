"""Characters that must never reach a page, a feed or a name: normalised at ingest, refused at read time.

Scraped pages carry control characters, zero-width and bidirectional formatting marks, and
Unicode noncharacters (U+FFFE, U+FFFF), which make XML feeds ill-formed; an attacker can also
write a name with look-alike letters from another script ('Gе Qingmin' with a Cyrillic 'е'),
which the extractor would not recognise as a name at all.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# Control characters (tab and newline excepted), invisible formatting and bidirectional marks,
# surrogates and noncharacters.
UNSAFE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ud800-\udfff\ufdd0-\ufdef\ufff9-\ufffb\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U000e0000-\U000e007f]"
)

# Cyrillic and Greek letters that look like Latin ones, for words that mix scripts.
_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТХаеорсухіјѕԁӏЅІЈԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧοαν",
    "ABEKMHOPCTXaeopcyxijsdlSIJqwABEZHIKMNOPTYXoav",
)
_LATIN = re.compile(r"[A-Za-z]")
_OTHER = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]")
_WORD = re.compile(r"\w+")


def strip_unsafe(text: str) -> str:
    """`text` without unsafe characters, and with look-alike letters in mixed-script words made Latin."""
    text = UNSAFE_RE.sub("", text)
    if _OTHER.search(text):
        text = _WORD.sub(lambda m: _fold_word(m.group()), text)
    return text


def _fold_word(word: str) -> str:
    return word.translate(_LOOKALIKES) if _LATIN.search(word) and _OTHER.search(word) else word


def problem(text: str) -> str | None:
    """Why `text` cannot be shown as it is, or None: for errors that name the file and field."""
    match = UNSAFE_RE.search(text)
    if match:
        char = match.group()
        name = unicodedata.name(char, "a control or reserved character")
        return f"contains the invisible or forbidden character U+{ord(char):04X} ({name}); delete it"
    for word in _WORD.findall(text) if _OTHER.search(text) else ():
        if _LATIN.search(word) and _OTHER.search(word):
            return (f"the word {word!r} mixes Latin letters with Cyrillic or Greek look-alikes; "
                    "retype it in Latin letters")
    return None


def is_web_url(value: object) -> bool:
    """An absolute http(s) address with a host and nothing that could leave an HTML attribute."""
    if not isinstance(value, str) or re.search(r"[\s\"'<>`\\]", value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)

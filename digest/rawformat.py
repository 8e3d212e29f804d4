"""Read one raw county-site article (title, dateline, body, editor, footer) into plain data.

The raw form is what the scraper saved from a machine-translated page:

    <title>
    YYYY-MM-DD HH:MM:SS      Source: <outlet>
    <body paragraphs>
    Editor in charge: <name>
    Sponsor: <publisher> Address: <address> Tel: <tel>
    Website ID: <id> Public security record No.: <no> Record No.: <icp>
    Technical support: <vendor>

Real pages vary, so every step tolerates what scraped pages do and reports it as a warning;
only text that cannot be an article at all raises RawFormatError with the file and line.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from digest.dates import implausible
from digest.errors import RawFormatError
from digest.safetext import is_web_url, strip_unsafe

CHINA_TIME = timezone(timedelta(hours=8))
# A county news page is a few kilobytes and the longest work reports a few hundred; a bigger file
# is a scraping accident (a PDF dump, a whole site in one file) and would stall extraction for minutes.
MAX_RAW_BYTES = 1_000_000

FOOTER_LABELS: dict[str, tuple[str, ...]] = {
    # field -> labels seen on real pages (matched case-insensitively, longest first)
    "sponsor": ("Sponsor", "Sponsored by", "Copyright", "Organizer", "Hosted by", "Host unit"),
    "address": ("Address",),
    "tel": ("Tel", "Telephone", "Phone"),
    "website_id": ("Website ID", "Website identification code", "Website identifier"),
    "public_security_record": (
        "Public security record No.",
        "Public security record number",
        "Public Security Filing No.",
        "Public network security record No.",
    ),
    "icp_record": ("Record No.", "MIIT Filing No.", "ICP Filing No.", "ICP Record No.", "ICP No."),
    "technical_support": ("Technical support", "Technical Support Unit"),
}
FOOTER_FIELDS = tuple(FOOTER_LABELS)

_label_to_field = {label.lower(): name for name, labels in FOOTER_LABELS.items() for label in labels}
_label_pattern = "|".join(
    re.escape(label).replace(r"\ ", r"\s+") for label in sorted(_label_to_field, key=len, reverse=True)
)
# A label starts at a word boundary and is followed by a colon (ASCII after normalization).
FOOTER_LABEL_RE = re.compile(rf"(?<![\w.])({_label_pattern})\s*:", re.IGNORECASE)
EDITOR_RE = re.compile(r"(?:Editor[\s-]+in[\s-]+charge|Responsible\s+editor|Executive\s+editor)\s*:\s*", re.I)
DATELINE_RE = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})(?:[ T]+(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?"
    r"(?:\s*Source\s*:\s*(?P<source>.*)|(?<=:\d\d)\s*(?P<glued>[^\W\d].*))?$",  # '16:23:00China Tibet Online'
    re.I,
)
# A byline carrying the outlet and the date: 'By Zhi Xinghua Source:China Tibet News 2018-05-23'
# (the date and time are read by _read_stamp, as for the other datelines).
BYLINE_RE = re.compile(r"^By\b.*?(?:Source\s*:\s*(?P<source>.+?)\s*)?(?P<stamp>\d{4}[-./年]\d.*)$", re.I)
URL_LINE_RE = re.compile(r"^(?:Original\s+URL|Source\s+URL|URL|Link)\s*:\s*(?P<url>https?://\S+)\s*$", re.I)
IMAGE_LINE_RE = re.compile(r"^[^\s/\\][^/\\]{0,200}\.(?:jpe?g|png|gif|webp|bmp|tiff?)$", re.I)
# Tags, and a tag the scraper cut off: '<iframe width="100%" src="' with no '>' after it on the line.
# The cut tag ends with its last whole name=value attribute (or the name of the one cut open); the
# text after it is the article's, so it stays.
_ATTRIBUTE = r"""\s+[\w:-]++\s*=\s*(?:"(?!\s)[^"<>]*"|'(?!\s)[^'<>]*'|[^\s"<>]+)"""
TAG_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>"
                    rf"|</?[A-Za-z][\w:-]*(?:{_ATTRIBUTE})*(?:\s+[\w:-]+\s*=\s*[\"']?)?(?=[^>]*$)", re.S)
SPACES_RE = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass
class RawArticle:
    title: str
    date: datetime | None
    source: str | None
    editor: str | None
    url: str | None
    footer: dict[str, str | None]
    body: list[str]
    warnings: list[str] = field(default_factory=list)
    text_sha256: str = ""


@dataclass
class _Line:
    number: int  # 1-based line in the file
    text: str


def decode(data: bytes, path: str | Path | None = None) -> str:
    """Bytes to text: UTF-8 (BOM or not) or UTF-16 with a BOM; anything else is a clear error."""
    if not data.strip():
        raise RawFormatError(path, 1, "the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise RawFormatError(path, None, f"broken UTF-16 text ({exc.reason})") from None
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise RawFormatError(path, line, "contains NUL bytes: this is a binary file, not a raw article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RawFormatError(
            path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); re-save the file as UTF-8"
        ) from None
    return text


def clean_line(line: str) -> str:
    """Normalize one line: Unicode compatibility forms (full-width colons and spaces), no markup."""
    line = strip_unsafe(unicodedata.normalize("NFKC", line))
    # Entities can decode into tags ('&lt;script&gt;'), so strip tags until nothing changes.
    for _ in range(4 if ("<" in line or "&" in line) else 0):
        stripped = TAG_RE.sub(" ", html.unescape(line))
        if stripped == line:
            break
        line = stripped
    return SPACES_RE.sub(" ", strip_unsafe(line)).strip()  # again: entities can decode into U+FFFF


def text_fingerprint(lines: list[str]) -> str:
    """Hash of the normalized text: the same page fetched twice with other whitespace hashes alike."""
    joined = "\n".join(line for line in lines if line)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def parse_raw(text: str, path: str | Path | None = None) -> RawArticle:
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [_Line(n, clean_line(t)) for n, t in enumerate(raw_lines, start=1)]
    lines = [line for line in lines if line.text]
    if not lines:
        raise RawFormatError(path, 1, "no text: the file holds only whitespace or markup")
    warnings: list[str] = []
    url = None
    kept: list[_Line] = []
    for line in lines:
        match = URL_LINE_RE.match(line.text)
        if match and is_web_url(match["url"]):
            url = url or match["url"]
        elif match:
            warnings.append(f"line {line.number}: the URL line is not a plain http(s) address; dropped")
        else:
            kept.append(line)
    lines = kept

    lines = _drop_chrome(lines, warnings)
    if not lines:
        raise RawFormatError(path, 1, "no text: the file holds only page chrome (menus, links, URL lines)")
    date, source, lines = _find_dateline(lines, path, warnings)
    if not lines:
        raise RawFormatError(path, 1, "no text: the file holds only a dateline")
    title, rest = _headline(lines, warnings)
    body_lines, editor, footer_text, trailing = _split_footer(rest)
    footer = parse_footer(footer_text)
    if not footer_text:
        warnings.append("no footer (publisher, record numbers) on the page")
    else:
        missing = [name for name in FOOTER_FIELDS if not footer[name]]
        if missing:
            warnings.append("footer incomplete, missing: " + ", ".join(missing))
    if trailing:
        warnings.append(f"ignored {len(trailing)} line(s) after the footer (related-article titles)")

    body: list[str] = []
    images = 0
    for line in body_lines:
        if IMAGE_LINE_RE.match(line.text) and len(line.text.split()) <= 4:
            images += 1
            continue
        body.append(line.text)
    if images:
        warnings.append(f"dropped {images} image file name line(s) from the body")
    if not body:  # a page that is a headline and page furniture: the headline is all its text
        body = [title]
        if not any("no body text" in w for w in warnings):
            warnings.append("no body text: the headline is all the page holds")
    if editor is None:
        warnings.append("no 'Editor in charge' line")

    # Identity covers the article, not the page chrome around it (related titles, image names).
    footer_lines = [f"{name}: {value}" for name, value in footer.items() if value]
    header = [title, date.isoformat() if date else "", source or "", editor or "", url or ""]
    fingerprint = text_fingerprint(header + body + footer_lines)
    return RawArticle(
        title=title,
        date=date,
        source=source,
        editor=editor,
        url=url,
        footer=footer,
        body=body,
        warnings=warnings,
        text_sha256=fingerprint,
    )


# Site chrome scraped above the headline: breadcrumbs, language and accessibility switches.
CHROME_RE = re.compile(
    r"^(?:home\s*[>»/›]|current\s+(?:location|position)|you are here|location\s*:|language\s*:|"
    r"eyesight protection|font\s*size|text size|print\b|share\b|close\b|author\s*:|"
    r"(?:english|chinese)\s*\|)", re.I)
BREADCRUMB_RE = re.compile(r"^[^.!?]{1,60}(?:\s*[>»›]\s*[^.!?>»›]{1,60}){1,6}$")
# The headline: short, not a paragraph of sentences. Longer first lines are body text.
MAX_HEADLINE_CHARS = 200
SENTENCE_END_RE = re.compile(r"(?<=[.!?。])[\"”’)]*\s")
BRACKET_TAG_RE = re.compile(r"^\[[^\]]{1,30}\]\s*")  # '[Explanation]' in video scripts

_MONTHS = {m: n for n, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
# Labelled datelines of other outlets: 'Release time:Apr 13, 2024 20:41 PM', 'Updated: February
# 14, 2020', 'Pub Date:23-03-03 15:40 Source:cnanhui.org', 'Time:2022.09.02'.
DATE_LABEL_RE = re.compile(
    r"^(?:release\s*time|released(?:\s+on)?|published(?:\s+on)?|publication\s+date|pub\.?\s*date|"
    r"updated(?:\s+on)?|update\s*time|posted(?:\s+on)?|date|time)\s*:?\s*(?P<rest>.+)$", re.I)
# Month and day never 0: '2023-06-0' is a dateline cut short, not a date (the article stays undated).
_NUMERIC_DATE_RE = re.compile(r"^(?P<y>\d{4}|\d{2})[-./年](?P<m>0?[1-9]|1[0-2])[-./月](?P<d>0?[1-9]|[12]\d|3[01])日?(?!\d)")
_WORDY_DATE_RE = re.compile(r"^(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b")
_DAY_FIRST_DATE_RE = re.compile(r"^(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})\b")
_TIME_RE = re.compile(r"^[\s,T]*(?P<h>\d{1,2}):(?P<min>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[AP]M)?", re.I)
_SOURCE_RE = re.compile(r"\bSource\s*:\s*(?P<source>.+)$", re.I)
DATELINE_SEARCH = 4  # lines from the top where a dateline may stand (after chrome and the headline)


def _drop_chrome(lines: list[_Line], warnings: list[str]) -> list[_Line]:
    dropped = 0
    while dropped < min(6, len(lines) - 1) and (CHROME_RE.match(lines[dropped].text)
                                                 or BREADCRUMB_RE.match(lines[dropped].text)):
        dropped += 1
    if dropped:
        warnings.append(f"dropped {dropped} line(s) of page chrome above the headline")
    return lines[dropped:]


def read_dateline(text: str) -> tuple[tuple[int, int, int, int, int, int] | None, str | None] | None:
    """(year, month, day, hour, minute, second) and the source of a dateline, or None if `text` is none."""
    match = DATELINE_RE.match(text)
    byline = None if match else BYLINE_RE.match(text)
    if match:
        rest, source = text, (match["source"] or match["glued"] or "").strip() or None
    elif byline:
        rest, source = byline["stamp"], (byline["source"] or "").strip() or None
    else:
        labelled = DATE_LABEL_RE.match(text)
        if not labelled:
            return None
        rest = labelled["rest"].strip()
        found = _SOURCE_RE.search(rest)
        source = found["source"].strip() or None if found else None
    stamp = _read_stamp(rest)
    if stamp is None:
        return None
    return stamp, source


def _read_stamp(text: str) -> tuple[int, int, int, int, int, int] | None:
    found = _stamp_and_end(text)
    return found[0] if found else None


def text_after_label(text: str) -> str | None:
    """The words a labelled date stamp is glued to ('date 2023-02-18 Herders move ...', a corpus's
    prefix before the headline or first paragraph), or None when the line is only a dateline."""
    labelled = DATE_LABEL_RE.match(text)
    if not labelled or DATELINE_RE.match(text) or _SOURCE_RE.search(labelled["rest"]):
        return None
    found = _stamp_and_end(labelled["rest"].strip())
    if found is None:
        return None
    tail = labelled["rest"].strip()[found[1]:].strip(" ,;|-–—")
    return tail if len(tail.split()) >= 3 else None


def _stamp_and_end(text: str) -> tuple[tuple[int, int, int, int, int, int], int] | None:
    for pattern in (_NUMERIC_DATE_RE, _WORDY_DATE_RE, _DAY_FIRST_DATE_RE):
        match = pattern.match(text)
        if not match:
            continue
        year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
        month = int(match["m"]) if "m" in match.groupdict() else _MONTHS.get(match["mon"][:3].lower())
        if not month:
            return None
        clock = _TIME_RE.match(text[match.end():])
        hour = minute = second = 0
        if clock:
            hour, minute, second = int(clock["h"]), int(clock["min"]), int(clock["s"] or 0)
            if (clock["ampm"] or "").upper() == "PM" and hour < 12:
                hour += 12
        return (year, month, int(match["d"]), hour, minute, second), match.end() + (clock.end() if clock else 0)
    return None


def _find_dateline(lines: list[_Line], path, warnings: list[str]) -> tuple[datetime | None, str | None, list[_Line]]:
    for index, line in enumerate(lines[:DATELINE_SEARCH]):
        found = read_dateline(line.text)
        if found is None:
            continue
        stamp, source = found
        try:
            date = datetime(*stamp, tzinfo=CHINA_TIME)
        except ValueError:
            raise RawFormatError(path, line.number, f"the dateline has an impossible date or time: {line.text!r}") from None
        if why := implausible(date):
            raise RawFormatError(path, line.number, f"the dateline's date is implausible: {why}")
        if not any(stamp[3:]):
            warnings.append("the dateline has no time of day")
        if source is None:
            warnings.append("the dateline names no source")
        glued = text_after_label(line.text)
        if glued:
            warnings.append("the date stamp was glued to the text that follows it; the text is kept")
        return date, source, lines[:index] + ([_Line(line.number, glued)] if glued else []) + lines[index + 1:]
    warnings.append("no dateline: the article has no date; set 'date' by hand before it is published")
    return None, None, lines


def _headline(lines: list[_Line], warnings: list[str]) -> tuple[str, list[_Line]]:
    """The headline and the lines after it; a page without one gets its first sentence, said in a warning."""
    first = lines[0].text
    paragraph = len(first) > MAX_HEADLINE_CHARS or (len(first) > 120 and SENTENCE_END_RE.search(first + " "))
    if len(lines) > 1 and not paragraph and not BRACKET_TAG_RE.match(first):
        return first, lines[1:]
    if len(lines) == 1 and not paragraph:
        warnings.append("no body text: the headline is all the page holds")
        return first, lines
    warnings.append("no headline on the page: the title is the text's first sentence")
    # The first line with words besides a script's label ('[Sound bite]' alone is no sentence).
    text = next((t for t in (BRACKET_TAG_RE.sub("", line.text) for line in lines) if t.strip()), first)
    return first_sentence(text), lines


def first_sentence(text: str, limit: int = 160) -> str:
    end = SENTENCE_END_RE.search(text + " ")
    sentence = text[: end.start()].strip() if end else text.strip()
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def _split_footer(lines: list[_Line]) -> tuple[list[_Line], str | None, str, list[str]]:
    """Split the lines after the dateline into body, editor, footer text and trailing lines."""
    editor = None
    footer_parts: list[str] = []
    trailing: list[str] = []
    for index, line in enumerate(lines):
        editor_match = EDITOR_RE.search(line.text)
        label_match = FOOTER_LABEL_RE.match(line.text)
        if editor_match is None and label_match is None:
            continue
        body = list(lines[:index])
        if editor_match is not None:
            before = line.text[: editor_match.start()].strip()
            if before:  # the editor line glued to the last paragraph
                body.append(_Line(line.number, before))
            after = line.text[editor_match.end() :]
            label_in_line = FOOTER_LABEL_RE.search(after)
            if label_in_line:
                footer_parts.append(after[label_in_line.start() :])
                after = after[: label_in_line.start()]
            editor = after.strip(" .;,") or None
        else:
            footer_parts.append(line.text)
        for later in lines[index + 1 :]:
            if FOOTER_LABEL_RE.search(later.text):
                footer_parts.append(later.text)
            elif footer_parts and not _footer_complete(footer_parts):
                footer_parts.append(later.text)  # a footer line the page wrapped
            else:
                trailing.append(later.text)
        return body, editor, " ".join(footer_parts), trailing
    return list(lines), None, "", []


def _footer_complete(parts: list[str]) -> bool:
    """Technical support closes the footer; any plain line after it is a related-article title."""
    return any(re.search(r"Technical\s+support", part, re.I) for part in parts)


def parse_footer(text: str) -> dict[str, str | None]:
    footer: dict[str, str | None] = {name: None for name in FOOTER_FIELDS}
    matches = list(FOOTER_LABEL_RE.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        name = _label_to_field[re.sub(r"\s+", " ", match.group(1)).lower()]
        value = text[match.end() : end].strip(" ;,")
        if value and not footer[name]:
            footer[name] = value
    return footer


def read_raw_file(path: Path) -> RawArticle:
    try:
        size = path.stat().st_size
        if size > MAX_RAW_BYTES:
            raise RawFormatError(path, None, f"the file is {size:,} bytes, more than the {MAX_RAW_BYTES:,} "
                                 "an article can be: check what the scraper saved")
        data = path.read_bytes()
    except OSError as exc:
        raise RawFormatError(path, None, f"cannot read the file: {exc.strerror}") from None
    return parse_raw(decode(data, path), path)

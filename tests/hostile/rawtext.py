"""Synthetic raw articles in the scraper's format, for the hostile-input tests (never real news)."""

from __future__ import annotations

from pathlib import Path

FOOTER = (
    "Sponsor: Test County People's Government Address: No. 1 Test Road, Test County, Tibet Tel: 0891-0000000\n"
    "Website ID: 5401210001 Public security record No.: Zanggong Anbei No. 54012102000001 "
    "Record No.: Zang ICP Bei No. 2020000001-1\n"
    "Technical support: Tibet Media Group\n"
)


def raw_article(title: str, paragraphs: list[str], *, date: str = "2023-06-02 09:15:00",
                source: str = "Test County Media Center", editor: str = "Test Editor",
                footer: str = FOOTER, url: str | None = None) -> str:
    lines = [title, f"{date}      Source: {source}", ""]
    if url:
        lines += [f"Original URL: {url}", ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    lines += [f"Editor in charge: {editor}", "", footer]
    return "\n".join(lines)


def write_raw(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# A made-up story long enough for duplicate detection (more than duplicates.MIN_WORDS words).
STORY = [
    "On May 30, the test county held a meeting on summer pasture rotation and grassland ecological "
    "protection. Officials from nine townships reported on fencing, reseeding and the count of livestock.",
    "The meeting asked every township to finish the grassland survey before the end of June, to pay the "
    "ecological compensation on time and to train one ranger in each administrative village.",
    "Herders' representatives spoke about water points on the northern pasture and asked for two more "
    "veterinary stations before the autumn move.",
]

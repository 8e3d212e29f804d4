"""Where an article came from, for the provenance block on its page (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NOTICE = (
    "Machine translation: this text is an English machine translation of a page published in Chinese "
    "by a local government website. Names, titles and slogans may be rendered inaccurately."
)

# Footer fields worth showing, in the order the page footers give them.
RECORD_LABELS = (
    ("website_id", "Website ID"),
    ("public_security_record", "Public security record No."),
    ("icp_record", "ICP record No."),
)


@dataclass(frozen=True)
class Provenance:
    source: str | None
    publisher: str | None
    editor: str | None
    original_url: str | None
    records: list[tuple[str, str]] = field(default_factory=list)
    notice: str = NOTICE


def provenance(source: Any, editor: Any, original_url: Any, footer: Any) -> Provenance:
    footer = footer if isinstance(footer, dict) else {}

    def text(value: Any) -> str | None:
        return str(value).strip() or None if value is not None else None

    records = [(label, text(footer[key])) for key, label in RECORD_LABELS if text(footer.get(key))]
    url = text(original_url)
    if url and not url.startswith(("http://", "https://")):
        url = None  # only web addresses become links
    return Provenance(text(source), text(footer.get("sponsor")), text(editor), url, records)

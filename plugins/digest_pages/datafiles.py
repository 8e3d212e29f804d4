"""`data/entities.json` and `data/mentions.csv`: the digest's indexes as open data (pure).

Schemas are documented in the repository README ("Data files").
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Sequence

from .index import DigestIndex, Key

MENTION_COLUMNS = ["entity_id", "kind", "resolved", "article_url", "date", "surface", "positions", "in_footer"]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def entities_json(index: DigestIndex, entity_urls: dict[Key, str]) -> str:
    entities = []
    for key, stats in sorted(index.entities.items()):
        found = stats.gazetteer_entity
        record = {
            "id": stats.id,
            "kind": stats.kind,
            "name": stats.name,
            "url": entity_urls[key],
            "provisional": stats.provisional,
            "aliases": list(getattr(found, "variants", ()) or ()),
            "variants_seen": stats.variants_seen,
            "zh": getattr(found, "zh", None),
            "articles": len(stats.articles),
            "first_seen": _iso(stats.first_seen),
            "last_seen": _iso(stats.last_seen),
        }
        if stats.kind == "place":
            record.update(
                place_kind=getattr(found, "place_kind", None),
                parent=getattr(found, "parent", None),
                outside_tibet=bool(getattr(found, "outside_tibet", False)),
            )
        if stats.kind == "office":
            record["holders"] = [
                {"official": holding.official[1], "first_seen": _iso(holding.first_seen), "last_seen": _iso(holding.last_seen),
                 "articles": len(holding.articles)}
                for holding in stats.holdings
            ]
        if stats.kind == "official":
            record["positions"] = [
                {"position": row.position, "first_seen": _iso(row.first_seen), "last_seen": _iso(row.last_seen)}
                for row in stats.timeline
            ]
        entities.append(record)
    return json.dumps({"entities": entities}, ensure_ascii=False, indent=1) + "\n"


# A cell starting with one of these is run as a formula by spreadsheet programs; article text is
# scraped, so such a cell is written with a leading apostrophe (OWASP's advice for CSV files).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def mentions_csv(index: DigestIndex, article_urls: Sequence[str], article_dates: Sequence[datetime]) -> str:
    """One row per spelling per entity per article; unresolved places and campaigns have an empty
    entity_id and resolved=false, so curators can find what the gazetteer is missing. Places named
    only by the publisher's footer are listed with in_footer=true (they count on no page)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MENTION_COLUMNS)
    for i, mentions in enumerate(index.article_mentions):
        for key, mention in mentions:
            stats = index.entities.get(key) if key else None
            # known to the gazetteer: not a provisional official, not an uncurated derived office
            resolved = mention.entity_id is not None and not (stats and stats.provisional)
            for surface in mention.surfaces:
                writer.writerow(
                    [
                        key[1] if key else "",
                        mention.kind,
                        "true" if resolved else "false",
                        article_urls[i],
                        article_dates[i].isoformat(),
                        spreadsheet_safe(surface),
                        spreadsheet_safe("; ".join(mention.positions)),
                        "true" if mention.in_footer else "false",
                    ]
                )
    return out.getvalue()

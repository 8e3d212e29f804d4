"""Entity extraction: pure functions from an article's text and the gazetteer to tagged entities.

    from digest.extract import extract_entities
    extraction = extract_entities(title, body_paragraphs, footer, gazetteer)
    extraction.to_front_matter()  # {"officials": [...], "places": [...], "campaigns": [...]}

Each kind that ingest writes (digest.kinds.STORED) has an extractor `extract(article, gazetteer,
found)`; they run in registry order, and `found` holds what the earlier ones found (places leave
out persons the officials extractor found).
"""

from __future__ import annotations

from dataclasses import asdict, fields

from digest.extract.text import ArticleText
from digest.gazetteer import Gazetteer
from digest.kinds import STORED

__all__ = ["ArticleText", "Extraction", "extract_entities"]


class Extraction(dict):
    """Mentions by kind name: {"official": [...], "place": [...], ...}."""

    def to_front_matter(self, explain: bool = False) -> dict:
        """Plain, YAML-safe dicts in the shapes of docs/contracts.md (the mention classes' field order).
        `explain` keeps the fields that say why a mention was found (metadata stored=False), for inspect."""
        return {kind.plural: [_plain(m, explain) for m in self[kind.name]] for kind in STORED}


def _plain(mention, explain: bool) -> dict:
    data = asdict(mention)
    for f in fields(mention):
        if not explain and f.metadata.get("stored", True) is False:
            del data[f.name]
    return data


def extract_entities(title: str, body: list[str], footer: dict[str, str | None], gazetteer: Gazetteer) -> Extraction:
    article = ArticleText(title, body, footer or {})
    found = Extraction()
    for kind in STORED:
        found[kind.name] = kind.extract()(article, gazetteer, found)
    return found

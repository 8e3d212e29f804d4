"""Pelican plugin: pages per entity kind (officials, places, campaigns, offices: digest.kinds),
overviews, digests, feeds, data files.

See README.md in this folder for the settings, the templates a theme provides and the context each
template gets.
"""

from __future__ import annotations

from pelican import signals

from .memofilters import date_text, plain_summary
from .generator import DigestGenerator
from .kinds import default_settings
from .mentions import link_mentions
from .reader import DigestMarkdownReader


def set_default_settings(pelican) -> None:
    settings = pelican.settings
    for key, value in default_settings().items():
        settings.setdefault(key, value)
    settings["JINJA_FILTERS"] = {**(settings.get("JINJA_FILTERS") or {}), "link_mentions": link_mentions,
                                "date_text": date_text, "plain_summary": plain_summary}


def use_digest_reader(readers) -> None:
    for extension in DigestMarkdownReader.file_extensions:
        readers.reader_classes[extension] = DigestMarkdownReader


def add_generator(pelican):
    return DigestGenerator


def summaries_only(context, feed) -> None:
    """Feeds carry summaries, never full text: full text per entity feed made a 10k-article site
    three times larger. Pelican's Atom items hold the full text in 'content'."""
    for item in feed.items:
        if item.get("content") is not None:
            item["description"] = item["description"] or item["content"]
            item["content"] = None


def skip_unwritten_groupings(generator) -> None:
    """No category, author or tag pages are written (their *_SAVE_AS are empty), yet Pelican lists
    each one's articles by date first, testing every article against a list of the group's: the
    one category and the one author every article has cost ~N^2/2 comparisons, 0.5 s each at
    10,000 articles and over 8 minutes each at 100,000."""
    for group, save_as in (("categories", "CATEGORY_SAVE_AS"), ("authors", "AUTHOR_SAVE_AS"), ("tags", "TAG_SAVE_AS")):
        if not generator.settings.get(save_as):
            setattr(generator, group, type(getattr(generator, group))())  # categories and authors are lists, tags a dict


def fix_addresses(generator) -> None:
    """Each article's address, computed once. Pelican formats `url` and `save_as` from the settings
    on every access (~70,000 times a build at 10,000 articles: every chip, list, feed and related
    link); nothing they are made of changes once the articles are read, and `override_url` /
    `override_save_as` are how Pelican itself gives a content object a fixed address."""
    for article in (*generator.articles, *generator.translations, *generator.drafts, *generator.drafts_translations):
        article.override_url, article.override_save_as = article.url, article.save_as


def register() -> None:
    signals.initialized.connect(set_default_settings)
    signals.article_generator_finalized.connect(skip_unwritten_groupings)
    signals.article_generator_finalized.connect(fix_addresses)
    signals.readers_init.connect(use_digest_reader)
    signals.get_generators.connect(add_generator)
    signals.feed_generated.connect(summaries_only)

"""Campaigns: lexicon matches grouped by id, and campaign-like quoted phrases reported as candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from digest.extract.text import ArticleText, PhraseMatcher, per_gazetteer
from digest.gazetteer import Entity, Gazetteer, normalize

ARTICLES = frozenset({"the", "a", "an"})
# Double quotes are paired in order, straight or curly, so a long quote never pairs its closing mark
# with the next quote's opening one; single quotes only as a curly pair or around whole words.
_DOUBLE_MARK = re.compile(r'["“”]')
_SINGLE_QUOTED = re.compile(r"‘([^’\n]{2,80})’|(?<!\w)'([^'\n]{2,60})'(?!\w)")
MAX_QUOTE_CHARS = 120
# Numbered formulas ('five competitions', 'one hundred days') are how campaigns are named in Chinese.
_NUMBERED = re.compile(r"^(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|double|dual|twin|"
                       r"first|\d+)[ -]\w", re.IGNORECASE)
# Guideline classes that share the shape of a campaign name: spirits and meetings.
_NOT_CAMPAIGN_END = re.compile(r"\b(?:spirit|sessions?|meetings?|congress|plenary)$", re.IGNORECASE)
# Institutions ('two committees'), not formulations.
_INSTITUTION_END = re.compile(r"\b(?:committees?|bureaus?|offices?|departments?|groups?|compan(?:y|ies)|cooperatives?|"
                              r"schools?|hospitals?|cent(?:er|re)s?|theaters?|theatres?|associations?|networks?|halls?|museums?|"
                              r"parks?|stations?|bases?|squares?)$", re.I)
# Titles of works: named right after what they are.
_WORK_BEFORE = re.compile(r"\b(?:song|songs|dance|duet|trio|quartet|chorus|solo|performance|opera|play|drama|film|movie|"
                          r"book|poem|novel|documentary|exhibition|column|programme|program|show|entitled|titled|"
                          r"named|called)\W*$", re.I)
_CAMPAIGN_NOUN = re.compile(r"\b(?:strateg(?:y|ies)|campaigns?|movements?|initiatives?|programmes?|programs?|projects?|"
                            r"actions?)\b", re.I)
# Direct speech: first or second person, or a whole sentence.
_SPEECH = re.compile(r"\b(?:i|we|our|us|my|me)\b|[!?]$|\S+(?:\s+\S+){3,}[.。]$", re.I)
# A personal recollection ('I was used to "..."') quotes a feeling, not a formulation.
_FIRST_PERSON_SINGULAR = re.compile(r"\b(?:I|[Mm]e|[Mm]y)\b")
# Epithets ('known as the "source of Tibetan incense"') and what is criticised ('the phenomenon of
# "lying flat"') are quoted too.
_NOT_FORMULATION_BEFORE = re.compile(r"\b(?:known as|reputation of|reputation as|hailed as|dubbed|phenomen(?:on|a) of)"
                                     r"(?:\s+(?:the|a|an))?\W*$", re.I)
# An activity's theme is a slogan, whatever its case.
_THEME_BEFORE = re.compile(r"\b(?:theme|themed|theme of|slogan|slogan of)\W*$", re.I)
# 'point-to-point', 'strike-hard': one hyphenated word can be a whole formulation.
_HYPHENATED = re.compile(r"[A-Za-z]{2,}(?:-[A-Za-z]+)+")
# Names of songs, dances and shows are in title case; MT renders formulations in lower case.
_MINOR_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})
MAX_CANDIDATE_WORDS = 24  # parallel slogans: 'people have a skill, households have a way, ...'


def quoted(text: str) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of every quotation in `text`, marks paired in order."""
    found = []
    marks = [m.start() for m in _DOUBLE_MARK.finditer(text)]
    for opening, closing in zip(marks[0::2], marks[1::2]):
        if text[opening] != "”" and 2 <= closing - opening - 1 <= MAX_QUOTE_CHARS:
            found.append((opening, closing + 1, text[opening + 1:closing]))
    for match in _SINGLE_QUOTED.finditer(text):
        found.append((match.start(), match.end(), next(g for g in match.groups() if g is not None)))
    return sorted(found)


_SENTENCE_BREAK = re.compile(r"[.!?;。]\s")


def _sentence_around(text: str, start: int, end: int) -> str:
    opening = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    closing = _SENTENCE_BREAK.search(text, end)
    return text[opening:closing.start() if closing else len(text)]


@dataclass
class CampaignMention:
    name: str
    id: str | None
    surfaces: list[str] = field(default_factory=list)


@per_gazetteer
def campaign_matcher(gazetteer: Gazetteer) -> PhraseMatcher[Entity]:
    return PhraseMatcher(
        ((spelling, campaign) for campaign in gazetteer.campaigns.values() for spelling in campaign.variants), skip=ARTICLES
    )


def is_candidate(quote: str, before: str = "", sentence: str = "") -> bool:
    """A quoted formulation, whatever its words, unless it is direct speech, a title of a work, an
    epithet or an institution. `before` is the text just before the quote, `sentence` the sentence
    holding it."""
    phrase = quote.strip(" ,;:")
    words = phrase.rstrip(".").split()
    one_word = len(words) == 1 and _HYPHENATED.fullmatch(words[0])
    if not (1 < len(words) <= MAX_CANDIDATE_WORDS or one_word) or not any(c.isalpha() for c in phrase):
        return False
    if _NOT_CAMPAIGN_END.search(phrase) or _INSTITUTION_END.search(phrase) or _WORK_BEFORE.search(before):
        return False
    if _NOT_FORMULATION_BEFORE.search(before) or _FIRST_PERSON_SINGULAR.search(sentence):
        return False
    if _NUMBERED.match(phrase) or _CAMPAIGN_NOUN.search(phrase) or _THEME_BEFORE.search(before):
        return True
    if _SPEECH.search(phrase):
        return False
    significant = [w for w in words if w.lower() not in _MINOR_WORDS and w[:1].isalpha()]
    return not (len(significant) >= 2 and all(w[0].isupper() for w in significant))


def extract(article: ArticleText, gazetteer: Gazetteer, found: dict[str, list]) -> list[CampaignMention]:
    title, body, matcher = article.title, article.body, campaign_matcher(gazetteer)
    mentions: dict[str, CampaignMention] = {}

    def add(key: str, name: str, id: str | None, surface: str) -> None:
        mention = mentions.setdefault(key, CampaignMention(name=name, id=id))
        if surface not in mention.surfaces:
            mention.surfaces.append(surface)

    for text in (title, *body):
        found = []
        for match in matcher.find(text):
            found.append((match.start, match.end, match.value))
        for start, end, quote in quoted(text):
            inside = [f for f in found if f[0] < end and start < f[1]]
            if inside or not is_candidate(quote, text[max(0, start - 40):start], _sentence_around(text, start, end)):
                continue  # a lexicon campaign (or part of one), or a quote that is no campaign
            found.append((start, end, quote.strip(" .,;:")))
        for start, end, value in sorted(found, key=lambda f: f[0]):
            if isinstance(value, Entity):
                add(value.id, value.name, value.id, text[start:end])
            else:
                add("?" + normalize(value), value, None, value)
    return list(mentions.values())

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
_WORK_BEFORE = re.compile(r"\b(?:songs?|dances?|duets?|trios?|quartets?|chorus|solos?|performances?|operas?|plays?|dramas?|"
                          r"films?|movies?|books?|poems?|novels?|documentar(?:y|ies)|exhibitions?|columns?|programmes?|"
                          r"programs?|shows?|skits?|recitations?|works?|entitled|titled|named|called)"
                          r"(?:,?\s+(?:such as|including|like|namely))?\W*$", re.I)
# A quoted date ('the "July 1st" celebration') is a day, not a formulation.
_DATE = re.compile(r"^(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+"
                   r"\d{1,2}(?:st|nd|rd|th)?$", re.I)
# Quotes listed one after another share what stands before the first: 'songs such as "A", "B" and "C"'.
_BETWEEN_LISTED = re.compile(r"^\s*(?:,|、|;)?\s*(?:and|or)?\s*$")
_CAMPAIGN_NOUN = re.compile(r"\b(?:strateg(?:y|ies)|campaigns?|movements?|initiatives?|programmes?|programs?|projects?|"
                            r"actions?)\b", re.I)
# What is carried out, launched or studied is a programme: a verb of carrying out just before the quote.
_CARRIED_OUT_BEFORE = re.compile(r"\b(?:implement(?:s|ed|ing)?|carr(?:y|ies|ied|ying) out|launch(?:es|ed|ing)?|"
                                 r"promot(?:e|es|ed|ing)|deepen(?:s|ed|ing)?|advanc(?:e|es|ed|ing)|practi[cs](?:e|es|ed|ing)|"
                                 r"deploy(?:s|ed|ing)?|creat(?:e|es|ed|ing)|build(?:s|ing)?|built|start(?:s|ed|ing)?|"
                                 r"organi[sz](?:e|es|ed|ing)|held|hold(?:s|ing)?|conduct(?:s|ed|ing)?|adher(?:e|es|ed|ing) to|"
                                 r"focus(?:es|ed|ing)? on the|the theme of|"
                                 # ... or striven for: a slogan names a goal ('score "full marks"')
                                 r"scor(?:e|es|ed|ing)|aim(?:s|ed|ing)? (?:at|for)|achiev(?:e|es|ed|ing)|striv(?:e|es|ing) (?:for|to)|win(?:s|ning)?|"
                                 r"hand(?:s|ed|ing)? in|deliver(?:s|ed|ing)?|answer(?:s|ed|ing)?|writ(?:e|es|ing))(?:\s+(?:the|a|an|of|in|and|its|their))*\W*$", re.I)
# ... or a noun of an activity just after it: 'the "Book Fragrance Lhasa" ... recitation competition'.
_ACTIVITY_AFTER = re.compile(r"^\W*(?:[\w'’-]+\s+){0,7}?(?:activit(?:y|ies)|campaigns?|competitions?|contests?|actions?|"
                             r"projects?|programmes?|programs?|initiatives?|drives?|movements?|auditions?|performances?|galas?|"
                             r"education|model|system|plan|mechanism|work|classroom|festival|standards?|requirements?|principles?|"
                             r"goals?|targets?|concepts?|channels?|services?)\b", re.I)
# Quoted topics of a study ('Focusing on "the demand for talents" and "..."').
_TOPIC_BEFORE = re.compile(r"\b(?:focusing on|research(?:ed)? on|stud(?:y|ied) on|survey(?:ed)? on|topics? of|"
                           r"issues? of)(?:\s+(?:the|a|an))?\W*(?:\s*(?:and|,)\s*\W*)?$", re.I)
# Direct speech: first or second person, or a whole sentence.
_SPEECH = re.compile(r"\b(?:i|we|our|us|my|me)\b|[!?]$|\S+(?:\s+\S+){3,}[.。]$", re.I)
# A personal recollection ('I was used to "..."') quotes a feeling, not a formulation.
_FIRST_PERSON_SINGULAR = re.compile(r"\b(?:I|[Mm]e|[Mm]y)\b")
# Epithets ('known as the "source of Tibetan incense"') and what is criticised ('the phenomenon of
# "lying flat"') are quoted too.
_NOT_FORMULATION_BEFORE = re.compile(r"\b(?:known as|reputation of|reputation as|hailed as|dubbed|phenomen(?:on|a) of|"
                                     r"(?:dilemma|problem|contradiction|difficult(?:y|ies)|predicament)s? of)"
                                     r"(?:\s+(?:the|a|an))?\W*$", re.I)
# A superlative description ('the highest county in the world') is an epithet, not a programme.
_SUPERLATIVE = r"(?:most|least|best|worst|(?!(?:inter|har|for|hon|requ|prot|cont|sugg|inv|dig|arr|gu|ch|qu)est\b)\w{3,}est)\b"
_SUPERLATIVE_EPITHET = re.compile(rf"^(?:the\s+{_SUPERLATIVE}|the\b.*\b{_SUPERLATIVE}|{_SUPERLATIVE})", re.I)
# A pair of marks that spans a full stop has lost its closing mark: 'and "A.,Discuss ... of "B"'.
_SPANS_SENTENCES = re.compile(r"[.!?;。]\W*\s*[A-Z]")
# Ordinary English prefixed words ('self-study', 'co-operation') are vocabulary, not coinages.
_PREFIXED_WORD = re.compile(r"(?:self|co|re|non|anti|multi|inter|post|pre|semi|sub|super|cross|well|high|low|long|short)-\w+$", re.I)
# A name's epithet stands in apposition ('Changdu City, the "Pearl of eastern Tibet"'), and a term
# being explained is asked about ('what is "peace in all directions"?').
_APPOSITION_BEFORE = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*,\s+(?:the|a|an)\s*\W?$")
_QUESTIONED = re.compile(r"\bwhat (?:is|are|does|do|means?)\W*$", re.I)
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


def _blank(text: str, quotes: list[tuple[int, int, str]]) -> str:
    """`text` with every quotation replaced by spaces (same length, so offsets still hold)."""
    for start, end, _ in quotes:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _sentence_around(text: str, start: int, end: int) -> str:
    opening = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    closing = _SENTENCE_BREAK.search(text, end)
    return text[opening:closing.start() if closing else len(text)]


@dataclass
class CampaignMention:
    name: str
    id: str | None
    surfaces: list[str] = field(default_factory=list)
    # Why it is one: the lexicon, or what made a quoted phrase a candidate (shown by `digest inspect
    # --json`, not stored in articles: docs/contracts.md).
    evidence: str = field(default="", compare=False, metadata={"stored": False})


@per_gazetteer
def campaign_matcher(gazetteer: Gazetteer) -> PhraseMatcher[Entity]:
    return PhraseMatcher(
        ((spelling, campaign) for campaign in gazetteer.campaigns.values() for spelling in campaign.variants), skip=ARTICLES
    )


def evidence(quote: str, before: str = "", sentence: str = "", after: str = "") -> str | None:
    """Why a quoted phrase is a campaign candidate, or None when it is not one: direct speech, a
    title of a work, an epithet, an institution, a study topic, or a short phrase in scare quotes
    with nothing around it to say it is a programme. `before` and `after` are the text next to the
    quote, `sentence` the sentence holding it with its quotes blanked out."""
    phrase = quote.strip(" ,;:")
    words = phrase.rstrip(".").split()
    one_word = len(words) == 1 and _HYPHENATED.fullmatch(words[0])
    if not (1 < len(words) <= MAX_CANDIDATE_WORDS or one_word) or not any(c.isalpha() for c in phrase):
        return None
    if _NOT_CAMPAIGN_END.search(phrase) or _INSTITUTION_END.search(phrase) or _WORK_BEFORE.search(before):
        return None
    if _DATE.match(phrase) or _SUPERLATIVE_EPITHET.match(phrase) or _SPANS_SENTENCES.search(phrase):
        return None
    if _NOT_FORMULATION_BEFORE.search(before) or _FIRST_PERSON_SINGULAR.search(sentence):
        return None
    if _NUMBERED.match(phrase):
        return "a numbered formula"
    if _CAMPAIGN_NOUN.search(phrase):
        return "a programme word in the phrase"
    if _THEME_BEFORE.search(before):
        return "the theme of an activity"
    if _TOPIC_BEFORE.search(before):
        return None
    significant = [w for w in words if w.lower() not in _MINOR_WORDS and w[:1].isalpha()]
    title_case = len(significant) >= 2 and all(w[0].isupper() for w in significant)
    if _ACTIVITY_AFTER.match(after):
        return "an activity's name" if title_case else "the name of what is carried out"
    if _SPEECH.search(phrase) or title_case or _APPOSITION_BEFORE.search(before) or _QUESTIONED.search(before):
        return None
    if _CARRIED_OUT_BEFORE.search(before):
        return "what is carried out"
    if one_word:
        return None if _PREFIXED_WORD.match(phrase) else "a coined compound"
    if len(words) <= 2:
        return None  # scare quotes: 'inject "Zhejiang power"', 'the "ghost land"'
    return "a quoted formulation"


def _list_ends(text: str, quotes: list[tuple[int, int, str]]) -> list[int]:
    """For each quote, where the list of quotes it stands in ends: 'the "A" and "B" performance'."""
    ends = [end for _, end, _ in quotes]
    for number in range(len(quotes) - 2, -1, -1):
        if _BETWEEN_LISTED.match(text[quotes[number][1]:quotes[number + 1][0]]):
            ends[number] = ends[number + 1]
    return ends


def extract(article: ArticleText, gazetteer: Gazetteer, found: dict[str, list]) -> list[CampaignMention]:
    title, body, matcher = article.title, article.body, campaign_matcher(gazetteer)
    mentions: dict[str, CampaignMention] = {}

    def add(key: str, name: str, id: str | None, surface: str, why: str) -> None:
        mention = mentions.setdefault(key, CampaignMention(name=name, id=id, evidence=why))
        if surface not in mention.surfaces:
            mention.surfaces.append(surface)

    for text in (title, *body):
        found = []
        for match in matcher.find(text):
            found.append((match.start, match.end, match.value))
        quotes = quoted(text)
        unquoted = _blank(text, quotes)  # who speaks is read outside the quotes
        list_start = 0  # where the text before a list of quotes begins
        list_ends = _list_ends(text, quotes)  # ... and where the text after it
        for number, (start, end, quote) in enumerate(quotes):
            if number == 0 or not _BETWEEN_LISTED.match(text[quotes[number - 1][1]:start]):
                list_start = start
            inside = [f for f in found if f[0] < end and start < f[1]]
            why = None if inside else evidence(quote, text[max(0, list_start - 40):list_start],
                                               _sentence_around(unquoted, start, end),
                                               text[list_ends[number]:list_ends[number] + 80])
            if why:  # else a lexicon campaign (or part of one), or a quote that is no campaign
                found.append((start, end, (quote.strip(" .,;:"), why)))
        for start, end, value in sorted(found, key=lambda f: f[0]):
            if isinstance(value, Entity):
                add(value.id, value.name, value.id, text[start:end], "in the campaigns lexicon")
            else:
                add("?" + normalize(value[0]), value[0], None, value[0], value[1])
    return list(mentions.values())

"""Officials: named persons with the positions the text gives them at that date.

Three shapes cover the machine-translated news: 'Name, position and position, ...' (also for
lists: 'A, B and C, municipal leaders, ...'), a title before the name ('Vice Mayor Name',
'county leaders A and B', 'The team leader, Name, who is also ...'), and officials already in
the registry named without a position.
Persons with no position (villagers, reporters) are not officials. Names are never merged by
likeness: only the same spelling, or spellings the registry lists for one official, are one person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from digest.extract.places import place_matcher
from digest.extract.text import ArticleText, PhraseMatcher, per_gazetteer, sentences
from digest.gazetteer import Entity, Gazetteer, normalize

_NAME_TOKEN = re.compile(r"^[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)?$")
# Capitalized words that are never part of a personal name in this corpus.
_NOT_NAME = frozenset("""
the this that these those a an and or of in on at to for by with from as after before during since under over
recently meanwhile also then today yesterday later afterwards finally first second third next last however
he she they we it his her their our its i you mr ms mrs dr comrade comrades according
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
secretary secretaries mayor mayors deputy vice member members director leader leaders head chairman chairwoman
governor magistrate commander commissar president premier minister chief executive standing general
party committee committees municipal county district city provincial prefectural regional autonomous region
government people peoples cpc communist central national congress bureau department office group working
team leading work conference meeting forum council court procuratorate association federation union
chinese china tibet tibetan han xinhua news center centre media online daily
spirit thought new year state province village township town street road
leads visits meets attends inspects holds calls urges stresses investigates presides chairs delivers opens
festival day
""".split())

POSITION_START = frozenset("""
member members secretary deputy vice executive standing mayor head director leader leaders chairman chairwoman
governor magistrate commander political president premier minister chief party county municipal district city
prefectural provincial regional general first captain inspector procurator team village township town senior
acting permanent assistant cpc autonomous principal
""".split())
POSITION_NOUN = re.compile(
    r"\b(?:secretary|secretaries|mayor|mayors|member|members|head|director|leader|leaders|chairman|chairwoman|"
    r"governor|magistrate|commander|commissar|commissioner|president|premier|minister|chief|captain|inspector|procurator|"
    r"principal|cadres?|agronomist|engineer|veterinarian|economist)\b",  # professional grades are posts in a bureau
    re.IGNORECASE,
)
# A verb ends a position phrase the translation did not close with a comma.
_VERB_TAIL = re.compile(
    r"\s+(?:said|says|pointed|presided|attended|stressed|emphasized|emphasised|delivered|made|went|visited|inspected|"
    r"led|chaired|noted|spoke|called|urged|hoped|required|put|expressed|conveyed|announced|listened|introduced|"
    r"participated|took|gave|met|received|investigated|demanded|asked|encouraged|extended|joined|was|were|is|are|has|have)\b.*$",
    re.IGNORECASE,
)
_LEADING_FILLER = re.compile(
    r"^(?:(?:and|also|as|the|a|an|who|is|was|former|formerly|then|now|currently|current|once|previously|later|"
    r"has been|had been|served as|serves as|serving as|works as|worked as|acting as)\s+)+", re.IGNORECASE)
_ORDINAL = re.compile(r"^(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
                      r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)$",
                      re.IGNORECASE)
# What English puts between a name and its post without ending the apposition: an age ('Baima, 78,
# who once served as ...'), a year or a date.
_BETWEEN_NAME_AND_POST = re.compile(r"^(?:aged\s+)?\d{1,3}(?:\s+years?\s+old)?$|^(?:in|since)\s+\d{4}$", re.IGNORECASE)
_TITLE_HEAD = (  # singular or plural: 'Vice mayors A and B'
    r"(?:[Ss]ecretar(?:y|ies)|[Mm]ayors?|[Gg]overnors?|[Mm]agistrates?|[Dd]irectors?|[Cc]hairm[ae]n|[Cc]hairwom[ae]n|"
    r"[Ll]eaders?|[Hh]eads?|[Cc]ommissars?|[Cc]ommissioners?|[Cc]ommanders?|[Pp]residents?|[Pp]remiers?|[Mm]inisters?|"
    r"[Cc]hiefs?|[Cc]aptains?|[Ii]nspectors?|[Pp]rocurators?)"
)
# Words a title may carry before its head noun ('county party secretary', 'company commander');
# any capitalized word may, too ('Lhasa Municipal Party Committee Secretary').
_MODIFIER = re.compile(
    r"^(?:[A-Z][\w'’]*|executive|deputy|vice|first|general|party|county|municipal|city|district|township|town|village|"
    r"prefectural|provincial|regional|standing|committee|acting|team|group|leading|company|battalion|regiment|brigade|"
    r"detachment|squad|platoon|station|bureau|department|office)$"
)
MAX_MODIFIERS = 6
_NAME = r"[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)?(?:\s[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)?)?"
# The head noun and the names after it; the modifiers before it are collected word by word, which
# is much cheaper than letting the regex try every word of the sentence as a title's start.
_TITLED = re.compile(rf"\b({_TITLE_HEAD})\s+({_NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_NAME})*)")
# 'The team leader, Liu Bo, who is also ...': a title closing the clause before a name.
_CLAUSE_ENDS_WITH_TITLE = re.compile(rf"\b({_TITLE_HEAD})$")
# A short aside after a name: 'Bhutse (Chinese: Puci)', 'Deji (first from left)'.
_ASIDE = re.compile(r"\s*\([^()]{1,40}\)")
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
# 'a "point-to-point" cadre in Nimu County': an appositive with an indefinite article names a post
# when its head noun comes within a few words.
_INDEFINITE_POST = re.compile(rf"^an?\s+(?:\S+\s+){{0,4}}?{POSITION_NOUN.pattern}", re.IGNORECASE)
# 'Now he is a member of ...': the post of the person the previous sentence named.
_PRONOUN_POST = re.compile(r"^(?:(?:now|currently|at present|today),?\s+)?(?:he|she)\s+(?:is|serves as|works as)\s+"
                           r"(?:now\s+|currently\s+|also\s+)?(.+)$", re.IGNORECASE)
# One pinyin syllable ('Xu', 'Wang') is a surname: alone it names nobody. 'Governor Xu' in a caption
# is the article's Xu Dazhe when the article names one Xu.
_SYLLABLE = re.compile(r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:i?ang|i?ong|uang|eng|ing|ian|iao|uai|uan|ai|ei|ao|ou|an|en|"
                       r"er|in|un|ia|ie|iu|ua|uo|ui|ue|a|o|e|i|u|v)", re.IGNORECASE)


@dataclass
class OfficialMention:
    name: str
    id: str | None
    positions: list[str] = field(default_factory=list)


NAMES_FILE = Path(__file__).with_name("names.yaml")


@cache
def surnames() -> frozenset[str]:
    """The Chinese surnames curators list in names.yaml, lower case."""
    data = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8")) or {}
    return frozenset(str(word).casefold() for word in data.get("surnames") or ())


def _is_name_token(word: str, first: bool = False, followed: bool = False) -> bool:
    """A word of a personal name. A surname that is also a common word ('He', 'Han') only as the
    first of two or more words: 'Han Mingsi', never 'Han' alone."""
    if not _NAME_TOKEN.match(word):
        return False
    folded = word.casefold()
    return folded not in _NOT_NAME or (first and followed and folded in surnames())


def _split_names(words: list[str], max_tokens: int) -> list[str] | None:
    """'A B and C D' -> ['A B', 'C D']; None unless every part is a 1..max_tokens-word name."""
    names, current = [], []
    words = words + ["and"]
    for i, word in enumerate(words):
        if word == "and":
            if not 1 <= len(current) <= max_tokens:
                return None
            names.append(" ".join(current))
            current = []
        elif _is_name_token(word, first=not current, followed=_is_name_token(words[i + 1])):
            current.append(word)
        else:
            return None
    return names


# Pinyin run together in lower case ('luosangdanzhen') is a name too: three or more syllables and
# nothing else. Alone in a segment it names someone only when a post follows, as any name does.
_RUN_TOGETHER_PINYIN = re.compile(rf"(?:{_SYLLABLE.pattern}){{3,}}")


def _full_names(segment: str) -> list[str] | None:
    """The names when the whole comma-separated segment is a name or a list of names."""
    words = _LEADING_FILLER.sub("", segment).split()
    if len(words) == 1 and len(words[0]) >= 7 and words[0].islower() and _RUN_TOGETHER_PINYIN.fullmatch(words[0]):
        return words
    return _split_names(words, max_tokens=3)


def _trailing_names(segment: str) -> list[str]:
    """Names that end a clause: 'the meeting was presided over by Ge Qingmin'."""
    words = segment.split()
    tail: list[str] = []
    while words and (words[-1] == "and" or _is_name_token(words[-1], first=True, followed=bool(tail) and tail[0] != "and")):
        tail.insert(0, words.pop())
    while tail and tail[0] == "and":
        tail.pop(0)
    return _split_names(tail, max_tokens=2) or [] if tail else []


_QUOTES = "\"“”'"


def clean_position(text: str) -> str:
    text = _LEADING_FILLER.sub("", text.strip())  # first, so 'who is also deputy secretary' keeps its position
    text = _VERB_TAIL.sub("", text)
    text = _LEADING_FILLER.sub("", text).strip(" .,，;:")
    # a quote mark at an end goes unless it closes a quote the position keeps: '"point-to-point" cadre'
    while text and text[0] in _QUOTES and sum(text.count(q) for q in _QUOTES) % 2:
        text = text[1:].lstrip()
    while text and text[-1] in _QUOTES and sum(text.count(q) for q in _QUOTES) % 2:
        text = text[:-1].rstrip(" .,，;:")
    return re.sub(r"\s+", " ", text)


def as_positions(segment: str) -> list[str] | None:
    """'deputy secretary of the X Committee and mayor' -> two positions; None if not a position phrase."""
    text = clean_position(segment)
    words = text.split()
    if not words or len(words) > 30:
        return None
    # 'Tibet Autonomous Region chairman': a capitalized body, then the post.
    named_body = (words[0][:1].isupper() and len(words) <= 8 and POSITION_NOUN.fullmatch(words[-1])
                  and not _VERB_TAIL.search(segment))  # 'Nagqu leaders visited ...' is a clause, not a post
    indefinite = _INDEFINITE_POST.match(segment.strip())
    # 'the ninth batch of Tibetan aid cadres of the central unit': a cadre's batch is his post there
    batch = _ORDINAL.match(words[0])
    if words[0].casefold() not in POSITION_START and not named_body and not indefinite and not batch:
        return None
    parts, current = [], []
    for i, word in enumerate(words):
        following = [w.casefold() for w in words[i + 1 : i + 3]]
        if following and following[0] in ("the", "a", "an"):
            following = following[1:]  # 'and the executive deputy secretary'
        if word.casefold() == "and" and following and following[0] in POSITION_START and current:
            parts.append(" ".join(current))
            current = []
        else:
            current.append(word)
    parts.append(" ".join(current))
    parts = [clean_position(p) for p in parts if p]
    if not parts or not all(POSITION_NOUN.search(p) for p in parts):
        return None
    return parts


class _Collector:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.found: dict[str, OfficialMention] = {}
        self.together: list[list[str]] = []  # names the text lists together: 'A and B', 'accompanied by C and D'

    def add(self, name: str, positions: list[str]) -> None:
        entity = self.gazetteer.resolve("official", name)
        key = entity.id if entity else normalize(name)
        mention = self.found.setdefault(key, OfficialMention(name=name, id=entity.id if entity else None))
        known = {normalize(p) for p in mention.positions}
        for position in positions:
            if normalize(position) not in known:
                mention.positions.append(position)
                known.add(normalize(position))

    def add_companions(self) -> None:
        """A name listed with officials of the article is one too, when the text gives no post for
        him: 'Li and Zhang, accompanied by Wu Yingjie and Qi Zara' (Qi Zara spelled elsewhere as Zizara)."""
        def official(name: str) -> bool:
            entity = self.gazetteer.resolve("official", name)
            mention = self.found.get(entity.id if entity else normalize(name))
            return mention is not None and bool(mention.positions or mention.id)
        for names in self.together:
            if any(official(n) for n in names):
                for name in names:
                    if not _SYLLABLE.fullmatch(name):
                        self.add(name, [])

    def _merge_lost_possessives(self) -> None:
        """'General Secretary Xi Jinpings entrustment' is Xi Jinping's, its apostrophe stripped:
        a name ending in s is the same person as the name without it, named here or known."""
        for key, mention in list(self.found.items()):
            if mention.id or not mention.name.endswith("s"):
                continue
            stem = mention.name[:-1]
            if self.gazetteer.resolve("official", stem) or normalize(stem) in self.found:
                del self.found[key]
                self.add(stem, mention.positions)

    def mentions(self) -> list[OfficialMention]:
        self._merge_lost_possessives()
        found = list(self.found.values())
        people = [m for m in found if not (m.id is None and _SYLLABLE.fullmatch(m.name))]
        for surname in (m for m in found if m not in people):
            bearers = [m for m in people if m.name.split()[0] == surname.name]
            if len(bearers) == 1:
                self.add(bearers[0].name, surname.positions)
        return people


def _is_place(name: str, places: PhraseMatcher[Entity]) -> bool:
    # 'Zeni', 'Naqu City' are places; a person may still carry a place-like given name ('Tashi Lasa').
    return places.starts(name.split())


def _title_ending_at(before: str, head: str) -> str:
    """The head noun with the modifiers written before it: 'Lhasa Municipal Party Committee Secretary'."""
    words = before.split()
    modifiers: list[str] = []
    while words and len(modifiers) < MAX_MODIFIERS and _MODIFIER.match(words[-1]):
        modifiers.insert(0, words.pop())
    while modifiers and modifiers[0].casefold() in _NOT_NAME and modifiers[0].casefold() not in POSITION_START:
        modifiers.pop(0)  # 'Recently Vice Mayor' -> 'Vice Mayor'
    return " ".join(modifiers + [head])


def _titled_name(text: str, places: PhraseMatcher[Entity]) -> str | None:
    """The name in a clause that opens with its title: '(and) the mayor Zhang Guoqing rate in ...'."""
    m = _TITLED.search(text)
    if not m:
        return None
    before = text[: m.start()].split()
    if len(before) > MAX_MODIFIERS + 2 or not all(_MODIFIER.match(w) or w.casefold() in ("and", "the", "also") for w in before):
        return None
    name = _LIST_SEPARATOR.split(m.group(2))[0]
    return name if _split_names(name.split(), 3) and not _is_place(name, places) else None


def _scan_sentence(sentence: str, places: PhraseMatcher[Entity], out: _Collector) -> list[str]:
    """Adds the sentence's officials to `out`; returns every person it names, with a post or not."""
    # Title before the name, in the order the text gives them.
    events: list[tuple[int, str, list[str]]] = []
    for m in _TITLED.finditer(sentence):
        title = _title_ending_at(sentence[: m.start()], m.group(1))
        names = [n for n in _LIST_SEPARATOR.split(m.group(2)) if n and not _is_place(n, places)]
        names = [n for n in names if _split_names(n.split(), 3) == [n]]
        if title and names:
            for name in names:
                events.append((m.start(2), name, [title]))
    # Name(s), then positions between commas.
    offset = 0
    group: list[str] = []
    place_named: list[str] = []
    group_start = 0
    attached = False
    previous = ""
    persons: list[str] = []
    # In a sentence that gives titles before names ('the party secretary A, the deputy secretary of
    # X, and the mayor B'), posts between two names are the next name's.
    title_first, pending = False, []
    for segment in re.split(r"(?<=[,，])", sentence):
        start, offset = offset, offset + len(segment)
        text = segment.rstrip(",， ").strip()
        if (group or place_named) and not attached and _BETWEEN_NAME_AND_POST.match(text):
            continue
        titled = _titled_name(text, places)
        if titled:
            events.extend((start, titled, [p]) for p in pending)
            pending, title_first = [], True
            group, attached, group_start, place_named = [titled], False, start, []
            persons.append(titled)
            previous = text
            continue
        positions = as_positions(text) if group or place_named else None
        if positions and title_first:
            pending += positions
            continue
        if positions:
            # 'Bianba, Secretary of ...': a place's name directly followed by a position is a person's.
            for name in group or place_named:
                events.append((group_start, name, positions))
            attached, place_named = True, []
            continue
        if pending:  # no name followed: the posts were the last name's after all
            events.extend((start, name, pending) for name in group)
            pending = []
        title_first = False
        names = _full_names(_ASIDE.sub("", text))
        place_named = names if names and len(names) == 1 and _is_place(names[0], places) and not group else []
        if place_named:
            group_start = start
        if names and not any(_is_place(n, places) for n in names):
            if len(names) > 1:
                out.together.append(names)
            if attached:
                group, attached = [], False
            if not group:
                group_start = start
                title = _CLAUSE_ENDS_WITH_TITLE.search(previous)
                if title:
                    events += [(start, name, [_title_ending_at(previous[: title.start()], title.group(1))]) for name in names]
            group += names
            persons += names
            previous = text
            continue
        previous = text
        trailing = _trailing_names(_ASIDE.sub("", text))
        group, attached, group_start = [n for n in trailing if not _is_place(n, places)], False, start
        if len(group) > 1:
            out.together.append(group)
        # '[Concurrent] Nima Zhuoga, senior agronomist': a two-word name may open with a county's name
        if not group and len(trailing) == 1 and len(trailing[0].split()) > 1:
            place_named = trailing
        persons += group
    if pending:
        events.extend((offset, name, pending) for name in group)
    for _, name, positions in sorted(events, key=lambda e: e[0]):
        out.add(name, positions)
    return persons


@per_gazetteer
def official_matcher(gazetteer: Gazetteer) -> PhraseMatcher[Entity]:
    return PhraseMatcher((spelling, o) for o in gazetteer.officials.values() for spelling in o.variants)


def extract(article: ArticleText, gazetteer: Gazetteer, found: dict[str, list]) -> list[OfficialMention]:
    title, body = article.title, article.body
    places, registry = place_matcher(gazetteer), official_matcher(gazetteer)
    out = _Collector(gazetteer)
    # Titles are in Title Case ('County Leaders Investigate Grassland Protection'), where a title
    # before a name cannot be told from a headline verb: names with positions come from the body.
    for text in body:
        named: list[str] = []
        for sentence in sentences(text):
            pronoun = _PRONOUN_POST.match(sentence)
            positions = as_positions(pronoun.group(1)) if pronoun and len(set(named)) == 1 else None
            if positions:
                out.add(named[0], positions)
            named = _scan_sentence(sentence, places, out)
    for text in (title, *body):
        # Officials the registry knows count even when this article gives no position.
        for match in registry.find(text):
            surface = text[match.start : match.end]
            if surface[0].isupper():
                out.add(surface, [])
    out.add_companions()
    return out.mentions()

"""Tokens, sentences and a longest-match phrase matcher shared by the extractors."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Callable, Generic, Iterable, Iterator, NamedTuple, TypeVar

from digest.gazetteer import normalize

T = TypeVar("T")


@dataclass(frozen=True)
class ArticleText:
    """What every extractor reads: the title, the body paragraphs and the publisher's footer."""

    title: str
    body: list[str]
    footer: dict[str, str | None]


def per_gazetteer(build: Callable[..., T]) -> Callable[..., T]:
    """Cache `build(gazetteer)`: building a matcher costs more than extracting one article, and
    ingest reuses one gazetteer. (A Gazetteer is unhashable: keyed by identity, checked alive.)"""
    cache: dict[int, tuple[weakref.ref, T]] = {}

    @wraps(build)
    def cached(gazetteer) -> T:
        hit = cache.get(id(gazetteer))
        if hit and hit[0]() is gazetteer:
            return hit[1]
        value = build(gazetteer)
        cache[id(gazetteer)] = (weakref.ref(gazetteer), value)
        return value

    return cached

# A word keeps inner apostrophes ("Sa'gya", "Ga'er") but not a possessive "'s" ("Shigatse's").
_WORD = re.compile(r"[^\W_]+(?:['’ʼ](?!s\b)[^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?;。])\s+")


class Token(NamedTuple):  # a tuple, not a frozen dataclass: built for every word, 3x cheaper
    key: str  # normalized: lower-case, no diacritics, no apostrophes
    start: int
    end: int


def _key(word: str) -> str:
    # Plain ASCII words (nearly all of them) skip the Unicode decomposition: same result, 5x faster.
    if word.isascii() and "'" not in word:
        return word.lower()
    return normalize(word)


_new_token = tuple.__new__  # skips NamedTuple's Python-level __new__: tokenizing is the hot loop


@lru_cache(maxsize=512)  # places, campaigns and officials all scan the same paragraphs
def tokens(text: str) -> tuple[Token, ...]:
    if text.isascii():  # lower-case the whole text at once; offsets stay the same for ASCII
        return tuple(
            _new_token(Token, (w if "'" not in w else normalize(w), m.start(), m.end()))
            for m in _WORD.finditer(text.lower())
            for w in (m.group(),)
        )
    return tuple(_new_token(Token, (_key(m.group()), m.start(), m.end())) for m in _WORD.finditer(text))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


@dataclass(frozen=True)
class Match(Generic[T]):
    value: T
    start: int  # character offsets in the scanned text
    end: int


class PhraseMatcher(Generic[T]):
    """Finds the longest known phrase at each token, left to right, never overlapping."""

    def __init__(self, phrases: Iterable[tuple[str, T]], skip: frozenset[str] = frozenset()):
        # `skip` words (articles) are ignored in phrases and text: "sweeping away the black" = "sweeping away black"
        self._skip = skip
        self._by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        self._phrases: set[tuple[str, ...]] = set()
        for phrase, value in phrases:
            keys = tuple(t.key for t in tokens(phrase) if t.key not in skip)
            if keys:
                self._by_first.setdefault(keys[0], []).append((keys, value))
                self._phrases.add(keys)
        for options in self._by_first.values():
            options.sort(key=lambda option: -len(option[0]))

    def find(self, text: str) -> Iterator[Match[T]]:
        toks = tokens(text)
        if self._skip:
            toks = [t for t in toks if t.key not in self._skip]
        by_first = self._by_first
        after = 0  # a match ends before the next may start
        # Only words that begin a known phrase are tried: one comprehension instead of a Python step per word.
        for i in [i for i, t in enumerate(toks) if t[0] in by_first]:
            if i < after:
                continue
            for keys, value in by_first[toks[i][0]]:
                n = len(keys)
                if n == 1 or tuple(t[0] for t in toks[i : i + n]) == keys:
                    yield Match(value, toks[i].start, toks[i + n - 1].end)
                    after = i + n
                    break

    def starts(self, words: list[str]) -> bool:
        """Whether these words begin with a known phrase (cheaper than `find` for a short name)."""
        keys = [_key(w) for w in words]
        return any(tuple(keys[:j]) in self._phrases for j in range(1, len(keys) + 1))

"""Tokens, sentences and a longest-match phrase matcher shared by the extractors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, Iterable, Iterator, TypeVar

from digest.gazetteer import normalize

T = TypeVar("T")

# A word keeps inner apostrophes ("Sa'gya", "Ga'er") but not a possessive "'s" ("Shigatse's").
_WORD = re.compile(r"[^\W_]+(?:['’ʼ](?!s\b)[^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?;。])\s+")


@dataclass(frozen=True)
class Token:
    key: str  # normalized: lower-case, no diacritics, no apostrophes
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    return [Token(normalize(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


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
        for phrase, value in phrases:
            keys = tuple(t.key for t in tokens(phrase) if t.key not in skip)
            if keys:
                self._by_first.setdefault(keys[0], []).append((keys, value))
        for options in self._by_first.values():
            options.sort(key=lambda option: -len(option[0]))

    def find(self, text: str) -> Iterator[Match[T]]:
        toks = [t for t in tokens(text) if t.key not in self._skip]
        i = 0
        while i < len(toks):
            for keys, value in self._by_first.get(toks[i].key, ()):
                n = len(keys)
                if tuple(t.key for t in toks[i : i + n]) == keys:
                    yield Match(value, toks[i].start, toks[i + n - 1].end)
                    i += n
                    break
            else:
                i += 1

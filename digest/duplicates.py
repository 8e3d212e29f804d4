"""Near-duplicate bodies: the same story from two outlets, or one page fetched twice with other line breaks.

Ingest already knows an article again by its exact normalized text, URL or title and date. What
those keys miss is the same body under another headline or outlet, or a re-fetch where the page
broke paragraphs in other places. Such articles are compared by their words alone: bodies are
cut into overlapping runs of SHINGLE words, and two bodies are duplicates when nearly all the
runs of the shorter one occur in the longer one and neither is much longer than the other.
"""

from __future__ import annotations

import math
import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Hashable, Iterable

SHINGLE = 5
# Nearly every run of the shorter body must be in the other: an outlet adding a reporter line or
# a closing sentence is still the same story; two reports of the same meeting are not.
MIN_CONTAINMENT = 0.9
# A short brief that is only the first paragraph of a long report is a different article.
MIN_LENGTH_RATIO = 0.5
# Below this many words (photo captions, one-line notices) equal words are not evidence of a copy.
MIN_WORDS = 20

_WORD_RE = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-case words of a text, ignoring punctuation, markup escapes and spacing."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).casefold()
    return _WORD_RE.findall(text)


def shingles(text: str) -> frozenset[int]:
    """Hashes of every run of SHINGLE consecutive words; empty for a body under MIN_WORDS words."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return frozenset()
    # Python's own hash of each word tuple: ten times faster than a digest, and the index lives
    # only in memory for one ingest run, so its per-process salt does not matter.
    return frozenset(map(hash, zip(*(tokens[i:] for i in range(SHINGLE)))))


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the shorter body's runs found in the other (0 when the lengths differ too much)."""
    if not a or not b:
        return 0.0
    small, large = sorted((len(a), len(b)))
    if small < MIN_LENGTH_RATIO * large:
        return 0.0
    return len(a & b) / small


@dataclass(frozen=True)
class Match:
    key: Hashable
    similarity: float


@dataclass
class BodyIndex:
    """Bodies seen so far, found again by shared runs of words (an inverted index, not a scan)."""

    signatures: dict[Hashable, frozenset[int]] = field(default_factory=dict)
    postings: dict[int, set[Hashable]] = field(default_factory=dict)

    def add(self, key: Hashable, text: str, signature: frozenset[int] | None = None) -> None:
        """Index a body; pass `signature` when `shingles(text)` is already known."""
        self.remove(key)
        signature = shingles(text) if signature is None else signature
        self.signatures[key] = signature
        for run in signature:
            self.postings.setdefault(run, set()).add(key)

    def remove(self, key: Hashable) -> None:
        for run in self.signatures.pop(key, frozenset()):
            holders = self.postings.get(run)
            if holders is not None:
                holders.discard(key)
                if not holders:
                    del self.postings[run]

    def find(self, text: str, exclude: Iterable[Hashable] = (), signature: frozenset[int] | None = None) -> Match | None:
        """The most similar body already indexed, if it is a duplicate of `text`."""
        signature = shingles(text) if signature is None else signature
        skip = set(exclude)
        # Prefix filter (exact): a duplicate shares at least MIN_CONTAINMENT * MIN_LENGTH_RATIO of
        # this body's runs, so it holds one of the rarest len - that + 1 runs. Runs common to many
        # bodies (boilerplate such as "study and implement the spirit of") are never scanned:
        # scanning them made ingest quadratic (10,000 articles: ~50 million comparisons).
        needed = max(1, math.ceil(MIN_CONTAINMENT * MIN_LENGTH_RATIO * len(signature)))
        rarest = sorted(signature, key=lambda run: len(self.postings.get(run, ())))[: len(signature) - needed + 1]
        shared: dict[Hashable, int] = {}
        for run in rarest:
            for key in self.postings.get(run, ()):
                if key not in skip:
                    shared[key] = 1
        best: Match | None = None
        # Sorted by key so that ties resolve the same way on every run.
        for key in sorted(shared, key=str):
            score = similarity(signature, self.signatures[key])
            if score >= MIN_CONTAINMENT and (best is None or score > best.similarity):
                best = Match(key, score)
        return best

"""Near-duplicate bodies: the same story from two outlets, or one page fetched twice with other line breaks.

Ingest already knows an article again by its exact normalized text, URL or title and date. What
those keys miss is the same body under another headline or outlet, or a re-fetch where the page
broke paragraphs in other places. Such articles are compared by their words alone: bodies are
cut into overlapping runs of SHINGLE words, and two bodies are duplicates when nearly all the
runs of the shorter one occur in the longer one and neither is much longer than the other.
"""

from __future__ import annotations

import heapq
import html
import re
import unicodedata
import zlib
from array import array
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
    # Each word as its CRC-32 (C code), each run as Python's hash of those integers: far faster than
    # a digest per run, and the same in every process (only str and bytes hashes are salted), so
    # ingest can keep the index on disk between runs.
    ids = [zlib.crc32(token.encode()) for token in tokens]
    return frozenset(map(hash, zip(*(ids[i:] for i in range(SHINGLE)))))


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


# Each body is filed under its SKETCH smallest run hashes (a bottom-k sketch). Two bodies that
# share 90% of the shorter one's runs share many of those with near certainty (for the most unequal
# pair allowed, missing all of them has odds of about 0.55**SKETCH), so only SKETCH entries per body
# are indexed instead of every run: at 10,000 articles the index is tens of MB, not ~2.5 GB.
SKETCH = 64
# A run filed under more bodies than this is boilerplate ("study and implement the spirit of"):
# looking it up would compare every body with every other, so it finds no candidates.
COMMON = 40


def sketch(signature: Iterable[int]) -> array:
    return array("q", heapq.nsmallest(SKETCH, signature))


def pack(signature: Iterable[int]) -> bytes:
    """A signature as ingest keeps it: 8 bytes a run (a frozenset of Python ints takes ~10 times that)."""
    return array("q", signature).tobytes()


def unpack(packed: bytes) -> array:
    return array("q", packed)


@dataclass
class BodyIndex:
    """Bodies seen so far, found again through their sketches, then compared run by run."""

    signatures: dict[Hashable, bytes] = field(default_factory=dict)  # packed (see `pack`)
    postings: dict[int, list[Hashable]] = field(default_factory=dict)

    def add(self, key: Hashable, text: str, signature: frozenset[int] | None = None) -> None:
        """Index a body; pass `signature` when `shingles(text)` is already known."""
        self.add_packed(key, pack(shingles(text) if signature is None else signature))

    def add_packed(self, key: Hashable, packed: bytes, runs: array | None = None) -> array:
        """Index a body by its packed signature (as `signatures` holds it, and ingest's index keeps it)
        and its sketch when known; returns the sketch."""
        self.remove(key)
        self.signatures[key] = packed
        runs = sketch(unpack(packed)) if runs is None else runs
        for run in runs:
            self.postings.setdefault(run, []).append(key)
        return runs

    def remove(self, key: Hashable) -> None:
        packed = self.signatures.pop(key, None)
        if packed is None:
            return
        for run in sketch(unpack(packed)):
            holders = self.postings.get(run)
            if holders is not None and key in holders:
                holders.remove(key)
                if not holders:
                    del self.postings[run]

    def find(self, text: str, exclude: Iterable[Hashable] = (), signature: frozenset[int] | None = None) -> Match | None:
        """The most similar body already indexed, if it is a duplicate of `text`."""
        signature = shingles(text) if signature is None else signature
        skip = set(exclude)
        candidates = {
            key
            for run in sketch(signature)
            if len(holders := self.postings.get(run, ())) <= COMMON
            for key in holders
            if key not in skip
        }
        best: Match | None = None
        # Sorted by key so that ties resolve the same way on every run.
        for key in sorted(candidates, key=str):
            score = similarity(signature, frozenset(unpack(self.signatures[key])))
            if score >= MIN_CONTAINMENT and (best is None or score > best.similarity):
                best = Match(key, score)
        return best

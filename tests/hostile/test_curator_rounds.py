"""Randomized rounds of curator edits and re-ingests: no curator change is ever lost or duplicated.

A hypothesis state machine plays curator and scraper on a few synthetic articles: the curator
edits titles, summaries, entity lists, the body, an own note and `reviewed`; the scraper
re-fetches pages (new text, other whitespace) and ingest runs on them in any order. After every
ingest, each curator change is still there exactly as made, each field the curator left alone
follows the newest raw text, a reviewed file keeps every field and its body, and there is one file per article.
"""

from __future__ import annotations

import io
import itertools
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from digest import ingest
from digest.frontmatter import dump_article, read_article_file, read_front_matter
from hostile.figures import FIGURES
from hostile.rawtext import raw_article

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 4
PLACES = ["Seni District", "Nyima County", "Tingri County", "Yadong County"]
_extract = None
_load_extractor = ingest._load_extractor


def extractor():
    """The real extractor, loaded once for all rounds (ingest would load it per batch)."""
    global _extract
    if _extract is None:
        _extract = _load_extractor(ROOT / "content" / "gazetteer")
    return _extract


def raw_text(i: int, version: int, spacing: int) -> str:
    pad = " " * spacing  # a re-fetch with other whitespace is the same text
    paragraphs = [
        f"On May {i + 1}, {PLACES[i]} held{pad} a meeting on grassland patrols in revision {version}.",
        f"The meeting asked townships of {PLACES[(i + version) % len(PLACES)]} to report on fodder by June.",
    ] + [f"Revision {v} added this paragraph about herders' winter pastures." for v in range(version)]
    return raw_article(f"Test Meeting {i} in {PLACES[i]}, revision {version}", paragraphs,
                       date=f"2023-0{i + 1}-0{i + 1} 09:00:00", url=f"https://county.test/news/{i}.html")


counter = itertools.count()
EDITS = {
    "title": lambda: f"Curated title {next(counter)}: Seni & <Nyima>",
    "summary": lambda: f"Curator's summary {next(counter)} — checked against the Chinese original.",
    "officials": lambda: [{"name": f"Curated Official {next(counter)}", "id": None, "positions": ["county head"]}],
    "places": lambda: [{"name": "Seni District", "id": "seni", "in_footer": False, "surfaces": [f"Zeni {next(counter)}"]}],
    "campaigns": lambda: [{"name": f"curated campaign {next(counter)}", "id": None, "surfaces": ["curated"]}],
    "curator_note": lambda: f"note {next(counter)}: title: with colon\n---\n!!python/object",
    "body": lambda: f"A curator's corrected translation {next(counter)}.",
}


class CuratorAndScraper(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="hostile-rounds-"))
        self.content = self.folder / "content"
        self.version = [0] * ARTICLES
        self.spacing = [0] * ARTICLES
        self.curated: list[dict] = [{} for _ in range(ARTICLES)]
        self.frozen: list[bytes | None] = [None] * ARTICLES
        self.paths: list[Path | None] = [None] * ARTICLES

    def teardown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def write_raw(self, i: int) -> Path:
        path = self.folder / "raw" / f"{i:03}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(raw_text(i, self.version[i], self.spacing[i]), encoding="utf-8")
        return path

    def ingest(self, order: list[int]) -> None:
        FIGURES["curator rounds: ingest runs"] += 1
        with mock.patch.object(ingest, "_load_extractor", lambda _dir: extractor()):
            summary = ingest.ingest_paths([self.folder / "raw" / f"{i:03}.txt" for i in order],
                                          content_dir=self.content, out=io.StringIO())
        assert not summary.failed, summary.failed
        files = sorted((self.content / "articles").rglob("*.md"))
        by_url = {read_article_file(p)[0]["url"]: p for p in files}
        assert len(files) == len(by_url), "one file per article, never a second copy"
        for i in order:
            self.paths[i] = by_url[f"https://county.test/news/{i}.html"]
        self.check_after_ingest()

    def read(self, i: int):
        return read_article_file(self.paths[i])

    @initialize()
    def first_ingest(self):
        for i in range(ARTICLES):
            self.write_raw(i)
        self.ingest(list(range(ARTICLES)))

    @rule(i=st.integers(0, ARTICLES - 1), field=st.sampled_from(sorted(EDITS)))
    def curator_edits(self, i, field):
        FIGURES["curator rounds: edits"] += 1
        meta, body, _ = self.read(i)
        value = EDITS[field]()
        if field == "body":
            body = value
        else:
            meta[field] = value
        self.paths[i].write_text(dump_article(meta, body), encoding="utf-8")
        self.curated[i][field] = value
        if self.frozen[i] is not None:  # a curator may still edit a reviewed file
            self.frozen[i] = self.paths[i].read_bytes()

    @rule(i=st.integers(0, ARTICLES - 1), reviewed=st.booleans())
    def curator_sets_reviewed(self, i, reviewed):
        FIGURES["curator rounds: edits"] += 1
        meta, body, _ = self.read(i)
        meta["reviewed"] = reviewed
        self.paths[i].write_text(dump_article(meta, body), encoding="utf-8")
        self.curated[i]["reviewed"] = reviewed
        self.frozen[i] = self.paths[i].read_bytes() if reviewed else None

    @rule(i=st.integers(0, ARTICLES - 1))
    def page_changes_upstream(self, i):
        self.version[i] += 1
        self.write_raw(i)

    @rule(i=st.integers(0, ARTICLES - 1), spacing=st.integers(0, 3))
    def page_refetched_with_other_whitespace(self, i, spacing):
        self.spacing[i] = spacing
        self.write_raw(i)

    @rule(order=st.permutations(list(range(ARTICLES))), twice=st.booleans())
    def reingest(self, order, twice):
        self.ingest(order + order[:1] if twice else order)

    def check_after_ingest(self):
        for i in range(ARTICLES):
            meta, body, _ = self.read(i)
            if self.frozen[i] is not None:
                # Ingest may only note what it saw (the `ingest` block) in a reviewed file.
                frozen_meta, frozen_body, _ = read_front_matter(self.frozen[i].decode("utf-8"))
                assert {**meta, "ingest": None} == {**frozen_meta, "ingest": None}, "a reviewed file changed"
                assert body == frozen_body, "the body of a reviewed file changed"
            for field, value in self.curated[i].items():
                actual = body.strip() if field == "body" else meta.get(field)
                assert actual == value, f"article {i}: curator's {field} lost: {actual!r} != {value!r}"
            if "title" not in self.curated[i] and self.frozen[i] is None:
                expected = raw_text(i, self.version[i], 0).split("\n", 1)[0]
                assert meta["title"] == expected, "a field the curator left alone must follow the raw text"

    @invariant()
    def curator_keys_never_doubled(self):
        for i, path in enumerate(self.paths):
            if path is not None:
                text = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
                for field in self.curated[i]:
                    if field != "body":
                        assert text.count(f"\n{field}:") == 1, f"{field} appears more than once in {path}"


CuratorAndScraper.TestCase.settings = settings(max_examples=50, stateful_step_count=30, deadline=None)
test_curator_edits_survive_random_rounds_of_reingest = CuratorAndScraper.TestCase

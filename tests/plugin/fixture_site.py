"""Synthetic fixture articles (test data only, never shipped) and a helper that builds a site.

The articles are designed to exercise: one place in several spellings (Seni / Zeni / Naqu County),
one campaign in three spellings, look-alike officials (Liu Jie, Liu Jiejun), officials missing
from the gazetteer, an official on more than one page of articles, positions changing over time,
unresolved places and campaign candidates, and raw HTML in a body.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import sitebuild

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
PAGE_SIZE = 5

AID_LEADER = "leader of the Hangzhou Tibet Aid Working Group"
SENI_DEPUTY = "executive deputy secretary of the Seni District Party Committee"


def official(name, id=None, positions=()):
    return {"name": name, "id": id, "positions": list(positions)}


def place(name, id=None, surfaces=None, in_footer=False):
    return {"name": name, "id": id, "in_footer": in_footer, "surfaces": surfaces or [name]}


def campaign(name, id=None, surfaces=None):
    return {"name": name, "id": id, "surfaces": surfaces or [name]}


@dataclass
class FixtureArticle:
    date: str  # ISO 8601 with the +08:00 offset ingest writes
    title: str
    officials: list = field(default_factory=list)
    places: list = field(default_factory=list)
    campaigns: list = field(default_factory=list)
    body: str = "Synthetic test article body."
    url: str | None = None

    @property
    def slug(self) -> str:
        words = "-".join(self.title.lower().split()[:6])
        return f"{self.date[:10]}-{''.join(c for c in words if c.isalnum() or c == '-')}"

    @property
    def path(self) -> str:
        """Its page's folder in the site (pelicanconf.py's ARTICLE_URL)."""
        return f"articles/{self.date[:4]}/{self.date[5:7]}/{self.slug}"

    def text(self) -> str:
        meta = {
            "title": self.title,
            "date": self.date,
            "source": "Synthetic Test Source",
            "editor": "Test Editor",
            "url": self.url,
            "footer": {"sponsor": "Test County People's Government", "website_id": "540000001",
                       "icp_record": "Zang ICP Bei No. 0000000-1"},
            "officials": self.officials,
            "places": self.places,
            "campaigns": self.campaigns,
            "summary": None,
            "reviewed": False,
            "ingest": {"id": self.slug[-16:], "curated": [], "warnings": []},
        }
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + self.body + "\n"


def _pan_wei_articles() -> list[FixtureArticle]:
    """Pan Wei in 12 articles (more than two pages of PAGE_SIZE), Seni in three spellings."""
    seni_forms = [place("Zeni"), place("Seni District", "seni"), place("Naqu County", surfaces=["Naqu County", "Zeni"])]
    articles = []
    for n, (year, month, day) in enumerate(
        [(2021, 3, 2), (2021, 4, 6), (2021, 6, 8), (2021, 9, 14), (2021, 11, 2), (2022, 1, 11),
         (2022, 3, 15), (2022, 5, 10), (2022, 7, 5), (2022, 9, 6), (2022, 11, 8), (2022, 12, 13)]
    ):
        positions = [AID_LEADER] if year == 2021 else [AID_LEADER, SENI_DEPUTY]
        articles.append(
            FixtureArticle(
                date=f"{year}-{month:02d}-{day:02d}T10:00:00+08:00",
                title=f"Aid working group meeting number {n + 1} in Seni",
                officials=[official("Pan Wei", "pan-wei" if n % 2 else None, positions)],
                places=[seni_forms[n % 3]] + ([place("Hangzhou")] if n < 4 else []),
                campaigns=[campaign("ice melting and snow melting")] if n % 4 == 0 else [],
            )
        )
    return articles


def fixture_articles() -> list[FixtureArticle]:
    return _pan_wei_articles() + [
        FixtureArticle("2021-03-04T09:00:00+08:00", "Hangzhou leaders instruct the aid group",
                       officials=[official("Liu Jie", None, ["secretary of the Hangzhou Municipal Party Committee"]),
                                  official("Liu Xin", "liu-xin", ["mayor of Hangzhou"]),
                                  official("Pan Wei", None, [AID_LEADER])],
                       places=[place("Hangzhou"), place("Zhejiang"), place("Zeni")],
                       campaigns=[campaign("carving ice and carving snow"), campaign("five competitions")]),
        FixtureArticle("2021-08-10T09:00:00+08:00", "Liu Jiejun inspects Tingri",
                       officials=[official("Liu Jiejun", None, ["deputy county head of Tingri"])],
                       places=[place("Dingri County"), place("Xigaze")]),
        FixtureArticle("2022-02-08T09:00:00+08:00", "Liu Jiejun visits border villages",
                       officials=[official("Liu Jiejun", None, ["county head of Tingri"])],
                       places=[place("Tingri County", "tingri")], campaigns=[campaign("mutual support")]),
        FixtureArticle("2022-04-12T09:00:00+08:00", "Liu Jie meets the aid cadres",
                       officials=[official("Liu Jie", "liu-jie", ["secretary of the Hangzhou Municipal Party Committee"]),
                                  official("Ma Xiaoqiu", None, ["head of the Organization Department"])],
                       places=[place("Hangzhou")], campaigns=[campaign("melting ice and snow", "melting-ice-and-snow")]),
        FixtureArticle("2022-10-18T09:00:00+08:00", "Organization work conference",
                       officials=[official("Ma Xiaochiu", "ma-xiaochiu", ["head of the Organization Department"]),
                                  official("Liu Jie", None, [])],
                       places=[place("Hangzhou")]),
        FixtureArticle("2021-05-18T09:00:00+08:00", "Nima County herders receive subsidies",
                       officials=[official("Gesang Dunzhu", None, ["secretary of the Nima County Party Committee"])],
                       places=[place("Nima County"), place("Qiangtang")]),
        FixtureArticle("2021-06-02T09:00:00+08:00", "Rongma herders move to winter pastures",
                       places=[place("Rongma Township", "rongma")]),
        FixtureArticle("2021-05-20T09:00:00+08:00", "Nima County double support meeting",
                       officials=[official("Gesang Dunzhu", None, ["secretary of the Nima County Party Committee"]),
                                  official("Gesang Dunzhub", None, ["deputy head of Nima County"])],
                       places=[place("Nima"), place("Naqu City")], campaigns=[campaign("double support", "double-support")]),
        FixtureArticle("2022-06-21T09:00:00+08:00", "Naqu City plans grassland protection",
                       places=[place("Naqu City", "nagqu"), place("Qiangtang"),
                               place("Tingri County", "tingri", in_footer=True)],
                       campaigns=[campaign("five competitions")]),
        FixtureArticle("2022-11-22T09:00:00+08:00", "Nima County Party committee plenary session",
                       officials=[official("Tashi Ciren", None, ["Nima County Party Secretary"])],
                       places=[place("Nima County", "nima")]),
        FixtureArticle("2022-08-16T09:00:00+08:00", "Liu Xing attends a school opening in Nima",
                       officials=[official("Liu Xing", None, ["vice mayor of Hangzhou"])],
                       places=[place("Nima County", "nima")]),
        FixtureArticle("2023-01-10T09:00:00+08:00", "Escaping test <script>alert('x')</script> report",
                       body="Body with <script>alert('x')</script> and <b>bold</b> markup that must stay text.",
                       places=[place("Shigatse", "shigatse")], url="https://example.org/original/page.html"),
    ]


def write_content(root: Path, articles: list[FixtureArticle] | None = None) -> Path:
    content = root / "content"
    shutil.copytree(FIXTURES / "gazetteer", content / "gazetteer")
    for article in articles if articles is not None else fixture_articles():
        path = content / "articles" / article.date[:4] / f"{article.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.text(), encoding="utf-8")
    return content


# The shipped settings and theme, with small pages so that pagination shows on a few articles.
SETTINGS = f"""import sys
sys.path.insert(0, {str(ROOT)!r})
from pelicanconf import *
DEFAULT_PAGINATION = {PAGE_SIZE}
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_DOMAIN = "https://digest.example.org"
"""


def build_site(root: Path, content: Path) -> Path:
    """Build as `invoke build` does, with the shipped theme; return the output folder."""
    settings = root / "settings.py"
    settings.write_text(SETTINGS, encoding="utf-8")
    output = root / "output"
    sitebuild.build_site(content, output, settings=str(settings))
    return output

"""A small synthetic corpus for the browser tests, written in the front-matter shape of
docs/contracts.md next to a copy of the real gazetteer.

The articles are made up (test fixtures only; they never go to content/). Each one is built so a
reader-level check has a known answer: some name a place, official or campaign only by one
spelling, so a search for another spelling the gazetteer knows must still find them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]

# A made-up official, added to the copied gazetteer with two spellings.
FIXTURE_OFFICIAL = {
    "id": "testa-dorje",
    "name": "Testa Dorje",
    "variants": ["Testa Dorje", "Tesita Duoji"],
    "description": "Fictional official used by the browser tests.",
}

# Where each county belongs, as the real gazetteer has it (filters and chips show both).
PLACES = {
    "seni": ("Seni District", "district", "nagqu"),
    "nyima": ("Nyima County", "county", "nagqu"),
    "tingri": ("Tingri County", "county", "xigaze"),
    "yadong": ("Yadong County", "county", "xigaze"),
    "chengguan": ("Chengguan District", "district", "lhasa"),
}
CAMPAIGNS = {
    "double-support": "double support",
    "melting-ice-and-snow": "melting ice and snow",
}


@dataclass(frozen=True)
class FixtureArticle:
    slug: str
    title: str
    date: str
    source: str
    body: str
    places: dict[str, list[str]] = field(default_factory=dict)      # id -> spellings used
    campaigns: dict[str, list[str]] = field(default_factory=dict)   # id -> spellings used
    officials: dict[str, list[str]] = field(default_factory=dict)   # name as written -> positions

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def path(self) -> str:
        """Its page's folder in the site (pelicanconf.py's ARTICLE_URL)."""
        return f"articles/{self.date[:4]}/{self.date[5:7]}/{self.slug}"


ARTICLES = [
    FixtureArticle(
        "2022-03-10-seni-district-holds-grassland-meeting",
        "Seni District Holds Grassland Protection Meeting",
        "2022-03-10T09:30:00+08:00", "Nagqu Daily Test Desk",
        "The Seni District held a meeting on grassland protection. Testa Dorje, secretary of the "
        "district Party committee, asked all townships to carry out the melting ice and snow "
        "actions with solid steps.\n\nHerders from three townships spoke at the meeting.",
        places={"seni": ["Seni District"]}, campaigns={"melting-ice-and-snow": ["melting ice and snow"]},
        officials={"Testa Dorje": ["secretary of the Seni District Party Committee"]}),
    FixtureArticle(
        "2022-06-02-nyima-county-mutual-support-meeting",
        "Nyima County Convenes Mutual Support Work Meeting",
        "2022-06-02T15:00:00+08:00", "Nagqu Daily Test Desk",
        "Nyima County convened a meeting on mutual support between the army and civilians. "
        "Tesita Duoji, deputy secretary of the Nagqu Municipal Party Committee, attended.\n\n"
        "The county will visit border posts before the summer pasture move.",
        places={"nyima": ["Nyima County"]}, campaigns={"double-support": ["mutual support"]},
        officials={"Tesita Duoji": ["deputy secretary of the Nagqu Municipal Party Committee"]}),
    FixtureArticle(
        "2022-11-20-nyima-county-winter-fodder",
        "Nyima County Delivers Winter Fodder to Herders",
        "2022-11-20T11:00:00+08:00", "Nyima County Test Bureau",
        "Nyima County delivered winter fodder to herding households in four townships. "
        "Trucks reached the last village before the first heavy snow.",
        places={"nyima": ["Nyima County"]}),
    FixtureArticle(
        "2023-02-14-tingri-county-double-support-meeting",
        "Tingri County Reviews Double Support Work at Year-Start Meeting",
        "2023-02-14T10:00:00+08:00", "Shigatse News Test Desk",
        "Dingri County held its year-start meeting on double support. The county thanked the "
        "border troops for help during the winter.",
        places={"tingri": ["Dingri County"]}, campaigns={"double-support": ["double support"]}),
    FixtureArticle(
        "2023-05-08-yadong-county-border-trade",
        "Yadong County Reopens Border Trade Market",
        "2023-05-08T09:00:00+08:00", "Shigatse News Test Desk",
        "Yadong County reopened its border trade market for the season. Traders brought wool, "
        "tea and salt.",
        places={"yadong": ["Yadong County"]}),
    FixtureArticle(
        "2023-09-01-testa-dorje-inspects-seni-schools",
        "Testa Dorje Inspects Schools in Zeni Before Term Begins",
        "2023-09-01T16:20:00+08:00", "Nagqu Daily Test Desk",
        "Testa Dorje, secretary of the Nagqu Municipal Party Committee, inspected boarding schools "
        "in Zeni before the autumn term. He called for safe dormitories and warm classrooms.",
        places={"seni": ["Zeni"]},
        officials={"Testa Dorje": ["secretary of the Nagqu Municipal Party Committee"]}),
    FixtureArticle(
        "2023-07-01-herders-of-two-counties-exchange-grazing",
        "Herders of Two Counties Exchange Grazing Experience",
        "2023-07-01T10:00:00+08:00", "Nagqu Daily Test Desk",
        "Herders from Seni District and Nyima County met to compare rotational grazing on the "
        "summer pastures.",
        places={"seni": ["Seni District"], "nyima": ["Nyima County"]}),
    FixtureArticle(
        "2024-01-15-chengguan-district-double-support-meeting",
        "Chengguan District Honours Model Families at Double Support Meeting",
        "2024-01-15T10:30:00+08:00", "Lhasa Evening Test Desk",
        "Chengguan District honoured model families of soldiers at a double support meeting. "
        "Each family received a certificate and a visit from district leaders.",
        places={"chengguan": ["Chengguan District"]}, campaigns={"double-support": ["double support"]}),
    FixtureArticle(
        "2024-04-22-nyima-county-ice-melting-actions",
        "Nyima County Reports on Ice Melting and Snow Melting Actions",
        "2024-04-22T09:45:00+08:00", "Nyima County Test Bureau",
        "Nyima County reported progress on the ice melting and snow melting improvement actions, "
        "including new greenhouses and a clinic. Tesita Duoji chaired the meeting.",
        places={"nyima": ["Nyima County"]}, campaigns={"melting-ice-and-snow": ["ice melting and snow melting"]},
        officials={"Tesita Duoji": ["secretary of the Nagqu Municipal Party Committee"]}),
]

# Enough routine items in one county that the home page and that county's page run to a second
# page (DEFAULT_PAGINATION is 20), so pagination links are exercised too.
ARTICLES += [
    FixtureArticle(
        f"2021-{month:02d}-{day:02d}-nyima-county-road-section-{n}",
        f"Nyima County Repairs Village Road Section {n}",
        f"2021-{month:02d}-{day:02d}T10:00:00+08:00", "Nyima County Test Bureau",
        f"Workers in Nyima County repaired section {n} of the village road before the rains.",
        places={"nyima": ["Nyima County"]})
    for n, (month, day) in enumerate([(m, d) for m in range(1, 9) for d in (5, 19)], start=1)
]


def _front_matter(article: FixtureArticle) -> dict:
    places = []
    for pid, surfaces in article.places.items():
        places.append({"name": surfaces[0], "id": pid, "in_footer": False, "surfaces": surfaces})
    campaigns = [{"name": CAMPAIGNS[cid], "id": cid, "surfaces": surfaces}
                 for cid, surfaces in article.campaigns.items()]
    # Officials are written as extraction writes them before a curator links them: no id, so
    # the build resolves each spelling against the gazetteer.
    officials = [{"name": name, "id": None, "positions": positions} for name, positions in article.officials.items()]
    return {
        "title": article.title, "date": article.date, "source": article.source, "editor": "Test Editor",
        "url": None, "footer": {"sponsor": "Fixture County People's Government"},
        "officials": officials, "places": places, "campaigns": campaigns,
        "status": "published", "slug": article.slug, "summary": None, "reviewed": False,
        "ingest": {"id": article.slug[:16], "raw_sha256": "0" * 64, "raw_file": f"{article.slug}.txt",
                   "machine": {}, "curated": [], "warnings": []},
    }


def write_corpus(content: Path) -> list[FixtureArticle]:
    """Write the fixture articles and a copy of the real gazetteer (plus FIXTURE_OFFICIAL) into
    `content`, laid out like the repository's content/ folder."""
    shutil.copytree(REPO / "content" / "gazetteer", content / "gazetteer")
    officials_file = content / "gazetteer" / "officials.yaml"
    with officials_file.open("a", encoding="utf-8") as out:
        out.write("\n" + yaml.safe_dump([FIXTURE_OFFICIAL], sort_keys=False, allow_unicode=True))
    for article in ARTICLES:
        folder = content / "articles" / article.date[:4]
        folder.mkdir(parents=True, exist_ok=True)
        text = "---\n" + yaml.safe_dump(_front_matter(article), sort_keys=False, allow_unicode=True) + "---\n" + article.body + "\n"
        (folder / f"{article.slug}.md").write_text(text, encoding="utf-8")
    return ARTICLES

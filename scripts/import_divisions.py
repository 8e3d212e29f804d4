"""One-time converter: ../shared/reference/tar-divisions.yaml -> content/gazetteer/places.yaml.

The YAML it writes is curator data from then on (committed, edited by hand); rerun only to start
over. Usage: .venv/bin/python scripts/import_divisions.py FACT_SHEET [OUT]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from digest.gazetteer.model import match_key  # noqa: E402

ANNOTATION = re.compile(r"\s*\([^)]*\)?\s*$")

# Spellings the fact sheet gives two entries. Each must name one place only, so the other entry
# loses it; the reason is kept next to the decision.
DROP = {
    ("shannan", "Tsetang"): "Tsetang/Zêtang is the seat town, inside Nêdong District",
    ("shannan", "Zetang"): "Tsetang/Zêtang is the seat town, inside Nêdong District",
    ("ngari", "Shiquanhe"): "Shiquanhe is the seat town, inside Gar County",
    ("samzhubze", "Shigatse City"): "today 'Shigatse City' is the prefecture-level city (county-level city only before 2014)",
    ("samzhubze", "Xigaze City"): "as 'Shigatse City'",
    ("samzhubze", "Rikaze City"): "as 'Shigatse City'",
}

# Bare spellings that are also personal names, common words or other places. `resolve` still
# accepts them; extraction from running text needs the county form ('Nima County').
AMBIGUOUS = {
    "nyima": ["Nyima", "Nima"],  # a very common Tibetan personal name (Nima Puchi, Vice Mayor)
    "amdo": ["Amdo"],  # also the traditional Tibetan region, mostly outside the TAR
    "chengguan": ["Chengguan"],  # also the seat town of many counties and Lanzhou's district
    "lhunzhub": ["Linzhou"],  # also Linzhou city in Henan
    "nang": ["Nang"],
    "sog": ["Sog", "Sok"],
    "gar": ["Gar"],
    "saga": ["Saga"],  # an English word and a Japanese prefecture
    "bayi": ["Bayi"],  # 'August 1st': army units, schools, roads all over China
    "ngari": ["Ali"],  # a common personal name
    "gyirong": ["Jilong"],  # also Keelung, Taiwan
    "gonggar": ["Gongga"],  # also Mount Gongga in Sichuan
}

PARTNER_KIND = {"province": "province", "municipality": "municipality"}


def _q(value) -> str:
    """One YAML scalar or flow list on one line."""
    return yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=100000).strip()[1:-1]


def _spellings(entity_id: str, raw: list[str]) -> tuple[list[str], list[str]]:
    variants, ambiguous = [], []
    for spelling in raw:
        # An unquoted comma inside an annotation splits a flow list item: "Chumbi Valley (area, largely
        # coextensive)" arrives as "Chumbi Valley (area" + "largely coextensive)"; drop the tail.
        if ")" in spelling and "(" not in spelling:
            continue
        bare = ANNOTATION.sub("", spelling).strip()
        if not bare or (entity_id, bare) in DROP:
            continue
        target = ambiguous if bare in AMBIGUOUS.get(entity_id, ()) else variants
        if bare not in target:
            target.append(bare)
    for bare in AMBIGUOUS.get(entity_id, ()):
        if bare not in ambiguous:
            ambiguous.append(bare)
    return variants, ambiguous


def _entry(fields: dict) -> str:
    lines = []
    for key, value in fields.items():
        if value is None or value == [] or value is False:
            continue
        lines.append(f"{key}: {_q(value)}")
    return "- " + "\n  ".join(lines) + "\n"


def convert(sheet: dict) -> str:
    entries: list[str] = []
    region = sheet["region"]
    entries.append(_entry({
        "id": "tibet", "name": region["en"], "kind": "region", "zh": region["zh"], "pinyin": region["pinyin"],
        "code": region["code"], "variants": _spellings("tibet", region["variants"])[0],
    }))
    for pref in sheet["prefectures"]:
        variants, ambiguous = _spellings(pref["id"], [pref["en"], pref.get("tibetan_pinyin") or pref["en"], *pref["variants"]])
        entries.append(_entry({
            "id": pref["id"], "name": pref["en"], "kind": pref["kind"], "zh": pref["zh"], "pinyin": pref["pinyin"],
            "tibetan_pinyin": pref.get("tibetan_pinyin"), "code": pref["code"], "variants": variants, "ambiguous": ambiguous,
            "description": f"Seat: {pref['seat']}." if pref.get("seat") else None, "notes": pref.get("note"),
        }))
        for county in pref["counties"]:
            variants, ambiguous = _spellings(county["id"], [county["en"], *county["variants"]])
            entries.append(_entry({
                "id": county["id"], "name": county["en"], "kind": county["kind"], "parent": pref["id"],
                "zh": county["zh"], "pinyin": county["pinyin"], "tibetan_pinyin": county.get("tibetan_pinyin"),
                "code": county["code"], "variants": variants, "ambiguous": ambiguous, "notes": county.get("note"),
            }))
    for partner in sheet["outside_tibet_partners"]:
        kind = PARTNER_KIND.get(partner["type"], "city")
        suffix = {"province": "Province", "municipality": "Municipality", "city": "City"}[kind]
        variants = [partner["en"], f"{partner['en']} {suffix}"] + ([f"{partner['en']} City"] if kind == "municipality" else [])
        paired = ", ".join(partner["pairs_with"])
        entries.append(_entry({
            "id": match_key(partner["en"]), "name": partner["en"], "kind": kind, "zh": partner["zh"],
            "outside_tibet": True, "variants": variants,
            "description": f"Aid partner (对口援藏) of {paired}" + (f" ({', '.join(partner['counties'])})" if partner.get("counties") else "") + ".",
        }))
    return HEADER + "\n".join(entries)


HEADER = """\
# Places gazetteer: the Tibet Autonomous Region, its 7 prefecture-level and 74 county-level
# divisions, and the aid-partner provinces and cities outside Tibet. Curators edit this file.
# First written by scripts/import_divisions.py from ../shared/reference/tar-divisions.yaml; the
# file format is documented under "Gazetteer files" in docs/contracts.md.
#
# `variants` are spellings matched in running text; `ambiguous` are spellings `resolve` accepts but
# extraction ignores in text (personal names such as Nima, common words such as Saga). Townships
# and villages go here too: kind: township | village, parent: <county id>.

"""


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    sheet = yaml.safe_load(Path(argv[0]).read_text(encoding="utf-8"))
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "content" / "gazetteer" / "places.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(convert(sheet), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

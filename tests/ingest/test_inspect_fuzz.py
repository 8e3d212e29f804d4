"""`digest inspect` gives an article for every readable text: pieces of the seeds and fixtures,
shuffled and cut at random points (a scraper saves half pages, pages without headline or dateline)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.cli import main
from digest.rawformat import BYLINE_RE, DATE_LABEL_RE, DATELINE_RE, RawFormatError, decode, read_raw_file

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"


def _readable_sources() -> list[Path]:
    sources = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    for path in sorted(FIXTURES.glob("*.txt")):
        try:
            read_raw_file(path)
        except RawFormatError:
            continue  # the fixtures of unreadable input (binary, GBK, empty, impossible dates)
        sources.append(path)
    return sources


LINES = [line for path in _readable_sources() for line in decode(path.read_bytes()).splitlines() if line.strip()]
# Sentences of text: a dateline or byline of eight words is no text, and a file of one alone is refused
PARAGRAPHS = [line for line in LINES if len(line.split()) >= 8
              and not DATELINE_RE.search(line) and not BYLINE_RE.match(line) and not DATE_LABEL_RE.search(line)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(LINES), max_size=12), paragraph=st.sampled_from(PARAGRAPHS),
       cuts=st.lists(st.tuples(st.integers(0, 12), st.floats(0, 1)), max_size=4), data=st.data())
def test_inspect_never_fails_on_readable_text(tmp_path, pieces, paragraph, cuts, data):
    lines = list(pieces)
    lines.insert(data.draw(st.integers(0, len(lines))), paragraph)  # at least one sentence of text
    for index, share in cuts:  # cut a line at a random point, as a truncated page is
        if index < len(lines) and lines[index] != paragraph:
            lines[index] = lines[index][: int(len(lines[index]) * share)]
    raw = tmp_path / "piece.txt"
    raw.write_text("\n".join(lines), encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["inspect", str(raw), "--json", "--content", str(ROOT / "content")])
    assert code == 0, "\n".join(lines)
    record = json.loads(out.getvalue())
    assert record["title"].strip() and record["body"]

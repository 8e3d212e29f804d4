"""Precision and recall of entity extraction against gold-labelled passages (`digest eval`).

The passage file format and annotation guidelines are in tests/extraction/fixtures/passages.yaml.
Scores are micro-averaged over passages: an entity counts once per passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from digest.errors import DigestError
from digest.gazetteer import Gazetteer, normalize
from digest.kinds import STORED

_FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "extraction" / "fixtures"
# passages.yaml was written with the extractor; heldout.yaml after it was frozen (its first-run
# scores are in the git log). Both count towards the bar.
DEFAULT_PASSAGES = (_FIXTURES / "passages.yaml", _FIXTURES / "heldout.yaml")
# The bar each kind sets (digest.kinds: goal); `digest eval` and the test fail below it.
THRESHOLDS = {kind.plural: kind.goal for kind in STORED if kind.goal is not None}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set, predicted: set) -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)


def official_items(officials: Iterable[dict], with_positions: bool = True) -> set:
    """An official is right when name, registry id and the positions (in order) all are."""
    items = set()
    for o in officials:
        key = (normalize(o["name"]), o.get("id"))
        if with_positions:
            key += (tuple(normalize(p) for p in o.get("positions") or ()),)
        items.add(key)
    return items


def place_items(places: Iterable[dict]) -> set:
    """A place is its gazetteer id (an unknown one its name) and whether only the footer names it."""
    return {(p["id"] or "?" + normalize(p["name"]), bool(p.get("in_footer"))) for p in places}


def entity_items(entities: Iterable[dict]) -> set:
    """An entity is its registry id; one the registry lacks (a campaign candidate) is its phrase."""
    return {e["id"] or "?" + normalize(e.get("candidate") or e["name"]) for e in entities}


# How each scored kind counts as right: officials and places have their own rule, the rest entity_items.
ITEMS = {plural: {"officials": official_items, "places": place_items}.get(plural, entity_items) for plural in THRESHOLDS}


@dataclass
class Passage:
    id: str
    title: str
    body: list[str]
    footer: dict[str, str | None]
    gold: dict[str, list[dict]]
    line: int = 0
    prefecture: str | None = None
    year: int | None = None


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    mistakes: list[tuple[str, str, str, Any]] = field(default_factory=list)  # (passage, kind, "missed"/"extra", item)
    passages: int = 0

    def passed(self) -> bool:
        return all(self.scores[kind].f1 >= bar for kind, bar in THRESHOLDS.items())


def gold_to_front_matter(gold: dict) -> dict[str, list[dict]]:
    """Gold labels in the front-matter shapes the extractor produces (for the same item functions)."""
    return {
        "officials": [{"name": o["name"], "id": o.get("id"), "positions": o.get("positions") or []} for o in gold.get("officials") or []],
        "places": [
            {"name": p.get("name") or p["id"], "id": p.get("id"), "in_footer": bool(p.get("in_footer"))}
            for p in gold.get("places") or []
        ],
        "campaigns": [{"name": c.get("candidate") or c["id"], "id": c.get("id")} for c in gold.get("campaigns") or []],
    }


def load_passages(path: Path) -> list[Passage]:
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise DigestError(path, mark.line + 1 if mark else None, f"invalid YAML: {exc.problem}") from None
    data = yaml.safe_load(text) or []
    passages = []
    for node, item in zip(root.value if root else [], data):
        line = node.start_mark.line + 1
        missing = [k for k in ("id", "body", "gold") if k not in item]
        if missing:
            raise DigestError(path, line, f"passage needs {', '.join(missing)}")
        body = [p.strip() for p in str(item["body"]).split("\n\n") if p.strip()]
        gold = item["gold"] or {}
        try:
            gold_to_front_matter(gold)
        except (KeyError, TypeError) as exc:
            raise DigestError(path, line, f"passage {item['id']}: malformed gold label ({exc})") from None
        passages.append(
            Passage(item["id"], item.get("title") or "", body, item.get("footer") or {}, gold, line, item.get("prefecture"), item.get("year"))
        )
    return passages


def evaluate(passages: list[Passage], gazetteer: Gazetteer) -> Report:
    from digest.extract import extract_entities

    report = Report(scores={kind: Score() for kind in (*ITEMS, "officials (names only)")}, passages=len(passages))
    for passage in passages:
        predicted = extract_entities(passage.title, passage.body, passage.footer, gazetteer).to_front_matter()
        gold = gold_to_front_matter(passage.gold)
        for kind, items in ITEMS.items():
            g, p = items(gold[kind]), items(predicted[kind])
            report.scores[kind].add(g, p)
            report.mistakes += [(passage.id, kind, "missed", item) for item in sorted(g - p, key=str)]
            report.mistakes += [(passage.id, kind, "extra", item) for item in sorted(p - g, key=str)]
        report.scores["officials (names only)"].add(
            official_items(gold["officials"], with_positions=False), official_items(predicted["officials"], with_positions=False)
        )
    return report


def format_report(report: Report, show_mistakes: bool = True) -> str:
    lines = [f"{report.passages} passages", f"{'kind':<24}{'gold':>6}{'found':>7}{'right':>7}{'precision':>11}{'recall':>8}{'F1':>7}{'bar':>7}"]
    for kind, s in report.scores.items():
        bar = THRESHOLDS.get(kind)
        verdict = "" if bar is None else ("  ok" if s.f1 >= bar else "  BELOW")
        lines.append(
            f"{kind:<24}{s.tp + s.fn:>6}{s.tp + s.fp:>7}{s.tp:>7}{s.precision:>11.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
            f"{(f'{bar:.2f}' if bar else '-'):>7}{verdict}"
        )
    if show_mistakes and report.mistakes:
        lines.append("")
        lines.append("mistakes:")
        lines += [f"  {pid}  {kind:<10} {what:<6} {item}" for pid, kind, what, item in report.mistakes]
    return "\n".join(lines)


def run_eval(passage_files: Iterable[Path], gazetteer_dir: Path, out=None, show_mistakes: bool = True) -> int:
    """Print the per-kind table (and every mistake); 1 when a kind is below its bar, 2 on bad input."""
    import sys

    from digest.gazetteer import load_gazetteer

    out = out or sys.stdout
    try:
        report = evaluate([p for path in passage_files for p in load_passages(path)], load_gazetteer(gazetteer_dir))
    except DigestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out.write(format_report(report, show_mistakes) + "\n")
    return 0 if report.passed() else 1


def office_coverage(labels: Path, gazetteer: Gazetteer, out=None) -> tuple[int, int]:
    """Each official's gold titles in a realtext labels file, with the offices they map to (the
    article's gold places stand in for the places extraction finds); returns (mapped, titles)."""
    import sys

    from digest.extract.offices import extract

    out = out or sys.stdout
    mapped = total = 0
    for article in yaml.load(labels.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)["articles"]:
        places = [p for p in (gazetteer.resolve("place", g["name"]) for g in article.get("places") or []) if p]
        for official in article.get("officials") or []:
            for title in official.get("titles") or []:
                offices = [office.name for _, office in extract([title], places, gazetteer)]
                total += 1
                mapped += bool(offices)
                out.write(f"{article['id']:<8}{title[:70]:<72}-> {'; '.join(offices) or '-'}\n")
    out.write(f"{mapped} of {total} titles map to an office\n")
    return mapped, total


def halves(ids: Iterable[str]) -> dict[str, list[str]]:
    """Real-text ids split by the parity of their number ('a01' odd, 'b02' and 'seed000' even): the
    labels' README studies one half and scores the other."""
    split: dict[str, list[str]] = {"odd": [], "even": []}
    for text_id in ids:
        number = int(re.sub(r"\D", "", text_id) or 0)
        split["odd" if number % 2 else "even"].append(text_id)
    return split


_SCORE_LINE = re.compile(rf"^({'|'.join(THRESHOLDS)})\s+P ([\d.]+) R ([\d.]+) F1 ([\d.]+)", re.M)
_POSITIONS_LINE = re.compile(r"^positions\s+recall \S+ = ([\d.]+); precision \S+ = ([\d.]+)", re.M)
_SCORED_LINE = re.compile(r"^articles scored (\d+), failed (\d+)", re.M)


def halves_table(outputs: dict[str, str]) -> str:
    """The real-text scorer's summaries of each half (its printed output), side by side."""
    columns: list[dict[str, str]] = []
    for text in outputs.values():
        cells = {kind: f"P {p} R {r} F1 {f1}" for kind, p, r, f1 in _SCORE_LINE.findall(text)}
        if found := _POSITIONS_LINE.search(text):
            cells["positions"] = f"R {found[1]} P {found[2]}"
        found = _SCORED_LINE.search(text)
        cells["texts (failed)"] = f"{found[1]} ({found[2]})" if found else "0"
        columns.append(cells)
    kinds = [*THRESHOLDS, "positions", "texts (failed)"]
    width = 26
    lines = [f"{'':16}" + "".join(f"{name:<{width}}" for name in outputs)]
    lines += [f"{kind:16}" + "".join(f"{cells.get(kind, '-'):<{width}}" for cells in columns) for kind in kinds]
    return "\n".join(line.rstrip() for line in lines) + "\n"

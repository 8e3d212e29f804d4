"""What curators should look at next (`digest review`): officials, places and campaign candidates
the gazetteer does not know, across content/articles, with how often each occurs and an example
sentence. Names are resolved against the gazetteer as the build resolves them (digest.resolve), so
an entry a curator has just added stops being listed at once, without re-ingesting."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, TextIO

from digest.errors import DigestError
from digest.frontmatter import read_article_file
from digest.gazetteer import Gazetteer, load_gazetteer, normalize
from digest.kinds import STORED
from digest.resolve import resolve_article
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~\"'<])")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
EXAMPLE_CHARS = 200


@dataclass
class Finding:
    kind: str  # a stored kind's name
    name: str
    count: int = 0  # articles that mention it
    example: str | None = None
    example_file: str | None = None
    files: list[str] = field(default_factory=list)


def example_sentence(body: str, surfaces: Iterable[str]) -> str | None:
    """The first sentence of the body that contains one of the surfaces, shortened around it."""
    text = _MARKDOWN_ESCAPE.sub(r"\1", body)
    wanted = [s.casefold() for s in surfaces if s]
    for sentence in _SENTENCE_END.split(" ".join(text.split())):
        folded = sentence.casefold()
        hit = next((folded.find(s) for s in wanted if s in folded), -1)
        if hit < 0:
            continue
        if len(sentence) <= EXAMPLE_CHARS:
            return sentence
        start = max(0, min(hit - EXAMPLE_CHARS // 2, len(sentence) - EXAMPLE_CHARS))
        end = start + EXAMPLE_CHARS
        return ("…" if start else "") + sentence[start:end].strip() + ("…" if end < len(sentence) else "")
    return None


def collect(articles: Iterable[tuple[str, dict, str]], gazetteer: Gazetteer) -> list[Finding]:
    """Unresolved entities of (file name, front-matter, body) triples, most frequent first."""
    findings: dict[tuple[str, str], Finding] = {}
    for name, meta, body in articles:
        for mention in resolve_article(meta, gazetteer):
            if mention.entity_id is not None:
                continue
            finding = findings.setdefault((mention.kind, normalize(mention.name)), Finding(mention.kind, mention.name))
            if name in finding.files:
                continue
            finding.files.append(name)
            finding.count += 1
            if finding.example is None:
                finding.example = example_sentence(body, mention.surfaces)
                finding.example_file = name if finding.example else None
    order = {kind.name: i for i, kind in enumerate(STORED)}
    return sorted(findings.values(), key=lambda f: (order[f.kind], -f.count, f.name.casefold()))


def read_articles(content_dir: Path) -> Iterable[tuple[str, dict, str]]:
    root = content_dir / "articles"
    for path in sorted(root.rglob("*.md")):
        meta, body, _ = read_article_file(path)
        yield str(path.relative_to(root)), meta, body


def format_findings(findings: list[Finding]) -> str:
    if not findings:
        return "Nothing unresolved: every official, place and campaign in the articles is in the gazetteer.\n"
    lines = []
    for kind in STORED:
        group = [f for f in findings if f.kind == kind.name]
        if not group:
            continue
        lines.append(f"{kind.title} not in the gazetteer ({len(group)}), with the number of articles naming each:")
        for f in group:
            lines.append(f"  {f.count:>4}  {f.name}")
            if f.example:
                lines.append(f"        e.g. {f.example_file}: {f.example}")
        lines.append("")
    lines.append("Add each to content/gazetteer/<kind>.yaml, as a new entry or a variant of an existing one; "
                 "the next build and review resolve it (no re-ingest needed).")
    return "\n".join(lines) + "\n"


def run_review(content_dir: Path, out: TextIO = sys.stdout) -> int:
    """Print the findings; 1 when something is unresolved (so `invoke review` fails), 2 on bad input."""
    try:
        findings = collect(read_articles(content_dir), load_gazetteer(content_dir / "gazetteer"))
    except DigestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out.write(format_findings(findings))
    return 1 if findings else 0

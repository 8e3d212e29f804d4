"""Ingest raw articles into content/articles/YYYY/<date>-<slug>.md without losing curator work.

Identity of an article, in order: the hash of its normalized raw text, its original URL, and
(for a re-fetched page whose text changed) its machine title and date. Re-ingesting replaces
only fields whose value still matches the fingerprint ingest recorded when it last wrote them;
anything a curator changed is kept, and `reviewed: true` freezes the whole file.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

from digest.atomic import TMP_SUFFIX, write_atomic
from digest.duplicates import BodyIndex, pack, shingles, words
from digest.errors import DigestError
from digest.fields import CURATOR_FIELDS, MACHINE_FIELDS
from digest.kinds import STORED
from digest.frontmatter import dump_article, read_article_file
from digest.lock import LockedError, content_lock
from digest.markdown_body import body_to_markdown
from digest.paths import LinkGuard, link_outside
from digest.rawformat import RawArticle, read_raw_file
from digest.slugs import slug

BODY = "body"  # the Markdown body is fingerprinted too: a curator may fix a translation


@dataclass
class Summary:
    new: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    duplicates: list[tuple[Path, str]] = field(default_factory=list)  # (article, duplicate_of)

    def line(self) -> str:
        line = (
            f"{len(self.new)} new, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.failed)} failed"
        )
        if self.duplicates:
            line += f"; {len(self.duplicates)} duplicate(s) held as draft, see duplicate_of"
        return line


def fingerprint(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def _load_extractor(gazetteer_dir: Path):
    """The entity extractor and its gazetteer, or None while there is no gazetteer to read."""
    try:
        from digest.extract import extract_entities
        from digest.gazetteer import load_gazetteer
    except ImportError:
        return None
    if not gazetteer_dir.is_dir():
        return None
    gazetteer = load_gazetteer(gazetteer_dir)  # a broken gazetteer stops the batch: it names file and line

    def extract(raw: RawArticle, explain: bool = False) -> dict[str, list]:
        return extract_entities(raw.title, raw.body, raw.footer, gazetteer).to_front_matter(explain)

    extract.gazetteer = gazetteer  # inspect shows what the gazetteer says of each place
    return extract


def machine_record(raw: RawArticle, extract=None, explain: bool = False) -> tuple[dict[str, Any], str]:
    """The front-matter fields and Markdown body ingest derives from one raw article (`explain`: with
    why each mention was found, for inspect)."""
    entities = extract(raw, explain) if extract else {kind.plural: [] for kind in STORED}
    meta: dict[str, Any] = {
        "title": raw.title,
        "date": raw.date.isoformat() if raw.date else None,
        "source": raw.source,
        "editor": raw.editor,
        "url": raw.url,
        "footer": dict(raw.footer),
        **entities,
        # Pelican keeps a draft off every list until a curator sets the missing date.
        "status": "published" if raw.date else "draft",
        "duplicate_of": None,  # set by commit() when another article has the same body
    }
    return meta, body_to_markdown(raw.body)


def inspect_file(path: Path, gazetteer_dir: Path = Path("content/gazetteer")) -> dict[str, Any]:
    """What ingest would write for one raw file, as JSON-ready data (writes nothing); each known
    place also shows what the gazetteer says of it (kind, prefecture, Chinese name), which the
    article itself does not store."""
    raw = read_raw_file(path)
    extract = _load_extractor(gazetteer_dir)
    meta, _ = machine_record(raw, extract, explain=True)
    if extract is not None:
        gazetteer = extract.gazetteer
        for place in meta["places"]:
            found = gazetteer.get("place", place["id"]) if place["id"] else None
            if found is not None:
                place.update(kind=found.place_kind, prefecture=gazetteer.prefecture_of(found), zh=found.zh,
                             outside_tibet=found.outside_tibet)
    return {
        "title": meta["title"],
        "date": meta["date"],
        "source": meta["source"],
        "editor": meta["editor"],
        "url": meta["url"],
        "footer": meta["footer"],
        "body": raw.body,
        **{kind.plural: meta[kind.plural] for kind in STORED},
        "warnings": raw.warnings,
    }


def preview_file(path: Path, gazetteer_dir: Path = Path("content/gazetteer")) -> str:
    """The Markdown file ingest would write for a raw file new to the corpus (writes nothing)."""
    return prepare(path, _load_extractor(gazetteer_dir)).new_text


def index_file(content_dir: Path) -> Path:
    """Where ingest keeps what it knows of content/ between runs: beside it, in the git-ignored .cache/."""
    return content_dir.parent / ".cache" / f"ingest-{content_dir.name}.pickle"


# The index holds tuple hashes of integers, which a Python version may compute differently.
INDEX_VERSION = f"corpus-2 python-{sys.version_info[0]}.{sys.version_info[1]}"


def _load_index(index: Path | None) -> dict[Path, tuple[tuple[int, ...], dict[str, Any]]]:
    if index is None:
        return {}
    try:
        data = pickle.loads(index.read_bytes())
        return data["articles"] if data.get("version") == INDEX_VERSION else {}
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, KeyError, TypeError, ValueError):
        return {}  # none yet, or unreadable: every file is read again


def _stamp(path: Path) -> tuple[int, ...]:
    """Changes whenever the file does: a curator's edit, git, or ingest's own atomic replace."""
    st = path.stat()
    return st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino


class Corpus:
    """The articles already in content/, indexed by the keys that identify an article.

    With an `index` file, what it knew of each article (identity keys, duplicate mark, body
    signature) is kept between runs and read again only for files whose stamp changed: adding one
    article to a large corpus then parses one file, not all of them."""

    def __init__(self, articles_dir: Path, index: Path | None = None):
        self.articles_dir = articles_dir
        self.index = index
        self.by_hash: dict[str, Path] = {}
        self.by_url: dict[str, Path] = {}
        self.by_title_date: dict[tuple[str, str], Path] = {}
        self.paths: set[Path] = set()
        self.bodies = BodyIndex()
        self.duplicates: set[Path] = set()  # articles already marked as a copy are never an original
        self.broken: dict[Path, DigestError] = {}  # files a curator left unreadable, and why
        self._records: dict[Path, tuple[tuple[int, ...], dict[str, Any]]] = {}
        known = _load_index(index)
        guard = LinkGuard(articles_dir)
        for path in sorted(articles_dir.rglob("*.md")) if articles_dir.is_dir() else []:
            if why := guard.why(path):
                print(f"warning: {path}: {why}", file=sys.stderr)
                continue
            hit = known.get(path)
            if hit is not None and hit[0] == _stamp(path):
                self._file(path, *hit)
                continue
            try:
                meta, body, _ = read_article_file(path)
            except DigestError as exc:
                # A curator's broken file is not ingest's to touch: report it, and keep its identity
                # (read from the lines that still parse) so a re-ingest fails instead of writing a twin.
                print(f"warning: {exc}", file=sys.stderr)
                self.paths.add(path)
                self.broken[path] = exc
                self._add_keys(path, _keys_of_broken_file(path))
                continue
            self.add(path, meta, body)

    def add(self, path: Path, meta: dict[str, Any], body: str | None = None,
            signature: frozenset[int] | None = None) -> None:
        """File an article just read or written (`path` holds exactly `meta` and `body`)."""
        record = meta.get("ingest") or {}
        machine = record.get("machine") or {}
        packed = (pack(shingles(body) if signature is None else signature) if body is not None
                  else self.bodies.signatures.get(path))
        self._file(path, _stamp(path), {
            "keys": {"raw_sha256": record.get("raw_sha256"), "url": meta.get("url"),
                     "title": machine.get("title"), "date": machine.get("date")},
            "duplicate": bool(meta.get("duplicate_of")),
            "signature": packed,
        })

    def _file(self, path: Path, stamp: tuple[int, ...], record: dict[str, Any]) -> None:
        self.paths.add(path)
        self.broken.pop(path, None)
        if record["signature"] is not None:  # one bytes object, shared by the record and the body index
            record["sketch"] = self.bodies.add_packed(path, record["signature"], record.get("sketch"))
        if record["duplicate"]:
            self.duplicates.add(path)
        else:
            self.duplicates.discard(path)
        self._add_keys(path, record["keys"])
        self._records[path] = (stamp, record)

    def save_index(self) -> None:
        """Keep what this run knows for the next (atomically; a lost index only costs a re-read)."""
        if self.index is None:
            return
        data = {"version": INDEX_VERSION, "articles": {p: r for p, r in self._records.items() if p.exists()}}
        tmp = self.index.with_name(f".{self.index.name}.{os.getpid()}{TMP_SUFFIX}")
        try:
            self.index.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as handle:  # streamed: the index is ~7 KB an article, never all in one bytes object
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.index)
        except OSError as exc:
            print(f"warning: {self.index}: {exc.strerror}; the next ingest reads every article again", file=sys.stderr)
            tmp.unlink(missing_ok=True)

    def _add_keys(self, path: Path, keys: dict[str, Any]) -> None:
        if keys.get("raw_sha256"):
            self.by_hash[str(keys["raw_sha256"])] = path
        if keys.get("url"):
            self.by_url[str(keys["url"])] = path
        if keys.get("title") and keys.get("date"):
            self.by_title_date[(str(keys["title"]), str(keys["date"]))] = path

    def find(self, raw: RawArticle, meta: dict[str, Any]) -> Path | None:
        """The file holding this article already, if any. Same title and date is not the same article:
        two outlets' 'County Holds Work Meeting' of one day are two stories unless their texts agree."""
        known = self.by_hash.get(raw.text_sha256) or (self.by_url.get(raw.url) if raw.url else None)
        if known is not None:
            return known
        same_heading = self.by_title_date.get((fingerprint(meta["title"]), fingerprint(meta["date"])))
        if same_heading is not None and (same_heading in self.broken or _same_story(same_heading, raw)):
            return same_heading
        return None

    def duplicate_of(self, raw: RawArticle, known: Path | None, known_meta: dict[str, Any] | None,
                     signature: frozenset[int] | None = None) -> str | None:
        """Path (relative to content/) of the article this one repeats, if any.

        Judged once, when an article first arrives; later it keeps its verdict while that article
        exists. Judging again would let the original turn into a copy of its own copy once a
        curator decides the copy stays.
        """
        content_dir = self.articles_dir.parent
        if known is not None:
            previous = (known_meta or {}).get("duplicate_of")
            return previous if previous and (content_dir / str(previous)).is_file() else None
        match = self.bodies.find("\n".join(raw.body), exclude=self.duplicates, signature=signature)
        return match.key.relative_to(content_dir).as_posix() if match else None

    def new_path(self, raw: RawArticle) -> Path:
        path = self.articles_dir / default_location(raw)
        if path in self.broken:
            # Perhaps this very article, in a file ingest cannot read: writing a twin would publish it twice.
            raise self.broken[path]
        if path in self.paths or path.exists():  # same day, same title, different text
            path = path.with_name(f"{path.stem}-{raw.text_sha256[:8]}.md")
        return path


# A page fetched again (a corrected word, a sentence added) keeps most of its words in order;
# another story under the same stock headline shares little beyond the boilerplate.
SAME_STORY = 0.8


def _same_story(path: Path, raw: RawArticle) -> bool:
    try:
        _, body, _ = read_article_file(path)
    except (DigestError, OSError):
        return False
    old, new = words(body), words("\n".join(raw.body))
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return matcher.real_quick_ratio() >= SAME_STORY and matcher.quick_ratio() >= SAME_STORY and matcher.ratio() >= SAME_STORY


# The keys of a file whose YAML does not parse, read line by line from what ingest wrote.
_KEY_LINE_RE = re.compile(r"^(?:  )?(raw_sha256|url): *['\"]?([^'\"\s]+)['\"]? *$")
_MACHINE_LINE_RE = re.compile(r"^    (title|date): *['\"]?([0-9a-f]{12})['\"]? *$")


def _keys_of_broken_file(path: Path) -> dict[str, str]:
    keys: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return keys
    for line in text.split("\n"):
        match = _KEY_LINE_RE.match(line) or _MACHINE_LINE_RE.match(line)
        if match and match.group(2) not in ("null", "~"):
            keys.setdefault(match.group(1), match.group(2))
    return keys


FILE_SLUG_CHARS = 70  # of an article's file name, after its date


def default_location(raw: RawArticle) -> Path:
    """Where a new article goes, relative to content/articles, unless that name is taken."""
    name = slug(raw.title, FILE_SLUG_CHARS) or "article"
    if raw.date:
        return Path(f"{raw.date:%Y}") / f"{raw.date:%Y-%m-%d}-{name}.md"
    return Path("undated") / f"{name}.md"


def merge(existing: dict[str, Any] | None, existing_body: str | None, machine: dict[str, Any], body: str,
          raw: RawArticle, source_name: str) -> tuple[dict[str, Any], str]:
    """New front-matter and body: machine values where the field is still machine-owned."""
    old = existing or {}
    record = old.get("ingest") or {}
    old_prints = record.get("machine") or {}
    frozen = bool(old.get("reviewed"))
    meta: dict[str, Any] = {}
    prints: dict[str, str] = {}
    curated: list[str] = []
    for name in MACHINE_FIELDS:
        if existing is not None and name in old_prints and (frozen or fingerprint(old.get(name)) != old_prints[name]):
            meta[name] = old.get(name)
            prints[name] = old_prints[name]
            curated.append(name)
        elif existing is not None and name not in old_prints and name in old:
            meta[name] = old[name]  # a field a curator added that ingest did not write before
            prints[name] = fingerprint(machine[name])
            curated.append(name)
        else:
            meta[name] = machine[name]
            prints[name] = fingerprint(machine[name])
    if existing is not None and BODY in old_prints and (frozen or fingerprint(existing_body) != old_prints[BODY]):
        new_body, prints[BODY] = existing_body or "", old_prints[BODY]
        curated.append(BODY)
    else:
        new_body, prints[BODY] = body, fingerprint(body)
    meta["slug"] = old.get("slug") or None
    for name in CURATOR_FIELDS:
        meta[name] = old.get(name, False if name == "reviewed" else None)
    for name, value in old.items():  # curator-added keys survive, after the known ones
        if name not in meta and name != "ingest":
            meta[name] = value
    same_text = record.get("raw_sha256") == raw.text_sha256
    meta["ingest"] = {
        "id": record.get("id") or raw.text_sha256[:16],
        "raw_sha256": raw.text_sha256 if not frozen else record.get("raw_sha256", raw.text_sha256),
        # The same article fetched again under another name, or with other page chrome, is no change.
        "raw_file": record.get("raw_file", source_name) if same_text else source_name,
        "machine": prints,
        "curated": curated,
        "warnings": list(record.get("warnings", raw.warnings)) if same_text else list(raw.warnings),
    }
    if frozen and record.get("raw_sha256") != raw.text_sha256:
        meta["ingest"]["pending_raw_sha256"] = raw.text_sha256
    return meta, new_body




def remove_leftovers(articles_dir: Path) -> None:
    """Temporary files of a run that was killed mid-write (only ever written by write_atomic)."""
    for path in articles_dir.rglob(f".*{TMP_SUFFIX}") if articles_dir.is_dir() else ():
        path.unlink(missing_ok=True)


SYNC_EACH_UP_TO = 256  # new files; a larger batch syncs the whole system once instead


def sync_new_files(paths: list[Path]) -> None:
    """Make the batch's new files (written without a sync each) and their folder entries durable.
    A day's batch syncs its own files: os.sync() would also wait for every other process's writes."""
    if len(paths) > SYNC_EACH_UP_TO:
        os.sync()
        return
    for path in [*paths, *{path.parent for path in paths}]:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue  # moved or removed since it was written: nothing of ours to make durable
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass
class Prepared:
    """One raw file parsed and extracted: the part of ingest that needs no other article."""

    raw_path: Path
    raw: RawArticle
    machine: dict[str, Any]
    body: str
    signature: frozenset[int]  # the body's word runs, for duplicate detection
    # The front-matter and file as written when the article is new, no duplicate, at its default path:
    # made here so that the worker processes, not the one committing, pay for the YAML.
    new_meta: dict[str, Any]
    new_text: str


def prepare(raw_path: Path, extract) -> Prepared:
    raw = read_raw_file(raw_path)
    machine, body = machine_record(raw, extract)
    signature = shingles("\n".join(raw.body))
    new_meta, new_text = _new_article(raw, machine, body, raw_path.name, default_location(raw).stem)
    return Prepared(raw_path, raw, machine, body, signature, new_meta, new_text)


def _new_article(raw: RawArticle, machine: dict[str, Any], body: str, source_name: str,
                 slug: str) -> tuple[dict[str, Any], str]:
    meta, new_body = merge(None, None, machine, body, raw, source_name)
    meta["slug"] = slug
    return meta, dump_article(meta, new_body)


def commit(prepared: Prepared, corpus: Corpus, summary: Summary) -> tuple[str, Path]:
    """Place one prepared article in the corpus: new file, update, or nothing to do."""
    raw_path, raw, machine, body = prepared.raw_path, prepared.raw, prepared.machine, prepared.body
    known = corpus.find(raw, machine)
    if known in corpus.broken:
        raise corpus.broken[known]  # fix the file, then ingest again: never a second copy of the article
    old_meta, old_body, _ = read_article_file(known) if known else (None, None, None)
    duplicate = corpus.duplicate_of(raw, known, old_meta, prepared.signature)
    if duplicate is not None:
        # Written, so the curator sees it, but held back: the story must not be published twice.
        machine = {**machine, "duplicate_of": duplicate, "status": "draft"}
    if known is None:
        path = corpus.new_path(raw)
        meta, text = prepared.new_meta, prepared.new_text
        if duplicate is not None or path.stem != default_location(raw).stem:
            meta, text = _new_article(raw, machine, body, raw_path.name, path.stem)
        write_atomic(path, text, durable=False)
        corpus.add(path, meta, body, prepared.signature)
        summary.new.append(path)
        _note_duplicate(path, meta, summary)
        return "new", path
    meta, new_body = merge(old_meta, old_body, machine, body, raw, raw_path.name)
    text = dump_article(meta, new_body)
    _note_duplicate(known, meta, summary)
    if text == known.read_text(encoding="utf-8"):
        summary.unchanged.append(known)
        return "unchanged", known
    write_atomic(known, text)
    corpus.add(known, meta, new_body)
    summary.updated.append(known)
    return "updated", known


def _note_duplicate(path: Path, meta: dict[str, Any], summary: Summary) -> None:
    if meta.get("duplicate_of"):
        summary.duplicates.append((path, str(meta["duplicate_of"])))


def raw_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The raw files to read, and why others were refused (links leading out of the folder given)."""
    found: list[Path] = []
    refused: list[str] = []
    for path in paths:
        if path.is_dir():
            guard = LinkGuard(path)
            for candidate in sorted(p for p in path.rglob("*.txt") if p.is_file()):
                if why := guard.why(candidate):
                    refused.append(f"{candidate}: {why}")
                else:
                    found.append(candidate)
        elif path.is_symlink() and (why := link_outside(path, path.parent)):
            refused.append(f"{path}: {why}")
        else:
            found.append(path)
    return found, refused


def ingest_paths(paths: Iterable[Path], content_dir: Path, out: TextIO = sys.stdout) -> Summary:
    summary = Summary()
    paths = list(paths)
    try:
        with content_lock(content_dir, "ingest"):
            _ingest_locked(paths, content_dir, out, summary)
    except LockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        summary.failed.append(str(exc))
    return summary


def _ingest_locked(paths: list[Path], content_dir: Path, out: TextIO, summary: Summary) -> None:
    files, refused = raw_files(paths)
    for reason in refused:
        summary.failed.append(reason)
        print(f"REFUSED {reason}", file=out)
    try:
        extract = _load_extractor(content_dir / "gazetteer")
    except DigestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        summary.failed.append(str(exc))
        return
    remove_leftovers(content_dir / "articles")
    corpus = Corpus(content_dir / "articles", index_file(content_dir))
    width = len(str(len(files)))
    with _reporter(out, len(files)) as report:
        _commit_all(files, extract, corpus, summary, width, report)
    if not files and not refused:
        print("no raw .txt files found in: " + ", ".join(str(p) for p in paths), file=out)
    sync_new_files(summary.new)
    corpus.save_index()
    print(summary.line(), file=out)


PROGRESS_FROM = 50  # files; a shorter batch is over before a bar would help


@contextmanager
def _reporter(out: TextIO, total: int):
    """Where each file's line goes: `out`, or for a long batch at a terminal, above a bar with the
    time left (rich, as Pelican's own output)."""
    if total < PROGRESS_FROM or not (hasattr(out, "isatty") and out.isatty()):
        yield lambda line: print(line, file=out)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("time left"),
                  TimeRemainingColumn(), console=Console(file=out), transient=True) as progress:
        task = progress.add_task("ingest", total=total)

        def report(line: str) -> None:
            progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
            progress.advance(task)

        yield report


def _commit_all(files, extract, corpus: Corpus, summary: Summary, width: int, report) -> None:
    for number, (raw_path, prepared) in enumerate(_prepare_all(files, extract), start=1):
        held = len(summary.duplicates)
        try:
            if isinstance(prepared, BaseException):
                raise prepared
            outcome, target = commit(prepared, corpus, summary)
        except DigestError as exc:
            summary.failed.append(str(exc))
            report(f"[{number:>{width}}/{len(files)}] FAILED {exc}")
            continue
        except OSError as exc:
            summary.failed.append(f"{raw_path}: {exc}")
            report(f"[{number:>{width}}/{len(files)}] FAILED {raw_path}: {exc}")
            continue
        note = ""
        if len(summary.duplicates) > held:
            note = f" (duplicate of {summary.duplicates[-1][1]}: held as draft)"
        report(f"[{number:>{width}}/{len(files)}] {outcome:9} {raw_path} -> {target}{note}")


PARALLEL_FROM = 64  # below this many files a worker pool costs more than it saves
_worker_extract = None


def _prepare_or_error(raw_path: Path, extract) -> Prepared | BaseException:
    """The prepared article, or the error that names the file (returned: it must cross processes)."""
    try:
        return prepare(raw_path, extract)
    except (DigestError, OSError) as exc:
        return exc


def _prepare_in_worker(raw_path: Path) -> Prepared | BaseException:
    return _prepare_or_error(raw_path, _worker_extract)


def _prepare_all(files: list[Path], extract) -> Iterator[tuple[Path, Prepared | BaseException]]:
    """Parse and extract in worker processes (pure work, in order); the caller commits one by one."""
    global _worker_extract
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for raw_path in files:
            yield raw_path, _prepare_or_error(raw_path, extract)
        return
    _worker_extract = extract  # forked workers inherit the loaded gazetteer instead of re-reading it
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from zip(files, pool.imap(_prepare_in_worker, files, chunksize=16))

"""The `digest` command: inspect, ingest, and the curator's review and evaluation tools."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# The checkout this package runs from (pip install -e): its content/ when the working directory has none.
PROJECT_CONTENT = Path(__file__).resolve().parents[1] / "content"


def default_content() -> Path:
    here = Path("content")
    return here if here.is_dir() else PROJECT_CONTENT


def _cmd_inspect(args: argparse.Namespace) -> int:
    from digest.errors import DigestError
    from digest.ingest import inspect_file, preview_file

    gazetteer = args.gazetteer or args.content / "gazetteer"
    if not gazetteer.is_dir():
        # Without a gazetteer no official, place or campaign would be found: say so rather than print none.
        print(f"error: no gazetteer at {gazetteer}: run from the project's folder, or give --content DIR "
              "or --gazetteer DIR", file=sys.stderr)
        return 2
    try:
        if args.json:
            record = inspect_file(Path(args.file), gazetteer_dir=gazetteer)
            json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(preview_file(Path(args.file), gazetteer_dir=gazetteer))
    except DigestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from digest.ingest import ingest_paths

    summary = ingest_paths([Path(p) for p in args.paths], content_dir=args.content, out=sys.stdout)
    return 1 if summary.failed else 0


def _cmd_review(args: argparse.Namespace) -> int:
    from digest.review import run_review

    return run_review(args.content, out=sys.stdout)


def _cmd_eval(args: argparse.Namespace) -> int:
    from digest.evaluate import DEFAULT_PASSAGES, run_eval

    return run_eval(args.passages or DEFAULT_PASSAGES, args.content / "gazetteer", out=sys.stdout, show_mistakes=not args.quiet)


def _cmd_offices(args: argparse.Namespace) -> int:
    from digest.evaluate import office_coverage
    from digest.gazetteer import load_gazetteer

    office_coverage(args.labels, load_gazetteer(args.content / "gazetteer"), out=sys.stdout)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digest", description=__doc__)
    # Every subcommand takes --content, so it can follow the subcommand's own arguments.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", type=Path, default=default_content(),
                        help="content folder (default: ./content, else the project's)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("inspect", parents=[common], help="parse one raw article and print what ingest would write (writes nothing)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print JSON instead of the Markdown file")
    p.add_argument("--gazetteer", type=Path, help="gazetteer folder (default: <content>/gazetteer)")
    p.set_defaults(func=_cmd_inspect)

    p = sub.add_parser("ingest", parents=[common], help="ingest raw .txt articles (files or folders) into content/articles/")
    p.add_argument("paths", nargs="+")
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("review", parents=[common], help="list unresolved officials, places and campaign candidates (exit 1 if any)")
    p.set_defaults(func=_cmd_review)

    p = sub.add_parser("eval", parents=[common], help="precision/recall of extraction on the gold passages (exit 1 below the bar)")
    p.add_argument("--passages", type=Path, nargs="+", help="gold passages YAML files (default: tests/extraction/fixtures/*.yaml)")
    p.add_argument("--quiet", action="store_true", help="print the table without the list of mistakes")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("offices", parents=[common], help="the offices each labelled title maps to (realtext labels.yaml)")
    p.add_argument("labels", type=Path)
    p.set_defaults(func=_cmd_offices)

    # Further subcommands register here, each with parents=[common].
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

"""The `seesaw` command: validate the data, run the notebooks, print the headline figures."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from seesaw import paths
from seesaw.load import DataError, load_dataset


class UsageError(ValueError):
    """A bad command-line or notebook parameter: the message names it and what is allowed."""


def _validate(args: argparse.Namespace) -> int:
    data = load_dataset(Path(args.data_dir))
    ev, qu = data.events, data.quotes
    span = f"{ev['date'].min().date().isoformat()}..{ev['date'].max().date().isoformat()}"
    print(f"data ok: {len(ev):,} events, {len(qu):,} quotes, {span}")
    return 0


def _codebook(args: argparse.Namespace) -> int:
    from seesaw import codebook

    path = Path(args.readme)
    old = path.read_text(encoding="utf-8")
    new = codebook.update_readme(old)
    if args.check:
        if new != old:
            print(f"{path}: codebook tables are out of date; run `seesaw codebook`")
            return 1
        print(f"{path}: codebook tables are up to date")
        return 0
    if new != old:
        tmp = path.with_suffix(".md.tmp")
        tmp.write_text(new, encoding="utf-8")
        tmp.replace(path)
    print(f"{path}: codebook tables written")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seesaw",
        description="Validate the seesaw data, run the notebooks, print the headline figures.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check data/events.csv and data/quotes.csv")
    p.add_argument("data_dir", nargs="?", default=str(paths.DATA), help="folder of the CSVs")
    p.set_defaults(func=_validate)

    p = sub.add_parser("codebook", help="regenerate the codebook tables in data/README.md")
    p.add_argument("--readme", default=str(paths.DATA / "README.md"), help=argparse.SUPPRESS)
    p.add_argument("--check", action="store_true", help="only check they are up to date")
    p.set_defaults(func=_codebook)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 bad input, 2 usage or internal error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except DataError as err:
        print(err.report(), file=sys.stderr)
        print("Fix the rows above, then run `seesaw validate` again.", file=sys.stderr)
        return 1
    except UsageError as err:
        print(f"seesaw {args.command}: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - the user never sees a traceback
        if os.environ.get("SEESAW_DEBUG"):
            raise
        print(
            f"seesaw {args.command}: internal error: {type(err).__name__}: {err}\n"
            "Re-run with SEESAW_DEBUG=1 for the traceback, and please report it.",
            file=sys.stderr,
        )
        return 2

"""The `seesaw` command: validate the data, run the notebooks, print the headline figures."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from seesaw import paths
from seesaw.load import DataError, load_dataset
from seesaw.params import ParameterError
from seesaw.runner import RunError


class UsageError(ValueError):
    """A bad command-line value: the message names it and what is allowed."""


def _validate(args: argparse.Namespace) -> int:
    data = load_dataset(Path(args.data_dir))
    ev, qu = data.events, data.quotes
    span = (
        f"{ev['date'].min().date().isoformat()}..{ev['date'].max().date().isoformat()}"
    )
    print(f"data ok: {len(ev):,} events, {len(qu):,} quotes, {span}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    import json

    from seesaw.headline import format_headline, headline
    from seesaw.params import check_params

    p = check_params(
        args.data_dir,
        scheme=args.scheme,
        collapse=args.collapse,
        seed=args.seed,
        permutations=args.permutations,
        smoothing_days=args.smoothing_days,
        coincidence_days=args.coincidence_days,
        start_date=args.start_date,
        end_date=args.end_date,
    )
    from seesaw.select import select_events

    events = select_events(load_dataset(p.data_dir).events, p.start_date, p.end_date)
    figures = headline(
        events,
        scheme=p.scheme,
        collapse=p.collapse,
        smoothing_days=p.smoothing_days,
        coincidence_days=p.coincidence_days,
        permutations=p.permutations,
        seed=p.seed,
    )
    if args.json:
        print(json.dumps(figures.as_dict(), indent=2, default=str))
    else:
        print(format_headline(figures))
    return 0


def _sync(path: Path, new: str, check: bool, what: str, command: str) -> int:
    """Write a regenerated file, or with `check` only say whether it is up to date."""
    from seesaw.export import atomic_write

    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if check:
        if new != old:
            print(f"{path}: {what} out of date; run `{command}`")
            return 1
        print(f"{path}: {what} up to date")
        return 0
    if new != old:
        atomic_write(path, new)
    print(f"{path}: {what} written")
    return 0


def _readme(args: argparse.Namespace) -> int:
    from seesaw import readme

    data = load_dataset(Path(args.data_dir))
    block = readme.block_for(data)
    path = Path(args.readme)
    new = readme.update(path.read_text(encoding="utf-8"), block)
    return _sync(path, new, args.check, "the bottom line is", "seesaw readme")


def _codebook(args: argparse.Namespace) -> int:
    from seesaw import codebook

    path = Path(args.readme)
    new = codebook.update_readme(path.read_text(encoding="utf-8"))
    return _sync(path, new, args.check, "codebook tables are", "seesaw codebook")


def _datapackage(args: argparse.Namespace) -> int:
    from seesaw import datapackage

    path = Path(args.path)
    return _sync(
        path, datapackage.render(), args.check, "data package is", "seesaw datapackage"
    )


def _run(args: argparse.Namespace) -> int:
    from seesaw import runner

    raw: dict[str, str] = {}
    for name, value in args.param:
        raw[name] = value
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(
            total=len(runner.notebook_sequence()), unit="notebook", file=sys.stderr
        )

    def progress(message: str) -> None:
        if bar is not None:
            bar.set_postfix_str(message)
            bar.update(1)

    try:
        result = runner.run(
            data_dir=Path(args.data_dir) if args.data_dir else None,
            output_dir=Path(args.output_dir) if args.output_dir else None,
            parameters=raw,
            select=args.notebooks.split(",") if args.notebooks else None,
            jobs=args.jobs,
            report=not args.no_report,
            figures=not args.no_figures,
            progress=progress,
        )
    finally:
        if bar is not None:
            bar.close()
    where = f" into {args.output_dir}" if args.output_dir else ""
    print(
        f"ran {len(result.notebooks)} notebooks{where} in {result.seconds:.1f} s; "
        f"{len(result.figures)} figure files; "
        f"report: {result.report / 'index.html' if result.report else 'not written'}"
    )
    if result.phases:
        print("time: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.phases.items()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seesaw",
        description="Validate the seesaw data, run the notebooks, print the headline figures.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check data/events.csv and data/quotes.csv")
    p.add_argument(
        "data_dir", nargs="?", default=str(paths.DATA), help="folder of the CSVs"
    )
    p.set_defaults(func=_validate)

    p = sub.add_parser(
        "run",
        help="validate, then run the notebooks, export figures and write the report",
    )
    p.add_argument(
        "--data-dir", help="run against the CSVs in this folder (default: data/)"
    )
    p.add_argument(
        "--output-dir",
        help="write notebooks, figures and report here; the committed notebooks stay untouched",
    )
    p.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a notebook parameter, given to every notebook that declares it (repeatable)",
    )
    p.add_argument("--notebooks", help="only these, by number prefix: 01,02")
    p.add_argument(
        "--jobs", type=int, default=2, help="notebooks run at once (default 2)"
    )
    p.add_argument("--no-report", action="store_true", help="skip the HTML report")
    p.add_argument("--no-figures", action="store_true", help="skip the figure export")
    p.set_defaults(func=_run)

    p = sub.add_parser("stats", help="print the headline figures the notebooks report")
    p.add_argument("--data-dir", default=str(paths.DATA), help="folder of the CSVs")
    p.add_argument("--scheme", default="mode", help="flat, mode (default) or goldstein")
    p.add_argument(
        "--start-date",
        default="2025-01-20",
        help="first day analysed (default: the inauguration, as in the notebooks)",
    )
    p.add_argument("--end-date", default="", help="last day analysed (default: all)")
    p.add_argument("--collapse", default="day", help="day (default), week or none")
    p.add_argument("--seed", default=20250120, help="seed of the permutation nulls")
    p.add_argument("--permutations", default=9999, help="permutations per null")
    p.add_argument(
        "--smoothing-days", default=14, help="window of the smoothed balance"
    )
    p.add_argument(
        "--coincidence-days", default=7, help="window of the coincidence rates"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_stats)

    p = sub.add_parser(
        "readme", help="regenerate the bottom line in README.md from the data"
    )
    p.add_argument("--data-dir", default=str(paths.DATA), help=argparse.SUPPRESS)
    p.add_argument(
        "--readme", default=str(paths.ROOT / "README.md"), help=argparse.SUPPRESS
    )
    p.add_argument("--check", action="store_true", help="only check it is up to date")
    p.set_defaults(func=_readme)

    p = sub.add_parser(
        "codebook", help="regenerate the codebook tables in data/README.md"
    )
    p.add_argument(
        "--readme", default=str(paths.DATA / "README.md"), help=argparse.SUPPRESS
    )
    p.add_argument(
        "--check", action="store_true", help="only check they are up to date"
    )
    p.set_defaults(func=_codebook)

    p = sub.add_parser(
        "datapackage",
        help="regenerate data/datapackage.json (Frictionless) from the schema",
    )
    p.add_argument(
        "--path", default=str(paths.DATA / "datapackage.json"), help=argparse.SUPPRESS
    )
    p.add_argument("--check", action="store_true", help="only check it is up to date")
    p.set_defaults(func=_datapackage)
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
    except (UsageError, ParameterError, RunError) as err:
        print(f"seesaw {args.command}: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as err:
        if os.environ.get("SEESAW_DEBUG"):
            raise
        print(
            f"seesaw {args.command}: internal error: {type(err).__name__}: {err}\n"
            "Re-run with SEESAW_DEBUG=1 for the traceback, and please report it.",
            file=sys.stderr,
        )
        return 2

"""The `seesaw` command: validate the data, run the notebooks, print the headline figures."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from seesaw import paths
from seesaw.data import vocab
from seesaw.data.load import load_dataset
from seesaw.data.rawfile import DataError
from seesaw.errors import SeesawError, UsageError  # UsageError stays importable here


def _validate(args: argparse.Namespace) -> int:
    """check every file a run reads: the tables, the claims and reliability/"""
    from seesaw.analysis.inputs import validate_inputs

    data = validate_inputs(args.data_dir)
    ev, qu = data.events, data.quotes
    episodes = Path(args.data_dir) / "episodes.csv"
    if episodes.is_file():  # the README's key episodes, each an event of the data
        from seesaw.data.load import load_episodes

        load_episodes(episodes, ev)
    span = f"{ev['date'].min():%Y-%m-%d}..{ev['date'].max():%Y-%m-%d}"
    print(f"data ok: {len(ev):,} events, {len(qu):,} quotes, {span}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    """print the counts, phases and verdicts of one window (default: the article's, as
    notebooks 03 and 04 test it; notebook 02 draws the whole span)"""
    from seesaw.analysis import verdicts
    from seesaw.analysis.headline import headline
    from seesaw.analysis.masks import track_rows, window_span
    from seesaw.data.params import check_params, iso_date
    from seesaw.pipeline.checks import check_window
    from seesaw.text.stats import format_headline, format_verdicts

    settings = ("scheme", "seed", "permutations", "smoothing_days", "coincidence_days")
    if args.end_date is None:  # not given: the article's date
        args.end_date = vocab.ARTICLE_END
        start = iso_date(args.start_date)  # a bad one is check_params' to refuse
        if start and start > dt.date.fromisoformat(args.end_date):
            raise UsageError(
                f"--start-date {args.start_date} is after --end-date's default, the "
                f"article's date {vocab.ARTICLE_END}: give --end-date too"
            )
    p = check_params(
        args.data_dir,
        args.start_date,
        args.end_date,
        **{k: getattr(args, k) for k in settings},
    )
    everything = load_dataset(p.data_dir).events
    gaza = args.track != "ukraine"
    where = f"--start-date {p.start_date or '(none)'} and --end-date {p.end_date or '(none)'}"
    events = check_window(
        everything, p.start_date, p.end_date, where, None if gaza else "ukraine"
    )
    figures = None if gaza else headline(events, p.scheme, p.smoothing_days)
    found = verdicts.verdicts(
        everything,
        p.start_date,
        p.end_date,
        track=args.track,
        **{k: getattr(p, k) for k in settings},
    )
    if figures is None:  # the Gaza track: the verdicts and the same weeks
        from seesaw.analysis import contrast
        from seesaw.text.contrast import overlap_words

        lanes = contrast.overlap(
            everything, args.track, p.start_date, p.end_date, seed=p.seed
        )
        found["overlap"] = lanes.as_dict()
        text = [f"track {args.track}", format_verdicts(found)]
        text.append(overlap_words(lanes))
    else:
        # The days the headline counts, as the verdicts' window line gives its own.
        span = window_span(track_rows(everything), p.start_date, p.end_date)
        text = [format_headline(figures, span), format_verdicts(found)]
        # The headline's figures in a block of their own: both name `overtures`.
        found = {"headline": figures.as_dict(), **found}
    print(json.dumps(found, indent=2, default=str) if args.json else "\n".join(text))
    return 0


def _sync(args: argparse.Namespace, path: Path, new: str, what: str) -> int:
    """Write a regenerated file, or with --check only say whether it is up to date."""
    from seesaw.files import atomic_write

    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if args.check:
        stale = new != old
        state = f"out of date; run `seesaw {args.command}`" if stale else "up to date"
        print(f"{path}: {what} {state}")
        return int(stale)
    if new != old:
        atomic_write(path, new)
    print(f"{path}: {what} written")
    return 0


def _readme(args: argparse.Namespace) -> int:
    """regenerate the bottom line in README.md from the data"""
    from seesaw.text import readme

    data_dir = Path(args.data_dir)
    block = readme.block_for(load_dataset(data_dir), data_dir)
    path = Path(args.readme)
    new = readme.update(path.read_text(encoding="utf-8"), block)
    return _sync(args, path, new, "the bottom line is")


def _codebook(args: argparse.Namespace) -> int:
    """regenerate the codebook tables in data/README.md"""
    from seesaw.text import codebook

    path = Path(args.readme)
    new = codebook.update_readme(path.read_text(encoding="utf-8"))
    return _sync(args, path, new, "codebook tables are")


def _datapackage(args: argparse.Namespace) -> int:
    """regenerate data/datapackage.json (Frictionless) from the schema"""
    from seesaw.data import datapackage

    return _sync(args, Path(args.path), datapackage.render(), "data package is")


def _claims(args: argparse.Namespace) -> int:
    """print the claims ledger: each claim's verdict, stability and rows"""
    from seesaw.analysis import claims
    from seesaw.analysis.fact_checks import ClaimError
    from seesaw.analysis.inputs import validate_inputs
    from seesaw.text.ledger import format_text

    data = validate_inputs(args.data_dir)  # claims.csv required: not "of 0 statements"
    try:
        ledger = claims.evaluate(data.claims, data.events, data.quotes)
    except ClaimError as err:
        ids = data.claims["id"].astype(str).tolist()
        line = ids.index(err.claim_id) + 2 if err.claim_id in ids else 0
        got = data.claims["params"].iloc[line - 2] if line else ""
        raise UsageError(
            f"{Path(args.data_dir) / 'claims.csv'}:{line}: column 'params': {err} "
            f"(got {str(got)[:120]!r})"
        ) from err
    if args.json:
        print(json.dumps(claims.as_records(ledger), indent=2, ensure_ascii=False))
    else:
        print(format_text(ledger))
    return 0


def _sensitivity(args: argparse.Namespace) -> int:
    """rerun the primary verdicts and the argument claims under each contested coding
    choice"""
    from seesaw.analysis import sensitivity
    from seesaw.analysis.inputs import validate_inputs
    from seesaw.text.robustness import survival_sentence

    data = validate_inputs(args.data_dir)  # reliability/ too: a FIFO there is refused
    second = sensitivity.read_second(args.data_dir, data.events)

    def evaluate(events: Any) -> dict[str, object]:
        figures = sensitivity.primary_figures(events)
        figures.update(sensitivity.analytical_claims(events, data.quotes, data.claims))
        return figures

    table = sensitivity.run_variants(data.events, second, evaluate)
    verdict_columns = ["alternation_verdict", "overtures_verdict"] + [
        c for c in table.columns if c.startswith("claim ")
    ]
    sentences = [
        survival_sentence(table, "alternation_verdict", "alternation"),
        survival_sentence(table, "overtures_verdict", "timing"),
    ]
    if args.json:
        out = {
            "window": {"start": vocab.ANALYSIS_START, "end": vocab.ARTICLE_END},
            "variants": json.loads(table.to_json(orient="records")),
            "survives": {c: sensitivity.survives(table, c) for c in verdict_columns},
            "sentences": sentences,
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    shown = ["label", "rows_changed", *verdict_columns]
    shown += [c for c in ("switch_date",) if c in table]
    print(table[shown].to_string(index=False))
    print()
    print("\n".join(sentences))
    return 0


def _reliability(args: argparse.Namespace) -> int:
    """print round two's agreement, the adjudication and the coverage estimate"""
    from seesaw.analysis import study
    from seesaw.analysis.inputs import validate_inputs
    from seesaw.text.study import format_text

    validate_inputs(args.data_dir)  # every problem named with its folder and line
    figures = study.summary(Path(args.data_dir))
    print(json.dumps(figures, indent=2) if args.json else format_text(figures))
    return 0


def _run(args: argparse.Namespace) -> int:
    """validate, then run the notebooks, export figures and write the report"""
    from seesaw.data.params import ALIASES
    from seesaw.pipeline import runner
    from seesaw.text import changes

    def progress(message: str) -> None:
        if not args.quiet:  # plain lines, one per event: nothing to garble a log
            print(f"  {message}", flush=True)

    names = [name for name, _ in args.param]
    if twice := sorted({n for n in names if names.count(n) > 1}):
        raise UsageError(f"-p {', '.join(twice)} given more than once; give each once")
    for old, new in ALIASES.items():
        if old in names and new in names:
            raise UsageError(f"-p {old} is {new}'s old name; give one of them")
    if args.data_dir and "data_dir" in names:
        raise UsageError(
            "the data folder given twice (--data-dir and -p data_dir); give one"
        )
    result = runner.run(
        data_dir=Path(args.data_dir) if args.data_dir else None,
        output_dir=Path(args.output_dir) if args.output_dir else None,
        parameters=dict(args.param),
        select=None
        if args.notebooks is None
        else [s.strip() for s in args.notebooks.split(",")],
        jobs=args.jobs,
        report=not args.no_report,
        figures=not args.no_figures,
        progress=progress,
    )
    where = f" into {args.output_dir}" if args.output_dir else ""
    executed = (
        f"executed {len(result.executed)}, {len(result.cached)} unchanged from the cache"
        if result.executed
        else "re-executed nothing: every notebook unchanged, from the cache"
    )
    print(
        f"ran {vocab.count(len(result.notebooks), 'notebook')}{where} in "
        f"{result.seconds:.1f} s "
        f"({executed}); {len(result.figures)} figure files; "
        f"report: {result.report / 'index.html' if result.report else 'not written'}"
    )
    if result.changes and not args.quiet:
        print("what changed since the last good run:")
        for line in changes.lines(result.changes):
            print(f"  {line}")
    if result.phases and not args.quiet:
        print("time: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.phases.items()))
    return 0


def _folder(value: str) -> str:
    """A folder option's value: refused when empty (`--output-dir "$OUT"` with OUT
    unset would otherwise mean the committed notebooks)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty value names no folder")
    return value


def _jobs(value: str) -> int:
    """--jobs: a whole number of notebooks at once, from 1 to MAX_JOBS."""
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= MAX_JOBS:
        raise argparse.ArgumentTypeError(
            f"must be a whole number from 1 to {MAX_JOBS}, got {value!r}"
        )
    return jobs


#: More kernels at once than this only queue for the same cores and memory.
MAX_JOBS = 32


def _add_run(p: argparse.ArgumentParser) -> None:
    """`seesaw run`'s options: the whole sequence, from the checked data to the report."""
    p.add_argument(
        "--data-dir",
        type=_folder,
        help="run against the CSVs in this folder (default: data/)",
    )
    p.add_argument(
        "--output-dir",
        type=_folder,
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
        "--jobs", type=_jobs, default=2, help="notebooks run at once (default 2)"
    )
    p.add_argument("--no-report", action="store_true", help="skip the HTML report")
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only the summary line (no per-notebook lines, changes or times)",
    )
    p.add_argument("--no-figures", action="store_true", help="skip the figure export")


def _add_stats(p: argparse.ArgumentParser) -> None:
    """`seesaw stats`'s options: the headline figures and verdicts of a window and track."""
    p.add_argument("--data-dir", default=str(paths.DATA), help="folder of the CSVs")
    for flag, default, text in (
        ("--scheme", vocab.DEFAULT_SCHEME,
         f"{', '.join(vocab.SCHEMES)} (default {vocab.DEFAULT_SCHEME})"),
        ("--start-date", vocab.ANALYSIS_START,
         "first day analysed (default: the inauguration, as in the notebooks)"),
        ("--end-date", None,
         "last day analysed (default: the article's date, as in notebooks 03 and 04; "
         "the days after it to the end of the data are the holdout)"),
        ("--seed", vocab.DEFAULT_SEED, "seed of the permutation nulls"),
        ("--permutations", vocab.DEFAULT_PERMUTATIONS, "permutations per null"),
        ("--smoothing-days", vocab.DEFAULT_SMOOTHING_DAYS,
         "window of the smoothed balance"),
        ("--coincidence-days", vocab.DEFAULT_COINCIDENCE_DAYS,
         "the timing test's window: an escalation 0 to this many days before an "
         f"overture episode (default {vocab.DEFAULT_COINCIDENCE_DAYS})"),
    ):  # fmt: skip
        p.add_argument(flag, default=default, help=text)
    p.add_argument(
        "--track",
        default="ukraine",
        choices=("ukraine", "gaza"),
        help="the track tested: ukraine (default; the headline figures and both "
        "verdicts) or gaza (the lanes' verdict, each side's timing verdict and "
        "follow-through by instrument, on the Gaza track's rows)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")


def _reporter(p: argparse.ArgumentParser) -> None:
    """A command that prints a report on the data, as text or JSON."""
    p.add_argument("--data-dir", default=str(paths.DATA), help="folder of the CSVs")
    p.add_argument("--json", action="store_true", help="print JSON")


def _regenerator(
    check: str, **files: Path
) -> Callable[[argparse.ArgumentParser], None]:
    """A command that regenerates a committed file, or with --check only checks it;
    its file options are for the tests (not shown)."""

    def add(p: argparse.ArgumentParser) -> None:
        for option, default in files.items():
            p.add_argument(
                f"--{option.replace('_', '-')}",
                default=str(default),
                help=argparse.SUPPRESS,
            )
        p.add_argument("--check", action="store_true", help=check)

    return add


def _add_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "data_dir", nargs="?", default=str(paths.DATA), help="folder of the CSVs"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seesaw",
        description="Validate the seesaw data, run the notebooks, print the headline figures.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Each command, in the order --help lists them; its help is its function's docstring.
    it, they = "only check it is up to date", "only check they are up to date"
    readme = _regenerator(it, data_dir=paths.DATA, readme=paths.ROOT / "README.md")
    codebook = _regenerator(they, readme=paths.DATA / "README.md")
    package = _regenerator(it, path=paths.DATA / "datapackage.json")
    commands: tuple[tuple[str, Callable[[Any], None], Callable[[Any], int]], ...] = (
        ("validate", _add_validate, _validate),
        ("run", _add_run, _run),
        ("stats", _add_stats, _stats),
        ("claims", _reporter, _claims),
        ("readme", readme, _readme),
        ("codebook", codebook, _codebook),
        ("sensitivity", _reporter, _sensitivity),
        ("reliability", _reporter, _reliability),
        ("datapackage", package, _datapackage),
    )
    for name, add_options, func in commands:
        p = sub.add_parser(name, help=func.__doc__)
        add_options(p)
        p.set_defaults(func=func)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; the exit code: 0 ok, 1 a `SeesawError` (printed as one located line,
    a `DataError` as FILE:LINE rows) or a path the file system refused, 2 usage or
    internal error (a bug, and says so), 130 interrupted, 143 terminated."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except DataError as err:
        print(err.report(), file=sys.stderr)
        print("Fix the rows above, then run `seesaw validate` again.", file=sys.stderr)
        return 1
    except SeesawError as err:
        print(f"seesaw {args.command}: {err}", file=sys.stderr)
        return int(getattr(err, "exit_code", 1))
    except KeyboardInterrupt:
        print(
            f"seesaw {args.command}: interrupted; nothing was changed", file=sys.stderr
        )
        return 130
    except OSError as err:  # the file system refused a path the user gave
        if os.environ.get("SEESAW_DEBUG"):
            raise
        where = f" {err.filename}:" if err.filename else ""
        print(f"seesaw {args.command}:{where} {err.strerror or err}", file=sys.stderr)
        return 1
    except Exception as err:
        if os.environ.get("SEESAW_DEBUG"):
            raise
        print(
            f"seesaw {args.command}: internal error: {type(err).__name__}: {err}\n"
            "Re-run with SEESAW_DEBUG=1 for the traceback, and please report it.",
            file=sys.stderr,
        )
        return 2

"""The codebook's tables, generated from the schema so documentation and validation
agree; `seesaw codebook` writes them into `data/README.md`."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from seesaw import paths
from seesaw.analysis import masks, reliability, score, verdicts
from seesaw.analysis import study as study_data
from seesaw.analysis.claims import worked_examples
from seesaw.analysis.describe import span_words
from seesaw.data import claim_vocab, rawfile, schema, vocab
from seesaw.data.load import load_dataset
from seesaw.data.params import BOUNDS
from seesaw.files import replace_block
from seesaw.text import study
from seesaw.text.words import coverage_change, coverage_figures, day

BEGIN = (
    "<!-- BEGIN GENERATED TABLES: `seesaw codebook` writes this part; do not edit -->"
)
END = "<!-- END GENERATED TABLES -->"

TEMPLATE_FILE = Path(__file__).with_name("codebook.md")
_SCHEMA_DAY = dt.date(2000, 1, 1)  # any day: the tables do not depend on it


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _column_table(kind: str) -> str:
    """A table's columns, in file order (the schema's, as tests/test_schema.py checks)."""
    rows = [
        "| column | type | required | allowed values | meaning |",
        "|---|---|---|---|---|",
    ]
    for name, col in schema.SCHEMAS[kind](_SCHEMA_DAY).columns.items():
        meta: Mapping = col.metadata or {}
        shape = str(meta.get("type", "text"))
        if meta.get("max_len"):
            shape += f", at most {meta['max_len']} characters"
        allowed = meta.get("allowed")
        allowed_text = ", ".join(f"`{v}`" for v in allowed) if allowed else ""
        if meta.get("pattern"):  # an id's
            allowed_text = f"`{meta['pattern']}`"
        required = "yes" if meta.get("required") else "no"
        rows.append(
            f"| `{name}` | {_cell(shape)} | {required} | {allowed_text} | "
            f"{_cell(col.description or '')} |"
        )
    return "\n".join(rows)


def _vocab_table(title: str, values: Mapping[str, str]) -> list[str]:
    rows = [f"| {title} | definition |", "|---|---|"]
    rows += [f"| `{k}` | {_cell(v)} |" for k, v in values.items()]
    return rows


#: The vocabularies of the codebook's categories section, each under its title.
CATEGORIES: tuple[tuple[str, Mapping[str, str]], ...] = (
    ("actor / recipient / speaker_side", vocab.ACTORS),
    ("tone", vocab.TONES),
    ("pressure_on", vocab.PRESSURE_TARGETS),
    ("effect", vocab.EFFECTS),
    ("mode", vocab.MODES),
    ("date_precision", vocab.DATE_PRECISIONS),
    ("kind", vocab.KINDS),
    ("verbatim (quotes.csv)", vocab.VERBATIM),
)


def render_tables() -> str:
    """The generated part of the codebook (the template codebook.md beside this module):
    column tables and category definitions from the schema, the rules' own constants."""
    ex = worked_examples()
    lines = "\n".join
    template = string.Template(TEMPLATE_FILE.read_text("utf-8").removesuffix("\n"))
    return template.substitute(
        begin=BEGIN,
        end=END,
        **{kind: _column_table(kind) for kind in schema.SCHEMAS},
        checks=lines(_vocab_table("check", claim_vocab.CLAIM_CHECKS)),
        effect_error=schema.EFFECT_ERROR,
        track_sides="; ".join(
            f"{' or '.join(f'`{s}`' for s in sides)} on the `{track}` track"
            for track, sides in vocab.TRACK_SIDES.items()
        ),
        precision_error=schema.PRECISION_ERROR,
        slack=schema.SOURCE_DATE_SLACK_DAYS,
        earliest=schema.EARLIEST_DATE.isoformat(),
        name_max=schema.NAME_MAX,
        notes_max=schema.NOTES_MAX,
        url_max=schema.URL_MAX,
        id_max=schema.ID_MAX,
        params_depth=schema.PARAMS_MAX_DEPTH,
        max_mb=rawfile.MAX_FILE_BYTES // 2**20,
        field_limit=f"{rawfile.FIELD_LIMIT:,}",
        verbatim_url_error=schema.VERBATIM_URL_ERROR,
        verdicts=lines(
            f"| `{k}` | {_cell(v)} | Claim: '{_cell(ex[k][0])}' Rows: {_cell(ex[k][1].rstrip('.'))}. "
            f"Verdict `{ex[k][2].verdict}`: {_cell(ex[k][2].reasoning)} |"
            for k, v in claim_vocab.CLAIM_VERDICTS.items()
        ),
        instruments=lines(
            f"| `{k}` | {', '.join(f'`{d}`' for d in sorted(v))} |"
            for k, v in vocab.FOLLOW_THROUGH_INSTRUMENTS.items()
        ),
        categories="\n\n".join(lines(_vocab_table(t, v)) for t, v in CATEGORIES),
        schemes=lines(f"| `{k}` | {_cell(v)} |" for k, v in score.SCHEMES.items()),
        cooperative_code=score.GOLDSTEIN_COOPERATIVE_STATEMENT.code,
        neutral_code=score.GOLDSTEIN_NEUTRAL_STATEMENT.code,
        goldstein=lines(
            f"| `{k}` | {c.code} | {_cell(c.name)} | {c.goldstein:+.1f} |"
            for k, c in score.GOLDSTEIN.items()
        ),
        bounds=lines(f"| `{k}` | {lo:,} | {hi:,} |" for k, (lo, hi) in BOUNDS.items()),
    )


COV_BEGIN = (
    "<!-- BEGIN GENERATED COVERAGE: `seesaw codebook` writes this part; do not edit -->"
)
COV_END = "<!-- END GENERATED COVERAGE -->"


def render_reliability(summary: Mapping, data_dir: Path) -> str:
    """The reliability block: round two's figures, and round one's as history."""
    first = reliability.reliability(data_dir)
    history = (
        f"Round one, kept as history: {first.coded} rows coded a second time by a coder "
        "who was given the first coder's summaries (`data/reliability/second_coding.csv`) "
        f"agreed with kappa {first.kappa('pressure_on'):.2f} on `pressure_on`; not "
        "independent of the first coding, it is a ceiling rather than a measurement, and "
        "not comparable with the figures above."
    )
    block = [study.round2_markdown(dict(summary)), history]
    return "\n\n".join([reliability.REL_BEGIN, *block, reliability.REL_END])


def render_coverage(summary: Mapping) -> str:
    """The coverage limitation, between its markers."""
    return "\n\n".join([COV_BEGIN, study.coverage_markdown(dict(summary)), COV_END])


LIMITS_BEGIN = (
    "<!-- BEGIN GENERATED LIMITS: `seesaw codebook` writes this part; do not edit -->"
)
LIMITS_END = "<!-- END GENERATED LIMITS -->"


def _thinnest_weeks(dates: pd.Series, first: pd.Timestamp, last: pd.Timestamp) -> str:
    """The fewest rows in a full week (Monday to Sunday) from `first` to `last`, and
    which weeks hold so few, in words."""
    full = [
        w
        for w in pd.period_range(first, last, freq="W-SUN")
        if w.start_time >= first and w.end_time.normalize() <= last
    ]
    if not full:
        return "no full week (Monday to Sunday) lies in its span"
    counts = dates.dt.to_period("W-SUN").value_counts().reindex(full, fill_value=0)
    least = int(counts.min())
    thin = counts.index[counts.eq(least)]
    rows = vocab.count(least, "row")
    if len(thin) == 1:
        return (
            f"its thinnest full week (Monday to Sunday) holds {rows}: the week "
            f"from {day(thin[0].start_time)}"
        )
    return (
        f"its thinnest full weeks (Monday to Sunday) hold {rows} each: "
        f"{len(thin)} weeks, the first from {day(thin[0].start_time)}"
    )


def _track_limits(events: pd.DataFrame, track: str) -> str:
    """One track's coverage at the end of its rows: its last month against the months
    before (`words.coverage_change` of rows per 30 days), and its thinnest weeks, from
    its first act to its last."""
    rows = masks.track_rows(events, track)
    span = span_words(rows)  # the track's own acts: their first and last day
    first, last = pd.Timestamp(span["first"]), pd.Timestamp(span["last"])
    month = last.to_period("M").start_time
    before = verdicts.coverage(rows, first, month - pd.Timedelta(days=1), track)
    after = verdicts.coverage(rows, month, last, track)
    return (
        f"On the {masks.TRACK_NAMES[track]} track, {day(month, '%B')} to {day(last)} has "
        f"{coverage_change(before, after)} ({coverage_figures(before, after)}), and from "
        f"its first act ({day(first)}) {_thinnest_weeks(rows['date'], first, last)}."
    )


def _background_limits(events: pd.DataFrame) -> str:
    """The background rows (kind `context`): how many come before the first act and
    how many fall inside the span of the acts, by their dates."""
    first = pd.Timestamp(span_words(events)["first"])
    context = events[events["kind"].astype(str).eq("context")].sort_values("date")
    older = context[context["date"] < first]
    inside = context[context["date"] >= first]
    listed = ", ".join(f"{i} ({day(d)})" for i, d in zip(inside["id"], inside["date"]))
    return (
        f"- {len(context)} {'row is' if len(context) == 1 else 'rows are'} background "
        "(kind `context`), never counted as acts: "
        f"{len(older)} dated before the first act ({day(first)})"
        + (f", the earliest from {older['date'].min():%Y}" if len(older) else "")
        + f", and {len(inside)} inside the span of the acts"
        + (
            f", counted with the background rows in the notebooks' totals: {listed}"
            if listed
            else ""
        )
        + "."
    )


def render_limits(events: pd.DataFrame) -> str:
    """The limitations computed from the rows, between their markers: each track's
    coverage at the end of the data and its thinnest weeks, and the background rows."""
    acts = events[events["kind"].astype(str).ne("context")]
    tracks = [t for t in vocab.EVENT_TRACKS if acts["track"].astype(str).eq(t).any()]
    coverage = " ".join(_track_limits(events, t) for t in tracks)
    block = [
        f"- The rows end on {day(pd.Timestamp(span_words(events)['last']))} (the store of pages is a "
        f"snapshot: first limitation above). {coverage}",
        _background_limits(events),
    ]
    return "\n\n".join([LIMITS_BEGIN, "\n".join(block), LIMITS_END])


def update_readme(text: str, data_dir: Path | None = None) -> str:
    """Return `text` with the generated parts replaced: the tables from the schema, the
    reliability and coverage blocks from `data_dir/reliability/` (default: data/), and
    the limitations computed from its rows."""
    data_dir = data_dir or paths.DATA
    found = study_data.summary(data_dir)
    rel = render_reliability(found, data_dir)
    limits = render_limits(load_dataset(data_dir).events)
    for begin, end, block in (
        (BEGIN, END, render_tables()),
        (reliability.REL_BEGIN, reliability.REL_END, rel),
        (COV_BEGIN, COV_END, render_coverage(found)),
        (LIMITS_BEGIN, LIMITS_END, limits),
    ):
        text = replace_block(text, begin, end, block, "data/README.md")
    return text

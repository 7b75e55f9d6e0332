"""The codebook's tables, generated from the schema so documentation and validation
agree; `seesaw codebook` writes them into `data/README.md`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandera.pandas as pa

from seesaw.data import claim_vocab, schema, vocab

BEGIN = (
    "<!-- BEGIN GENERATED TABLES: `seesaw codebook` writes this part; do not edit -->"
)
END = "<!-- END GENERATED TABLES -->"

_SCHEMA_DAY = dt.date(2000, 1, 1)  # any day: the tables do not depend on it


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _column_table(model: pa.DataFrameSchema, order: tuple[str, ...]) -> list[str]:
    rows = [
        "| column | type | required | allowed values | meaning |",
        "|---|---|---|---|---|",
    ]
    for name in order:
        col = model.columns[name]
        meta: Mapping = col.metadata or {}
        kind = str(meta.get("type", "text"))
        if meta.get("max_len"):
            kind += f", at most {meta['max_len']} characters"
        allowed = meta.get("allowed")
        allowed_text = ", ".join(f"`{v}`" for v in allowed) if allowed else ""
        if kind == "id" or kind == "id reference":
            pattern = next(
                (c.statistics.get("pattern") for c in col.checks if c.statistics), None
            )
            if pattern:
                allowed_text = f"`{pattern}`"
        required = "yes" if meta.get("required") else "no"
        rows.append(
            f"| `{name}` | {_cell(kind)} | {required} | {allowed_text} | "
            f"{_cell(col.description or '')} |"
        )
    return rows


def _vocab_table(title: str, values: Mapping[str, str]) -> list[str]:
    rows = [f"| {title} | definition |", "|---|---|"]
    rows += [f"| `{k}` | {_cell(v)} |" for k, v in values.items()]
    return rows


def render_tables() -> str:
    """The generated part of the codebook: column tables and category definitions."""
    events = schema.events_schema(_SCHEMA_DAY)
    quotes = schema.quotes_schema(_SCHEMA_DAY)
    parts: list[str] = [BEGIN, "", "### `events.csv`", ""]
    parts += _column_table(events, vocab.EVENT_COLUMNS)
    parts += [
        "",
        "Row rules across columns:",
        "",
        f"- {schema.EFFECT_ERROR}.",
        "- `pressure_on` names a side of the row's own track: "
        + "; ".join(
            f"{' or '.join(f'`{s}`' for s in sides)} on the `{track}` track"
            for track, sides in vocab.TRACK_SIDES.items()
        )
        + "; `none` on either. A side of the other track is refused.",
        f"- {schema.PRECISION_ERROR}.",
        f"- A source may be dated at most {schema.SOURCE_DATE_SLACK_DAYS} day before "
        "the act (time zones), never earlier.",
        "- `reverses` and `responds_to` name an existing event, never the row itself, "
        "dated on or before the row (for a row dated to a week or a month, on or "
        "before the last day of that span).",
        "- `reverses` and `responds_to` links never form a loop (A reverses B and B "
        "reverses A).",
        *_limits(),
        "",
        "### `quotes.csv`",
        "",
    ]
    parts += _column_table(quotes, vocab.QUOTE_COLUMNS)
    parts += [
        "",
        "`event_id`, when given, names an existing event.",
        f"Row rule: {schema.VERBATIM_URL_ERROR}.",
        "",
    ]
    parts += _claims_tables()
    parts += ["### Categories", ""]
    for title, values in (
        ("actor / recipient / speaker_side", vocab.ACTORS),
        ("tone", vocab.TONES),
        ("pressure_on", vocab.PRESSURE_TARGETS),
        ("effect", vocab.EFFECTS),
        ("mode", vocab.MODES),
        ("date_precision", vocab.DATE_PRECISIONS),
        ("kind", vocab.KINDS),
        ("verbatim (quotes.csv)", vocab.VERBATIM),
    ):
        parts += [*_vocab_table(title, values), ""]
    return "\n".join([*parts, *_goldstein_table(), *_parameter_table(), END])


def _claims_tables() -> list[str]:
    """claims.csv's columns, its checks, its verdicts with worked examples, and the
    follow-through instruments."""
    from seesaw.analysis.claims import worked_examples

    examples = worked_examples()
    return [
        "### `claims.csv`",
        "",
        *_column_table(schema.claims_schema(_SCHEMA_DAY), claim_vocab.CLAIM_COLUMNS),
        "",
        *_vocab_table("check", claim_vocab.CLAIM_CHECKS),
        "",
        "Verdicts (`seesaw claims` prints them; each comes with its evidence rows, one "
        "generated sentence of reasoning, and whether it holds at half and double its window, "
        "at the neighbouring thresholds and under the other overture definition):",
        "",
        "| verdict | meaning | worked example (hypothetical rows; the reasoning is the check's) |",
        "|---|---|---|",
        *(
            f"| `{k}` | {_cell(v)} | Claim: '{_cell(examples[k][0])}' Rows: {_cell(examples[k][1].rstrip('.'))}. "
            f"Verdict `{examples[k][2].verdict}`: {_cell(examples[k][2].reasoning)} |"
            for k, v in claim_vocab.CLAIM_VERDICTS.items()
        ),
        "",
        "Follow-through by instrument (a threat counts as carried out only by a deed of "
        "these kinds, on the same side, raising pressure, dated strictly after it):",
        "",
        "| threat kind | deed kinds |",
        "|---|---|",
        *(
            f"| `{k}` | {', '.join(f'`{d}`' for d in sorted(v))} |"
            for k, v in vocab.FOLLOW_THROUGH_INSTRUMENTS.items()
        ),
        "",
    ]


def _limits() -> list[str]:
    """The bounds every table obeys (the same constants `rawfile` and the schema use)."""
    from seesaw.data import rawfile

    return [
        "",
        "Limits in every table:",
        "",
        f"- Dates (`date`, `source_date`) from {schema.EARLIEST_DATE.isoformat()} "
        "(nothing in the story is older; the background rows are from 2018 and 2023) "
        "to the day the data are validated.",
        "- Text is never only whitespace (a blank cell is left empty); names and "
        f"outlets at most {schema.NAME_MAX} characters, notes at most "
        f"{schema.NOTES_MAX}, URLs at most {schema.URL_MAX}.",
        "- Ids and id references are ASCII, at most "
        f"{schema.ID_MAX} characters: no look-alike letters (Cyrillic `Е`) or "
        "digits (`０`, `٠`).",
        "- Every value that is matched, grouped or joined (ids, categories, "
        "`actor_detail`, `speaker`, outlets, URLs, and the reliability files' codes) "
        "holds no invisible character (zero-width space, byte-order mark, soft "
        "hyphen), no bidirectional control and no look-alike letter of another "
        "script among Latin ones; the refusal names the character (U+XXXX and its "
        "name) and where it is.",
        "- Every CSV (the tables, the claims, `reliability/`) is read the same way: a "
        'UTF-8 byte-order mark (Excel\'s "CSV UTF-8") and CRLF line ends are '
        "accepted, text is normalised to Unicode NFC; anything but a regular file (a "
        "folder, a FIFO, a device) and a symbolic link leading out of the data "
        "folder are refused without being opened.",
        f"- A claim's `params` nest at most {schema.PARAMS_MAX_DEPTH} levels deep.",
        "- URLs are http or https with a host name (`http:///x` is refused).",
        f"- A file is at most {rawfile.MAX_FILE_BYTES // 2**20} MB; one field at most "
        f"{rawfile.FIELD_LIMIT:,} characters.",
    ]


def _parameter_table() -> list[str]:
    from seesaw.data.params import BOUNDS

    return [
        "### Run parameters",
        "",
        "Numeric notebook parameters (`seesaw run -p NAME VALUE`) and their allowed range:",
        "",
        "| parameter | least | most |",
        "|---|---|---|",
        *(f"| `{k}` | {lo:,} | {hi:,} |" for k, (lo, hi) in BOUNDS.items()),
        "",
    ]


def _goldstein_table() -> list[str]:
    from seesaw.analysis import score

    rows = [
        "### Scoring schemes",
        "",
        "| scheme | weight of an act |",
        "|---|---|",
        *(f"| `{k}` | {_cell(v)} |" for k, v in score.SCHEMES.items()),
        "",
        "The `goldstein` weights: each kind's CAMEO event code and its value on the "
        "Goldstein (1992) conflict-cooperation scale (J. S. Goldstein, 'A Conflict-Cooperation "
        "Scale for WEIS Events Data', Journal of Conflict Resolution 36(2), 1992), as "
        "tabulated in GDELT's `CAMEO.goldsteinscale.txt`, with event names from its "
        "`CAMEO.eventcodes.txt` (after the CAMEO codebook, Schrodt 2012); the weight is the value's size (its sign is "
        "already in the act's direction). A `statement` is 111 when hostile, "
        f"{score.GOLDSTEIN_COOPERATIVE_STATEMENT.code} when cooperative and "
        f"{score.GOLDSTEIN_NEUTRAL_STATEMENT.code} when neutral.",
        "",
        "| kind | CAMEO code | CAMEO event | Goldstein value |",
        "|---|---|---|---|",
    ]
    rows += [
        f"| `{k}` | {c.code} | {_cell(c.name)} | {c.goldstein:+.1f} |"
        for k, c in score.GOLDSTEIN.items()
    ]
    return [*rows, ""]


COV_BEGIN = (
    "<!-- BEGIN GENERATED COVERAGE: `seesaw codebook` writes this part; do not edit -->"
)
COV_END = "<!-- END GENERATED COVERAGE -->"


def render_reliability(summary: Mapping, data_dir: Path) -> str:
    """The reliability block: round two's figures, and round one's as history."""
    from seesaw.analysis import reliability, study

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
    from seesaw.analysis import study

    return "\n\n".join([COV_BEGIN, study.coverage_markdown(dict(summary)), COV_END])


def update_readme(text: str, data_dir: Path | None = None) -> str:
    """Return `text` with the generated parts replaced: the tables from the schema, and
    the reliability and coverage blocks from `data_dir/reliability/` (default: data/)."""
    from seesaw import paths
    from seesaw.analysis import reliability, study
    from seesaw.files import replace_block

    data_dir = data_dir or paths.DATA
    summary = study.summary(data_dir)
    for begin, end, block in (
        (BEGIN, END, render_tables()),
        (
            reliability.REL_BEGIN,
            reliability.REL_END,
            render_reliability(summary, data_dir),
        ),
        (COV_BEGIN, COV_END, render_coverage(summary)),
    ):
        text = replace_block(text, begin, end, block, "data/README.md")
    return text

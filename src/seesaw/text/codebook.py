"""The codebook's tables, generated from the schema so documentation and validation
agree; `seesaw codebook` writes them into `data/README.md`."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from pathlib import Path

from seesaw.data import claim_vocab, schema, vocab

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
        kind = str(meta.get("type", "text"))
        if meta.get("max_len"):
            kind += f", at most {meta['max_len']} characters"
        allowed = meta.get("allowed")
        allowed_text = ", ".join(f"`{v}`" for v in allowed) if allowed else ""
        if meta.get("pattern"):  # an id's
            allowed_text = f"`{meta['pattern']}`"
        required = "yes" if meta.get("required") else "no"
        rows.append(
            f"| `{name}` | {_cell(kind)} | {required} | {allowed_text} | "
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
    from seesaw.analysis import score
    from seesaw.analysis.claims import worked_examples
    from seesaw.data import rawfile
    from seesaw.data.params import BOUNDS

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
    from seesaw.analysis import reliability
    from seesaw.text import study

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
    from seesaw.text import study

    return "\n\n".join([COV_BEGIN, study.coverage_markdown(dict(summary)), COV_END])


def update_readme(text: str, data_dir: Path | None = None) -> str:
    """Return `text` with the generated parts replaced: the tables from the schema, and
    the reliability and coverage blocks from `data_dir/reliability/` (default: data/)."""
    from seesaw import paths
    from seesaw.analysis import reliability, study
    from seesaw.files import replace_block

    data_dir = data_dir or paths.DATA
    summary = study.summary(data_dir)
    rel = render_reliability(summary, data_dir)
    for begin, end, block in (
        (BEGIN, END, render_tables()),
        (reliability.REL_BEGIN, reliability.REL_END, rel),
        (COV_BEGIN, COV_END, render_coverage(summary)),
    ):
        text = replace_block(text, begin, end, block, "data/README.md")
    return text

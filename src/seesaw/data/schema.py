"""The data contract: pandera schemas for events.csv, quotes.csv and claims.csv, the one
machine-readable truth that `load` validates with and the codebook is written from.
Values are validated as text (as in the CSV), then typed by `load`."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Callable, Mapping
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa

from seesaw.data import claim_vocab, vocab
from seesaw.data.params import iso_date

ID_PATTERNS = {
    "events": r"^E\d{4,}$",
    "quotes": r"^Q\d{4,}$",
    "claims": r"^C\d{2,}[a-z]?$",
}
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
URL_PATTERN = r"^https?://[^\s<>\"]+$"
BOOL_VALUES = ("true", "false")
#: The plausible range of every date: nothing in the story predates 2000 (the two
#: background rows are from 2018 and 2023), and nothing is dated after the day the data
#: are validated.
EARLIEST_DATE = dt.date(2000, 1, 1)
#: Longest text in a column with no limit of its own (a name, an outlet, notes).
NAME_MAX = 200
NOTES_MAX = 4000
URL_MAX = 2000
BLANK_ERROR = "only whitespace; leave the cell empty or write the value"
SPACES_ERROR = (
    "spaces before or after the text; remove them (the column is matched whole: "
    "' Trump' is not 'Trump')"
)
#: The longest id: ids are a letter and a few digits (E0001, Q0042, C05d).
ID_MAX = 32
#: A source may be dated one day before the act's date (time zones), never earlier.
SOURCE_DATE_SLACK_DAYS = 1


def _parse_dates(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")


def _date(description: str, today: dt.date) -> pa.Column:
    earliest = EARLIEST_DATE.isoformat()
    # Compared as text (YYYY-MM-DD sorts as dates do), so year 1 or 9999 cannot
    # overflow a timestamp and be misreported as no date at all.
    well_formed = lambda s: s.str.fullmatch(DATE_PATTERN)  # noqa: E731
    checks = [
        pa.Check.str_matches(DATE_PATTERN, error="date must be written YYYY-MM-DD"),
        pa.Check(
            lambda s: ~well_formed(s) | s.map(iso_date).notna(),
            error="no such calendar date",
        ),
        pa.Check(
            lambda s: ~well_formed(s) | ~s.lt(earliest),
            error=f"date is before {earliest}, the earliest the codebook allows",
        ),
        pa.Check(
            lambda s: ~well_formed(s) | ~s.gt(today.isoformat()),
            error=f"date is in the future (after {today.isoformat()})",
        ),
    ]
    return _column(checks, description, "date (YYYY-MM-DD)")


def _longest(n: int) -> pa.Check:
    return pa.Check.str_length(max_value=n, error=f"longer than {n} characters")


def _column(
    checks: list[pa.Check],
    description: str,
    kind: str,
    *,
    required: bool = True,
    unique: bool = False,
    matched: bool = False,
    **meta: object,
) -> pa.Column:
    """A text column with its checks; `metadata` holds what the codebook and the data
    package show (its `type`, whether it is `required`, and `meta`), and `matched` for a
    column whose values are matched, grouped or joined (`problems.character_problems`):
    every category, id and URL, and the names that say `matched`."""
    matched |= kind in ("category", "id", "id reference") or kind.startswith("URL")
    return pa.Column(
        str,
        checks,
        nullable=not required,
        unique=unique,
        description=description,
        metadata={"type": kind, "required": required, "matched": matched, **meta},
    )


def _category(
    vocabulary: Mapping[str, str], description: str, *, required: bool = True
) -> pa.Column:
    allowed = list(vocabulary)
    error = f"unknown value; allowed: {', '.join(allowed)}"
    return _column(
        [pa.Check.isin(allowed, error=error)],
        description,
        "category",
        required=required,
        allowed=dict(vocabulary),
    )


def _text(
    description: str,
    *,
    required: bool = True,
    max_len: int | None = None,
    matched: bool = False,
) -> pa.Column:
    checks = [pa.Check(lambda s: s.str.strip().ne(""), error=BLANK_ERROR)]
    checks += [_longest(max_len)] if max_len is not None else []
    if matched:  # a blank cell is the blank rule's
        trimmed = pa.Check(
            lambda s: s.eq(s.str.strip()) | s.str.strip().eq(""), error=SPACES_ERROR
        )
        checks.append(trimmed)
    return _column(
        checks, description, "text", required=required, matched=matched, max_len=max_len
    )


def _has_host(s: pd.Series) -> pd.Series:
    from seesaw.data.safe import safe_url

    return ~s.str.match(URL_PATTERN) | s.map(lambda v: safe_url(v) is not None)


def _url(description: str, *, required: bool = True) -> pa.Column:
    checks = [
        pa.Check.str_matches(URL_PATTERN, error="not an http(s) URL"),
        pa.Check(_has_host, error="URL has no host name"),
        _longest(URL_MAX),
    ]
    kind = "URL (http or https, with a host)"
    return _column(checks, description, kind, required=required)


def _bool(description: str) -> pa.Column:
    check = pa.Check.isin(BOOL_VALUES, error="must be true or false")
    return _column([check], description, "boolean (true/false)")


def _id(pattern: str, description: str, *, ref: bool = False) -> pa.Column:
    """A row's own id (unique, required), or with `ref` an optional reference to one."""
    checks = [
        pa.Check.str_matches(pattern, error=f"malformed id (expected {pattern})"),
        # Besides the pattern: a 4,401-digit id matches it, then overflows int().
        pa.Check.str_length(
            max_value=ID_MAX, error=f"id longer than {ID_MAX} characters"
        ),
    ]
    kind = "id reference" if ref else "id"
    return _column(
        checks, description, kind, required=not ref, unique=not ref, pattern=pattern
    )


def _effect_rule(df: pd.DataFrame) -> pd.Series:
    known = df["pressure_on"].isin(list(vocab.PRESSURE_TARGETS))
    pressed = df["pressure_on"].isin(list(vocab.ALL_SIDES))
    ok = (pressed & df["effect"].notna()) | (~pressed & df["effect"].isna())
    return (ok | ~known).fillna(True)


def _track_side_rule(df: pd.DataFrame) -> pd.Series:
    """`pressure_on` is `none` or one of the two sides of the row's own track; an
    unknown track or side is reported by its column's own check, not here."""
    side, track = df["pressure_on"], df["track"]
    ok = side.eq("none") | ~side.isin(list(vocab.ALL_SIDES))
    ok |= ~track.isin(list(vocab.TRACK_SIDES))
    for name, sides in vocab.TRACK_SIDES.items():
        ok |= track.eq(name) & side.isin(list(sides))
    return ok.fillna(True)


def _precision_rule(df: pd.DataFrame) -> pd.Series:
    d = _parse_dates(df["date"])
    prec = df["date_precision"]
    ok = d.isna() | ~prec.isin(list(vocab.DATE_PRECISIONS))
    ok |= prec.eq("day")
    ok |= prec.eq("week") & d.dt.day_of_week.eq(0)
    ok |= prec.eq("month") & d.dt.day.eq(1)
    return ok.fillna(True)


def _source_date_rule(df: pd.DataFrame) -> pd.Series:
    d = _parse_dates(df["date"])
    s = _parse_dates(df["source_date"])
    late_enough = s >= d - pd.Timedelta(days=SOURCE_DATE_SLACK_DAYS)
    return (d.isna() | s.isna() | late_enough).fillna(True)


def _verbatim_url_rule(df: pd.DataFrame) -> pd.Series:
    """`verbatim_url` is given exactly when `verbatim` is `other_page`; an unknown
    `verbatim` value is reported by its column's own check, not here."""
    other = df["verbatim"].eq("other_page")
    has_url = df["verbatim_url"].notna()
    known = df["verbatim"].isin(list(vocab.VERBATIM))
    return ((other == has_url) | ~known).fillna(True)


EFFECT_ERROR = (
    "effect is required when pressure_on names a side (kyiv, moscow, israel, hamas), "
    "and must be empty when it is none"
)
TRACK_SIDE_ERROR = "pressure_on is a side of the other track; " + "; ".join(
    f"on the {track} track it is {' or '.join(sides)} (or none)"
    for track, sides in vocab.TRACK_SIDES.items()
)
PRECISION_ERROR = "date does not fit date_precision (week: a Monday; month: the 1st)"
SOURCE_DATE_ERROR = "source_date is before the event it reports"
VERBATIM_URL_ERROR = (
    "verbatim_url is required when verbatim is other_page, and must be empty otherwise"
)

#: Row rules that involve several columns: each with its error message and the column
#: it is reported on.
RULES: Mapping[str, tuple[Callable[[pd.DataFrame], pd.Series], str]] = {
    EFFECT_ERROR: (_effect_rule, "effect"),
    TRACK_SIDE_ERROR: (_track_side_rule, "pressure_on"),
    PRECISION_ERROR: (_precision_rule, "date"),
    SOURCE_DATE_ERROR: (_source_date_rule, "source_date"),
    VERBATIM_URL_ERROR: (_verbatim_url_rule, "verbatim_url"),
}
RULE_COLUMNS = {error: column for error, (_, column) in RULES.items()}


def _schema(
    name: str, columns: dict[str, pa.Column], rules: tuple[str, ...] = ()
) -> pa.DataFrameSchema:
    """A table's schema: its columns and the row rules (by error message) it keeps."""
    checks = [pa.Check(RULES[error][0], error=error) for error in rules]
    return pa.DataFrameSchema(
        columns, checks=checks, strict=True, ordered=False, name=name
    )


def _event_columns(today: dt.date) -> dict[str, pa.Column]:
    """events.csv's columns, each with its rule and its codebook description."""
    ref = ID_PATTERNS["events"]
    return {
        "id": _id(ref, "Stable row id, E followed by 4+ digits; never reused."),
        "date": _date("When the act happened (not when it was reported).", today),
        "date_precision": _category(
            vocab.DATE_PRECISIONS, "How precisely the date is known."
        ),
        "track": _category(
            vocab.EVENT_TRACKS,
            "The conflict the row belongs to; a background row takes the track of the "
            "story it is background to.",
        ),
        "actor": _category(vocab.ACTORS, "Who acted."),
        "actor_detail": _text(
            "Who exactly acted: Trump, Treasury, Senate, Putin, Peskov ...",
            max_len=NAME_MAX,
            matched=True,
        ),
        "recipient": _category(vocab.ACTORS, "To whom the act is addressed."),
        "tone": _category(vocab.TONES, "CAMEO-style tone of the act."),
        "pressure_on": _category(
            vocab.PRESSURE_TARGETS,
            "Whose position the act pushes on: one of the two sides of the row's track, "
            "or none; not always the recipient.",
        ),
        "effect": _category(
            vocab.EFFECTS,
            "Whether the act adds or lifts that pressure; empty when pressure_on is none.",
            required=False,
        ),
        "mode": _category(vocab.MODES, "Words, a conditional threat, or a deed."),
        "kind": _category(vocab.KINDS, "What kind of act."),
        "summary": _text("What happened, in our own words.", max_len=vocab.SUMMARY_MAX),
        "source_url": _url("The page the row is sourced from."),
        "source_outlet": _text(
            "The outlet that published the page.", max_len=NAME_MAX, matched=True
        ),
        "source_date": _date("The page's publication date.", today),
        "state_media": _bool(
            "true when the outlet is state-controlled (RT, TASS ...)."
        ),
        "source_quality": _category(
            vocab.SOURCE_QUALITIES,
            "How strong the cited page is as a source (see 'Source quality').",
        ),
        "in_seed": _bool("true when the seed article mentions the act."),
        "reverses": _id(ref, "Id of the act this one undoes.", ref=True),
        "responds_to": _id(ref, "Id of the act this one answers.", ref=True),
        "alt_source_url": _url(
            "A second page, corroborating or disagreeing.", required=False
        ),
        "notes": _text(
            "Disagreements between sources, the seed article's wording, caveats.",
            required=False,
            max_len=NOTES_MAX,
        ),
    }


@lru_cache(maxsize=4)
def events_schema(today: dt.date) -> pa.DataFrameSchema:
    """The schema of events.csv, with `today` as the limit for dates."""
    rules = (EFFECT_ERROR, TRACK_SIDE_ERROR, PRECISION_ERROR, SOURCE_DATE_ERROR)
    return _schema("events", _event_columns(today), rules)


@lru_cache(maxsize=4)
def quotes_schema(today: dt.date) -> pa.DataFrameSchema:
    """The schema of quotes.csv, with `today` as the limit for dates."""
    columns = {
        "id": _id(ID_PATTERNS["quotes"], "Stable row id, Q followed by 4+ digits."),
        "date": _date("When the words were said or written.", today),
        "speaker": _text(
            "Who said it: Trump, Zelensky, Peskov ...", max_len=NAME_MAX, matched=True
        ),
        "speaker_side": _category(vocab.ACTORS, "The speaker's side."),
        "quote": _text(
            "The words, verbatim as printed in the cited page.",
            max_len=vocab.QUOTE_MAX,
        ),
        "context": _text(
            "When and why it was said, in our own words.",
            max_len=vocab.SUMMARY_MAX,
        ),
        "event_id": _id(
            ID_PATTERNS["events"], "Id of the event the words belong to.", ref=True
        ),
        "source_url": _url("The page the quote is printed in."),
        "source_outlet": _text(
            "The outlet that published the page.", max_len=NAME_MAX, matched=True
        ),
        "source_date": _date("The page's publication date.", today),
        "state_media": _bool("true when the outlet is state-controlled."),
        "in_seed": _bool("true when the seed article quotes these words."),
        "translated": _bool("true when the page gives the words in translation."),
        "verbatim": _category(
            vocab.VERBATIM,
            "Where the words are printed verbatim: the cited page, another stored "
            "page, or nowhere (reworded: reported speech).",
        ),
        "verbatim_url": _url(
            "The stored page that prints the words verbatim, when it is not the cited "
            "page (verbatim=other_page); empty otherwise.",
            required=False,
        ),
        "notes": _text(
            "Caveats, other wordings in other sources.",
            required=False,
            max_len=NOTES_MAX,
        ),
    }
    return _schema("quotes", columns, (SOURCE_DATE_ERROR, VERBATIM_URL_ERROR))


#: The deepest nesting a claim's params may have: they are a few levels deep
#: ({"first": {"match": {...}}}); a deeper text is refused before it is parsed, as
#: Python's JSON parser would run out of stack on it.
PARAMS_MAX_DEPTH = 10


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest (strings, even an unclosed
    one, skipped)."""
    bare = re.sub(r'"(?:[^"\\]|\\.)*"?', "", text, flags=re.DOTALL)
    steps = (1 if ch in "[{" else -1 for ch in bare if ch in "[]{}")
    return max([0, *itertools.accumulate(steps)])


def _is_json_object(s: pd.Series) -> pd.Series:
    def ok(text: object) -> bool:
        if json_depth(str(text)) > PARAMS_MAX_DEPTH:
            return True  # refused by the depth check, in its own words
        try:
            return isinstance(json.loads(str(text)), dict)
        except ValueError:
            return False

    return s.map(ok).astype(bool)


@lru_cache(maxsize=4)
def claims_schema(_today: dt.date) -> pa.DataFrameSchema:
    """The schema of claims.csv (the day is unused: `SCHEMAS` calls every schema with it)."""
    columns = {
        "id": _id(
            ID_PATTERNS["claims"],
            "Stable claim id, C followed by 2+ digits; a letter after them names one part of a claim the article makes in one sentence (C05a, C05b).",
        ),
        "claim": _text("The article's claim, in our own words.", max_len=300),
        "check": _category(claim_vocab.CLAIM_CHECKS, "The check that tests it."),
        "params": _column(
            [
                pa.Check(_is_json_object, error="params must be a JSON object ({...})"),
                pa.Check(
                    lambda s: s.map(lambda t: json_depth(str(t)) <= PARAMS_MAX_DEPTH),
                    error=f"params nest deeper than {PARAMS_MAX_DEPTH} levels; "
                    "a claim's parameters are a flat object with a few nested filters",
                ),
                _longest(URL_MAX),
            ],
            "The check's parameters as a JSON object.",
            "JSON object",
        ),
        "notes": _text(
            "Where the claim is in the article; caveats.",
            required=False,
            max_len=NOTES_MAX,
        ),
        "text_judged": _category(
            claim_vocab.CLAIM_TEXTS,
            "Which text the verdict judges: the seed's rewrite or the BBC original.",
        ),
        "original": _text(
            "Where the rewrite may have changed a meaning: what the BBC original says "
            "there, or that its wording was not found in the stored pages.",
            required=False,
            max_len=NOTES_MAX,
        ),
    }
    return _schema("claims", columns)


SCHEMAS = {"events": events_schema, "quotes": quotes_schema, "claims": claims_schema}

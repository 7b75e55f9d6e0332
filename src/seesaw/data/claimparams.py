"""What each claim check takes in `params`, checked by `seesaw validate` before any run:
`problems(check, params)` lists what is wrong in words a maintainer can act on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from seesaw.data import vocab
from seesaw.data.params import BOUNDS, SCHEMES, iso_date

#: Columns a `match` filter may use, and the values each allows (None: any text).
MATCH_COLUMNS: Mapping[str, Mapping[str, str] | None] = {
    "actor": vocab.ACTORS,
    "recipient": vocab.ACTORS,
    "tone": vocab.TONES,
    "pressure_on": vocab.PRESSURE_TARGETS,
    "effect": vocab.EFFECTS,
    "mode": vocab.MODES,
    "kind": vocab.KINDS,
    "date_precision": vocab.DATE_PRECISIONS,
    "state_media": None,
    "in_seed": None,
    "actor_detail": None,
    "id": None,
    "text": None,  # words the act's summary contains
    "responds_to": None,  # a nested filter: the act answers a row matching it
}

WINDOW = {"start": "date", "end": "date"}
DAYS = (0, 365)
#: Parameters every check may carry: which half of the scorecard a claim counts in, and
#: the track whose rows the check reads (`track` column of events.csv; every row when
#: absent), so that a Gaza claim selects its rows by track, not by words in a summary.
COMMON = {"part": "part?", "track": "track?"}
#: check -> {parameter: kind}; a kind ending in '?' is optional.
SPECS: Mapping[str, Mapping[str, str]] = {
    "event_exists": {
        **WINDOW,
        "match": "match",
        "tolerance_days": "days?",
        "min_count": "count?",
    },
    "sequence": {
        **WINDOW,
        "first": "match",
        "then": "match",
        "max_days": "days",
        "tolerance_days": "days?",
        "causal": "flag?",
        "alpha": "share?",
        "base_start": "date?",
        "base_end": "date?",
    },
    "quiet_after": {**WINDOW, "first": "match", "then": "match", "max_days": "days"},
    "reversed": {**WINDOW, "match": "match", "within_days": "days"},
    "quote_exists": {
        **WINDOW,
        "speaker": "text?",
        "contains": "text",
        "near": "match?",
        "near_quote": "words?",
    },
    "alternation": {
        **WINDOW,
        "scheme": "scheme?",
        "smoothing_days": "positive_days?",
        "seed": "seed?",
        "alpha": "share?",
        "kinds": "kinds?",
    },
    "defuse": {
        **WINDOW,
        "coincidence_days": "days?",
        "alpha": "share?",
        "definition": "definition?",
        "examples": "examples?",
    },
    "follow_through": {
        **WINDOW,
        "target": "target",
        "days": "positive_days?",
        "below": "share?",
    },
    "untestable": {
        "reason": "text",
        "start": "date?",
        "end": "date?",
        "near": "match?",
    },
}
SPECS = {check: {**spec, **COMMON} for check, spec in SPECS.items()}

#: Parameters renamed, and their new names (one name per window: the timing test's
#: window is `coincidence_days` everywhere).
RENAMED = {"window_days": "coincidence_days"}


def _whole(value: Any, low: int, high: int) -> list[str]:
    if isinstance(value, bool) or not isinstance(value, int):
        return [f"must be a whole number, got {value!r}"]
    if not low <= value <= high:
        return [f"must be between {low:,} and {high:,}, got {value!r}"]
    return []


def _unknown(value: Any, allowed: Iterable[str], what: str = "value") -> str:
    return f"unknown {what} {value!r}; allowed: {', '.join(allowed)}"


def _match(value: Any) -> list[str]:
    if not isinstance(value, dict) or not value:
        return ["must be a non-empty object of column: value(s)"]
    out = []
    for column, wanted in value.items():
        if column not in MATCH_COLUMNS:
            out.append(_unknown(column, MATCH_COLUMNS, "column"))
            continue
        if column == "responds_to":
            out += [f"responds_to: {m}" for m in _match(wanted)]
            continue
        values = [wanted] if isinstance(wanted, str | bool) else wanted
        if not isinstance(values, list) or not values:
            out.append(f"{column}: must be a value or a non-empty list of values")
            continue
        allowed = MATCH_COLUMNS[column]
        for v in values:
            if column in ("state_media", "in_seed"):
                if not isinstance(v, bool):
                    out.append(f"{column}: must be true or false, got {v!r}")
            elif not isinstance(v, str) or not v.strip():
                out.append(f"{column}: must be text, got {v!r}")
            elif allowed is not None and v not in allowed:
                out.append(f"{column}: {_unknown(v, allowed)}")
    return out


def _examples(value: Any) -> list[str]:
    """The article's examples of a pattern: each a labelled `sequence` check."""
    if not isinstance(value, list) or not value:
        return ["must be a non-empty list of sequences, each with a 'label'"]
    out = []
    for i, ex in enumerate(value, 1):
        if not isinstance(ex, dict):
            out.append(f"example {i}: must be an object, got {ex!r}")
            continue
        label = ex.get("label")
        if not isinstance(label, str) or not label.strip():
            out.append(f"example {i}: needs a 'label' (non-empty text)")
        rest = {k: v for k, v in ex.items() if k != "label"}
        out += [f"example {i}: {m}" for m in problems("sequence", rest)]
    return out


def _words(kind: str, value: Any) -> list[str]:
    """Text or a list of text; for `kinds`, each a kind of the vocabulary."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        return ["must be text or a non-empty list of text"]
    if bad := [v for v in items if not isinstance(v, str) or not v.strip()]:
        return [f"must be text, got {bad[0]!r}"]
    if kind == "kinds" and (unknown := [v for v in items if v not in vocab.KINDS]):
        return [_unknown(unknown[0], vocab.KINDS, "kind")]
    return []


#: The kinds of parameter that are whole numbers, with their ranges, and that name a
#: choice, with the values allowed.
RANGES = {"days": DAYS, "positive_days": (1, DAYS[1]), "count": (1, 1000), **BOUNDS}
CHOICES = {
    "scheme": SCHEMES,
    "target": ("kyiv", "moscow"),
    "part": ("fact", "argument"),
    "track": tuple(vocab.EVENT_TRACKS),
    "definition": vocab.OVERTURE_DEFINITIONS,
}


def _one(kind: str, value: Any) -> list[str]:
    """What is wrong with one value of the given kind (empty: nothing)."""
    if kind in ("match", "examples"):
        return _match(value) if kind == "match" else _examples(value)
    if kind in ("words", "kinds"):
        return _words(kind, value)
    if kind in RANGES:
        return _whole(value, *RANGES[kind])
    if kind in CHOICES:
        return [] if value in CHOICES[kind] else [_unknown(value, CHOICES[kind])]
    number = isinstance(value, int | float) and not isinstance(value, bool)
    ok, wanted = {
        "date": (
            isinstance(value, str) and bool(iso_date(value)),
            "a date written YYYY-MM-DD",
        ),
        "flag": (isinstance(value, bool), "true or false"),
        "text": (isinstance(value, str) and bool(value.strip()), "non-empty text"),
        "share": (number and 0 < value < 1, "a number between 0 and 1"),
    }[kind]
    return [] if ok else [f"must be {wanted}, got {value!r}"]


def problems(check: str, params: Mapping[str, Any]) -> list[str]:
    """Everything wrong with one claim's `params` for its `check` (empty: all fine)."""
    spec = SPECS.get(check)
    if spec is None:
        return []  # an unknown check is reported on the `check` column
    out = []
    for name, kind in spec.items():
        optional = kind.endswith("?")
        kind = kind.rstrip("?")
        if name not in params:
            if not optional:
                out.append(f"{check} needs {name!r}")
            continue
        out += [f"{name}: {msg}" for msg in _one(kind, params[name])]
    renamed = {k: RENAMED[k] for k in params if k in RENAMED and k not in spec}
    out += [f"{old}: renamed {new}" for old, new in renamed.items()]
    if unknown := [k for k in params if k not in spec and k not in renamed]:
        out.append(
            f"unknown parameter(s) {', '.join(map(repr, unknown))} for {check}; "
            f"allowed: {', '.join(spec)}"
        )
    dated = not any(m.startswith(("start:", "end:")) for m in out)
    if dated and {"start", "end"} <= set(params) and params["end"] < params["start"]:
        out.append(f"end {params['end']} is before start {params['start']}")
    return out

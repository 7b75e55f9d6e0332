"""The rules across cells, rows and tables that the schema alone cannot state: each
failure of the schema located, links between rows and tables, cycles, characters that
move results silently, and claims' parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from seesaw.data.rawfile import Problem, RawTable

if TYPE_CHECKING:  # pandera and the schema load only where a table is checked: a
    # notebook kernel that reads a coding file's characters is spared their imports
    import pandera.pandas as pa


def schema_problems(table: RawTable, model: pa.DataFrameSchema) -> list[Problem]:
    import pandera.pandas as pa

    from seesaw.data import schema

    try:
        model.validate(table.frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return []
    words = {
        "not_nullable": "required value is missing",
        "field_uniqueness": "duplicate id",
    }
    problems: list[Problem] = []
    for case in cases.itertuples(index=False):
        check, column = str(case.check), str(case.column or "")
        if pd.isna(case.index):  # about the table, not a row: its header
            problems.append(Problem(table.file, 1, column, check))
            continue
        if case.schema_context == "DataFrameSchema":  # a row rule: on its column
            column = schema.RULE_COLUMNS.get(check, column)
        row = int(case.index)
        value = table.frame.at[row, column] if column in table.frame.columns else None
        value = None if value is None or pd.isna(value) else str(value)
        line = int(table.lines[row])
        problems.append(
            Problem(table.file, line, column, words.get(check, check), value)
        )
    return problems


def link_problems(events: RawTable, quotes: RawTable | None) -> list[Problem]:
    """Cross-row rules: links point at existing rows and never back in time."""
    problems: list[Problem] = []
    ev = events.frame
    ids = ev["id"]
    dates = pd.to_datetime(ev["date"], format="%Y-%m-%d", errors="coerce")
    date_of = pd.Series(dates.to_numpy(), index=ids.to_numpy())
    date_of = date_of[~date_of.index.duplicated()]
    # A row dated to a week or a month may have happened on any day of it, so it is
    # "before" its target only if even the last day of its span is.
    precision = ev["date_precision"]
    latest = dates.where(precision.ne("week"), dates + pd.Timedelta(days=6))
    latest = latest.where(precision.ne("month"), dates + pd.offsets.MonthEnd(0))
    for column, verb in (("reverses", "undoes"), ("responds_to", "answers")):
        refs = ev[column]
        has = refs.notna().to_numpy()
        if not has.any():
            continue
        self_ref = has & refs.eq(ids).fillna(False).to_numpy()
        missing = has & ~self_ref & ~refs.isin(ids.dropna()).to_numpy()
        target = pd.Series(refs.map(date_of).to_numpy(), index=ev.index)
        earlier = (
            has & ~self_ref & ~missing & (latest < target).fillna(False).to_numpy()
        )
        for i in np.flatnonzero(self_ref | missing | earlier):
            ref = refs.iat[i]
            if self_ref[i]:
                message, value = "row points at itself", ref
            elif missing[i]:
                message, value = "no event has this id", ref
            else:
                message = (
                    f"dated before the act it {verb} ({ref} is "
                    f"{date_of[ref].date().isoformat()})"
                )
                value = ev["date"].iat[i]
            problems.append(
                Problem(events.file, int(events.lines[i]), column, message, value)
            )
    problems += cycle_problems(events)
    if quotes is not None:
        problems += quote_link_problems(quotes, set(ids.dropna()))
    return problems


def cycle_problems(events: RawTable) -> list[Problem]:
    """Links that come back to their row (A reverses B, B reverses A): each row of the
    loop is reported, with the loop spelled out."""
    problems: list[Problem] = []
    ev = events.frame
    for column in ("reverses", "responds_to"):
        link = {
            a: b
            for a, b in zip(ev["id"], ev[column], strict=True)
            if pd.notna(a) and pd.notna(b) and a != b
        }
        for i, start in enumerate(ev["id"]):
            if start not in link:
                continue
            path, node = [start], link[start]
            while node in link and node not in path and len(path) <= len(link):
                path.append(node)
                node = link[node]
            if node == start:
                loop = " -> ".join([*path, start])
                message = f"links form a loop ({loop}); one of them is wrong"
                line = int(events.lines[i])
                problems.append(
                    Problem(events.file, line, column, message, link[start])
                )
    return problems


def quote_link_problems(quotes: RawTable, known: set[str]) -> list[Problem]:
    refs = quotes.frame["event_id"]
    bad = refs.notna().to_numpy() & ~refs.isin(list(known)).to_numpy()
    message = "no event has this id"
    return [
        Problem(quotes.file, int(quotes.lines[i]), "event_id", message, refs.iat[i])
        for i in np.flatnonzero(bad)
    ]


def matched_columns(model: pa.DataFrameSchema) -> list[str]:
    """The columns whose values are matched, grouped or joined (the schema marks them):
    each value must show what it is (no invisible, bidirectional-control or look-alike
    character)."""
    return [
        c for c, col in model.columns.items() if (col.metadata or {}).get("matched")
    ]


#: Columns holding ids: ASCII only.
ID_COLUMNS = frozenset({"id", "reverses", "responds_to", "event_id"})


def character_problems(
    frame: pd.DataFrame,
    lines: Sequence[int] | np.ndarray,
    file: str,
    columns: Iterable[str],
) -> list[Problem]:
    """Each value of `columns` holding a character that moves results silently
    (`seesaw.data.chars`), named and located; blank cells are left to the blank rule."""
    from seesaw.data import chars

    out: list[Problem] = []
    for column in columns:
        if column not in frame.columns:
            continue
        values = frame[column]
        suspect = values.astype("string").str.contains(r"[^\x20-\x7e]").fillna(False)
        for i in map(int, np.flatnonzero(suspect.to_numpy())):
            value = str(values.iat[i])
            if not value.strip():
                continue
            message = chars.problem(value, ascii_only=column in ID_COLUMNS)
            if message is not None:
                out.append(Problem(file, int(lines[i]), column, message, value))
    return out


def is_cause(p: Problem) -> bool:
    """A problem that explains every other one about its cell: a named character, or an
    id too long to be one (it is "no such id" too, for that reason)."""
    return p.message.startswith(("U+", "id longer than"))


def one_per_cell(problems: list[Problem], named: list[Problem]) -> list[Problem]:
    """`problems` less those about a cell whose characters are already refused: the
    character is the cause, and "unknown value" or "no such id" would only repeat it."""
    cells = {(p.file, p.line, p.column) for p in named}
    return [p for p in problems if (p.file, p.line, p.column) not in cells] + named


def claim_param_problems(claims: RawTable) -> list[Problem]:
    """Each claim's params checked against what its check takes (seesaw.claimparams)."""

    from seesaw.data import claimparams, schema

    out: list[Problem] = []
    frame = claims.frame
    for i, (check, text) in enumerate(
        zip(frame["check"], frame["params"], strict=True)
    ):
        if pd.isna(check) or pd.isna(text):
            continue
        if schema.json_depth(str(text)) > schema.PARAMS_MAX_DEPTH:
            continue  # reported by the schema
        try:
            params, twice = _parse(str(text))
        except ValueError:
            continue  # reported by the schema
        if not isinstance(params, dict):
            continue
        line = int(claims.lines[i])
        for key in twice:
            said = f"key {key!r} given twice (the last would win unseen); give it once"
            out.append(Problem(claims.file, line, "params", said))
        for message in claimparams.problems(str(check), params):
            out.append(Problem(claims.file, line, "params", message))
    return out


def _parse(text: str) -> tuple[object, list[str]]:
    """A JSON text's value and the keys it gives more than once in one object, at any
    depth (json keeps the last of them without a word)."""
    import json

    found: list[str] = []

    def note(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [k for k, _ in pairs]
        found.extend(sorted({k for k in keys if keys.count(k) > 1}))
        return dict(pairs)

    return json.loads(text, object_pairs_hook=note), found

"""Families of repeated acts and the one coding rule each follows.

`data/families.csv` (`family,id,role`) lists the rows of `events.csv` that repeat one act;
`RULES` maps each family and role to the codes the row must carry (the codebook's hard
case 13 in words); `problems` lists every row that breaks its family's rule."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

import pandas as pd

from seesaw.data.rawfile import DataError, Problem, read_table
from seesaw.errors import SeesawError

FILE: Final = "families.csv"
COLUMNS: Final = ("family", "id", "role")

#: What a rule may require of a column: one value, or any value but `None`'s.
Expect = str | frozenset[str]

_NOT_NONE: Final = frozenset({"kyiv", "moscow", "israel", "hamas"})


def _codes(
    pressure_on: Expect, effect: str, mode: str, kind: str, actor: str | None = "us"
) -> dict[str, Expect]:
    """The codes a role's rows carry (`actor` None: any actor)."""
    codes = {"pressure_on": pressure_on, "effect": effect, "mode": mode, "kind": kind}
    return codes if actor is None else {"actor": actor, **codes}


#: family -> role -> column -> the value (or the set of values) the row must carry.
RULES: Final = MappingProxyType(
    {
        f: MappingProxyType({r: MappingProxyType(c) for r, c in roles.items()})
        for f, roles in {
            # Every step of the Sanctioning Russia Act before it is law is words.
            "sanctions_bill": {
                "advance": _codes("moscow", "raise", "verbal", "legislation"),
                "shelve": _codes("moscow", "relieve", "verbal", "legislation"),
            },
            # A US leader's call to Putin relieves Moscow; a call Putin places is Russia's.
            "putin_calls": {
                "us_placed": _codes("moscow", "relieve", "verbal", "call"),
                "putin_placed": _codes("none", "", "verbal", "call", "russia"),
            },
            # Calls between a US leader or envoy and Zelensky are consultation.
            "zelensky_calls": {
                "consultation": _codes("none", "", "verbal", "call", None),
            },
            # A deadline is a threat dated the day it is set; easing it lifts that pressure.
            "deadlines": {
                "set": _codes(_NOT_NONE, "raise", "threat", "deadline"),
                "eased": _codes(_NOT_NONE, "relieve", "verbal", "statement"),
            },
            # A handover of hostages, prisoners or remains, on the day it happens.
            "releases": {
                "handover": {
                    **_codes("none", "", "material", "prisoner_exchange", None),
                    "date_precision": "day",
                },
            },
            # US warnings of a penalty on Moscow: the kind names the instrument only when
            # the page does; `threat` needs a condition or deadline (hard case 6).
            "penalty_warnings": {
                f"{instrument}_{cond}": _codes(
                    "moscow",
                    "raise",
                    "threat" if cond == "conditional" else "verbal",
                    kind,
                )
                for instrument, kind in (
                    ("sanctions", "sanctions_threat"),
                    ("tariffs", "tariff_threat"),
                    ("unnamed", "statement"),
                )
                for cond in ("conditional", "unconditional")
            },
            # Weapons for Kyiv press Moscow; a pause presses Kyiv and its end relieves Kyiv.
            "weapons": {
                "words": _codes("moscow", "raise", "verbal", "weapons_supply"),
                "conditional": _codes("moscow", "raise", "threat", "weapons_supply"),
                "approved": _codes("moscow", "raise", "material", "weapons_supply"),
                "declined": _codes("moscow", "relieve", "verbal", "weapons_decline"),
                "paused": _codes("kyiv", "raise", "material", "weapons_pause"),
                "resumed": _codes("kyiv", "relieve", "material", "aid_resume"),
            },
        }.items()
    }
)

#: Roles whose rows must name the act they undo in `reverses`.
NEEDS_REVERSES: Final = frozenset({("weapons", "resumed")})


class FamilyError(SeesawError, ValueError):
    """families.csv is malformed or names a family, role or event that does not exist."""


@dataclass(frozen=True)
class Member:
    """One row of families.csv, with its line number in the file."""

    line: int
    family: str
    id: str
    role: str


def read_families(path: Path) -> list[Member]:
    """Read families.csv strictly (`rawfile.read_table`: encoding, quoting, header and
    ragged rows); refuse unknown families or roles and repeated ids. The error names
    the first problem's file, line, column and value."""
    try:
        table, found = read_table(path, COLUMNS, path.name, rows_required=False)
    except DataError as err:
        table, found = None, err.problems
    if found or table is None:
        raise FamilyError(str(min(found)))

    def refused(line: int, column: str, message: str) -> FamilyError:
        return FamilyError(str(Problem(path.name, line, column, message)))

    members: list[Member] = []
    seen: dict[tuple[str, str], int] = {}
    cells = table.frame.fillna("").apply(lambda column: column.str.strip())
    for line, family, rid, role in zip(
        table.lines.tolist(), *(cells[c] for c in COLUMNS)
    ):
        if family not in RULES:
            known = ", ".join(sorted(RULES))
            raise refused(line, "family", f"unknown family {family!r} (known: {known})")
        if role not in RULES[family]:
            known = ", ".join(sorted(RULES[family]))
            message = f"unknown role {role!r} for {family} (known: {known})"
            raise refused(line, "role", message)
        if (family, rid) in seen:
            message = f"{rid} already listed in {family} on line {seen[family, rid]}"
            raise refused(line, "id", message)
        seen[family, rid] = line
        members.append(Member(line, family, rid, role))
    return members


def problems(events: pd.DataFrame, members: list[Member]) -> list[tuple[int, str, str]]:
    """Every family row that breaks its rule, as (families.csv line, column, message).
    `events` may be the checked frame or the raw text of events.csv."""
    table = events.astype("string").fillna("").set_index("id")
    out: list[tuple[int, str, str]] = []
    for m in members:
        who = f"{m.id} ({m.family}/{m.role})"
        if m.id not in table.index:
            out.append((m.line, "id", f"{who}: no such event in events.csv"))
            continue
        row = table.loc[m.id]
        for column, expect in RULES[m.family][m.role].items():
            value = str(row[column])
            one = isinstance(expect, str)
            if value != expect if one else value not in expect:
                shown = repr(expect) if one else "one of " + ", ".join(sorted(expect))
                wants = f"{column} is {value!r}, the rule wants {shown}"
                out.append((m.line, column, f"{who}: {wants}"))
        if (m.family, m.role) in NEEDS_REVERSES and not str(row["reverses"]).strip():
            wants = "reverses is empty, the rule wants the act it undoes"
            out.append((m.line, "reverses", f"{who}: {wants}"))
    return out

"""Families of repeated acts are coded alike: every row obeys its family's rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from seesaw import paths
from seesaw.data import families


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return pd.read_csv(paths.DATA / "events.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def members() -> list[families.Member]:
    return families.read_families(paths.DATA / families.FILE)


def test_every_family_row_obeys_its_rule(events: pd.DataFrame, members) -> None:
    assert families.problems(events, members) == []


def test_every_family_has_rows_and_the_named_rows_are_members(members) -> None:
    used = {m.family for m in members}
    for family in families.RULES:
        assert family in used, f"{family} has no rows"
    # the named rows are members of their family
    named = {(m.family, m.id) for m in members}
    for family, rid in [
        ("sanctions_bill", "E0129"),
        ("sanctions_bill", "E0260"),
        ("sanctions_bill", "E0317"),
        ("sanctions_bill", "E0128"),
        ("sanctions_bill", "E0259"),
        ("releases", "E0095"),
        ("penalty_warnings", "E0224"),
    ]:
        assert (family, rid) in named


def test_a_row_coded_against_its_family_is_named_with_line_and_column(
    events: pd.DataFrame, members
) -> None:
    broken = events.copy()
    broken.loc[broken["id"] == "E0129", "mode"] = "threat"
    broken.loc[broken["id"] == "E0095", "kind"] = "agreement"
    found = families.problems(broken, members)
    line_129 = next(m.line for m in members if m.id == "E0129")
    assert found == [
        (
            line_129,
            "mode",
            "E0129 (sanctions_bill/advance): mode is 'threat', the rule wants 'verbal'",
        ),
        (
            next(m.line for m in members if m.id == "E0095"),
            "kind",
            "E0095 (releases/handover): kind is 'agreement', the rule wants "
            "'prisoner_exchange'",
        ),
    ]


def test_a_resumption_without_reverses_and_an_unknown_event_are_reported(
    events: pd.DataFrame,
) -> None:
    members = [
        families.Member(2, "weapons", "E0127", "resumed"),
        families.Member(3, "weapons", "E9999", "words"),
    ]
    broken = events.copy()
    broken.loc[broken["id"] == "E0127", "reverses"] = ""
    assert families.problems(broken, members) == [
        (
            2,
            "reverses",
            "E0127 (weapons/resumed): reverses is empty, the rule wants the act it undoes",
        ),
        (3, "id", "E9999 (weapons/words): no such event in events.csv"),
    ]


def test_a_deadline_on_no_side_breaks_the_rule(events: pd.DataFrame) -> None:
    broken = events.copy()
    broken.loc[broken["id"] == "E0131", ["pressure_on", "effect"]] = ["none", ""]
    found = families.problems(broken, [families.Member(9, "deadlines", "E0131", "set")])
    assert found == [
        (
            9,
            "pressure_on",
            "E0131 (deadlines/set): pressure_on is 'none', the rule wants one of "
            "hamas, israel, kyiv, moscow",
        ),
        (9, "effect", "E0131 (deadlines/set): effect is '', the rule wants 'raise'"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "family,id\nreleases,E0095\n",
            r"families\.csv:1: column 'role': column missing from the header",
        ),
        (
            "family,id,role\nvibes,E0095,handover\n",
            r"families\.csv:2: column 'family': unknown family 'vibes'",
        ),
        (
            "family,id,role\nreleases,E0095,swap\n",
            r"families\.csv:2: column 'role': unknown role 'swap' for releases",
        ),
        (
            "family,id,role\nreleases,E0095,handover\nreleases,E0095,handover\n",
            r"families\.csv:3: column 'id': E0095 already listed in releases on line 2",
        ),
        (
            "family,id,role\nreleases,E0095\n",
            r"families\.csv:2: row has 2 fields, the header has 3 \(got 'releases,E0095'\)",
        ),
        (
            'family,id,role\n"releases,E0095,handover\n',
            r"families\.csv:2: malformed CSV quoting",
        ),
        (
            "",
            r"families\.csv: file is empty; expected a header line: family,id,role",
        ),
    ],
)
def test_a_malformed_families_file_is_refused_by_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / families.FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(families.FamilyError, match=message):
        families.read_families(path)


def test_the_codebook_states_a_rule_for_every_family() -> None:
    codebook = (paths.DATA / "README.md").read_text(encoding="utf-8")
    section = codebook.split("### 13. Families of repeated acts", 1)[1].split(
        "\n### ", 1
    )[0]
    for family in families.RULES:
        assert f"`{family}`" in section, family

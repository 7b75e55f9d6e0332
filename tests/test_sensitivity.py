"""Each coding variant changes exactly the rows it names."""

from __future__ import annotations

import pandas as pd
import pytest

from seesaw.analysis import sensitivity, verdicts
from seesaw.analysis.alternation import ALTERNATION_VERDICTS
from tests.factories import other_acts, us_acts


@pytest.fixture
def events() -> pd.DataFrame:
    us = us_acts(
        [
            ("2025-03-01", "kyiv", "raise", "material", "aid_pause"),
            ("2025-03-05", "moscow", "raise", "material", "weapons_supply"),
            ("2025-03-09", "kyiv", "relieve", "material", "aid_resume"),
            ("2025-03-12", "moscow", "relieve", "verbal", "call"),
            ("2025-03-15", "kyiv", "relieve", "verbal", "call"),
            ("2025-03-20", "moscow", "raise", "threat", "sanctions_threat"),
        ]
    )
    us.loc[3, "recipient"] = "russia"
    us.loc[4, "recipient"] = "ukraine"
    us["reverses"] = [None, None, "E0001", None, None, None]
    other = other_acts([("2025-03-13", "russia", "call", "cooperative")])
    frame = pd.concat([us, other], ignore_index=True)
    frame["date_precision"] = ["day", "week", "day", "day", "month", "day", "day"]
    frame["state_media"] = [False, False, False, False, False, True, True]
    frame["source_quality"] = [
        "primary",
        "aggregator",
        "wire",
        "weak",
        "primary",
        "primary",
        "primary",
    ]
    frame["notes"] = [""] * 7
    frame.loc[1, "notes"] = "Added from coverage pass outlet row o2 (issue 23)."
    return frame


def _changed(
    events: pd.DataFrame, name: str, second: pd.DataFrame | None = None
) -> set[str]:
    variant = next(v for v in sensitivity.VARIANTS if v.name == name)
    return sensitivity.changed_rows(events, variant.apply(events, second))


def test_calls_none_recodes_only_us_calls_with_putin(events: pd.DataFrame) -> None:
    assert _changed(events, "calls_none") == {"E0004"}
    out = sensitivity.calls_none(events)
    assert out.loc[out["id"] == "E0004", "pressure_on"].item() == "none"
    assert pd.isna(out.loc[out["id"] == "E0004", "effect"].item())


def test_help_flipped_swaps_only_help_to_kyiv(events: pd.DataFrame) -> None:
    assert _changed(events, "help_flipped") == {"E0002", "E0003"}
    out = sensitivity.help_flipped(events).set_index("id")
    assert tuple(out.loc["E0002", ["pressure_on", "effect"]]) == ("kyiv", "relieve")
    assert tuple(out.loc["E0003", ["pressure_on", "effect"]]) == ("moscow", "raise")


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("drop_weak_sources", {"E0002", "E0004"}),
        ("drop_imprecise_dates", {"E0002", "E0005"}),
        ("merge_reversals", {"E0003"}),
        ("drop_state_media", {"E0006", "E5001"}),
        ("drop_coverage_additions", {"E0002"}),
    ],
)
def test_dropping_variants_drop_exactly_their_rows(
    events: pd.DataFrame, name: str, rows: set[str]
) -> None:
    assert _changed(events, name) == rows


def test_second_coder_takes_the_second_codes_for_coded_rows_only(
    events: pd.DataFrame,
) -> None:
    second = pd.DataFrame(
        [
            {
                "id": "E0001",
                "pressure_on": "kyiv",
                "effect": "raise",
                "mode": "material",
                "kind": "aid_pause",
                "note": "",
            },
            {
                "id": "E0006",
                "pressure_on": "moscow",
                "effect": "raise",
                "mode": "verbal",
                "kind": "statement",
                "note": "",
            },
        ]
    )
    assert _changed(events, "second_coder", second) == {"E0006"}
    out = sensitivity.second_coder(events, second).set_index("id")
    assert tuple(out.loc["E0006", ["mode", "kind"]]) == ("verbal", "statement")


def test_run_variants_gives_one_row_per_variant(events: pd.DataFrame) -> None:
    second = pd.DataFrame(
        columns=["id", "pressure_on", "effect", "mode", "kind", "note"]
    )
    table = sensitivity.run_variants(events, second, lambda ev: {"acts": len(ev)})
    assert list(table["variant"]) == [
        "as_coded",
        *(v.name for v in sensitivity.VARIANTS),
    ]
    assert table.set_index("variant").loc["drop_state_media", "acts"] == len(events) - 2
    assert table.set_index("variant").loc["as_coded", "rows_changed"] == 0


def test_a_verdict_survives_only_when_every_variant_gives_it() -> None:
    table = pd.DataFrame(
        {
            "label": ["as coded", "a", "b"],
            "v": ["no_pattern", "no_pattern", "spells"],
        }
    )
    assert not sensitivity.survives(table, "v")
    assert sensitivity.survives(table.iloc[:2], "v")


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_cli_sensitivity_json_carries_every_variant(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from seesaw.cli import main

    assert main(["sensitivity", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [v["variant"] for v in out["variants"]] == [
        "as_coded",
        *(v.name for v in sensitivity.VARIANTS),
    ]
    assert {"alternation_verdict", "overtures_verdict"} <= set(out["survives"])
    first = out["variants"][0]
    assert first["alternation_verdict"] in ALTERNATION_VERDICTS
    assert any(k.startswith("claim C01") for k in first)
    assert len(out["sentences"]) == 2
    # The slow swing's switch is described under every variant, the coverage additions
    # dropped among them, and as coded it is the switch `seesaw stats` reports.
    from seesaw import paths
    from seesaw.data.load import load_events

    as_coded = verdicts.alternation_verdict(
        load_events(paths.DATA / "events.csv"), power_runs=0, permutations=99
    )
    assert first["switch_date"] == as_coded.changepoint["switch_date"]
    for row in out["variants"]:
        if row.get("skipped") is None:
            assert pd.Timestamp(row["switch_date"]) > pd.Timestamp("2025-01-20")
            assert 0 <= row["moscow_share_before"] <= 1
            assert 0 < row["switch_p"] <= 1


def test_cli_sensitivity_without_a_second_coding_is_a_user_error(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from seesaw import paths
    from seesaw.cli import main

    for name in ("events.csv", "quotes.csv", "claims.csv"):
        shutil.copy(paths.DATA / name, tmp_path / name)
    assert main(["sensitivity", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert "second_coding.csv: no such file" in err


def test_the_coverage_note_marks_exactly_the_added_rows() -> None:
    """The variant finds the passes' additions by their note: the note must mark exactly
    the ids additions.csv says were added."""
    from seesaw import paths
    from seesaw.data.load import load_events

    events = load_events(paths.DATA / "events.csv")
    additions = pd.read_csv(
        paths.DATA / "reliability" / "coverage" / "additions.csv", dtype=str
    )
    added = set(additions.loc[additions["status"] == "added", "added_id"])
    kept = sensitivity.drop_coverage_additions(events)
    assert set(events["id"]) - set(kept["id"]) == added


def test_the_data_as_coded_get_the_notebook_s_own_verdicts() -> None:
    """With the notebook's settings (permutations, seed, power runs, smoothing), the
    table's first row is the verdict the notebook prints beside it: the two once
    differed in power runs (200 against the notebook's) and smoothing (14 days)."""
    from seesaw import paths
    from seesaw.analysis.masks import track_rows
    from seesaw.data.load import load_dataset

    events = track_rows(load_dataset(paths.DATA).events, "ukraine")
    window = ("2025-01-20", "2025-10-22")
    kw = {"permutations": 99, "seed": 7, "power_runs": 100, "smoothing_days": 7}
    table = sensitivity.coding_table(
        paths.DATA, events, *window, **kw, coincidence_days=7
    )
    v = verdicts.alternation_verdict(
        events, *window, permutations=99, seed=7, power_runs=100, smooth_days=7
    )
    o = verdicts.overture_verdict(events, *window, 7)
    first = table.iloc[0]
    assert first["variant"] == sensitivity.BASELINE.name
    assert first["alternation_verdict"] == v.verdict
    assert first["spells_statistic"] == v.spells.statistic
    assert first["spells_p"] == v.spells.p_value
    assert (first["hits"], first["overtures_p"]) == (o.timing.hits, o.timing.p_value)
    assert first["overture_chance"] == o.timing.chance  # the 0-7-day window's

"""Scoring: direction of each act, magnitudes under each scheme, custom weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from seesaw.analysis import score
from seesaw.data import vocab
from tests.factories import us_acts

ACTS = us_acts(
    [
        ("2025-03-03", "kyiv", "raise", "material", "aid_pause"),  # toward Kyiv
        (
            "2025-03-07",
            "moscow",
            "raise",
            "threat",
            "sanctions_threat",
        ),  # toward Moscow
        ("2025-03-11", "kyiv", "relieve", "material", "aid_resume"),  # toward Moscow
        ("2025-03-18", "moscow", "relieve", "verbal", "summit_offer"),  # toward Kyiv
    ]
)


def test_direction_follows_the_seesaw_rule() -> None:
    assert score.direction(ACTS).tolist() == [-1, 1, 1, -1]


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("flat", [-1.0, 1.0, 1.0, -1.0]),
        ("mode", [-3.0, 2.0, 3.0, -1.0]),
        # CAMEO 1622 (5.6), 1312 (5.8), 072 (8.3), 036 (4.0)
        ("goldstein", [-5.6, 5.8, 8.3, -4.0]),
    ],
)
def test_schemes_by_hand(scheme: str, expected: list[float]) -> None:
    scored = score.score_events(ACTS, scheme)
    assert scored["score"].tolist() == pytest.approx(expected)


def test_goldstein_statement_depends_on_tone() -> None:
    acts = us_acts([("2025-02-19", "kyiv", "raise", "verbal", "statement")])
    assert score.magnitude(acts, "goldstein").item() == 2.0  # 111 Criticize or denounce
    acts["tone"] = pd.Categorical(["cooperative"], categories=list(vocab.TONES))
    assert score.magnitude(acts, "goldstein").item() == 3.4  # 019 Express accord


def test_every_kind_has_a_goldstein_entry_within_the_scale() -> None:
    assert set(score.GOLDSTEIN) == set(vocab.KINDS)
    assert all(-10 <= c.goldstein <= 10 for c in score.GOLDSTEIN.values())


def test_custom_weights_kinds_win_over_modes() -> None:
    scored = score.score_events(
        ACTS, weights={"material": 5, "threat": 0, "aid_resume": 2}
    )
    assert scored["score"].tolist() == [-5.0, 0.0, 2.0, -1.0]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"loud": 1}, "unknown key 'loud'"),
        ({"verbal": -1}, "must be a finite number >= 0"),
        ({"verbal": float("nan")}, "must be a finite number >= 0"),
        ({"verbal": "2"}, "must be a finite number >= 0, got '2'"),
        ({"verbal": True}, "must be a finite number >= 0, got True"),
        ({}, "give a mapping"),
    ],
)
def test_bad_weights_are_refused(weights: dict, message: str) -> None:
    with pytest.raises(score.ScoringError, match=message):
        score.score_events(ACTS, weights=weights)


def test_unknown_scheme_names_the_allowed() -> None:
    with pytest.raises(score.ScoringError, match="allowed: flat, mode, goldstein"):
        score.score_events(ACTS, "loud")


def test_only_us_pressure_acts_are_scored_and_sorted() -> None:
    shuffled = ACTS.sample(frac=1, random_state=3)
    scored = score.score_events(shuffled)
    assert scored["id"].tolist() == ["E0001", "E0002", "E0003", "E0004"]


def _score_reference(events, scheme="mode", weights=None):
    """`score_events` as first written: strings compared row by row, always sorted."""
    mask = events["actor"].astype(str).eq("us") & events["pressure_on"].astype(
        str
    ).isin(vocab.SIDES)
    acts = events.loc[mask].copy()
    side, effect = acts["pressure_on"].astype(str), acts["effect"].astype(str)
    toward_m = (side.eq("moscow") & effect.eq("raise")) | (
        side.eq("kyiv") & effect.eq("relieve")
    )
    toward_k = (side.eq("kyiv") & effect.eq("raise")) | (
        side.eq("moscow") & effect.eq("relieve")
    )
    acts["direction"] = pd.Series(
        np.where(toward_m, 1, np.where(toward_k, -1, 0)), index=acts.index
    ).astype("int8")
    kind, mode = acts["kind"].astype(str), acts["mode"].astype(str)
    if weights is not None:
        by_mode = mode.map({m: weights.get(m, np.nan) for m in vocab.MODES})
        by_kind = kind.map({k: weights.get(k, np.nan) for k in vocab.KINDS})
        weight = by_kind.fillna(by_mode).fillna(1.0).astype(float)
    elif scheme == "flat":
        weight = pd.Series(1.0, index=acts.index)
    elif scheme == "mode":
        weight = mode.map(vocab.MODE_WEIGHTS).astype(float)
    else:
        goldstein = {k: abs(c.goldstein) for k, c in score.GOLDSTEIN.items()}
        weight = kind.map(goldstein).astype(float)
        statement, tone = kind.eq("statement"), acts["tone"].astype(str)
        weight[statement & tone.eq("cooperative")] = 3.4
        weight[statement & tone.eq("neutral")] = 0.0
    acts["weight"] = weight
    acts["score"] = acts["direction"] * acts["weight"]
    return acts.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("seed", [0, 1])
def test_score_events_equals_the_row_by_row_reference(tmp_path, seed: int) -> None:
    from bench.synthetic import write_synthetic

    from seesaw.data.load import load_dataset

    events = load_dataset(write_synthetic(tmp_path, 500, seed=seed)).events
    statements = events.index[events["kind"].astype(str).eq("statement")]
    # Some statements cooperative or neutral (Goldstein weighs those apart).
    events.loc[statements[::3], "tone"] = "cooperative"
    events.loc[statements[1::3], "tone"] = "neutral"
    shuffled = events.sample(frac=1.0, random_state=seed)  # the sort must happen
    custom = {"threat": 3.0, "sanctions": 5.0}
    for rows in (events, shuffled):
        for scheme in vocab.SCHEMES:
            pd.testing.assert_frame_equal(
                score.score_events(rows, scheme), _score_reference(rows, scheme)
            )
        pd.testing.assert_frame_equal(
            score.score_events(rows, weights=custom),
            _score_reference(rows, weights=custom),
        )
    assert len(score.score_events(events)) > 100

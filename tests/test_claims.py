"""The claims ledger: each check's verdicts on hand-made data, and bad ledgers refused."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from seesaw import claims
from tests.factories import other_acts, us_acts

US = us_acts(
    [
        ("2025-03-03", "kyiv", "raise", "material", "intel_pause"),
        ("2025-03-11", "kyiv", "relieve", "material", "intel_resume"),
        ("2025-07-10", "moscow", "raise", "threat", "legislation"),
        ("2025-08-20", "moscow", "relieve", "material", "legislation"),
        ("2025-10-13", "moscow", "raise", "verbal", "weapons_supply"),
        ("2025-10-16", "moscow", "relieve", "verbal", "summit_offer"),
    ]
)
US.loc[1, "reverses"] = "E0001"
RU = other_acts(
    [
        ("2025-08-07", "russia", "summit_offer", "cooperative"),
        ("2025-10-16", "russia", "call", "cooperative"),
    ]
)
EVENTS = pd.concat([US, RU], ignore_index=True)
QUOTES = pd.DataFrame(
    {
        "id": ["Q0001"],
        "date": [pd.Timestamp("2025-10-19")],
        "speaker": ["Trump"],
        "quote": ["Let it be cut the way it is."],
        "event_id": [None],
        "source_outlet": ["Example"],
    }
)


def _claim(check: str, **params) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": "C01",
                "claim": "test",
                "check": check,
                "params": json.dumps(params),
                "notes": "",
            }
        ]
    )


def _verdict(check: str, **params) -> pd.Series:
    return claims.evaluate(_claim(check, **params), EVENTS, QUOTES).iloc[0]


def test_event_exists_supported_and_misdated() -> None:
    match = {"actor": "russia", "kind": "summit_offer"}
    ok = _verdict("event_exists", match=match, start="2025-08-01", end="2025-08-31")
    assert ok["verdict"] == "supported" and ok["evidence"] == "E5001"
    july = _verdict(
        "event_exists",
        match=match,
        start="2025-07-01",
        end="2025-07-31",
        tolerance_days=14,
    )
    assert july["verdict"] == "misdated"
    assert "7 Aug 2025" in july["reasoning"]
    no = _verdict("event_exists", match=match, start="2025-01-01", end="2025-02-01")
    assert no["verdict"] == "not supported"


def test_sequence_by_hand() -> None:
    seq = _verdict(
        "sequence",
        first={"actor": "us", "kind": "weapons_supply"},
        then={"actor": "russia", "kind": "call"},
        max_days=7,
        start="2025-10-01",
        end="2025-10-31",
    )
    assert seq["verdict"] == "supported" and seq["evidence"] == "E0005 E5002"
    assert "3 day(s) later" in seq["reasoning"]
    hours = _verdict(
        "sequence",
        first={"actor": "russia", "kind": "call"},
        then={"actor": "us", "kind": "summit_offer"},
        max_days=0,
        start="2025-10-01",
        end="2025-10-31",
    )
    assert hours["verdict"] == "supported"
    late = _verdict(
        "sequence",
        first={"actor": "us", "kind": "legislation", "effect": "raise"},
        then={"actor": "russia", "kind": "summit_offer"},
        max_days=3,
        start="2025-07-01",
        end="2025-07-31",
    )
    assert late["verdict"] == "partly supported"


def test_quiet_after() -> None:
    quiet = _verdict(
        "quiet_after",
        first={"actor": "russia", "kind": "summit_offer"},
        then={"kind": ["agreement", "ceasefire"]},
        max_days=30,
        start="2025-08-01",
        end="2025-08-31",
    )
    assert quiet["verdict"] == "supported" and quiet["evidence"] == "E5001"
    busy = _verdict(
        "quiet_after",
        first={"actor": "russia", "kind": "summit_offer"},
        then={"actor": "us", "kind": "legislation"},
        max_days=30,
        start="2025-08-01",
        end="2025-08-31",
    )
    assert busy["verdict"] == "not supported" and busy["evidence"] == "E5001 E0004"


def test_reversed() -> None:
    v = _verdict(
        "reversed",
        match={"kind": "intel_pause"},
        start="2025-03-01",
        end="2025-03-31",
        within_days=30,
    )
    assert v["verdict"] == "supported" and v["evidence"] == "E0001 E0002"


def test_quote_exists() -> None:
    v = _verdict(
        "quote_exists",
        speaker="Trump",
        contains="cut the way it is",
        start="2025-10-15",
        end="2025-10-31",
    )
    assert v["verdict"] == "supported" and v["evidence"] == "Q0001"
    assert (
        _verdict(
            "quote_exists",
            speaker="Putin",
            contains="cut",
            start="2025-01-01",
            end="2025-12-31",
        )["verdict"]
        == "inconclusive"  # no page prints it: the data cannot confirm or refute it
    )


def test_follow_through() -> None:
    v = _verdict(
        "follow_through",
        target="moscow",
        days=30,
        below=0.5,
        start="2025-01-01",
        end="2025-12-31",
    )
    # One threat (the July bill) and no deed raising pressure on Moscow after it.
    assert v["verdict"] == "supported" and "0 of 1" in v["reasoning"]


def test_unknown_check_and_bad_params_name_the_claim() -> None:
    with pytest.raises(claims.ClaimError, match="claim C01: unknown check 'guess'"):
        claims.evaluate(_claim("guess"), EVENTS, QUOTES)
    with pytest.raises(
        claims.ClaimError, match=r"claim C01 \(event_exists\): bad parameters"
    ):
        claims.evaluate(_claim("event_exists", start="2025-01-01"), EVENTS, QUOTES)
    with pytest.raises(claims.ClaimError, match="unknown column 'colour'"):
        claims.evaluate(
            _claim(
                "event_exists",
                match={"colour": "red"},
                start="2025-01-01",
                end="2025-02-01",
            ),
            EVENTS,
            QUOTES,
        )


def test_checks_match_the_vocabulary() -> None:
    from seesaw import vocab

    assert set(claims.CHECKS) == set(vocab.CLAIM_CHECKS)

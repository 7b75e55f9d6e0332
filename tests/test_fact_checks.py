"""The fact checks on hand-built event tables, for every verdict each can return: acts,
sequences (causal ones against the base rate), quiet after, reversals, quotes, untestable
statements and the coded `responds_to` filter."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from seesaw.analysis import claims, fact_checks
from tests.factories import joined, one_claim, other_acts, us_acts

# --- event_exists ------------------------------------------------------------------

REJECTIONS = other_acts(
    [
        ("2025-08-09", "ukraine", "rejection", "hostile"),
        ("2025-12-14", "ukraine", "rejection", "hostile"),
    ]
)


def test_event_exists_every_verdict() -> None:
    match = {"actor": "ukraine", "kind": "rejection"}
    window = {"start": "2025-01-20", "end": "2025-10-22"}
    once = one_claim(REJECTIONS, "event_exists", match=match, **window)
    assert once["verdict"] == "supported" and once["evidence"] == "E5001"
    twice = one_claim(REJECTIONS, "event_exists", match=match, min_count=2, **window)
    assert twice["verdict"] == "partly supported"
    assert "fewer than the 2 the claim needs" in twice["reasoning"]
    assert (
        one_claim(
            REJECTIONS,
            "event_exists",
            match=match,
            min_count=2,
            start="2025-01-01",
            end="2025-12-31",
        )["verdict"]
        == "supported"
    )
    late = one_claim(
        REJECTIONS,
        "event_exists",
        match=match,
        start="2025-07-01",
        end="2025-07-31",
        tolerance_days=14,
    )
    assert late["verdict"] == "misdated" and "9 Aug 2025" in late["reasoning"]
    none = one_claim(
        REJECTIONS, "event_exists", match=match, start="2025-01-01", end="2025-03-01"
    )
    # a missing row cannot refute a claim: inconclusive, with the reason in words
    assert none["verdict"] == "inconclusive" and none["evidence"] == ""
    assert "a missing row cannot refute the claim" in none["reasoning"]


def test_text_filter_reads_the_summary() -> None:
    events = REJECTIONS.copy()
    events.loc[0, "summary"] = "Zelensky rejects ceding Donbas."
    hit = one_claim(
        events,
        "event_exists",
        match={"text": ["donbas", "Donetsk"]},
        start="2025-01-01",
        end="2025-12-31",
    )
    assert hit["evidence"] == "E5001"
    miss = one_claim(
        events,
        "event_exists",
        match={"text": "Crimea"},
        start="2025-01-01",
        end="2025-12-31",
    )
    assert miss["verdict"] == "inconclusive"


# --- sequence ----------------------------------------------------------------------

BILL_THEN_OFFER = joined(
    us_acts([("2025-07-28", "moscow", "relieve", "material", "legislation")]),
    other_acts([("2025-08-06", "russia", "summit_offer", "cooperative")]),
)
SEQ = {
    "first": {"actor": "russia", "kind": "summit_offer"},
    "then": {"actor": "us", "kind": "legislation"},
    "max_days": 30,
}


def test_sequence_order_reversed_when_only_the_reverse_is_there() -> None:
    v = one_claim(
        BILL_THEN_OFFER, "sequence", **SEQ, start="2025-07-01", end="2025-08-31"
    )
    assert v["verdict"] == "order reversed"
    assert v["evidence"] == "E0001 E5001"
    assert "came 9 days before" in v["reasoning"]
    # The claimed order present as well: the claim stands.
    both = joined(
        BILL_THEN_OFFER,
        us_acts(
            [("2025-08-20", "moscow", "relieve", "material", "legislation")], start_id=2
        ),
    )
    assert (
        one_claim(both, "sequence", **SEQ, start="2025-07-01", end="2025-08-31")[
            "verdict"
        ]
        == "supported"
    )


def test_sequence_supported_misdated_partly_and_not() -> None:
    ok = {
        "first": {"actor": "us", "kind": "legislation"},
        "then": {"actor": "russia"},
        "max_days": 30,
    }
    assert (
        one_claim(
            BILL_THEN_OFFER, "sequence", **ok, start="2025-07-01", end="2025-07-31"
        )["verdict"]
        == "supported"
    )
    moved = one_claim(
        BILL_THEN_OFFER,
        "sequence",
        **ok,
        start="2025-08-01",
        end="2025-08-31",
        tolerance_days=7,
    )
    assert moved["verdict"] == "misdated"
    short = {**ok, "max_days": 3}
    part = one_claim(
        BILL_THEN_OFFER, "sequence", **short, start="2025-07-01", end="2025-07-31"
    )
    assert part["verdict"] == "partly supported" and part["evidence"] == "E0001"
    none = one_claim(
        BILL_THEN_OFFER, "sequence", **ok, start="2025-01-01", end="2025-02-01"
    )
    assert none["verdict"] == "inconclusive"
    assert "no act matching the first part" in none["reasoning"]
    assert "a missing row cannot refute the claim" in none["reasoning"]


STRIKE_THEN_PLAN = joined(
    other_acts([("2025-09-09", "israel", "strike", "hostile")]),
    us_acts([("2025-09-11", "none", "raise", "verbal", "peace_plan")]),
)
CAUSAL = {
    "first": {"kind": "strike"},
    "then": {"kind": "peace_plan"},
    "max_days": 30,
    "start": "2025-09-01",
    "end": "2025-09-30",
    "causal": True,
}


def test_causal_sequence_timing_consistent_when_it_beats_the_base_rate() -> None:
    v = one_claim(STRIKE_THEN_PLAN, "sequence", **CAUSAL)
    assert v["verdict"] == "timing consistent"
    assert "timing alone cannot show the cause" in v["reasoning"]


def test_causal_sequence_inconclusive_when_chance_gives_it() -> None:
    # A plan every other day: one follows within 2 days of almost any date.
    plans = us_acts(
        [
            (
                str((pd.Timestamp("2025-01-20") + pd.Timedelta(days=2 * n)).date()),
                "none",
                "raise",
                "verbal",
                "peace_plan",
            )
            for n in range(125)
        ],
        start_id=10,
    )
    busy = joined(STRIKE_THEN_PLAN, plans)
    v = one_claim(busy, "sequence", **CAUSAL)
    assert v["verdict"] == "inconclusive"
    assert "chance alone gives such a sequence" in v["reasoning"]


def test_base_rate_counts_the_days_followed_by_an_act() -> None:
    span = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31"))
    every_day = us_acts(
        [
            (str(d.date()), "moscow", "raise", "material", "sanctions")
            for d in pd.date_range(*span)
        ]
    )
    assert fact_checks.base_rate(every_day, span, 0) == 1.0
    assert fact_checks.base_rate(every_day.iloc[0:0], span, 30) == 0.0
    one = us_acts([("2025-07-01", "moscow", "raise", "material", "sanctions")])
    # counted over every day: ten of the 365 days see it within 9 days (the same day
    # counts), nine when it must come strictly after
    assert fact_checks.base_rate(one, span, 9) == 10 / 365
    assert fact_checks.base_rate(one, span, 9, strict=True) == 9 / 365


@pytest.mark.parametrize("strict", [False, True])
def test_base_rate_is_a_count_of_days_by_hand(strict: bool) -> None:
    """Against a day-by-day count: acts before, inside and after the span, and several
    on one day."""
    span = (pd.Timestamp("2025-03-01"), pd.Timestamp("2025-04-30"))
    dates = ["2025-02-25", "2025-03-01", "2025-03-01", "2025-03-20", "2025-04-29",
             "2025-05-03"]  # fmt: skip
    acts = us_acts([(d, "moscow", "raise", "material", "sanctions") for d in dates])
    when = [pd.Timestamp(d) for d in dates]
    for days in (1, 3, 7):
        followed = [
            any(int(strict) <= (a - d).days <= days for a in when)
            for d in pd.date_range(*span)
        ]
        expected = sum(followed) / len(followed)
        assert fact_checks.base_rate(acts, span, days, strict=strict) == expected


# --- quiet_after and reversed -------------------------------------------------------


def test_quiet_after_both_verdicts() -> None:
    summit = joined(
        us_acts([("2025-08-15", "moscow", "relieve", "material", "summit")]),
        other_acts([("2025-09-20", "russia", "agreement", "cooperative")]),
    )
    p = {
        "first": {"kind": "summit"},
        "then": {"kind": "agreement"},
        "start": "2025-08-01",
        "end": "2025-08-31",
    }
    assert one_claim(summit, "quiet_after", **p, max_days=30)["verdict"] == "supported"
    busy = one_claim(summit, "quiet_after", **p, max_days=60)
    assert busy["verdict"] == "not supported" and busy["evidence"] == "E0001 E5001"
    assert (
        one_claim(
            summit,
            "quiet_after",
            **{**p, "start": "2025-01-01", "end": "2025-02-01"},
            max_days=30,
        )["verdict"]
        == "inconclusive"  # the act itself missing: a missing row refutes nothing
    )


def test_reversed_every_verdict() -> None:
    acts = us_acts(
        [
            ("2025-03-03", "kyiv", "raise", "material", "aid_pause"),
            ("2025-03-11", "kyiv", "relieve", "material", "aid_resume"),
            ("2025-07-01", "kyiv", "raise", "material", "weapons_pause"),
        ]
    )
    acts.loc[1, "reverses"] = "E0001"
    p = {"match": {"kind": ["aid_pause", "weapons_pause"]}, "within_days": 30}
    assert (
        one_claim(acts, "reversed", **p, start="2025-03-01", end="2025-03-31")[
            "verdict"
        ]
        == "supported"
    )
    assert (
        one_claim(acts, "reversed", **p, start="2025-01-01", end="2025-12-31")[
            "verdict"
        ]
        == "partly supported"
    )
    assert (
        one_claim(acts, "reversed", **p, start="2025-06-01", end="2025-07-31")[
            "verdict"
        ]
        == "not supported"
    )


# --- quotes and untestable statements -----------------------------------------------

QUOTES = pd.DataFrame(
    {
        "id": ["Q0001"],
        "date": [pd.Timestamp("2025-10-21")],
        "speaker": ["Trump"],
        "quote": ["I don't want to have a wasted meeting,"],
        "event_id": [None],
        "source_outlet": ["Example"],
    }
)


def test_quote_exists_every_verdict() -> None:
    p = {"speaker": "Trump", "contains": "wasted meeting"}
    ok = one_claim(
        REJECTIONS, "quote_exists", QUOTES, **p, start="2025-10-18", end="2025-10-22"
    )
    assert ok["verdict"] == "supported" and ok["evidence"] == "Q0001"
    early = one_claim(
        REJECTIONS, "quote_exists", QUOTES, **p, start="2025-01-01", end="2025-02-01"
    )
    assert early["verdict"] == "misdated"
    never = one_claim(
        REJECTIONS,
        "quote_exists",
        QUOTES,
        speaker="Trump",
        contains="harder than expected",
        start="2025-01-01",
        end="2025-12-31",
        near={"actor": "ukraine"},
    )
    assert never["verdict"] == "inconclusive"
    assert "verbatim" in never["reasoning"] and never["evidence"] == "E5001 E5002"
    anyone = one_claim(
        REJECTIONS,
        "quote_exists",
        QUOTES,
        contains="wasted",
        start="2025-10-01",
        end="2025-10-31",
    )
    assert anyone["verdict"] == "supported"


def test_quote_not_printed_shows_the_nearest_wording() -> None:
    quotes = pd.concat(
        [
            QUOTES,
            pd.DataFrame(
                {
                    "id": ["Q0002", "Q0003"],
                    "date": [pd.Timestamp("2025-09-03"), pd.Timestamp("2025-09-04")],
                    "speaker": ["Trump", "Putin"],
                    "quote": [
                        "it is a little bit more difficult",
                        "more difficult for them",
                    ],
                    "event_id": [None, None],
                    "source_outlet": ["Example", "Example"],
                }
            ),
        ],
        ignore_index=True,
    )
    v = one_claim(
        REJECTIONS,
        "quote_exists",
        quotes,
        speaker="Trump",
        contains="harder than expected",
        start="2025-08-01",
        end="2025-10-22",
        near_quote=["more difficult", "tougher"],
    )
    assert v["verdict"] == "inconclusive" and v["evidence"] == "Q0002"
    assert "the nearest rows (Q0002) put it in other words" in v["reasoning"]


def test_untestable_is_inconclusive_with_its_reason() -> None:
    v = one_claim(
        REJECTIONS,
        "untestable",
        reason="A motive, not an event",
        near={"actor": "ukraine"},
    )
    assert v["verdict"] == "inconclusive"
    assert (
        v["reasoning"].startswith("A motive, not an event.")
        and "E5001" in v["reasoning"]
    )
    assert v["part"] == "fact" and v["stable"]
    assert (
        one_claim(REJECTIONS, "untestable", reason="x", part="argument")["part"]
        == "argument"
    )


def test_responds_to_counts_refusals_from_the_coded_fields() -> None:
    """A refusal counts when it answers a US act raising pressure on Kyiv, whatever
    words its summary uses (no keyword filter)."""
    push = us_acts(
        [
            ("2025-04-17", "kyiv", "raise", "verbal", "peace_plan"),
            ("2025-08-08", "kyiv", "raise", "verbal", "statement"),
            ("2025-06-01", "moscow", "raise", "verbal", "statement"),
        ]
    )
    refusals = other_acts(
        [
            ("2025-04-22", "ukraine", "rejection", "hostile"),  # answers E0001
            ("2025-08-09", "ukraine", "rejection", "hostile"),  # answers E0002
            ("2025-06-02", "ukraine", "rejection", "hostile"),  # answers E0003 (Moscow)
            ("2025-02-15", "ukraine", "rejection", "hostile"),  # answers nothing
        ]
    )
    refusals["responds_to"] = pd.array(
        ["E0001", "E0002", "E0003", None], dtype="string"
    )
    match = {
        "actor": "ukraine",
        "kind": "rejection",
        "responds_to": {"actor": "us", "pressure_on": "kyiv", "effect": "raise"},
    }
    found = one_claim(
        joined(push, refusals),
        "event_exists",
        match=match,
        start="2025-01-20",
        end="2025-10-22",
        min_count=2,
    )
    assert found["verdict"] == "supported"
    assert found["evidence"] == "E5001 E5002"


@pytest.fixture(scope="module")
def real() -> Any:
    from seesaw import paths
    from seesaw.data.load import load_dataset

    return load_dataset(paths.DATA)


def test_the_quotation_is_apart_from_the_substance(real: Any) -> None:
    pair = real.claims[real.claims["id"].isin(["C17b", "C17c"])]
    ledger = claims.evaluate(pair, real.events, real.quotes, stability=False)
    got = dict(zip(ledger["id"], ledger["verdict"], strict=True))
    # the statement's words say Moscow is not serious; no page prints 'not serious'
    assert got == {"C17b": "supported", "C17c": "inconclusive"}

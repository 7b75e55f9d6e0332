"""Each claim check's parameters: what it needs, what it refuses, and why."""

from __future__ import annotations

from seesaw.data import claimparams, vocab


def test_a_valid_event_exists_claim_has_no_problems() -> None:
    params = {
        "start": "2025-01-20",
        "end": "2025-10-22",
        "match": {"actor": "us", "kind": "sanctions"},
    }
    assert claimparams.problems("event_exists", params) == []


def test_missing_and_unknown_parameters_are_named() -> None:
    got = claimparams.problems(
        "sequence", {"start": "2025-01-20", "end": "2025-10-22", "color": 1}
    )
    assert "sequence needs 'first'" in got
    assert any("unknown parameter(s) 'color' for sequence" in g for g in got)


def test_end_before_start_is_refused() -> None:
    got = claimparams.problems(
        "event_exists", {"start": "2025-05-01", "end": "2025-01-01", "match": {}}
    )
    assert "end 2025-01-01 is before start 2025-05-01" in got


def test_schemes_come_from_vocab() -> None:
    assert tuple(vocab.SCHEMES) == claimparams.SCHEMES


def test_the_retired_collapse_is_refused_not_taken() -> None:
    """`collapse` chose nothing once the runs test was retired; a claim that sets it is
    told so, as for any unknown parameter, rather than seeming to choose."""
    window = {"start": "2025-01-20", "end": "2025-10-22"}
    (got,) = claimparams.problems("alternation", {**window, "collapse": "day"})
    assert got.startswith("unknown parameter(s) 'collapse' for alternation")
    assert claimparams.problems("alternation", window) == []


def test_an_unknown_check_is_left_to_the_check_column() -> None:
    assert claimparams.problems("no_such_check", {"x": 1}) == []


def test_defuse_takes_only_the_plans_overture_definitions() -> None:
    base = {"start": "2025-01-20", "end": "2025-10-22"}
    for name in vocab.OVERTURE_DEFINITIONS:
        assert claimparams.problems("defuse", {**base, "definition": name}) == []
    got = claimparams.problems("defuse", {**base, "definition": "calls"})
    assert got == [
        "definition: unknown value 'calls'; allowed: wide, narrow, calls_either"
    ]


def test_defuse_refuses_a_days_parameter_it_would_not_read() -> None:
    # The timing test's window is `coincidence_days`; a `days` would be silently ignored.
    got = claimparams.problems(
        "defuse", {"start": "2025-01-20", "end": "2025-10-22", "days": 7}
    )
    assert len(got) == 1 and got[0].startswith("unknown parameter(s) 'days' for defuse")


def test_defuse_examples_are_checked_as_sequences() -> None:
    from seesaw.data.claimparams import problems

    good = {
        "start": "2025-01-20",
        "end": "2025-10-22",
        "examples": [
            {
                "label": "a call",
                "first": {"actor": "us"},
                "then": {"actor": "russia", "kind": "call"},
                "max_days": 7,
                "start": "2025-10-06",
                "end": "2025-10-17",
            }
        ],
    }
    assert problems("defuse", good) == []
    bad = {**good, "examples": [{"first": {"actor": "us"}, "max_days": 7}]}
    found = problems("defuse", bad)
    assert "examples: example 1: needs a 'label' (non-empty text)" in found
    assert "examples: example 1: sequence needs 'then'" in found


def test_responds_to_takes_a_nested_filter() -> None:
    from seesaw.data.claimparams import problems

    p = {"start": "2025-01-20", "end": "2025-10-22"}
    ok = {**p, "match": {"responds_to": {"actor": "us", "pressure_on": "kyiv"}}}
    assert problems("event_exists", ok) == []
    wrong = {**p, "match": {"responds_to": {"actor": "martians"}}}
    assert any(
        m.startswith("match: responds_to: actor: unknown value")
        for m in problems("event_exists", wrong)
    )


def test_every_check_takes_a_track_and_refuses_an_unknown_one() -> None:
    params = {
        "track": "gaza",
        "start": "2025-09-01",
        "end": "2025-09-30",
        "match": {"actor": "israel", "kind": "strike"},
    }
    assert claimparams.problems("event_exists", params) == []
    assert all("track" in spec for spec in claimparams.SPECS.values())
    got = claimparams.problems("event_exists", {**params, "track": "sudan"})
    assert got == ["track: unknown value 'sudan'; allowed: ukraine, gaza"]


def test_the_old_name_of_the_coincidence_window_is_refused_with_its_new_name() -> None:
    params = {"start": "2025-01-20", "end": "2025-10-22", "window_days": 3}
    assert claimparams.problems("defuse", params) == [
        "window_days: renamed coincidence_days"
    ]
    assert claimparams.problems("defuse", {**params, "coincidence_days": 3}) != []
    del params["window_days"]
    assert claimparams.problems("defuse", {**params, "coincidence_days": 3}) == []


def test_each_kind_of_value_says_what_is_wrong_with_it() -> None:
    date = "must be a date written YYYY-MM-DD, got {!r}"
    for bad in ("2025-1-5", "20250105", "2025-W01-1", "2025-02-30", 20250105, None):
        assert claimparams._one("date", bad) == [date.format(bad)]
    assert claimparams._one("date", "2025-02-28") == []
    assert claimparams._one("examples", []) == [
        "must be a non-empty list of sequences, each with a 'label'"
    ]
    got = claimparams._one("examples", ["x", {"label": " "}])
    assert got[0] == "example 1: must be an object, got 'x'"
    assert "example 2: needs a 'label' (non-empty text)" in got
    assert claimparams._one("words", "sanctions") == []
    assert claimparams._one("words", ["ok", ""]) == ["must be text, got ''"]
    assert claimparams._one("kinds", []) == ["must be text or a non-empty list of text"]
    assert claimparams._one("kinds", ["nonsense"])[0].startswith(
        f"unknown kind 'nonsense'; allowed: {next(iter(vocab.KINDS))}"
    )

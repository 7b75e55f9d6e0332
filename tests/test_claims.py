"""The claims ledger: each check's verdicts on hand-made data, and bad ledgers refused."""

from __future__ import annotations

import functools
import json
from typing import Any

import pandas as pd
import pytest

from seesaw.analysis import claim_checks, claims, fact_checks
from seesaw.data import claim_vocab
from tests.factories import joined, one_claim, other_acts, us_acts

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
    assert no["verdict"] == "inconclusive"
    assert "a missing row cannot refute the claim" in no["reasoning"]


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
    assert "3 days later" in seq["reasoning"]
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
    # One threat (the July bill) and no deed raising pressure on Moscow after it: one
    # threat's interval (0% to 79%) spans the claim's line, so it cannot decide.
    assert v["verdict"] == "inconclusive" and "0 of 1" in v["reasoning"]
    assert "spans the line" in v["reasoning"]


def test_unknown_check_and_bad_params_name_the_claim() -> None:
    with pytest.raises(
        fact_checks.ClaimError, match="claim C01: unknown check 'guess'"
    ):
        claims.evaluate(_claim("guess"), EVENTS, QUOTES)
    with pytest.raises(
        fact_checks.ClaimError, match=r"claim C01 \(event_exists\): bad parameters"
    ):
        claims.evaluate(_claim("event_exists", start="2025-01-01"), EVENTS, QUOTES)
    with pytest.raises(fact_checks.ClaimError, match="unknown column 'colour'"):
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

    assert set(claim_checks.CHECKS) == set(claim_vocab.CLAIM_CHECKS)


# --- alternation and defuse, checked directly --------------------------------------

START = pd.Timestamp("2025-01-20")


def _alternation(events: pd.DataFrame, **params) -> fact_checks.Verdict:
    p = {"start": "2025-01-01", "end": "2027-12-31", "permutations": 499, **params}
    return claim_checks.check_alternation(events, QUOTES, p)


def test_alternation_partly_supported_when_the_sides_interleave_act_by_act() -> None:
    # Kyiv acts on irregular days; each followed the next day by an act on Moscow:
    # tit-for-tat, not the spells the article describes.
    import numpy as np

    kyiv_days = np.cumsum(np.random.default_rng(4).integers(2, 30, size=30))
    acts = us_acts(
        [
            (START + pd.Timedelta(days=int(d)), "kyiv", "raise", "verbal")
            for d in kyiv_days
        ]
        + [
            (START + pd.Timedelta(days=int(d) + 1), "moscow", "raise", "verbal")
            for d in kyiv_days
        ]
    )
    v = _alternation(acts)
    assert v.verdict == "partly supported"
    assert "switched sides from one active day to the next more often than chance" in (
        v.reasoning
    )
    assert "did not come in spells that took turns" in v.reasoning


def test_alternation_supported_when_month_long_spells_take_turns() -> None:
    acts = us_acts(
        [
            (
                START + pd.Timedelta(days=30 * k + 3 * i),
                "moscow" if k % 2 == 0 else "kyiv",
                "raise",
                "verbal",
            )
            for k in range(8)
            for i in range(10)
        ]
    )
    v = _alternation(acts, end="2025-10-22")
    assert v.verdict == "supported"
    assert "came in spells that took turns" in v.reasoning


def test_alternation_cannot_be_tested_on_one_side_only() -> None:
    acts = us_acts([("2025-03-01", "moscow", "raise", "verbal")] * 3)
    verdicts = claims.evaluate(
        _claim("alternation", start="2025-01-01", end="2025-12-31"), acts, QUOTES
    )
    assert verdicts.loc[0, "verdict"] == "inconclusive"
    assert verdicts.loc[0, "reasoning"].startswith("the data cannot test it: ")


def _defuse_data(relief_lag: int) -> pd.DataFrame:
    """Twelve Russian overtures a month apart, each two days after a US escalation on
    Moscow and `relief_lag` days before US relief for Moscow."""
    overtures = [START + pd.Timedelta(days=30 * i) for i in range(12)]
    us = us_acts(
        [(d - pd.Timedelta(days=2), "moscow", "raise", "threat") for d in overtures]
        + [
            (d + pd.Timedelta(days=relief_lag), "moscow", "relieve", "verbal")
            for d in overtures
        ]
    )
    ru = other_acts([(d, "russia", "call", "cooperative") for d in overtures])
    return pd.concat([us, ru], ignore_index=True)


def _defuse(events: pd.DataFrame) -> fact_checks.Verdict:
    return claim_checks.check_defuse(
        events,
        QUOTES,
        {"start": "2025-01-01", "end": "2026-01-31", "coincidence_days": 3},
    )


def test_defuse_supported_when_overtures_follow_escalation_within_days() -> None:
    v = _defuse(_defuse_data(relief_lag=2))
    assert v.verdict == "supported"
    assert "12 of 12 episodes" in v.reasoning and "0-3 days after" in v.reasoning
    assert len(v.evidence) == 12


def test_defuse_verdict_does_not_hang_on_the_relief_after() -> None:
    # The decision rule times overtures after escalation; late relief changes nothing.
    assert _defuse(_defuse_data(relief_lag=15)).verdict == "supported"


def test_defuse_not_supported_when_overtures_follow_nothing() -> None:
    # The same overtures, but the US escalations moved two weeks earlier.
    data = _defuse_data(relief_lag=15)
    us = data["actor"].astype(str).eq("us") & data["effect"].astype(str).eq("raise")
    data.loc[us, "date"] = data.loc[us, "date"] - pd.Timedelta(days=12)
    v = _defuse(data)
    assert v.verdict == "not supported"
    assert "0 of 12 episodes" in v.reasoning


def test_defuse_counts_the_overtures_its_definition_names() -> None:
    # Half the overtures are calls, half meetings: the wide definition counts all
    # twelve; the narrow one (calls and summit offers, the claim's own words) six.
    data = _defuse_data(relief_lag=15)
    ru = data.index[data["actor"].astype(str).eq("russia")]
    data.loc[ru[1::2], "kind"] = "meeting"
    params = {"start": "2025-01-01", "end": "2026-01-31", "coincidence_days": 3}
    wide = claim_checks.check_defuse(data, QUOTES, {**params, "definition": "wide"})
    narrow = claim_checks.check_defuse(data, QUOTES, {**params, "definition": "narrow"})
    assert "12 of 12 episodes" in wide.reasoning
    assert "6 of 6 episodes" in narrow.reasoning
    assert set(narrow.evidence) < set(wide.evidence)
    assert len(narrow.evidence) == 6
    assert set(data.loc[data["id"].isin(narrow.evidence), "kind"]) == {"call"}


def test_variants_try_the_other_overture_definition() -> None:
    params = {"start": "2025-01-01", "end": "2025-12-31", "definition": "wide"}
    labels = {label: q for label, q in claims.variants(params)}
    assert labels["definition narrow"]["definition"] == "narrow"
    assert (
        dict(claims.variants({**params, "definition": "narrow"}))["definition wide"][
            "definition"
        ]
        == "wide"
    )
    # Without a named definition (or with calls_either) no definition variant is run.
    no_def = {k: v for k, v in params.items() if k != "definition"}
    assert not any(lbl.startswith("definition") for lbl, _ in claims.variants(no_def))


def test_the_timing_window_is_varied_like_any_other_window() -> None:
    # C18's window is `coincidence_days` (3): its stability is tried at 1 and 6 days.
    params = {"start": "2025-01-20", "end": "2025-10-22", "coincidence_days": 3}
    labels = dict(claims.variants(params))
    assert labels["coincidence_days 1"]["coincidence_days"] == 1
    assert labels["coincidence_days 6"]["coincidence_days"] == 6


# --- stability, scorecard, records ------------------------------------------------------


def test_stability_flags_a_verdict_that_changes_with_the_window() -> None:
    acts = joined(
        us_acts([("2025-10-12", "moscow", "raise", "threat", "weapons_supply")]),
        other_acts([("2025-10-17", "russia", "call", "cooperative")]),
    )
    p = {
        "first": {"actor": "us"},
        "then": {"actor": "russia"},
        "start": "2025-10-01",
        "end": "2025-10-31",
    }
    shaky = one_claim(acts, "sequence", **p, max_days=7)
    assert shaky["verdict"] == "supported" and not shaky["stable"]
    assert shaky["variants"] == "max_days 3: partly supported; max_days 14: supported"
    firm = one_claim(acts, "sequence", **p, max_days=12)
    assert firm["stable"]
    assert claims.variants({"max_days": 0}) == [("max_days 1", {"max_days": 1})]
    labels = [
        label for label, _ in claims.variants({"days": 30, "below": 0.5, "alpha": 0.05})
    ]
    assert labels == [
        "days 15",
        "days 60",
        "below 0.4",
        "below 0.6",
        "alpha 0.01",
        "alpha 0.1",
    ]


LEDGER = pd.DataFrame(
    {
        "id": ["C01", "C02", "C03", "C04", "C05"],
        "claim": ["a <b>", "b", "c", "d", "e"],
        "check": ["alternation", "event_exists", "sequence", "untestable", "defuse"],
        "part": ["argument", "fact", "fact", "fact", "argument"],
        "verdict": [
            "not supported",
            "supported",
            "order reversed",
            "inconclusive",
            "inconclusive",
        ],
        "stable": [True, True, False, True, True],
        "evidence": ["E0001 E0002", "E0003", "", "", ""],
        "reasoning": ["r1", "r2", "r3", "r4", "r5"],
        "variants": ["", "", "max_days 3: partly supported", "", ""],
        "power": [0.9, None, None, None, 0.3],
        "text_judged": ["rewrite"] * 5,
        "original": ["", "", "", "", "the BBC's words"],
    }
)


def test_the_scorecard_counts_facts_and_argument_apart() -> None:
    card = claims.scorecard(LEDGER)
    assert card["fact"].sum() == 3 and card["argument"].sum() == 2
    assert list(card["fact"].index) == list(claim_vocab.CLAIM_VERDICTS)


def test_records_for_json() -> None:
    rec = claims.as_records(LEDGER)
    assert rec[0]["evidence"] == ["E0001", "E0002"] and rec[2]["evidence"] == []
    assert rec[2]["stable"] is False
    assert list(rec[0]) == [
        "id", "claim", "part", "check", "verdict", "stable", "evidence", "reasoning",
        "variants", "power", "text_judged", "original",
    ]  # fmt: skip
    assert (rec[0]["power"], rec[1]["power"]) == (0.9, None)
    assert rec[4]["original"] == "the BBC's words"
    json.dumps(rec)


def test_worked_examples_give_the_verdict_they_illustrate() -> None:
    examples = claims.worked_examples()
    assert list(examples) == list(claim_vocab.CLAIM_VERDICTS)
    for verdict, (_, _, v) in examples.items():
        assert v.verdict == verdict, (verdict, v.reasoning)


def test_worked_examples_spell_out_their_repeated_rows() -> None:
    """The examples file's `repeat` adds `count` rows, one every `every_days` days: the
    codebook shows three rows and counts the rest."""
    file = json.loads(claims.WORKED_EXAMPLES_FILE.read_text(encoding="utf-8"))
    entry = file["examples"]["inconclusive"]
    total = len(entry["rows"]) + entry["repeat"]["count"]
    shown = claims.worked_examples()["inconclusive"][1]
    assert shown.endswith(f"and {total - 3} more like it")
    assert shown.count(": ") == 3
    step = entry["repeat"]["every_days"]
    second = pd.Timestamp(entry["repeat"]["start"]) + pd.Timedelta(days=step)
    assert f"E{entry['repeat']['first_id'] + 1:04d} {second:%-d %b %Y}" in shown


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_cli_claims_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    from seesaw.cli import main

    assert main(["claims", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(r["verdict"] in claim_vocab.CLAIM_VERDICTS for r in rows)
    assert all(
        isinstance(r["stable"], bool) and isinstance(r["evidence"], list) for r in rows
    )
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert main(["claims"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Facts (did the events happen")
    assert "C19  [argument]" in out


def test_cli_claims_bad_data_exits_1(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    from seesaw.cli import main

    assert main(["claims", "--data-dir", str(tmp_path / "nope")]) == 1
    assert "data directory does not exist" in capsys.readouterr().err


def test_cli_claims_bad_parameters_are_located(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from seesaw import paths
    from seesaw.cli import main

    for name in ("events.csv", "quotes.csv"):
        shutil.copy(paths.DATA / name, tmp_path / name)
    (tmp_path / "claims.csv").write_text(
        "id,claim,check,params,notes\n"
        'C01,ok,untestable,"{""reason"": ""a motive""}",\n'
        'C02,bad,event_exists,"{""start"": ""2025-01-01""}",\n',
        encoding="utf-8",
    )
    assert main(["claims", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert (
        f"{tmp_path}/claims.csv:3: column 'params': event_exists needs 'match'" in err
    )
    assert "Traceback" not in err


def test_a_claims_file_without_the_text_columns_reads_as_judging_the_rewrite(
    tmp_path: Any,
) -> None:
    from seesaw.data.rawfile import read_table

    path = tmp_path / "claims.csv"
    path.write_text(
        'id,claim,check,params,notes\nC01,ok,untestable,"{""reason"": ""a motive""}",\n',
        encoding="utf-8",
    )
    table, problems = read_table(path, claim_vocab.CLAIM_COLUMNS)
    assert problems == [] and table is not None
    assert table.frame.loc[0, "text_judged"] == "rewrite"
    assert pd.isna(table.frame.loc[0, "original"])


def test_a_claims_track_selects_its_rows_by_track_not_by_words() -> None:
    # An agreement on each track, the same words in both summaries: only the `track`
    # parameter tells them apart.
    acts = other_acts(
        [
            ("2025-10-08", "hamas", "agreement", "cooperative"),
            ("2025-10-09", "russia", "agreement", "cooperative"),
        ]
    )
    acts["summary"] = "the sides sign an agreement"
    match = {"kind": "agreement"}
    window = {"start": "2025-10-01", "end": "2025-10-31"}
    gaza = claims.evaluate(
        _claim("event_exists", track="gaza", match=match, **window), acts, QUOTES
    ).iloc[0]
    anywhere = claims.evaluate(
        _claim("event_exists", match=match, **window), acts, QUOTES
    ).iloc[0]
    assert gaza["verdict"] == "supported" and gaza["evidence"] == "E5001"
    assert anywhere["evidence"] == "E5001 E5002"


def test_a_reworded_note_reuses_the_cached_verdicts_and_a_tag_does_not(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seesaw.analysis.overtures import CALENDAR_TAG
    from seesaw.data import memo

    monkeypatch.setenv(memo.COMPUTE_ENV, str(tmp_path / "compute"))
    monkeypatch.setenv(memo.SECRET_ENV, str(tmp_path / "config" / "secret"))
    monkeypatch.delenv(memo.CACHE_ENV, raising=False)
    seen: list[list[str]] = []

    def counted(real: Any, events: pd.DataFrame, *rest: Any) -> Any:
        seen.append(list(events["notes"].fillna("")))
        return real(events, *rest)

    for name in ("defuse", "event_exists"):  # every check the claims below name
        real = claims.CHECKS[name]
        monkeypatch.setitem(claims.CHECKS, name, functools.partial(counted, real))  # type: ignore[index]
    claim = _claim("defuse", start="2025-01-01", end="2026-01-31", window_days=3)
    events = EVENTS.assign(notes=pd.array(["plain"] * len(EVENTS), dtype="string"))
    first = claims.evaluate(claim, events, QUOTES)
    computed = len(seen)
    assert computed > 0 and all(n == [""] * len(EVENTS) for n in seen)  # tags only
    reworded = events.copy()
    reworded.loc[len(US), "notes"] = "reworded, no tag"
    pd.testing.assert_frame_equal(claims.evaluate(claim, reworded, QUOTES), first)
    assert len(seen) == computed  # every verdict served
    tagged = events.copy()
    tagged.loc[len(US), "notes"] = f"moved {CALENDAR_TAG}"
    claims.evaluate(claim, tagged, QUOTES)
    assert len(seen) == 2 * computed  # the tag is read: every check runs again
    # A claim naming the notes in its parameters is given the notes whole.
    named = _claim(
        "event_exists",
        match={"notes": "plain"},
        start="2025-01-01",
        end="2026-01-31",
    )
    claims.evaluate(named, events, QUOTES)
    assert seen[-1] == ["plain"] * len(EVENTS)

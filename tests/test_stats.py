"""The words of `seesaw stats` (`seesaw.text.stats`): the headline's figures and the
verdicts as text lines, the same figures as the JSON."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from seesaw.analysis import verdicts
from seesaw.analysis.headline import headline
from seesaw.data.load import load_dataset
from seesaw.text.stats import format_headline, format_verdicts
from tests.conftest import GOOD


@pytest.fixture(scope="module")
def events():  # type: ignore[no-untyped-def]
    return load_dataset(GOOD).events


def test_no_russian_overture_reads_none(events) -> None:  # type: ignore[no-untyped-def]
    h = headline(events[events["actor"].astype(str).eq("us")])
    assert format_headline(h).splitlines()[-1] == "Russian overtures: 0"


def test_format_and_dict_carry_the_same_figures(events) -> None:
    h = headline(events)
    text = format_headline(h)
    assert (
        "US acts targeting Kyiv or Moscow (raised pressure or relief): 2 on Kyiv, "
        "2 on Moscow" in text
    )
    assert "phases: 3" in text
    assert "Russian overtures: 1" in text
    d = json.loads(json.dumps(h.as_dict(), default=str))
    assert list(d) == [
        "scheme", "acts_on_kyiv", "acts_on_moscow", "acts_toward_kyiv",
        "acts_toward_moscow", "phases", "direction_changes", "overtures",
    ]  # fmt: skip
    assert d["phases"] == 3 and d["overtures"] == 1
    assert d["acts_toward_moscow"] == 3


def test_the_headline_text_names_its_span_when_given(events) -> None:
    """`seesaw stats` prints the days its headline counts; without a span, no dates."""
    h = headline(events)
    first, last = pd.Timestamp("2025-01-20"), pd.Timestamp("2025-10-22")
    dated = format_headline(h, (first, last)).splitlines()
    assert dated[0] == f"headline 2025-01-20..2025-10-22, scheme {h.scheme}"
    assert format_headline(h).splitlines()[0] == f"scheme {h.scheme}"
    assert dated[1:] == format_headline(h).splitlines()[1:]


def test_the_verdict_lines_give_each_window_and_verdict() -> None:
    """Each window's line, a verdict's sentence (or its reason), each side of a verdict
    given per side, and a slow swing's sentence when the alternation carries one."""
    window = {
        "start": "2025-01-20",
        "end": "2025-10-22",
        "us_pressure_acts": 12,
        "us_pressure_acts_per_30_days": 1.25,
    }
    found = {
        "window": window,
        "alternation": {
            "verdict": "no_pattern",
            "sentence": "no turns",
            "changepoint": {"sentence": "one switch in July"},
        },
        "overtures": {"verdict": "untestable", "reason": "too few episodes"},
        "holdout": {
            "window": window | {"start": "2025-10-23", "end": "2026-03-19"},
            "follow_through": {
                "israel": {"verdict": "carried_out", "sentence": "most were"},
                "hamas": {"verdict": "inconclusive", "sentence": "cannot tell"},
            },
        },
    }
    assert format_verdicts(found).splitlines() == [
        "window 2025-01-20..2025-10-22 (12 US pressure acts, 1.2 per 30 days):",
        "  alternation: no_pattern: no turns",
        "  slow swing: one switch in July",
        "  overtures: untestable: too few episodes",
        "holdout 2025-10-23..2026-03-19 (12 US pressure acts, 1.2 per 30 days):",
        "  follow_through (israel): carried_out: most were",
        "  follow_through (hamas): inconclusive: cannot tell",
    ]
    assert format_verdicts(found | {"holdout": None}).splitlines()[-1] == (
        "  overtures: untestable: too few episodes"
    )


def test_the_real_verdicts_read_as_lines(events) -> None:  # type: ignore[no-untyped-def]
    found = verdicts.verdicts(events, power_runs=0)
    lines = format_verdicts(found).splitlines()
    assert lines[0] == (
        "window 2025-01-20..2025-10-22 (4 US pressure acts, 0.4 per 30 days):"
    )
    assert lines[1] == (
        f"  alternation: {found['alternation']['verdict']}: "
        f"{found['alternation']['sentence']}"
    )

"""The one decision rule: verdicts from planted worlds, the JSON shape, the words."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from seesaw import paths
from seesaw.analysis import verdicts
from seesaw.analysis.alternation import ALTERNATION_VERDICTS
from seesaw.analysis.timing_verdict import OVERTURE_VERDICTS
from seesaw.cli import main
from seesaw.data.load import load_dataset
from seesaw.text import readme
from tests.factories import lane_events, lane_window, planted_overtures


def _digits(text: str) -> list[str]:
    import re

    return re.findall(r"\d", text)


def test_words_come_first_and_the_figures_after() -> None:
    """A general reader gets the verdict in words with no number in it; the figures
    follow, and every figure the words lean on is among them."""
    events = lane_events(*planted_overtures())
    ovt = verdicts.overture_verdict(events, *lane_window(events))
    alt = verdicts.alternation_verdict(
        events, *lane_window(events), permutations=99, power_runs=40
    )
    for v in (ovt, alt):
        assert _digits(v.plain()) == [], v.plain()
        assert v.sentence() == f"{v.plain()} (in figures: {v.figures()})"
    t = ovt.timing
    assert f"{t.hits} of {t.episodes}" in ovt.figures()
    assert f"; p = {t.p_value:.3f}" in ovt.figures()
    assert f"spells test p = {alt.spells.p_value:.3f}" in alt.figures()
    lo, hi = alt.power_interval or (None, None)
    assert lo is not None and hi is not None and lo <= (alt.power or 0) <= hi
    assert f"{lo:.0%} to {hi:.0%}" in alt.figures() and alt.power_runs == 40


def test_stats_json_carries_both_verdicts_and_the_holdout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["stats", "--json", "--permutations", "199"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (
        out["window"]["start"] == "2025-01-20" and out["window"]["end"] == "2025-10-22"
    )
    assert out["alternation"]["verdict"] in ALTERNATION_VERDICTS
    assert out["overtures"]["verdict"] in OVERTURE_VERDICTS
    # The headline's figures keep their own block: its count of overtures is not
    # overwritten by the timing verdict's block of the same name.
    assert isinstance(out["headline"]["overtures"], int) and out["headline"]["phases"]
    assert out["overtures"]["coincidence_days"] == 3
    assert isinstance(out["overtures"]["episodes"], int)
    assert 0 < out["alternation"]["p_value"] <= 1
    for block in (out, out["holdout"]):
        for name in ("alternation", "overtures"):
            v = block[name]
            assert set(v["effect"]) == {"measure", "estimate", "interval"}, name
            assert isinstance(v["effect"]["measure"], str)
            lo, hi = v["effect"]["interval"]
            assert lo <= v["effect"]["estimate"] <= hi
            assert 0 <= v["power"] <= 1 and isinstance(v["mde"], str) and v["mde"]
        swing = block["alternation"]["changepoint"]
        assert 0 < swing["p_value"] <= 1 and swing["permutations"] == 199
        spells_block = block["alternation"]["spells"]
        assert spells_block["shifts"] == spells_block["days"] - 1
    hold = out["holdout"]
    assert hold["window"]["start"] == "2025-10-23"
    assert hold["alternation"]["verdict"] in ALTERNATION_VERDICTS
    assert "phases" in out["headline"]  # the headline counts beside the verdicts
    # and no test but the verdicts' (the old runs test, shift null and Poisson
    # coincidence rates are gone)
    assert not {"runs", "label_shuffle", "circular_shift"} & set(out)
    assert not {"escalation_before_overture", "relief_after_overture"} & set(out)


def test_stats_window_is_a_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["stats", "--json", "--permutations", "99", "--start-date", "2025-10-23"]
    assert main([*args, "--end-date", "2026-03-19"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["window"]["start"] == "2025-10-23"
    assert out["holdout"] is None


def test_readme_words_come_from_the_verdict() -> None:
    data = load_dataset(paths.DATA)
    found = verdicts.verdicts(data.events, permutations=99, power_runs=20)
    lines = "\n".join(readme._verdict_lines(found))
    assert found["alternation"]["plain"] in lines
    assert found["alternation"]["mde"] in lines
    # No code word reaches readers: the verdict is said in words, not as `inconclusive`.
    assert f"`{found['alternation']['verdict']}`" not in lines
    assert found["overtures"]["plain"] in lines
    flipped = json.loads(json.dumps(found))
    flipped["alternation"]["plain"] = "US pressure came in spells (test)"
    assert "US pressure came in spells (test)" in "\n".join(
        readme._verdict_lines(flipped)
    )


def test_stats_text_describes_the_slow_swing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["stats", "--permutations", "199"]) == 0
    out = capsys.readouterr().out
    swing = [
        line for line in out.splitlines() if line.strip().startswith("slow swing:")
    ]
    assert swing and "described, not a test of turn-taking" in swing[0]


@pytest.mark.slow  # a subprocess computing every verdict on the real data: a few seconds
def test_the_verdicts_import_neither_scipy_stats_nor_statsmodels() -> None:
    """Each notebook's kernel computes verdicts; scipy.stats and statsmodels would cost
    it over half a second of imports (the binomial tail and its probabilities are
    written out in `describe` for that reason)."""
    script = (
        "import sys\n"
        "from seesaw.analysis import verdicts\n"
        "from seesaw.data.load import load_dataset\n"
        f"events = load_dataset({str(paths.DATA)!r}).events\n"
        "found = verdicts.verdicts(events, permutations=99, power_runs=100)\n"
        "gaza = verdicts.verdicts(events, permutations=99, power_runs=100, track='gaza')\n"
        "assert found['alternation']['effect'] and gaza['follow_through']\n"
        "print(sorted(m for m in sys.modules if m == 'scipy.stats' or"
        " m.startswith('statsmodels')))\n"
    )
    env = {**os.environ, "SEESAW_COMPUTE_CACHE": "off"}
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"

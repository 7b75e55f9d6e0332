"""`seesaw reliability`: the shapes the issue asks for, and the codebook's generated
reliability and coverage blocks carry the computed figures."""

from __future__ import annotations

import json

import pytest

from seesaw import cli, paths
from seesaw.analysis import agreement, coverage, round2, study
from seesaw.text import codebook
from seesaw.text import study as study_text


@pytest.fixture(scope="module")
def summary() -> dict:
    return study.summary(paths.DATA)


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_reliability_json_has_the_issues_shapes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["reliability", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for stat in ("kappa", "alpha"):
        assert set(out[stat]) == set(round2.FIELDS)
        for field in round2.FIELDS:
            entry = out[stat][field]
            assert set(entry) == {"weighted", "interval"}
            lo, hi = entry["interval"]
            assert lo <= entry["weighted"] <= hi
    assert set(out["coverage"]) == {"estimated_total", "interval", "completeness"}
    lo, hi = out["coverage"]["interval"]
    assert lo <= out["coverage"]["estimated_total"] <= hi
    assert 0 < out["coverage"]["completeness"] <= 1
    for key in ("coders", "hard", "not_hard", "by_coder", "by_stratum", "adjudication"):
        assert key in out
    assert set(out["adjudication"]) == set(round2.CODED)


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_reliability_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["reliability"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[1].startswith("field")
    for field in round2.FIELDS:
        assert f"\n{field} " in text
    assert "coverage (" in text


def test_the_summary_is_the_modules_figures(summary: dict) -> None:
    r2 = round2.load_round2(paths.DATA)
    frames = r2.frame_sizes()
    pairs = round2.compared_pairs(r2)
    est = agreement.estimate(pairs, "pressure_on", frames)
    assert summary["kappa"]["pressure_on"]["weighted"] == pytest.approx(
        est["kappa"].value, abs=1e-4
    )
    assert summary["alpha"]["pressure_on"]["interval"][0] == pytest.approx(
        est["alpha"].low, abs=1e-4
    )
    hard = pairs[pairs["hard"]]
    assert summary["hard"]["rows"] == hard["id"].nunique()
    assert summary["coders"]["rows"] == len(round2.coder_pairs(r2))
    cov = coverage.coverage(paths.DATA)
    assert summary["coverage"] == cov.as_dict()


def test_the_codebook_blocks_carry_the_computed_figures(summary: dict) -> None:
    text = (paths.DATA / "README.md").read_text(encoding="utf-8")
    block = codebook.render_reliability(summary, paths.DATA)
    assert block in text
    k = summary["kappa"]["pressure_on"]
    lo, hi = k["interval"]
    assert f"{k['weighted']:.2f} ({lo:.2f} to {hi:.2f})" in block
    cov_block = codebook.render_coverage(summary)
    assert cov_block in text
    limits = text.split("## Known limitations", 1)[1]
    assert cov_block in limits
    cov = summary["coverage"]
    assert f"estimates {cov['estimated_total']:,.0f} such acts" in cov_block
    assert f"a completeness of {cov['completeness']:.0%}" in cov_block


def test_coverage_power_scales_the_lanes_by_completeness() -> None:
    """The coverage sensitivity runs the same power simulation at the lanes scaled by
    1/completeness, and its sentence carries those figures."""
    from seesaw import paths
    from seesaw.analysis import coverage, power, study

    cov = coverage.coverage(paths.DATA)
    p = study.coverage_power(paths.DATA, cov, runs=60)
    assert p["power_as_held"] == power.spells_power_at(
        p["acts"], p["days"], p["purity"], runs=60
    )
    est = p["estimate"]
    assert est["acts"] == round(p["acts"] / cov.completeness().value)
    assert p["acts"] < p["at_most_found"]["acts"] <= est["acts"]
    assert est["power"] == power.spells_power_at(
        est["acts"], p["days"], p["purity"], runs=60
    )
    # More acts, no less power (same seeds, nested worlds are not guaranteed: allow noise).
    assert est["power"] >= p["power_as_held"] - 0.05
    text = study_text.coverage_power_sentence(p)
    assert f"{p['power_as_held']:.0%}" in text and f"{est['acts']:,} acts" in text


def test_an_undefined_estimate_is_none_in_the_json() -> None:
    nan = float("nan")
    assert study._estimate([nan, nan, nan], "weighted") == {
        "weighted": None,
        "interval": [None, None],
    }
    assert study._estimate([0.123456, -0.5, 1.0], "estimate") == {
        "estimate": 0.1235,
        "interval": [-0.5, 1.0],
    }


def test_an_estimate_in_words() -> None:
    """Markdown says an undefined estimate is undefined, the text table n/a; a value
    rounding to minus zero reads 0.00."""
    nan = {"weighted": None, "interval": [None, None]}
    assert study_text._fmt(nan) == "undefined"
    assert study_text._fmt(nan, "n/a") == "n/a"
    assert study_text._fmt({"estimate": -0.001, "interval": [None, None]}) == "0.00"
    assert study_text._fmt({"weighted": 0.5, "interval": [-0.25, 1.0]}) == (
        "0.50 (-0.25 to 1.00)"
    )

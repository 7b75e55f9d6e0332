"""The error family: every user-facing error is a SeesawError; the CLI tells them from bugs."""

from __future__ import annotations

import pytest

from seesaw import cli
from seesaw.analysis import fact_checks, metrics, score
from seesaw.data import params, rawfile
from seesaw.errors import SeesawError, UsageError
from seesaw.pipeline import runner


@pytest.mark.parametrize(
    "error",
    [
        rawfile.DataError,
        metrics.MetricError,
        score.ScoringError,
        fact_checks.ClaimError,
        params.ParameterError,
        runner.RunError,
        cli.UsageError,
    ],
)
def test_every_user_facing_error_is_a_seesaw_error(error: type[Exception]) -> None:
    assert issubclass(error, SeesawError)


def test_the_old_base_classes_still_catch_them() -> None:
    # Callers that caught ValueError or RuntimeError keep working.
    assert issubclass(metrics.MetricError, ValueError)
    assert issubclass(runner.RunError, RuntimeError)
    assert cli.UsageError is UsageError


def test_stats_after_the_data_ends_is_a_user_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        cli.main(
            [
                "stats",
                "--start-date",
                "2030-01-01",
                "--end-date",
                "2030-12-31",
                "--permutations",
                "99",
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert len(err.splitlines()) == 1
    assert err.startswith("seesaw stats: ")
    assert err.startswith(
        "seesaw stats: --start-date 2030-01-01 and --end-date 2030-12-31 select no "
        "events;"
    )
    assert "the acts run from " in err  # the acts' span, background rows aside


def test_stats_with_no_pressure_acts_is_a_user_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The day holds an act, but no US pressure: the metrics refuse.
    code = cli.main(["stats", "--start-date", "2025-01-23", "--end-date", "2025-01-23"])
    assert code == 1
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert len(err.splitlines()) == 1
    assert "select no US act pressing on Kyiv or Moscow" in err


def test_stats_with_an_unknown_scheme_is_a_user_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["stats", "--scheme", "loud"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("seesaw stats: parameter scheme: unknown value 'loud'")
    assert "internal error" not in err


def test_a_bug_is_still_an_internal_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_args: object) -> int:
        raise KeyError("oops")

    monkeypatch.delenv("SEESAW_DEBUG", raising=False)
    monkeypatch.setattr(cli, "_validate", broken)
    assert cli.main(["validate"]) == 2
    assert "internal error: KeyError" in capsys.readouterr().err


def test_a_metric_error_raised_anywhere_is_reported_as_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(_args: object) -> int:
        raise metrics.MetricError("collapse: unknown value 'year'")

    monkeypatch.setattr(cli, "_validate", refuse)
    assert cli.main(["validate"]) == 1
    assert (
        capsys.readouterr().err == "seesaw validate: collapse: unknown value 'year'\n"
    )


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_a_readme_without_markers_is_a_user_error(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# A README without the generated block\n", encoding="utf-8")
    assert cli.main(["readme", "--readme", str(readme)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("seesaw readme: README.md lacks the markers")
    assert "internal error" not in err

import pandas as pd

from seesaw.data import vocab
from seesaw.text import words
from seesaw.text.words import cap, when


def test_when_drops_the_leading_zero_of_both_days() -> None:
    span = when(pd.Timestamp("2025-03-03"), pd.Timestamp("2025-10-22"))
    assert span == "3 March 2025 to 22 October 2025"


def test_cap_capitalises_the_first_letter_only() -> None:
    assert cap("the US paused aid") == "The US paused aid"
    assert cap("") == ""


def test_every_verdict_code_has_a_plain_name_without_underscores() -> None:
    from seesaw.data.vocab import VERDICT_NAMES
    from seesaw.text.words import verdict_name

    assert verdict_name("act_by_act") == "act by act"
    assert verdict_name("no_pattern") == "no pattern"
    assert all("_" not in name for name in VERDICT_NAMES.values())


def test_an_unknown_verdict_code_is_named_in_the_error() -> None:
    import pytest

    from seesaw.text.words import verdict_name

    with pytest.raises(ValueError, match="'no_such'"):
        verdict_name("no_such")


def test_a_claims_variants_read_in_words() -> None:
    import pytest

    from seesaw.text.words import variants_words

    said = variants_words(
        "max_days 5: inconclusive; below 0.4: supported; alpha 0.01: inconclusive; "
        "min_count 3: partly supported; definition narrow: supported"
    )
    assert said == (
        "at most 5 days apart: inconclusive; a line at 40%: supported; a significance "
        "level of 0.01: inconclusive; needing 3 acts: partly supported; the narrow "
        "overture definition: supported"
    )
    assert "_" not in said
    with pytest.raises(ValueError, match="'no_such'"):
        variants_words("no_such 3: supported")


def test_every_varied_parameter_has_words() -> None:
    """Every parameter `claims.variants` varies, on every claim of the ledger."""
    from seesaw import paths
    from seesaw.analysis import claims
    from seesaw.data.load import load_dataset
    from seesaw.text.words import variants_words

    data = load_dataset(paths.DATA)
    ledger = claims.evaluate(data.claims, data.events, data.quotes)
    tried = [str(v) for v in ledger["variants"] if v]
    assert tried
    for text in tried:
        assert "_" not in variants_words(text)


def test_track_words_name_each_tracks_sides_from_the_masks() -> None:
    from seesaw.text.words import track_words

    ukraine, gaza = track_words(), track_words("gaza")
    assert (ukraine.plus, ukraine.minus, ukraine.timed) == (
        "Moscow",
        "Kyiv",
        ("moscow",),
    )
    assert (gaza.plus, gaza.minus, gaza.timed) == (
        "Hamas",
        "Israel",
        ("hamas", "israel"),
    )
    assert ukraine.default and not gaza.default
    assert (ukraine.slug, gaza.slug) == ("", "_gaza")
    assert gaza.fill("pressing {plus}, not {minus}, on {track}") == (
        "pressing Hamas, not Israel, on Gaza"
    )
    assert "Gaza track" in gaza.only_on_default("the episodes")
    assert "-p track ukraine" in gaza.only_on_default("the episodes")


def test_track_words_refuse_an_unknown_track() -> None:
    import pytest

    from seesaw.analysis.masks import TrackError
    from seesaw.text.words import track_words

    with pytest.raises(TrackError, match="'sudan'"):
        track_words("sudan")


def test_an_episode_is_named_by_its_first_overture_or_its_kinds() -> None:
    from seesaw.text.words import OVERTURE_NAMES, episode_name

    assert episode_name("E0079 E0080", "truce") == OVERTURE_NAMES["E0079"]
    assert episode_name("E9999", "summit_offer call") == "summit offer call"
    assert episode_name("", "call") == "call"


def _cov(days: int, events: int, us: int) -> dict[str, object]:
    return {
        "days": days,
        "events": events,
        "us_pressure_acts": us,
        "us_pressure_acts_per_30_days": 30 * us / days,
    }


def test_coverage_is_compared_by_rows_per_30_days_either_way() -> None:
    from seesaw.text.words import coverage_change, coverage_figures, coverage_sentence

    window = _cov(300, 200, 100)  # 20 rows per 30 days
    assert coverage_change(window, _cov(150, 50, 10)) == "thinner coverage"
    assert coverage_change(window, _cov(150, 150, 10)) == "denser coverage"
    # Fewer US pressure acts but as many rows: not "thinner" (Ukraine's holdout).
    same = _cov(150, 95, 20)
    assert coverage_change(window, same) == "similar coverage"
    assert coverage_figures(window, same) == "19.0 rows per 30 days against 20.0 before"
    said = coverage_sentence(window, same)
    assert "about as densely covered as" in said and "4.0 US pressure acts" in said


def test_track_words_name_the_moves_timed_and_the_default_track() -> None:
    from seesaw.text.words import track_words

    assert track_words("ukraine").moves == ("overture", "overtures")
    assert track_words("gaza").moves == ("concession", "concessions")
    assert track_words("gaza").default_name == "Ukraine"


def test_few_episodes_only_under_the_power_rule() -> None:
    """'Few episodes ... only a strong pattern' when any side's power is under
    GOOD_POWER; a power at it or above on every side says the test finds a realistic
    pattern."""
    few = words.episodes_limit([0.27], "10 episodes")
    assert few == "**Few episodes**: with 10 episodes, only a strong pattern can show"
    mixed = words.episodes_limit([vocab.GOOD_POWER, 0.5], "3 and 4 episodes")
    assert mixed.startswith("**Few episodes**")
    enough = words.episodes_limit([vocab.GOOD_POWER, 0.95], "30 episodes")
    assert enough.startswith("**Episodes**: with 30 episodes, the test finds")
    assert "only a strong" not in enough


def test_swung_back_and_forth_only_with_more_than_one_change() -> None:
    """'swung back and forth' needs more than one change of direction; its second half
    follows the share of phases under a week."""

    def table(tilts: list[str], days: list[int]) -> pd.DataFrame:
        return pd.DataFrame({"tilt": tilts, "days": days})

    short = table(["moscow", "kyiv", "moscow"], [3, 20, 2])
    assert words.swing_words(short) == (
        "swung back and forth, most of its phases shorter than a week."
    )
    long = table(["moscow", "kyiv", "moscow"], [30, 20, 2])
    assert words.swing_words(long) == "swung back and forth, often for weeks at a time."
    assert (
        words.swing_words(table(["moscow", "kyiv"], [3, 2]))
        == "changed direction once."
    )
    same = table(["moscow", "moscow"], [3, 2])  # split by a day of zero balance
    assert words.swing_words(same) == "never changed direction."


def test_purer_follows_the_comparison() -> None:
    assert words.purer(0.85, 0.78) == "purer than"
    assert words.purer(0.78, 0.85) == "less pure than"
    assert words.purer(0.8, 0.8) == "as pure as"


def test_the_spells_statistic_is_named_with_its_smoothing_and_slow_swings() -> None:
    class Result:
        smooth_days, max_period = 14, 120

    removed = words.spells_statistic(Result())
    assert removed == (
        "correlation of the two 14-day smoothed lanes "
        "(swings slower than 120 days removed)"
    )
    Result.max_period = None
    assert words.spells_statistic(Result()).endswith("(slow swings kept)")


def test_tail_words_follow_both_tails_against_alpha() -> None:
    a = vocab.ALPHA
    assert words.tail_words(a / 2, 1.0) == "rarer than chance"
    assert words.tail_words(0.6, a / 2) == "higher than most chance ones"
    assert words.tail_words(0.6, 0.4) == "ordinary among chance ones"
    assert words.tail_words(a, a) == "ordinary among chance ones"  # at alpha: not under


def test_a_share_of_nothing_is_said_not_divided() -> None:
    """Notebook 01 once divided by the acts on Moscow in a window with none."""
    from seesaw.text.words import percents, share_of

    assert share_of(3, 4, "on Kyiv") == "75% of those on Kyiv"
    assert share_of(0, 0, "on Moscow") == "no acts on Moscow"
    shown = percents(pd.Series([0.824, None, float("nan")]))
    assert shown.tolist() == ["82%", "", ""]

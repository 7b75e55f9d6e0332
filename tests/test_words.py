import pandas as pd

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


def test_an_episode_is_named_by_its_first_overture_or_its_kinds() -> None:
    from seesaw.text.words import OVERTURE_NAMES, episode_name

    assert episode_name("E0079 E0080", "truce") == OVERTURE_NAMES["E0079"]
    assert episode_name("E9999", "summit_offer call") == "summit offer call"
    assert episode_name("", "call") == "call"

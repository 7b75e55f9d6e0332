"""The explorer's questions as plain data: their labels and the values each sets."""

from __future__ import annotations

import datetime as dt

from seesaw.data import vocab
from seesaw.publish.panel import CUSTOM
from seesaw.publish.questions import (
    ARTICLE_END,
    FAMILIES,
    PRESETS,
    START,
    preset,
    preset_labels,
)


def test_each_question_sets_its_values() -> None:
    first, last, alaska = dt.date(2025, 1, 1), dt.date(2026, 3, 1), dt.date(2025, 8, 15)
    labels = preset_labels(alaska, last)
    assert list(labels) == list(PRESETS)
    assert labels["since_alaska"] == "Since Alaska (15 Aug 2025)"
    assert preset("everything", first, last, alaska).start == START
    assert preset("since_alaska", first, last, alaska).start == alaska
    assert preset("article_window", first, last, alaska).end == ARTICLE_END
    assert preset("after_article", first, last, alaska).start > ARTICLE_END
    deeds = preset("threats_as_deeds", first, last, alaska)
    assert deeds.scheme == CUSTOM
    assert deeds.weights["threat"] == vocab.MODE_WEIGHTS["material"]
    assert preset("president", first, last, alaska).modes == ("verbal", "threat")
    assert "tariff" in (preset("sanctions_tariffs", first, last, alaska).kinds or ())


def test_questions_the_data_cannot_answer_are_left_out() -> None:
    labels = preset_labels(None, ARTICLE_END)
    assert "since_alaska" not in labels and "after_article" not in labels


def test_every_kind_sits_in_exactly_one_family() -> None:
    listed = [k for members in FAMILIES.values() for k in members]
    assert sorted(listed) == sorted(vocab.KINDS)
    assert list(FAMILIES) == ["Words", "Threats", "Deeds", "Contacts"]

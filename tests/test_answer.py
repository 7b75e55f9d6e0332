"""The answer in plain words: one sentence per question, following the verdicts."""

from __future__ import annotations

from seesaw.text import answer


def test_plain_words_follow_the_verdicts() -> None:
    found = {
        "window": {"start": "2025-01-20", "end": "2025-10-22", "us_pressure_acts": 9},
        "alternation": {"verdict": "spells"},
        "overtures": {
            "verdict": "follow_pressure",
            "hits": 5,
            "episodes": 6,
            "rate": 0.8,
            "chance": 0.2,
        },
    }
    text = " ".join(answer.answer_sentences(found))
    assert "took turns" in text and "five of six did" in text
    assert len(answer.answer_sentences(found)) == 2  # Gaza's sentence joins later
    found["alternation"] = {"verdict": "no_pattern"}
    found["overtures"] |= {"verdict": "no_pattern", "rate": 0.1}
    text = " ".join(answer.answer_sentences(found))
    assert "speak against the regular seesaw" in text
    assert "no more often than random days" in text
    assert "speak against Moscow timing them" in text
    found["alternation"] = {"verdict": "inconclusive"}
    found["overtures"] |= {"verdict": "inconclusive", "rate": 0.6, "chance": 0.45}
    text = " ".join(answer.answer_sentences(found))
    assert "the data cannot tell" in text and "speak against" not in text
    assert "can neither show nor rule out" in text

"""The answer in plain words: one sentence per question, following the verdicts."""

from __future__ import annotations

from seesaw.analysis.power import timing_hits_needed
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


def test_what_the_timing_check_could_see_follows_the_exact_test() -> None:
    """The words on what could be seen follow `power.timing_hits_needed`: the fewest
    hits the check would notice, or none at all when no count beats chance."""
    found = {
        "window": {"start": "2025-01-20", "end": "2025-10-22", "us_pressure_acts": 9},
        "alternation": {"verdict": "inconclusive", "power": 0.2},
        "overtures": {
            "verdict": "inconclusive",
            "hits": 6,
            "episodes": 10,
            "rate": 0.6,
            "chance": 0.52,
        },
    }
    assert timing_hits_needed(10, 0.52) == 9
    text = answer.moscow_sentence(found)
    assert "would only have noticed had at least nine of the ten come that soon" in text
    assert "however strong" not in text and "a little" not in text
    found["overtures"] |= {"hits": 1, "episodes": 2, "rate": 0.5, "chance": 0.3}
    assert timing_hits_needed(2, 0.3) is None
    text = answer.moscow_sentence(found)
    assert "no pattern could be seen, however strong" in text
    assert "would only have noticed" not in text

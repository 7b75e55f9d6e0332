"""The claims ledger in words (`seesaw.text.ledger`): the scorecard counted in words,
the plain sentence and the terminal text."""

from __future__ import annotations

from seesaw.text.ledger import bottom_line, format_text, plain_words
from tests.test_claims import LEDGER


def test_bottom_line_counts_facts_and_argument_apart() -> None:
    text = bottom_line(LEDGER)
    assert "of 3 statements, 1 supported, 1 order reversed, 1 inconclusive" in text
    assert "of 2 claims, none supported, 1 not supported, 1 inconclusive" in text
    assert "**Unstable:** 1 verdict changes" in text and "(C03)" in text


def test_plain_words_name_only_the_verdicts_the_argument_got() -> None:
    mixed = plain_words(LEDGER)
    assert "either not supported or beyond what the data can decide" in mixed
    undecided = LEDGER.assign(
        verdict=LEDGER["verdict"].replace({"not supported": "inconclusive"})
    )
    text = plain_words(undecided)
    assert "not supported" not in text
    assert "the others are beyond what the data can decide" in text


def test_the_terminal_text_gives_each_claim_its_block() -> None:
    text = format_text(LEDGER)
    lines = text.splitlines()
    assert lines[0] == bottom_line(LEDGER).replace("**", "")
    assert "C03  [fact]  order reversed  (UNSTABLE)  c" in lines
    assert "    evidence: E0001 E0002" in lines
    assert "    varied: max_days 3: partly supported" in lines
    assert "    power: 90%" in lines
    assert "    judges the rewrite; original: the BBC's words" in lines

"""The claims ledger's vocabulary: every check named, the argument checks among them."""

from __future__ import annotations

from seesaw.data import claim_vocab, vocab


def test_every_check_has_a_plain_name_and_the_argument_checks_are_checks() -> None:
    assert set(vocab.CHECK_NAMES) == set(claim_vocab.CLAIM_CHECKS)
    assert set(claim_vocab.CLAIM_CHECKS) > claim_vocab.ARGUMENT_CHECKS


def test_the_ledger_columns_hold_what_a_verdict_judges() -> None:
    assert {"check", "params", "text_judged"} <= set(claim_vocab.CLAIM_COLUMNS)
    assert "rewrite" in claim_vocab.CLAIM_TEXTS
    assert len(set(claim_vocab.CLAIM_VERDICTS)) == len(claim_vocab.CLAIM_VERDICTS) > 3

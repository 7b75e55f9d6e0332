"""Loading and validating the CSVs: typed output, and every broken fixture refused."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from seesaw.data import vocab
from seesaw.data.load import load_dataset, load_events
from seesaw.data.rawfile import DataError
from tests.conftest import FIXTURES, GOOD, data_dir_with

#: The day the bad fixtures are checked on, passed to load_dataset: a fixed day, not the
#: clock, so that the expected messages cannot go stale when the suite crosses midnight.
TODAY_DATE = dt.date(2030, 1, 1)
TODAY = TODAY_DATE.isoformat()
KIND_LIST = ", ".join(vocab.KINDS)
ACTOR_LIST = ", ".join(vocab.ACTORS)
EVENT_HEADER = ",".join(vocab.EVENT_COLUMNS)
EARLY = "date is before 2000-01-01, the earliest the codebook allows"
BLANK = "only whitespace; leave the cell empty or write the value"
EFFECT_RULE = (
    "effect is required when pressure_on names a side (kyiv, moscow, israel, hamas), "
    "and must be empty when it is none"
)
TRACK_RULE = (
    "pressure_on is a side of the other track; on the ukraine track it is kyiv or "
    "moscow (or none); on the gaza track it is israel or hamas (or none)"
)
OUTSIDE = "is outside ASCII (a look-alike letter or digit?); ids are ASCII"
INVISIBLE = "is invisible; delete it or type a plain character"
BIDI = "is a bidirectional control, which reorders what is shown; delete it"
LOOKALIKE = "is a look-alike among Latin letters; type the Latin letter"
NOT_SPACE = "is a space that is not a plain space; delete it or type a plain character"

#: Every broken fixture under tests/fixtures/bad/ and exactly what `seesaw validate` says.
BAD_CASES: dict[str, list[str]] = {
    "unparseable_date.events.csv": [
        "events.csv:3: column 'date': date must be written YYYY-MM-DD (got 'March 7')"
    ],
    "impossible_date.events.csv": [
        "events.csv:3: column 'date': no such calendar date (got '2025-02-30')"
    ],
    "future_date.events.csv": [
        f"events.csv:7: column 'source_date': date is in the future (after {TODAY}) "
        "(got '2099-04-02')"
    ],
    "wrong_precision.events.csv": [
        "events.csv:7: column 'date': date does not fit date_precision "
        "(week: a Monday; month: the 1st) (got '2025-04-02')"
    ],
    "week_not_monday.events.csv": [
        "events.csv:3: column 'date': date does not fit date_precision "
        "(week: a Monday; month: the 1st) (got '2025-03-07')"
    ],
    "unknown_date_precision.events.csv": [
        "events.csv:2: column 'date_precision': unknown value; allowed: day, week, month "
        "(got 'year')"
    ],
    "unknown_actor.events.csv": [
        f"events.csv:2: column 'actor': unknown value; allowed: {ACTOR_LIST} (got 'usa')"
    ],
    "unknown_recipient.events.csv": [
        f"events.csv:2: column 'recipient': unknown value; allowed: {ACTOR_LIST} (got 'kyiv')"
    ],
    "unknown_tone.events.csv": [
        "events.csv:2: column 'tone': unknown value; allowed: cooperative, hostile, neutral "
        "(got 'friendly')"
    ],
    "unknown_pressure_on.events.csv": [
        "events.csv:2: column 'pressure_on': unknown value; allowed: kyiv, moscow, "
        "israel, hamas, none (got 'ukraine')"
    ],
    "side_of_other_track.events.csv": [
        f"events.csv:3: column 'pressure_on': {TRACK_RULE} (got 'israel')"
    ],
    "missing_track.events.csv": [
        "events.csv:2: column 'track': required value is missing"
    ],
    "unknown_track.events.csv": [
        "events.csv:4: column 'track': unknown value; allowed: ukraine, gaza (got 'syria')"
    ],
    "unknown_effect.events.csv": [
        "events.csv:2: column 'effect': unknown value; allowed: raise, relieve (got 'increase')"
    ],
    "unknown_mode.events.csv": [
        "events.csv:2: column 'mode': unknown value; allowed: verbal, threat, material "
        "(got 'action')"
    ],
    "unknown_kind.events.csv": [
        f"events.csv:4: column 'kind': unknown value; allowed: {KIND_LIST} (got 'aid_resumed')"
    ],
    "unknown_speaker_side.quotes.csv": [
        f"quotes.csv:2: column 'speaker_side': unknown value; allowed: {ACTOR_LIST} "
        "(got 'USA')"
    ],
    "not_a_boolean.events.csv": [
        "events.csv:2: column 'state_media': must be true or false (got 'yes')"
    ],
    "duplicate_id.events.csv": [
        "events.csv:3: column 'id': duplicate id (got 'E0002')",
        "events.csv:7: column 'id': duplicate id (got 'E0002')",
    ],
    "malformed_id.events.csv": [
        "events.csv:7: column 'id': malformed id (expected ^E\\d{4,}$) (got 'E12')"
    ],
    "malformed_quote_id.quotes.csv": [
        "quotes.csv:3: column 'id': malformed id (expected ^Q\\d{4,}$) (got 'Q-2')"
    ],
    "dangling_reverses.events.csv": [
        "events.csv:4: column 'reverses': no event has this id (got 'E0099')"
    ],
    "dangling_responds_to.events.csv": [
        "events.csv:6: column 'responds_to': no event has this id (got 'E0042')"
    ],
    "dangling_event_id.quotes.csv": [
        "quotes.csv:3: column 'event_id': no event has this id (got 'E0077')"
    ],
    "self_reference.events.csv": [
        "events.csv:4: column 'responds_to': row points at itself (got 'E0003')"
    ],
    "reversal_before_target.events.csv": [
        "events.csv:4: column 'responds_to': dated before the act it answers "
        "(E0004 is 2025-03-11) (got '2025-03-01')",
        "events.csv:4: column 'reverses': dated before the act it undoes "
        "(E0001 is 2025-03-03) (got '2025-03-01')",
    ],
    "missing_required_value.events.csv": [
        "events.csv:5: column 'actor_detail': required value is missing"
    ],
    "empty_summary.events.csv": [
        "events.csv:2: column 'summary': required value is missing"
    ],
    "summary_too_long.events.csv": [
        "events.csv:2: column 'summary': longer than 240 characters (got '"
        + "x" * 77
        + "...')"
    ],
    "effect_without_pressure.events.csv": [
        f"events.csv:5: column 'effect': {EFFECT_RULE} (got 'raise')"
    ],
    "effect_missing.events.csv": [f"events.csv:3: column 'effect': {EFFECT_RULE}"],
    "source_before_event.events.csv": [
        "events.csv:3: column 'source_date': source_date is before the event it reports "
        "(got '2025-03-01')"
    ],
    "missing_url.events.csv": [
        "events.csv:2: column 'source_url': required value is missing"
    ],
    "javascript_url.events.csv": [
        "events.csv:2: column 'source_url': not an http(s) URL (got 'javascript:alert(1)')"
    ],
    "file_url.quotes.csv": [
        "quotes.csv:2: column 'source_url': not an http(s) URL (got 'file:///etc/passwd')"
    ],
    "ragged_row.events.csv": [
        "events.csv:8: row has 5 fields, the header has 23 "
        "(got 'E0007,2025-04-07,day,ukraine,us')"
    ],
    "unclosed_quote.events.csv": [
        "events.csv:8: malformed CSV quoting (unexpected end of data); "
        "is a quote left unclosed?"
    ],
    "header_missing_column.events.csv": [
        "events.csv:1: column 'tone': column missing from the header"
    ],
    "extra_unknown_column.events.csv": [
        f"events.csv:1: column 'source_rating': unknown column; expected: {EVENT_HEADER} "
        "(got 'source_rating')"
    ],
    "empty_file.events.csv": [
        f"events.csv: file is empty; expected a header line: {EVENT_HEADER}"
    ],
    "header_only.events.csv": ["events.csv: no data rows below the header"],
    # -- round two: bounds, invisible characters, look-alikes, loops, claim params --
    "date_before_2000.events.csv": [
        f"events.csv:2: column 'date': {EARLY} (got '1999-12-31')"
    ],
    "year_one.events.csv": [f"events.csv:7: column 'date': {EARLY} (got '0001-01-01')"],
    "year_1900.quotes.csv": [
        f"quotes.csv:3: column 'date': {EARLY} (got '1900-01-01')"
    ],
    "source_date_before_2000.events.csv": [
        f"events.csv:5: column 'source_date': {EARLY} (got '1999-06-01')",
        "events.csv:5: column 'source_date': source_date is before the event it "
        "reports (got '1999-06-01')",
    ],
    "whitespace_summary.events.csv": [
        f"events.csv:3: column 'summary': {BLANK} (got '   ')"
    ],
    "whitespace_speaker.quotes.csv": [
        f"quotes.csv:2: column 'speaker': {BLANK} (got '\\t ')"
    ],
    "nbsp_outlet.events.csv": [
        f"events.csv:6: column 'source_outlet': {BLANK} (got '\\u00a0')"
    ],
    "whitespace_notes.quotes.csv": [
        f"quotes.csv:3: column 'notes': {BLANK} (got '  ')"
    ],
    "whitespace_claim.claims.csv": [
        f"claims.csv:3: column 'claim': {BLANK} (got '  ')"
    ],
    "fullwidth_digit_id.events.csv": [
        "events.csv:7: column 'id': U+FF10 FULLWIDTH DIGIT ZERO at character 2 "
        f"{OUTSIDE} (got 'E\uff10\uff10\uff10\uff16')"
    ],
    "arabic_digit_id.quotes.csv": [
        "quotes.csv:3: column 'id': U+0660 ARABIC-INDIC DIGIT ZERO at character 2 "
        f"{OUTSIDE} (got 'Q\u0660\u0660\u0660\u0662')"
    ],
    "claim_fullwidth_id.claims.csv": [
        "claims.csv:3: column 'id': U+FF10 FULLWIDTH DIGIT ZERO at character 2 "
        f"{OUTSIDE} (got 'C\uff10\uff12')"
    ],
    "cyrillic_lookalike_id.events.csv": [
        "events.csv:7: column 'id': U+0415 CYRILLIC CAPITAL LETTER IE at character 1 "
        f"{OUTSIDE} (got '\u04150006')"
    ],
    "lookalike_reference.events.csv": [
        "events.csv:6: column 'responds_to': U+0662 ARABIC-INDIC DIGIT TWO at "
        f"character 5 {OUTSIDE} (got 'E000\u0662')"
    ],
    "bom_in_id.events.csv": [
        "events.csv:7: column 'id': U+FEFF ZERO WIDTH NO-BREAK SPACE at character 1 "
        f"{INVISIBLE} (got '\\ufeffE0006')"
    ],
    "zero_width_space_in_id.quotes.csv": [
        "quotes.csv:3: column 'id': U+200B ZERO WIDTH SPACE at character 2 "
        f"{INVISIBLE} (got 'Q\\u200b0002')"
    ],
    "bom_in_header.events.csv": [
        "events.csv:1: column 'notes': column missing from the header",
        "events.csv:1: column '\\ufeffnotes': unknown column; expected: "
        f"{EVENT_HEADER} (got '\\ufeffnotes')",
    ],
    "reverse_cycle.events.csv": [
        "events.csv:4: column 'reverses': links form a loop (E0003 -> E0004 -> E0003); "
        "one of them is wrong (got 'E0004')",
        "events.csv:5: column 'reverses': links form a loop (E0004 -> E0003 -> E0004); "
        "one of them is wrong (got 'E0003')",
    ],
    "respond_cycle.events.csv": [
        "events.csv:4: column 'responds_to': links form a loop (E0003 -> E0004 -> "
        "E0003); one of them is wrong (got 'E0004')",
        "events.csv:5: column 'responds_to': links form a loop (E0004 -> E0003 -> "
        "E0004); one of them is wrong (got 'E0003')",
    ],
    "hostless_url.events.csv": [
        "events.csv:2: column 'source_url': URL has no host name (got 'http:///x')"
    ],
    "hostless_url.quotes.csv": [
        "quotes.csv:2: column 'source_url': URL has no host name (got 'https://?q=1')"
    ],
    "hostless_alt_url.events.csv": [
        "events.csv:3: column 'alt_source_url': URL has no host name "
        "(got 'https://:443/page')"
    ],
    "long_notes.events.csv": [
        "events.csv:5: column 'notes': longer than 4000 characters (got '"
        + "n" * 77
        + "...')"
    ],
    "long_speaker.quotes.csv": [
        "quotes.csv:2: column 'speaker': longer than 200 characters (got '"
        + "S" * 77
        + "...')"
    ],
    # One line with a 140,000-character field: the real cause, not "a quote left unclosed?".
    "oversized_field.events.csv": [
        "events.csv:3: column 'notes': 140,000 characters in one field, over the "
        "131,072 the reader takes; no column allows text that long"
    ],
    # A fault in the header is located like any other (it used to be an AssertionError).
    "unclosed_quote_in_header.events.csv": [
        "events.csv:1: malformed CSV quoting (',' expected after '\"'); "
        "is a quote left unclosed?"
    ],
    "empty_params.claims.csv": [
        "claims.csv:3: column 'params': event_exists needs 'end'",
        "claims.csv:3: column 'params': event_exists needs 'match'",
        "claims.csv:3: column 'params': event_exists needs 'start'",
    ],
    "claim_unknown_match_column.claims.csv": [
        "claims.csv:3: column 'params': match: unknown column 'colour'; allowed: actor, "
        "recipient, tone, pressure_on, effect, mode, kind, date_precision, state_media, "
        "in_seed, actor_detail, id, text, responds_to"
    ],
    "claim_unknown_match_value.claims.csv": [
        "claims.csv:3: column 'params': first: actor: unknown value 'mars'; allowed: "
        + ACTOR_LIST
    ],
    "claim_end_before_start.claims.csv": [
        "claims.csv:3: column 'params': end 2025-03-01 is before start 2025-03-31"
    ],
    "claim_smoothing_out_of_range.claims.csv": [
        "claims.csv:3: column 'params': smoothing_days: must be between 1 and 365, "
        "got 10000"
    ],
    "claim_quote_without_speaker.claims.csv": [
        "claims.csv:3: column 'params': speaker: must be non-empty text, got ' '"
    ],
    "claim_unknown_parameter.claims.csv": [
        "claims.csv:3: column 'params': unknown parameter(s) 'colour' for "
        "follow_through; allowed: start, end, target, days, below, part, track"
    ],
    "latin1_bytes.quotes.csv": [
        "quotes.csv:3: column 'quote': not UTF-8 (byte 0xE9); re-save the file as UTF-8 "
        "(got 'Fixture words caf\ufffd call.')"
    ],
    # -- round three (issue 28): invisible, bidirectional and look-alike characters
    # named and located; ids too long to be ids; params nested too deep --
    "bidi_isolate_tone.events.csv": [
        "events.csv:2: column 'tone': U+2066 LEFT-TO-RIGHT ISOLATE at character 8 is a bidirectional control, which reorders what is shown; delete it (got 'hostile\\u2066')",
    ],
    "bidi_override_url.events.csv": [
        "events.csv:2: column 'source_url': U+202E RIGHT-TO-LEFT OVERRIDE at character 21 is a bidirectional control, which reorders what is shown; delete it (got 'https://example.org/\\u202ea')",
    ],
    "bidi_speaker.quotes.csv": [
        "quotes.csv:3: column 'speaker': U+202B RIGHT-TO-LEFT EMBEDDING at character 1 is a bidirectional control, which reorders what is shown; delete it (got '\\u202bPeskov')",
    ],
    "bom_in_outlet.events.csv": [
        "events.csv:2: column 'source_outlet': U+FEFF ZERO WIDTH NO-BREAK SPACE at character 1 is invisible; delete it or type a plain character (got '\\ufeffExample News')",
    ],
    "cyrillic_claim_id.claims.csv": [
        "claims.csv:2: column 'id': U+0421 CYRILLIC CAPITAL LETTER ES at character 1 is outside ASCII (a look-alike letter or digit?); ids are ASCII (got '\u04211')",
    ],
    "cyrillic_host.events.csv": [
        "events.csv:5: column 'source_url': U+0430 CYRILLIC SMALL LETTER A at character 11 is a look-alike among Latin letters; type the Latin letter (got 'https://ex\u0430mple.org/d')",
    ],
    "cyrillic_outlet.events.csv": [
        "events.csv:4: column 'source_outlet': U+0415 CYRILLIC CAPITAL LETTER IE at character 1 is a look-alike among Latin letters; type the Latin letter (got '\u0415xample News')",
    ],
    "cyrillic_speaker.quotes.csv": [
        "quotes.csv:3: column 'speaker': U+0435 CYRILLIC SMALL LETTER IE at character 2 is a look-alike among Latin letters; type the Latin letter (got 'P\u0435skov')",
    ],
    "deep_params.claims.csv": [
        "claims.csv:3: column 'params': params nest deeper than 10 levels; a claim's parameters are a flat object with a few nested filters (got '{\"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[...')",
    ],
    "greek_actor_detail.events.csv": [
        "events.csv:4: column 'actor_detail': U+03BF GREEK SMALL LETTER OMICRON at character 5 is a look-alike among Latin letters; type the Latin letter (got 'Rubi\u03bf')",
    ],
    "greek_outlet.quotes.csv": [
        "quotes.csv:3: column 'source_outlet': U+0395 GREEK CAPITAL LETTER EPSILON at character 1 is a look-alike among Latin letters; type the Latin letter (got '\u0395xample Wire')",
    ],
    "line_separator_outlet.events.csv": [
        "events.csv:3: column 'source_outlet': U+2028 LINE SEPARATOR at character 8 is invisible; delete it or type a plain character (got 'Example\\u2028News')",
    ],
    "long_claim_id.claims.csv": [
        "claims.csv:2: column 'id': id longer than 32 characters (got 'C1111111111111111111111111111111111111111111111111111111111111111111111111111...')",
    ],
    "long_event_id.quotes.csv": [
        "quotes.csv:2: column 'event_id': id longer than 32 characters (got 'E9999999999999999999999999999999999999999999999999999999999999999999999999999...')",
    ],
    "long_id.events.csv": [
        "events.csv:7: column 'id': id longer than 32 characters (got 'E0000000000000000000000000000000000000000000000000000000000000000000000000000...')",
    ],
    "long_reference.events.csv": [
        "events.csv:4: column 'reverses': id longer than 32 characters (got 'E00000000000000000000000000000000000000001')",
    ],
    "lookalike_quality.events.csv": [
        "events.csv:2: column 'source_quality': U+0430 CYRILLIC SMALL LETTER A at character 5 is a look-alike among Latin letters; type the Latin letter (got 'prim\u0430ry')",
    ],
    "nbsp_in_actor_detail.events.csv": [
        "events.csv:2: column 'actor_detail': U+00A0 NO-BREAK SPACE at character 7 is a space that is not a plain space; delete it or type a plain character (got 'Donald\\u00a0Trump')",
    ],
    "private_use_recipient.events.csv": [
        "events.csv:2: column 'recipient': U+E000 (a private-use character) at character 8 is invisible; delete it or type a plain character (got 'ukraine\\ue000')",
    ],
    "rlm_in_kind.events.csv": [
        "events.csv:2: column 'kind': U+200F RIGHT-TO-LEFT MARK at character 10 is a bidirectional control, which reorders what is shown; delete it (got 'aid_pause\\u200f')",
    ],
    "soft_hyphen_event_id.quotes.csv": [
        "quotes.csv:2: column 'event_id': U+00AD SOFT HYPHEN at character 4 is invisible; delete it or type a plain character (got 'E00\\u00ad02')",
    ],
    "soft_hyphen_outlet.events.csv": [
        "events.csv:3: column 'source_outlet': U+00AD SOFT HYPHEN at character 5 is invisible; delete it or type a plain character (got 'Exam\\u00adple News')",
    ],
    "tab_in_actor_detail.events.csv": [
        "events.csv:3: column 'actor_detail': U+0009 (a control character) at character 6 is invisible; delete it or type a plain character (got 'Trump\\t')",
    ],
    "word_joiner_reverses.events.csv": [
        "events.csv:4: column 'reverses': U+2060 WORD JOINER at character 6 is invisible; delete it or type a plain character (got 'E0001\\u2060')",
    ],
    "zwj_in_actor.events.csv": [
        "events.csv:3: column 'actor': U+200D ZERO WIDTH JOINER at character 2 is invisible; delete it or type a plain character (got 'u\\u200ds')",
    ],
    "zwnj_speaker_side.quotes.csv": [
        "quotes.csv:2: column 'speaker_side': U+200C ZERO WIDTH NON-JOINER at character 3 is invisible; delete it or type a plain character (got 'us\\u200c')",
    ],
    "zwsp_actor_detail.events.csv": [
        "events.csv:2: column 'actor_detail': U+200B ZERO WIDTH SPACE at character 6 is invisible; delete it or type a plain character (got 'Trump\\u200b')",
    ],
    "zwsp_check.claims.csv": [
        "claims.csv:2: column 'check': U+200B ZERO WIDTH SPACE at character 13 is invisible; delete it or type a plain character (got 'event_exists\\u200b')",
    ],
    "zwsp_speaker.quotes.csv": [
        "quotes.csv:2: column 'speaker': U+200B ZERO WIDTH SPACE at character 6 is invisible; delete it or type a plain character (got 'Trump\\u200b')",
    ],
}

ACCEPTED = sorted((FIXTURES / "accepted").glob("*.csv"))


def test_every_bad_fixture_has_an_expected_message() -> None:
    on_disk = {p.name for p in (FIXTURES / "bad").glob("*.csv")}
    assert on_disk == set(BAD_CASES)
    assert len(on_disk) >= 25 + 25 + 29  # the first corpus, rounds two and three


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_fixture_is_refused_with_located_messages(
    case: str, tmp_path: Path
) -> None:
    folder = data_dir_with(tmp_path, FIXTURES / "bad" / case)
    with pytest.raises(DataError) as caught:
        load_dataset(folder, today=TODAY_DATE)
    got = [str(p).replace(str(folder) + "/", "") for p in caught.value.problems]
    assert got == BAD_CASES[case]


@pytest.mark.parametrize("fixture", ACCEPTED, ids=lambda p: p.name)
def test_accepted_variants_load_like_the_plain_file(
    fixture: Path, tmp_path: Path
) -> None:
    plain = load_dataset(GOOD).events
    variant = load_dataset(data_dir_with(tmp_path, fixture)).events
    assert list(variant.columns) == list(plain.columns)
    assert variant["id"].tolist() == plain["id"].tolist()
    if fixture.name.startswith("formula"):
        assert variant.loc[0, "summary"].startswith("=HYPERLINK(")
    else:
        pd.testing.assert_frame_equal(variant, plain)


def test_good_fixture_is_typed() -> None:
    data = load_dataset(GOOD)
    ev, qu = data.events, data.quotes
    assert len(ev) == 6 and len(qu) == 2
    assert ev["date"].dtype.kind == "M" and qu["date"].dtype.kind == "M"
    for col, values in (
        ("actor", vocab.ACTORS),
        ("kind", vocab.KINDS),
        ("mode", vocab.MODES),
    ):
        assert isinstance(ev[col].dtype, pd.CategoricalDtype)
        assert ev[col].cat.ordered
        assert list(ev[col].cat.categories) == list(values)
    assert ev["in_seed"].dtype == bool and ev["in_seed"].sum() == 2
    assert pd.api.types.is_string_dtype(ev["summary"])
    assert ev.loc[ev["id"] == "E0003", "reverses"].item() == "E0001"
    assert ev.loc[ev["id"] == "E0002", "summary"].item().endswith('"large scale".')
    assert pd.isna(ev.loc[ev["id"] == "E0004", "effect"].item())


def test_gaza_sides_and_the_new_kinds_are_accepted(tmp_path: Path) -> None:
    """A Gaza-track row may press on Israel or Hamas, and `acceptance` and
    `security_guarantee` are kinds; the track is typed like the other categories."""
    good = (GOOD / "events.csv").read_text(encoding="utf-8")
    gaza = [
        "E0007,2025-09-10,day,gaza,us,Trump,qatar,cooperative,israel,raise,material,"
        "security_guarantee,Fixture: a US assurance to Qatar.,https://example.org/g,"
        "Example News,2025-09-10,false,primary,false,,,,",
        "E0008,2025-10-03,day,gaza,hamas,Hamas,us,cooperative,none,,verbal,acceptance,"
        "Fixture: Hamas accepts part of a plan.,https://example.org/h,Example News,"
        "2025-10-04,false,primary,false,,,,",
        "E0009,2025-10-04,day,gaza,us,Trump,hamas,hostile,hamas,raise,threat,deadline,"
        "Fixture: a deadline for Hamas.,https://example.org/i,Example News,2025-10-04,"
        "false,primary,false,,,,",
    ]
    (tmp_path / "events.csv").write_text(good + "\n".join(gaza) + "\n", "utf-8")
    shutil.copy(GOOD / "quotes.csv", tmp_path / "quotes.csv")
    ev = load_dataset(tmp_path, today=TODAY_DATE).events
    assert list(ev["track"].cat.categories) == list(vocab.EVENT_TRACKS)
    assert ev["track"].astype(str).tolist() == ["ukraine"] * 6 + ["gaza"] * 3
    assert ev["kind"].astype(str).tolist()[-3:-1] == [
        "security_guarantee",
        "acceptance",
    ]
    assert ev["pressure_on"].astype(str).tolist()[-3:] == ["israel", "none", "hamas"]


def test_load_events_alone() -> None:
    events = load_events(GOOD / "events.csv")
    pd.testing.assert_frame_equal(events, load_dataset(GOOD).events)


def test_missing_data_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path / "nowhere")
    assert [p.message for p in caught.value.problems] == [
        "data directory does not exist"
    ]


def test_all_problems_of_both_files_are_listed_sorted(tmp_path: Path) -> None:
    folder = data_dir_with(tmp_path, FIXTURES / "bad" / "unknown_tone.events.csv")
    (folder / "quotes.csv").write_bytes(
        (FIXTURES / "bad" / "file_url.quotes.csv").read_bytes()
    )
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    files = [Path(p.file).name for p in caught.value.problems]
    assert files == ["events.csv", "quotes.csv"]
    assert caught.value.report().startswith("2 problems in the data:")


def test_future_is_relative_to_today() -> None:
    with pytest.raises(DataError, match="in the future"):
        load_dataset(GOOD, today=dt.date(2025, 3, 10))


def test_the_expected_messages_do_not_read_the_clock(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # As if the suite crossed midnight: the clock says another day than TODAY.
    from seesaw.data import load

    monkeypatch.setattr(load, "_today", lambda today: today or dt.date(2031, 5, 5))
    test_bad_fixture_is_refused_with_located_messages(
        "future_date.events.csv", tmp_path
    )


def test_the_real_data_keep_their_background_rows() -> None:
    """The two context rows (2018, 2023) are inside the plausible range."""
    from seesaw import paths

    events = load_dataset(paths.DATA).events
    assert events["date"].min().year == 2018
    assert (events["date"].dt.year < 2025).sum() >= 2


def test_a_load_is_served_from_the_computation_cache_by_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seesaw.data import load, memo

    monkeypatch.setenv(memo.COMPUTE_ENV, str(tmp_path / "compute"))
    monkeypatch.setenv(memo.SECRET_ENV, str(tmp_path / "config" / "secret"))
    monkeypatch.delenv(memo.CACHE_ENV, raising=False)
    folder = tmp_path / "data"
    shutil.copytree(GOOD, folder)
    calls: list[Path] = []
    real = load._load_dataset

    def counted(data_dir: Path, day: dt.date) -> load.Dataset:
        calls.append(data_dir)
        return real(data_dir, day)

    monkeypatch.setattr(load, "_load_dataset", counted)
    first = load_dataset(folder)
    again = load_dataset(folder)
    assert len(calls) == 1
    for name in ("events", "quotes", "claims"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(again, name))
    # Another folder with the same text: served too (the folder is not in the key).
    other = tmp_path / "copy"
    shutil.copytree(folder, other)
    load_dataset(other)
    assert len(calls) == 1
    # One cell changed: loaded and checked again.
    events = folder / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    row = lines[-1].rstrip("\n").split(",")
    assert len(row) == len(header), "the fixture's last row has no quoted commas"
    row[header.index("notes")] = "edited"
    lines[-1] = ",".join(row) + "\n"
    events.write_text("".join(lines), encoding="utf-8")
    assert load_dataset(folder).events["notes"].iloc[-1] == "edited"
    assert len(calls) == 2
    # A broken file is never served: its problems are reported, every time.
    row[header.index("date")] = "not a date"
    lines[-1] = ",".join(row) + "\n"
    events.write_text("".join(lines), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError, match="date"):
            load_dataset(folder)
    # Off: computed every time.
    monkeypatch.setenv(memo.CACHE_ENV, "off")
    load_dataset(other)
    load_dataset(other)
    assert len(calls) == 6

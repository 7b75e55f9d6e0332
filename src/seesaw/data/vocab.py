"""Controlled vocabularies: the one place every category list is defined.

The schema, the codebook, the charts' colour maps and the widgets' options all read
these constants, so a new category is added once: its code and definition as a row of
vocabularies.csv beside this module (`vocabulary`, `code`, `text`, in the order
readers and the codebook list them), and any rule it needs below (a track's sides and
actors, a kind's reader's name where it is not the code in words).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Final

VOCABULARIES_FILE = Path(__file__).with_name("vocabularies.csv")


def _vocabularies() -> Mapping[str, Mapping[str, str]]:
    """Each vocabulary of vocabularies.csv: its codes, in file order, with their text
    (a definition, or for `check_name` and `verdict_name` a reader's name). A bad
    header, a row without exactly three cells or a code listed twice in one vocabulary
    is refused with its line."""
    name = VOCABULARIES_FILE.name
    found: dict[str, dict[str, str]] = {}
    with VOCABULARIES_FILE.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(file)
        if rows.fieldnames != ["vocabulary", "code", "text"]:
            raise ValueError(
                f"{name}, line 1: the header must be vocabulary,code,text, "
                f"not {','.join(rows.fieldnames or [])}"
            )
        for row in rows:
            where = f"{name}, line {rows.line_num}"
            if None in row or None in row.values():
                raise ValueError(f"{where}: a row needs exactly three cells")
            codes = found.setdefault(row["vocabulary"], {})
            if row["code"] in codes:
                raise ValueError(
                    f"{where}: {row['vocabulary']} lists {row['code']!r} twice"
                )
            codes[row["code"]] = row["text"]
    return MappingProxyType(
        {vocabulary: MappingProxyType(codes) for vocabulary, codes in found.items()}
    )


VOCABULARIES: Final[Mapping[str, Mapping[str, str]]] = _vocabularies()

ACTORS: Final[Mapping[str, str]] = VOCABULARIES["actor"]

TONES: Final[Mapping[str, str]] = VOCABULARIES["tone"]

PRESSURE_TARGETS: Final[Mapping[str, str]] = VOCABULARIES["pressure_on"]

EFFECTS: Final[Mapping[str, str]] = VOCABULARIES["effect"]

MODES: Final[Mapping[str, str]] = VOCABULARIES["mode"]

DATE_PRECISIONS: Final[Mapping[str, str]] = VOCABULARIES["date_precision"]

KINDS: Final[Mapping[str, str]] = VOCABULARIES["kind"]

#: Each actor's name as a reader reads it (a legend, a tick box); the code stays the
#: value.
ACTOR_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {k: k.title() for k in ACTORS} | {"us": "US", "other": "others"}
)

#: Each kind's plain name, the words a reader sees (the code stays the value): the code
#: in words, but for these.
KIND_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {k: k.replace("_", " ") for k in KINDS}
    | {
        "context": "background",
        "weapons_decline": "weapons declined",
        "aid_resume": "aid resumed",
        "intel_pause": "intelligence pause",
        "intel_resume": "intelligence resumed",
        "summit_cancelled": "summit called off",
        "counter_proposal": "counter-proposal",
        "military": "military move",
    }
)

#: The definitions of a Russian overture the analysis plan names (`data/ANALYSIS.md`):
#: `wide` (primary: every kind below), `narrow` (calls and summit offers only) and
#: `calls_either` (wide, plus every US-Russia call coded as a US act).
OVERTURE_DEFINITIONS: Final[tuple[str, ...]] = ("wide", "narrow", "calls_either")

#: Russian acts that count as overtures: contact or an offer that can defuse pressure.
OVERTURE_KINDS: Final[frozenset[str]] = frozenset(
    {
        "call",
        "summit_offer",
        "meeting",
        "talks",
        "ceasefire",
        "prisoner_exchange",
        "counter_proposal",
    }
)
#: Russian acts that count as hardline moves.
HARDLINE_KINDS: Final[frozenset[str]] = frozenset(
    {"demand", "rejection", "strike", "military"}
)

#: How strong a cited page is as a source (events.csv `source_quality`).
SOURCE_QUALITIES: Final[Mapping[str, str]] = VOCABULARIES["source_quality"]

#: Columns of events.csv, in file order.
EVENT_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "date",
    "date_precision",
    "track",
    "actor",
    "actor_detail",
    "recipient",
    "tone",
    "pressure_on",
    "effect",
    "mode",
    "kind",
    "summary",
    "source_url",
    "source_outlet",
    "source_date",
    "state_media",
    "source_quality",
    "in_seed",
    "reverses",
    "responds_to",
    "alt_source_url",
    "notes",
)

#: Columns of quotes.csv, in file order.
QUOTE_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "date",
    "speaker",
    "speaker_side",
    "quote",
    "context",
    "event_id",
    "source_url",
    "source_outlet",
    "source_date",
    "state_media",
    "in_seed",
    "translated",
    "verbatim",
    "verbatim_url",
    "notes",
)

#: Whether a quote's words are printed verbatim, and where (quotes.csv `verbatim`).
VERBATIM: Final[Mapping[str, str]] = VOCABULARIES["verbatim"]


#: Each check's plain name, the words a reader sees.
CHECK_NAMES: Final[Mapping[str, str]] = VOCABULARIES["check_name"]

#: The tests' verdict codes (seesaw.analysis.verdicts) in a reader's words.
VERDICT_NAMES: Final[Mapping[str, str]] = VOCABULARIES["verdict_name"]


#: Follow-through by instrument: a threat of this kind is carried out only by a deed of
#: one of these kinds (same target, raising pressure, dated strictly after the threat).
#: A deadline or a sanctions bill threatens sanctions or tariffs: the measure it names.
FOLLOW_THROUGH_INSTRUMENTS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "sanctions_threat": frozenset({"sanctions", "tariff"}),
        "tariff_threat": frozenset({"tariff", "sanctions"}),
        "deadline": frozenset({"sanctions", "tariff"}),
        "legislation": frozenset({"sanctions", "tariff"}),
        "weapons_supply": frozenset({"weapons_supply"}),
    }
)


SUMMARY_MAX: Final[int] = 240
QUOTE_MAX: Final[int] = 400

# --- Analysis choices and their defaults ---------------------------------------------
# The notebooks' parameter cells repeat these defaults as literals (papermill reads them
# as text); tests/test_vocab.py checks that they agree with the values here.

#: Scoring schemes (implemented in seesaw.analysis.score).
SCHEMES: Final[Mapping[str, str]] = VOCABULARIES["scheme"]
DEFAULT_SCHEME: Final[str] = "mode"

#: Weights of the `mode` scheme, by mode.
MODE_WEIGHTS: Final[Mapping[str, float]] = MappingProxyType(
    {"verbal": 1.0, "threat": 2.0, "material": 3.0}
)

#: The two sides US pressure pushes on, and the ways it pushes.
SIDES: Final[tuple[str, str]] = ("kyiv", "moscow")

#: The conflicts a row belongs to (the `track` column of events.csv). A background row
#: (kind `context`) takes the track of the story it is background to.
EVENT_TRACKS: Final[Mapping[str, str]] = VOCABULARIES["track"]
#: The two sides each track's US acts can push on (`pressure_on`; `none` on any track).
TRACK_SIDES: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {"ukraine": SIDES, "gaza": ("israel", "hamas")}
)
#: The track the notebooks, the CLI and the explorer analyse unless told otherwise.
DEFAULT_TRACK: Final[str] = "ukraine"
#: Every side of every track.
ALL_SIDES: Final[tuple[str, ...]] = tuple(
    side for sides in TRACK_SIDES.values() for side in sides
)

#: First day analysed by default (the inauguration); earlier rows are context.
ANALYSIS_START: Final[str] = "2025-01-20"
#: The article's window ends the day it appeared (22 Oct 2025); later days are the holdout.
ARTICLE_END: Final[str] = "2025-10-22"

# The defaults of the analysis: each value is typed here and only here (every function,
# notebook parameter and CLI flag takes it from this block; tests/test_defaults.py
# fails on a copy elsewhere). One name per window: the days the balance is summed over
# (smoothing), the days an overture may follow an escalation (coincidence), the days
# shown around an episode (event window) and the days a deed may follow a threat
# (follow).

#: The trailing balance and the spells test sum each lane over this many days.
DEFAULT_SMOOTHING_DAYS: Final[int] = 14
#: The descriptive event study of 04: days shown before and after each overture
#: episode (the notebook parameter `event_window_days`; its old name `window_days` is
#: still read).
DEFAULT_EVENT_WINDOW_DAYS: Final[int] = 14
#: Moscow's timing: an overture counts as following US pressure when an escalation came
#: 0 to this many days before it (the analysis plan's primary window; 7 and 14 are
#: sensitivity runs).
DEFAULT_COINCIDENCE_DAYS: Final[int] = 3
#: Overtures this many days apart or closer are one episode.
DEFAULT_MERGE_DAYS: Final[int] = 3
#: A threat counts as carried out when a deed follows within this many days.
DEFAULT_FOLLOW_DAYS: Final[int] = 30
#: The seed of every permutation, placebo draw and simulation (the inauguration date).
DEFAULT_SEED: Final[int] = 20250120
#: Permutations (or placebo draws) of one test.
DEFAULT_PERMUTATIONS: Final[int] = 9999
#: Fewer where many tests run at once: the sensitivity grid.
SENSITIVITY_PERMUTATIONS: Final[int] = 2999
#: The significance level of every test.
ALPHA: Final[float] = 0.05
#: Simulated runs of a power study: one power figure, the spells test's power at one
#: effect, and each point of a power curve (the curve's points are many).
POWER_RUNS: Final[int] = 1000
SPELLS_POWER_RUNS: Final[int] = 400
POWER_CURVE_RUNS: Final[int] = 200

#: The actors of the Gaza track.
GAZA_ACTORS: Final[tuple[str, ...]] = ("israel", "hamas", "qatar", "egypt")

#: The tracks `seesaw.analysis.describe.track` sorts rows into, in display order.
TRACKS: Final[tuple[str, ...]] = (
    "US on Kyiv",
    "US on Moscow",
    "US, neither",
    "Russia",
    "Ukraine",
    "Europe",
    "Gaza track",
    "other",
)

#: Below this power a "no pattern" says nothing: the test misses most simulated patterns.
MIN_POWER = 0.5
#: Below this power a "no pattern" rules out only strong patterns.
GOOD_POWER = 0.8


def p_text(p: float) -> str:
    """A p-value as a reader reads it: three decimals, or "below 0.001" (never 9e-06)."""
    if p != p:
        return "not computed"
    return "below 0.001" if p < 0.001 else f"{p:.3f}"


def count(n: int, word: str) -> str:
    """'1 act', '3 acts', '1 day', '0 days': a number with its noun agreeing."""
    return f"{n:,} {word if n == 1 else word + 's'}"


_NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def in_words(n: int) -> str:
    """Small whole numbers as words (a general reader's sentence), larger as digits."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


#: What "unstable" means for a claim's verdict, in the one wording every reader-facing
#: place uses (the README, the claims ledger, the verdict grid's legend and alt text).
UNSTABLE_MEANS: Final[str] = (
    "its verdict changes at half or double the window, at a neighbouring threshold or "
    "under the other overture definition"
)

"""The headline figures, computed once for the CLI, the notebooks and the explorer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from seesaw.analysis import metrics, timing
from seesaw.analysis.score import score_events
from seesaw.data import vocab


@dataclass(frozen=True)
class Headline:
    """The figures a reader checks the notebooks against."""

    scheme: str
    collapse: str
    acts_on_kyiv: int
    acts_on_moscow: int
    toward_kyiv: int
    toward_moscow: int
    runs: metrics.RunsResult
    shuffle: metrics.NullResult
    shift: metrics.NullResult
    phases: int
    #: Changes of tilt between consecutive phases (not phases minus one: two phases
    #: split by days of zero balance may lean the same way).
    direction_changes: int
    overtures: int
    #: None when the selection holds no Russian overture (nothing to time).
    escalation_before_overture: timing.Coincidence | None
    relief_after_overture: timing.Coincidence | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "collapse": self.collapse,
            "acts_on_kyiv": self.acts_on_kyiv,
            "acts_on_moscow": self.acts_on_moscow,
            "acts_toward_kyiv": self.toward_kyiv,
            "acts_toward_moscow": self.toward_moscow,
            "runs": self.runs.as_dict(),
            "label_shuffle": self.shuffle.as_dict(),
            "circular_shift": self.shift.as_dict(),
            "phases": self.phases,
            "direction_changes": self.direction_changes,
            "overtures": self.overtures,
            "escalation_before_overture": _as_dict(self.escalation_before_overture),
            "relief_after_overture": _as_dict(self.relief_after_overture),
        }


def _as_dict(c: timing.Coincidence | None) -> dict[str, Any] | None:
    return None if c is None else c.as_dict()


#: First day the notebooks analyse by default (defined in seesaw.data.vocab).
ANALYSIS_START = vocab.ANALYSIS_START


def direction_changes(phase_table: pd.DataFrame) -> int:
    """How many times the tilt changed from one phase to the next.

    Phases split only by days when the balance is exactly zero keep their tilt, so this
    is at most, and often less than, the number of phases minus one.
    """
    tilts = phase_table["tilt"].astype(str).to_numpy()
    return int((tilts[1:] != tilts[:-1]).sum())


def headline(
    events: pd.DataFrame,
    scheme: str = vocab.DEFAULT_SCHEME,
    collapse: str = vocab.DEFAULT_COLLAPSE,
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
    permutations: int = vocab.DEFAULT_PERMUTATIONS,
    seed: int = vocab.DEFAULT_SEED,
    weights: Mapping[str, float] | None = None,
) -> Headline:
    """Compute every headline figure for `events` under one scheme and collapse window.

    The phases are counted over the span of `events`, as `timeline.timeline_data`
    draws them.
    """
    scored = score_events(events, scheme, weights)
    seq = metrics.pressure_sequence(scored, collapse).to_numpy()
    span = (events["date"].min(), events["date"].max())
    ov = timing.overtures(events)["date"]
    phase_table = metrics.phases(scored, smoothing_days, *span)
    return Headline(
        scheme=scheme if weights is None else "custom",
        collapse=collapse,
        acts_on_kyiv=int(scored["pressure_on"].astype(str).eq("kyiv").sum()),
        acts_on_moscow=int(scored["pressure_on"].astype(str).eq("moscow").sum()),
        toward_kyiv=int((scored["score"] < 0).sum()),
        toward_moscow=int((scored["score"] > 0).sum()),
        runs=metrics.runs_test(seq),
        shuffle=metrics.label_shuffle_null(seq, permutations, seed),
        shift=metrics.circular_shift_null(scored, permutations, seed, collapse),
        phases=len(phase_table),
        direction_changes=direction_changes(phase_table),
        overtures=len(ov),
        escalation_before_overture=None
        if ov.empty
        else timing.coincidence(
            ov,
            timing.escalations_on_moscow(scored)["date"],
            span,
            coincidence_days,
            "before",
            "US escalation on Moscow before a Russian overture",
        ),
        relief_after_overture=None
        if ov.empty
        else timing.coincidence(
            ov,
            timing.relief_for_moscow(scored)["date"],
            span,
            coincidence_days,
            "after",
            "US relief for Moscow after a Russian overture",
        ),
    )


def format_headline(h: Headline) -> str:
    """The figures as aligned text lines."""
    r = h.runs
    e, f = h.escalation_before_overture, h.relief_after_overture
    lines = [
        f"scheme {h.scheme}, sequence collapsed per {h.collapse}",
        f"US pressure acts: {h.acts_on_kyiv} on Kyiv, {h.acts_on_moscow} on Moscow "
        f"({h.toward_kyiv} lean on Kyiv, {h.toward_moscow} on Moscow)",
        f"runs: observed {r.runs}, expected {r.expected:.2f} (n={r.n}: "
        f"{r.n_moscow} Moscow, {r.n_kyiv} Kyiv)",
        f"runs test: z {r.z:.2f}, one-sided p {r.p_value:.4f} ({r.method})",
        f"label-shuffle null: p {h.shuffle.p_value:.4f} "
        f"(B={h.shuffle.permutations}, seed {h.shuffle.seed})",
        f"circular-shift null: p {h.shift.p_value:.4f} "
        f"(B={h.shift.permutations}, seed {h.shift.seed})",
        f"alternation index {r.alternation_index:.3f}; "
        f"lag-1 autocorrelation {r.lag1_autocorrelation:.3f}",
        f"phases: {h.phases} ({h.direction_changes} changes of direction)",
        f"Russian overtures: {h.overtures}",
    ]
    if e is None or f is None:
        lines.append("no Russian overture in the selection: nothing to time")
    else:
        lines += [
            f"escalation within {e.window_days} d before an overture: "
            f"{e.hits}/{e.n_events} "
            f"({e.rate:.0%}; chance {e.chance_per_event:.0%}; p {e.p_value:.4f})",
            f"relief within {f.window_days} d after an overture: {f.hits}/{f.n_events} "
            f"({f.rate:.0%}; chance {f.chance_per_event:.0%}; p {f.p_value:.4f})",
        ]
    return "\n".join(lines)

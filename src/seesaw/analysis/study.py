"""The reliability study's figures (round two's agreement, the adjudication, the coverage
estimate) as one JSON-ready dict; `seesaw.text.study` puts them in words for
`seesaw reliability`, 01 and the codebook."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from seesaw.analysis import agreement, coverage, round2, views
from seesaw.data import memo, vocab


def _estimate(est: Iterable[float], name: str) -> dict[str, object]:
    """`{name: value, "interval": [low, high]}`, rounded, None where undefined."""
    # + 0.0: a value rounded to zero is written 0.0, never -0.0
    value, low, high = (None if np.isnan(v) else round(float(v), 4) + 0.0 for v in est)
    return {name: value, "interval": [low, high]}


def _stats(
    subset: pd.DataFrame, frames: dict, n_boot: int, seed: int, name: str = "weighted"
) -> dict:
    """The agreement figures of a subset of a round's pairs."""
    table = agreement.by_field(subset, frames, n_boot, seed)
    out: dict = {"rows": subset["id"].nunique(), "pairs": len(subset)}
    for stat in ("kappa", "alpha"):
        out[stat] = {f: _estimate(e[stat], name) for f, e in table.items()}
    agree = {f: (subset[f"{f}_1"] == subset[f"{f}_2"]).sum() for f in table}
    return out | {"agree": {f: [int(n), len(subset)] for f, n in agree.items()}}


@functools.partial(memo.by_folder, read=views.folder_without_notes)
def summary(
    data_dir: Path | str,
    n_boot: int = agreement.N_BOOT,
    seed: int = agreement.BOOT_SEED,
) -> dict[str, object]:
    """Every figure of the study, from the committed files in `data_dir`."""
    r2 = round2.load_round2(data_dir)
    frames, pairs = r2.frame_sizes(), round2.compared_pairs(r2)
    stats = functools.partial(_stats, frames=frames, n_boot=n_boot, seed=seed)
    pooled = stats(pairs)
    cov = coverage.coverage(data_dir)
    return {
        "kappa": pooled["kappa"],
        "alpha": pooled["alpha"],
        "compared": {k: pooled[k] for k in ("rows", "pairs", "agree")},
        "by_coder": {c: stats(pairs[pairs["coder"] == c]) for c in round2.CODERS},
        "us_acts": stats(pairs[pairs["stratum"].isin(round2.US_STRATA)]),
        "by_stratum": {
            s: {
                "frame": int(frames[s]),
                **stats(pairs[pairs["stratum"] == s], name="estimate"),
            }
            for s in round2.STRATA
        },
        "hard": stats(pairs[pairs["hard"]]),
        "not_hard": stats(pairs[~pairs["hard"]]),
        "coders": stats(round2.coder_pairs(r2)),
        "act_mismatch": round2.mismatches(r2),
        "adjudication": round2.outcomes(r2),
        "bootstrap": {"draws": n_boot, "seed": seed},
        "gaza": gaza_summary(data_dir, n_boot, seed),
        "coverage": cov.as_dict(),
        "coverage_detail": cov.detail(),
        "coverage_power": coverage_power(data_dir, cov),
    }


def coverage_power(
    data_dir: Path | str, cov: coverage.Coverage, runs: int = vocab.SPELLS_POWER_RUNS
) -> dict[str, object]:
    """The spells test's power in the article's window with its lanes scaled up by
    1/completeness (same purity, days and test; the missing acts assumed to fall like the
    ones held) at the most the passes allow, the interval's upper end and the estimate."""
    from seesaw.analysis import power, verdicts
    from seesaw.analysis.sensitivity import drop_coverage_additions
    from seesaw.data.load import load_events

    # The dataset the completeness was measured on: before the passes' finds were added.
    events = drop_coverage_additions(load_events(Path(data_dir) / "events.csv"))
    v = verdicts.alternation_verdict(events, power_runs=0, permutations=99)
    acts, days = v.spells.n_moscow + v.spells.n_kyiv, v.spells.days
    det = cov.detail()
    shares = {
        "at_most_found": float(det["completeness_at_most"]),  # type: ignore[arg-type]
        "interval_high": float(det["completeness_interval"][1]),  # type: ignore[index]
        "estimate": float(cov.completeness().value),
    }
    power_at = functools.partial(
        power.spells_power_at, days=days, purity=v.purity, runs=runs
    )
    out: dict[str, object] = {
        "acts": acts,
        "days": days,
        "purity": v.purity,
        "runs": runs,
        "power_as_held": power_at(acts),
    }
    for name, share in shares.items():
        n = round(acts / share)
        out[name] = {"completeness": round(share, 4), "acts": n, "power": power_at(n)}
    return out


def gaza_summary(
    data_dir: Path | str,
    n_boot: int = agreement.N_BOOT,
    seed: int = agreement.BOOT_SEED,
) -> dict[str, object]:
    """The Gaza stratum's agreement, weighted to its own frames (never pooled)."""
    g = round2.load_gaza(data_dir)
    frames, pairs = g.frame_sizes(), round2.compared_pairs(g)
    stats = functools.partial(_stats, frames=frames, n_boot=n_boot, seed=seed)
    adjudicated = not g.raw.empty
    # The figures as first reported, before adjudication left out the codings of
    # another act (R0): the change is logged in data/ANALYSIS.md and said in 01.
    unadjudicated = replace(g, raw=g.raw.iloc[0:0])
    return {
        **stats(pairs),
        "frames": {k: int(v) for k, v in frames.items()},
        "by_coder": {c: stats(pairs[pairs["coder"] == c]) for c in g.names},
        "hard": stats(pairs[pairs["hard"]])
        if pairs["hard"].any()
        else {"rows": 0, "pairs": 0},
        "coders": stats(round2.coder_pairs(g)),
        "sampled": len(g.strata),
        "adjudicated": adjudicated,
        "act_mismatch": round2.mismatches(g),
        "adjudication": round2.outcomes(g) if adjudicated else {},
        "before_adjudication": stats(round2.compared_pairs(unadjudicated)),
    }

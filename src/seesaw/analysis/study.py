"""The reliability study's figures in one place: round two's agreement, the adjudication's
outcomes and the coverage estimate (`seesaw reliability` prints them; the codebook's
generated blocks and notebook 01 read them).

`summary(data_dir)` is a plain dict, JSON-ready; `format_text(summary)` a short table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from seesaw.analysis import coverage, round2


def _stats(
    table: pd.DataFrame, frames: dict[str, float], name: str = "weighted"
) -> dict[str, object]:
    out: dict[str, object] = {
        "rows": int(table["rows"].iloc[0]),
        "pairs": int(table["pairs"].iloc[0]),
    }
    for stat in ("kappa", "alpha"):
        out[stat] = {
            r.field: round2.Estimate(
                getattr(r, stat), getattr(r, f"{stat}_low"), getattr(r, f"{stat}_high")
            ).as_dict(name)
            for r in table.itertuples(index=False)
        }
    out["agree"] = {
        r.field: [int(r.agree), int(r.pairs)] for r in table.itertuples(index=False)
    }
    return out


def summary(
    data_dir: Path | str,
    events: pd.DataFrame | None = None,
    n_boot: int = round2.N_BOOT,
    seed: int = round2.BOOT_SEED,
) -> dict[str, object]:
    """Every figure of the study, from the committed files in `data_dir`."""
    r2 = round2.load_round2(data_dir, events)
    frames = r2.frame_sizes()
    pairs = round2.compared_pairs(r2)

    def table(subset: pd.DataFrame) -> pd.DataFrame:
        return round2.agreement_table(subset, frames, n_boot, seed)

    pooled = _stats(table(pairs), frames)
    out: dict[str, object] = {
        "kappa": pooled["kappa"],
        "alpha": pooled["alpha"],
        "compared": {
            "rows": pooled["rows"],
            "pairs": pooled["pairs"],
            "agree": pooled["agree"],
        },
        "by_coder": {
            c: _stats(table(pairs[pairs["coder"] == c]), frames) for c in round2.CODERS
        },
        "us_acts": _stats(
            table(pairs[pairs["stratum"].isin(round2.US_STRATA)]), frames
        ),
        "by_stratum": {
            s: {
                "frame": int(frames[s]),
                **_stats(table(pairs[pairs["stratum"] == s]), frames, "estimate"),
            }
            for s in round2.STRATA
        },
        "hard": _stats(table(pairs[pairs["hard"]]), frames),
        "not_hard": _stats(table(pairs[~pairs["hard"]]), frames),
        "coders": _stats(table(round2.coder_pairs(r2)), frames),
        "act_mismatch": round2.mismatches(r2),
        "adjudication": {
            r.field: {k: int(getattr(r, k)) for k in round2.OUTCOMES}
            for r in round2.outcomes(r2).itertuples(index=False)
        },
        "bootstrap": {"draws": n_boot, "seed": seed},
    }
    cov = coverage.coverage(data_dir)
    out["coverage"] = cov.as_dict()
    out["coverage_detail"] = cov.detail()
    return out


def _fmt(est: dict) -> str:
    value = est.get("weighted", est.get("estimate"))
    lo, hi = est["interval"]
    if value is None:
        return "n/a"
    if lo is None:
        return f"{value:.2f}"
    return f"{value:.2f} ({lo:.2f} to {hi:.2f})"


def format_text(s: dict) -> str:
    """A short readable table of the summary."""
    fields = round2.FIELDS
    width = max(len(f) for f in fields) + 2
    lines = [
        "Round two: the first coding against coders from the pages alone, weighted to the file",
        f"{'field':<{width}}{'kappa (95% interval)':<26}alpha (95% interval)",
    ]
    for f in fields:
        lines.append(f"{f:<{width}}{_fmt(s['kappa'][f]):<26}{_fmt(s['alpha'][f])}")
    lines.append("")
    lines.append("kappa on pressure_on by group:")
    groups = {
        **{f"coder {c}": s["by_coder"][c] for c in round2.CODERS},
        "US acts only": s["us_acts"],
        **{f"stratum {k}": v for k, v in s["by_stratum"].items()},
        "rows marked hard": s["hard"],
        "rows not marked hard": s["not_hard"],
        "coder a vs coder b": s["coders"],
    }
    for name, g in groups.items():
        lines.append(
            f"  {name:<24}{_fmt(g['kappa']['pressure_on']):<26}({g['rows']} rows)"
        )
    m = s["act_mismatch"]
    lines.append(
        f"left out as codings of another act (R0): coder a {m['a']}, coder b {m['b']}"
    )
    lines.append("")
    lines.append(
        "adjudication of first-vs-second disagreements (won by first / second / other; contested; R0):"
    )
    for f, c in s["adjudication"].items():
        lines.append(
            f"  {f:<{width}}{c['first']} / {c['second']} / {c['other']}; "
            f"{c['contested']} contested; {c['act_mismatch']} R0"
        )
    cov, det = s["coverage"], s["coverage_detail"]
    lines.append("")
    lines.append(
        f"coverage ({det['model']}): estimated total {cov['estimated_total']:.0f} "
        f"({cov['interval'][0]:.0f} to {cov['interval'][1]:.0f}); the dataset's "
        f"{det['dataset_in_scope']} in-scope acts are {cov['completeness']:.0%} of it "
        f"(at most {det['completeness_at_most']:.0%} of the {det['acts_found_by_any_list']} "
        "acts any list found)"
    )
    return "\n".join(lines)

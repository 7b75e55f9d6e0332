"""The words of `seesaw stats`: the headline's figures and the verdicts as text lines
(`--json` prints the same results as they are)."""

from __future__ import annotations

from typing import Any

from seesaw.analysis.headline import Headline


def format_headline(h: Headline, span: tuple[object, object] | None = None) -> str:
    """The figures as aligned text lines, after the days they count (`span`: first and
    last, as `masks.window_span` gives them) when given. The acts on each side count
    relief as well as raised pressure (the lean splits them by their score)."""
    days = "" if span is None else f"headline {span[0]:%Y-%m-%d}..{span[1]:%Y-%m-%d}, "
    return "\n".join(
        [
            f"{days}scheme {h.scheme}",
            "US acts targeting Kyiv or Moscow (raised pressure or relief): "
            f"{h.acts_on_kyiv} on Kyiv, {h.acts_on_moscow} on Moscow "
            f"({h.toward_kyiv} lean on Kyiv, {h.toward_moscow} on Moscow)",
            f"phases: {h.phases} ({h.direction_changes} changes of direction)",
            f"Russian overtures: {h.overtures}",
        ]
    )


def format_verdicts(found: dict[str, Any]) -> str:
    """The verdicts of `verdicts()` as text lines."""
    lines = []
    for label, block in (("window", found), ("holdout", found.get("holdout"))):
        if not block:
            continue
        w = block["window"]
        lines.append(
            f"{label} {w['start']}..{w['end']} ({w['us_pressure_acts']} US pressure acts, "
            f"{w['us_pressure_acts_per_30_days']:.1f} per 30 days):"
        )
        for key in ("alternation", "overtures", "timing", "follow_through"):
            if key not in block:
                continue
            v = block[key]
            parts = (
                [(key, v)]
                if "verdict" in v
                else [(f"{key} ({side})", sub) for side, sub in v.items()]
            )
            for name, one in parts:
                detail = one.get("sentence", one.get("reason", ""))
                lines.append(f"  {name}: {one['verdict']}: {detail}")
                swing = one.get("changepoint") or {}
                if swing.get("sentence"):
                    lines.append(f"  slow swing: {swing['sentence']}")
    return "\n".join(lines)

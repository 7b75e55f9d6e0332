"""The reliability study in words (every figure from `seesaw.analysis.study.summary`):
a text table for `seesaw reliability`, Markdown for notebook 01 and the codebook."""

from __future__ import annotations

from seesaw.analysis import round2


def _num(v: float) -> str:
    return f"{v:.2f}".replace("-0.00", "0.00")


def _fmt(est: dict, missing: str = "undefined") -> str:
    """An estimate with its interval, '0.81 (0.70 to 0.90)'; `missing` when undefined."""
    value = est.get("weighted", est.get("estimate"))
    lo, hi = est["interval"]
    if value is None:
        return missing
    if lo is None:
        return _num(value)
    return f"{_num(value)} ({_num(lo)} to {_num(hi)})"


def format_text(s: dict) -> str:
    """A short readable table of the summary."""
    width = max(len(f) for f in round2.FIELDS) + 2
    groups = {
        **{f"coder {c}": s["by_coder"][c] for c in round2.CODERS},
        "US acts only": s["us_acts"],
        **{f"stratum {k}": v for k, v in s["by_stratum"].items()},
        "rows marked hard": s["hard"],
        "rows not marked hard": s["not_hard"],
        "coder a vs coder b": s["coders"],
    }
    m, cov, det = s["act_mismatch"], s["coverage"], s["coverage_detail"]
    lines = [
        "Round two: the first coding against coders from the pages alone, weighted to the file",
        f"{'field':<{width}}{'kappa (95% interval)':<26}alpha (95% interval)",
        *(
            f"{f:<{width}}{_fmt(s['kappa'][f], 'n/a'):<26}{_fmt(s['alpha'][f], 'n/a')}"
            for f in round2.FIELDS
        ),
        "",
        "kappa on pressure_on by group:",
        *(
            f"  {name:<24}{_fmt(g['kappa']['pressure_on'], 'n/a'):<26}({g['rows']} rows)"
            for name, g in groups.items()
        ),
        f"left out as codings of another act (R0): coder a {m['a']}, coder b {m['b']}",
        "",
        "adjudication of first-vs-second disagreements (won by first / second / other; contested; R0):",
        *(
            f"  {f:<{width}}{c['first']} / {c['second']} / {c['other']}; "
            f"{c['contested']} contested; {c['act_mismatch']} R0"
            for f, c in s["adjudication"].items()
        ),
        "",
        f"coverage ({det['model']}): estimated total {cov['estimated_total']:.0f} "
        f"({cov['interval'][0]:.0f} to {cov['interval'][1]:.0f}); the dataset's "
        f"{det['dataset_in_scope']} in-scope acts are {cov['completeness']:.0%} of it "
        f"(at most {det['completeness_at_most']:.0%} of the {det['acts_found_by_any_list']} "
        "acts any list found)",
    ]
    return "\n".join(lines)


# --- Markdown for the codebook and notebook 01 ----------------------------------------

LABELS = {
    "pressure_on": "whose position (`pressure_on`)",
    "direction": "signed direction (on Moscow / on Kyiv / none)",
    "effect": "raise or relieve (`effect`)",
    "mode": "words, threat or deed (`mode`)",
    "kind": "kind of act (`kind`)",
}
OUTCOME_LABELS = {
    "first": "first coding kept",
    "second": "second coder's taken",
    "other": "a third value",
    "contested": "contested (R3)",
    "act_mismatch": "another act (R0)",
}


def _count(pair: list[int]) -> str:
    return f"{pair[0]} of {pair[1]}"


def _adjudication_table(
    counts: dict[str, dict[str, int]], coder: str, path: str
) -> list[str]:
    return [
        f"Adjudication of each disagreement between the first coding and {coder} "
        f"(`{path}`):",
        "",
        "| field | " + " | ".join(OUTCOME_LABELS.values()) + " |",
        "|---|" + "---|" * len(OUTCOME_LABELS),
        *(
            f"| `{field}` | " + " | ".join(str(row[k]) for k in OUTCOME_LABELS) + " |"
            for field, row in counts.items()
        ),
    ]


def round2_markdown(s: dict) -> str:
    """Round two's tables and sentences (every figure from `summary`)."""
    boot, comp, m, c = s["bootstrap"], s["compared"], s["act_mismatch"], s["coders"]
    groups = {
        **{f"stratum `{k}`": v for k, v in s["by_stratum"].items()},
        "rows marked hard": s["hard"],
        "rows not marked hard": s["not_hard"],
        **{f"coder {x} alone": s["by_coder"][x] for x in round2.CODERS},
    }
    lines = [
        "Agreement of the first coding, as it stood in `events.csv` when round two was "
        f"compared (`first_coding.csv`), with the two second coders: {comp['pairs']} pairs on {comp['rows']} rows, weighted back to the file by "
        f"the strata's frames (a row both coders coded counts once, half for each). "
        f"Intervals: 95%, {boot['draws']:,} bootstrap draws resampling rows within strata "
        f"(seed {boot['seed']}).",
        "",
        "| field | pairs agreeing | Cohen's kappa, weighted to the file | Krippendorff's alpha, weighted to the file | kappa, US acts only |",
        "|---|---|---|---|---|",
        *(
            f"| {LABELS[f]} | {_count(comp['agree'][f])} | {_fmt(s['kappa'][f])} | "
            f"{_fmt(s['alpha'][f])} | {_fmt(s['us_acts']['kappa'][f])} |"
            for f in round2.FIELDS
        ),
        "",
        "By stratum, and on the rows either second coder marked hard (kappa is 0 by construction "
        "where the first coding uses one code only, as in the strata coded `none`: there, "
        "read the pairs agreeing):",
        "",
        "| group | frame rows | rows compared | `pressure_on` agreeing | kappa on `pressure_on` | kappa on `mode` | kappa on `kind` |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {name} | {g.get('frame', '')} | {g['rows']} | "
            f"{_count(g['agree']['pressure_on'])} | {_fmt(g['kappa']['pressure_on'])} | "
            f"{_fmt(g['kappa']['mode'])} | {_fmt(g['kappa']['kind'])} |"
            for name, g in groups.items()
        ),
        "",
        f"The two second coders agree with each other on {c['rows']} shared rows with kappa "
        f"{_fmt(c['kappa']['pressure_on'])} on `pressure_on`, {_fmt(c['kappa']['direction'])} on "
        f"the signed direction, {_fmt(c['kappa']['mode'])} on `mode` and "
        f"{_fmt(c['kappa']['kind'])} on `kind`. "
        f"Left out as codings of another act (R0): {m['a']} of coder a's rows and {m['b']} "
        f"of coder b's ({m['a_page_leads_with_another_act'] + m['b_page_leads_with_another_act']} "
        "of them rows whose page leads with another act than the row's, which the coder "
        f"coded instead), and {m['a-b']} shared rows between the two coders.",
        "",
        *_adjudication_table(
            s["adjudication"],
            "a second coder",
            "data/reliability/round2/adjudication.csv",
        ),
    ]
    return "\n".join(lines) + "\n\n" + gaza_markdown(s["gaza"])


def gaza_markdown(g: dict) -> str:
    """The Gaza stratum's agreement (figures from `gaza_summary`)."""
    frames, c = g["frames"], g["coders"]
    labels = {**LABELS, "direction": "signed direction (on Hamas / on Israel / none)"}
    lines = [
        "**The Gaza track** (its own stratum, `data/reliability/round2/gaza/`): two more "
        "coders, each given only the id, date, actor and cited pages, coded a sample of "
        f"{g.get('sampled', g['rows'])} of the Gaza track's {sum(frames.values())} US acts "
        "(drawn from the "
        f"{frames.get('gaza_pressure', 0)} the file codes as pushing on Israel or Hamas and "
        f"the {frames.get('gaza_none', 0)} it codes `none`), "
        f"{g.get('before_adjudication', g)['pairs']} pairs in all. "
        + _gaza_adjudication_sentence(g)
        + "Its figures stand beside the Ukraine track's and are not pooled with them: the "
        "Gaza side rules differ (an act aimed at both sides is given a side), and the same "
        "team that coded the Gaza rows wrote those rules.",
        "",
        "| field | pairs agreeing | Cohen's kappa, weighted to the track | Krippendorff's alpha |",
        "|---|---|---|---|",
        *(
            f"| {labels[f]} | {_count(g['agree'][f])} | {_fmt(g['kappa'][f])} | "
            f"{_fmt(g['alpha'][f])} |"
            for f in round2.FIELDS
        ),
        "",
        f"The two Gaza coders agree with each other on {c['rows']} shared rows with kappa "
        f"{_fmt(c['kappa']['pressure_on'])} on `pressure_on` and {_fmt(c['kappa']['direction'])} "
        "on the signed direction; "
        + (
            f"on the rows either marked hard ({g['hard']['rows']} rows), kappa on "
            f"`pressure_on` is {_fmt(g['hard']['kappa']['pressure_on'])}."
            if g["hard"]["rows"]
            else "neither coder marked any row hard."
        ),
    ]
    if g.get("adjudicated"):
        lines += [
            "",
            *_adjudication_table(
                g["adjudication"],
                "a Gaza coder",
                "data/reliability/round2/gaza/adjudication.csv",
            ),
        ]
    return "\n".join(lines)


def _gaza_adjudication_sentence(g: dict) -> str:
    if not g.get("adjudicated"):
        return "No adjudication has been made in this stratum. "
    left_out = sum(g["act_mismatch"][coder] for coder in g["by_coder"])
    before = g["before_adjudication"]
    return (
        "Each disagreement with the first coding was then adjudicated from the pages by "
        "a separate session, by round two's rules; as in round two, the codings it found "
        f"were of another act (R0: {left_out} pairs) are left out of the figures below, "
        f"which compare {g['pairs']} pairs on {g['rows']} rows. "
        "This was decided after the figures without adjudication had been seen "
        f"({before['pairs']} pairs; kappa on `pressure_on` "
        f"{_fmt(before['kappa']['pressure_on'])}, now {_fmt(g['kappa']['pressure_on'])}). "
    )


def coverage_markdown(s: dict) -> str:
    """The coverage estimate as a limitation (every figure from `summary`)."""
    cov, det = s["coverage"], s["coverage_detail"]
    lo, hi = cov["interval"]
    clo, chi = det["completeness_interval"]
    found, at_most = det["acts_found_by_any_list"], det["completeness_at_most"]
    ins, chap = det["in_scope"], det["chapman"]
    below = [k for k, v in chap.items() if v["estimated_total"] < found]
    text = (
        "- Coverage, measured by capture-recapture (`data/reliability/coverage/`, "
        "`seesaw reliability`): in April, July and November 2025 two sourcing passes made "
        f"without the dataset found {ins['outlet']} (by outlet) and {ins['actor']} (by actor) "
        f"US acts of pressure in scope, and the dataset holds {det['dataset_in_scope']}; "
        f"the three lists together found {found} distinct acts, so the dataset holds at most "
        f"{at_most:.0%} of the acts found. A log-linear model over the three lists "
        f"(Poisson, {det['model']}) estimates {cov['estimated_total']:,.0f} such acts in "
        f"the three months (95% interval {lo:,.0f} to {hi:,.0f}, log-normal on the acts no "
        f"list found): a completeness of "
        f"{cov['completeness']:.0%} ({clo:.0%} to {chi:.0%})."
    )
    fit = next(f for f in det["loglinear"] if f["model"] == det["model"])
    if fit["df"] == 0:
        text += (
            " That model fits the seven observed cells exactly and rests on the few acts "
            "only some lists caught, so the width of its interval is the finding: the "
            "passes show the dataset misses acts of pressure, not how many exist."
        )
    if below:
        text += (
            " Chapman's two-list estimates assume lists that find acts independently: "
            + "; ".join(
                f"{PAIR_LABELS.get(k, k)} {v['estimated_total']:,.0f} "
                f"({v['low']:,.0f} to {v['high']:,.0f})"
                for k, v in chap.items()
            )
            + f". {len(below)} of them fall below the {found} acts found, the mark of "
            "lists that find the same prominent acts, so they understate the total."
        )
    return text + (
        " All three lists come from the same store of pages, so every figure here is "
        "about the acts that store reports (see the first limitation above). "
        + coverage_power_sentence(s["coverage_power"])
    )


def coverage_power_sentence(p: dict) -> str:
    """What the missing acts cost the spells test (every figure from `coverage_power`)."""
    most, high, est = p["at_most_found"], p["interval_high"], p["estimate"]
    return (
        f"Missing acts cost the alternation test power: on the {p['acts']} acts it "
        "tests in the article's window as the dataset stood when coverage was measured "
        "(before the passes' finds were added), its power against realistic spells is "
        f"{p['power_as_held']:.0%}; with the acts scaled up to what the passes show is the "
        f"most the dataset can hold ({most['completeness']:.0%} complete: {most['acts']} "
        f"acts) it would be {most['power']:.0%}, at the estimate's least missing "
        f"({high['completeness']:.0%}: {high['acts']} acts) {high['power']:.0%}, and at "
        f"the estimate ({est['completeness']:.0%}: {est['acts']:,} acts) "
        f"{est['power']:.0%}, if the missing acts fell like the ones held. The timing "
        "test is not scaled: the passes counted US acts of pressure, not Moscow's overtures."
    )


PAIR_LABELS = {
    "dataset-outlet": "dataset and outlet pass",
    "dataset-actor": "dataset and actor pass",
    "outlet-actor": "the two passes",
}

"""Coding reliability: the blind second coding's sample, and agreement with the first coding.

The sample (`draw_sample`) is seeded and stratified so it covers what the conclusions
rest on:

- `US_PRESSURE` rows: US acts coded as pushing on Kyiv or Moscow;
- `US_NONE` rows: US acts on the Ukraine track coded `none` that plausibly push on a side
  (meetings, talks, calls, statements, demands, deadlines, summit steps);
- `OTHER` rows: Russian acts (overtures and hardline moves alike), and Ukrainian and
  European acts, all coded `none` by rule.

`python -m seesaw.analysis.reliability sample OUT.csv` writes the *blind packet*: for each sampled
row only what the second coder may see (id, date, actor, who acted, the summary and the
cited pages), never the first coding or its notes. The second coder fills in
`data/reliability/second_coding.csv` from that packet, the codebook and the cited page.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from seesaw.data import vocab
from seesaw.errors import SeesawError

#: The seed the committed sample was drawn with.
SAMPLE_SEED = 20261203
#: Stratum sizes (at least 80 US rows pushing on a side, at least 30 others).
US_PRESSURE = 84
US_NONE = 12
OTHER = 30
#: US kinds on the Ukraine track that plausibly push on a side even when coded `none`.
PLAUSIBLE_KINDS = frozenset(
    {"meeting", "talks", "call", "statement", "demand", "deadline", "summit_offer",
     "summit_cancelled", "summit", "peace_plan", "ceasefire", "agreement"}
)  # fmt: skip
#: Columns the second coder sees.
BLIND_COLUMNS = [
    "id",
    "date",
    "actor",
    "actor_detail",
    "summary",
    "source_url",
    "alt_source_url",
]
#: Columns the second coder fills in.
CODED_COLUMNS = ["id", "pressure_on", "effect", "mode", "kind", "note"]


def strata(events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The three sampling frames (context rows and the Gaza track left out)."""
    ev = events[(events["kind"] != "context") & (events["track"] == "ukraine")]
    us = ev[ev["actor"] == "us"]
    return {
        "us_pressure": us[us["pressure_on"] != "none"],
        "us_none": us[(us["pressure_on"] == "none") & us["kind"].isin(PLAUSIBLE_KINDS)],
        "other": ev[ev["actor"].isin(["russia", "ukraine", "europe"])],
    }


def draw_sample(events: pd.DataFrame, seed: int = SAMPLE_SEED) -> pd.DataFrame:
    """The stratified random sample, in a shuffled order, with a `stratum` column."""
    rng = np.random.default_rng(seed)
    sizes = {"us_pressure": US_PRESSURE, "us_none": US_NONE, "other": OTHER}
    parts = []
    for name, frame in strata(events).items():
        frame = frame.sort_values("id")
        n = min(sizes[name], len(frame))
        pick = rng.choice(len(frame), size=n, replace=False)
        parts.append(frame.iloc[np.sort(pick)].assign(stratum=name))
    sample = pd.concat(parts)
    order = rng.permutation(len(sample))
    return sample.iloc[order].reset_index(drop=True)


#: Round two (pages alone): seed and stratum sizes, fixed before the sample was drawn.
ROUND2_SEED = 20261206
ROUND2_SIZES = {"us_pressure": 85, "us_none_all": 45, "other": 25}
#: What a round-two coder receives: nothing of the first coding (no summary, codes or notes).
ROUND2_COLUMNS = ["id", "date", "actor", "source_url", "alt_source_url"]
#: Round two's coders, and which positions of the shuffled sample each codes
#: (the middle 45 rows are coded by both, so the coders' agreement is measured too).
ROUND2_CODERS = {"a": (0, 100), "b": (55, 155)}


#: Round two's Gaza stratum (issue 24), drawn after the Gaza rows were coded and before any
#: second coding of them: every US act on the Gaza track coded `none`, and a sample of those
#: coded as pushing on Israel or on Hamas. The middle rows are coded by both coders.
GAZA_SEED = 20261207
GAZA_SIZES = {"gaza_pressure": 50, "gaza_none": 10}
GAZA_CODERS = {"a": (0, 36), "b": (20, 56)}


def gaza_strata(events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The Gaza stratum's frames: US acts on the Gaza track, by whether they push on a side."""
    ev = events[(events["kind"] != "context") & (events["track"] == "gaza")]
    us = ev[ev["actor"] == "us"]
    return {
        "gaza_pressure": us[us["pressure_on"] != "none"],
        "gaza_none": us[us["pressure_on"] == "none"],
    }


def draw_gaza(events: pd.DataFrame, seed: int = GAZA_SEED) -> pd.DataFrame:
    """The Gaza stratum's sample, shuffled, with `stratum` and `weight`."""
    return _draw(gaza_strata(events), GAZA_SIZES, seed)


def _draw(
    frames: dict[str, pd.DataFrame], sizes: dict[str, int], seed: int
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = []
    for name, frame in frames.items():
        frame = frame.sort_values("id")
        n = min(sizes[name], len(frame))
        pick = rng.choice(len(frame), size=n, replace=False)
        parts.append(
            frame.iloc[np.sort(pick)].assign(stratum=name, weight=len(frame) / n)
        )
    sample = pd.concat(parts)
    return sample.iloc[rng.permutation(len(sample))].reset_index(drop=True)


#: Each sample's frames as they stood when it was drawn (`id,stratum`), so the draw can
#: be reproduced after rows are added to or recoded in events.csv.
FRAMES = "frames.csv"


def frames_from(path: Path | str) -> dict[str, pd.DataFrame]:
    """A committed frames snapshot, as `_draw` takes it (stratum -> frame of ids)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {name: group[["id"]] for name, group in table.groupby("stratum", sort=False)}


def redraw(folder: Path | str, sizes: dict[str, int], seed: int) -> pd.DataFrame:
    """The sample drawn again from its committed frames snapshot."""
    return _draw(frames_from(Path(folder) / FRAMES), sizes, seed)


def write_frames(frames: dict[str, pd.DataFrame], path: Path) -> None:
    rows = [(rid, name) for name, f in frames.items() for rid in sorted(f["id"])]
    pd.DataFrame(rows, columns=["id", "stratum"]).to_csv(
        path, index=False, lineterminator="\n"
    )


def round2_strata(events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Round two's frames: every US act coded `none` on the Ukraine track, not only plausible kinds."""
    frames = strata(events)
    ev = events[(events["kind"] != "context") & (events["track"] == "ukraine")]
    us = ev[ev["actor"] == "us"]
    frames["us_none_all"] = us[us["pressure_on"] == "none"]
    del frames["us_none"]
    return frames


def draw_round2(events: pd.DataFrame, seed: int = ROUND2_SEED) -> pd.DataFrame:
    """Round two's stratified sample, shuffled, with `stratum` and `weight` (rows in the frame per row drawn)."""
    return _draw(round2_strata(events), ROUND2_SIZES, seed)


def blind_packet(sample: pd.DataFrame) -> pd.DataFrame:
    """Only what the second coder may see of each sampled row."""
    return sample[BLIND_COLUMNS].copy()


#: Where the second coding and the adjudication live.
FOLDER = "reliability"
SECOND_CODING = "second_coding.csv"
ADJUDICATION = "adjudication.csv"
#: The coded fields of every row as they stood when round one was adjudicated, so that
#: later corrections to events.csv (logged in CHANGELOG.md) do not move round one.
FIRST_CODING = "first_coding.csv"
CODED_FIELDS = ("pressure_on", "effect", "mode", "kind")
ADJUDICATION_COLUMNS = ["id", "field", "first", "second", "final", "reason"]
#: The fields compared, in reading order; `direction` is derived (see `direction`).
FIELDS = ["pressure_on", "direction", "effect", "mode", "kind"]
FIELD_LABELS = {
    "pressure_on": "whose position (pressure_on)",
    "direction": "signed direction (leaning on Moscow / on Kyiv / none)",
    "effect": "raise or relieve (effect)",
    "mode": "words, threat or deed (mode)",
    "kind": "kind of act (kind)",
}
#: Kappa the coding should reach on pressure_on and the signed direction.
KAPPA_TARGET = 0.7
BOOT_SEED = 20261203
N_BOOT = 2000


#: The columns of a reliability file that are matched or grouped (the rest are notes).
MATCHED = [
    "id",
    "pressure_on",
    "effect",
    "mode",
    "kind",
    "field",
    "first",
    "second",
    "final",
]


class ReliabilityError(SeesawError, ValueError):
    """A reliability file breaks its contract (located: FILE:LINE: column: problem)."""


def direction(frame: pd.DataFrame) -> pd.Series:
    """Which side an act leans on: raising pressure on one side of a track or relieving
    the other leans on the first (Moscow or Kyiv; Hamas or Israel); anything else is `none`."""
    effect = frame["effect"].astype("string").fillna("")
    on = frame["pressure_on"].astype("string")
    out = pd.Series("none", index=frame.index, dtype="string")
    for sides in vocab.TRACK_SIDES.values():
        for side, other in (sides, sides[::-1]):
            out[
                ((on == side) & (effect == "raise"))
                | ((on == other) & (effect == "relieve"))
            ] = side
    return out


def read_second_coding(
    path: Path | str, known_ids: set[str] | None = None
) -> pd.DataFrame:
    """The second coding, checked against the events' vocabularies; every problem located."""
    path = Path(path)
    allowed = {
        "pressure_on": set(vocab.PRESSURE_TARGETS),
        "effect": {"", *vocab.EFFECTS},
        "mode": set(vocab.MODES),
        "kind": set(vocab.KINDS),
    }
    return _read_coded(path, CODED_COLUMNS, allowed, known_ids)


def read_adjudication(
    path: Path | str, known_ids: set[str] | None = None
) -> pd.DataFrame:
    """Every disagreement and how it was resolved."""
    path = Path(path)
    frame = _read_coded(path, ADJUDICATION_COLUMNS, {}, known_ids, unique_id=False)
    problems = []
    for line, row in zip(frame["line"], frame.itertuples(index=False), strict=True):
        if row.field not in ("pressure_on", "effect", "mode", "kind"):
            problems.append(
                f"{path.name}:{line}: column 'field': not a coded field (got {row.field!r})"
            )
        if not str(row.reason).strip():
            problems.append(f"{path.name}:{line}: column 'reason': required")
    if problems:
        raise ReliabilityError("\n".join(problems))
    return frame


def _read_coded(
    path: Path,
    columns: list[str],
    allowed: dict[str, set[str]],
    known_ids: set[str] | None,
    unique_id: bool = True,
) -> pd.DataFrame:
    from seesaw.data.problems import character_problems
    from seesaw.data.rawfile import DataError, read_text

    if not path.exists() and not path.is_symlink():
        raise ReliabilityError(f"{path}: no such file")
    try:
        # The one reader of every CSV: BOM, line ends, NFC, non-files and symlinks
        # leaving the data folder (the reliability folder's parent) refused unopened.
        text = read_text(path, path.name, columns, folder=path.parent.parent)
    except DataError as err:
        raise ReliabilityError("\n".join(map(str, err.problems))) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header != columns:
        raise ReliabilityError(
            f"{path.name}:1: header must be {','.join(columns)} (got {header!r})"
        )
    problems, rows, lines, seen = [], [], [], set()
    records = []
    start = reader.line_num + 1
    try:
        for row in reader:
            records.append((start, row))  # the line a record starts on
            start = reader.line_num + 1
    except csv.Error as err:  # a field over the csv module's limit: a quote unclosed?
        raise ReliabilityError(
            f"{path.name}:{start}: malformed CSV ({err}); is a quote left unclosed?"
        ) from None
    for line, row in records:
        if not row:
            continue  # a blank line
        if len(row) != len(columns):
            problems.append(
                f"{path.name}:{line}: row has {len(row)} fields, the header has {len(columns)}"
            )
            continue
        rec = dict(zip(columns, row, strict=True))
        rid = rec["id"]
        if known_ids is not None and rid not in known_ids:
            problems.append(
                f"{path.name}:{line}: column 'id': no such event (got {rid!r})"
            )
        if unique_id and rid in seen:
            problems.append(f"{path.name}:{line}: column 'id': duplicate (got {rid!r})")
        seen.add(rid)
        for col, values in allowed.items():
            if rec[col] not in values:
                problems.append(
                    f"{path.name}:{line}: column '{col}': not allowed (got {rec[col]!r})"
                )
        if "effect" in allowed and (rec["pressure_on"] == "none") != (
            rec["effect"] == ""
        ):
            problems.append(
                f"{path.name}:{line}: column 'effect': required when pressure_on is kyiv or moscow, "
                f"empty when none (got {rec['effect']!r})"
            )
        rows.append(rec)
        lines.append(line)
    frame = pd.DataFrame(rows, columns=columns)
    named = character_problems(frame, lines, path.name, MATCHED)
    if named:  # the character is the cause: other problems of its row only repeat it
        bad = {p.line for p in named}
        problems = [p for p in problems if int(p.split(":")[1]) not in bad]
        problems = sorted([*problems, *map(str, named)], key=_line_of)
    if problems:
        raise ReliabilityError("\n".join(problems))
    frame["line"] = lines
    return frame


def _line_of(problem: str) -> int:
    return int(problem.split(":")[1])


def paired(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """One row per double-coded event: `<field>_1` from the first coding, `<field>_2` from the second."""
    a = (
        first.set_index("id")
        .loc[second["id"], ["pressure_on", "effect", "mode", "kind"]]
        .copy()
    )
    a["effect"] = a["effect"].astype("string").fillna("")
    b = second.set_index("id")[["pressure_on", "effect", "mode", "kind"]].copy()
    a["direction"] = direction(a)
    b["direction"] = direction(b)
    out = pd.DataFrame(index=b.index)
    for field in FIELDS:
        out[f"{field}_1"] = a[field].astype(str).to_numpy()
        out[f"{field}_2"] = b[field].astype(str).to_numpy()
    return out


def as_round_one(events: pd.DataFrame, path: Path) -> pd.DataFrame:
    """`events` as round one saw them: the rows of the snapshot at `path`
    (`id,pressure_on,effect,mode,kind`), with its coded fields; rows added later are
    left out, so they move neither the sample nor the agreement."""
    snap = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(snap.columns) != ["id", *CODED_FIELDS]:
        raise ReliabilityError(
            f"{path.name}:1: header must be id,{','.join(CODED_FIELDS)} "
            f"(got {','.join(snap.columns)})"
        )
    missing = sorted(set(snap["id"]) - set(events["id"]))
    if missing:
        raise ReliabilityError(f"{path.name}: ids not in events.csv: {missing[:5]}")
    out = events[events["id"].isin(set(snap["id"]))].copy()
    coded = snap.set_index("id").reindex(out["id"])
    for col in CODED_FIELDS:
        values = coded[col].replace("", pd.NA).to_numpy()
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical(values, categories=out[col].cat.categories)
        else:
            out[col] = values
    return out


def first_coding(events: pd.DataFrame, adjudication: pd.DataFrame) -> pd.DataFrame:
    """The first coding as it stood before adjudication: events.csv holds the final
    values, and each adjudication row records the first coder's value."""
    out = events.copy()
    for col in ("pressure_on", "effect", "mode", "kind"):
        out[col] = out[col].astype("string")
    index = {rid: i for i, rid in enumerate(out["id"])}
    for row in adjudication.itertuples(index=False):
        if row.id in index:
            value = row.first if row.first != "" else pd.NA
            out.iloc[index[row.id], out.columns.get_loc(row.field)] = value
    return out


def kappa(x: np.ndarray, y: np.ndarray) -> float:
    """Cohen's kappa of two codings (statsmodels), NaN when every code is the same."""
    from statsmodels.stats.inter_rater import cohens_kappa

    cats = sorted(set(x) | set(y))
    index = {c: i for i, c in enumerate(cats)}
    table = np.zeros((len(cats), len(cats)))
    np.add.at(table, ([index[v] for v in x], [index[v] for v in y]), 1)
    expected = (table.sum(0) * table.sum(1)).sum() / table.sum() ** 2
    if expected >= 1:
        return float("nan")
    return float(cohens_kappa(table).kappa)


@dataclass(frozen=True)
class Agreement:
    field: str
    n: int
    agree: int
    raw: float
    raw_low: float
    raw_high: float
    kappa: float
    kappa_low: float
    kappa_high: float


def _kappa_boot(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Cohen's kappa for each bootstrap draw at once; `weights[b, i]` counts how often
    event i is in draw b. Same formula as `kappa` (tested against it)."""
    cats = sorted(set(x) | set(y))
    index = {c: i for i, c in enumerate(cats)}
    one_x = np.eye(len(cats))[[index[v] for v in x]]
    one_y = np.eye(len(cats))[[index[v] for v in y]]
    n = weights.sum(axis=1)
    p_obs = weights @ (x == y).astype(float) / n
    p_exp = ((weights @ one_x) * (weights @ one_y)).sum(axis=1) / n**2
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(p_exp < 1, (p_obs - p_exp) / (1 - p_exp), np.nan)


def agreement(
    pairs: pd.DataFrame, n_boot: int = N_BOOT, seed: int = BOOT_SEED
) -> pd.DataFrame:
    """Raw agreement and Cohen's kappa per field, with 95% percentile bootstrap intervals
    (events resampled with replacement, `n_boot` times, seeded)."""
    rng = np.random.default_rng(seed)
    nan = float("nan")
    n = len(pairs)
    draws = rng.integers(0, n, size=(n_boot, n))
    weights = np.zeros((n_boot, n))
    np.add.at(weights, (np.repeat(np.arange(n_boot), n), draws.ravel()), 1)
    rows = []
    for field in FIELDS:
        x = pairs[f"{field}_1"].to_numpy()
        y = pairs[f"{field}_2"].to_numpy()
        same = x == y
        raw_boot = weights @ same.astype(float) / n
        kap_boot = _kappa_boot(x, y, weights)
        kap_boot = kap_boot[~np.isnan(kap_boot)]
        rows.append(
            Agreement(
                field=field,
                n=n,
                agree=int(same.sum()),
                raw=float(same.mean()),
                raw_low=float(np.quantile(raw_boot, 0.025)),
                raw_high=float(np.quantile(raw_boot, 0.975)),
                kappa=kappa(x, y),
                # No interval when every draw codes one value (kappa undefined in
                # each): a few double-coded rows that pass `validate` must not fail 01.
                kappa_low=float(np.quantile(kap_boot, 0.025)) if len(kap_boot) else nan,
                kappa_high=float(np.quantile(kap_boot, 0.975))
                if len(kap_boot)
                else nan,
            )
        )
    return pd.DataFrame([r.__dict__ for r in rows])


def disagreements(pairs: pd.DataFrame) -> pd.DataFrame:
    """Every field on which the two codings differ (the coded fields, not `direction`)."""
    out = []
    for field in ("pressure_on", "effect", "mode", "kind"):
        diff = pairs[pairs[f"{field}_1"] != pairs[f"{field}_2"]]
        for rid, row in diff.iterrows():
            out.append(
                {
                    "id": rid,
                    "field": field,
                    "first": row[f"{field}_1"],
                    "second": row[f"{field}_2"],
                }
            )
    return pd.DataFrame(out, columns=["id", "field", "first", "second"])


#: Source quality: the vocabulary of `events.csv`'s `source_quality` column.
WIRES = ("AP", "Reuters", "AFP", "Anadolu", "PA", "AAP", "IANS", "PTI", "APP", "UPI", "Bloomberg",
         "RFI", "CNN", "NPR", "NBC News", "ANI")  # fmt: skip
#: Outlet words that mark a page relaying another outlet's report, a mirror or an aggregator.
AGGREGATOR_MARKS = ("citing", "summarising", "mirror", "aggregator", "republished", "reposted",
                    "menafn", "newser", "briefly", "occasional digest", "newsbeep")  # fmt: skip
#: Pages with no identifiable editorial standing (blogs, reposts of unknown provenance).
WEAK_MARKS = ("glob-news", "irtafax", "voz", "sfg media", "owlbrief", "blog", "rt-derived",
              "rt (mirror)", "frominsideasia", "sabiniax")  # fmt: skip


def suggest_source_quality(outlet: str) -> str:
    """The source quality the codebook's rule gives an outlet string (a maintainer's aid;
    the column in events.csv is the record).

    `weak` for blogs, reposts and sites of unknown standing; `aggregator` for mirrors,
    aggregators and pages that relay another outlet's report ("citing X"); `wire` for a
    wire service's or network's copy carried by another site ("The Star (Reuters)",
    "AP (via WTMJ)"); otherwise `primary`: an established outlet's own page.
    """
    low = outlet.lower()
    if any(mark in low for mark in WEAK_MARKS):
        return "weak"
    if any(mark in low for mark in AGGREGATOR_MARKS):
        return "aggregator"
    head = outlet.split(" (")[0].strip()
    inner = outlet[len(head) :].strip(" ()")
    names = [
        w.strip()
        for w in inner.replace("via ", "").replace("/", ",").split(",")
        if w.strip()
    ]
    if head in WIRES and "via" in low:
        return "wire"
    if any(name in WIRES or name.split(" ")[0] in WIRES for name in names):
        return "wire"
    return "primary"


REL_BEGIN = "<!-- BEGIN GENERATED RELIABILITY: `seesaw codebook` writes this part; do not edit -->"
REL_END = "<!-- END GENERATED RELIABILITY -->"


@dataclass(frozen=True)
class Reliability:
    """The second coding compared with the first, and how the disagreements ended."""

    table: pd.DataFrame  # one row per field (see `agreement`)
    coded: int  # events coded twice
    strata: dict[str, int]
    disagreements: int  # field-level disagreements between the two coders
    events_disagreed: int
    kept_first: int
    took_second: int
    other_value: int
    consistency: int  # changes to rows outside the disagreements, for consistency

    def kappa(self, field: str) -> float:
        return float(self.table.set_index("field").at[field, "kappa"])

    def meets_target(self) -> bool:
        return all(self.kappa(f) >= KAPPA_TARGET for f in ("pressure_on", "direction"))


def reliability(
    data_dir: Path | str, events: pd.DataFrame | None = None
) -> Reliability:
    """Agreement of the first coding (as it stood before adjudication) with the second."""
    from seesaw.data.load import load_events

    data_dir = Path(data_dir)
    if events is None:
        events = load_events(data_dir / "events.csv")
    folder = data_dir / FOLDER
    if (folder / FIRST_CODING).exists():  # a folder without it: events.csv as it is
        events = as_round_one(events, folder / FIRST_CODING)
    ids = set(events["id"])
    second = read_second_coding(folder / SECOND_CODING, ids)
    adjudication = read_adjudication(folder / ADJUDICATION, ids)
    first = first_coding(events, adjudication)
    pairs = paired(first, second)
    diffs = disagreements(pairs)
    keyed = adjudication.set_index(["id", "field"])
    resolved = keyed.reindex(list(zip(diffs["id"], diffs["field"], strict=True)))
    in_sample = adjudication["second"] != ""
    sizes = draw_sample(first)["stratum"].value_counts().to_dict()
    return Reliability(
        table=agreement(pairs),
        coded=len(pairs),
        strata={k: int(v) for k, v in sizes.items()},
        disagreements=len(diffs),
        events_disagreed=int(diffs["id"].nunique()) if len(diffs) else 0,
        kept_first=int((resolved["final"] == resolved["first"]).sum()),
        took_second=int((resolved["final"] == resolved["second"]).sum()),
        other_value=int(
            (
                (resolved["final"] != resolved["first"])
                & (resolved["final"] != resolved["second"])
            ).sum()
        ),
        consistency=int((~in_sample).sum()),
    )


def agreement_markdown(rel: Reliability) -> str:
    """The agreement table as Markdown (for the codebook and notebook 01)."""
    rows = [
        "| field | agreed | raw agreement (95% interval) | Cohen's kappa (95% interval) |",
        "|---|---|---|---|",
    ]
    for r in rel.table.itertuples(index=False):
        rows.append(
            f"| {FIELD_LABELS[r.field]} | {r.agree} of {r.n} | {r.raw:.0%} ({r.raw_low:.0%} to {r.raw_high:.0%}) | "
            f"{r.kappa:.2f} ({r.kappa_low:.2f} to {r.kappa_high:.2f}) |"
        )
    return "\n".join(rows)


def render_reliability(rel: Reliability) -> str:
    """The codebook's generated reliability block."""
    target = "meets" if rel.meets_target() else "falls short of"
    text = [
        REL_BEGIN,
        "",
        agreement_markdown(rel),
        "",
        f"{rel.coded} events were coded twice ({rel.strata.get('us_pressure', 0)} US acts coded as pushing on a side, "
        f"{rel.strata.get('us_none', 0)} US acts coded `none` that plausibly push on one, "
        f"{rel.strata.get('other', 0)} Russian, Ukrainian and European acts). "
        f"The coding {target} the target of kappa {KAPPA_TARGET} on whose position an act pushes on and on its signed direction. "
        f"Intervals: {N_BOOT:,} bootstrap resamples of the events (seed {BOOT_SEED}). "
        f"The coders disagreed on {rel.disagreements} fields of {rel.events_disagreed} events; "
        f"adjudication kept the first coding in {rel.kept_first}, took the second coder's in {rel.took_second} "
        f"and chose another value in {rel.other_value}, and changed {rel.consistency} fields of other rows "
        "so that the same rule is applied everywhere (`data/reliability/adjudication.csv`).",
        "",
        REL_END,
    ]
    return "\n".join(text)


def main(argv: list[str] | None = None) -> int:
    from seesaw.data.load import load_events

    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] in ("round2", "gaza"):
        from seesaw import paths

        out = Path(args[1])
        out.mkdir(parents=True, exist_ok=True)
        events = load_events(paths.DATA / "events.csv")
        gaza = args[0] == "gaza"
        frames = gaza_strata(events) if gaza else round2_strata(events)
        write_frames(frames, out / FRAMES)
        sample = draw_gaza(events) if gaza else draw_round2(events)
        coders = GAZA_CODERS if gaza else ROUND2_CODERS
        sample["date"] = pd.to_datetime(sample["date"]).dt.strftime("%Y-%m-%d")
        sample[["id", "stratum", "weight"]].to_csv(out / "strata.csv", index=False)
        for name, (lo, hi) in coders.items():
            sample.iloc[lo:hi][ROUND2_COLUMNS].to_csv(
                out / f"input_{name}.csv", index=False
            )
        sample[ROUND2_COLUMNS].to_csv(out / "input.csv", index=False)
        print(f"wrote {len(sample)} rows to {out}")
        return 0
    if len(args) != 2 or args[0] != "sample":
        print(
            "usage: python -m seesaw.analysis.reliability sample OUT.csv",
            file=sys.stderr,
        )
        return 1
    from seesaw import paths

    events = load_events(paths.DATA / "events.csv")
    packet = blind_packet(draw_sample(events))
    packet["date"] = pd.to_datetime(packet["date"]).dt.strftime("%Y-%m-%d")
    packet.to_csv(Path(args[1]), index=False)
    print(f"wrote {len(packet)} rows to {args[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

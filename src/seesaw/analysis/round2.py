"""Round two of the reliability study: the first coding against two coders who worked
from the pages alone (`data/reliability/round2/`, protocol in its `PROTOCOL.md`).

- `load_round2` reads the committed files: the sample's strata and weights, both coders'
  outputs, the adjudicator's raw decisions and the key that unshuffles its labels.
- `compared_pairs` lines up the first coding (events.csv as it stands) with each second
  coder, leaving out the pairs the adjudicator found were codings of different acts (R0).
- `estimate` gives Cohen's kappa (statsmodels, on the weighted table) and Krippendorff's
  alpha (nominal, from the coincidence matrix; tested against the `krippendorff` package)
  per stratum and weighted back to the file by the strata's frame sizes, each with a
  seeded bootstrap interval that resamples rows within strata.
- `adjudication` derives `adjudication.csv` (`id,field,first,second,final,rule`) from the
  raw decisions and the key, and `outcomes` counts which side's coding won, per field.

Agreement is computed on the first coder's codes as they stand in `events.csv` when round
two was compared, kept in `first_coding.csv` so that later corrections do not move it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from seesaw.analysis.agreement import FIELDS
from seesaw.analysis.reliability import ReliabilityError, direction
from seesaw.data import vocab

FOLDER = Path("reliability") / "round2"
CODERS = ("a", "b")
CODED = ("pressure_on", "effect", "mode", "kind")
STRATA = ("us_pressure", "us_none_all", "other")
US_STRATA = ("us_pressure", "us_none_all")
ADJUDICATION_COLUMNS = ["id", "field", "first", "second", "final", "rule"]
CONTESTED = "contested"


@dataclass(frozen=True)
class Round2:
    """The committed round-two files, read and checked."""

    strata: pd.DataFrame  # id, stratum, weight
    first: pd.DataFrame  # events.csv's coding of the sampled rows, indexed by id
    coders: dict[str, pd.DataFrame]  # coder -> id-indexed coding (with `hard`)
    raw: pd.DataFrame  # the adjudicator's decisions, labels unshuffled (`flagged`)
    key: pd.DataFrame  # id -> X, Y, Z
    names: tuple[str, ...] = CODERS  # the second coders, in order

    def frame_sizes(self) -> dict[str, float]:
        """Rows in each stratum's sampling frame (weight x rows drawn)."""
        sizes = self.strata.groupby("stratum")["weight"].agg(["first", "size"])
        return {s: float(round(r["first"] * r["size"])) for s, r in sizes.iterrows()}

    def flagged(self) -> dict[str, set[str]]:
        """Per row, the codings (first, a, b) the adjudicator found were of another act
        than the one its page leads with (R0)."""
        out: dict[str, set[str]] = {}
        for row in self.raw.drop_duplicates("id").itertuples(index=False):
            out[row.id] = set(row.flagged)
        return out


def _read(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise ReliabilityError(f"{path}: no such file") from None


#: The first coding of the sampled rows as it stood in events.csv when round two was
#: compared: later corrections to events.csv (adjudicated values among them) must not
#: move round two's agreement with the first coding.
FIRST_CODING = "first_coding.csv"


def snapshot(events: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """The first coding of `ids` (`id` and the coded fields) as `events` holds it."""
    ev = events.set_index("id")
    missing = sorted(set(ids) - set(ev.index))
    if missing:
        raise ReliabilityError(f"strata.csv: ids not in events.csv: {missing}")
    out = ev.loc[list(ids), list(CODED)].astype("string").fillna("")
    return out.reset_index()


def _read_coder(folder: Path, name: str, strata: pd.DataFrame) -> pd.DataFrame:
    """One second coder's file, its ids and values checked."""
    coding = _read(folder / f"coder_{name}.csv").set_index("id")
    unknown = sorted(set(coding.index) - set(strata["id"]))
    if unknown:
        raise ReliabilityError(f"coder_{name}.csv: ids not in the sample: {unknown}")
    allowed = {
        "pressure_on": set(vocab.PRESSURE_TARGETS),
        "effect": {"", *vocab.EFFECTS},
        "mode": set(vocab.MODES),
        "kind": set(vocab.KINDS),
        "hard": {"true", "false"},
    }
    bad = [
        f"coder_{name}.csv:{line}: column '{col}': not allowed (got {value!r})"
        for line, (_, row) in enumerate(coding.iterrows(), start=2)
        for col, values in allowed.items()
        if (value := row[col].lower() if col == "hard" else row[col]) not in values
    ]
    if bad:
        raise ReliabilityError("\n".join(bad))
    coding["hard"] = coding["hard"].str.lower().eq("true")
    return coding


def _read_first(folder: Path, strata: pd.DataFrame) -> pd.DataFrame:
    first = _read(folder / FIRST_CODING)
    if list(first.columns) != ["id", *CODED] or list(first["id"]) != list(strata["id"]):
        raise ReliabilityError(
            f"{folder / FIRST_CODING}: must be id,{','.join(CODED)} for strata.csv's ids, in order"
        )
    return first.set_index("id")


#: The Gaza stratum (issue 24): its own folder, coders and first-coding snapshot; no
#: adjudication yet, so no pair is left out as a coding of another act.
GAZA_FOLDER = FOLDER / "gaza"
GAZA_CODERS = ("gaza_a", "gaza_b")


def load_gaza(data_dir: Path | str) -> Round2:
    """Read `data/reliability/round2/gaza/`: the strata, the first coding's snapshot and
    both Gaza-stratum coders, and the adjudication once it is there."""
    folder = Path(data_dir) / GAZA_FOLDER
    strata = _read(folder / "strata.csv")
    strata["weight"] = strata["weight"].astype(float)
    first = _read_first(folder, strata)
    coders = {name: _read_coder(folder, name, strata) for name in GAZA_CODERS}
    if (folder / "adjudication_raw.csv").exists():
        raw, key = _read_adjudication(folder)
    else:  # before the stratum was adjudicated
        raw = pd.DataFrame(
            {
                c: pd.Series(dtype=object)
                for c in ("id", "field", "final", "rule", "flagged")
            }
        )
        key = pd.DataFrame(columns=["X", "Y", "Z"]).rename_axis("id")
    return Round2(strata, first, coders, raw, key, names=GAZA_CODERS)


def _read_adjudication(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The adjudicator's raw decisions with their labels unshuffled (`flagged`: the
    codings found to be of another act, R0) and the key; refused by line if a label or
    an id does not match the key."""
    key = _read(folder / "adjudication_key.csv").set_index("id")
    raw = _read(folder / "adjudication_raw.csv")
    labels = {
        rid: {lab: key.at[rid, lab] for lab in "XYZ" if key.at[rid, lab]}
        for rid in key.index
    }
    problems = []
    flagged = []
    for line, row in enumerate(raw.itertuples(index=False), start=2):
        if row.id not in labels:
            problems.append(
                f"adjudication_raw.csv:{line}: id {row.id!r} not in the key"
            )
            flagged.append(())
            continue
        marks = row.different_act.split()
        bad = [m for m in marks if m not in labels[row.id]]
        if bad:
            problems.append(f"adjudication_raw.csv:{line}: unknown label(s) {bad}")
        flagged.append(tuple(labels[row.id][m] for m in marks if m not in bad))
    raw["flagged"] = flagged
    for rid, marks in raw.groupby("id")["flagged"]:
        if len(set(marks)) > 1:
            problems.append(
                f"adjudication_raw.csv: id {rid}: different_act differs between its lines"
            )
    if problems:
        raise ReliabilityError("\n".join(problems))
    raw["final"] = raw["final"].replace("blank", "")
    return raw, key


def load_round2(data_dir: Path | str) -> Round2:
    """Read `data/reliability/round2/`: the strata, the first coding of the sampled
    rows as it stood (`first_coding.csv`), both coders and the adjudication."""
    data_dir = Path(data_dir)
    folder = data_dir / FOLDER
    strata = _read(folder / "strata.csv")
    strata["weight"] = strata["weight"].astype(float)
    first = _read_first(folder, strata)
    coders = {name: _read_coder(folder, name, strata) for name in CODERS}
    raw, key = _read_adjudication(folder)
    return Round2(strata=strata, first=first, coders=coders, raw=raw, key=key)


def _with_direction(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[list(CODED)].astype(str).copy()
    out["direction"] = direction(out).astype(str)
    return out


def act_mismatch(flags: set[str], one: str, other: str) -> bool:
    """Two codings of a row are of different acts when the adjudicator flagged exactly
    one of them (a coding it flagged departs from the act the page leads with; two
    flagged codings describe the same other act)."""
    return (one in flags) != (other in flags)


def compared_pairs(r2: Round2, coders: Sequence[str] | None = None) -> pd.DataFrame:
    """The first coding against each second coder in `coders`: one row per compared
    pair (`id, stratum, coder, hard, share, <field>_1, <field>_2`), with the pairs of
    different acts (R0) left out. `share` splits a row coded by both coders between its
    two pairs; `hard` is true when either second coder marked the row hard."""
    flags = r2.flagged()
    stratum = r2.strata.set_index("id")["stratum"]
    first = _with_direction(r2.first)
    hard = pd.Series(False, index=r2.strata["id"])
    for coding in r2.coders.values():
        hard.loc[coding.index[coding["hard"]]] = True
    rows = []
    for name in r2.names if coders is None else coders:
        second = _with_direction(r2.coders[name])
        for rid in second.index:
            if act_mismatch(flags.get(rid, set()), "first", name):
                continue
            rec = {
                "id": rid,
                "stratum": stratum[rid],
                "coder": name,
                "hard": bool(hard[rid]),
            }
            for field in FIELDS:
                rec[f"{field}_1"] = first.at[rid, field]
                rec[f"{field}_2"] = second.at[rid, field]
            rows.append(rec)
    out = pd.DataFrame(rows)
    out["share"] = 1.0 / out.groupby("id")["id"].transform("size")
    return out


def coder_pairs(r2: Round2) -> pd.DataFrame:
    """Coder a against coder b on the rows both coded (pairs of different acts left out)."""
    flags = r2.flagged()
    stratum = r2.strata.set_index("id")["stratum"]
    one, two = r2.names
    a, b = (_with_direction(r2.coders[c]) for c in r2.names)
    rows = []
    for rid in a.index.intersection(b.index):
        if act_mismatch(flags.get(rid, set()), one, two):
            continue
        rec = {"id": rid, "stratum": stratum[rid], "coder": "a-b", "share": 1.0}
        rec["hard"] = bool(
            r2.coders[one].at[rid, "hard"] or r2.coders[two].at[rid, "hard"]
        )
        for field in FIELDS:
            rec[f"{field}_1"] = a.at[rid, field]
            rec[f"{field}_2"] = b.at[rid, field]
        rows.append(rec)
    return pd.DataFrame(rows)


def mismatches(r2: Round2) -> dict[str, int]:
    """Rows left out of each coder's comparison as codings of a different act (R0), and
    how many of them were rows whose page leads with another act than the first coding's."""
    flags = r2.flagged()
    out = {}
    for name in r2.names:
        ids = [
            rid
            for rid in r2.coders[name].index
            if act_mismatch(flags.get(rid, set()), "first", name)
        ]
        out[name] = len(ids)
        out[f"{name}_page_leads_with_another_act"] = sum(
            "first" in flags.get(rid, set()) for rid in ids
        )
    one, other = r2.names
    shared = r2.coders[one].index.intersection(r2.coders[other].index)
    out[f"{one}-{other}"] = sum(
        act_mismatch(flags.get(rid, set()), one, other) for rid in shared
    )
    return out


# --- adjudication -------------------------------------------------------------------


def _value(coding: pd.DataFrame, rid: str, field: str) -> str:
    return str(coding.at[rid, field])


def adjudication(r2: Round2) -> pd.DataFrame:
    """`adjudication.csv`: one line per disputed field of a row, with the first
    coding's value, the second coders' (`a:VALUE;b:VALUE`, the coders who coded the
    row), the final value and the rule. A dispute whose every second coding that
    differs from the first is of a different act (R0) is not adjudicated: its final
    value is the first coding's and its rule `R0`. `contested` (R3) keeps the value in
    events.csv."""
    flags = r2.flagged()
    rows = []
    for dec in r2.raw.itertuples(index=False):
        rid, field = dec.id, dec.field
        first = _value(r2.first, rid, field)
        coded = [c for c in r2.names if rid in r2.coders[c].index]
        second = ";".join(f"{c}:{_value(r2.coders[c], rid, field)}" for c in coded)
        differing = [c for c in coded if _value(r2.coders[c], rid, field) != first]
        if all(act_mismatch(flags.get(rid, set()), "first", c) for c in differing):
            final, rule = first, "R0"
        else:
            final, rule = dec.final, dec.rule
        rows.append([rid, field, first, second, final, rule])
    return pd.DataFrame(rows, columns=ADJUDICATION_COLUMNS)


def outcomes(r2: Round2) -> pd.DataFrame:
    """Who won each disagreement between the first coding and a second coder, per
    field: `first`, `second`, `other` (a third value), `contested` (R3, counted apart,
    never as a win) and `act_mismatch` (R0: not adjudicated)."""
    flags = r2.flagged()
    final = r2.raw.set_index(["id", "field"])["final"]
    counts = {f: dict.fromkeys(OUTCOMES, 0) for f in CODED}
    for name in r2.names:
        coding = r2.coders[name]
        for rid in coding.index:
            for field in CODED:
                first, second = (
                    _value(r2.first, rid, field),
                    _value(coding, rid, field),
                )
                if first == second:
                    continue
                if act_mismatch(flags.get(rid, set()), "first", name):
                    outcome = "act_mismatch"
                else:
                    decided = final[(rid, field)]
                    outcome = (
                        "contested"
                        if decided == CONTESTED
                        else "first"
                        if decided == first
                        else "second"
                        if decided == second
                        else "other"
                    )
                counts[field][outcome] += 1
    return pd.DataFrame(counts).T.rename_axis("field").reset_index()


OUTCOMES = ("first", "second", "other", "contested", "act_mismatch")


def main(argv: list[str] | None = None) -> int:
    """`python -m seesaw.analysis.round2 first` writes the first coding's snapshot (once,
    when round two is compared); `... adjudication` writes adjudication.csv, and
    `... adjudication gaza` the Gaza stratum's."""
    from seesaw import paths
    from seesaw.files import atomic_write

    args = sys.argv[1:] if argv is None else argv
    folder = paths.DATA / FOLDER
    if args == ["first"]:
        events = pd.read_csv(
            paths.DATA / "events.csv", dtype=str, keep_default_na=False
        )
        table = snapshot(events, list(_read(folder / "strata.csv")["id"]))
        path = folder / FIRST_CODING
    elif args == ["adjudication"]:
        table = adjudication(load_round2(paths.DATA))
        path = folder / "adjudication.csv"
    elif args == ["adjudication", "gaza"]:
        table = adjudication(load_gaza(paths.DATA))
        path = paths.DATA / GAZA_FOLDER / "adjudication.csv"
    else:
        print(
            "usage: python -m seesaw.analysis.round2 first|adjudication [gaza]",
            file=sys.stderr,
        )
        return 1
    atomic_write(path, table.to_csv(index=False, lineterminator="\n"))
    print(f"wrote {len(table)} rows to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

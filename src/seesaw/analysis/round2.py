"""Round two of the reliability study: the first coding (as `first_coding.csv` keeps it)
against two coders who worked from the pages alone (`data/reliability/round2/`, see its
PROTOCOL.md), and its Gaza stratum (`round2/gaza/`); pairs the adjudicator found were of
different acts (R0) are left out."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from seesaw.analysis import reliability
from seesaw.analysis.agreement import FIELDS
from seesaw.analysis.reliability import ALLOWED, ReliabilityError, read_coded, read_csv

FOLDER = Path("reliability") / "round2"
CODERS = ("a", "b")
CODED = reliability.CODED_FIELDS
FIRST_CODING = reliability.FIRST_CODING
CODER_COLUMNS = ["id", "summary", *CODED, "hard", "note"]
STRATA = ("us_pressure", "us_none_all", "other")
US_STRATA = ("us_pressure", "us_none_all")
ADJUDICATION_COLUMNS = ["id", "field", "first", "second", "final", "rule"]
CONTESTED = "contested"
OUTCOMES = ("first", "second", "other", "contested", "act_mismatch")
GAZA_FOLDER = FOLDER / "gaza"
GAZA_CODERS = ("gaza_a", "gaza_b")


@dataclass(frozen=True)
class Round2:
    strata: pd.DataFrame  # id, stratum, weight
    first: pd.DataFrame  # events.csv's coding of the sampled rows, indexed by id
    coders: dict[str, pd.DataFrame]  # coder -> id-indexed coding (with `hard`)
    raw: pd.DataFrame  # the adjudicator's decisions, labels unshuffled (`flagged`)
    names: tuple[str, ...] = CODERS  # the second coders, in order

    def frame_sizes(self) -> dict[str, float]:
        """Rows in each stratum's sampling frame (weight x rows drawn)."""
        sizes = self.strata.groupby("stratum")["weight"].agg(["first", "size"])
        return {s: float(round(r["first"] * r["size"])) for s, r in sizes.iterrows()}

    @cached_property
    def flags(self) -> dict[str, set[str]]:
        """Per row, the codings the adjudicator found were of another act (R0)."""
        rows = self.raw.drop_duplicates("id")
        return {rid: set(f) for rid, f in zip(rows["id"], rows["flagged"], strict=True)}

    @cached_property
    def hard(self) -> set[str]:
        """The rows either second coder marked hard."""
        return {rid for c in self.coders.values() for rid in c.index[c["hard"]]}

    def mismatch(self, rid: str, one: str, other: str) -> bool:
        """Two codings are of different acts when the adjudicator flagged exactly one of
        them (two flagged codings describe the same other act)."""
        flags = self.flags.get(rid, set())
        return (one in flags) != (other in flags)


def snapshot(events: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """The first coding of `ids` (`id` and the coded fields) as `events` holds it."""
    ev = events.set_index("id")
    missing = sorted(set(ids) - set(ev.index))
    if missing:
        raise ReliabilityError(f"strata.csv: ids not in events.csv: {missing}")
    return ev.loc[list(ids), list(CODED)].astype("string").fillna("").reset_index()


#: A weight is rows in the stratum's frame per row drawn: never near this many.
MAX_WEIGHT = 1e6


def _read_strata(folder: Path) -> pd.DataFrame:
    """The sample: each row's id, stratum and weight (rows in its frame per row drawn,
    a number above 0)."""
    path = folder / "strata.csv"
    strata = read_csv(path)
    if list(strata.columns) != ["id", "stratum", "weight"] or strata.empty:
        raise ReliabilityError(
            f"{path.name}: must be id,stratum,weight with a row per sampled id"
        )
    weight = pd.to_numeric(strata["weight"], errors="coerce")
    bad = ~(weight.gt(0) & weight.le(MAX_WEIGHT))
    problems = [
        f"{path.name}:{i + 2}: column 'weight': must be a number above 0 and at most "
        f"{MAX_WEIGHT:,.0f} (got {v!r})"
        for i, v in zip(strata.index[bad], strata["weight"][bad], strict=True)
    ]
    if problems:
        raise ReliabilityError("\n".join(problems))
    return strata.assign(weight=weight)


def _read_coder(folder: Path, name: str, strata: pd.DataFrame) -> pd.DataFrame:
    allowed = {**ALLOWED, "hard": {"true", "false"}}
    path = folder / f"coder_{name}.csv"
    coding = read_coded(path, CODER_COLUMNS, allowed, None).set_index("id")
    unknown = sorted(set(coding.index) - set(strata["id"]))
    if unknown:
        raise ReliabilityError(f"{path.name}: ids not in the sample: {unknown}")
    if coding.empty:
        raise ReliabilityError(
            f"{path.name}: no rows; the coder's coding of the sample goes here"
        )
    return coding.assign(hard=coding["hard"].eq("true"))


def _read_adjudication(folder: Path) -> pd.DataFrame:
    """The adjudicator's decisions, labels unshuffled by the key (`flagged`: R0)."""
    key = read_csv(folder / "adjudication_key.csv")
    raw = read_csv(folder / "adjudication_raw.csv")
    for name, table, need in (
        ("adjudication_key.csv", key, ["id", "X", "Y", "Z"]),
        (
            "adjudication_raw.csv",
            raw,
            ["id", "field", "final", "rule", "different_act"],
        ),
    ):
        if missing := [c for c in need if c not in table.columns]:
            raise ReliabilityError(f"{name}:1: columns missing: {', '.join(missing)}")
    key = key.set_index("id")
    labels = {rid: {k: row[k] for k in "XYZ" if row[k]} for rid, row in key.iterrows()}
    problems, flagged = [], []
    rules = raw["rule"].str.fullmatch(r"R0|R2|R3|R1:[\w-]+")
    problems += [
        f"adjudication_raw.csv:{i + 2}: column 'rule': must be R0, "
        f"R1:<the rule>, R2 or R3 (got {v!r})"
        for i, v in zip(raw.index[~rules], raw["rule"][~rules], strict=True)
    ]
    for line, row in enumerate(raw.itertuples(index=False), start=2):
        known, marks = labels.get(row.id, {}), row.different_act.split()
        if row.id not in labels:
            problems.append(
                f"adjudication_raw.csv:{line}: id {row.id!r} not in the key"
            )
        elif bad := [m for m in marks if m not in known]:
            problems.append(f"adjudication_raw.csv:{line}: unknown label(s) {bad}")
        flagged.append(tuple(known[m] for m in marks if m in known))
    raw["flagged"] = flagged
    for rid, marks in raw.groupby("id")["flagged"]:
        if len(set(marks)) > 1:
            problems.append(
                f"adjudication_raw.csv: id {rid}: different_act differs between its lines"
            )
    if problems:
        raise ReliabilityError("\n".join(problems))
    raw["final"] = raw["final"].replace("blank", "")
    return raw


def _load(folder: Path, names: tuple[str, ...], optional: bool = False) -> Round2:
    strata = _read_strata(folder)
    first = read_csv(folder / FIRST_CODING)
    if list(first.columns) != ["id", *CODED] or list(first["id"]) != list(strata["id"]):
        raise ReliabilityError(
            f"{folder / FIRST_CODING}: must be id,{','.join(CODED)} for strata.csv's ids, in order"
        )
    coders = {name: _read_coder(folder, name, strata) for name in names}
    if not optional or (folder / "adjudication_raw.csv").exists():
        raw = _read_adjudication(folder)
    else:  # a Gaza stratum not adjudicated yet
        raw = pd.DataFrame(columns=["id", "field", "final", "rule", "flagged"])
    return Round2(strata, first.set_index("id"), coders, raw, names)


def load_round2(data_dir: Path | str) -> Round2:
    return _load(Path(data_dir) / FOLDER, CODERS)


def load_gaza(data_dir: Path | str) -> Round2:
    return _load(Path(data_dir) / GAZA_FOLDER, GAZA_CODERS, optional=True)


def _pairs(r2: Round2, one: str, two: str, ids: Sequence[str]) -> list[dict]:
    """Coding `one` (`first` or a coder) against coder `two` on `ids`, R0 left out."""
    stratum = r2.strata.set_index("id")["stratum"]
    a = reliability.with_direction(r2.first if one == "first" else r2.coders[one])
    b = reliability.with_direction(r2.coders[two])
    coder = two if one == "first" else "a-b"
    return [
        {
            "id": rid,
            "stratum": stratum[rid],
            "coder": coder,
            "hard": rid in r2.hard,
            **{f"{f}_{i}": c.at[rid, f] for f in FIELDS for i, c in ((1, a), (2, b))},
        }
        for rid in ids
        if not r2.mismatch(rid, one, two)
    ]


def compared_pairs(r2: Round2) -> pd.DataFrame:
    """The first coding against each second coder, one row per pair (`id, stratum, coder,
    hard, <field>_1, <field>_2, share`); `share` splits a row both coders coded between
    its two pairs; `hard`: either coder marked the row hard."""
    ids = {name: r2.coders[name].index for name in r2.names}
    out = pd.DataFrame([p for c in r2.names for p in _pairs(r2, "first", c, ids[c])])
    return out.assign(share=1.0 / out.groupby("id")["id"].transform("size"))


def coder_pairs(r2: Round2) -> pd.DataFrame:
    """Coder a against coder b on the rows both coded."""
    a, b = r2.names
    shared = r2.coders[a].index.intersection(r2.coders[b].index)
    return pd.DataFrame(_pairs(r2, a, b, shared)).assign(share=1.0)


def mismatches(r2: Round2) -> dict[str, int]:
    """Rows left out of each coder's comparison (R0), and how many of them were rows whose
    page leads with another act than the first coding's."""
    out = {}
    for name in r2.names:
        ids = [rid for rid in r2.coders[name].index if r2.mismatch(rid, "first", name)]
        out[name] = len(ids)
        out[f"{name}_page_leads_with_another_act"] = sum(
            "first" in r2.flags.get(rid, set()) for rid in ids
        )
    one, other = r2.names
    shared = r2.coders[one].index.intersection(r2.coders[other].index)
    out[f"{one}-{other}"] = sum(r2.mismatch(rid, one, other) for rid in shared)
    return out


def adjudication(r2: Round2) -> pd.DataFrame:
    """`adjudication.csv`: per disputed field of a row, the first coding's value, the second
    coders' (`a:VALUE;b:VALUE`), the final value and the rule; a dispute whose every
    differing coding is of another act keeps the first coding's value (rule `R0`)."""
    rows = []
    for dec in r2.raw.itertuples(index=False):
        rid, field = dec.id, dec.field
        first = str(r2.first.at[rid, field])
        values = {
            c: str(r2.coders[c].at[rid, field])
            for c in r2.names
            if rid in r2.coders[c].index
        }
        second = ";".join(f"{c}:{v}" for c, v in values.items())
        r0 = all(r2.mismatch(rid, "first", c) for c, v in values.items() if v != first)
        final, rule = (first, "R0") if r0 else (dec.final, dec.rule)
        rows.append([rid, field, first, second, final, rule])
    return pd.DataFrame(rows, columns=ADJUDICATION_COLUMNS)


def outcomes(r2: Round2) -> dict[str, dict[str, int]]:
    """Who won each disagreement of the first coding with a second coder, per field:
    `first`, `second`, `other`, `contested` (R3) or `act_mismatch` (R0)."""
    final = r2.raw.set_index(["id", "field"])["final"]
    counts = {f: dict.fromkeys(OUTCOMES, 0) for f in CODED}
    for name, coding in r2.coders.items():
        for rid in coding.index:
            for field in CODED:
                first, second = str(r2.first.at[rid, field]), str(coding.at[rid, field])
                if first == second:
                    continue
                won = {CONTESTED: "contested", first: "first", second: "second"}
                if r2.mismatch(rid, "first", name):
                    counts[field]["act_mismatch"] += 1
                else:
                    counts[field][won.get(final[(rid, field)], "other")] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    """`python -m seesaw.analysis.round2 first|adjudication [gaza]`: write the first
    coding's snapshot, or adjudication.csv (of round two or its Gaza stratum)."""
    from seesaw import paths
    from seesaw.files import atomic_write

    args = sys.argv[1:] if argv is None else argv
    folder = paths.DATA / FOLDER
    if args == ["first"]:
        events = read_csv(paths.DATA / "events.csv")
        table = snapshot(events, list(read_csv(folder / "strata.csv")["id"]))
        path = folder / FIRST_CODING
    elif args in (["adjudication"], ["adjudication", "gaza"]):
        gaza = args[1:] == ["gaza"]
        table = adjudication((load_gaza if gaza else load_round2)(paths.DATA))
        path = paths.DATA / (GAZA_FOLDER if gaza else FOLDER) / "adjudication.csv"
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

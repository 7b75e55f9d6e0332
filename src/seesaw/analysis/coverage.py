"""Coverage: how many US acts of pressure does the dataset miss? Capture-recapture over
three lists of three sample months (`data/reliability/coverage/`, see its PROTOCOL.md):
the dataset and two sourcing passes; Chapman's estimate for each pair of lists, and
Poisson log-linear models over the three, the richest identifiable one reported."""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from seesaw.analysis.agreement import Estimate
from seesaw.analysis.describe import Z_CRITICAL
from seesaw.analysis.reliability import ReliabilityError, read_csv
from seesaw.data import vocab

FOLDER = Path("reliability") / "coverage"
LISTS = ("dataset", "outlet", "actor")
#: The pairs of lists, and the pairwise interactions of the log-linear models.
INTERACTIONS = (("dataset", "outlet"), ("dataset", "actor"), ("outlet", "actor"))
#: The two-sided 95% normal critical value, the one the Wilson intervals use.
Z95 = Z_CRITICAL[vocab.ALPHA]


def histories(scope: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct in-scope act, a 0/1 column per list (rows joined by any match);
    a match of an out-of-scope row, or an act caught twice by one list, is refused."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    inside = scope[scope["in_scope"] == "yes"]
    where = {
        n: i for i, n in enumerate(zip(inside["list"], inside["row"], strict=True))
    }
    problems, edges = [], []
    for line, m in enumerate(matches.itertuples(index=False), start=2):
        one, two = (m.list1, m.row1), (m.list2, m.row2)
        if one not in where or two not in where:
            problems.append(f"matches.csv:{line}: a row not in scope ({one}, {two})")
        else:
            edges.append((where[one], where[two]))
    n = len(where)
    graph = coo_matrix(([1] * len(edges), tuple(zip(*edges)) or ([], [])), (n, n))
    act = connected_components(graph, directed=False)[1]
    groups = inside["list"].groupby(act).agg(list)
    for members in groups:
        if len(members) != len(set(members)):
            problems.append(f"one act caught twice by a list: {sorted(members)}")
    if problems:
        raise ReliabilityError("\n".join(problems))
    return pd.DataFrame(
        [[int(name in members) for name in LISTS] for members in groups],
        columns=list(LISTS),
    )


def chapman(n1: int, n2: int, m: int) -> Estimate:
    """Chapman's estimator (n1+1)(n2+1)/(m+1) - 1, with Seber's (1970) variance
    (n1+1)(n2+1)(n1-m)(n2-m) / ((m+1)^2 (m+2)) and a normal 95% interval."""
    total = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    half = Z95 * np.sqrt(var)
    return Estimate(float(total), float(total - half), float(total + half))


def pairwise(hist: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Chapman's estimate for each pair of lists."""
    out = {}
    for one, two in INTERACTIONS:
        n1, n2 = int(hist[one].sum()), int(hist[two].sum())
        m = int((hist[one] & hist[two]).sum())
        est = dict(zip(("estimated_total", "low", "high"), chapman(n1, n2, m)))
        out[f"{one}-{two}"] = {"n1": n1, "n2": n2, "matched": m, **est}
    return out


#: Beyond these a fitted parameter or its standard error is taken as diverging.
MAX_SE = 50.0
MAX_PARAM = 30.0


@dataclass(frozen=True)
class Fit:
    name: str
    terms: tuple[tuple[str, str], ...]
    unseen: float  # the estimated count of acts no list caught
    total: Estimate
    aic: float
    deviance: float
    df_resid: int
    identifiable: bool


def cell_counts(hist: pd.DataFrame) -> pd.DataFrame:
    """The observed capture histories and their counts (the unobserved cell left out)."""
    cells = pd.DataFrame(
        list(itertools.product((0, 1), repeat=len(LISTS))), columns=list(LISTS)
    )
    cells = cells[cells.sum(axis=1) > 0].reset_index(drop=True)
    counts = hist.value_counts().rename("n").reset_index()
    return cells.merge(counts, how="left", on=list(LISTS)).fillna({"n": 0})


def fit_loglinear(hist: pd.DataFrame, terms: tuple[tuple[str, str], ...]) -> Fit:
    """A Poisson log-linear model of the seven observed cells (statsmodels GLM); the
    unseen cell is exp(intercept), with a 95% interval exp(b0 +- 1.96 se) added to the
    acts observed."""
    import statsmodels.api as sm

    cells = cell_counts(hist)
    design = cells[list(LISTS)].astype(float)
    for a, b in terms:
        design[f"{a}:{b}"] = design[a] * design[b]
    design.insert(0, "const", 1.0)
    y = cells["n"].to_numpy(float)
    full_rank = bool(np.linalg.matrix_rank(design.to_numpy()) == design.shape[1])
    with warnings.catch_warnings():  # a model with no residual df fits exactly
        warnings.simplefilter("ignore")
        res = sm.GLM(y, design, family=sm.families.Poisson()).fit()
    b0, se = float(res.params["const"]), float(res.bse["const"])
    # A zero in a cell the model needs sends a parameter off to infinity (no MLE).
    finite = bool(
        np.isfinite(res.bse).all()
        and (res.bse < MAX_SE).all()
        and (np.abs(res.params) < MAX_PARAM).all()
    )
    seen = float(y.sum())
    with np.errstate(over="ignore"):
        unseen, low, high = (
            float(np.exp(b)) for b in (b0, b0 - Z95 * se, b0 + Z95 * se)
        )
    total = Estimate(seen + unseen, seen + low, seen + high)
    return Fit(
        name=" + ".join(["main effects", *(f"{a}:{b}" for a, b in terms)]),
        terms=terms,
        unseen=unseen,
        total=total,
        aic=float(res.aic),
        deviance=float(res.deviance),
        df_resid=round(res.df_resid),
        identifiable=full_rank and finite,
    )


def loglinear(hist: pd.DataFrame) -> list[Fit]:
    """Every hierarchical model without the three-way term, simplest first."""
    return [
        fit_loglinear(hist, terms)
        for k in range(len(INTERACTIONS) + 1)
        for terms in itertools.combinations(INTERACTIONS, k)
    ]


def chosen(fits: list[Fit]) -> Fit:
    """The estimate reported: main effects and as many pairwise interactions as are
    identifiable (the most terms; among equals, the lowest AIC)."""
    ok = [f for f in fits if f.identifiable]
    if not ok:
        raise ReliabilityError("coverage: no log-linear model is identifiable")
    return min(ok, key=lambda f: (-len(f.terms), f.aic))


def _total(t: Estimate) -> dict[str, object]:
    return {
        "estimated_total": round(t.value, 1),
        "interval": [round(t.low, 1), round(t.high, 1)],
    }


@dataclass(frozen=True)
class Coverage:
    hist: pd.DataFrame
    fits: list[Fit]
    model: Fit
    dataset: int  # the dataset's in-scope acts in the three months

    def completeness(self) -> Estimate:
        """The dataset's in-scope count over the estimated total, with its interval."""
        t = self.model.total
        return Estimate(*(self.dataset / v for v in (t.value, t.high, t.low)))

    def as_dict(self) -> dict[str, object]:
        """`{"estimated_total": n, "interval": [lo, hi], "completeness": share}`."""
        return {
            **_total(self.model.total),
            "completeness": round(self.completeness().value, 4),
        }

    def detail(self) -> dict[str, object]:
        c = self.completeness()
        return {
            "model": self.model.name,
            "dataset_in_scope": self.dataset,
            "acts_found_by_any_list": len(self.hist),
            "completeness_interval": [round(c.low, 4), round(c.high, 4)],
            "completeness_at_most": round(self.dataset / len(self.hist), 4),
            "in_scope": {name: int(self.hist[name].sum()) for name in LISTS},
            "chapman": {
                k: {kk: round(vv, 1) for kk, vv in v.items()}
                for k, v in pairwise(self.hist).items()
            },
            "loglinear": [
                {
                    "model": f.name,
                    **_total(f.total),
                    "aic": round(f.aic, 2),
                    "deviance": round(f.deviance, 2),
                    "df": f.df_resid,
                }
                for f in self.fits
            ],
        }


def coverage(data_dir: Path | str) -> Coverage:
    folder = Path(data_dir) / FOLDER
    hist = histories(read_csv(folder / "scope.csv"), read_csv(folder / "matches.csv"))
    fits = loglinear(hist)
    return Coverage(hist, fits, chosen(fits), int(hist["dataset"].sum()))

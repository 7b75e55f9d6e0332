"""Weighted agreement between two codings: Cohen's kappa and Krippendorff's alpha, each
unit weighted back to its stratum's frame, with stratified bootstrap intervals."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from seesaw.data import memo

#: The fields compared, in reading order; `direction` is derived from pressure_on and effect.
FIELDS = ("pressure_on", "direction", "effect", "mode", "kind")
BOOT_SEED = 20261206
N_BOOT = 2000


def _onehots(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    cats, codes = np.unique(np.concatenate([x, y]), return_inverse=True)
    eye = np.eye(len(cats))
    return eye[codes[: len(x)]], eye[codes[len(x) :]]


def kappa_many(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Cohen's kappa for each row of `weights` (units' weights; a bootstrap draw's
    weight is the unit's weight times how often the draw took it). NaN where the
    expected agreement is 1 (every code the same)."""
    one_x, one_y = _onehots(x, y)
    total = weights.sum(axis=1)
    p_obs = weights @ (x == y).astype(float) / total
    p_exp = ((weights @ one_x) * (weights @ one_y)).sum(axis=1) / total**2
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(p_exp < 1 - 1e-12, (p_obs - p_exp) / (1 - p_exp), np.nan)


def alpha_many(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Krippendorff's alpha (nominal, two codings per unit) for each row of `weights`:
    alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k, with the coincidence
    matrix o counting each unit's two values with its weight and n = 2 * sum of weights.
    With integer weights this is alpha on the units repeated that often (tested against
    the `krippendorff` package)."""
    one_x, one_y = _onehots(x, y)
    n_c = weights @ (one_x + one_y)
    n = n_c.sum(axis=1)
    off_obs = 2 * weights @ (x != y).astype(float)
    off_exp = n**2 - (n_c**2).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(off_exp > 1e-12, 1 - (n - 1) * off_obs / off_exp, np.nan)


def cohen_kappa(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> float:
    """Cohen's kappa of the weighted contingency table (`kappa_many` for one set of
    weights; tests check it against statsmodels); NaN when every code is the same."""
    return float(kappa_many(x, y, np.asarray(weights, dtype=float)[None, :])[0])


def unit_weights(pairs: pd.DataFrame, frames: dict[str, float]) -> np.ndarray:
    """Each pair's weight: its stratum's frame size over the rows of that stratum
    compared, times its share of its row; scaled to sum to the rows compared. Within a
    stratum the weights are the shares (1, or 1/2 for a row both coders coded)."""
    rows = pairs.groupby("stratum")["id"].nunique()
    per_row = pairs["stratum"].map(lambda s: frames[s] / rows[s]).to_numpy(float)
    w = per_row * pairs["share"].to_numpy(float)
    return w * pairs["id"].nunique() / w.sum()


def _stratified_draws(
    pairs: pd.DataFrame, n_boot: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """How often each row is taken in each draw (rows resampled with replacement within
    their stratum, as many as the stratum has), and each pair's row index."""
    rng = np.random.default_rng(seed)
    row, ids = pd.factorize(pairs["id"])
    stratum = pairs.drop_duplicates("id")["stratum"].to_numpy()
    counts = np.zeros((n_boot, len(ids)))
    for s in sorted(set(stratum)):
        members = np.flatnonzero(stratum == s)
        draws = rng.integers(0, len(members), size=(n_boot, len(members)))
        cell = np.arange(n_boot)[:, None] * len(ids) + members[draws]
        counts += np.bincount(cell.ravel(), minlength=counts.size).reshape(counts.shape)
    return counts, row


class Estimate(NamedTuple):
    value: float
    low: float
    high: float


def _interval(draws: np.ndarray) -> tuple[float, float]:
    draws = draws[~np.isnan(draws)]
    low, high = np.quantile(draws, [0.025, 0.975]) if len(draws) else (np.nan, np.nan)
    return float(low), float(high)


def estimate(
    pairs: pd.DataFrame,
    field: str,
    frames: dict[str, float],
    n_boot: int = N_BOOT,
    seed: int = BOOT_SEED,
) -> dict[str, Estimate]:
    """Kappa and alpha of one field over `pairs`, weighted back to the frames of the
    strata present, with 95% percentile intervals from `n_boot` stratified bootstrap
    draws (seeded)."""
    x, y = (pairs[f"{field}_{i}"].to_numpy(str) for i in (1, 2))
    w = unit_weights(pairs, frames)
    counts, row = _stratified_draws(pairs, n_boot, seed)
    boot = counts[:, row] * w
    alpha = float(alpha_many(x, y, w[None, :])[0])
    return {
        "kappa": Estimate(cohen_kappa(x, y, w), *_interval(kappa_many(x, y, boot))),
        "alpha": Estimate(alpha, *_interval(alpha_many(x, y, boot))),
    }


@memo.cached
def by_field(
    pairs: pd.DataFrame,
    frames: dict[str, float],
    n_boot: int = N_BOOT,
    seed: int = BOOT_SEED,
) -> dict[str, dict[str, Estimate]]:
    """`estimate` of each field (kept in the computation cache)."""
    return {field: estimate(pairs, field, frames, n_boot, seed) for field in FIELDS}

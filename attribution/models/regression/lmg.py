"""Shapley (LMG) decomposition of R-squared among correlated regressors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import factorial

import numpy as np
import pandas as pd

from attribution._typing import Missing
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.models.regression._data import join_aligned

MAX_PLAYERS = 15


@dataclass(frozen=True)
class LMGResults:
    """Shapley shares of R-squared.

    Attributes
    ----------
    shares : Series
        Each regressor's (or group's) share of R-squared, indexed by name;
        the shares add to ``rsquared``.
    rsquared : float
        Centred R-squared of the regression on all regressors (with constant).
    subset_rsquared : Series
        R-squared of every subset, indexed by a tuple of names (``()`` is 0).
    """

    shares: pd.Series
    rsquared: float
    subset_rsquared: pd.Series

    @property
    def relative(self) -> pd.Series:
        """Shares as fractions of R-squared (they add to 1)."""
        return (self.shares / self.rsquared).rename("relative")

    def to_frame(self) -> pd.DataFrame:
        """Table with columns ``share`` and ``relative``."""
        return pd.DataFrame({"share": self.shares, "relative": self.relative})

    def summary(self) -> str:
        """Plain-text summary."""
        return f"LMG (Shapley) decomposition of R2 = {self.rsquared:.4f}\n" + str(
            self.to_frame().to_string(float_format=lambda v: f"{v: .4f}")
        )


def lmg_decomposition(
    endog: pd.Series,
    exog: pd.DataFrame,
    *,
    groups: Mapping[str, Sequence[str]] | None = None,
    missing: Missing = "raise",
) -> LMGResults:
    r"""Decompose the R-squared of an OLS regression by Shapley values (LMG).

    Parameters
    ----------
    endog : Series
        Dependent variable.
    exog : DataFrame
        Regressors, without a constant (one is always included).
    groups : mapping of str to list of str, optional
        Treat each group of columns as one player (e.g. a flow and its lags).
        Every column must belong to exactly one group. Default: each column
        is its own player.
    missing : {"raise", "drop"}, default "raise"
        Rows with NaN raise, or are dropped with a warning.

    Returns
    -------
    LMGResults

    Raises
    ------
    ModelSpecificationError
        If groups do not partition the columns, or there are more than
        15 players (the computation is exact over all :math:`2^k` subsets).

    Notes
    -----
    With :math:`R^2(S)` the centred R-squared of the regression on the
    players in S (plus a constant),

    .. math:: \phi_j = \sum_{S \subseteq N \setminus \{j\}}
       \frac{|S|!\,(k-|S|-1)!}{k!}\left[R^2(S \cup \{j\}) - R^2(S)\right],

    the average over all k! orderings of j's increment to R-squared
    (Lindeman, Merenda and Gold 1980; Grömping 2007). The shares add to
    :math:`R^2(N)`. :math:`R^2(S) = c_S' C_{SS}^{-1} c_S / s_y^2` from the
    sample covariances, for all subsets at once. This is a description of the
    fit, not a causal attribution: with correlated regressors it splits the
    shared part evenly across orderings.

    References
    ----------
    Lindeman, R. H., Merenda, P. F. and Gold, R. Z. (1980). *Introduction to
    Bivariate and Multivariate Analysis*. Scott, Foresman.
    Grömping, U. (2007). Estimators of relative importance in linear
    regression based on variance decomposition. *The American Statistician*
    61(2), 139-147.

    Examples
    --------
    >>> from attribution.models.regression import lmg_decomposition
    >>> from attribution.models.regression.simulate import simulate_regression
    >>> y, x = simulate_regression(500, seed=0)
    >>> res = lmg_decomposition(y, x)
    >>> bool(abs(res.shares.sum() - res.rsquared) < 1e-12)
    True
    """
    data, cuts = join_aligned({"endog": endog, "exog": exog}, missing)
    cols = [str(c) for c in data.columns[cuts["exog"]]]
    players = _players(cols, groups)
    k = len(players)
    if k > MAX_PLAYERS:
        raise ModelSpecificationError(
            fmt(
                "exog",
                f"at most {MAX_PLAYERS} regressors or groups",
                k,
                "Pass `groups` to combine related regressors.",
            )
        )
    cov = np.cov(data.to_numpy(), rowvar=False)
    c_yy, c_xy, c_xx = cov[0, 0], cov[1:, 0], cov[1:, 1:]
    pos = {c: i for i, c in enumerate(cols)}
    members = [[pos[c] for c in players[p]] for p in players]
    r2 = np.zeros(2**k)
    for mask in range(1, 2**k):
        idx = [i for j in range(k) if mask >> j & 1 for i in members[j]]
        cs = c_xy[idx]
        r2[mask] = float(cs @ np.linalg.solve(c_xx[np.ix_(idx, idx)], cs)) / c_yy
    size = np.array([bin(m).count("1") for m in range(2**k)])
    weight = np.array(
        [
            factorial(s) * factorial(k - s - 1) / factorial(k) if s < k else 0.0
            for s in range(k + 1)
        ]
    )
    shares = np.empty(k)
    masks = np.arange(2**k)
    for j in range(k):
        without = masks[(masks >> j & 1) == 0]
        shares[j] = float(
            np.sum(weight[size[without]] * (r2[without | 1 << j] - r2[without]))
        )
    names = list(players)
    labels = [tuple(n for j, n in enumerate(names) if m >> j & 1) for m in range(2**k)]
    return LMGResults(
        shares=pd.Series(shares, index=pd.Index(names, name="regressor"), name="share"),
        rsquared=float(r2[-1]),
        subset_rsquared=pd.Series(
            r2,
            index=pd.Index(labels, tupleize_cols=False, name="subset"),
            name="rsquared",
        ),
    )


def _players(
    cols: list[str], groups: Mapping[str, Sequence[str]] | None
) -> dict[str, list[str]]:
    """Map player name -> its columns, checking that groups partition ``cols``."""
    if groups is None:
        return {c: [c] for c in cols}
    flat = [c for g in groups.values() for c in g]
    if sorted(flat) != sorted(cols):
        raise ModelSpecificationError(
            fmt(
                "groups",
                f"a partition of the columns {cols}",
                dict(groups),
                "Each column must be in exactly one group.",
            )
        )
    return {str(g): list(v) for g, v in groups.items()}

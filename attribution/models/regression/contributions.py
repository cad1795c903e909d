"""Contributions of regressors to the sum of a dependent variable over a window."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from attribution._typing import SeedLike
from attribution._validation import as_float, as_int, as_option
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.models.regression.bootstrap import (
    bootstrap_ols_params,
    default_block_length,
)
from attribution.models.regression.results import RegressionResults

ContributionMethod = Literal["delta", "bootstrap"]


def window_contributions(
    results: RegressionResults,
    exog_window: pd.DataFrame,
    *,
    level: float = 0.95,
    method: ContributionMethod = "delta",
    n_boot: int = 999,
    block_length: int | None = None,
    seed: SeedLike = None,
) -> pd.DataFrame:
    r"""Return each regressor's contribution :math:`\hat\beta_j \sum_{t \in W} x_{jt}`.

    Parameters
    ----------
    results : RegressionResults
        A fitted regression.
    exog_window : DataFrame
        The regressors over the window W (without the constant; it is added
        if the model has one). Columns must match the model's regressors.
    level : float, default 0.95
        Coverage of the interval.
    method : {"delta", "bootstrap"}, default "delta"
        ``"delta"``: normal interval with the fit's covariance.
        ``"bootstrap"``: percentile interval from a moving-block bootstrap of
        the estimation sample's rows (OLS results only); ``std_err`` is then
        the standard deviation across draws.
    n_boot : int, default 999
        Bootstrap draws (``method="bootstrap"``).
    block_length : int, optional
        Bootstrap block length; default :math:`\lceil T^{1/3} \rceil`.
    seed : int, Generator or None
        Bootstrap seed, normalised by ``as_generator``.

    Returns
    -------
    DataFrame
        Indexed by regressor (``const`` included when present) plus a row
        ``fitted`` for the total, with columns ``contribution``, ``std_err``,
        ``lower``, ``upper``.

    Raises
    ------
    ModelSpecificationError
        If columns do not match, the window holds NaN, or the bootstrap is
        asked of results that are not OLS.

    Notes
    -----
    With :math:`S_j = \sum_{t \in W} x_{jt}` the contribution is linear in
    :math:`\hat\beta`, so the delta method is exact: its variance is
    :math:`S_j^2 \widehat{Var}(\hat\beta_j)`, and that of the fitted
    total is :math:`S' \hat V S`. The regressors are treated as fixed.

    The bootstrap redraws :math:`\hat\beta^*` from moving blocks of
    :math:`(y_t, x_t)` pairs of the estimation sample, all draws at once
    (:func:`~attribution.models.regression.bootstrap.bootstrap_ols_params`),
    and reports percentile intervals of :math:`\hat\beta^*_j S_j`. It is
    robust to heteroskedasticity and to serial dependence shorter than the
    block; the window sums :math:`S_j` stay fixed.

    References
    ----------
    Künsch, H. R. (1989). The jackknife and the bootstrap for general
    stationary observations. *Annals of Statistics* 17(3), 1217-1241.

    Examples
    --------
    >>> from attribution.models.regression import HACRegression, window_contributions
    >>> from attribution.models.regression.simulate import simulate_regression
    >>> y, x = simulate_regression(300, seed=0)
    >>> res = HACRegression(y, x).fit()
    >>> out = window_contributions(res, x.iloc[-4:], method="bootstrap", seed=1)
    >>> list(out.columns)
    ['contribution', 'std_err', 'lower', 'upper']
    """
    names = list(results.params.index)
    x = exog_window.copy()
    if "const" in names and "const" not in x.columns:
        x.insert(0, "const", 1.0)
    missing = [n for n in names if n not in x.columns]
    if missing:
        raise ModelSpecificationError(
            fmt("exog_window", f"columns {names}", list(x.columns))
        )
    if x[names].isna().any().any():
        col = x[names].columns[x[names].isna().any()][0]
        raise ModelSpecificationError(
            fmt(f"exog_window[{col!r}]", "free of NaN", "NaN")
        )
    level = as_float(level, "level", low=0.0, high=1.0)
    method = as_option(method, "method", ("delta", "bootstrap"))
    sums = x[names].sum(axis=0).to_numpy()
    beta = results.params.to_numpy()
    contrib = beta * sums
    index = pd.Index([*names, "fitted"], name="regressor")
    point = np.append(contrib, contrib.sum())
    if method == "bootstrap":
        draws = _bootstrap_draws(results, n_boot, block_length, seed) * sums
        draws = np.column_stack([draws, draws.sum(axis=1)])
        tail = 100 * (1 - level) / 2
        return pd.DataFrame(
            {
                "contribution": point,
                "std_err": draws.std(axis=0, ddof=1),
                "lower": np.percentile(draws, tail, axis=0),
                "upper": np.percentile(draws, 100 - tail, axis=0),
            },
            index=index,
        )
    v = results.cov.to_numpy()
    se = np.abs(sums) * np.sqrt(np.diag(v))
    total_se = float(np.sqrt(sums @ v @ sums))
    crit = results.critical_value(level)
    out = pd.DataFrame(
        {"contribution": point, "std_err": np.append(se, total_se)}, index=index
    )
    out["lower"] = out["contribution"] - crit * out["std_err"]
    out["upper"] = out["contribution"] + crit * out["std_err"]
    return out


def _bootstrap_draws(
    results: RegressionResults, n_boot: int, block_length: int | None, seed: SeedLike
) -> np.ndarray:
    """Moving-block bootstrap draws of the coefficients, shape ``(B, k)``."""
    from attribution.models.regression.iv_results import IVResults

    if isinstance(results, IVResults) or results.exog is None:
        raise ModelSpecificationError(
            fmt(
                "results",
                "OLS results from HACRegression.fit",
                type(results).__name__,
                'Use method="delta" for IV results.',
            )
        )
    n_boot = as_int(n_boot, "n_boot", low=2)
    nobs = results.nobs
    ell = (
        default_block_length(nobs)
        if block_length is None
        else as_int(block_length, "block_length", low=1, high=nobs)
    )
    x = results.exog[list(results.params.index)].to_numpy()
    return bootstrap_ols_params(
        x, results.endog.to_numpy(), n_boot=n_boot, block_length=ell, seed=seed
    )

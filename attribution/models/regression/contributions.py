"""Contributions of regressors to the sum of a dependent variable over a window."""

from __future__ import annotations

import numpy as np
import pandas as pd

from attribution.exceptions import ModelSpecificationError, fmt
from attribution.models.regression.results import RegressionResults


def window_contributions(
    results: RegressionResults,
    exog_window: pd.DataFrame,
    *,
    level: float = 0.95,
) -> pd.DataFrame:
    """Return each regressor's contribution :math:`\\hat\\beta_j \\sum_{t \\in W} x_{jt}`.

    Parameters
    ----------
    results : RegressionResults
        A fitted regression.
    exog_window : DataFrame
        The regressors over the window W (without the constant; it is added
        if the model has one). Columns must match the model's regressors.
    level : float, default 0.95
        Coverage of the delta-method interval.

    Returns
    -------
    DataFrame
        Indexed by regressor (``const`` included when present) plus a row
        ``fitted`` for the total, with columns ``contribution``, ``std_err``,
        ``lower``, ``upper``.

    Notes
    -----
    With :math:`S_j = \\sum_{t \\in W} x_{jt}` the contribution is linear in
    :math:`\\hat\\beta`, so the delta method is exact: its variance is
    :math:`S_j^2 \\widehat{Var}(\\hat\\beta_j)`, and that of the fitted
    total is :math:`S' \\hat V S`. The regressors are treated as fixed.
    """
    names = list(results.params.index)
    x = exog_window.copy()
    if "const" in names and "const" not in x.columns:
        x.insert(0, "const", 1.0)
    missing = [n for n in names if n not in x.columns]
    if missing:
        raise ModelSpecificationError(fmt("exog_window", f"columns {names}", list(x.columns)))
    if x[names].isna().any().any():
        col = x[names].columns[x[names].isna().any()][0]
        raise ModelSpecificationError(fmt(f"exog_window[{col!r}]", "free of NaN", "NaN"))
    sums = x[names].sum(axis=0).to_numpy()
    beta = results.params.to_numpy()
    v = results.cov.to_numpy()
    contrib = beta * sums
    se = np.abs(sums) * np.sqrt(np.diag(v))
    total = float(contrib.sum())
    total_se = float(np.sqrt(sums @ v @ sums))
    crit = results.critical_value(level)
    out = pd.DataFrame(
        {"contribution": np.append(contrib, total), "std_err": np.append(se, total_se)},
        index=pd.Index([*names, "fitted"], name="regressor"),
    )
    out["lower"] = out["contribution"] - crit * out["std_err"]
    out["upper"] = out["contribution"] + crit * out["std_err"]
    return out

r"""OLS-CUSUM and recursive-CUSUM tests, as strucchange's ``efp`` + ``sctest``.

OLS-CUSUM (Ploberger and Kraemer 1992):
:math:`W^0(t) = \sum_{s \le t} \hat u_s / (\hat\sigma\sqrt T)`,
:math:`\hat\sigma^2 = \sum(\hat u - \bar u)^2 / (T - k)`; the limit is a
Brownian bridge and the statistic :math:`\max_t |W^0(t)|` has p-value
:math:`1 - [1 + 2\sum_{j=1}^{100}(-1)^j e^{-2 j^2 x^2}]` (1 for x < 0.1).

Recursive CUSUM (Brown, Durbin and Evans 1975):
:math:`W(r) = \sum_{s \le r} w_s / (\hat\sigma \sqrt{T - k})` over the
recursive residuals, :math:`\hat\sigma` their sample standard deviation;
the limit is a Brownian motion and the statistic is
:math:`\max_j |W(j)| / (1 + 2 j/(T-k))` with the boundary-crossing p-value
of strucchange's ``pvalue.efp``. The identifying assumption is constant
coefficients and variance under the null; the processes are indexed by the
observation they end at.

References
----------
Brown, R. L., Durbin, J. and Evans, J. M. (1975). Techniques for testing the
constancy of regression relationships over time. *JRSS B* 37(2), 149-192.

Ploberger, W. and Kraemer, W. (1992). The CUSUM test with OLS residuals.
*Econometrica* 60(2), 271-285.

Zeileis, A., Leisch, F., Hornik, K. and Kleiber, C. (2002). strucchange: An
R package for testing for structural change in linear regression models.
*Journal of Statistical Software* 7(2), 1-38.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from attribution._typing import CusumKind
from attribution._validation import as_option
from attribution.models.breaks.fstats import design
from attribution.models.breaks.recursive import recursive_residuals


@dataclass(frozen=True)
class CusumResults:
    """An empirical fluctuation process and its max-functional test.

    Attributes
    ----------
    kind : {"ols", "recursive"}
        OLS-CUSUM or recursive CUSUM.
    process : Series
        The process with its initial 0, as strucchange's ``efp``: indexed by
        ``n_obs``, the number of observations summed (0..T for OLS, k..T
        for recursive, the first value 0).
    statistic, pvalue : float
        strucchange's ``sctest`` statistic (``S0`` / ``S``) and p-value.
    resid : Series
        The residuals cumulated: OLS residuals (observations 1..T) or the
        standardised recursive residuals (``strucchange::recresid``,
        observations k+1..T), labelled by the data's index.
    """

    kind: CusumKind
    process: pd.Series
    statistic: float
    pvalue: float
    resid: pd.Series

    @property
    def dated_process(self) -> pd.Series:
        """The process without its leading 0, labelled by the observation it ends at."""
        return pd.Series(
            self.process.to_numpy()[1:], index=self.resid.index, name=self.process.name
        )

    @property
    def recursive_resid(self) -> pd.Series | None:
        """Recursive residuals (None for the OLS-CUSUM)."""
        return self.resid if self.kind == "recursive" else None

    def __str__(self) -> str:
        name = "OLS-CUSUM" if self.kind == "ols" else "Rec-CUSUM"
        return f"{name}: statistic = {self.statistic:.4f}, p-value = {self.pvalue:.4g}"


def brownian_bridge_pvalue(x: float) -> float:
    r"""p-value of :math:`\sup|B^0|` (strucchange, ``k = 1``)."""
    if x < 0.1:
        return 1.0
    j = np.arange(1, 101)
    return float(1 - (1 + 2 * np.sum((-1.0) ** j * np.exp(-2 * j**2 * x**2))))


def brownian_motion_pvalue(x: float) -> float:
    """Boundary-crossing p-value of the recursive CUSUM (strucchange, ``k = 1``)."""
    if x < 0.3:
        return 1 - 0.1465 * x
    cdf = stats.norm.cdf
    return float(
        2
        * (
            1
            - cdf(3 * x)
            + math.exp(-4 * x**2) * (cdf(x) + cdf(5 * x) - 1)
            - math.exp(-16 * x**2) * (1 - cdf(x))
        )
    )


def cusum_test(
    endog: pd.Series,
    exog: pd.DataFrame | None = None,
    *,
    kind: CusumKind = "ols",
    add_const: bool = True,
) -> CusumResults:
    """Return the OLS-CUSUM or recursive-CUSUM test (module notes).

    Parameters
    ----------
    endog : Series
        Dependent variable.
    exog : DataFrame, optional
        Regressors; None for the mean only.
    kind : {"ols", "recursive"}, default "ols"
        ``efp(type = "OLS-CUSUM")`` or ``efp(type = "Rec-CUSUM")``.
    add_const : bool, default True
        Add a constant to ``exog``.

    Returns
    -------
    CusumResults

    Examples
    --------
    >>> from attribution.models.breaks import simulate_mean_shift
    >>> y = simulate_mean_shift(120, breakpoints=(60,), means=(0.0, 1.0), seed=3)
    >>> res = cusum_test(y, kind="ols")
    >>> round(res.statistic, 4), res.pvalue < 0.01
    (2.3293, True)
    """
    kind = as_option(kind, "kind", ("ols", "recursive"))
    y, x, index = design(endog, exog, add_const)
    n, k = x.shape
    if kind == "ols":
        beta, *_ = np.linalg.lstsq(x, y, rcond=None)
        e = y - x @ beta
        sigma = float(np.sqrt(np.sum((e - e.mean()) ** 2) / (n - k)))
        proc = np.concatenate([[0.0], np.cumsum(e)]) / (sigma * math.sqrt(n))
        stat = float(np.max(np.abs(proc[1:])))
        pvalue = brownian_bridge_pvalue(stat)
        labels, resid, start = index, e, 0
    else:
        w = recursive_residuals(y, x)
        sigma = float(np.std(w, ddof=1))
        proc = np.concatenate([[0.0], np.cumsum(w)]) / (sigma * math.sqrt(n - k))
        j = np.arange(1, n - k + 1) / (n - k)
        stat = float(np.max(np.abs(proc[1:] / (1 + 2 * j))))
        pvalue = brownian_motion_pvalue(stat)
        labels, resid, start = index[k:], w, k
    n_obs = pd.RangeIndex(start, n + 1, name="n_obs")
    series = pd.Series(proc, index=n_obs, name=f"cusum_{kind}")
    name = "resid" if kind == "ols" else "recursive_resid"
    return CusumResults(
        kind, series, stat, pvalue, pd.Series(resid, index=labels, name=name)
    )

r"""Bai-Perron tests for the number of breaks: sup-F(k), UDmax, WDmax, sup-F(l+1|l).

All statistics use the homoskedastic, serially uncorrelated error form of
Bai and Perron (1998) with the same error variance in every regime, written
in residual sums of squares (exact for OLS):

.. math:: \sup F_T(k) = \frac{T - (k+1)q - p}{k}\,
   \frac{SSR_0 - SSR_k}{SSR_k},

where :math:`SSR_k` is the global minimum with ``k`` breaks (dynamic
programme), ``q`` the number of changing and ``p`` of fixed regressors. This
is ``ftest = (T - (k+1)q - p) * fstar / (T k)`` of the authors' code with
:math:`\hat\sigma^2 = SSR_k / T`; for ``k = 1`` it equals the maximum of
strucchange's ``Fstats`` over the same admissible dates.

:math:`\sup F_T(l+1 \mid l)` takes the ``l`` global break dates as given and,
in every regime long enough to hold two segments of ``h`` observations,
computes the one-break statistic of that regime alone (its own sample size
as T); the test is the largest of these (Bai and Perron 1998, section 4.2;
``spflp1`` of the authors' code). Critical values:
:mod:`~attribution.models.breaks.critical_values`.

References
----------
Bai, J. and Perron, P. (1998). *Econometrica* 66(1), 47-78, sections 4.1-4.3.

Bai, J. and Perron, P. (2003). *Journal of Applied Econometrics* 18(1), 1-22.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from attribution._typing import Float64Array
from attribution.models.breaks import critical_values as cv
from attribution.models.breaks.cost import SegmentCost
from attribution.models.breaks.dp import segment_bounds


@dataclass(frozen=True)
class BreakTest:
    """A test of the number of breaks.

    Attributes
    ----------
    name : str
        ``"supF(2)"``, ``"UDmax"``, ``"supF(3|2)"`` ...
    statistic : float
        The test statistic.
    critical_values : Series
        Published asymptotic critical values indexed by level
        (0.10, 0.05, 0.025, 0.01).
    null, alternative : str
        Hypotheses in words.
    break_position : int or None
        For ``supF(l+1|l)``: the 1-based last observation of the old regime
        of the extra break that maximises the statistic.
    """

    name: str
    statistic: float
    critical_values: pd.Series
    null: str
    alternative: str
    break_position: int | None = None

    def reject(self, alpha: float = 0.05) -> bool:
        """Whether the statistic exceeds the level-``alpha`` critical value."""
        return bool(self.statistic > self.critical_values.loc[alpha])

    def __str__(self) -> str:
        cvs = "  ".join(f"{a:g}: {v:.2f}" for a, v in self.critical_values.items())
        return f"{self.name} = {self.statistic:.4f}  (critical values {cvs})"


def sup_f_statistic(
    rss0: float, rssk: float, nobs: int, k: int, q: int, p: int
) -> float:
    r"""Return :math:`\sup F_T(k)` from the null and k-break SSR (module notes).

    Examples
    --------
    >>> round(sup_f_statistic(10.0, 8.0, 100, 1, 1, 0), 6)
    24.5
    """
    return (nobs - (k + 1) * q - p) / k * (rss0 - rssk) / rssk


def cv_series(lookup: Callable[..., float], *args: object) -> pd.Series:
    """Return critical values at every tabulated level as a Series."""
    values = [lookup(*args, alpha=a) for a in cv.LEVELS]
    return pd.Series(
        values, index=pd.Index(cv.LEVELS, name="alpha"), name="critical_value"
    )


def best_split(
    y: Float64Array, z: Float64Array, start: int, end: int, min_size: int
) -> tuple[float, float, int]:
    """Return (SSR without, least SSR with one break, its date) in ``[start, end)``.

    The date is the 1-based last observation of the first part; both parts
    hold at least ``min_size`` observations.
    """
    cost = SegmentCost(y[start:end], z[start:end])
    n = end - start
    cuts = np.arange(min_size, n - min_size + 1)
    total = (
        cost.block(cuts, np.array([0]))[:, 0] + cost.block(np.array([n]), cuts)[0, :]
    )
    best = int(np.argmin(total))
    return cost.segment(0, n), float(total[best]), start + int(cuts[best])


def seq_f_statistic(
    y: Float64Array, z: Float64Array, breakpoints: tuple[int, ...], min_size: int
) -> tuple[float, int | None]:
    r"""Return :math:`\sup F_T(l+1 \mid l)` and the date of the extra break.

    Parameters
    ----------
    y, z : ndarray
        Dependent variable and changing regressors.
    breakpoints : tuple of int
        The ``l`` break dates under the null (1-based last observations).
    min_size : int
        Minimum segment length h.

    Returns
    -------
    tuple
        ``(statistic, date)``; ``(0.0, None)`` if no regime can hold a break.
    """
    q = z.shape[1]
    stat, where = 0.0, None
    for start, end in segment_bounds(breakpoints, y.shape[0]):
        n = end - start
        if n < 2 * min_size:
            continue
        rss0, rss1, date = best_split(y, z, start, end, min_size)
        f = (n - 2 * q) * (rss0 - rss1) / rss1
        if f > stat:
            stat, where = f, date
    return stat, where

r"""Partial structural change: some coefficients fixed across regimes.

Bai and Perron (2003, section 3.2) estimate
:math:`y_t = x_t'\beta + z_t'\delta_j + u_t` by alternating two exact
steps until the RSS stops falling:

1. given :math:`\hat\beta`, the pure-change dynamic programme on
   :math:`y - X\hat\beta` with regressors ``z`` gives the dates;
2. given the dates, OLS of ``y`` on :math:`[\bar Z, X]` gives
   :math:`\hat\beta`.

Each step cannot raise the RSS, so the iteration converges, to a minimum
that is global in the dates given :math:`\beta` but may be local jointly.
It starts from :math:`\hat\beta` of the no-break regression.
"""

from __future__ import annotations

import logging

import numpy as np

from attribution._typing import Float64Array
from attribution.models.breaks.cost import SegmentCost
from attribution.models.breaks.dp import DPSolution, solve_breaks
from attribution.models.breaks.estimates import partition_design

logger = logging.getLogger(__name__)

MAX_ITER = 100


def _ols_rss(w: Float64Array, y: Float64Array) -> tuple[Float64Array, float]:
    beta, *_ = np.linalg.lstsq(w, y, rcond=None)
    resid = y - w @ beta
    return np.asarray(beta, dtype=float), float(resid @ resid)


def partial_rss(
    y: Float64Array, z: Float64Array, x: Float64Array, breakpoints: tuple[int, ...]
) -> float:
    r"""Return the RSS of ``y`` on :math:`[\bar Z, X]` for given dates."""
    return _ols_rss(np.hstack([partition_design(z, breakpoints), x]), y)[1]


def solve_partial(
    y: Float64Array, z: Float64Array, x: Float64Array, min_size: int, max_breaks: int
) -> DPSolution:
    """Return partial-change partitions for 0 to ``max_breaks`` breaks.

    Parameters
    ----------
    y : ndarray
        Shape ``(T,)``.
    z : ndarray
        Changing regressors, shape ``(T, q)``.
    x : ndarray
        Fixed regressors, shape ``(T, p)``.
    min_size : int
        Minimum segment length h.
    max_breaks : int
        Largest number of breaks.

    Returns
    -------
    DPSolution
        ``objective`` holds the RSS of the full partial-change regression.
    """
    q = z.shape[1]
    beta0, rss0 = _ols_rss(np.hstack([z, x]), y)
    breakpoints: dict[int, tuple[int, ...]] = {0: ()}
    objective: dict[int, float] = {0: rss0}
    for m in range(1, max_breaks + 1):
        beta = beta0[q:]
        best: tuple[int, ...] = ()
        best_rss = np.inf
        for iteration in range(MAX_ITER):
            sol = solve_breaks(SegmentCost(y - x @ beta, z), min_size, m)
            if m not in sol.breakpoints:
                break
            dates = sol.breakpoints[m]
            coef, rss = _ols_rss(np.hstack([partition_design(z, dates), x]), y)
            if rss >= best_rss * (1.0 - 1e-12):
                logger.debug(
                    "partial change m=%d converged after %d steps", m, iteration
                )
                break
            best, best_rss = dates, rss
            beta = coef[(m + 1) * q :]
        if not best:
            break
        breakpoints[m] = best
        objective[m] = best_rss
    return DPSolution(breakpoints=breakpoints, objective=objective, min_size=min_size)

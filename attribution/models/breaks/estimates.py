"""Regime coefficients and their covariance, given the break dates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attribution._typing import Float64Array
from attribution.models.breaks.dp import segment_bounds
from attribution.models.covariance import sandwich_cov


@dataclass(frozen=True)
class PartitionFit:
    """OLS on a given partition.

    Attributes
    ----------
    params : ndarray
        Segment coefficients, segment-major (``delta_1, ..., delta_{m+1}``),
        then the fixed coefficients ``beta``.
    cov : ndarray
        Covariance of ``params``.
    resid, fitted : ndarray
        Shape ``(T,)``.
    """

    params: Float64Array
    cov: Float64Array
    resid: Float64Array
    fitted: Float64Array


def partition_design(z: Float64Array, breakpoints: tuple[int, ...]) -> Float64Array:
    r"""Return the block-diagonal design :math:`\bar Z` of Bai-Perron (1998).

    Parameters
    ----------
    z : ndarray
        Changing regressors, shape ``(T, q)``.
    breakpoints : tuple of int
        1-based last observation of each old regime.

    Returns
    -------
    ndarray
        Shape ``(T, (m + 1) q)``; block ``j`` holds ``z`` on segment ``j``.
    """
    nobs, q = z.shape
    bounds = segment_bounds(breakpoints, nobs)
    out = np.zeros((nobs, q * len(bounds)))
    for j, (start, end) in enumerate(bounds):
        out[start:end, j * q : (j + 1) * q] = z[start:end]
    return out


def fit_partition(
    y: Float64Array,
    z: Float64Array,
    x: Float64Array | None,
    breakpoints: tuple[int, ...],
    *,
    bandwidth: int | None,
) -> PartitionFit:
    r"""Estimate regime coefficients with strucchange's covariance conventions.

    Parameters
    ----------
    y, z, x : ndarray
        Dependent variable, changing and fixed regressors (``x`` may be None).
    breakpoints : tuple of int
        1-based last observation of each old regime.
    bandwidth : int or None
        Newey-West lag L, or None for the segment-heteroskedastic estimator.

    Returns
    -------
    PartitionFit

    Notes
    -----
    Pure change (``x`` None): segment ``j`` is fitted alone. Its covariance is
    :math:`\hat\sigma_j^2 (Z_j'Z_j)^{-1}` with
    :math:`\hat\sigma_j^2 = \hat u_j'\hat u_j / n_j` (no degrees-of-freedom
    correction), which is ``vcov(breakpoints, het.reg = TRUE, het.err = TRUE)``
    of strucchange; with ``bandwidth`` it is the Newey-West sandwich of the
    segment alone, i.e. ``vcov.(lm(y_j ~ 0 + Z_j))`` with
    ``NeweyWest(lag = L, prewhite = FALSE, adjust = FALSE)``.
    Partial change: one OLS of ``y`` on :math:`[\bar Z, X]`, with the sandwich
    meat :math:`\sum_j \hat\sigma_j^2 W_j'W_j` or Newey-West over the sample.
    """
    bounds = segment_bounds(breakpoints, y.shape[0])
    if x is None:
        return _fit_pure(y, z, bounds, bandwidth)
    w = np.hstack([partition_design(z, breakpoints), x])
    beta, *_ = np.linalg.lstsq(w, y, rcond=None)
    fitted = w @ beta
    resid = y - fitted
    if bandwidth is not None:
        cov = sandwich_cov(w, resid, n_lags=bandwidth)
    else:
        bread = np.linalg.inv(w.T @ w)
        meat = np.zeros_like(bread)
        for start, end in bounds:
            u = resid[start:end]
            ws = w[start:end]
            meat += float(u @ u) / (end - start) * (ws.T @ ws)
        cov = bread @ meat @ bread
    return PartitionFit(
        np.asarray(beta, dtype=float), 0.5 * (cov + cov.T), resid, fitted
    )


def _fit_pure(
    y: Float64Array,
    z: Float64Array,
    bounds: list[tuple[int, int]],
    bandwidth: int | None,
) -> PartitionFit:
    q = z.shape[1]
    params = np.zeros(q * len(bounds))
    cov = np.zeros((params.size, params.size))
    resid = np.zeros_like(y)
    for j, (start, end) in enumerate(bounds):
        zs, ys = z[start:end], y[start:end]
        beta, *_ = np.linalg.lstsq(zs, ys, rcond=None)
        u = ys - zs @ beta
        if bandwidth is not None:
            block = sandwich_cov(zs, u, n_lags=bandwidth)
        else:
            block = np.asarray(
                float(u @ u) / (end - start) * np.linalg.inv(zs.T @ zs), dtype=float
            )
        sl = slice(j * q, (j + 1) * q)
        params[sl] = beta
        cov[sl, sl] = block
        resid[start:end] = u
    return PartitionFit(params, cov, resid, y - resid)

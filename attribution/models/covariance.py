"""The one implementation of HAC kernels, bandwidth rules and sandwich covariances.

HAC regression, local projections and Bai-Perron inference all call these
functions; nothing else in the package re-implements Newey-West.

Conventions
-----------
The long-run covariance of scores :math:`g_t` (rows of ``scores``) is

.. math:: \\hat S = \\hat\\Gamma_0 + \\sum_{j=1}^{L} w_j (\\hat\\Gamma_j + \\hat\\Gamma_j'),
   \\quad \\hat\\Gamma_j = \\sum_{t=j+1}^{T} g_t g_{t-j}'

with Bartlett weights :math:`w_j = 1 - j/(L+1)` (Newey and West 1987). No
small-sample scaling is applied here; callers state theirs. With
``n_lags=L`` this equals R's ``sandwich::NeweyWest(fit, lag = L,
prewhite = FALSE, adjust = FALSE)``.

References
----------
Newey, W. K. and West, K. D. (1987). A simple, positive semi-definite,
heteroskedasticity and autocorrelation consistent covariance matrix.
*Econometrica* 55(3), 703-708.

Newey, W. K. and West, K. D. (1994). Automatic lag selection in covariance
matrix estimation. *Review of Economic Studies* 61(4), 631-653.
"""

from __future__ import annotations

import math

import numpy as np

from attribution._typing import BandwidthRule, Float64Array, Kernel
from attribution.exceptions import ModelSpecificationError, fmt


def nw_bandwidth(nobs: int, rule: BandwidthRule = "nw1994") -> int:
    """Return the rule-of-thumb Newey-West lag truncation.

    Parameters
    ----------
    nobs : int
        Number of observations T.
    rule : {"nw1994"}, default "nw1994"
        ``"nw1994"`` is :math:`L = \\lfloor 4 (T/100)^{2/9} \\rfloor`, the
        Bartlett rule of thumb of Newey and West (1994, p. 641).

    Returns
    -------
    int
        The number of lags L (at least 0).

    Examples
    --------
    >>> nw_bandwidth(100), nw_bandwidth(520)
    (4, 5)
    """
    if rule != "nw1994":
        raise ModelSpecificationError(fmt("rule", "'nw1994'", rule))
    if nobs < 1:
        raise ModelSpecificationError(fmt("nobs", ">= 1", nobs))
    return int(math.floor(4.0 * (nobs / 100.0) ** (2.0 / 9.0)))


def kernel_weights(n_lags: int, kernel: Kernel = "bartlett") -> Float64Array:
    """Return the kernel weights :math:`w_0, \\dots, w_L` (with :math:`w_0 = 1`).

    Parameters
    ----------
    n_lags : int
        Truncation lag L.
    kernel : {"bartlett", "parzen"}, default "bartlett"
        Bartlett: :math:`1 - j/(L+1)`. Parzen with bandwidth :math:`L+1`.

    Returns
    -------
    ndarray
        Shape ``(L + 1,)``.
    """
    if n_lags < 0:
        raise ModelSpecificationError(fmt("n_lags", ">= 0", n_lags))
    j = np.arange(n_lags + 1, dtype=float)
    z = j / (n_lags + 1.0)
    if kernel == "bartlett":
        return 1.0 - z
    if kernel == "parzen":
        return np.where(z <= 0.5, 1 - 6 * z**2 + 6 * z**3, 2 * (1 - z) ** 3)
    raise ModelSpecificationError(fmt("kernel", "one of {'bartlett', 'parzen'}", kernel))


def long_run_covariance(
    scores: Float64Array, n_lags: int, kernel: Kernel = "bartlett"
) -> Float64Array:
    """Return the kernel-weighted sum of autocovariances of ``scores`` (no 1/T).

    Parameters
    ----------
    scores : ndarray
        Shape ``(T, k)``: the moment contributions, e.g. ``X * resid[:, None]``.
        They are not demeaned.
    n_lags : int
        Truncation lag L.
    kernel : {"bartlett", "parzen"}, default "bartlett"
        Kernel of :func:`kernel_weights`.

    Returns
    -------
    ndarray
        Shape ``(k, k)``, symmetric: :math:`\\hat S` of the module notes.
    """
    g = np.asarray(scores, dtype=float)
    if g.ndim == 1:
        g = g[:, None]
    w = kernel_weights(n_lags, kernel)
    s = g.T @ g
    for j in range(1, min(n_lags, g.shape[0] - 1) + 1):
        gamma = g[j:].T @ g[:-j]
        s += w[j] * (gamma + gamma.T)
    return s


def sandwich_cov(
    design: Float64Array,
    resid: Float64Array,
    *,
    n_lags: int | None = None,
    kernel: Kernel = "bartlett",
    hc: str = "hc0",
) -> Float64Array:
    """Return the sandwich covariance of OLS coefficients.

    Parameters
    ----------
    design : ndarray
        Regressor matrix X, shape ``(T, k)``.
    resid : ndarray
        OLS residuals, shape ``(T,)``.
    n_lags : int, optional
        If given, a HAC covariance with this truncation lag; otherwise a
        heteroskedasticity-robust one.
    kernel : {"bartlett", "parzen"}, default "bartlett"
        HAC kernel.
    hc : {"hc0", "hc1"}, default "hc0"
        Small-sample scaling: ``"hc1"`` multiplies by T/(T-k).

    Returns
    -------
    ndarray
        :math:`(X'X)^{-1} \\hat S (X'X)^{-1}`, shape ``(k, k)``.
    """
    x = np.asarray(design, dtype=float)
    u = np.asarray(resid, dtype=float).reshape(-1)
    nobs, k = x.shape
    bread = np.linalg.inv(x.T @ x)
    meat = long_run_covariance(x * u[:, None], n_lags or 0, kernel)
    cov = bread @ meat @ bread
    if hc == "hc1":
        cov *= nobs / (nobs - k)
    elif hc != "hc0":
        raise ModelSpecificationError(fmt("hc", "one of {'hc0', 'hc1'}", hc))
    return np.asarray(0.5 * (cov + cov.T))

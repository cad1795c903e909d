"""VAR(1) prewhitening of scores (Andrews and Monahan 1992)."""

from __future__ import annotations

import numpy as np

from attribution._typing import Float64Array


def as_scores(scores: Float64Array) -> Float64Array:
    """Return ``scores`` as a float array ``(T, k)`` (a vector is one column)."""
    g = np.asarray(scores, dtype=float)
    return g[:, None] if g.ndim == 1 else g


def prewhiten(scores: Float64Array) -> tuple[Float64Array, Float64Array]:
    r"""Return VAR(1)-prewhitened scores and the recolouring matrix.

    Parameters
    ----------
    scores : ndarray
        Shape ``(T, k)``.

    Returns
    -------
    resid : ndarray
        Shape ``(T - 1, k)``: :math:`e_t = g_t - \hat A g_{t-1}`, with
        :math:`\hat A` the OLS coefficient of :math:`g_t` on :math:`g_{t-1}`
        without intercept (R ``ar(g, order.max = 1, aic = FALSE,
        demean = FALSE, method = "ols")``).
    recolour : ndarray
        :math:`D = (I - \hat A)^{-1}`, shape ``(k, k)``; the long-run
        covariance is :math:`D \hat S_e D'` (Andrews and Monahan 1992).

    References
    ----------
    Andrews, D. W. K. and Monahan, J. C. (1992). An improved
    heteroskedasticity and autocorrelation consistent covariance matrix
    estimator. *Econometrica* 60(4), 953-966.
    """
    g = as_scores(scores)
    lead, lag = g[1:], g[:-1]
    coef = np.linalg.solve(lag.T @ lag, lag.T @ lead)  # lead ~ lag @ coef, A = coef'
    resid = lead - lag @ coef
    recolour = np.linalg.inv(np.eye(g.shape[1]) - coef.T)
    return np.asarray(resid, dtype=float), np.asarray(recolour, dtype=float)

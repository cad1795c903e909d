r"""Array kernels of identification through heteroskedasticity (internal).

Every kernel accepts leading batch axes, so the estimate and a stack of
bootstrap draws share one code path. Inputs are trusted.
"""

from __future__ import annotations

import numpy as np

from attribution._typing import Float64Array


def closed_form(
    sigma_calm: Float64Array, sigma_high: Float64Array
) -> tuple[Float64Array, Float64Array]:
    r"""Just-identified B and :math:`\Lambda` from two regime covariances.

    With :math:`P = \mathrm{chol}(\Sigma_1)` and the eigen-decomposition
    :math:`P^{-1}\Sigma_2P^{-\prime} = V\Lambda V'`, :math:`B = PV` gives
    :math:`BB' = \Sigma_1` and :math:`B\Lambda B' = \Sigma_2`. Columns are
    ordered by decreasing :math:`\lambda`; each column's largest-magnitude
    entry is made positive.

    Returns
    -------
    impact : ndarray, shape (..., n, n)
    lambdas : ndarray, shape (..., n)
    """
    chol = np.linalg.cholesky(sigma_calm)
    left = np.linalg.solve(chol, sigma_high)  # P^{-1} S2
    m = np.linalg.solve(chol, np.swapaxes(left, -1, -2))  # P^{-1} S2 P^{-T}
    m = 0.5 * (m + np.swapaxes(m, -1, -2))
    lam, vec = np.linalg.eigh(m)
    lam, vec = lam[..., ::-1], vec[..., ::-1]
    impact = chol @ vec
    return normalise_signs(impact), np.ascontiguousarray(lam)


def normalise_signs(impact: Float64Array) -> Float64Array:
    """Flip columns so that each column's largest-magnitude entry is positive."""
    big = np.take_along_axis(
        impact, np.abs(impact).argmax(axis=-2)[..., None, :], axis=-2
    )
    out: Float64Array = impact * np.where(big < 0.0, -1.0, 1.0)
    return out


def regime_covariances(
    resid: Float64Array, high: np.ndarray
) -> tuple[Float64Array, Float64Array]:
    r"""MLE covariances :math:`\hat\Sigma_1` (calm) and :math:`\hat\Sigma_2` (high).

    ``resid`` is ``(..., T, n)``; ``high`` is a boolean ``(..., T)`` mask.
    Each is :math:`\sum_{t \in \text{regime}} u_tu_t' / T_{\text{regime}}`
    (no demeaning: VAR residuals with a constant have mean zero).
    """
    w = high.astype(np.float64)
    n_high = w.sum(axis=-1)[..., None, None]
    n_calm = high.shape[-1] - n_high
    rt = np.swapaxes(resid, -1, -2)
    total = rt @ resid
    s_high = (rt * w[..., None, :]) @ resid
    return (total - s_high) / n_calm, s_high / n_high


def vech_indices(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column positions of the lower triangle (vech order)."""
    return np.tril_indices(n)


def moment_cov(resid: Float64Array) -> Float64Array:
    r"""Covariance of :math:`\mathrm{vech}(u_tu_t')` over the rows of ``resid``.

    Empirical fourth moments (no Gaussian assumption), divided by the number
    of rows: the asymptotic variance of the regime's :math:`\mathrm{vech}\hat\Sigma`.
    """
    rows, cols = vech_indices(resid.shape[1])
    z = resid[:, rows] * resid[:, cols]
    z = z - z.mean(axis=0)
    out: Float64Array = z.T @ z / z.shape[0] ** 2
    return out


def align_columns(impact: Float64Array, target: Float64Array) -> Float64Array:
    """Flip columns of ``impact`` whose inner product with ``target``'s is negative."""
    dots = np.einsum("...ij,...ij->...j", impact, target)
    out: Float64Array = impact * np.where(dots < 0.0, -1.0, 1.0)[..., None, :]
    return out

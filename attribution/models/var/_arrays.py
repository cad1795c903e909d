r"""Array kernels shared by the VAR modules (internal; inputs are trusted).

Every kernel accepts optional leading batch axes, so the same code serves a
single fit and a stack of bootstrap draws. Conventions:

* ``lag_coefs`` has shape ``(..., p, n, n)``; ``lag_coefs[..., i-1, :, :]`` is
  :math:`A_i` in :math:`y_t = \nu_t + A_1 y_{t-1} + \dots + A_p y_{t-p} + u_t`.
* ``det_coefs`` has shape ``(..., d, n)``: row ``r`` multiplies deterministic
  column ``r`` (``const``, then ``trend``).
* ``params`` stacks both as ``(..., d + n p, n)``: the OLS coefficient matrix of
  ``Y = X B + U`` with ``X_t = [det_t, y_{t-1}', ..., y_{t-p}']``.
"""

from __future__ import annotations

import numpy as np

from attribution._typing import Float64Array

# Bytes of per-draw temporaries (residuals, shocks) processed at once in decompose.
_CHUNK_BYTES = 4 * 2**20


def deterministic(n_total: int, trend: str) -> Float64Array:
    """Deterministic columns for positions ``0..n_total-1`` of the full sample.

    ``const`` is 1; ``trend`` is the 1-based position in the full sample, so
    the first estimation row (position ``p``) has trend ``p + 1``. This is the
    statsmodels/JMulTi convention.
    """
    cols = []
    if trend in ("c", "ct"):
        cols.append(np.ones(n_total))
    if trend == "ct":
        cols.append(np.arange(1.0, n_total + 1.0))
    if not cols:
        return np.zeros((n_total, 0))
    return np.column_stack(cols)


def lag_design(y: Float64Array, n_lags: int, det: Float64Array) -> Float64Array:
    """Regressor matrix ``X`` (``T - p`` rows) for a VAR(p) on data ``y``.

    Works on a batch: ``y`` may be ``(..., T, n)``; ``det`` is ``(T, d)``.
    """
    t_total = y.shape[-2]
    lags = [y[..., n_lags - i : t_total - i, :] for i in range(1, n_lags + 1)]
    batch = y.shape[:-2]
    d = det[n_lags:]
    d = np.broadcast_to(d, batch + d.shape)
    return np.concatenate([d, *lags], axis=-1)


def split_params(
    params: Float64Array, n_det: int, n_lags: int
) -> tuple[Float64Array, Float64Array]:
    """Split ``params`` into det ``(..., d, n)`` and lag `` (..., p, n, n)``."""
    n = params.shape[-1]
    det_coefs = params[..., :n_det, :]
    lag_block = params[
        ..., n_det:, :
    ]  # (..., p*n, n): row (i, k) -> coefficient of y_{t-i, k}
    lag_block = lag_block.reshape(params.shape[:-2] + (n_lags, n, n))
    return det_coefs, np.swapaxes(lag_block, -1, -2)


def ma_coefs(lag_coefs: Float64Array, horizon: int) -> Float64Array:
    r"""Reduced-form MA coefficients :math:`\Phi_0 = I, \Phi_h = \sum_i \Phi_{h-i} A_i`.

    Returns shape ``(..., horizon + 1, n, n)``.
    """
    batch = lag_coefs.shape[:-3]
    n_lags, n = lag_coefs.shape[-3], lag_coefs.shape[-1]
    phi = np.zeros(batch + (horizon + 1, n, n))
    phi[..., 0, :, :] = np.eye(n)
    for h in range(1, horizon + 1):
        acc = np.zeros(batch + (n, n))
        for i in range(1, min(h, n_lags) + 1):
            acc += phi[..., h - i, :, :] @ lag_coefs[..., i - 1, :, :]
        phi[..., h, :, :] = acc
    return phi


def orth_irf(phi: Float64Array, impact: Float64Array) -> Float64Array:
    r"""Structural responses :math:`\Theta_h = \Phi_h B` (``(..., H+1, n, m)``)."""
    return phi @ impact[..., None, :, :]


def fevd_shares(theta: Float64Array) -> Float64Array:
    r"""Forecast-error variance shares from structural responses.

    ``out[..., h, i, j]`` is the share of the ``h+1``-step-ahead forecast-error
    variance of variable ``i`` due to shock ``j``:
    :math:`\sum_{s=0}^{h}\Theta_{s,ij}^2 / \sum_{s=0}^{h}\sum_k \Theta_{s,ik}^2`.
    """
    cum = np.cumsum(theta**2, axis=-3)
    shares: Float64Array = cum / cum.sum(axis=-1, keepdims=True)
    return shares


def companion(lag_coefs: Float64Array) -> Float64Array:
    """Companion matrix of a VAR(p) (no batch axes)."""
    n_lags, n = lag_coefs.shape[0], lag_coefs.shape[1]
    comp = np.zeros((n * n_lags, n * n_lags))
    comp[:n, :] = np.concatenate(list(lag_coefs), axis=1)
    if n_lags > 1:
        comp[n:, :-n] = np.eye(n * (n_lags - 1))
    return comp


def batched_gram(
    y: Float64Array, det: Float64Array, n_lags: int
) -> tuple[Float64Array, Float64Array, Float64Array]:
    """``X'X``, ``X'Y`` and ``Y'Y`` for a batch of samples without building X.

    ``y`` is ``(B, T, n)``, ``det`` is ``(T, d)``; X and Y are the VAR(p)
    design and target of each sample (rows ``p..T-1``). Each block of
    ``X'X`` is one BLAS matmul over the batch on strided views of ``y``.
    """
    n_batch, t_total, n = y.shape
    p, d = n_lags, det.shape[1]
    k = d + n * p
    dets = det[p:]
    lag = [y[:, p - i : t_total - i] for i in range(1, p + 1)]  # views (B, Te, n)
    target = y[:, p:]
    xtx = np.empty((n_batch, k, k))
    xty = np.empty((n_batch, k, n))
    xtx[:, :d, :d] = dets.T @ dets
    xty[:, :d] = dets.T @ target
    for i in range(p):
        rows = slice(d + i * n, d + (i + 1) * n)
        cross = dets.T @ lag[i]  # (B, d, n)
        xtx[:, :d, rows] = cross
        xtx[:, rows, :d] = np.swapaxes(cross, -1, -2)
        xty[:, rows] = np.swapaxes(lag[i], -1, -2) @ target
        for j in range(i, p):
            cols = slice(d + j * n, d + (j + 1) * n)
            block = np.swapaxes(lag[i], -1, -2) @ lag[j]
            xtx[:, rows, cols] = block
            if j != i:
                xtx[:, cols, rows] = np.swapaxes(block, -1, -2)
    yty = np.swapaxes(target, -1, -2) @ target
    return xtx, xty, yty


def decompose(
    y: Float64Array,
    det: Float64Array,
    det_coefs: Float64Array,
    lag_coefs: Float64Array,
    impact: Float64Array,
    start: int,
    stop: int,
) -> Float64Array:
    """Historical decomposition of ``y[start:stop]`` for a batch of models.

    Parameters
    ----------
    y : ndarray, shape (T, n)
        The observed data (shared by all models in the batch).
    det : ndarray, shape (T, d)
        Deterministic columns.
    det_coefs, lag_coefs, impact : ndarray
        Batched model, shapes ``(B, d, n)``, ``(B, p, n, n)``, ``(B, n, m)``
        (``m = n``: the impact matrix is square and invertible).
    start, stop : int
        Positions decomposed; ``y[:start]`` are the initial conditions
        (``start >= p``).

    Returns
    -------
    ndarray, shape (B, stop - start, n, m + 1)
        Component 0 is the baseline (deterministic terms plus the propagation
        of the initial conditions with all shocks set to zero); component
        ``1 + j`` is the contribution of structural shock ``j`` dated
        ``start..t``. Components add up to ``y[t]``.

    Notes
    -----
    Memory: the result (``8 B L n (m+1)`` bytes, 175 MB for 1,000 draws of a
    6-variable VAR over 520 weeks) is the only array of that size; the models
    are processed in chunks of about ``_CHUNK_BYTES`` of residuals, whose
    temporaries are reused. On a fresh process most of the cost above the
    arithmetic is the first touch of that memory, so every avoided temporary
    counts. Entries are the same floating-point numbers whatever the chunking:
    each model's matmuls and solves see the same operands.
    """
    n_batch, n_lags, n = lag_coefs.shape[0], lag_coefs.shape[1], lag_coefs.shape[2]
    m = impact.shape[-1]
    length = stop - start
    # Shared by every model: the design of the observed data and the initial rows.
    x = lag_design(y[start - n_lags : stop], n_lags, det[start - n_lags : stop])
    buf = np.empty((n_batch, n_lags + length, n, m + 1))
    buf[:, :n_lags, :, 0] = y[start - n_lags : start]
    buf[:, :n_lags, :, 1:] = 0.0
    # Chunks of models bound the temporaries (residuals, shocks) to a few MB that
    # are reused, instead of three more arrays the size of the data per draw.
    size = max(1, _CHUNK_BYTES // max(1, 8 * length * n))
    for lo in range(0, n_batch, size):
        sl = slice(lo, min(lo + size, n_batch))
        _decompose_chunk(
            buf[sl], x, y[start:stop], det[start:stop],
            det_coefs[sl], lag_coefs[sl], impact[sl],
        )  # fmt: skip
    return buf[:, n_lags:]


def _decompose_chunk(
    buf: Float64Array,
    x: Float64Array,
    y: Float64Array,
    det: Float64Array,
    det_coefs: Float64Array,
    lag_coefs: Float64Array,
    impact: Float64Array,
) -> None:
    """Fill ``buf`` (``(B, p + L, n, m + 1)``, first p rows set) in place.

    ``x`` is the shared design of the decomposed rows, ``y`` and ``det`` the
    observed rows and deterministic columns being decomposed.
    """
    n_batch, n_lags, n = lag_coefs.shape[0], lag_coefs.shape[1], lag_coefs.shape[2]
    # Residuals of the observed data under each model, then structural shocks.
    params = np.concatenate(
        [det_coefs, np.swapaxes(lag_coefs, -1, -2).reshape(n_batch, n_lags * n, n)],
        axis=1,
    )
    resid = y - x @ params  # (B, L, n)
    eps = np.linalg.solve(impact, np.swapaxes(resid, -1, -2))  # (B, m, L)
    # Forcing terms, in one matmul written straight into buf: row t of
    # [det_t, eps_t] @ spread gives det_t'D_i in component 0 of response i (the
    # baseline) and B_ij eps_jt in component 1 + j. spread holds only those
    # coefficients and zeros, so each entry is the same product as elementwise
    # (data and models are finite here, so no 0 * inf spreads a NaN).
    n_det, m = det.shape[1], impact.shape[-1]
    drivers = np.empty((n_batch, y.shape[0], n_det + m))
    drivers[:, :, :n_det] = det
    drivers[:, :, n_det:] = np.swapaxes(eps, -1, -2)
    spread = np.zeros((n_batch, n_det + m, n, m + 1))
    spread[:, :n_det, :, 0] = det_coefs
    diag = np.arange(m)
    spread[:, n_det + diag, :, 1 + diag] = np.moveaxis(impact, -1, 0)
    forcing = np.reshape(buf[:, n_lags:], (n_batch, y.shape[0], -1), copy=False)
    np.matmul(drivers, spread.reshape(n_batch, n_det + m, -1), out=forcing)
    # [A_p, ..., A_1] side by side, to multiply the chronological stack of p states
    chrono = np.concatenate(
        [lag_coefs[:, i] for i in range(n_lags - 1, -1, -1)], axis=-1
    )
    width = n_lags * n
    step = np.empty(buf.shape[:1] + buf.shape[2:])
    for t in range(n_lags, buf.shape[1]):
        state = buf[:, t - n_lags : t].reshape(n_batch, width, -1)
        np.matmul(chrono, state, out=step)
        buf[:, t] += step

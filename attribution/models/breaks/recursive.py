"""Recursive residuals and forward/backward RSS paths."""

from __future__ import annotations

import numpy as np

from attribution._typing import Float64Array


def recursive_residuals(y: Float64Array, x: Float64Array) -> Float64Array:
    r"""Return the standardised recursive residuals of Brown, Durbin and Evans (1975).

    Parameters
    ----------
    y : ndarray
        Shape ``(T,)``.
    x : ndarray
        Shape ``(T, k)``; the first ``k`` rows must have full rank.

    Returns
    -------
    ndarray
        Shape ``(T - k,)``:
        :math:`w_r = (y_r - x_r'b_{r-1}) / \sqrt{1 + x_r'(X_{r-1}'X_{r-1})^{-1}x_r}`
        for ``r = k+1..T`` (1-based), ``b_{r-1}`` the OLS estimate on the first
        ``r - 1`` rows. As ``strucchange::recresid``.

    Notes
    -----
    Rank-one (Sherman-Morrison) updates of :math:`(X'X)^{-1}` and ``b``,
    started from an exact QR fit of the first ``k`` rows and refreshed by an
    exact fit every 25 steps to stop round-off from accumulating. The
    columns are first centred (when a constant is present) and scaled, a
    reparametrisation :math:`X \to XA` that leaves recursive residuals
    unchanged but improves the conditioning of the updates.
    """
    x = _condition(x)
    n, k = x.shape
    out = np.empty(n - k)
    inv = b = None
    for r in range(k, n):
        if inv is None or (r - k) % 25 == 0:
            xs = x[:r]
            inv = np.linalg.inv(xs.T @ xs)
            b, *_ = np.linalg.lstsq(xs, y[:r], rcond=None)
        xr = x[r]
        ix = inv @ xr
        f = 1.0 + float(xr @ ix)
        e = float(y[r] - xr @ b)
        out[r - k] = e / np.sqrt(f)
        b = b + ix * (e / f)
        inv = inv - np.outer(ix, ix) / f
    return out


def _condition(x: Float64Array) -> Float64Array:
    const = np.all(x == 1.0, axis=0)
    out = np.array(x, dtype=float)
    if const.any():
        out[:, ~const] -= out[:, ~const].mean(axis=0)
    scale = np.sqrt((out**2).mean(axis=0))
    scale[scale == 0] = 1.0
    return np.asarray(out / scale, dtype=float)


def forward_rss(y: Float64Array, x: Float64Array) -> Float64Array:
    r"""Return ``RSS(1..i)`` for ``i = 1..T`` (NaN for ``i <= k``).

    Uses :math:`RSS_i = \sum_{r \le i} w_r^2` (recursive residuals).
    """
    k = x.shape[1]
    w = recursive_residuals(y, x)
    return np.concatenate([np.full(k, np.nan), np.cumsum(w * w)])


def split_rss(y: Float64Array, x: Float64Array) -> Float64Array:
    """Return ``RSS(1..i) + RSS(i+1..T)`` for ``i = 1..T-1`` (NaN if not estimable)."""
    fwd = forward_rss(y, x)
    bwd = forward_rss(y[::-1], x[::-1])[::-1]
    return fwd[:-1] + bwd[1:]

r"""Segment residual sums of squares from cumulative sums, a block at a time.

The dynamic programme of :mod:`attribution.models.breaks.dp` needs the OLS
residual sum of squares :math:`RSS(s, e)` of every admissible segment
:math:`\{s, \dots, e\}`. Refitting each segment costs :math:`O(T^2 k^2 T)`;
here each value costs :math:`O(k^3)` from cumulative cross-products, and only
the rows the programme asks for are built, so no dense :math:`T \times T`
matrix is ever held.

Indices in this module are 0-based and half-open: the segment ``(s, e)``
holds observations ``s, ..., e - 1``, and "a segment ending at ``e``" holds
``e - 1`` as its last observation.
"""

from __future__ import annotations

import numpy as np

from attribution._typing import Float64Array, IntArray


class SegmentCost:
    r"""Residual sum of squares of OLS on any segment, from cumulative sums.

    Parameters
    ----------
    endog : ndarray
        Dependent variable, shape ``(T,)``.
    exog : ndarray
        Regressors, shape ``(T, k)``.

    Notes
    -----
    With :math:`C_t = \sum_{s<t} x_s x_s'`, :math:`c_t = \sum_{s<t} x_s y_s`
    and :math:`d_t = \sum_{s<t} y_s^2`, the segment :math:`[s, e)` has

    .. math:: RSS(s, e) = (d_e - d_s) - (c_e - c_s)'(C_e - C_s)^{-1}(c_e - c_s).

    When ``exog`` holds a constant column the data are first centred at
    their full-sample means (and scaled), which leaves every segment RSS
    unchanged but removes the cancellation that large levels would cause.
    With only a constant the formula is the closed form
    :math:`\sum y^2 - (\sum y)^2 / n`. Segments shorter than ``k + 1`` are
    never requested by the callers.
    """

    def __init__(self, endog: Float64Array, exog: Float64Array) -> None:
        y = np.asarray(endog, dtype=float).reshape(-1)
        x = np.asarray(exog, dtype=float)
        const = np.all(x == 1.0, axis=0)
        self.mean_only = bool(x.shape[1] == 1 and const[0])
        if const.any():
            y = y - y.mean()
            x = x.copy()
            others = ~const
            x[:, others] -= x[:, others].mean(axis=0)
        scale = np.sqrt((x**2).mean(axis=0))
        scale[scale == 0] = 1.0
        x = x / scale
        self.nobs = y.shape[0]
        self.k = x.shape[1]
        zero = np.zeros(1)
        self._d = np.concatenate([zero, np.cumsum(y * y)])
        if self.mean_only:
            self._s1 = np.concatenate([zero, np.cumsum(y)])
            return
        k = self.k
        self._xy = np.concatenate([np.zeros((1, k)), np.cumsum(x * y[:, None], axis=0)])
        outer = (x[:, :, None] * x[:, None, :]).reshape(self.nobs, k * k)
        self._xx = np.concatenate([np.zeros((1, k * k)), np.cumsum(outer, axis=0)])

    def block(
        self, ends: IntArray, starts: IntArray, *, assume_valid: bool = False
    ) -> Float64Array:
        """Return ``RSS(s, e)`` for every pair of ``starts`` and ``ends``.

        Parameters
        ----------
        ends : ndarray of int
            Segment ends (exclusive), shape ``(r,)``.
        starts : ndarray of int
            Segment starts (inclusive), shape ``(c,)``.
        assume_valid : bool, default False
            Skip the check that every pair is a segment longer than ``k``;
            the caller then owns (and must mask) entries with ``e - s <= k``,
            which hold garbage.

        Returns
        -------
        ndarray
            Shape ``(r, c)``. Unless ``assume_valid``, entries with
            ``e - s <= k`` are ``inf``.
        """
        e = np.asarray(ends)
        s = np.asarray(starts)
        if self.mean_only and assume_valid:
            return self._mean_block(e, s)
        e2, s2 = e[:, None], s[None, :]
        length = (e2 - s2).astype(float)
        valid = length > self.k
        yy = self._d[e2] - self._d[s2]
        if self.mean_only:
            s1 = self._s1[e2] - self._s1[s2]
            rss = yy - s1 * s1 / np.where(valid, length, 1.0)
        else:
            rss = yy - self._quad_form(e2, s2, valid)
        rss = np.maximum(rss, 0.0)
        if assume_valid:
            return np.asarray(rss, dtype=float)
        return np.where(valid, rss, np.inf)

    def _mean_block(self, e: IntArray, s: IntArray) -> Float64Array:
        """Closed-form mean-only block with few temporaries (hot path of the DP)."""
        length = np.subtract.outer(e.astype(float), s.astype(float))
        np.maximum(length, 1.0, out=length)
        sums = np.subtract.outer(self._s1[e], self._s1[s])
        np.multiply(sums, sums, out=sums)
        np.divide(sums, length, out=sums)
        rss = np.subtract.outer(self._d[e], self._d[s])
        np.subtract(rss, sums, out=rss)
        return np.asarray(np.maximum(rss, 0.0, out=rss), dtype=float)

    def _quad_form(self, e: IntArray, s: IntArray, valid: np.ndarray) -> Float64Array:
        """Return :math:`b'A^{-1}b` for the segment cross-products (batched)."""
        k = self.k
        shape = valid.shape
        xy = (self._xy[e] - self._xy[s]).reshape(-1, k)
        xx = (self._xx[e] - self._xx[s]).reshape(-1, k, k)
        flat_valid = valid.reshape(-1)
        out = np.zeros(flat_valid.shape[0])
        if flat_valid.any():
            a = xx[flat_valid]
            b = xy[flat_valid]
            try:
                sol = np.linalg.solve(a, b[:, :, None])[:, :, 0]
            except np.linalg.LinAlgError:  # a regressor constant within a segment
                sol = np.einsum("nij,nj->ni", np.linalg.pinv(a), b)
            out[flat_valid] = np.einsum("ij,ij->i", b, sol)
        return out.reshape(shape)

    def segment(self, start: int, end: int) -> float:
        """Return ``RSS(start, end)`` for one segment."""
        return float(self.block(np.array([end]), np.array([start]))[0, 0])

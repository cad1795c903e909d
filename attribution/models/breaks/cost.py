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

from collections.abc import Callable

import numpy as np

from attribution._typing import Float64Array, IntArray

#: Values per temporary in the k >= 2 block (about 256 kB, so the dozen
#: temporaries of one sub-block stay in the L2/L3 cache).
_CACHE_VALUES = 32_768


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

    The dynamic programme's blocks (``assume_valid=True``) are built from
    outer differences of the cumulative sums, entry-wise: the 2 x 2 inverse
    in closed form for k = 2 and an unrolled Cholesky factorisation for
    k > 2, a few rows at a time so that the temporaries stay in cache.
    Entries with a non-positive pivot (a regressor constant within the
    segment) fall back to a pseudo-inverse.
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
        # contiguous 1-D cumulative sums per entry, for outer differences
        self._xy_cols = [np.ascontiguousarray(self._xy[:, i]) for i in range(k)]
        self._xx_cols = {
            (i, j): np.ascontiguousarray(self._xx[:, i * k + j])
            for i in range(k)
            for j in range(i + 1)
        }

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
        if assume_valid and e.ndim == 1 and s.ndim == 1:
            return self._outer_block(e, s)
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

    def _outer_block(self, e: IntArray, s: IntArray) -> Float64Array:
        """Fill the block a few rows at a time, so temporaries stay in cache."""
        step = max(1, _CACHE_VALUES // max(1, s.shape[0]))
        if step >= e.shape[0]:
            return self._outer_rows(e, s)
        out = np.empty((e.shape[0], s.shape[0]))
        for lo in range(0, e.shape[0], step):
            out[lo : lo + step] = self._outer_rows(e[lo : lo + step], s)
        return out

    def _outer_rows(self, e: IntArray, s: IntArray) -> Float64Array:
        r"""RSS block from outer differences of the cumulative sums (hot path).

        :math:`b'A^{-1}b` is evaluated entry-wise on ``(rows, cols)`` arrays:
        in closed form for k = 2,
        :math:`(a_{22}b_1^2 - 2a_{12}b_1b_2 + a_{11}b_2^2)/(a_{11}a_{22} -
        a_{12}^2)`, and by an unrolled Cholesky factorisation for k > 2, so
        no batched ``solve`` and no ``(rows, cols, k, k)`` array is formed.
        Entries whose pivot is not positive (a regressor constant within the
        segment, or a segment too short) are recomputed with a
        pseudo-inverse; entries with ``e - s <= k`` are the caller's to mask.
        """
        k = self.k

        def diff(col: Float64Array) -> Float64Array:
            return np.subtract.outer(col[e], col[s])

        rss = diff(self._d)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if k == 2:
                quad, bad = self._quad2(diff)
            else:
                a = {key: diff(c) for key, c in self._xx_cols.items()}
                quad, bad = _cholesky_quad(a, [diff(c) for c in self._xy_cols], k)
        rss -= quad
        if bad.any():
            rows, cols = np.nonzero(bad)
            keep = (e[rows] - s[cols]) > k  # shorter ones are the caller's to mask
            rows, cols = rows[keep], cols[keep]
            if rows.size:
                er, sc = e[rows], s[cols]
                a = (self._xx[er] - self._xx[sc]).reshape(-1, k, k)
                b = self._xy[er] - self._xy[sc]
                sol = np.einsum("nij,nj->ni", np.linalg.pinv(a, rcond=1e-10), b)
                rss[rows, cols] = self._d[er] - self._d[sc]
                rss[rows, cols] -= np.einsum("ij,ij->i", b, sol)
        return np.asarray(np.maximum(rss, 0.0, out=rss), dtype=float)

    def _quad2(
        self, diff: Callable[[Float64Array], Float64Array]
    ) -> tuple[Float64Array, np.ndarray]:
        """Return the k = 2 closed form (a22 b1^2 - 2 a21 b1 b2 + a11 b2^2) / det."""
        b1, b2 = diff(self._xy_cols[0]), diff(self._xy_cols[1])
        a11, a21, a22 = (diff(self._xx_cols[key]) for key in ((0, 0), (1, 0), (1, 1)))
        scale = np.multiply(a11, a22)
        det = np.multiply(a21, a21)
        np.subtract(scale, det, out=det)
        a22 *= b1
        a22 *= b1
        a21 *= b1
        a21 *= b2
        a21 *= 2.0
        a11 *= b2
        a11 *= b2
        a22 -= a21
        a22 += a11
        a22 /= det
        scale *= 1e-12
        return a22, ~(det > scale)

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


def _cholesky_quad(
    a: dict[tuple[int, int], Float64Array], b: list[Float64Array], k: int
) -> tuple[Float64Array, np.ndarray]:
    r"""Entry-wise :math:`b'A^{-1}b = \|L^{-1}b\|^2` with :math:`A = LL'`.

    ``a`` holds the lower-triangle entries :math:`A_{ij}` (i >= j) and ``b``
    the right-hand sides, each an array of the same shape. Returns the
    quadratic form and a mask of entries with a non-positive pivot.
    """
    low: dict[tuple[int, int], Float64Array] = {}
    bad = np.zeros(b[0].shape, dtype=bool)
    for j in range(k):
        pivot = a[(j, j)].copy()
        for m in range(j):
            pivot -= low[(j, m)] * low[(j, m)]
        bad |= ~(pivot > 1e-12 * a[(j, j)])
        root = np.sqrt(np.where(pivot > 0, pivot, 1.0))
        low[(j, j)] = root
        for i in range(j + 1, k):
            val = a[(i, j)].copy()
            for m in range(j):
                val -= low[(i, m)] * low[(j, m)]
            low[(i, j)] = val / root
    quad = np.zeros(b[0].shape)
    z: list[Float64Array] = []
    for i in range(k):
        val = b[i].copy()
        for m in range(i):
            val -= low[(i, m)] * z[m]
        zi = val / low[(i, i)]
        z.append(zi)
        quad += zi * zi
    return quad, bad

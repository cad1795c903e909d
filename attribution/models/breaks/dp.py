r"""Exact dynamic programme for the global minimiser of the segmented RSS.

Bai and Perron (2003, section 2) find, for each number of breaks
:math:`m \le M`, the partition minimising the total residual sum of squares
by the recursion

.. math:: C_{L}(e) = \min_{(L-1)h \le j \le e - h} \; C_{L-1}(j) + RSS(j, e),
   \qquad C_1(e) = RSS(0, e),

where :math:`C_L(e)` is the least RSS of the first ``e`` observations cut
into ``L`` segments of at least ``h`` observations each. The break dates of
``m`` breaks are recovered by backtracking from :math:`C_{m+1}(T)`.

The ends ``e`` are visited in increasing order, in chunks of at most ``h``
rows: every ``j`` a chunk needs satisfies ``j <= e - h``, so it lies before
the chunk and is already final. Each chunk's segment RSS block is computed
once (by :class:`~attribution.models.breaks.cost.SegmentCost`) and shared by
all levels, so memory stays at one block of ``rows x T`` values and no
:math:`T \times T` matrix is formed.

Ties are broken towards the earliest date, as R's ``which.min`` does in
``strucchange::breakpoints``, so the admissible sets and the results are
identical to strucchange's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attribution._typing import Float64Array
from attribution.models.breaks.cost import SegmentCost

#: Number of float64 values one block may hold (about 32 MB).
BLOCK_BUDGET = 4_000_000


@dataclass(frozen=True)
class DPSolution:
    """Optimal partitions for every number of breaks from 0 to ``max_breaks``.

    Attributes
    ----------
    breakpoints : dict of int to tuple of int
        For ``m`` breaks, the break dates as 1-based positions of the last
        observation of each old regime (strucchange's convention); ``()`` for
        ``m = 0``.
    objective : dict of int to float
        The minimised total RSS for each ``m``, as accumulated by the
        programme (see :func:`segmented_rss` for a refitted value).
    min_size : int
        Minimum segment length ``h``.
    """

    breakpoints: dict[int, tuple[int, ...]]
    objective: dict[int, float]
    min_size: int


def _update_levels(
    tables: list[Float64Array],
    args: list[np.ndarray],
    ends: np.ndarray,
    cost: SegmentCost,
    h: int,
    max_breaks: int,
) -> None:
    """Fill ``C_L(e)`` for the ends in ``ends`` and every level ``L >= 2``."""
    starts = np.arange(h, int(ends[-1]) - h + 1)
    if starts.size == 0:
        return
    block = cost.block(ends, starts, assume_valid=True)
    # only the last columns can violate j <= e - h: mask that corner alone
    corner = max(0, int(ends[0]) - 2 * h + 1)
    if corner < starts.size:
        tail = block[:, corner:]
        tail[starts[None, corner:] > (ends[:, None] - h)] = np.inf
    rows = np.arange(ends.size)
    for level in range(2, max_breaks + 2):
        first = (level - 1) * h - h  # column of start (level - 1) * h
        if first >= starts.size:
            break
        prev = tables[level - 1][starts[first:]]
        total = block[:, first:] + prev[None, :]
        best = np.argmin(total, axis=1)
        value = total[rows, best]
        ok = np.isfinite(value)
        tables[level][ends[ok]] = value[ok]
        args[level][ends[ok]] = starts[first:][best[ok]]


def solve_breaks(cost: SegmentCost, min_size: int, max_breaks: int) -> DPSolution:
    """Return the RSS-minimising partitions with 0 to ``max_breaks`` breaks.

    Parameters
    ----------
    cost : SegmentCost
        Segment RSS of the data.
    min_size : int
        Minimum number of observations per segment, ``h > k``.
    max_breaks : int
        Largest number of breaks ``M``, with ``(M + 1) h <= T``.

    Returns
    -------
    DPSolution

    Notes
    -----
    Work is :math:`O(M T^2 / 2)` additions and :math:`O(T^2/2)` segment RSS
    evaluations; memory is :math:`O(M T)` plus one block of at most
    :data:`BLOCK_BUDGET` values.
    """
    n, h = cost.nobs, min_size
    tables = [np.full(n + 1, np.inf) for _ in range(max_breaks + 2)]
    args = [np.full(n + 1, -1, dtype=np.int64) for _ in range(max_breaks + 2)]
    first_ends = np.arange(h, n - h + 1)
    tables[1][first_ends] = cost.block(first_ends, np.array([0]))[:, 0]
    tables[1][n] = cost.segment(0, n)
    ends_all = np.concatenate([np.arange(2 * h, n - h + 1), [n]])
    per_row = max(1, n * cost.k * cost.k)
    chunk = max(1, min(h, BLOCK_BUDGET // per_row))
    for lo in range(0, ends_all.size, chunk):
        _update_levels(tables, args, ends_all[lo : lo + chunk], cost, h, max_breaks)
    breakpoints: dict[int, tuple[int, ...]] = {0: ()}
    objective: dict[int, float] = {0: float(tables[1][n])}
    for m in range(1, max_breaks + 1):
        if not np.isfinite(tables[m + 1][n]):
            break
        dates: list[int] = []
        end = n
        for level in range(m + 1, 1, -1):
            end = int(args[level][end])
            dates.append(end)
        breakpoints[m] = tuple(sorted(dates))
        objective[m] = float(tables[m + 1][n])
    return DPSolution(breakpoints=breakpoints, objective=objective, min_size=h)


def segment_bounds(breakpoints: tuple[int, ...], nobs: int) -> list[tuple[int, int]]:
    """Return 0-based half-open ``(start, end)`` of each segment.

    Parameters
    ----------
    breakpoints : tuple of int
        1-based last observation of each old regime.
    nobs : int
        Sample size T.

    Returns
    -------
    list of tuple of int
    """
    cuts = [0, *breakpoints, nobs]
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


def segmented_rss(
    endog: Float64Array, exog: Float64Array, breakpoints: tuple[int, ...]
) -> float:
    """Return the total RSS of segment-by-segment OLS (QR ``lstsq``, refitted).

    Parameters
    ----------
    endog : ndarray
        Shape ``(T,)``.
    exog : ndarray
        Shape ``(T, k)``.
    breakpoints : tuple of int
        1-based last observation of each old regime.

    Returns
    -------
    float
    """
    total = 0.0
    for start, end in segment_bounds(breakpoints, endog.shape[0]):
        beta, *_ = np.linalg.lstsq(exog[start:end], endog[start:end], rcond=None)
        resid = endog[start:end] - exog[start:end] @ beta
        total += float(resid @ resid)
    return total

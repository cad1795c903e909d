"""Bai-Perron multiple structural change model (specification and fit)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from attribution._typing import BreakSelection, CovType, Missing
from attribution._validation import as_float, as_frame, as_int, as_option
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.models.breaks.cost import SegmentCost
from attribution.models.breaks.dp import solve_breaks
from attribution.models.breaks.partial import solve_partial
from attribution.models.breaks.results import BreakResults

_SELECT: tuple[BreakSelection, ...] = ("bic", "lwz", "sequential")
_COV: tuple[CovType, ...] = ("nonrobust", "hac")


def _raw_frame(x: Any, name: str) -> pd.DataFrame:
    """Return ``x`` as a DataFrame without checks (NaN are handled jointly)."""
    if isinstance(x, pd.Series):
        return x.to_frame(name=x.name if x.name is not None else name)
    if isinstance(x, pd.DataFrame):
        return x
    arr = np.asarray(x, dtype=float)
    arr = arr[:, None] if arr.ndim == 1 else arr
    if arr.ndim != 2:
        raise ModelSpecificationError(fmt(name, "1- or 2-dimensional", arr.shape))
    return pd.DataFrame(arr, columns=[f"{name}{i}" for i in range(arr.shape[1])])


def min_segment_size(trim: float | int, nobs: int) -> int:
    """Return strucchange's minimum segment length ``h``.

    Parameters
    ----------
    trim : float or int
        A fraction in (0, 1), or a number of observations (>= 1).
    nobs : int
        Sample size T.

    Returns
    -------
    int
        ``floor(trim * T)`` for a fraction (``strucchange::breakpoints(h=)``
        convention: ``if (h < 1) h <- floor(n * h)``), else ``trim`` itself.

    Examples
    --------
    >>> min_segment_size(0.15, 100), min_segment_size(0.15, 103)
    (15, 15)
    >>> min_segment_size(15, 103)
    15
    """
    if trim < 1:
        return int(math.floor(trim * nobs))
    return int(trim)


class BaiPerron:
    r"""Linear regression with ``m`` unknown breaks (Bai and Perron 1998, 2003).

    Parameters
    ----------
    endog : Series
        Dependent variable; a DatetimeIndex makes break dates dates.
    exog : DataFrame, optional
        Regressors whose coefficients change at each break (z in Bai-Perron).
        ``None`` gives the mean-shift model (a constant only).
    fixed_exog : DataFrame, optional
        Regressors whose coefficients are constant across regimes (x in
        Bai-Perron): partial structural change. Same index as ``endog``.
    trim : float or int, default 0.15
        Minimum segment length: a fraction of T (``h = floor(trim * T)``,
        exactly as ``strucchange::breakpoints(h = trim)``) or a number of
        observations. Must give ``k < h <= floor(T / 2)``.
    max_breaks : int, optional
        Largest number of breaks M. Default ``min(5, ceil(T / h) - 2)``;
        strucchange's own default is ``ceil(T / h) - 2``.
    add_const : bool, default True
        Prepend a changing constant ``const`` to ``exog`` (ignored, and always
        present, when ``exog`` is None).
    missing : {"raise", "drop"}, default "raise"
        Rows with NaN raise, or are dropped with a warning giving the count.

    Notes
    -----
    The model is :math:`y_t = x_t'\beta + z_t'\delta_j + u_t` for
    :math:`T_{j-1} < t \le T_j`, :math:`j = 1, \dots, m + 1`, with
    :math:`T_0 = 0` and :math:`T_{m+1} = T`. **Timing convention: a break
    date** :math:`T_j` **is the last observation of the old regime**, as in
    R's strucchange; the new regime starts at the next observation. For
    each m the dates minimise the total RSS exactly (dynamic programme,
    :mod:`~attribution.models.breaks.dp`), subject to every segment holding
    at least ``h`` observations. The identifying assumption is
    :math:`E[z_t u_t] = E[x_t u_t] = 0` within regimes, with breaks
    separated by a positive fraction of the sample.

    With ``fixed_exog`` the dates come from the iterative procedure of Bai
    and Perron (2003, section 3.2): alternate the pure-change programme on
    :math:`y - x'\hat\beta` with OLS for :math:`\beta` given the dates,
    until the RSS stops falling. This reaches a (possibly local) minimum.

    The constructor validates and stores the specification; :meth:`fit`
    estimates and returns a new immutable :class:`BreakResults`.

    References
    ----------
    Bai, J. and Perron, P. (1998). Estimating and testing linear models with
    multiple structural changes. *Econometrica* 66(1), 47-78.

    Bai, J. and Perron, P. (2003). Computation and analysis of multiple
    structural change models. *Journal of Applied Econometrics* 18(1), 1-22.

    Examples
    --------
    >>> from attribution.models.breaks.simulate import simulate_mean_shift
    >>> y = simulate_mean_shift(200, breakpoints=(80,), means=(0.0, 2.0), seed=1)
    >>> res = BaiPerron(y, trim=0.15).fit()
    >>> res.n_breaks, res.breakpoints
    (1, (80,))
    """

    def __init__(
        self,
        endog: pd.Series,
        exog: pd.DataFrame | None = None,
        *,
        fixed_exog: pd.DataFrame | None = None,
        trim: float | int = 0.15,
        max_breaks: int | None = None,
        add_const: bool = True,
        missing: Missing = "raise",
    ) -> None:
        frames = [_raw_frame(endog, "endog")]
        for arg, name in ((exog, "exog"), (fixed_exog, "fixed_exog")):
            if arg is not None:
                frame = _raw_frame(arg, name)
                if not frame.index.equals(frames[0].index):
                    raise ModelSpecificationError(
                        fmt(
                            f"{name}.index",
                            "equal to endog.index",
                            f"{len(frame)} rows",
                        )
                    )
                frames.append(frame)
        data = as_frame(pd.concat(frames, axis=1), "data", missing=missing)
        self.endog: pd.Series = data.iloc[:, 0].rename(str(frames[0].columns[0]))
        n_z = frames[1].shape[1] if exog is not None else 0
        z = data.iloc[:, 1 : 1 + n_z].copy()
        if exog is None or add_const:
            z.insert(0, "const", 1.0)
        self.exog: pd.DataFrame = z
        self.fixed_exog: pd.DataFrame | None = (
            data.iloc[:, 1 + n_z :].copy() if fixed_exog is not None else None
        )
        self.nobs = int(data.shape[0])
        self._check_rank()
        self.trim = self._check_trim(trim)
        self.min_size = min_segment_size(self.trim, self.nobs)
        self._check_min_size()
        cap = math.ceil(self.nobs / self.min_size) - 2
        if cap < 1:
            raise ModelSpecificationError(
                fmt(
                    "trim",
                    f"small enough to allow one break (T = {self.nobs})",
                    trim,
                    "Use a smaller trim.",
                )
            )
        if max_breaks is None:
            self.max_breaks = min(5, cap)
        else:
            self.max_breaks = as_int(max_breaks, "max_breaks", low=1, high=cap)

    @property
    def n_changing(self) -> int:
        """Number q of regressors whose coefficients change."""
        return int(self.exog.shape[1])

    @property
    def n_fixed(self) -> int:
        """Number p of regressors with constant coefficients."""
        return 0 if self.fixed_exog is None else int(self.fixed_exog.shape[1])

    def _check_rank(self) -> None:
        parts = [self.exog] if self.fixed_exog is None else [self.exog, self.fixed_exog]
        full = pd.concat(parts, axis=1).to_numpy()
        rank = np.linalg.matrix_rank(full)
        if rank < full.shape[1]:
            raise ModelSpecificationError(
                fmt(
                    "exog",
                    "of full column rank",
                    f"rank {rank} < {full.shape[1]}",
                    "Drop collinear regressors (a constant is added unless "
                    "add_const=False).",
                )
            )

    def _check_trim(self, trim: Any) -> float | int:
        if (
            isinstance(trim, (int, np.integer))
            and not isinstance(trim, bool)
            and trim >= 1
        ):
            return int(trim)
        value = as_float(trim, "trim", low=0.0)
        if not 0.0 < value < 1.0:
            raise ModelSpecificationError(
                fmt(
                    "trim",
                    "a fraction in (0, 1) or an integer number of observations",
                    trim,
                )
            )
        return value

    def _check_min_size(self) -> None:
        k = self.n_changing + self.n_fixed
        if self.min_size <= k:
            raise ModelSpecificationError(
                fmt(
                    "trim",
                    f"a minimum segment length h > k = {k} observations",
                    self.trim,
                    f"It gives h = {self.min_size}; use a larger trim.",
                )
            )
        if self.min_size > self.nobs // 2:
            raise ModelSpecificationError(
                fmt(
                    "trim",
                    f"a minimum segment length h <= T/2 = {self.nobs // 2}",
                    self.trim,
                    f"It gives h = {self.min_size}; use a smaller trim.",
                )
            )

    def fit(
        self,
        *,
        select: BreakSelection = "bic",
        n_breaks: int | None = None,
        cov: CovType = "nonrobust",
        bandwidth: int | None = None,
        alpha: float = 0.05,
    ) -> BreakResults:
        """Estimate the optimal partitions for 0 to M breaks and pick one.

        Parameters
        ----------
        select : {"bic", "lwz", "sequential"}, default "bic"
            How the number of breaks is chosen: strucchange's BIC, the LWZ
            criterion of Liu, Wu and Zidek (1997), or Bai-Perron's sequential
            sup-F(l+1|l) tests at level ``alpha``.
        n_breaks : int, optional
            Impose this number of breaks instead (0 to ``max_breaks``).
        cov : {"nonrobust", "hac"}, default "nonrobust"
            Covariance for segment standard errors and break-date intervals.
            ``"nonrobust"`` allows a different error variance per segment
            (strucchange's default ``het.err = TRUE``); ``"hac"`` is the
            Newey-West estimator of :mod:`attribution.models.covariance`.
        bandwidth : int, optional
            HAC lag L; default :func:`~attribution.models.covariance.nw_bandwidth`
            of the full sample, used for every segment.
        alpha : float, default 0.05
            Level of the sequential tests (0.10, 0.05, 0.025 or 0.01).

        Returns
        -------
        BreakResults
        """
        select = as_option(select, "select", _SELECT)
        cov = as_option(cov, "cov", _COV)
        if bandwidth is not None:
            bandwidth = as_int(bandwidth, "bandwidth", low=0)
        y = self.endog.to_numpy()
        z = self.exog.to_numpy()
        if self.fixed_exog is None:
            solution = solve_breaks(SegmentCost(y, z), self.min_size, self.max_breaks)
        else:
            solution = solve_partial(
                y, z, self.fixed_exog.to_numpy(), self.min_size, self.max_breaks
            )
        results = BreakResults(
            model=self,
            solution=solution,
            n_breaks=0,
            select=select,
            cov_type=cov,
            bandwidth=bandwidth,
            alpha=alpha,
        )
        if n_breaks is not None:
            chosen = as_int(n_breaks, "n_breaks", low=0, high=max(solution.breakpoints))
        else:
            chosen = results.selected_n_breaks(select)
        return results.with_n_breaks(chosen)

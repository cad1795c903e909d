"""Local projections: one regression per horizon, with HAC inference."""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd

from attribution._typing import Kernel, Trend
from attribution._validation import as_frame, as_int, as_option, check_index
from attribution.exceptions import (
    EmptySampleError,
    ModelSpecificationError,
    WeakIdentificationWarning,
    fmt,
)
from attribution.models.covariance import nw_bandwidth, sandwich_cov
from attribution.models.lp.results import LPResults
from attribution.models.regression import IVRegression, RegressionResults
from attribution.models.regression.iv_results import IVResults

LPSample = Literal["max", "common"]
LPLagRule = Literal["max", "horizon"]


def _check_sorted_index(frame: pd.DataFrame) -> None:
    """Check a DatetimeIndex fully; any other index only for order and uniqueness."""
    if isinstance(frame.index, pd.DatetimeIndex):
        check_index(frame, "data")
        return
    if not frame.index.is_monotonic_increasing:
        raise ModelSpecificationError(fmt("data.index", "sorted ascending", "unsorted"))
    if frame.index.has_duplicates:
        dup = frame.index[frame.index.duplicated()][0]
        raise ModelSpecificationError(fmt("data.index", "unique", f"duplicate {dup}"))


class LocalProjections:
    r"""Local projections of responses on a shock, horizon by horizon (Jordà 2005).

    Parameters
    ----------
    data : DataFrame
        The endogenous variables, one row per period, sorted. A
        ``DatetimeIndex`` is checked (sorted, unique, tz-naive); any other
        sorted unique index (e.g. a ``PeriodIndex`` or integers) is accepted
        as is. Lags of every column enter as controls.
    shock : str
        Column of ``data`` whose value at t is the impulse.
    responses : list of str, optional
        Columns of ``data`` whose responses are estimated (default: all).
    horizon : int, default 12
        Largest horizon H; responses are estimated for h = 0, ..., H.
    n_lags : int, default 4
        Lags 1..n_lags of every column of ``data`` enter as controls.
    recursive : list of str, optional
        Columns of ``data`` ordered *before* the shock: their values at t
        enter as controls (recursive identification).
    exog : DataFrame, optional
        Further controls dated t (same index as ``data``).
    instrument : Series or DataFrame, optional
        External instrument(s) dated t for the shock variable: LP-IV by 2SLS.
    cumulative : bool, default False
        If True the left-hand side is :math:`\sum_{s=0}^{h} y_{t+s}`, so the
        response (and its standard error) is cumulative.
    trend : {"n", "c", "ct"}, default "c"
        Deterministic terms: none, constant, constant and linear trend.
    sample : {"max", "common"}, default "max"
        ``"max"`` uses every t with :math:`t + h \le T - 1` at horizon h;
        ``"common"`` uses the same t = n_lags, ..., T - 1 - H at every horizon.

    Raises
    ------
    ModelSpecificationError
        If names are unknown, options invalid or data hold NaN.
    EmptySampleError
        If T is too short for the lags, the horizon and the regressors.

    Notes
    -----
    At horizon h, for response i,

    .. math:: y_{i,t+h} = \alpha_h + \beta_{i,h} s_t + \gamma_h' r_t
       + \sum_{l=1}^{p} \Gamma_{h,l} w_{t-l} + \delta_h' x_t + u_{i,t+h}

    with :math:`s_t` the shock variable, :math:`r_t` the ``recursive``
    variables, :math:`w_t` all columns of ``data`` and :math:`x_t` ``exog``.
    :math:`\beta_{i,h}` is the response at horizon h to a *one-unit* move
    in the shock variable at t (unit normalisation).

    Identifying assumption (OLS): given the controls, :math:`s_t` is
    uncorrelated with the other structural shocks at t, i.e. a recursive
    ordering in which ``recursive`` come first, then the shock, then the rest.
    With this ordering and the same lags, the horizon-0 response equals the
    VAR's Cholesky impact response divided by the shock's own impact.
    With ``instrument`` (LP-IV): :math:`z_t` is correlated with the shock of
    interest and uncorrelated with all other shocks at all leads and lags
    (Stock and Watson 2018).

    Timing: the shock and controls are dated t, the outcome t + h; h = 0 is
    impact. Inference: the residual :math:`u_{t+h}` is MA(h) at least, so the
    default Newey-West truncation at horizon h is
    :math:`L_h = \max(h + 1, \lfloor 4 (T_h/100)^{2/9} \rfloor)`, computed
    by :mod:`attribution.models.covariance`.

    statsmodels 0.15 has ``LocalProjections``; it is not wrapped because it
    re-implements Newey-West with :math:`\max(h, \cdot)` lags, has no
    contemporaneous (recursive) controls, no LP-IV, no cumulative left-hand
    side and exposes no residuals. Its point estimates equal ours with
    ``sample="common"`` (tested).

    References
    ----------
    Jordà, Ò. (2005). Estimation and inference of impulse responses by local
    projections. *American Economic Review* 95(1), 161-182, eq. (2).
    Stock, J. H. and Watson, M. W. (2018). Identification and estimation of
    dynamic causal effects in macroeconomics using external instruments.
    *Economic Journal* 128(610), 917-948.

    Examples
    --------
    >>> from attribution.models.lp import LocalProjections, simulate_ar1
    >>> data = simulate_ar1(2000, phi=0.5, seed=0)
    >>> res = LocalProjections(data, shock="y", horizon=3, n_lags=1).fit()
    >>> res.irf.round(1).tolist()  # phi ** h
    [1.0, 0.5, 0.2, 0.1]
    >>> res.bandwidths.tolist()  # Newey-West lags >= h + 1
    [7, 7, 7, 7]
    """

    def __init__(
        self,
        data: pd.DataFrame,
        *,
        shock: str,
        responses: list[str] | None = None,
        horizon: int = 12,
        n_lags: int = 4,
        recursive: list[str] | None = None,
        exog: pd.DataFrame | None = None,
        instrument: pd.Series | pd.DataFrame | None = None,
        cumulative: bool = False,
        trend: Trend = "c",
        sample: LPSample = "max",
    ) -> None:
        if isinstance(data, pd.DataFrame) and data.isna().to_numpy().any():
            first = data.index[data.isna().any(axis=1).to_numpy()][0]
            raise ModelSpecificationError(
                fmt(
                    "data",
                    "free of NaN",
                    f"NaN first at {first}",
                    "Local projections need a gap-free sample: trim or fill it first.",
                )
            )
        frame = as_frame(data, "data")
        _check_sorted_index(frame)
        cols = list(frame.columns)
        self.shock = as_option(shock, "shock", cols)
        self.responses = [as_option(r, "responses", cols) for r in (responses or cols)]
        self.recursive = [
            as_option(r, "recursive", [c for c in cols if c != shock])
            for r in (recursive or [])
        ]
        self.horizon = as_int(horizon, "horizon", low=0)
        self.n_lags = as_int(n_lags, "n_lags", low=0)
        self.trend: Trend = as_option(trend, "trend", ("n", "c", "ct"))
        self.sample: LPSample = as_option(sample, "sample", ("max", "common"))
        self.cumulative = bool(cumulative)
        self.data = frame
        self.exog = self._aligned(exog, "exog")
        self.instrument = self._aligned(instrument, "instrument")
        self._controls = self._build_controls()
        k = self._controls.shape[1] + 1 + (self.trend != "n")
        usable = len(frame) - self.n_lags - self.horizon
        if usable <= k + 1:
            raise EmptySampleError(
                fmt(
                    "data",
                    f"longer than n_lags + horizon + regressors + 1 = "
                    f"{self.n_lags + self.horizon + k + 1} rows",
                    len(frame),
                    "Reduce `horizon` or `n_lags`.",
                )
            )

    def _aligned(
        self, x: pd.Series | pd.DataFrame | None, name: str
    ) -> pd.DataFrame | None:
        if x is None:
            return None
        frame = as_frame(x, name)
        if not frame.index.equals(self.data.index):
            raise ModelSpecificationError(
                fmt(f"{name}.index", "equal to data.index", f"{len(frame)} rows")
            )
        return frame

    def _build_controls(self) -> pd.DataFrame:
        """Build the controls dated t: recursive variables, lags, exog, trend."""
        parts = [self.data[self.recursive]]
        for lag in range(1, self.n_lags + 1):
            parts.append(self.data.shift(lag).add_suffix(f".L{lag}"))
        if self.exog is not None:
            parts.append(self.exog)
        out = pd.concat(parts, axis=1)
        if self.trend == "ct":
            out["trend"] = np.arange(len(out), dtype=float)
        return out

    def _rows(self, h: int) -> slice:
        """Positions t of the estimation sample at horizon h."""
        last = len(self.data) - (self.horizon if self.sample == "common" else h)
        return slice(self.n_lags, last)

    def _lhs(self, h: int) -> pd.DataFrame:
        r"""Return the outcome :math:`y_{t+h}` (cumulative: summed over s <= h) at t."""
        y = self.data[self.responses]
        if not self.cumulative:
            return y.shift(-h)
        return sum((y.shift(-s) for s in range(h + 1)), start=y * 0.0)

    def fit(
        self,
        *,
        bandwidth: int | None = None,
        kernel: Kernel = "bartlett",
        weak_threshold: float = 10.0,
        lag_rule: LPLagRule = "max",
    ) -> LPResults:
        r"""Estimate every horizon's regression and return immutable results.

        Parameters
        ----------
        bandwidth : int, optional
            Fixed Newey-West truncation lag at every horizon; overrides
            ``lag_rule``.
        lag_rule : {"max", "horizon"}, default "max"
            Newey-West lag at horizon h when ``bandwidth`` is None.
            ``"max"``: :math:`L_h = \max(h + 1, \lfloor 4 (T_h/100)^{2/9}
            \rfloor)`. ``"horizon"``: :math:`L_h = h + 1`, the MA order of
            the horizon-h residual, as Jordà (2005) and R's ``lpirfs``.
        kernel : {"bartlett", "parzen"}, default "bartlett"
            HAC kernel.
        weak_threshold : float, default 10.0
            LP-IV only: warn (once) if a horizon's first-stage partial F is
            below it.

        Returns
        -------
        LPResults
        """
        kernel = as_option(kernel, "kernel", ("bartlett", "parzen"))
        lag_rule = as_option(lag_rule, "lag_rule", ("max", "horizon"))
        if bandwidth is not None:
            bandwidth = as_int(bandwidth, "bandwidth", low=0)
        fits: dict[tuple[int, str], RegressionResults] = {}
        lags: dict[int, int] = {}
        first: dict[int, pd.DataFrame] = {}
        for h in range(self.horizon + 1):
            rows = self._rows(h)
            lhs = self._lhs(h).iloc[rows]
            ctrl = self._controls.iloc[rows]
            nobs = len(lhs)
            if bandwidth is not None:
                lags[h] = bandwidth
            elif lag_rule == "horizon":
                lags[h] = h + 1
            else:
                lags[h] = max(h + 1, nw_bandwidth(nobs))
            if self.instrument is None:
                fits.update(self._fit_ols(h, lhs, ctrl, lags[h], kernel))
                continue
            ivs = {
                resp: self._fit_iv(lhs[resp], ctrl, lags[h], kernel, weak_threshold)
                for resp in self.responses
            }
            fits.update({(h, resp): fit for resp, fit in ivs.items()})
            first[h] = ivs[self.responses[0]].first_stage
        if first:
            self._warn_weak(first, weak_threshold)
        return LPResults.from_fits(self, fits, lags, first)

    def _fit_ols(
        self,
        h: int,
        lhs: pd.DataFrame,
        ctrl: pd.DataFrame,
        lags: int,
        kernel: Kernel,
    ) -> dict[tuple[int, str], RegressionResults]:
        """OLS for every response at horizon h at once, HAC via models.covariance."""
        design = pd.concat([self.data[[self.shock]].iloc[self._rows(h)], ctrl], axis=1)
        if self.trend != "n":
            design.insert(0, "const", 1.0)
        x = design.to_numpy()
        if np.linalg.matrix_rank(x) < x.shape[1]:
            raise ModelSpecificationError(
                fmt(
                    f"design at horizon {h}",
                    "of full column rank",
                    f"rank {np.linalg.matrix_rank(x)} < {x.shape[1]}",
                    "Drop collinear controls or reduce `n_lags`.",
                )
            )
        y = lhs.to_numpy()
        beta = np.linalg.lstsq(x, y, rcond=None)[0]
        fitted = x @ beta
        names = design.columns  # one Index object, shared (cheap construction)
        out: dict[tuple[int, str], RegressionResults] = {}
        for i, resp in enumerate(self.responses):
            u = y[:, i] - fitted[:, i]
            vcov = sandwich_cov(x, u, n_lags=lags, kernel=kernel)
            out[(h, resp)] = RegressionResults(
                params=pd.Series(beta[:, i], index=names, name="params"),
                cov=pd.DataFrame(vcov, index=names, columns=names),
                resid=pd.Series(u, index=lhs.index, name="resid"),
                fitted=pd.Series(fitted[:, i], index=lhs.index, name="fitted"),
                endog=lhs[resp],
                cov_type="hac",
                bandwidth=lags,
                kernel=kernel,
                exog=design,
            )
        return out

    def _fit_iv(
        self,
        lhs: pd.Series,
        ctrl: pd.DataFrame,
        lags: int,
        kernel: Kernel,
        weak_threshold: float,
    ) -> IVResults:
        """LP-IV at one horizon and response: 2SLS through IVRegression."""
        add_const = self.trend != "n"
        shock = self.data[[self.shock]].loc[lhs.index]
        assert self.instrument is not None  # internal invariant
        instr = self.instrument.loc[lhs.index]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", WeakIdentificationWarning)
            return IVRegression(lhs, ctrl, shock, instr, add_const=add_const).fit(
                cov="hac", bandwidth=lags, kernel=kernel, weak_threshold=weak_threshold
            )

    @staticmethod
    def _warn_weak(first: dict[int, pd.DataFrame], threshold: float) -> None:
        f = pd.Series({h: float(d["partial_f"].iloc[0]) for h, d in first.items()})
        weak = f[f < threshold]
        if len(weak):
            warnings.warn(
                f"Weak instrument at horizons {weak.index.tolist()}: "
                "first-stage partial F "
                f"as low as {weak.min():.2f} < {threshold:g}. LP-IV responses may be "
                "unreliable; silence with warnings.filterwarnings('ignore', "
                "category=WeakIdentificationWarning).",
                WeakIdentificationWarning,
                stacklevel=3,
            )

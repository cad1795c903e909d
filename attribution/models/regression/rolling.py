"""Rolling-window and recursive (expanding-window) OLS with HAC inference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd
from statsmodels.regression.rolling import RollingOLS

from attribution._typing import Kernel, Missing
from attribution._validation import as_int, as_option, check_index
from attribution.models._estimates import FrameEstimates
from attribution.models.covariance import nw_bandwidth, sandwich_cov
from attribution.models.regression._data import join_aligned

_COV = ("nonrobust", "hc0", "hc1", "hac")


@dataclass(frozen=True)
class RollingResults(FrameEstimates):
    """Coefficients and standard errors by window, indexed by window end date.

    Attributes
    ----------
    params, std_err : DataFrame
        Index ``date`` (the last observation of each window), one column per
        regressor. Windows with fewer than ``min_nobs`` observations are
        absent, not NaN.
    nobs : Series
        Observations in each window.
    bandwidth : Series
        HAC truncation lag of each window (0 unless ``cov_type == "hac"``).
    cov_type : str
        Covariance estimator.
    expanding : bool
        True for recursive (expanding-window) estimates.

    Notes
    -----
    ``tvalues`` and ``pvalues`` are shaped like ``params``; intervals and
    ``to_frame`` are long by (``date``, ``regressor``) and use the normal.
    """

    params: pd.DataFrame
    std_err: pd.DataFrame
    nobs: pd.Series
    bandwidth: pd.Series
    cov_type: str
    expanding: bool

    def _stack(self, frame: pd.DataFrame) -> pd.Series:
        """Long by (``date``, ``regressor``)."""
        out = cast(pd.Series, frame.stack())
        out.index.names = ["date", "regressor"]
        return out

    def summary(self) -> str:
        """Plain-text summary: the specification and the last window's estimates."""
        kind = "Recursive (expanding)" if self.expanding else "Rolling"
        last = self.params.index[-1]
        table = pd.DataFrame(
            {"params": self.params.loc[last], "std_err": self.std_err.loc[last]}
        )
        return (
            f"{kind} OLS, {len(self.params)} windows ending "
            f"{self.params.index[0]:%Y-%m-%d} .. {last:%Y-%m-%d}; "
            f"covariance {self.cov_type}\n"
            f"Last window ({int(self.nobs.iloc[-1])} obs):\n"
            + str(table.to_string(float_format=lambda v: f"{v: .4f}"))
        )


class RollingRegression:
    r"""OLS re-estimated on rolling or expanding windows.

    Parameters
    ----------
    endog : Series
        Dependent variable, indexed by a sorted DatetimeIndex.
    exog : DataFrame
        Regressors, same index.
    window : int
        Window length (rolling), or the first window's length (expanding).
    expanding : bool, default False
        If True, recursive estimates: every window starts at the first
        observation and ends at t, for t from ``window`` onwards.
    add_const : bool, default True
        Prepend a column ``const``.
    missing : {"raise", "drop"}, default "raise"
        Rows with NaN raise, or are dropped with a warning.

    Notes
    -----
    The estimate labelled t uses observations t - window + 1, ..., t
    (rolling) or 1, ..., t (expanding): it is real-time in the sense that it
    uses no data after t. Coefficients come from statsmodels'
    ``RollingOLS``; each window's covariance is the sandwich of
    :func:`~attribution.models.covariance.sandwich_cov` on that window's
    residuals, with the HAC lag :math:`\lfloor 4 (n_w/100)^{2/9} \rfloor`
    of the window's size :math:`n_w` unless fixed.

    Examples
    --------
    >>> from attribution.models.regression import RollingRegression
    >>> from attribution.models.regression.simulate import simulate_regression
    >>> y, x = simulate_regression(200, seed=0)
    >>> res = RollingRegression(y, x, window=104).fit()
    >>> res.params.shape, str(res.params.index[0].date())
    ((97, 3), '2001-12-26')
    """

    def __init__(
        self,
        endog: pd.Series,
        exog: pd.DataFrame,
        *,
        window: int,
        expanding: bool = False,
        add_const: bool = True,
        missing: Missing = "raise",
    ) -> None:
        joined, _ = join_aligned({"endog": endog, "exog": exog}, missing)
        check_index(joined, "endog")
        self.endog: pd.Series = joined.iloc[:, 0]
        ex = joined.iloc[:, 1:]
        if add_const:
            ex.insert(0, "const", 1.0)
        self.exog: pd.DataFrame = ex
        k = ex.shape[1]
        self.window = as_int(window, "window", low=k + 1, high=len(joined))
        self.expanding = bool(expanding)

    def fit(
        self,
        *,
        cov: str = "hac",
        bandwidth: int | None = None,
        kernel: Kernel = "bartlett",
    ) -> RollingResults:
        """Estimate every window and return immutable results.

        Parameters
        ----------
        cov : {"nonrobust", "hc0", "hc1", "hac"}, default "hac"
            Covariance estimator within each window.
        bandwidth : int, optional
            Fixed HAC lag for every window (default: the NW rule per window).
        kernel : {"bartlett", "parzen"}, default "bartlett"
            HAC kernel.

        Returns
        -------
        RollingResults
        """
        cov = as_option(cov, "cov", _COV)
        if bandwidth is not None:
            bandwidth = as_int(bandwidth, "bandwidth", low=0)
        # statsmodels' expanding=True only expands up to `window`, then rolls: a
        # recursive estimate is therefore a window of the full length.
        size = len(self.endog) if self.expanding else self.window
        rols = RollingOLS(
            self.endog,
            self.exog,
            window=size,
            min_nobs=self.window,
            expanding=self.expanding,
        ).fit(params_only=True)
        params = rols.params.dropna(how="all")
        params.index.name = "date"
        x, y = self.exog.to_numpy(), self.endog.to_numpy()
        k = x.shape[1]
        se = np.empty(params.shape)
        nobs = np.empty(len(params), dtype=int)
        lags = np.zeros(len(params), dtype=int)
        ends = self.exog.index.get_indexer(params.index)
        for i, end in enumerate(ends):
            start = 0 if self.expanding else end - self.window + 1
            xw, yw = x[start : end + 1], y[start : end + 1]
            u = yw - xw @ params.iloc[i].to_numpy()
            nobs[i] = len(yw)
            if cov == "hac":
                lags[i] = nw_bandwidth(nobs[i]) if bandwidth is None else bandwidth
                v = sandwich_cov(xw, u, n_lags=int(lags[i]), kernel=kernel)
            elif cov == "nonrobust":
                v = float(u @ u) / (nobs[i] - k) * np.linalg.inv(xw.T @ xw)
            else:
                v = sandwich_cov(xw, u, hc=cov)
            se[i] = np.sqrt(np.diag(v))
        idx = params.index
        return RollingResults(
            params=params,
            std_err=pd.DataFrame(se, index=idx, columns=params.columns),
            nobs=pd.Series(nobs, index=idx, name="nobs"),
            bandwidth=pd.Series(lags, index=idx, name="bandwidth"),
            cov_type=cov,
            expanding=self.expanding,
        )

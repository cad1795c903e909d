"""Reduced-form vector autoregression: specification, lag selection and OLS."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from attribution._typing import Missing, Trend
from attribution._validation import as_frame, as_int, as_option, check_index
from attribution.exceptions import EmptySampleError, ModelSpecificationError, fmt
from attribution.models.var import _arrays
from attribution.models.var.results import LagOrderResults, VARResults

LagCriterion = Literal["aic", "bic", "hqic", "fpe"]
_TRENDS: tuple[Trend, ...] = ("n", "c", "ct")
_CRITERIA: tuple[LagCriterion, ...] = ("aic", "bic", "hqic", "fpe")


class VAR:
    r"""Vector autoregression :math:`y_t = \nu_t + \sum_{i=1}^p A_i y_{t-i} + u_t`.

    Parameters
    ----------
    data : DataFrame
        Endogenous variables in columns, one row per period, sorted by date.
        A ``DatetimeIndex`` is checked (sorted, unique, tz-naive); any other
        sorted unique index is accepted as is.
    n_lags : int or None, default None
        Lag order p >= 1. ``None`` selects it at fit time by ``criterion``
        over ``1..max_lags`` on a common sample.
    trend : {"n", "c", "ct"}, default "c"
        Deterministic terms :math:`\nu_t`: none, constant, constant and linear
        trend. The trend is the 1-based position in the full sample (the first
        estimation row has trend p + 1), as in statsmodels and JMulTi.
    criterion : {"aic", "bic", "hqic", "fpe"}, default "aic"
        Criterion used when ``n_lags`` is None.
    max_lags : int, optional
        Largest order tried. Default :math:`\mathrm{round}(12 (T/100)^{1/4})`
        (statsmodels' rule), capped so that the largest model is estimable.
    missing : {"raise", "drop"}, default "raise"
        Rows with NaN raise, or are dropped with a warning giving the count.

    Raises
    ------
    ModelSpecificationError
        On a bad option, too few variables or NaN with ``missing="raise"``.
    EmptySampleError
        If there are too few rows for the requested lags.

    Notes
    -----
    Timing: row t of ``data`` is :math:`y_t`; the first p rows are initial
    conditions and the estimation sample is rows ``p..T-1``. Each equation is
    estimated by OLS on the common regressors
    :math:`X_t = (\nu\text{-terms}, y_{t-1}', \dots, y_{t-p}')`, which is
    efficient for an unrestricted VAR (Lütkepohl 2005, sec. 3.2). The reduced
    form makes no identifying assumption; identification is applied to the
    results (:mod:`attribution.models.var.identification`,
    :mod:`attribution.models.var.sign`). The constructor only validates and
    stores the specification; :meth:`fit` estimates and never changes ``self``.

    References
    ----------
    Lütkepohl, H. (2005). *New Introduction to Multiple Time Series Analysis*.
    Springer. Eq. (3.2.10) (OLS), (4.3.1)-(4.3.4) (order selection).

    Examples
    --------
    >>> from attribution.models.var import simulate_svar
    >>> sim = simulate_svar([[[0.5, 0.0], [0.1, 0.3]]], [[1.0, 0.0], [0.5, 1.0]],
    ...                     nobs=300, seed=1)
    >>> res = VAR(sim.data, n_lags=1).fit()
    >>> res.params.shape
    (3, 2)
    """

    def __init__(
        self,
        data: pd.DataFrame,
        n_lags: int | None = None,
        trend: Trend = "c",
        *,
        criterion: LagCriterion = "aic",
        max_lags: int | None = None,
        missing: Missing = "raise",
    ) -> None:
        frame = as_frame(data, "data", min_rows=3, missing=missing)
        if isinstance(frame.index, pd.DatetimeIndex):
            check_index(frame, "data")
        elif not (frame.index.is_monotonic_increasing and frame.index.is_unique):
            raise ModelSpecificationError(
                fmt("data.index", "sorted and unique", "unsorted")
            )
        if frame.shape[1] < 1:
            raise ModelSpecificationError(fmt("data", "at least one column", 0))
        frame.columns = [str(c) for c in frame.columns]
        if len(set(frame.columns)) != frame.shape[1]:
            raise ModelSpecificationError(
                fmt("data.columns", "unique", list(frame.columns))
            )
        self.data: pd.DataFrame = frame
        self.trend: Trend = as_option(trend, "trend", _TRENDS)
        self.criterion: LagCriterion = as_option(criterion, "criterion", _CRITERIA)
        n_obs, n_var = frame.shape
        n_det = {"n": 0, "c": 1, "ct": 2}[self.trend]
        max_estimable = (n_obs - n_det - 1) // (1 + n_var)
        if max_estimable < 1:
            raise EmptySampleError(
                fmt("data", f"long enough for a VAR(1) in {n_var} variables", n_obs)
            )
        if n_lags is not None:
            n_lags = as_int(n_lags, "n_lags", low=1)
            if n_lags > max_estimable:
                raise EmptySampleError(
                    fmt(
                        "n_lags",
                        f"<= {max_estimable} for T = {n_obs} and n = {n_var}",
                        n_lags,
                        "Need T - p > n p + deterministic terms.",
                    )
                )
        if max_lags is None:
            max_lags = min(max(round(12 * (n_obs / 100.0) ** 0.25), 1), max_estimable)
        else:
            max_lags = as_int(max_lags, "max_lags", low=1, high=max_estimable)
        self.n_lags: int | None = n_lags
        self.max_lags: int = max_lags
        self.n_det = n_det

    @property
    def names(self) -> list[str]:
        """Variable names, in column order."""
        return list(self.data.columns)

    def select_order(self, max_lags: int | None = None) -> LagOrderResults:
        r"""Information criteria for orders ``1..max_lags`` on a common sample.

        Parameters
        ----------
        max_lags : int, optional
            Largest order. Default: the model's ``max_lags``.

        Returns
        -------
        LagOrderResults
            Criteria per order and the order each selects.

        Notes
        -----
        Every order is fitted on rows ``max_lags..T-1`` (the same T_s rows).
        With :math:`\tilde\Sigma_u(p) = \hat U'\hat U / T_s` and
        :math:`f(p) = p n^2 + n d` free parameters (d deterministic terms),
        :math:`AIC = \ln|\tilde\Sigma_u| + 2 f / T_s`,
        :math:`BIC = \ln|\tilde\Sigma_u| + \ln(T_s) f / T_s`,
        :math:`HQ = \ln|\tilde\Sigma_u| + 2 \ln\ln(T_s) f / T_s` and
        :math:`FPE = ((T_s + k)/(T_s - k))^n |\tilde\Sigma_u|` with
        :math:`k = n p + d` regressors per equation (Lütkepohl 2005, 4.3).
        """
        top = (
            self.max_lags
            if max_lags is None
            else as_int(max_lags, "max_lags", low=1, high=self.max_lags)
        )
        y = self.data.to_numpy()
        n_var = y.shape[1]
        rows = []
        for p in range(1, top + 1):
            sub = y[top - p :]
            det = _arrays.deterministic(len(y), self.trend)[top - p :]
            if self.trend == "ct":  # keep the full-sample trend position
                det[:, 1] = np.arange(top - p + 1.0, len(y) + 1.0)
            x = _arrays.lag_design(sub, p, det)
            target = sub[p:]
            beta = np.linalg.lstsq(x, target, rcond=None)[0]
            resid = target - x @ beta
            t_s, k = x.shape
            logdet = np.linalg.slogdet(resid.T @ resid / t_s)[1]
            free = p * n_var**2 + n_var * self.n_det
            rows.append(
                {
                    "n_lags": p,
                    "aic": logdet + 2.0 * free / t_s,
                    "bic": logdet + np.log(t_s) * free / t_s,
                    "hqic": logdet + 2.0 * np.log(np.log(t_s)) * free / t_s,
                    "fpe": ((t_s + k) / (t_s - k)) ** n_var * np.exp(logdet),
                }
            )
        table = pd.DataFrame(rows).set_index("n_lags")
        return LagOrderResults(table=table)

    def fit(self) -> VARResults:
        r"""Estimate the VAR by equation-by-equation OLS.

        Returns
        -------
        VARResults
            Immutable results; ``sigma_u`` uses the degrees-of-freedom
            correction :math:`\hat U'\hat U/(T - k)` with k = n p + d.
        """
        lag_order = None
        n_lags = self.n_lags
        if n_lags is None:
            lag_order = self.select_order()
            n_lags = lag_order.selected[self.criterion]
        y = self.data.to_numpy()
        det = _arrays.deterministic(len(y), self.trend)
        x = _arrays.lag_design(y, n_lags, det)
        target = y[n_lags:]
        params = np.linalg.lstsq(x, target, rcond=None)[0]
        return VARResults(
            model=self,
            n_lags=n_lags,
            params_array=params,
            design=x,
            lag_order=lag_order,
        )

"""Immutable results of :class:`~attribution.models.regression.HACRegression`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from attribution._typing import CovType, Kernel
from attribution.models._estimates import Estimates, std_err_from_cov


@dataclass(frozen=True)
class RegressionResults(Estimates):
    """Results of an OLS fit with robust covariance.

    Attributes
    ----------
    params : Series
        Coefficients, indexed by regressor name.
    cov : DataFrame
        Covariance of ``params``.
    resid, fitted : Series
        Residuals and fitted values, indexed by date.
    endog : Series
        The dependent variable used.
    cov_type : str
        ``"hac"``, ``"nonrobust"`` or an HC variant.
    bandwidth : int or None
        HAC truncation lag L: the number of autocovariances with non-zero
        weight (None unless ``cov_type == "hac"``).
    kernel : str
        HAC kernel.
    kernel_bandwidth : float or None
        The real bandwidth :math:`b` of weights :math:`k(j/b)` when the fit
        used one (Andrews rule or quadratic-spectral kernel), else None.
    exog : DataFrame or None
        The design matrix used (constant included), for bootstraps.
    use_t : bool or None
        Reference distribution asked for: Student t with ``df_resid``
        degrees of freedom (True), the normal (False), or None for the
        default (t for ``"nonrobust"``, normal for robust covariances).
    prewhite, adjust : bool
        Whether the HAC covariance was VAR(1)-prewhitened and scaled by
        T/(T-k).

    Notes
    -----
    p-values and intervals use :attr:`df` : Student t with T-k degrees of
    freedom when it is finite (``use_t=True``, or ``"nonrobust"`` by
    default), else the standard normal. With ``use_t=True`` they equal R's
    ``lmtest::coeftest(fit, vcov. = V)`` and ``coefci``.
    """

    params: pd.Series
    cov: pd.DataFrame
    resid: pd.Series
    fitted: pd.Series
    endog: pd.Series
    cov_type: CovType
    bandwidth: int | None
    kernel: Kernel
    kernel_bandwidth: float | None = None
    exog: pd.DataFrame | None = None
    use_t: bool | None = None
    prewhite: bool = False
    adjust: bool = False

    @property
    def nobs(self) -> int:
        """Number of observations used."""
        return int(self.resid.shape[0])

    @property
    def df_resid(self) -> int:
        """Residual degrees of freedom T - k."""
        return self.nobs - int(self.params.shape[0])

    @cached_property
    def std_err(self) -> pd.Series:
        """Standard errors of ``params``."""
        return std_err_from_cov(self.params, self.cov)

    @property
    def df(self) -> float:
        """Degrees of freedom of the reference distribution (inf: the normal)."""
        use_t = self.cov_type == "nonrobust" if self.use_t is None else self.use_t
        return float(self.df_resid) if use_t else math.inf

    @cached_property
    def rsquared(self) -> float:
        """Centred R-squared."""
        y = self.endog.to_numpy()
        return float(
            1.0 - (self.resid.to_numpy() ** 2).sum() / ((y - y.mean()) ** 2).sum()
        )

    def cov_label(self) -> str:
        """Human-readable description of the covariance estimator."""
        extra = (", prewhitened" if self.prewhite else "") + (
            ", T/(T-k)" if self.adjust else ""
        )
        if self.cov_type == "hac" and self.kernel_bandwidth is not None:
            return (
                f"HAC, {self.kernel} kernel, bandwidth {self.kernel_bandwidth:.3f}"
                + extra
            )
        if self.cov_type == "hac":
            return (
                f"Newey-West HAC, {self.kernel} kernel, {self.bandwidth} lags" + extra
            )
        return {"nonrobust": "classical OLS"}.get(self.cov_type, self.cov_type.upper())

    def summary(self) -> str:
        """Plain-text summary of the fit."""
        head = (
            f"OLS: {self.endog.name}  nobs={self.nobs}  R2={self.rsquared:.4f}\n"
            f"Sample: {self.resid.index[0]:%Y-%m-%d} .. "
            f"{self.resid.index[-1]:%Y-%m-%d}\n"
            f"Covariance: {self.cov_label()}\n"
        )
        return head + str(self.to_frame().to_string(float_format=lambda v: f"{v: .4f}"))

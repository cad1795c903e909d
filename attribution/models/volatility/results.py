"""Immutable results of :class:`~attribution.models.volatility.VolatilityModel`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from attribution.models._estimates import Estimates, std_err_from_cov

if TYPE_CHECKING:
    from attribution.models.volatility.model import VolatilityModel

_RENAME = {"alpha[1]": "alpha", "beta[1]": "beta", "gamma[1]": "gamma"}


def _rename(index: pd.Index) -> list[str]:
    return [_RENAME.get(str(k), str(k)) for k in index]


@dataclass(frozen=True)
class VolatilityFilter:
    r"""The variance recursion run at given parameters.

    Attributes
    ----------
    variance : Series
        :math:`\sigma^2_t`, known at the close of t-1, indexed by date.
    resid : Series
        :math:`\varepsilon_t = y_t - \mu`.
    backcast : float
        Start-up value used (:math:`\sigma^2_0`, or :math:`\ln\sigma^2_0`
        for EGARCH).
    presample : {"ewma", "sample_variance"}
        Start-up rule.
    loglikelihood : float
        Log-likelihood at the parameters, constants included.
    """

    variance: pd.Series
    resid: pd.Series
    backcast: float
    presample: str
    loglikelihood: float


@dataclass(frozen=True)
class VolatilityResults(Estimates):
    r"""A fitted GARCH-family model (frozen; derived quantities are lazy).

    Attributes
    ----------
    model : VolatilityModel
        The specification.
    arch_result : ARCHModelResult
        The wrapped ``arch`` result (for forecasting).
    cov_type : {"robust", "classic"}
        Covariance of the parameter estimates.
    backcast : float
        Presample value used: :math:`\sigma^2_0` (GARCH, GJR) or
        :math:`\ln\sigma^2_0` (EGARCH).

    Notes
    -----
    Parameter names: ``mu``, ``omega``, ``alpha``, ``gamma`` (GJR/EGARCH),
    ``beta`` and ``nu`` (Student-t degrees of freedom). ``conditional_volatility``
    at date t is :math:`\sigma_t`, known at the close of t-1.
    """

    model: VolatilityModel
    arch_result: Any
    cov_type: str
    backcast: float

    @cached_property
    def params(self) -> pd.Series:
        """Estimates indexed by parameter name."""
        p = self.arch_result.params
        return pd.Series(p.to_numpy(), index=_rename(p.index), name="params")

    @cached_property
    def cov(self) -> pd.DataFrame:
        """Covariance of the estimates (``cov_type``)."""
        c = self.arch_result.param_cov
        names = _rename(c.index)
        return pd.DataFrame(c.to_numpy(), index=names, columns=names)

    @property
    def std_err(self) -> pd.Series:
        """Standard errors."""
        return std_err_from_cov(self.params, self.cov)

    @property
    def nobs(self) -> int:
        """Number of observations."""
        return self.model.nobs

    @property
    def loglikelihood(self) -> float:
        """Maximised log-likelihood."""
        return float(self.arch_result.loglikelihood)

    @property
    def n_params(self) -> int:
        """Number of estimated parameters."""
        return int(self.params.shape[0])

    @property
    def aic(self) -> float:
        r"""Akaike criterion :math:`-2\ln L + 2k` (fGarch's ``AIC`` times T)."""
        return -2.0 * self.loglikelihood + 2.0 * self.n_params

    @property
    def bic(self) -> float:
        r"""Schwarz criterion :math:`-2\ln L + k\ln T` (fGarch's ``BIC`` times T)."""
        return -2.0 * self.loglikelihood + self.n_params * float(np.log(self.nobs))

    @property
    def hqic(self) -> float:
        r"""Hannan-Quinn :math:`-2\ln L + 2k\ln\ln T` (fGarch's ``HQIC`` times T)."""
        return -2.0 * self.loglikelihood + 2.0 * self.n_params * float(
            np.log(np.log(self.nobs))
        )

    @property
    def information_criteria(self) -> pd.Series:
        """``aic``, ``bic`` and ``hqic`` together (not divided by T)."""
        return pd.Series(
            {"aic": self.aic, "bic": self.bic, "hqic": self.hqic},
            name="information_criteria",
        )

    @property
    def resid(self) -> pd.Series:
        r"""Residuals :math:`\varepsilon_t = y_t - \mu`."""
        return pd.Series(
            self.arch_result.resid, index=self.model.endog.index, name="resid"
        )

    @property
    def fitted(self) -> pd.Series:
        """Conditional mean."""
        return (self.model.endog - self.resid).rename("fitted")

    @property
    def conditional_volatility(self) -> pd.Series:
        r""":math:`\sigma_t` (same units as ``endog``), known at the close of t-1."""
        return pd.Series(
            self.arch_result.conditional_volatility,
            index=self.model.endog.index,
            name="sigma",
        )

    @property
    def std_resid(self) -> pd.Series:
        r"""Standardised residuals :math:`z_t = \varepsilon_t / \sigma_t`."""
        return (self.resid / self.conditional_volatility).rename("std_resid")

    @property
    def persistence(self) -> float:
        r"""Persistence of the variance process.

        :math:`\alpha+\beta` (GARCH), :math:`\alpha+\gamma/2+\beta` (GJR,
        symmetric innovations), :math:`\beta` (EGARCH).
        """
        p = self.params
        if self.model.kind == "garch":
            return float(p["alpha"] + p["beta"])
        if self.model.kind == "gjr":
            return float(p["alpha"] + 0.5 * p["gamma"] + p["beta"])
        return float(p["beta"])

    @property
    def unconditional_variance(self) -> float:
        r"""Unconditional variance.

        :math:`\omega / (1 - \text{persistence})` for GARCH/GJR; NaN if not
        covariance stationary, or for EGARCH.
        """
        if self.model.kind == "egarch" or self.persistence >= 1:
            return float("nan")
        return float(self.params["omega"] / (1 - self.persistence))

    def summary(self) -> str:
        """Plain-text summary."""
        m = self.model
        lines = [
            f"{m.kind.upper()}(1,1) on {m.endog.name}: T={self.nobs}, dist={m.dist}, "
            f"mean={m.mean}, presample={m.presample}, cov={self.cov_type}",
            f"log-likelihood {self.loglikelihood:.4f}; "
            f"persistence {self.persistence:.4f}",
            "Timing: sigma_t uses information through t-1.",
            "",
            self.to_frame().to_string(float_format=lambda v: f"{v: .6f}"),
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"VolatilityResults(kind={self.model.kind!r}, dist={self.model.dist!r}, "
            f"nobs={self.nobs}, loglik={self.loglikelihood:.3f})"
        )

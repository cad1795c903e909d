"""Immutable results of :class:`~attribution.models.country_panel.CountryPanel`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pandas as pd

from attribution.models._estimates import Estimates, std_err_from_cov

if TYPE_CHECKING:
    from attribution.models.country_panel.model import CountryPanel, PanelCov


@dataclass(frozen=True)
class CountryPanelResults(Estimates):
    """A fitted country panel (frozen; wraps the linearmodels result).

    Attributes
    ----------
    model : CountryPanel
        The specification.
    lm_result : PanelEffectsResults
        The linearmodels result.
    cov_type : {"driscoll-kraay", "clustered", "unadjusted"}
        Covariance used.
    bandwidth : int or None
        Driscoll-Kraay lag L (None for other covariances).
    """

    model: CountryPanel
    lm_result: Any
    cov_type: PanelCov
    bandwidth: int | None

    @cached_property
    def params(self) -> pd.Series:
        """Slope estimates indexed by regressor."""
        return pd.Series(self.lm_result.params, name="params")

    @cached_property
    def cov(self) -> pd.DataFrame:
        """Covariance of the estimates."""
        return pd.DataFrame(self.lm_result.cov)

    @property
    def std_err(self) -> pd.Series:
        """Standard errors."""
        return std_err_from_cov(self.params, self.cov)

    @property
    def df_resid(self) -> int:
        """Residual degrees of freedom used for t p-values."""
        return int(self.lm_result.df_resid)

    @property
    def df(self) -> float:
        """Student t with ``df_resid`` when linearmodels debiased, else inf (normal)."""
        debiased = bool(getattr(self.lm_result, "_debiased", True))
        return float(self.df_resid) if debiased else math.inf

    @property
    def nobs(self) -> int:
        """Number of (country, month) observations."""
        return int(self.lm_result.nobs)

    @property
    def resid(self) -> pd.Series:
        """Residuals including the effects (``y - x'b - a_i - d_t``)."""
        return pd.Series(self.lm_result.idiosyncratic.iloc[:, 0], name="resid")

    @property
    def fitted(self) -> pd.Series:
        """Fitted values including the estimated effects."""
        return (self.model.endog - self.resid).rename("fitted")

    @property
    def rsquared_within(self) -> float:
        """Within R-squared."""
        return float(self.lm_result.rsquared_within)

    @property
    def entity_effects(self) -> pd.Series:
        """Estimated country effects (one per country)."""
        eff = self.lm_result.estimated_effects.iloc[:, 0]
        out: pd.Series = eff.groupby(level=0).first()
        return out.rename("entity_effect")

    def summary(self) -> str:
        """Plain-text summary."""
        m = self.model
        cov = self.cov_type + (
            f" (L={self.bandwidth})" if self.bandwidth is not None else ""
        )
        lines = [
            f"Country panel: {m.endog.name} on {', '.join(m.exog.columns)}",
            f"N={m.n_entities} countries, T={m.n_periods} months, nobs={self.nobs}; "
            f"entity effects={m.entity_effects}, time effects={m.time_effects}; "
            f"cov={cov}",
            f"within R2 = {self.rsquared_within:.4f}",
            "",
            self.to_frame().to_string(float_format=lambda v: f"{v: .5f}"),
        ]
        return "\n".join(lines)

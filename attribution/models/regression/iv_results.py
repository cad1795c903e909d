"""Immutable results of :class:`~attribution.models.regression.IVRegression`."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from attribution.models.regression.results import RegressionResults


@dataclass(frozen=True)
class IVResults(RegressionResults):
    r"""Results of a 2SLS fit with robust covariance and first-stage diagnostics.

    Attributes
    ----------
    first_stage : DataFrame
        One row per endogenous regressor with columns ``rsquared`` (of the
        first-stage regression), ``partial_rsquared`` (of the excluded
        instruments, after partialling out the exogenous regressors),
        ``shea_rsquared`` (Shea 1997), ``partial_f`` (Wald statistic of the
        excluded instruments divided by their number q, with the fit's
        covariance estimator), ``partial_f_pval`` (from :math:`\chi^2_q/q`)
        and ``weak`` (``partial_f < weak_threshold``).
    weak_threshold : float
        Threshold on ``partial_f`` below which
        :class:`~attribution.exceptions.WeakIdentificationWarning` was issued.
    endogenous : tuple of str
        Names of the instrumented regressors.
    instruments : tuple of str
        Names of the excluded instruments.

    Notes
    -----
    Inherits ``params``, ``std_err``, ``tvalues``, ``pvalues``, ``cov``,
    ``conf_int``, ``nobs``, ``resid`` (structural residuals
    :math:`y - X\hat\beta`), ``fitted`` and ``to_frame`` from
    :class:`RegressionResults`. ``exog`` holds the second-stage design
    :math:`X` (not the projected :math:`\hat X`). ``rsquared`` is
    :math:`1 - \hat u'\hat u / \sum (y - \bar y)^2`, which can be negative.
    """

    first_stage: pd.DataFrame = field(default_factory=pd.DataFrame)
    weak_threshold: float = 10.0
    endogenous: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()

    def summary(self) -> str:
        """Plain-text summary: coefficients, then first-stage diagnostics."""
        head = (
            f"IV-2SLS: {self.endog.name}  nobs={self.nobs}\n"
            f"Sample: {self.resid.index[0]:%Y-%m-%d} .. "
            f"{self.resid.index[-1]:%Y-%m-%d}\n"
            f"Covariance: {self.cov_label()}\n"
            f"Instrumented: {', '.join(self.endogenous)}; "
            f"instruments: {', '.join(self.instruments)}\n"
        )
        body = self.to_frame().to_string(float_format=lambda v: f"{v: .4f}")
        first = self.first_stage.to_string(float_format=lambda v: f"{v: .4f}")
        return (
            f"{head}{body}\n\nFirst stage (weak if partial_f < "
            f"{self.weak_threshold:g}):\n{first}"
        )

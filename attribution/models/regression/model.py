"""OLS with heteroskedasticity- and autocorrelation-robust inference."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from attribution._typing import CovType, Missing
from attribution._validation import as_option
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.models.covariance import HACConfig, hac_estimator, sandwich_cov
from attribution.models.regression._data import join_aligned
from attribution.models.regression.results import RegressionResults

if TYPE_CHECKING:
    from typing_extensions import Unpack

_COV_TYPES: tuple[CovType, ...] = ("nonrobust", "hc0", "hc1", "hc2", "hc3", "hac")


class HACRegression:
    r"""Linear regression :math:`y_t = x_t'\beta + u_t` estimated by OLS.

    Parameters
    ----------
    endog : Series
        Dependent variable, indexed by date.
    exog : DataFrame
        Regressors, same index as ``endog``.
    add_const : bool, default True
        Prepend a column ``const`` of ones.
    missing : {"raise", "drop"}, default "raise"
        Rows with NaN raise, or are dropped with a warning giving the count.

    Notes
    -----
    The constructor stores and validates the specification; it does not
    estimate. :meth:`fit` returns a new immutable :class:`RegressionResults`
    and leaves the model unchanged.

    The identifying assumption is :math:`E[x_t u_t] = 0`; with HAC inference
    :math:`u_t` may be heteroskedastic and serially correlated up to the
    truncation lag.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> idx = pd.date_range("2020-01-01", periods=50, freq="W-WED")
    >>> x = pd.DataFrame({"x": np.arange(50.0)}, index=idx)
    >>> y = pd.Series(1.0 + 2.0 * x["x"], index=idx, name="y")
    >>> res = HACRegression(y, x).fit(cov="hac", kernel="bartlett", bandwidth=3)
    >>> round(float(res.params["x"]), 10)
    2.0
    """

    def __init__(
        self,
        endog: pd.Series,
        exog: pd.DataFrame,
        *,
        add_const: bool = True,
        missing: Missing = "raise",
    ) -> None:
        joined, _ = join_aligned({"endog": endog, "exog": exog}, missing)
        self.endog_name = str(joined.columns[0])
        self.endog: pd.Series = joined.iloc[:, 0].rename(self.endog_name)
        exog_df = joined.iloc[:, 1:]
        if add_const:
            exog_df.insert(0, "const", 1.0)
        if exog_df.shape[1] == 0:
            raise ModelSpecificationError(fmt("exog", "at least one column", 0))
        rank = np.linalg.matrix_rank(exog_df.to_numpy())
        if rank < exog_df.shape[1]:
            raise ModelSpecificationError(
                fmt(
                    "exog",
                    "of full column rank",
                    f"rank {rank} < {exog_df.shape[1]}",
                    "Drop collinear regressors.",
                )
            )
        if len(exog_df) <= exog_df.shape[1]:
            raise ModelSpecificationError(
                fmt(
                    "data",
                    f"more rows than regressors ({exog_df.shape[1]})",
                    len(exog_df),
                )
            )
        self.exog: pd.DataFrame = exog_df
        self.add_const = add_const

    def fit(
        self,
        *,
        cov: CovType = "hac",
        use_t: bool | None = None,
        **cov_config: Unpack[HACConfig],
    ) -> RegressionResults:
        r"""Estimate by OLS and return immutable results.

        Parameters
        ----------
        cov : {"nonrobust", "hc0", "hc1", "hc2", "hc3", "hac"}, default "hac"
            Covariance estimator. ``"hac"`` is a kernel HAC estimator with no
            small-sample scaling (Bartlett: R ``NeweyWest(lag=L,
            prewhite=FALSE, adjust=FALSE)``). HC variants follow R's
            ``sandwich::vcovHC`` types.
        use_t : bool, optional
            Reference distribution of p-values and intervals: Student t with
            T-k degrees of freedom (True; R ``lmtest::coeftest`` and Stata) or
            the normal (False). Default: t for ``"nonrobust"``, normal
            otherwise (statsmodels' default).
        **cov_config
            Options of the HAC estimator (``cov="hac"`` only), as
            linearmodels' ``fit(cov_type, **cov_config)``; the keys of
            :class:`~attribution.models.covariance.HACConfig`:

            ``kernel`` : {"bartlett", "parzen", "quadratic-spectral"}
                HAC kernel (:mod:`attribution.models.covariance.kernels`);
                default ``"bartlett"``.
            ``bandwidth`` : int, optional
                Truncation lag L (weights :math:`k(j/(L+1))`); overrides
                ``bandwidth_rule``. With the quadratic-spectral kernel, which
                has no truncation lag, a real bandwidth is still accepted here
                with a deprecation warning: pass it as ``kernel_bandwidth``.
            ``kernel_bandwidth`` : float, optional
                Real kernel bandwidth :math:`b` (weights :math:`k(j/b)`);
                overrides ``bandwidth_rule``.
            ``bandwidth_rule`` : {"rule_of_thumb", "andrews1991", "newey_west1994"}
                Used when neither is given
                (:meth:`~attribution.models.covariance.KernelCovariance.select`).
                ``"rule_of_thumb"`` (default for Bartlett/Parzen):
                :math:`L = \lfloor 4 (T/100)^{2/9} \rfloor`. ``"andrews1991"``
                (default for QS): the AR(1) plug-in bandwidth of R's
                ``bwAndrews``. ``"newey_west1994"``: the nonparametric plug-in
                of R's ``bwNeweyWest`` (Bartlett: ``NeweyWest(lag = NULL)``).
                The plug-ins weight the constant's score 0, as sandwich does.
                ``"nw1994"`` is the deprecated old name of ``"rule_of_thumb"``.
            ``prewhite`` : bool, default False
                VAR(1) prewhitening of the scores (Andrews and Monahan 1992),
                as sandwich's ``prewhite = TRUE``; the plug-in rules then use
                the prewhitened scores.
            ``adjust`` : bool, default False
                Scale by T/(T-k), as sandwich's ``adjust = TRUE``.

        Returns
        -------
        RegressionResults

        Raises
        ------
        ModelSpecificationError
            If an option or a ``cov_config`` key is unknown, or the bandwidth
            is invalid.
        """
        cov = as_option(cov, "cov", _COV_TYPES)
        estimator = hac_estimator(cov_config)
        if use_t is not None:
            use_t = bool(use_t)
        x = self.exog.to_numpy()
        y = self.endog.to_numpy()
        beta, *_ = np.linalg.lstsq(x, y, rcond=None)
        fitted = x @ beta
        resid = y - fitted
        nobs, k = x.shape
        lags: int | None = None
        real_bw: float | None = None
        if cov == "hac":
            cols = self.exog.columns
            weights = np.array([0.0 if c == "const" else 1.0 for c in cols])
            if not weights.any():
                weights[:] = 1.0
            vcov, lags, real_bw = estimator.cov(x, resid, weights=weights)
        elif cov == "nonrobust":
            s2 = float(resid @ resid) / (nobs - k)
            vcov = s2 * np.linalg.inv(x.T @ x)
        else:
            vcov = sandwich_cov(x, resid, hc=cov)
        names = list(self.exog.columns)
        idx = self.exog.index
        return RegressionResults(
            params=pd.Series(beta, index=names, name="params"),
            cov=pd.DataFrame(vcov, index=names, columns=names),
            resid=pd.Series(resid, index=idx, name="resid"),
            fitted=pd.Series(fitted, index=idx, name="fitted"),
            endog=self.endog,
            cov_type=cov,
            bandwidth=lags,
            kernel=estimator.name,
            kernel_bandwidth=real_bw,
            exog=self.exog,
            use_t=use_t,
            prewhite=estimator.prewhite and cov == "hac",
            adjust=estimator.adjust and cov == "hac",
        )

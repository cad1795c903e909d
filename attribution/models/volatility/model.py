"""Conditional-volatility models (GARCH, GJR, EGARCH) estimated with ``arch``."""

from __future__ import annotations

import logging
import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd
from arch import arch_model

from attribution._typing import Missing
from attribution._validation import as_frame, as_int, as_option
from attribution.exceptions import ConvergenceWarning, ModelSpecificationError, fmt
from attribution.models.volatility.exact import exact_result, filter_variance
from attribution.models.volatility.results import VolatilityFilter, VolatilityResults

logger = logging.getLogger(__name__)

VolKind = Literal["garch", "gjr", "egarch"]
ErrorDist = Literal["normal", "t"]
MeanSpec = Literal["constant", "zero"]
Presample = Literal["ewma", "sample_variance"]
VolCov = Literal["robust", "classic"]

_KINDS: tuple[VolKind, ...] = ("garch", "gjr", "egarch")
_DISTS: tuple[ErrorDist, ...] = ("normal", "t")
_MEANS: tuple[MeanSpec, ...] = ("constant", "zero")
_PRESAMPLE: tuple[Presample, ...] = ("ewma", "sample_variance")
_VOL_ARGS: dict[str, dict[str, Any]] = {
    "garch": {"vol": "GARCH", "p": 1, "o": 0, "q": 1},
    "gjr": {"vol": "GARCH", "p": 1, "o": 1, "q": 1},
    "egarch": {"vol": "EGARCH", "p": 1, "o": 1, "q": 1},
}

_OUR_NAMES = {"alpha[1]": "alpha", "beta[1]": "beta", "gamma[1]": "gamma"}


class VolatilityModel:
    r"""A (1,1) conditional-volatility model of daily changes.

    Parameters
    ----------
    endog : Series
        Daily changes (e.g. yield changes in bp) on a DatetimeIndex. Scale
        matters for the optimiser: bp changes of Treasury yields (s.d. 3-10)
        and percent FX returns (s.d. ~0.5) are both well scaled.
    kind : {"garch", "gjr", "egarch"}, default "garch"
        GARCH(1,1) (Bollerslev 1986), GJR-GARCH(1,1,1) (Glosten, Jagannathan
        and Runkle 1993) or EGARCH(1,1,1) (Nelson 1991).
    dist : {"normal", "t"}, default "normal"
        Standardised innovation law; ``"t"`` is the unit-variance Student-t
        with estimated degrees of freedom ``nu``.
    mean : {"constant", "zero"}, default "constant"
        Conditional mean :math:`\mu` or zero.
    presample : {"ewma", "sample_variance"}, default "ewma"
        The presample variance :math:`\sigma^2_0 = \varepsilon^2_0`. ``"ewma"``
        is arch's backcast (exponentially weighted squared residuals of the
        first observations). ``"sample_variance"`` is the convention of the
        Fiorentini-Calzolari-Panattoni benchmark: the mean squared residual
        :math:`T^{-1}\sum_t (y_t - \mu)^2`, which moves with :math:`\mu` in
        the likelihood that :meth:`fit` maximises (fGarch's start-up).
    missing : {"raise", "drop"}, default "raise"
        NaN rows raise, or are dropped with a warning that gives the count.

    Notes
    -----
    With :math:`\varepsilon_t = y_t - \mu = \sigma_t z_t`, :math:`z_t` iid
    with mean 0 and variance 1:

    * GARCH: :math:`\sigma^2_t = \omega + \alpha\varepsilon^2_{t-1}
      + \beta\sigma^2_{t-1}`;
    * GJR: adds :math:`\gamma\varepsilon^2_{t-1} 1[\varepsilon_{t-1} < 0]`;
    * EGARCH: :math:`\ln\sigma^2_t = \omega + \alpha(|z_{t-1}| - E|z|)
      + \gamma z_{t-1} + \beta\ln\sigma^2_{t-1}`.

    Timing: :math:`\sigma_t` uses information through day :math:`t-1`
    (close-to-close changes; the change *of* day :math:`t` is
    :math:`y_t`). Identifying assumption: the standardised innovations are
    iid and the parameters are constant over the sample (a structural break
    in volatility shows up as spurious persistence :math:`\alpha+\beta \to 1`).

    The constructor validates and stores the specification; :meth:`fit`
    estimates and returns a new immutable :class:`VolatilityResults`.

    References
    ----------
    Bollerslev, T. (1986). Generalized autoregressive conditional
    heteroskedasticity. *Journal of Econometrics* 31(3), 307-327, eq. (5).

    Glosten, L., Jagannathan, R. and Runkle, D. (1993). On the relation
    between the expected value and the volatility of the nominal excess
    return on stocks. *Journal of Finance* 48(5), 1779-1801.

    Nelson, D. (1991). Conditional heteroskedasticity in asset returns: a new
    approach. *Econometrica* 59(2), 347-370.

    Fiorentini, G., Calzolari, G. and Panattoni, L. (1996). Analytic
    derivatives and the computation of GARCH estimates. *Journal of Applied
    Econometrics* 11(4), 399-417.

    Examples
    --------
    >>> from attribution.models.volatility import simulate_garch
    >>> y = simulate_garch(2000, omega=0.1, alpha=0.08, beta=0.9, seed=3)
    >>> res = VolatilityModel(y).fit()
    >>> bool(0.8 < res.params["beta"] < 0.95)
    True
    """

    def __init__(
        self,
        endog: pd.Series,
        *,
        kind: VolKind = "garch",
        dist: ErrorDist = "normal",
        mean: MeanSpec = "constant",
        presample: Presample = "ewma",
        missing: Missing = "raise",
    ) -> None:
        self.kind: VolKind = as_option(kind, "kind", _KINDS)
        self.dist: ErrorDist = as_option(dist, "dist", _DISTS)
        self.mean: MeanSpec = as_option(mean, "mean", _MEANS)
        self.presample: Presample = as_option(presample, "presample", _PRESAMPLE)
        name = str(getattr(endog, "name", None) or "endog")
        frame = as_frame(endog, "endog", min_rows=100, missing=missing)
        if frame.shape[1] != 1:
            raise ModelSpecificationError(
                fmt("endog", "a single series", f"{frame.shape[1]} columns")
            )
        self.endog: pd.Series = frame.iloc[:, 0].rename(name)
        if float(self.endog.std()) == 0.0:
            raise ModelSpecificationError(
                fmt("endog", "a series that varies", "a constant series")
            )

    @property
    def nobs(self) -> int:
        """Number of observations T."""
        return int(self.endog.shape[0])

    def _arch(self) -> Any:
        return arch_model(
            self.endog,
            mean="Constant" if self.mean == "constant" else "Zero",
            dist="t" if self.dist == "t" else "normal",
            rescale=False,
            **_VOL_ARGS[self.kind],
        )

    def filter(
        self, params: pd.Series, *, presample: Presample | None = None
    ) -> VolatilityFilter:
        r"""Run the variance recursion at given parameters (no estimation).

        Parameters
        ----------
        params : Series
            Parameters by name, as :attr:`VolatilityResults.params`
            (``mu``, ``omega``, ``alpha``, [``gamma``], ``beta``, [``nu``]).
        presample : {"ewma", "sample_variance"}, optional
            Start-up rule; default the model's. ``"sample_variance"`` uses
            the mean squared residual at ``params["mu"]``.

        Returns
        -------
        VolatilityFilter
            Conditional variances, residuals, start-up value and the
            log-likelihood at ``params``.

        Raises
        ------
        ModelSpecificationError
            If a parameter is missing or ``presample`` is unknown.
        """
        rule = as_option(presample or self.presample, "presample", _PRESAMPLE)
        model = self._arch()
        arch_names = [
            *model.parameter_names(),
            *model.volatility.parameter_names(),
            *model.distribution.parameter_names(),
        ]
        ours = [_OUR_NAMES.get(n, n) for n in arch_names]
        missing = [n for n in ours if n not in params.index]
        if missing:
            raise ModelSpecificationError(
                fmt("params", f"a Series with entries {ours}", list(params.index))
            )
        x = params[ours].to_numpy(dtype=float)
        resid, sigma2, backcast = filter_variance(model, x, rule)
        dist_params = x[len(x) - int(model.distribution.num_params) :]
        loglik = float(model.distribution.loglikelihood(dist_params, resid, sigma2))
        idx = self.endog.index
        return VolatilityFilter(
            variance=pd.Series(sigma2, index=idx, name="variance"),
            resid=pd.Series(resid, index=idx, name="resid"),
            backcast=backcast,
            presample=rule,
            loglikelihood=loglik,
        )

    def fit(
        self, *, cov: VolCov = "robust", max_presample_iter: int = 20
    ) -> VolatilityResults:
        r"""Estimate by (quasi) maximum likelihood.

        Parameters
        ----------
        cov : {"robust", "classic"}, default "robust"
            Bollerslev-Wooldridge (1992) QML sandwich or the inverse Hessian.
        max_presample_iter : int, default 20
            Iterations of the ``presample="sample_variance"`` fixed point
            :math:`\sigma^2_0 = T^{-1}\sum_t (y_t - \hat\mu_k)^2`,
            :math:`\hat\mu_{k+1} = \arg\max L(\cdot;\sigma^2_0)`; stops when
            :math:`\hat\mu` moves by less than 1e-10.

        Returns
        -------
        VolatilityResults

        Raises
        ------
        ModelSpecificationError
            If ``cov`` is not an option.

        Notes
        -----
        With ``presample="sample_variance"`` the fixed point, which treats
        :math:`\sigma^2_0` as given at each step, only supplies starting
        values: the exact likelihood, in which
        :math:`\sigma^2_0 = T^{-1}\sum_t (y_t - \mu)^2` moves with
        :math:`\mu` (fGarch; Fiorentini, Calzolari and Panattoni 1996), is
        then maximised and its numerical derivatives give the covariance
        (:mod:`attribution.models.volatility.exact`). On the DEM/GBP
        benchmark this matches fGarch to 1e-6 in the log-likelihood and
        1e-5 relative in the parameters (tests/models/volatility).
        """
        cov = as_option(cov, "cov", ("robust", "classic"))
        n_iter = as_int(max_presample_iter, "max_presample_iter", low=1)
        model = self._arch()
        options = {"ftol": 1e-12, "maxiter": 2000}
        backcast: float | None = None
        if self.presample == "sample_variance":
            y = self.endog.to_numpy()
            mu = float(y.mean()) if self.mean == "constant" else 0.0
            for _ in range(n_iter):
                backcast = float(np.mean((y - mu) ** 2))
                res = model.fit(
                    disp="off",
                    cov_type=cov,
                    backcast=backcast,
                    options=options,
                    show_warning=False,
                )
                new_mu = float(res.params["mu"]) if self.mean == "constant" else 0.0
                if abs(new_mu - mu) < 1e-10:
                    break
                mu = new_mu
            if self.mean == "constant":
                res, backcast = exact_result(res, "sample_variance", cov)
        else:
            res = model.fit(
                disp="off", cov_type=cov, options=options, show_warning=False
            )
        if res.convergence_flag != 0:
            warnings.warn(
                f"the {self.kind} likelihood optimiser did not converge "
                f"(flag {res.convergence_flag}). Rescale `endog` (e.g. to bp or "
                "percent) or try dist='normal'.",
                ConvergenceWarning,
                stacklevel=2,
            )
        logger.debug(
            "fitted %s/%s on %d obs, loglik %.6f",
            self.kind,
            self.dist,
            self.nobs,
            res.loglikelihood,
        )
        return VolatilityResults(
            model=self,
            arch_result=res,
            cov_type=cov,
            backcast=float(res.model._backcast) if backcast is None else backcast,
        )

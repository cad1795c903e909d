r"""The exact GARCH likelihood with the sample-variance start-up, and the filter.

With the Fiorentini-Calzolari-Panattoni (1996) start-up, the presample
variance is the mean squared residual *at the parameters being evaluated*,

.. math:: \sigma_0^2(\mu) = \varepsilon_0^2(\mu) = T^{-1}\sum_t (y_t - \mu)^2,

so it moves with :math:`\mu` while the likelihood is maximised (as in
fGarch). ``arch`` takes the presample value as a fixed number; this module
evaluates the likelihood with the start-up recomputed at every trial
:math:`\mu`, maximises it from ``arch``'s fixed-backcast optimum, and
computes the covariance from numerical derivatives of the same likelihood.
Forecasting still goes through ``arch``'s volatility process, given the
start-up value at the optimum.

References
----------
Fiorentini, G., Calzolari, G. and Panattoni, L. (1996). Analytic derivatives
and the computation of GARCH estimates. *Journal of Applied Econometrics*
11(4), 399-417.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from scipy import optimize
from statsmodels.tools.numdiff import approx_fprime, approx_hess

from attribution._typing import Float64Array

_START_UPS = ("ewma", "sample_variance")


def start_up(model: Any, resid: Float64Array, presample: str) -> float:
    r"""Return the presample value arch's recursion takes (on its own scale).

    Parameters
    ----------
    model : arch ARCHModel
        The wrapped model (its volatility process decides the scale:
        :math:`\sigma_0^2` for GARCH/GJR, :math:`\ln\sigma_0^2` for EGARCH).
    resid : ndarray
        Residuals :math:`y_t - \mu`.
    presample : {"ewma", "sample_variance"}
        arch's exponentially weighted backcast of the first 75 squared
        residuals (weights :math:`0.94^j`), or the mean squared residual.

    Returns
    -------
    float
    """
    vol = model.volatility
    if presample == "ewma":
        return float(vol.backcast(resid))
    return float(vol.backcast_transform(float(np.mean(resid**2))))


def _split(model: Any, params: Float64Array) -> tuple[Float64Array, ...]:
    n_mean, n_vol = int(model.num_params), int(model.volatility.num_params)
    return (
        params[:n_mean],
        params[n_mean : n_mean + n_vol],
        params[n_mean + n_vol :],
    )


def filter_variance(
    model: Any, params: Float64Array, presample: str
) -> tuple[Float64Array, Float64Array, float]:
    r"""Run the variance recursion at ``params``.

    Parameters
    ----------
    model : arch ARCHModel
        The wrapped model (mean, volatility and distribution).
    params : ndarray
        Parameters in arch's order (mean, volatility, distribution).
    presample : {"ewma", "sample_variance"}
        Start-up rule of :func:`start_up`, applied to the residuals at
        ``params``.

    Returns
    -------
    resid, sigma2 : ndarray
        Residuals and conditional variances, shape ``(T,)``.
    backcast : float
        The start-up value used.
    """
    mp, vp, _ = _split(model, params)
    resid = np.asarray(model.resids(mp), dtype=float)
    backcast = start_up(model, resid, presample)
    sigma2 = np.zeros(resid.shape[0])
    bounds = model.volatility.variance_bounds(resid)
    model.volatility.compute_variance(vp, resid, sigma2, backcast, bounds)
    return resid, sigma2, backcast


def loglikelihood(
    model: Any, params: Float64Array, presample: str, individual: bool = False
) -> float | Float64Array:
    """Return the log-likelihood at ``params``, the start-up moving with them.

    Parameters
    ----------
    model : arch ARCHModel
        The wrapped model.
    params : ndarray
        Parameters in arch's order.
    presample : {"ewma", "sample_variance"}
        Start-up rule, re-evaluated at ``params``.
    individual : bool, default False
        Return the per-observation terms instead of their sum.

    Returns
    -------
    float or ndarray
    """
    resid, sigma2, _ = filter_variance(model, params, presample)
    _, _, dp = _split(model, params)
    out = model.distribution.loglikelihood(dp, resid, sigma2, individual)
    return np.asarray(out, dtype=float) if individual else float(out)


def _constraints(model: Any, resid: Float64Array, n_par: int) -> list[Any]:
    """Return arch's linear inequality constraints ``A x >= b`` for all blocks."""
    out: list[Any] = []
    start = 0
    for block in (model, model.volatility, model.distribution):
        a, b = block.constraints()
        width = int(block.num_params)
        a = np.asarray(a, dtype=float)
        if a.size and width:
            a = a.reshape(-1, width)
            full = np.zeros((a.shape[0], n_par))
            full[:, start : start + width] = a

            def fun(x: Float64Array, full: Any = full, b: Any = b) -> Any:
                return full @ x - b

            out.append({"type": "ineq", "fun": fun})
        start += width
    return out


def maximise(
    model: Any, start: Float64Array, presample: str
) -> optimize.OptimizeResult:
    """Maximise :func:`loglikelihood` by SLSQP from ``start`` (arch's bounds).

    Parameters
    ----------
    model : arch ARCHModel
        The wrapped model.
    start : ndarray
        Starting values (arch's fixed-backcast optimum).
    presample : {"ewma", "sample_variance"}
        Start-up rule.

    Returns
    -------
    OptimizeResult
        ``x`` is the maximiser; ``fun`` minus the maximised log-likelihood.
    """
    resid, sigma2, _ = filter_variance(model, start, presample)
    bounds = list(model.bounds())
    bounds.extend(model.volatility.bounds(resid))
    bounds.extend(model.distribution.bounds(resid / np.sqrt(sigma2)))

    def nll(x: Float64Array) -> float:
        value = loglikelihood(model, x, presample)
        return -float(value) if np.isfinite(value) else 1e10

    return optimize.minimize(
        nll,
        start,
        method="SLSQP",
        bounds=bounds,
        constraints=_constraints(model, resid, start.shape[0]),
        options={"ftol": 1e-14, "maxiter": 500},
    )


def param_cov(
    model: Any, params: Float64Array, presample: str, robust: bool
) -> Float64Array:
    r"""Return the covariance from numerical derivatives of the exact likelihood.

    The inverse Hessian (classic) or the Bollerslev-Wooldridge sandwich
    :math:`H^{-1} \hat J H^{-1}/T` (robust), H the Hessian of minus the
    log-likelihood over T and :math:`\hat J = T^{-1}\sum_t s_t s_t'` the
    outer product of the scores (FCP's QMLE; arch's ``compute_param_cov``
    uses the scores' sample covariance, larger by T/(T-1)).

    Parameters
    ----------
    model : arch ARCHModel
        The wrapped model.
    params : ndarray
        The estimates.
    presample : {"ewma", "sample_variance"}
        Start-up rule.
    robust : bool
        Sandwich (True) or inverse Hessian (False).

    Returns
    -------
    ndarray
    """

    def total(x: Float64Array) -> float:
        return -float(loglikelihood(model, x, presample))

    nobs = int(model.resids(_split(model, params)[0]).shape[0])
    hess = approx_hess(params, total) / nobs
    inv = np.linalg.inv(hess)
    if not robust:
        return np.asarray(inv / nobs, dtype=float)
    scores = approx_fprime(
        params, lambda x: np.asarray(loglikelihood(model, x, presample, True))
    )
    return np.asarray(inv @ (scores.T @ scores / nobs) @ inv / nobs, dtype=float)


def exact_result(fixed: Any, presample: str, cov_type: str) -> tuple[Any, float]:
    """Refit an arch result on the exact likelihood and rebuild it.

    Parameters
    ----------
    fixed : ARCHModelResult
        arch's optimum with the start-up held fixed (the starting point).
    presample : {"ewma", "sample_variance"}
        Start-up rule.
    cov_type : {"robust", "classic"}
        Covariance of the estimates.

    Returns
    -------
    tuple
        ``(result, backcast)``: a new ``ARCHModelResult`` at the exact
        maximiser, whose model carries the start-up at the optimum, and that
        start-up value.
    """
    from arch.univariate.base import ARCHModelResult

    model = copy.deepcopy(fixed.model)
    opt = maximise(model, fixed.params.to_numpy(), presample)
    params = np.asarray(opt.x, dtype=float)
    resid, sigma2, backcast = filter_variance(model, params, presample)
    model._backcast = backcast  # arch's forecasting reads the start-up here
    cov = param_cov(model, params, presample, robust=cov_type == "robust")
    n = fixed.resid.shape[0]
    first, last = fixed.fit_start, fixed.fit_stop
    full_resid = np.full(n, np.nan)
    full_resid[first:last] = resid
    full_vol = np.full(n, np.nan)
    full_vol[first:last] = np.sqrt(sigma2)
    result = ARCHModelResult(
        params,
        cov,
        float(fixed.rsquared),
        full_resid,
        full_vol,
        cov_type,
        model._y_series,
        list(fixed.params.index),
        -float(opt.fun),
        True,
        opt,
        first,
        last,
        model,
    )
    return result, float(backcast)

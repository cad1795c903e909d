r"""Confidence intervals for break dates (Bai 1997), as ``confint(breakpoints)``.

For each break :math:`\hat T_j` with coefficient change
:math:`\hat\delta = \hat\beta_{j+1} - \hat\beta_j`, the limit of
:math:`(\delta' Q_1 \delta)^2 / (\delta'\Omega_1\delta)\,(\hat T_j - T_j)`
is the argmax of a two-sided Brownian motion with drift, :math:`V`, whose
distribution function (Bai 1997, Proposition 3) depends on
:math:`\xi = \delta'Q_2\delta / \delta'Q_1\delta` and
:math:`\phi_i^2 = \delta'\Omega_i\delta / \delta'Q_i\delta`. With its
quantiles :math:`c_{a}` the interval is

.. math:: [\hat T_j - \lceil c_{1-a/2}\, \phi_1^2/\delta'Q_1\delta \rceil,\;
   \hat T_j - \lfloor c_{a/2}\, \phi_1^2/\delta'Q_1\delta \rfloor].

Conventions, copied from strucchange 1.5-3 ``confint.breakpointsfull``:
:math:`Q_i = X_i'X_i / n_i` of the regime before (1) and after (2) the break
when ``het_reg``, else the full-sample :math:`X'X/T`;
:math:`\Omega_i = \hat\sigma_i^2 Q_i` with :math:`\hat\sigma_i^2 = SSR_i / n_i`
when ``het_err``, else the pooled :math:`SSR/T`; with a HAC covariance,
:math:`\Omega_i = n_i Q_i V_i Q_i` with :math:`V_i` the HAC covariance of
the regime's OLS coefficients: Newey-West with a given lag, or the estimator
of Bai and Perron (2003): quadratic-spectral kernel, VAR(1) prewhitening,
Andrews (1991) AR(1) bandwidth (strucchange's ``confint(bp, vcov. =
function(x, ...) kernHAC(x, prewhite = 1, adjust = FALSE))``). Break dates
and bounds are 1-based positions of the last observation of the old regime;
the real-valued bounds before rounding are returned beside them.

References
----------
Bai, J. (1997). Estimation of a change point in multiple regression models.
*Review of Economics and Statistics* 79(4), 551-563.

Bai, J. and Perron, P. (2003). Computation and analysis of multiple
structural change models. *Journal of Applied Econometrics* 18(1), 1-22.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from scipy import optimize
from scipy.special import log_ndtr

from attribution._typing import Float64Array
from attribution.exceptions import AttributionWarning
from attribution.models.breaks.dp import segment_bounds
from attribution.models.covariance import sandwich_cov, select_bandwidth


def _g_neg(x: float, xi: float, phi: float) -> float:
    x = abs(x)
    frac = xi / phi
    with np.errstate(divide="ignore"):
        return float(
            -np.exp(np.log(x) / 2 - x / 8 - np.log(2 * np.pi) / 2)
            - (phi / xi * (phi + 2 * xi) / (phi + xi))
            * np.exp(frac * (1 + frac) * x / 2 + log_ndtr(-(0.5 + frac) * np.sqrt(x)))
            + np.exp(
                np.log(x / 2 - 2 + (phi + 2 * xi) ** 2 / ((phi + xi) * xi))
                + log_ndtr(-np.sqrt(x) / 2)
            )
        )


def _g_pos(x: float, xi: float, phi: float) -> float:
    x = abs(x)
    frac = xi**2 / phi
    with np.errstate(divide="ignore"):
        return float(
            1
            + np.sqrt(frac)
            * np.exp(np.log(x) / 2 - frac * x / 8 - np.log(2 * np.pi) / 2)
            + (xi / phi * (2 * phi + xi) / (phi + xi))
            * np.exp(
                (phi + xi) * x / 2
                + log_ndtr(-(phi + xi / 2) / np.sqrt(phi) * np.sqrt(x))
            )
            - np.exp(
                np.log((2 * phi + xi) ** 2 / ((phi + xi) * phi) - 2 + frac * x / 2)
                + log_ndtr(-np.sqrt(frac) * np.sqrt(x) / 2)
            )
        )


def argmax_cdf(
    x: float, xi: float = 1.0, phi1: float = 1.0, phi2: float = 1.0
) -> float:
    r"""Return :math:`P(\arg\max V \le x)` (Bai 1997, Proposition 3).

    Parameters
    ----------
    x : float
        Point at which to evaluate.
    xi, phi1, phi2 : float
        Regressor-moment ratio and error scales before and after the break.

    Returns
    -------
    float

    Examples
    --------
    >>> round(argmax_cdf(0.0), 6)
    0.5
    """
    phi = xi * (phi2 / phi1) ** 2
    return _g_neg(x, xi, phi) if x < 0 else _g_pos(x, xi, phi)


def _quantile(p: float, xi: float, phi1: float, phi2: float, upper: bool) -> float:
    def f(v: float) -> float:
        return argmax_cdf(v, xi, phi1, phi2) - p

    bound = 0.0
    step = 1000.0 if upper else -1000.0
    while (f(bound) < 0) if upper else (f(bound) > 0):
        bound += step
    lo, hi = (0.0, bound) if upper else (bound, 0.0)
    return float(optimize.brentq(f, lo, hi, xtol=1e-12, rtol=1e-14))


def bai_perron_cov(
    x: Float64Array, resid: Float64Array, *, adjust: bool = False
) -> Float64Array:
    r"""Return the Bai-Perron (2003) HAC covariance of OLS coefficients.

    Quadratic-spectral kernel on VAR(1)-prewhitened scores, with the Andrews
    (1991) AR(1) plug-in bandwidth; score columns of a constant regressor
    get weight 0 in the bandwidth (all columns weight 1 when every column
    is constant), as ``sandwich::kernHAC(fit, prewhite = 1)`` on a model
    fitted without a named intercept.

    Parameters
    ----------
    x : ndarray
        Regressors, shape ``(n, k)``.
    resid : ndarray
        OLS residuals, shape ``(n,)``.
    adjust : bool, default False
        Scale by n/(n-k) (sandwich's ``adjust = TRUE``).

    Returns
    -------
    ndarray
        Shape ``(k, k)``.
    """
    const = np.all(x == 1.0, axis=0)
    weights = np.where(const, 0.0, 1.0) if not const.all() else np.ones(x.shape[1])
    _, b = select_bandwidth(
        x * resid[:, None],
        "quadratic-spectral",
        "andrews1991",
        weights=weights,
        prewhite=True,
    )
    return sandwich_cov(
        x,
        resid,
        kernel_bandwidth=b,
        kernel="quadratic-spectral",
        hc="hc1" if adjust else "hc0",
        prewhite=True,
    )


def _omega(
    x: Float64Array,
    resid: Float64Array,
    q_mat: Float64Array,
    sigma2: float,
    bandwidth: int | None,
    hac: str | None = None,
    adjust: bool = False,
) -> Float64Array:
    if hac is None and bandwidth is None:
        return sigma2 * q_mat
    n = x.shape[0]
    if hac == "bai_perron":
        vcov = bai_perron_cov(x, resid, adjust=adjust)
    else:
        vcov = sandwich_cov(x, resid, n_lags=bandwidth)
    return np.asarray(n * q_mat.T @ vcov @ q_mat)


def break_intervals(
    y: Float64Array,
    x: Float64Array,
    breakpoints: tuple[int, ...],
    *,
    level: float = 0.95,
    het_reg: bool = True,
    het_err: bool = True,
    bandwidth: int | None = None,
    hac: str | None = None,
    adjust: bool = False,
) -> list[tuple[float, int, float, float, float]]:
    r"""Return ``(lower, break, upper, lower_exact, upper_exact)`` per break.

    Parameters
    ----------
    y : ndarray
        Shape ``(T,)``.
    x : ndarray
        Changing regressors, shape ``(T, k)``.
    breakpoints : tuple of int
        1-based last observation of each old regime.
    level : float, default 0.95
        Coverage.
    het_reg, het_err : bool, default True
        Regime-specific regressor moments / error variances (strucchange).
    bandwidth : int, optional
        Newey-West lag for :math:`\Omega_i`; None for the i.i.d. form.
    hac : {"bai_perron"}, optional
        Use :func:`bai_perron_cov` for :math:`\Omega_i` (``bandwidth`` is
        then ignored).
    adjust : bool, default False
        With ``hac="bai_perron"``: scale by n/(n-k).

    Returns
    -------
    list of tuple
        ``lower`` and ``upper`` are ints (strucchange's ``confint``), or NaN
        where the interval cannot be computed (strucchange's warning case,
        repeated as an ``AttributionWarning``). ``lower_exact`` and
        ``upper_exact`` are the same bounds before rounding,
        :math:`\hat T_j - c_{1-a/2}\,\phi_1^2/\delta'Q_1\delta` and
        :math:`\hat T_j - c_{a/2}\,\phi_1^2/\delta'Q_1\delta`.
    """
    n = y.shape[0]
    a2 = (1 - level) / 2
    bounds = segment_bounds(breakpoints, n)
    fits = []
    for start, end in bounds:
        xs, ys = x[start:end], y[start:end]
        beta, *_ = np.linalg.lstsq(xs, ys, rcond=None)
        fits.append((xs, beta, ys - xs @ beta))
    resid_all = np.concatenate([f[2] for f in fits])
    sigma_pool = float(resid_all @ resid_all) / n
    q_pool = x.T @ x / n
    robust = hac is not None or bandwidth is not None
    omega_pool = _omega(x, resid_all, q_pool, sigma_pool, bandwidth, hac, adjust)

    def regime(i: int) -> tuple[Float64Array, float, Float64Array]:
        xs, _, u = fits[i]
        q_mat = xs.T @ xs / xs.shape[0] if het_reg else q_pool
        if not het_err:
            return q_mat, sigma_pool, omega_pool
        s2 = float(u @ u) / xs.shape[0]
        return q_mat, s2, _omega(xs, u, q_mat, s2, bandwidth, hac, adjust)

    out: list[tuple[float, int, float, float, float]] = []
    for i, bp in enumerate(breakpoints):
        q1, s1, om1 = regime(i)
        q2, s2, om2 = regime(i + 1)
        delta = fits[i + 1][1] - fits[i][1]
        qp1, qp2 = float(delta @ q1 @ delta), float(delta @ q2 @ delta)
        xi = qp2 / qp1 if het_reg else 1.0
        if not robust:
            phi1, phi2 = math.sqrt(s1), math.sqrt(s2)
        else:
            phi1 = math.sqrt(float(delta @ om1 @ delta) / qp1)
            phi2 = math.sqrt(float(delta @ om2 @ delta) / qp2)
        p0 = argmax_cdf(0.0, xi, phi1, phi2)
        if not np.isfinite(p0) or p0 < a2 or p0 > 1 - a2:
            warnings.warn(
                f"Confidence interval {i + 1} cannot be computed: "
                f"P(argmax V <= 0) = {p0:.4f}.",
                AttributionWarning,
                stacklevel=3,
            )
            out.append((math.nan, bp, math.nan, math.nan, math.nan))
            continue
        scale = phi1**2 / qp1
        upper = _quantile(1 - a2, xi, phi1, phi2, upper=True) * scale
        lower = _quantile(a2, xi, phi1, phi2, upper=False) * scale
        out.append(
            (
                float(bp - math.ceil(upper)),
                bp,
                float(bp - math.floor(lower)),
                bp - upper,
                bp - lower,
            )
        )
    return out

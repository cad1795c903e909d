r"""The one implementation of HAC kernels, bandwidth rules and sandwich covariances.

HAC regression, local projections and Bai-Perron inference all call these
functions; nothing else in the package re-implements Newey-West. The kernels
are classes (:mod:`~attribution.models.covariance.kernels`: :class:`Bartlett`,
:class:`Parzen`, :class:`QuadraticSpectral` on :class:`KernelCovariance`,
which owns bandwidth selection, prewhitening and ``adjust``, in the style of
``arch.covariance.kernel``); the functions below are the same computations
addressed by kernel name, kept as the package's function API.

Conventions
-----------
The long-run covariance of scores :math:`g_t` (rows of ``scores``) is

.. math:: \hat S = \hat\Gamma_0 + \sum_{j=1}^{L} w_j (\hat\Gamma_j + \hat\Gamma_j'),
   \quad \hat\Gamma_j = \sum_{t=j+1}^{T} g_t g_{t-j}'

with Bartlett weights :math:`w_j = 1 - j/(L+1)` (Newey and West 1987). No
small-sample scaling is applied here; callers state theirs. With
``n_lags=L`` this equals R's ``sandwich::NeweyWest(fit, lag = L,
prewhite = FALSE, adjust = FALSE)``.

Besides the integer truncation lag L (``n_lags`` here, ``bandwidth`` on the
estimators), kernels can be driven by a real bandwidth :math:`b`
(``kernel_bandwidth``; Andrews 1991): :math:`w_j = k(j/b)` for
:math:`j = 0, \dots, T-1`, so that Bartlett with :math:`b = L + 1` is
Newey-West with L lags. The quadratic-spectral kernel has no truncation and
is only available this way. :func:`andrews_bandwidth` is the AR(1) plug-in
rule of Andrews (1991, eqs. 6.2, 6.4), matching R's ``sandwich::bwAndrews(fit,
approx = "AR(1)", prewhite = 0)``, and :func:`long_run_covariance_bw` with
it matches ``sandwich::kernHAC(fit, bw = b, prewhite = FALSE, adjust = FALSE)``.

:func:`newey_west_bandwidth` is the Newey-West (1994) nonparametric plug-in
(``sandwich::bwNeweyWest``); :func:`nw_bandwidth` is only the rule of thumb
:math:`\lfloor 4 (T/100)^{2/9} \rfloor` (``rule="rule_of_thumb"``, formerly
misnamed ``"nw1994"``). :func:`prewhiten` is the VAR(1) prewhitening of
Andrews and Monahan (1992); with it :func:`sandwich_cov` recolours the meat,
as ``vcovHAC(prewhite = 1)``, and ``hc="hc1"`` is sandwich's ``adjust = TRUE``.
:func:`select_bandwidth` applies a named rule.

References
----------
Newey, W. K. and West, K. D. (1987). A simple, positive semi-definite,
heteroskedasticity and autocorrelation consistent covariance matrix.
*Econometrica* 55(3), 703-708.

Andrews, D. W. K. (1991). Heteroskedasticity and autocorrelation consistent
covariance matrix estimation. *Econometrica* 59(3), 817-858.

Newey, W. K. and West, K. D. (1994). Automatic lag selection in covariance
matrix estimation. *Review of Economic Studies* 61(4), 631-653.
"""

from __future__ import annotations

import warnings

from attribution._typing import BandwidthRule, Float64Array, Kernel
from attribution.exceptions import DeprecatedOptionWarning, ModelSpecificationError, fmt
from attribution.models.covariance.config import HACConfig, hac_estimator, resolve_rule
from attribution.models.covariance.kernels import (
    KERNELS,
    Bartlett,
    KernelCovariance,
    Parzen,
    QuadraticSpectral,
    kernel_class,
    sandwich,
)
from attribution.models.covariance.prewhiten import prewhiten

__all__ = [
    "KERNELS",
    "Bartlett",
    "HACConfig",
    "KernelCovariance",
    "Parzen",
    "QuadraticSpectral",
    "andrews_bandwidth",
    "bandwidth_weights",
    "hac_estimator",
    "kernel_class",
    "kernel_function",
    "kernel_weights",
    "long_run_covariance",
    "long_run_covariance_bw",
    "newey_west_bandwidth",
    "nw_bandwidth",
    "prewhiten",
    "resolve_rule",
    "sandwich_cov",
    "select_bandwidth",
]


def nw_bandwidth(nobs: int, rule: BandwidthRule = "rule_of_thumb") -> int:
    r"""Return the rule-of-thumb Newey-West lag truncation.

    Parameters
    ----------
    nobs : int
        Number of observations T.
    rule : {"rule_of_thumb", "nw1994"}, default "rule_of_thumb"
        ``"rule_of_thumb"`` is :math:`L = \lfloor 4 (T/100)^{2/9} \rfloor`,
        the Bartlett rule of thumb quoted by Newey and West (1994, p. 641).
        It is *not* their plug-in bandwidth (:func:`newey_west_bandwidth`).
        ``"nw1994"`` is the deprecated old name of the same rule: it still
        works and warns.

    Returns
    -------
    int
        The number of lags L (at least 0); :meth:`KernelCovariance.rule_of_thumb`.

    Raises
    ------
    ModelSpecificationError
        If ``rule`` is unknown or ``nobs < 1``.

    Examples
    --------
    >>> nw_bandwidth(100), nw_bandwidth(520)
    (4, 5)
    """
    if resolve_rule(rule) != "rule_of_thumb":
        raise ModelSpecificationError(fmt("rule", "'rule_of_thumb'", rule))
    return KernelCovariance.rule_of_thumb(nobs)


def kernel_weights(n_lags: int, kernel: Kernel = "bartlett") -> Float64Array:
    r"""Return the kernel weights :math:`w_0, \dots, w_L` (with :math:`w_0 = 1`).

    Parameters
    ----------
    n_lags : int
        Truncation lag L.
    kernel : {"bartlett", "parzen"}, default "bartlett"
        Bartlett: :math:`1 - j/(L+1)`. Parzen with bandwidth :math:`L+1`.

    Returns
    -------
    ndarray
        Shape ``(L + 1,)``: :meth:`KernelCovariance.lag_weights`.
    """
    return kernel_class(kernel).lag_weights(n_lags)


def long_run_covariance(
    scores: Float64Array, n_lags: int, kernel: Kernel = "bartlett"
) -> Float64Array:
    r"""Return the kernel-weighted sum of autocovariances of ``scores`` (no 1/T).

    Parameters
    ----------
    scores : ndarray
        Shape ``(T, k)``: the moment contributions, e.g. ``X * resid[:, None]``.
        They are not demeaned.
    n_lags : int
        Truncation lag L.
    kernel : {"bartlett", "parzen"}, default "bartlett"
        Kernel of :func:`kernel_weights`.

    Returns
    -------
    ndarray
        Shape ``(k, k)``, symmetric: :math:`\hat S` of the module notes.
    """
    return kernel_class(kernel)().long_run(scores, n_lags=n_lags)


def kernel_function(x: Float64Array, kernel: Kernel = "bartlett") -> Float64Array:
    r"""Evaluate the kernel :math:`k(x)` at points ``x``.

    Parameters
    ----------
    x : ndarray
        Points, usually :math:`j / b`.
    kernel : {"bartlett", "parzen", "quadratic-spectral"}, default "bartlett"
        Bartlett :math:`(1 - |x|)_+`; Parzen; quadratic spectral
        :math:`k(x) = \frac{25}{12\pi^2 x^2}\left(\frac{\sin(6\pi x/5)}
        {6\pi x/5} - \cos(6\pi x/5)\right)` with :math:`k(0) = 1`.

    Returns
    -------
    ndarray
        Same shape as ``x``.

    Raises
    ------
    ModelSpecificationError
        If ``kernel`` is unknown.
    """
    return kernel_class(kernel).function(x)


def bandwidth_weights(
    bandwidth: float, nobs: int, kernel: Kernel = "bartlett", *, tol: float = 1e-7
) -> Float64Array:
    r"""Return :math:`w_j = k(j/b)` for :math:`j = 0, \dots, T-1`, trimmed.

    Parameters
    ----------
    bandwidth : float
        Real kernel bandwidth :math:`b > 0`.
    nobs : int
        Number of observations T.
    kernel : {"bartlett", "parzen", "quadratic-spectral"}, default "bartlett"
        Kernel of :func:`kernel_function`.
    tol : float, default 1e-7
        Weights after the last one with :math:`|w_j| > tol` are dropped, as
        in R's ``sandwich::weightsAndrews``.

    Returns
    -------
    ndarray
        Weights starting with :math:`w_0 = 1`.

    Raises
    ------
    ModelSpecificationError
        If ``bandwidth`` is not positive.
    """
    return kernel_class(kernel).bandwidth_weights(bandwidth, nobs, tol=tol)


def long_run_covariance_bw(
    scores: Float64Array, bandwidth: float, kernel: Kernel = "quadratic-spectral"
) -> Float64Array:
    r"""Return :math:`\sum_j k(j/b)(\hat\Gamma_j + \hat\Gamma_j')` (no 1/T).

    Parameters
    ----------
    scores : ndarray
        Shape ``(T, k)``, not demeaned.
    bandwidth : float
        Real kernel bandwidth :math:`b`, e.g. from :func:`andrews_bandwidth`.
    kernel : {"bartlett", "parzen", "quadratic-spectral"}, default "quadratic-spectral"
        Kernel of :func:`kernel_function`.

    Returns
    -------
    ndarray
        Shape ``(k, k)``. Bartlett with ``bandwidth = L + 1`` equals
        :func:`long_run_covariance` with ``n_lags = L``.
    """
    return kernel_class(kernel)().long_run(scores, kernel_bandwidth=bandwidth)


def andrews_bandwidth(
    scores: Float64Array,
    kernel: Kernel = "quadratic-spectral",
    *,
    weights: Float64Array | None = None,
    prewhite: bool = False,
) -> float:
    r"""Return the Andrews (1991) AR(1) plug-in bandwidth :math:`\hat b`.

    Parameters
    ----------
    scores : ndarray
        Shape ``(T, k)``: the moment contributions :math:`x_t \hat u_t`.
    kernel : {"bartlett", "parzen", "quadratic-spectral"}, default "quadratic-spectral"
        Kernel the bandwidth is tuned for.
    weights : ndarray, optional
        Weight of each score column; default all ones. R's ``bwAndrews``
        gives the intercept's score weight 0, so pass 0 for a ``const``
        column to match it (:class:`HACRegression` does).
    prewhite : bool, default False
        Fit the AR(1)s to the VAR(1)-prewhitened scores of :func:`prewhiten`
        (T - 1 rows), as ``bwAndrews(fit, prewhite = 1)``.

    Returns
    -------
    float
        :math:`\hat b = c_k (T \hat\alpha(q))^{1/(2q+1)}`, with T the
        number of (prewhitened) score rows.

    Notes
    -----
    Each score column is fitted as an AR(1) with intercept by OLS on its
    demeaned values (R ``ar(x, order.max = 1, aic = FALSE, method = "ols")``),
    giving :math:`\hat\rho_a` and :math:`\hat\sigma_a^2` (residual sum of
    squares over T-1). Then (Andrews 1991, eq. 6.4)

    .. math:: \hat\alpha(2) = \frac{\sum_a w_a 4\hat\rho_a^2\hat\sigma_a^4
       /(1-\hat\rho_a)^8}{\sum_a w_a \hat\sigma_a^4/(1-\hat\rho_a)^4},\quad
       \hat\alpha(1) = \frac{\sum_a w_a 4\hat\rho_a^2\hat\sigma_a^4
       /((1-\hat\rho_a)^6(1+\hat\rho_a)^2)}{\sum_a w_a \hat\sigma_a^4/(1-\hat\rho_a)^4}

    and :math:`c_k` is 1.1447 (Bartlett, q = 1), 2.6614 (Parzen, q = 2) or
    1.3221 (QS, q = 2): :meth:`KernelCovariance.andrews`.

    References
    ----------
    Andrews, D. W. K. (1991), eqs. (6.2), (6.4) and p. 830.
    """
    return kernel_class(kernel).andrews(scores, weights=weights, prewhite=prewhite)


def newey_west_bandwidth(
    scores: Float64Array,
    kernel: Kernel = "bartlett",
    *,
    weights: Float64Array | None = None,
    prewhite: bool = False,
) -> float:
    r"""Return the Newey-West (1994) nonparametric plug-in bandwidth.

    Parameters
    ----------
    scores : ndarray
        Shape ``(T, k)``: the moment contributions :math:`x_t \hat u_t`.
    kernel : {"bartlett", "parzen", "quadratic-spectral"}, default "bartlett"
        Kernel the bandwidth is tuned for.
    weights : ndarray, optional
        Weight of each score column (default ones; pass 0 for ``const`` to
        match ``sandwich::bwNeweyWest``).
    prewhite : bool, default False
        Compute the pilot autocovariances from the VAR(1)-prewhitened scores.

    Returns
    -------
    float
        :math:`\hat b = c_k \big((\hat s^{(q)}/\hat s^{(0)})^2\big)^{1/(2q+1)}
        T^{1/(2q+1)}`: :meth:`KernelCovariance.newey_west1994`.

    References
    ----------
    Newey, W. K. and West, K. D. (1994). Automatic lag selection in covariance
    matrix estimation. *Review of Economic Studies* 61(4), 631-653.
    """
    return kernel_class(kernel).newey_west1994(
        scores, weights=weights, prewhite=prewhite
    )


def select_bandwidth(
    scores: Float64Array,
    kernel: Kernel,
    rule: BandwidthRule,
    *,
    weights: Float64Array | None = None,
    prewhite: bool = False,
) -> tuple[int, float | None]:
    r"""Return the HAC truncation lag and real bandwidth chosen by ``rule``.

    Parameters
    ----------
    scores : ndarray
        Shape ``(T, k)``.
    kernel : {"bartlett", "parzen", "quadratic-spectral"}
        HAC kernel.
    rule : {"rule_of_thumb", "andrews1991", "newey_west1994"}
        See :meth:`KernelCovariance.select`. ``"nw1994"`` is the deprecated
        name of ``"rule_of_thumb"``.
    weights : ndarray, optional
        Score-column weights of the plug-in rules.
    prewhite : bool, default False
        Whether the covariance prewhitens (the plug-in rules then use the
        prewhitened scores, as sandwich does).

    Returns
    -------
    tuple
        ``(L, b)``: the number of autocovariances with non-zero weight, and
        the real bandwidth, or None when the weights are :math:`k(j/(L+1))`.

    Raises
    ------
    ModelSpecificationError
        If the rule is unknown or is the rule of thumb with the QS kernel.
    """
    return kernel_class(kernel).select(
        scores, resolve_rule(rule), weights=weights, prewhite=prewhite
    )


def sandwich_cov(
    design: Float64Array,
    resid: Float64Array,
    *,
    n_lags: int | None = None,
    kernel: Kernel = "bartlett",
    hc: str = "hc0",
    kernel_bandwidth: float | None = None,
    prewhite: bool = False,
    bandwidth: float | None = None,
) -> Float64Array:
    r"""Return the sandwich covariance of OLS coefficients.

    Parameters
    ----------
    design : ndarray
        Regressor matrix X, shape ``(T, k)``.
    resid : ndarray
        OLS residuals, shape ``(T,)``.
    n_lags : int, optional
        If given, a HAC covariance with this truncation lag (weights of
        :func:`kernel_weights`).
    kernel : {"bartlett", "parzen", "quadratic-spectral"}, default "bartlett"
        HAC kernel.
    hc : {"hc0", "hc1", "hc2", "hc3"}, default "hc0"
        Small-sample variant. ``"hc1"`` multiplies by T/(T-k); ``"hc2"`` and
        ``"hc3"`` (heteroskedasticity-robust only) divide squared residuals
        by :math:`1 - h_{tt}` and :math:`(1 - h_{tt})^2`.
    kernel_bandwidth : float, optional
        If given (and ``n_lags`` is not), a HAC covariance with the real
        bandwidth of :func:`long_run_covariance_bw`.
    prewhite : bool, default False
        HAC only: apply the kernel to the VAR(1)-prewhitened scores and
        recolour, :math:`\hat S = D \hat S_e D'` (:func:`prewhiten`), as
        ``sandwich::vcovHAC(prewhite = 1)``. ``"hc1"`` then scales by
        T/(T-k) with the original T (sandwich's ``adjust = TRUE``).
    bandwidth : float, optional
        Deprecated name of ``kernel_bandwidth`` (``bandwidth`` is the
        truncation lag elsewhere in the package); warns.

    Returns
    -------
    ndarray
        :math:`(X'X)^{-1} \hat S (X'X)^{-1}`, shape ``(k, k)``.

    Raises
    ------
    ModelSpecificationError
        If ``hc`` is unknown, or ``hc2``/``hc3`` is combined with HAC.
    """
    if bandwidth is not None:
        warnings.warn(
            "sandwich_cov(bandwidth=b) is the real kernel bandwidth; it is renamed "
            "kernel_bandwidth=b (same numbers). `bandwidth` means the integer "
            "truncation lag elsewhere (here: n_lags).",
            DeprecatedOptionWarning,
            stacklevel=2,
        )
        kernel_bandwidth = bandwidth if kernel_bandwidth is None else kernel_bandwidth
    if hc not in ("hc0", "hc1", "hc2", "hc3"):
        raise ModelSpecificationError(
            fmt("hc", "one of {'hc0', 'hc1', 'hc2', 'hc3'}", hc)
        )
    hac = n_lags is not None or kernel_bandwidth is not None
    if hc in ("hc2", "hc3") and hac:
        raise ModelSpecificationError(
            fmt("hc", "'hc0' or 'hc1' with a HAC covariance", hc)
        )
    if not hac:
        return sandwich(design, resid, None, hc=hc)
    est = kernel_class(kernel)(prewhite=prewhite)
    if n_lags is not None:
        return sandwich(design, resid, est, n_lags=n_lags, hc=hc)
    return sandwich(design, resid, est, kernel_bandwidth=kernel_bandwidth, hc=hc)

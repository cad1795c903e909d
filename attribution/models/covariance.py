r"""The one implementation of HAC kernels, bandwidth rules and sandwich covariances.

HAC regression, local projections and Bai-Perron inference all call these
functions; nothing else in the package re-implements Newey-West.

Conventions
-----------
The long-run covariance of scores :math:`g_t` (rows of ``scores``) is

.. math:: \hat S = \hat\Gamma_0 + \sum_{j=1}^{L} w_j (\hat\Gamma_j + \hat\Gamma_j'),
   \quad \hat\Gamma_j = \sum_{t=j+1}^{T} g_t g_{t-j}'

with Bartlett weights :math:`w_j = 1 - j/(L+1)` (Newey and West 1987). No
small-sample scaling is applied here; callers state theirs. With
``n_lags=L`` this equals R's ``sandwich::NeweyWest(fit, lag = L,
prewhite = FALSE, adjust = FALSE)``.

Besides the integer truncation lag L, kernels can be driven by a real
bandwidth :math:`b` (Andrews 1991): :math:`w_j = k(j/b)` for
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

import math
import warnings

import numpy as np

from attribution._typing import BandwidthRule, Float64Array, Kernel
from attribution.exceptions import DeprecatedOptionWarning, ModelSpecificationError, fmt

_KERNELS: tuple[str, ...] = ("bartlett", "parzen", "quadratic-spectral")
# Andrews (1991, p. 830) optimal-bandwidth constants c_k and the alpha order q
_ANDREWS: dict[str, tuple[float, int]] = {
    "bartlett": (1.1447, 1),
    "parzen": (2.6614, 2),
    "quadratic-spectral": (1.3221, 2),
}


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
        The number of lags L (at least 0).

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
    if nobs < 1:
        raise ModelSpecificationError(fmt("nobs", ">= 1", nobs))
    return int(math.floor(4.0 * (nobs / 100.0) ** (2.0 / 9.0)))


def resolve_rule(rule: str) -> str:
    """Map the deprecated rule name ``"nw1994"`` to ``"rule_of_thumb"`` (warns).

    Parameters
    ----------
    rule : str
        A bandwidth rule name.

    Returns
    -------
    str
        ``rule``, or ``"rule_of_thumb"`` for ``"nw1994"``.
    """
    if rule == "nw1994":
        warnings.warn(
            "bandwidth_rule='nw1994' is the rule of thumb floor(4 (T/100)^(2/9)), "
            "not the Newey-West (1994) plug-in; it is renamed 'rule_of_thumb' "
            "(same lags). Use 'newey_west1994' for the plug-in bandwidth.",
            DeprecatedOptionWarning,
            stacklevel=3,
        )
        return "rule_of_thumb"
    return rule


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
        Shape ``(L + 1,)``.
    """
    if n_lags < 0:
        raise ModelSpecificationError(fmt("n_lags", ">= 0", n_lags))
    j = np.arange(n_lags + 1, dtype=float)
    z = j / (n_lags + 1.0)
    if kernel == "bartlett":
        return 1.0 - z
    if kernel == "parzen":
        return np.where(z <= 0.5, 1 - 6 * z**2 + 6 * z**3, 2 * (1 - z) ** 3)
    raise ModelSpecificationError(
        fmt(
            "kernel",
            "one of {'bartlett', 'parzen'}",
            kernel,
            "The quadratic-spectral kernel has no truncation lag: "
            "use bandwidth_weights.",
        )
    )


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
    g = np.asarray(scores, dtype=float)
    if g.ndim == 1:
        g = g[:, None]
    w = kernel_weights(n_lags, kernel)
    s = g.T @ g
    for j in range(1, min(n_lags, g.shape[0] - 1) + 1):
        gamma = g[j:].T @ g[:-j]
        s += w[j] * (gamma + gamma.T)
    return np.asarray(s, dtype=float)


def kernel_function(x: Float64Array, kernel: Kernel = "bartlett") -> Float64Array:
    r"""Evaluate the kernel :math:`k(x)` at points ``x`` (``x >= 0``).

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
    z = np.abs(np.asarray(x, dtype=float))
    if kernel == "bartlett":
        return np.asarray(np.clip(1.0 - z, 0.0, None), dtype=float)
    if kernel == "parzen":
        inner = np.where(z <= 0.5, 1 - 6 * z**2 + 6 * z**3, 2 * (1 - z) ** 3)
        return np.where(z <= 1.0, inner, 0.0)
    if kernel == "quadratic-spectral":
        y = 6.0 * np.pi * z / 5.0
        small = y < 1e-2  # Taylor series avoids cancellation near 0
        ys = np.where(small, 1.0, y)
        qs = 3.0 / ys**2 * (np.sin(ys) / ys - np.cos(ys))
        return np.where(small, 1.0 - y**2 / 10.0 + y**4 / 280.0, qs)
    raise ModelSpecificationError(fmt("kernel", f"one of {set(_KERNELS)}", kernel))


def bandwidth_weights(
    bandwidth: float, nobs: int, kernel: Kernel = "bartlett", *, tol: float = 1e-7
) -> Float64Array:
    r"""Return :math:`w_j = k(j/b)` for :math:`j = 0, \dots, T-1`, trimmed.

    Parameters
    ----------
    bandwidth : float
        Real bandwidth :math:`b > 0`.
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
    if not bandwidth > 0:
        raise ModelSpecificationError(fmt("bandwidth", "> 0", bandwidth))
    w = kernel_function(np.arange(nobs, dtype=float) / bandwidth, kernel)
    keep = np.flatnonzero(np.abs(w) > tol)
    return np.asarray(w[: keep[-1] + 1])


def long_run_covariance_bw(
    scores: Float64Array, bandwidth: float, kernel: Kernel = "quadratic-spectral"
) -> Float64Array:
    r"""Return :math:`\sum_j k(j/b)(\hat\Gamma_j + \hat\Gamma_j')` (no 1/T).

    Parameters
    ----------
    scores : ndarray
        Shape ``(T, k)``, not demeaned.
    bandwidth : float
        Real bandwidth :math:`b`, e.g. from :func:`andrews_bandwidth`.
    kernel : {"bartlett", "parzen", "quadratic-spectral"}, default "quadratic-spectral"
        Kernel of :func:`kernel_function`.

    Returns
    -------
    ndarray
        Shape ``(k, k)``. Bartlett with ``bandwidth = L + 1`` equals
        :func:`long_run_covariance` with ``n_lags = L``.
    """
    g = np.asarray(scores, dtype=float)
    if g.ndim == 1:
        g = g[:, None]
    w = bandwidth_weights(bandwidth, g.shape[0], kernel)
    s = w[0] * (g.T @ g)
    for j in range(1, w.shape[0]):
        gamma = g[j:].T @ g[:-j]
        s += w[j] * (gamma + gamma.T)
    return np.asarray(s, dtype=float)


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
    1.3221 (QS, q = 2).

    References
    ----------
    Andrews, D. W. K. (1991), eqs. (6.2), (6.4) and p. 830.
    """
    if kernel not in _ANDREWS:
        raise ModelSpecificationError(fmt("kernel", f"one of {set(_KERNELS)}", kernel))
    g = np.asarray(scores, dtype=float)
    if g.ndim == 1:
        g = g[:, None]
    if prewhite:
        g = prewhiten(g)[0]
    nobs, k = g.shape
    if weights is None:
        w = np.ones(k)
    else:
        w = np.asarray(weights, dtype=float)
    x = g - g.mean(axis=0)
    lead, lag = x[1:], x[:-1]
    lag_c = lag - lag.mean(axis=0)
    rho = (lag_c * (lead - lead.mean(axis=0))).sum(axis=0) / (lag_c**2).sum(axis=0)
    e = lead - lead.mean(axis=0) - rho * lag_c
    sig4 = ((e**2).sum(axis=0) / (nobs - 1)) ** 2
    denom = np.sum(w * sig4 / (1 - rho) ** 4)
    const, q = _ANDREWS[kernel]
    if q == 2:
        alpha = np.sum(w * 4 * rho**2 * sig4 / (1 - rho) ** 8) / denom
    else:
        alpha = (
            np.sum(w * 4 * rho**2 * sig4 / ((1 - rho) ** 6 * (1 + rho) ** 2)) / denom
        )
    return float(const * (nobs * alpha) ** (1.0 / (2 * q + 1)))


def prewhiten(scores: Float64Array) -> tuple[Float64Array, Float64Array]:
    r"""Return VAR(1)-prewhitened scores and the recolouring matrix.

    Parameters
    ----------
    scores : ndarray
        Shape ``(T, k)``.

    Returns
    -------
    resid : ndarray
        Shape ``(T - 1, k)``: :math:`e_t = g_t - \hat A g_{t-1}`, with
        :math:`\hat A` the OLS coefficient of :math:`g_t` on :math:`g_{t-1}`
        without intercept (R ``ar(g, order.max = 1, aic = FALSE,
        demean = FALSE, method = "ols")``).
    recolour : ndarray
        :math:`D = (I - \hat A)^{-1}`, shape ``(k, k)``; the long-run
        covariance is :math:`D \hat S_e D'` (Andrews and Monahan 1992).

    References
    ----------
    Andrews, D. W. K. and Monahan, J. C. (1992). An improved
    heteroskedasticity and autocorrelation consistent covariance matrix
    estimator. *Econometrica* 60(4), 953-966.
    """
    g = np.asarray(scores, dtype=float)
    if g.ndim == 1:
        g = g[:, None]
    lead, lag = g[1:], g[:-1]
    coef = np.linalg.solve(lag.T @ lag, lag.T @ lead)  # lead ~ lag @ coef, A = coef'
    resid = lead - lag @ coef
    recolour = np.linalg.inv(np.eye(g.shape[1]) - coef.T)
    return np.asarray(resid, dtype=float), np.asarray(recolour, dtype=float)


_NW_RATE: dict[str, float] = {
    "bartlett": 2.0 / 9.0,
    "parzen": 4.0 / 25.0,
    "quadratic-spectral": 2.0 / 25.0,
}


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
        T^{1/(2q+1)}`.

    Notes
    -----
    With :math:`h_t = w'g_t` (prewhitened when asked; n rows) and
    :math:`\hat\sigma_j = n^{-1}\sum_{t} h_t h_{t+j}` for
    :math:`j = 0..m`, :math:`m = \lfloor a (T/100)^{r} \rfloor` (a = 4, or
    3 when prewhitened; r = 2/9 Bartlett, 4/25 Parzen, 2/25 QS):
    :math:`\hat s^{(0)} = \hat\sigma_0 + 2\sum_{j\ge1}\hat\sigma_j`,
    :math:`\hat s^{(q)} = 2\sum_{j\ge1} j^q\hat\sigma_j` (q = 1 Bartlett,
    2 otherwise) and :math:`c_k` = 1.1447, 2.6614, 1.3221. This is
    ``sandwich::bwNeweyWest`` (Newey and West 1994, eqs. 3.8-3.12).

    References
    ----------
    Newey, W. K. and West, K. D. (1994). Automatic lag selection in covariance
    matrix estimation. *Review of Economic Studies* 61(4), 631-653.
    """
    if kernel not in _ANDREWS:
        raise ModelSpecificationError(fmt("kernel", f"one of {set(_KERNELS)}", kernel))
    g = np.asarray(scores, dtype=float)
    if g.ndim == 1:
        g = g[:, None]
    nobs, k = g.shape
    w = np.ones(k) if weights is None else np.asarray(weights, dtype=float)
    m = int(math.floor((3.0 if prewhite else 4.0) * (nobs / 100.0) ** _NW_RATE[kernel]))
    if prewhite:
        g = prewhiten(g)[0]
    h = g @ w
    n = h.shape[0]
    sig = np.array([h[: n - j] @ h[j:] / n for j in range(m + 1)])
    j = np.arange(1, m + 1, dtype=float)
    s0 = sig[0] + 2.0 * sig[1:].sum()
    const, q = _ANDREWS[kernel]
    sq = 2.0 * np.sum(j**q * sig[1:])
    rate = 1.0 / (2 * q + 1)
    return float(const * ((sq / s0) ** 2) ** rate * nobs**rate)


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
        ``"rule_of_thumb"``: :math:`L = \lfloor 4 (T/100)^{2/9} \rfloor`
        (Bartlett and Parzen only). ``"andrews1991"``: the real bandwidth
        of :func:`andrews_bandwidth`, weights :math:`k(j/b)` (R ``kernHAC``).
        ``"newey_west1994"``: :func:`newey_west_bandwidth`; for Bartlett the
        lag :math:`L = \lfloor \hat b \rfloor` with weights
        :math:`1 - j/(L+1)` (R ``NeweyWest(lag = NULL)``), otherwise the real
        bandwidth (R ``kernHAC(bw = bwNeweyWest)``). ``"nw1994"`` is the
        deprecated name of ``"rule_of_thumb"``.
    weights : ndarray, optional
        Score-column weights of the plug-in rules.
    prewhite : bool, default False
        Whether the covariance prewhitens (the plug-in rules then use the
        prewhitened scores, as sandwich does).

    Returns
    -------
    tuple
        ``(L, b)``: the number of autocovariances with non-zero weight, and
        the real bandwidth, or None when the weights are :math:`1 - j/(L+1)`.

    Raises
    ------
    ModelSpecificationError
        If the rule is unknown or is the rule of thumb with the QS kernel.
    """
    rule_name = resolve_rule(rule)
    if rule_name not in ("rule_of_thumb", "andrews1991", "newey_west1994"):
        raise ModelSpecificationError(
            fmt(
                "bandwidth_rule",
                "one of {'rule_of_thumb', 'andrews1991', 'newey_west1994'}",
                rule,
            )
        )
    nobs = np.asarray(scores).shape[0]
    n_used = nobs - 1 if prewhite else nobs
    if rule_name == "rule_of_thumb":
        if kernel == "quadratic-spectral":
            raise ModelSpecificationError(
                fmt(
                    "bandwidth_rule",
                    "'andrews1991' or 'newey_west1994' with the quadratic-spectral "
                    "kernel",
                    rule,
                    "Pass a real `bandwidth` or use kernel='bartlett'.",
                )
            )
        return nw_bandwidth(nobs), None
    if rule_name == "andrews1991":
        b = andrews_bandwidth(scores, kernel, weights=weights, prewhite=prewhite)
    else:
        b = newey_west_bandwidth(scores, kernel, weights=weights, prewhite=prewhite)
        if kernel == "bartlett":
            return int(math.floor(b)), None
    return len(bandwidth_weights(b, n_used, kernel)) - 1, b


def sandwich_cov(
    design: Float64Array,
    resid: Float64Array,
    *,
    n_lags: int | None = None,
    kernel: Kernel = "bartlett",
    hc: str = "hc0",
    bandwidth: float | None = None,
    prewhite: bool = False,
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
    bandwidth : float, optional
        If given (and ``n_lags`` is not), a HAC covariance with the real
        bandwidth of :func:`long_run_covariance_bw`.
    prewhite : bool, default False
        HAC only: apply the kernel to the VAR(1)-prewhitened scores and
        recolour, :math:`\hat S = D \hat S_e D'` (:func:`prewhiten`), as
        ``sandwich::vcovHAC(prewhite = 1)``. ``"hc1"`` then scales by
        T/(T-k) with the original T (sandwich's ``adjust = TRUE``).

    Returns
    -------
    ndarray
        :math:`(X'X)^{-1} \hat S (X'X)^{-1}`, shape ``(k, k)``.

    Raises
    ------
    ModelSpecificationError
        If ``hc`` is unknown, or ``hc2``/``hc3`` is combined with HAC.
    """
    x = np.asarray(design, dtype=float)
    u = np.asarray(resid, dtype=float).reshape(-1)
    nobs, k = x.shape
    bread = np.linalg.inv(x.T @ x)
    if hc not in ("hc0", "hc1", "hc2", "hc3"):
        raise ModelSpecificationError(
            fmt("hc", "one of {'hc0', 'hc1', 'hc2', 'hc3'}", hc)
        )
    hac = n_lags is not None or bandwidth is not None
    if hc in ("hc2", "hc3"):
        if hac:
            raise ModelSpecificationError(
                fmt("hc", "'hc0' or 'hc1' with a HAC covariance", hc)
            )
        lev = np.einsum("ij,jk,ik->i", x, bread, x)
        u = u / (1.0 - lev) ** (0.5 if hc == "hc2" else 1.0)
    scores = x * u[:, None]
    recolour = None
    if prewhite and hac:
        scores, recolour = prewhiten(scores)
    if n_lags is None and bandwidth is not None:
        meat = long_run_covariance_bw(scores, bandwidth, kernel)
    else:
        meat = long_run_covariance(scores, n_lags or 0, kernel)
    if recolour is not None:
        meat = recolour @ meat @ recolour.T
    cov = bread @ meat @ bread
    if hc == "hc1":
        cov *= nobs / (nobs - k)
    return np.asarray(0.5 * (cov + cov.T))

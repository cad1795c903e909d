r"""HAC kernels, one class each, on a base that owns bandwidth, prewhitening and adjust.

The design follows ``arch.covariance.kernel``: a kernel class states only its
weight function :math:`k(x)` and its constants (Andrews' :math:`c_k`, the
order :math:`q`, the Newey-West pilot rate); :class:`KernelCovariance`
derives from them everything else, once:

- the weights, either of an integer truncation lag L (``bandwidth``:
  :math:`w_j = k(j/(L+1))`, j = 0..L) or of a real kernel bandwidth b
  (``kernel_bandwidth``: :math:`w_j = k(j/b)`, j = 0..T-1, trimmed);
- bandwidth selection: :meth:`~KernelCovariance.rule_of_thumb`,
  :meth:`~KernelCovariance.andrews` (Andrews 1991, AR(1) plug-in) and
  :meth:`~KernelCovariance.newey_west1994` (the nonparametric plug-in);
- VAR(1) prewhitening with recolouring, and the finite-sample ``adjust``
  T/(T-k) of the sandwich :meth:`~KernelCovariance.cov`.

An instance carries one configuration (``bandwidth``, ``kernel_bandwidth``,
``bandwidth_rule``, ``prewhite``, ``adjust``) and is applied to data with
:meth:`~KernelCovariance.long_run` or :meth:`~KernelCovariance.cov`.
:func:`kernel_class` maps the names used by the estimators (``"bartlett"``,
``"parzen"``, ``"quadratic-spectral"``) to the classes.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np

from attribution._typing import BandwidthRule, Float64Array, Kernel
from attribution._validation import as_float, as_int
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.models.covariance.prewhiten import as_scores, prewhiten

RULES: tuple[str, ...] = ("rule_of_thumb", "andrews1991", "newey_west1994")


class KernelCovariance(ABC):
    r"""Kernel HAC estimator: weights, bandwidth selection, prewhitening, adjust.

    Parameters
    ----------
    bandwidth : int, optional
        Truncation lag L: weights :math:`k(j/(L+1))` for j = 0..L. Only for
        kernels with a truncation (not the quadratic-spectral kernel).
    kernel_bandwidth : float, optional
        Real bandwidth :math:`b > 0`: weights :math:`k(j/b)`. Exclusive
        with ``bandwidth``.
    bandwidth_rule : {"rule_of_thumb", "andrews1991", "newey_west1994"}, optional
        Used when neither is given; default ``"rule_of_thumb"`` for
        truncated kernels, ``"andrews1991"`` otherwise (:meth:`select`).
    prewhite : bool, default False
        VAR(1)-prewhiten the scores and recolour (sandwich's ``prewhite = 1``).
    adjust : bool, default False
        Scale the sandwich by T/(T-k) (sandwich's ``adjust = TRUE``).

    Notes
    -----
    No small-sample scaling is applied to :meth:`long_run`; with Bartlett and
    ``bandwidth = L`` it equals R's ``sandwich::NeweyWest(fit, lag = L,
    prewhite = FALSE, adjust = FALSE)`` times T.
    """

    name: ClassVar[Kernel]
    #: Andrews (1991, p. 830) optimal-bandwidth constant :math:`c_k`
    andrews_constant: ClassVar[float]
    #: characteristic exponent q of the kernel at 0
    order: ClassVar[int]
    #: rate r of the Newey-West (1994) pilot lag :math:`a (T/100)^r`
    nw_rate: ClassVar[float]
    #: whether weights vanish beyond :math:`|x| = 1` (an integer lag exists)
    truncated: ClassVar[bool] = True

    def __init__(
        self,
        *,
        bandwidth: int | None = None,
        kernel_bandwidth: float | None = None,
        bandwidth_rule: BandwidthRule | None = None,
        prewhite: bool = False,
        adjust: bool = False,
    ) -> None:
        if bandwidth is not None and kernel_bandwidth is not None:
            raise ModelSpecificationError(
                fmt(
                    "bandwidth",
                    "None when `kernel_bandwidth` is given",
                    bandwidth,
                    "`bandwidth` is the integer truncation lag, `kernel_bandwidth` "
                    "the real bandwidth b of k(j/b); give one.",
                )
            )
        if bandwidth is not None and not self.truncated:
            raise ModelSpecificationError(
                fmt(
                    "bandwidth",
                    f"None with the {self.name} kernel (it has no truncation lag)",
                    bandwidth,
                    "Pass the real bandwidth as `kernel_bandwidth`.",
                )
            )
        self.bandwidth = (
            None if bandwidth is None else as_int(bandwidth, "bandwidth", low=0)
        )
        self.kernel_bandwidth = (
            None
            if kernel_bandwidth is None
            else as_float(kernel_bandwidth, "kernel_bandwidth", low=1e-12)
        )
        self.bandwidth_rule = bandwidth_rule
        self.prewhite = bool(prewhite)
        self.adjust = bool(adjust)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(bandwidth={self.bandwidth!r}, "
            f"kernel_bandwidth={self.kernel_bandwidth!r}, "
            f"bandwidth_rule={self.bandwidth_rule!r}, prewhite={self.prewhite}, "
            f"adjust={self.adjust})"
        )

    # ------------------------------------------------------------ weights
    @staticmethod
    @abstractmethod
    def weight(z: Float64Array) -> Float64Array:
        """Return :math:`k(z)` at points ``z >= 0``."""

    @classmethod
    def function(cls, x: Float64Array) -> Float64Array:
        """Return :math:`k(x)` at any real points (the kernel is even)."""
        return cls.weight(np.abs(np.asarray(x, dtype=float)))

    @classmethod
    def lag_weights(cls, n_lags: int) -> Float64Array:
        r"""Return :math:`w_j = k(j/(L+1))`, j = 0..L, for truncation lag ``n_lags``.

        Raises
        ------
        ModelSpecificationError
            If ``n_lags < 0`` or the kernel has no truncation lag.
        """
        if not cls.truncated:
            raise ModelSpecificationError(
                fmt(
                    "kernel",
                    "one of {'bartlett', 'parzen'}",
                    cls.name,
                    "The quadratic-spectral kernel has no truncation lag: "
                    "use bandwidth_weights.",
                )
            )
        if n_lags < 0:
            raise ModelSpecificationError(fmt("n_lags", ">= 0", n_lags))
        j = np.arange(n_lags + 1, dtype=float)
        return cls.weight(j / (n_lags + 1.0))

    @classmethod
    def bandwidth_weights(
        cls, kernel_bandwidth: float, nobs: int, *, tol: float = 1e-7
    ) -> Float64Array:
        r"""Return :math:`w_j = k(j/b)`, j = 0..T-1, trimmed after the last > ``tol``.

        Raises
        ------
        ModelSpecificationError
            If ``kernel_bandwidth`` is not positive.
        """
        if not kernel_bandwidth > 0:
            raise ModelSpecificationError(fmt("bandwidth", "> 0", kernel_bandwidth))
        w = cls.weight(np.arange(nobs, dtype=float) / kernel_bandwidth)
        keep = np.flatnonzero(np.abs(w) > tol)
        return np.asarray(w[: keep[-1] + 1])

    @staticmethod
    def weighted_autocovariances(scores: Float64Array, w: Float64Array) -> Float64Array:
        r"""Return :math:`\hat\Gamma_0 + \sum_{j\ge1} w_j(\hat\Gamma_j+\hat\Gamma_j')`.

        ``w[0]`` is taken as 1; lags beyond T - 1 are ignored. No 1/T.
        """
        g = as_scores(scores)
        s = g.T @ g
        for j in range(1, min(w.shape[0] - 1, g.shape[0] - 1) + 1):
            gamma = g[j:].T @ g[:-j]
            s += w[j] * (gamma + gamma.T)
        return np.asarray(s, dtype=float)

    # --------------------------------------------------- bandwidth selection
    @staticmethod
    def rule_of_thumb(nobs: int) -> int:
        r"""Return :math:`L = \lfloor 4 (T/100)^{2/9} \rfloor` (NW 1994, p. 641).

        Raises
        ------
        ModelSpecificationError
            If ``nobs < 1``.
        """
        if nobs < 1:
            raise ModelSpecificationError(fmt("nobs", ">= 1", nobs))
        return int(math.floor(4.0 * (nobs / 100.0) ** (2.0 / 9.0)))

    @classmethod
    def andrews(
        cls,
        scores: Float64Array,
        *,
        weights: Float64Array | None = None,
        prewhite: bool = False,
    ) -> float:
        r"""Return the Andrews (1991) AR(1) plug-in bandwidth :math:`\hat b`.

        Each score column is fitted as an AR(1) with intercept by OLS on its
        demeaned values (R ``ar(x, order.max = 1, aic = FALSE, method =
        "ols")``); :math:`\hat b = c_k (T \hat\alpha(q))^{1/(2q+1)}` (Andrews
        1991, eqs. 6.2, 6.4), R ``sandwich::bwAndrews``. ``weights`` weight
        the score columns (0 for the constant, as sandwich); with
        ``prewhite`` the AR(1)s are fitted to the prewhitened scores.
        """
        g = as_scores(scores)
        if prewhite:
            g = prewhiten(g)[0]
        nobs, k = g.shape
        w = np.ones(k) if weights is None else np.asarray(weights, dtype=float)
        x = g - g.mean(axis=0)
        lead, lag = x[1:], x[:-1]
        lag_c = lag - lag.mean(axis=0)
        rho = (lag_c * (lead - lead.mean(axis=0))).sum(axis=0) / (lag_c**2).sum(
            axis=0
        )
        e = lead - lead.mean(axis=0) - rho * lag_c
        sig4 = ((e**2).sum(axis=0) / (nobs - 1)) ** 2
        denom = np.sum(w * sig4 / (1 - rho) ** 4)
        q = cls.order
        if q == 2:
            alpha = np.sum(w * 4 * rho**2 * sig4 / (1 - rho) ** 8) / denom
        else:
            alpha = (
                np.sum(w * 4 * rho**2 * sig4 / ((1 - rho) ** 6 * (1 + rho) ** 2))
                / denom
            )
        return float(cls.andrews_constant * (nobs * alpha) ** (1.0 / (2 * q + 1)))

    @classmethod
    def newey_west1994(
        cls,
        scores: Float64Array,
        *,
        weights: Float64Array | None = None,
        prewhite: bool = False,
    ) -> float:
        r"""Return the Newey-West (1994) nonparametric plug-in bandwidth.

        With :math:`h_t = w'g_t` (prewhitened when asked; n rows),
        :math:`\hat\sigma_j = n^{-1}\sum_t h_t h_{t+j}` for j = 0..m,
        :math:`m = \lfloor a (T/100)^{r} \rfloor` (a = 4, or 3 prewhitened),
        :math:`\hat s^{(0)} = \hat\sigma_0 + 2\sum_{j\ge1}\hat\sigma_j`,
        :math:`\hat s^{(q)} = 2\sum_{j\ge1} j^q\hat\sigma_j` and
        :math:`\hat b = c_k ((\hat s^{(q)}/\hat s^{(0)})^2)^{1/(2q+1)}
        T^{1/(2q+1)}` (eqs. 3.8-3.12), R ``sandwich::bwNeweyWest``.
        """
        g = as_scores(scores)
        nobs, k = g.shape
        w = np.ones(k) if weights is None else np.asarray(weights, dtype=float)
        m = int(math.floor((3.0 if prewhite else 4.0) * (nobs / 100.0) ** cls.nw_rate))
        if prewhite:
            g = prewhiten(g)[0]
        h = g @ w
        n = h.shape[0]
        sig = np.array([h[: n - j] @ h[j:] / n for j in range(m + 1)])
        j = np.arange(1, m + 1, dtype=float)
        s0 = sig[0] + 2.0 * sig[1:].sum()
        q = cls.order
        sq = 2.0 * np.sum(j**q * sig[1:])
        rate = 1.0 / (2 * q + 1)
        return float(cls.andrews_constant * ((sq / s0) ** 2) ** rate * nobs**rate)

    @classmethod
    def select(
        cls,
        scores: Float64Array,
        rule: str,
        *,
        weights: Float64Array | None = None,
        prewhite: bool = False,
    ) -> tuple[int, float | None]:
        r"""Return ``(L, b)`` chosen by ``rule``: the lag, the real bandwidth or None.

        ``"rule_of_thumb"``: :meth:`rule_of_thumb` of T (truncated kernels
        only), weights :math:`k(j/(L+1))`. ``"andrews1991"``: the real
        bandwidth of :meth:`andrews` (R ``kernHAC``). ``"newey_west1994"``:
        :meth:`newey_west1994`; for Bartlett the lag :math:`\lfloor\hat
        b\rfloor` (R ``NeweyWest(lag = NULL)``), otherwise the real bandwidth
        (``kernHAC(bw = bwNeweyWest)``). L counts the weights that are not
        trimmed.

        Raises
        ------
        ModelSpecificationError
            If the rule is unknown, or is the rule of thumb with a kernel that
            has no truncation lag.
        """
        if rule not in RULES:
            raise ModelSpecificationError(
                fmt(
                    "bandwidth_rule",
                    "one of {'rule_of_thumb', 'andrews1991', 'newey_west1994'}",
                    rule,
                )
            )
        nobs = np.asarray(scores).shape[0]
        n_used = nobs - 1 if prewhite else nobs
        if rule == "rule_of_thumb":
            if not cls.truncated:
                raise ModelSpecificationError(
                    fmt(
                        "bandwidth_rule",
                        "'andrews1991' or 'newey_west1994' with the "
                        f"{cls.name} kernel",
                        rule,
                        "Pass a real `kernel_bandwidth` or use kernel='bartlett'.",
                    )
                )
            return cls.rule_of_thumb(nobs), None
        if rule == "andrews1991":
            b = cls.andrews(scores, weights=weights, prewhite=prewhite)
        else:
            b = cls.newey_west1994(scores, weights=weights, prewhite=prewhite)
            if cls.name == "bartlett":
                return int(math.floor(b)), None
        return len(cls.bandwidth_weights(b, n_used)) - 1, b

    # ------------------------------------------------------------ estimate
    def resolve(
        self, scores: Float64Array, weights: Float64Array | None = None
    ) -> tuple[int, float | None]:
        """Return ``(L, b)`` for these scores: fixed lag or bandwidth, or the rule."""
        nobs = np.asarray(scores).shape[0] - (1 if self.prewhite else 0)
        if self.bandwidth is not None:
            return self.bandwidth, None
        if self.kernel_bandwidth is not None:
            b = self.kernel_bandwidth
            return len(self.bandwidth_weights(b, nobs)) - 1, b
        default = "rule_of_thumb" if self.truncated else "andrews1991"
        return self.select(
            scores,
            self.bandwidth_rule or default,
            weights=weights,
            prewhite=self.prewhite,
        )

    def long_run(
        self,
        scores: Float64Array,
        *,
        n_lags: int | None = None,
        kernel_bandwidth: float | None = None,
    ) -> Float64Array:
        r"""Return the kernel-weighted sum of autocovariances :math:`\hat S` (no 1/T).

        Parameters
        ----------
        scores : ndarray
            Shape ``(T, k)``, not demeaned.
        n_lags, kernel_bandwidth : optional
            The resolved lag or real bandwidth (:meth:`resolve`); default the
            instance's ``bandwidth`` / ``kernel_bandwidth`` (0 lags if neither).

        Returns
        -------
        ndarray
            Shape ``(k, k)``; with ``prewhite``, :math:`D \hat S_e D'`.
        """
        g = as_scores(scores)
        if n_lags is None and kernel_bandwidth is None:
            n_lags, kernel_bandwidth = self.bandwidth, self.kernel_bandwidth
        recolour = None
        if self.prewhite:
            g, recolour = prewhiten(g)
        if kernel_bandwidth is not None:
            w = self.bandwidth_weights(kernel_bandwidth, g.shape[0])
        else:
            w = self.lag_weights(n_lags or 0)
        meat = self.weighted_autocovariances(g, w)
        if recolour is not None:
            meat = recolour @ meat @ recolour.T
        return meat

    def cov(
        self,
        design: Float64Array,
        resid: Float64Array,
        *,
        weights: Float64Array | None = None,
    ) -> tuple[Float64Array, int, float | None]:
        r"""Return the HAC sandwich of OLS coefficients and the ``(L, b)`` it used.

        Parameters
        ----------
        design : ndarray
            Regressors X, shape ``(T, k)``.
        resid : ndarray
            OLS residuals, shape ``(T,)``.
        weights : ndarray, optional
            Score-column weights of the plug-in bandwidth rules.

        Returns
        -------
        tuple
            :math:`(X'X)^{-1}\hat S(X'X)^{-1}` (times T/(T-k) with ``adjust``),
            the truncation lag and the real bandwidth (None for lag weights).
        """
        x = np.asarray(design, dtype=float)
        u = np.asarray(resid, dtype=float).reshape(-1)
        lags, b = self.resolve(x * u[:, None], weights)
        return sandwich(x, u, self, n_lags=lags, kernel_bandwidth=b), lags, b


def sandwich(
    design: Float64Array,
    resid: Float64Array,
    kernel: KernelCovariance | None,
    *,
    n_lags: int | None = None,
    kernel_bandwidth: float | None = None,
    hc: str = "hc0",
) -> Float64Array:
    r"""Return :math:`(X'X)^{-1}\hat S(X'X)^{-1}`, the one sandwich of the package.

    Parameters
    ----------
    design, resid : ndarray
        X ``(T, k)`` and the residuals ``(T,)``.
    kernel : KernelCovariance or None
        HAC meat from ``kernel.long_run``; None: heteroskedasticity-robust
        meat :math:`\sum_t g_t g_t'`.
    n_lags, kernel_bandwidth : optional
        Passed to ``kernel.long_run``.
    hc : {"hc0", "hc1", "hc2", "hc3"}, default "hc0"
        ``"hc1"`` scales by T/(T-k) (also when ``kernel.adjust``); ``"hc2"``,
        ``"hc3"`` divide the residuals by :math:`(1 - h_{tt})^{1/2}`,
        :math:`1 - h_{tt}` (no kernel).

    Returns
    -------
    ndarray
        Symmetrised, shape ``(k, k)``.
    """
    x = np.asarray(design, dtype=float)
    u = np.asarray(resid, dtype=float).reshape(-1)
    nobs, k = x.shape
    bread = np.linalg.inv(x.T @ x)
    if hc in ("hc2", "hc3"):
        lev = np.einsum("ij,jk,ik->i", x, bread, x)
        u = u / (1.0 - lev) ** (0.5 if hc == "hc2" else 1.0)
    scores = x * u[:, None]
    if kernel is None:
        meat = scores.T @ scores
    else:
        meat = kernel.long_run(scores, n_lags=n_lags, kernel_bandwidth=kernel_bandwidth)
    cov = bread @ meat @ bread
    if hc == "hc1" or (kernel is not None and kernel.adjust):
        cov *= nobs / (nobs - k)
    return np.asarray(0.5 * (cov + cov.T))


class Bartlett(KernelCovariance):
    r"""Bartlett kernel :math:`k(x) = (1 - |x|)_+` (Newey and West 1987)."""

    name: ClassVar[Kernel] = "bartlett"
    andrews_constant: ClassVar[float] = 1.1447
    order: ClassVar[int] = 1
    nw_rate: ClassVar[float] = 2.0 / 9.0

    @staticmethod
    def weight(z: Float64Array) -> Float64Array:
        """Return :math:`(1 - z)_+`."""
        return np.asarray(np.clip(1.0 - z, 0.0, None), dtype=float)


class Parzen(KernelCovariance):
    r"""Parzen kernel: :math:`1 - 6x^2 + 6|x|^3` to 1/2, then :math:`2(1-|x|)^3`."""

    name: ClassVar[Kernel] = "parzen"
    andrews_constant: ClassVar[float] = 2.6614
    order: ClassVar[int] = 2
    nw_rate: ClassVar[float] = 4.0 / 25.0

    @staticmethod
    def weight(z: Float64Array) -> Float64Array:
        """Return the Parzen weight at ``z >= 0`` (0 beyond 1)."""
        inner = np.where(z <= 0.5, 1 - 6 * z**2 + 6 * z**3, 2 * (1 - z) ** 3)
        return np.asarray(np.where(z <= 1.0, inner, 0.0), dtype=float)


class QuadraticSpectral(KernelCovariance):
    r"""Quadratic-spectral kernel (Andrews 1991), no truncation.

    :math:`k(x) = \frac{25}{12\pi^2 x^2}\left(\frac{\sin(6\pi x/5)}{6\pi x/5}
    - \cos(6\pi x/5)\right)`, :math:`k(0) = 1`.
    """

    name: ClassVar[Kernel] = "quadratic-spectral"
    andrews_constant: ClassVar[float] = 1.3221
    order: ClassVar[int] = 2
    nw_rate: ClassVar[float] = 2.0 / 25.0
    truncated: ClassVar[bool] = False

    @staticmethod
    def weight(z: Float64Array) -> Float64Array:
        """Return the QS weight at ``z >= 0`` (Taylor series near 0)."""
        y = 6.0 * np.pi * z / 5.0
        small = y < 1e-2  # Taylor series avoids cancellation near 0
        ys = np.where(small, 1.0, y)
        qs = 3.0 / ys**2 * (np.sin(ys) / ys - np.cos(ys))
        return np.asarray(np.where(small, 1.0 - y**2 / 10.0 + y**4 / 280.0, qs))


KERNELS: dict[str, type[KernelCovariance]] = {
    cls.name: cls for cls in (Bartlett, Parzen, QuadraticSpectral)
}


def kernel_class(kernel: str) -> type[KernelCovariance]:
    """Return the kernel class of a name (``"bartlett"``, ``"parzen"``, ...).

    Raises
    ------
    ModelSpecificationError
        If the name is unknown.
    """
    try:
        return KERNELS[kernel]
    except (KeyError, TypeError):
        raise ModelSpecificationError(
            fmt("kernel", f"one of {set(KERNELS)}", kernel)
        ) from None

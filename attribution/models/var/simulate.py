"""Simulate data from a known structural VAR (ground truth for tests and benchmarks)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from attribution._typing import ArrayLike, Float64Array, SeedLike
from attribution._validation import as_generator, as_int
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.models.var import _arrays


@dataclass(frozen=True)
class SimulatedSVAR:
    r"""Draw from :func:`simulate_svar` with its true parameters.

    Attributes
    ----------
    data : DataFrame
        Simulated :math:`y_t`, weekly ``DatetimeIndex``.
    shocks : DataFrame
        True structural shocks :math:`\varepsilon_t`, same index, columns
        ``shock_names``.
    lag_coefs : ndarray, shape (p, n, n)
        True :math:`A_1..A_p`.
    impact : ndarray, shape (n, n)
        True B.
    intercept : ndarray, shape (n,)
        True constant :math:`\nu`.
    """

    data: pd.DataFrame
    shocks: pd.DataFrame
    lag_coefs: Float64Array
    impact: Float64Array
    intercept: Float64Array

    @property
    def sigma_u(self) -> Float64Array:
        """True reduced-form covariance :math:`BB'`."""
        return self.impact @ self.impact.T


def simulate_svar(
    lag_coefs: ArrayLike,
    impact: ArrayLike,
    nobs: int,
    *,
    intercept: ArrayLike | None = None,
    names: Sequence[str] | None = None,
    shock_names: Sequence[str] | None = None,
    burn: int = 200,
    heteroskedastic: bool = False,
    start: str = "2010-01-01",
    freq: str = "W-FRI",
    seed: SeedLike = None,
) -> SimulatedSVAR:
    r"""Simulate :math:`y_t = \nu + \sum_i A_i y_{t-i} + B\varepsilon_t`.

    Parameters
    ----------
    lag_coefs : array_like, shape (p, n, n)
        Lag matrices :math:`A_1..A_p`.
    impact : array_like, shape (n, n)
        Impact matrix B (invertible).
    nobs : int
        Rows returned.
    intercept : array_like, shape (n,), optional
        Constant :math:`\nu` (default zero).
    names, shock_names : sequence of str, optional
        Variable and shock names (default ``y0..``, ``e0..``).
    burn : int, default 200
        Rows simulated from zero initial values and discarded.
    heteroskedastic : bool, default False
        If True, :math:`\varepsilon_{jt} = \sigma_t z_{jt}` with a
        deterministic variance cycle :math:`\sigma_t^2 = 1 + 0.8\sin(2\pi t/52)`
        (still unit variance on average) to exercise the wild bootstrap.
    start, freq : str
        Index of the returned frames.
    seed : int, Generator or None
        Seed, normalised by :func:`attribution._validation.as_generator`.

    Returns
    -------
    SimulatedSVAR

    Notes
    -----
    Shocks are standard normal, independent over time and across shocks, so
    :math:`\Sigma_u = BB'`. The first p returned rows are preceded by the
    burn-in, so they are draws from (close to) the stationary distribution.
    """
    coefs = np.asarray(lag_coefs, dtype=float)
    b = np.asarray(impact, dtype=float)
    if coefs.ndim != 3 or coefs.shape[1] != coefs.shape[2]:
        raise ModelSpecificationError(
            fmt("lag_coefs", "of shape (p, n, n)", coefs.shape)
        )
    n_lags, n = coefs.shape[0], coefs.shape[1]
    if b.shape != (n, n):
        raise ModelSpecificationError(fmt("impact", f"of shape ({n}, {n})", b.shape))
    nobs = as_int(nobs, "nobs", low=n_lags + 1)
    burn = as_int(burn, "burn", low=0)
    nu = np.zeros(n) if intercept is None else np.asarray(intercept, dtype=float)
    rng = as_generator(seed)
    total = nobs + burn
    eps = rng.standard_normal((total, n))
    if heteroskedastic:
        scale = np.sqrt(1.0 + 0.8 * np.sin(2 * np.pi * np.arange(total) / 52.0))
        eps = eps * scale[:, None]
    y = np.zeros((total + n_lags, n))
    shocks_u = eps @ b.T
    for t in range(total):
        acc = nu + shocks_u[t]
        for i in range(n_lags):
            acc = acc + coefs[i] @ y[n_lags + t - 1 - i]
        y[n_lags + t] = acc
    idx = pd.date_range(start, periods=nobs, freq=freq)
    names = [f"y{i}" for i in range(n)] if names is None else [str(x) for x in names]
    shock_names = (
        [f"e{i}" for i in range(n)] if shock_names is None else list(shock_names)
    )
    return SimulatedSVAR(
        data=pd.DataFrame(y[n_lags + burn :], index=idx, columns=names),
        shocks=pd.DataFrame(eps[burn:], index=idx, columns=shock_names),
        lag_coefs=coefs,
        impact=b,
        intercept=nu,
    )


def stable_lag_coefs(
    n: int, n_lags: int, *, radius: float = 0.9, seed: SeedLike = None
) -> Float64Array:
    """Random lag matrices whose companion spectral radius equals ``radius``.

    Used by benchmarks and Monte Carlo tests to build realistic DGPs.
    """
    rng = as_generator(seed)
    coefs = rng.standard_normal((n_lags, n, n)) / (n * n_lags)
    for i in range(n_lags):
        coefs[i] *= 0.6**i
    rho = np.max(np.abs(np.linalg.eigvals(_arrays.companion(coefs))))
    # scaling A_i by c**i scales every companion root by c
    c = radius / rho
    return np.stack([coefs[i] * c ** (i + 1) for i in range(n_lags)])

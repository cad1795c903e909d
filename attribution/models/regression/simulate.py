"""Simulations with known ground truth, for tests and Monte Carlo checks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from attribution._typing import SeedLike
from attribution._validation import as_generator


@dataclass(frozen=True)
class SimulatedIV:
    """Data and truth of :func:`simulate_iv`."""

    endog: pd.Series
    endogenous: pd.DataFrame
    instruments: pd.DataFrame
    beta: float
    ols_plim: float


def _ar1(rng: np.random.Generator, nobs: int, k: int, phi: float) -> np.ndarray:
    """Stationary Gaussian AR(1) columns with unit innovation variance."""
    e = rng.standard_normal((nobs, k))
    out = np.empty_like(e)
    out[0] = e[0] / np.sqrt(1.0 - phi**2)
    for t in range(1, nobs):
        out[t] = phi * out[t - 1] + e[t]
    return out


def simulate_iv(
    nobs: int = 500,
    *,
    beta: float = 1.0,
    strength: float = 1.0,
    rho: float = 0.6,
    seed: SeedLike = None,
) -> SimulatedIV:
    r"""Simulate a just-identified IV model with endogeneity.

    Parameters
    ----------
    nobs : int, default 500
        Sample size T (weekly dates from 2000-01-05).
    beta : float, default 1.0
        True coefficient on the endogenous regressor.
    strength : float, default 1.0
        First-stage coefficient :math:`\pi`.
    rho : float, default 0.6
        Correlation of the structural and first-stage errors.
    seed : int, Generator or None
        Seed, normalised by :func:`~attribution._validation.as_generator`.

    Returns
    -------
    SimulatedIV
        With ``ols_plim`` the probability limit of OLS.

    Notes
    -----
    :math:`z_t, v_t, e_t` iid N(0, 1); :math:`x_t = \pi z_t + v_t`;
    :math:`u_t = \rho v_t + \sqrt{1-\rho^2} e_t`; :math:`y_t = 0.5 + \beta x_t + u_t`.
    So :math:`\text{plim}\,\hat\beta_{OLS} = \beta + \rho/(\pi^2 + 1)`, while
    2SLS is consistent.
    """
    rng = as_generator(seed)
    z, v, e = rng.standard_normal((3, nobs))
    x = strength * z + v
    u = rho * v + np.sqrt(1.0 - rho**2) * e
    y = 0.5 + beta * x + u
    idx = pd.date_range("2000-01-05", periods=nobs, freq="W-WED", name="date")
    return SimulatedIV(
        endog=pd.Series(y, index=idx, name="yield_change"),
        endogenous=pd.DataFrame({"official_flows": x}, index=idx),
        instruments=pd.DataFrame({"fx_pressure": z}, index=idx),
        beta=beta,
        ols_plim=beta + rho / (strength**2 + 1.0),
    )


def simulate_regression(
    nobs: int = 300,
    *,
    beta: tuple[float, ...] = (0.5, 1.0, -0.5),
    phi_x: float = 0.5,
    phi_u: float = 0.5,
    seed: SeedLike = None,
) -> tuple[pd.Series, pd.DataFrame]:
    r"""Simulate :math:`y_t = \beta_0 + \sum_j \beta_j x_{jt} + u_t` with AR(1) x and u.

    Parameters
    ----------
    nobs : int, default 300
        Sample size (weekly dates from 2000-01-05).
    beta : tuple of float, default (0.5, 1.0, -0.5)
        Intercept then slopes; regressors are named ``x1, x2, ...``.
    phi_x, phi_u : float, default 0.5
        AR(1) coefficients of the (independent) regressors and of the error;
        all innovations are N(0, 1).
    seed : int, Generator or None
        Seed, normalised by :func:`~attribution._validation.as_generator`.

    Returns
    -------
    (Series, DataFrame)
        ``y`` and the regressors (without constant).
    """
    rng = as_generator(seed)
    k = len(beta) - 1
    x = _ar1(rng, nobs, k, phi_x)
    u = _ar1(rng, nobs, 1, phi_u)[:, 0]
    idx = pd.date_range("2000-01-05", periods=nobs, freq="W-WED", name="date")
    exog = pd.DataFrame(x, index=idx, columns=[f"x{j + 1}" for j in range(k)])
    y = pd.Series(beta[0] + x @ np.asarray(beta[1:]) + u, index=idx, name="y")
    return y, exog

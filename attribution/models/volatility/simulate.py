"""Simulate GARCH(1,1) and GJR-GARCH(1,1,1) paths with known parameters."""

from __future__ import annotations

import numpy as np
import pandas as pd

from attribution._typing import SeedLike
from attribution._validation import as_float, as_generator, as_int
from attribution.exceptions import ModelSpecificationError, fmt


def simulate_garch(
    nobs: int,
    *,
    omega: float,
    alpha: float,
    beta: float,
    gamma: float = 0.0,
    mu: float = 0.0,
    nu: float | None = None,
    burn: int = 500,
    start: str = "2000-01-03",
    seed: SeedLike = None,
) -> pd.Series:
    r"""Simulate :math:`y_t = \mu + \sigma_t z_t` with GJR-GARCH(1,1,1) variance.

    Parameters
    ----------
    nobs : int
        Observations returned (after ``burn``).
    omega, alpha, beta : float
        Variance intercept, ARCH and GARCH coefficients.
    gamma : float, default 0
        Asymmetry (GJR) coefficient on
        :math:`\varepsilon^2_{t-1}1[\varepsilon_{t-1}<0]`; 0 gives GARCH(1,1).
    mu : float, default 0
        Mean.
    nu : float, optional
        Degrees of freedom (> 2) of unit-variance Student-t innovations;
        None gives standard normal innovations.
    burn : int, default 500
        Discarded start-up draws; the recursion starts at the unconditional
        variance :math:`\omega/(1-\alpha-\gamma/2-\beta)`.
    start : str, default "2000-01-03"
        First business day of the returned index.
    seed : int, Generator or None
        Randomness (never the global state).

    Returns
    -------
    Series
        ``y`` on a business-day DatetimeIndex, named ``"y"``.

    Raises
    ------
    ModelSpecificationError
        If the process is not covariance stationary or ``nu <= 2``.
    """
    nobs = as_int(nobs, "nobs", low=1)
    burn = as_int(burn, "burn", low=0)
    omega = as_float(omega, "omega", low=1e-12)
    persistence = alpha + 0.5 * gamma + beta
    if min(alpha, beta, alpha + gamma) < 0 or persistence >= 1:
        raise ModelSpecificationError(
            fmt(
                "alpha, gamma, beta",
                "non-negative with alpha + gamma/2 + beta < 1",
                (alpha, gamma, beta),
            )
        )
    rng = as_generator(seed)
    n = nobs + burn
    if nu is None:
        z = rng.standard_normal(n)
    else:
        nu = as_float(nu, "nu", low=2.0 + 1e-9)
        z = rng.standard_t(nu, n) * np.sqrt((nu - 2.0) / nu)
    eps = np.empty(n)
    s2 = omega / (1.0 - persistence)
    prev_e = 0.0
    for t in range(n):
        if t > 0:
            s2 = omega + (alpha + gamma * (prev_e < 0)) * prev_e**2 + beta * s2
        prev_e = np.sqrt(s2) * z[t]
        eps[t] = prev_e
    index = pd.bdate_range(start, periods=nobs, name="date")
    return pd.Series(mu + eps[burn:], index=index, name="y")

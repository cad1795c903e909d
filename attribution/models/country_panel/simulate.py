"""Simulate a country panel with fixed effects and common (cross-country) errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from attribution._typing import SeedLike
from attribution._validation import as_float, as_generator, as_int


@dataclass(frozen=True)
class SimulatedPanel:
    """Simulated data with its ground truth.

    Attributes
    ----------
    endog : Series
        ``y`` on a ``(country, date)`` MultiIndex.
    exog : DataFrame
        Regressors ``x1..xk`` on the same index.
    beta : Series
        True slopes.
    effects : Series
        True country effects :math:`a_i`.
    """

    endog: pd.Series
    exog: pd.DataFrame
    beta: pd.Series
    effects: pd.Series


def _ar1(rng: np.random.Generator, n: int, rho: float, scale: float) -> np.ndarray:
    out = np.empty(n)
    out[0] = rng.standard_normal() * scale / np.sqrt(1 - rho**2)
    for t in range(1, n):
        out[t] = rho * out[t - 1] + scale * rng.standard_normal()
    return out


def simulate_country_panel(
    n_countries: int,
    n_periods: int,
    *,
    beta: Sequence[float],
    fe_scale: float = 2.0,
    fe_corr: float = 1.0,
    common_scale: float = 1.0,
    rho: float = 0.5,
    sigma: float = 1.0,
    start: str = "2010-01-31",
    seed: SeedLike = None,
) -> SimulatedPanel:
    r"""Simulate :math:`y_{it} = a_i + x_{it}'\beta + g_t + e_{it}`.

    Parameters
    ----------
    n_countries, n_periods : int
        Panel dimensions (balanced, month-end dates from ``start``).
    beta : sequence of float
        True slopes, one per regressor.
    fe_scale : float, default 2.0
        Standard deviation of the country effects :math:`a_i`.
    fe_corr : float, default 1.0
        Loading of every regressor on :math:`a_i` (``x`` correlated with the
        effects, so pooled OLS is biased and the within estimator is not).
    common_scale : float, default 1.0
        Scale of the AR(1) common factors: one in the regressors
        (:math:`f_t`) and one in the errors (:math:`g_t`), which make the
        errors cross-sectionally and serially correlated.
    rho : float, default 0.5
        AR(1) coefficient of the common factors.
    sigma : float, default 1.0
        Standard deviation of the idiosyncratic error :math:`e_{it}`.
    start : str, default "2010-01-31"
        First month end.
    seed : int, Generator or None
        Randomness (never the global state).

    Returns
    -------
    SimulatedPanel
    """
    n = as_int(n_countries, "n_countries", low=2)
    t = as_int(n_periods, "n_periods", low=5)
    rho = as_float(rho, "rho", low=0.0, high=0.99)
    rng = as_generator(seed)
    b = np.asarray(beta, dtype=float)
    k = b.size
    effects = fe_scale * rng.standard_normal(n)
    g = _ar1(rng, t, rho, common_scale)
    f = np.column_stack([_ar1(rng, t, rho, common_scale) for _ in range(k)])
    x = (
        fe_corr * effects[:, None, None]
        + f[None, :, :]
        + rng.standard_normal((n, t, k))
    )
    y = effects[:, None] + x @ b + g[None, :] + sigma * rng.standard_normal((n, t))
    countries = [f"c{i:02d}" for i in range(n)]
    dates = pd.date_range(start, periods=t, freq="ME")
    index = pd.MultiIndex.from_product([countries, dates], names=["country", "date"])
    names = [f"x{j + 1}" for j in range(k)]
    return SimulatedPanel(
        endog=pd.Series(y.reshape(-1), index=index, name="y"),
        exog=pd.DataFrame(x.reshape(n * t, k), index=index, columns=names),
        beta=pd.Series(b, index=names, name="beta"),
        effects=pd.Series(
            effects, index=pd.Index(countries, name="country"), name="effects"
        ),
    )

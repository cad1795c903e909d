"""Simulations with known impulse responses, for tests of local projections."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from attribution._typing import SeedLike
from attribution._validation import as_generator


def _weekly(nobs: int) -> pd.DatetimeIndex:
    return pd.date_range("2000-01-05", periods=nobs, freq="W-WED", name="date")


def simulate_ar1(
    nobs: int = 1000, *, phi: float = 0.7, seed: SeedLike = None
) -> pd.DataFrame:
    r"""Simulate :math:`y_t = \phi y_{t-1} + e_t`, :math:`e_t` iid N(0, 1).

    Parameters
    ----------
    nobs : int, default 1000
        Sample size (weekly dates from 2000-01-05); 200 burn-in draws are discarded.
    phi : float, default 0.7
        AR coefficient; the impulse response to a unit innovation is :math:`\phi^h`.
    seed : int, Generator or None
        Seed, normalised by :func:`~attribution._validation.as_generator`.

    Returns
    -------
    DataFrame
        One column ``y``.
    """
    rng = as_generator(seed)
    e = rng.standard_normal(nobs + 200)
    y = np.zeros_like(e)
    for t in range(1, e.shape[0]):
        y[t] = phi * y[t - 1] + e[t]
    return pd.DataFrame({"y": y[200:]}, index=_weekly(nobs))


@dataclass(frozen=True)
class SimulatedLPIV:
    """Data and truth of :func:`simulate_lp_iv`."""

    data: pd.DataFrame
    instrument: pd.Series
    irf: pd.Series


def simulate_lp_iv(
    nobs: int = 2000,
    *,
    decay: float = 0.8,
    confounding: float = 1.0,
    horizon: int = 8,
    seed: SeedLike = None,
) -> SimulatedLPIV:
    r"""Simulate a response to a structural shock observed only with a confounder.

    Parameters
    ----------
    nobs : int, default 2000
        Sample size (weekly dates from 2000-01-05).
    decay : float, default 0.8
        True response of ``y`` at horizon h to a unit shock: :math:`\theta_h = decay^h`.
    confounding : float, default 1.0
        Loading :math:`\gamma` of ``y`` on the confounder.
    horizon : int, default 8
        Largest horizon of the returned truth.
    seed : int, Generator or None
        Seed, normalised by :func:`~attribution._validation.as_generator`.

    Returns
    -------
    SimulatedLPIV
        ``data`` with columns ``flows`` (:math:`x_t = e_t + c_t`) and ``y``;
        ``instrument`` :math:`z_t = e_t + \eta_t`; ``irf`` the truth
        :math:`\theta_h` indexed by horizon.

    Notes
    -----
    :math:`e_t, c_t, \eta_t, \nu_t` iid N(0, 1);
    :math:`y_t = \sum_{s \ge 0} \theta_s e_{t-s} + \gamma c_t + \nu_t`.
    A unit move of ``flows`` caused by :math:`e_t` moves ``y`` by :math:`\theta_h`
    after h periods: LP-IV recovers it, LP-OLS at h = 0 is biased towards
    :math:`(\theta_0 + \gamma)/2`.
    """
    rng = as_generator(seed)
    burn = 200
    e, c, eta, nu = rng.standard_normal((4, nobs + burn))
    theta = decay ** np.arange(nobs + burn)
    y = np.convolve(e, theta)[: nobs + burn] + confounding * c + nu
    idx = _weekly(nobs)
    data = pd.DataFrame({"flows": (e + c)[burn:], "y": y[burn:]}, index=idx)
    irf = pd.Series(
        decay ** np.arange(horizon + 1),
        index=pd.RangeIndex(horizon + 1, name="horizon"),
        name="irf",
    )
    return SimulatedLPIV(
        data=data, instrument=pd.Series((e + eta)[burn:], index=idx, name="z"), irf=irf
    )


def simulate_var(
    nobs: int,
    coefs: np.ndarray,
    impact: np.ndarray,
    *,
    names: list[str] | None = None,
    seed: SeedLike = None,
) -> pd.DataFrame:
    r"""Simulate a VAR :math:`y_t = \sum_l A_l y_{t-l} + B \varepsilon_t`.

    The structural shocks :math:`\varepsilon_t` are iid N(0, I).

    Parameters
    ----------
    nobs : int
        Sample size (weekly dates from 2000-01-05); 200 burn-in draws are discarded.
    coefs : ndarray
        Lag matrices :math:`A_1, \dots, A_p`, shape ``(p, n, n)``.
    impact : ndarray
        Impact matrix :math:`B`, shape ``(n, n)``; lower triangular gives a
        recursive structure.
    names : list of str, optional
        Column names (default ``y1, y2, ...``).
    seed : int, Generator or None
        Seed, normalised by :func:`~attribution._validation.as_generator`.

    Returns
    -------
    DataFrame
    """
    rng = as_generator(seed)
    a = np.asarray(coefs, dtype=float)
    p, n, _ = a.shape
    eps = rng.standard_normal((nobs + 200, n)) @ np.asarray(impact, dtype=float).T
    y = np.zeros_like(eps)
    for t in range(p, y.shape[0]):
        y[t] = eps[t] + sum(a[j] @ y[t - j - 1] for j in range(p))
    cols = names or [f"y{i + 1}" for i in range(n)]
    return pd.DataFrame(y[200:], index=_weekly(nobs), columns=cols)

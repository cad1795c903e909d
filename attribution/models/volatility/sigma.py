r"""A move's size in conditional sigmas, and the volatility regime of a window.

Scaling convention for multi-day moves
--------------------------------------
An ``h``-day move :math:`\Delta_h = \sum_{j=1}^{h} y_{t_0+j}` from the close
of day :math:`t_0` (the *origin*, the last close before the move) is sized
against

.. math:: \sigma_{t_0}(h) = \Big(\sum_{j=1}^{h} E_{t_0}[\sigma^2_{t_0+j}]\Big)^{1/2},

the conditional standard deviation of the sum when the innovations are
serially uncorrelated, using the model's term structure of variance
forecasts made with information through :math:`t_0` only. Then

.. math:: k = (\Delta_h - h\hat\mu) / \sigma_{t_0}(h).

The naive square-root-of-time scaling :math:`\sqrt h\,\sigma_{t_0+1}` is
reported beside it; the two agree for :math:`h = 1` and differ when
volatility is expected to revert (GARCH forecasts move geometrically at
rate :math:`\alpha+\beta` towards :math:`\omega/(1-\alpha-\beta)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from attribution._typing import SeedLike
from attribution._validation import as_generator, position
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.models.volatility.results import VolatilityResults


@dataclass(frozen=True)
class MoveSize:
    r"""An ``h``-day move stated in conditional sigmas (module notes).

    Attributes
    ----------
    series : str
        Name of the series (e.g. ``"DGS30"``).
    origin, end : Timestamp
        Last close before the move and last day of the move.
    horizon : int
        Number of observations h in the move.
    move : float
        :math:`\Delta_h`, in the series' units.
    expected : float
        :math:`h\hat\mu`.
    sigma_1 : float
        One-day-ahead :math:`\sigma_{t_0+1}`.
    sigma_h : float
        :math:`\sigma_{t_0}(h)` from the forecast term structure.
    k_sigma : float
        :math:`(\Delta_h - h\hat\mu)/\sigma_{t_0}(h)`.
    k_sigma_sqrt_h : float
        Same with :math:`\sqrt h\,\sigma_{t_0+1}`.
    variance_path : Series
        :math:`E_{t_0}[\sigma^2_{t_0+j}]`, indexed by ``horizon`` j = 1..h.
    """

    series: str
    origin: pd.Timestamp
    end: pd.Timestamp
    horizon: int
    move: float
    expected: float
    sigma_1: float
    sigma_h: float
    k_sigma: float
    k_sigma_sqrt_h: float
    variance_path: pd.Series

    def statement(self, units: str = "bp") -> str:
        """One sentence: 'the 3-day DGS30 rise of 25.1 bp was 2.4 sigma ...'."""
        word = "rise" if self.move >= 0 else "fall"
        h, o = self.horizon, self.origin.date()
        return (
            f"The {h}-day {self.series} {word} of {abs(self.move):.1f} {units} "
            f"({o} close to {self.end.date()}) was {self.k_sigma:.1f} "
            f"conditional sigma (sigma over {h} days = {self.sigma_h:.1f} {units}, "
            f"the square root of the summed 1..{h}-day variance forecasts made "
            f"at the {o} close; sqrt(h) x one-day sigma "
            f"{self.sigma_1:.1f} gives {self.k_sigma_sqrt_h:.1f})."
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain fields for tables and manifests."""
        return {
            "series": self.series,
            "origin": str(self.origin.date()),
            "end": str(self.end.date()),
            "horizon": self.horizon,
            "move": self.move,
            "expected": self.expected,
            "sigma_1": self.sigma_1,
            "sigma_h": self.sigma_h,
            "k_sigma": self.k_sigma,
            "k_sigma_sqrt_h": self.k_sigma_sqrt_h,
        }


def variance_forecast(
    results: VolatilityResults,
    origin: pd.Timestamp,
    horizon: int,
    *,
    simulations: int = 2000,
    seed: SeedLike = None,
) -> pd.Series:
    r"""Return :math:`E_{t_0}[\sigma^2_{t_0+j}]`, j = 1..horizon, from ``origin``.

    GARCH and GJR are analytic. EGARCH beyond one day is simulated
    (``simulations`` paths, seeded), since its multi-step forecast has no
    closed form.
    """
    res = results.arch_result
    model = res.model
    pos = position(results.model.endog.index, origin, "endog")
    n_mean, n_vol = int(model.num_params), int(model.volatility.num_params)
    vol_params = res.params.to_numpy()[n_mean : n_mean + n_vol]
    resid = np.asarray(res.resid, dtype=float)[: pos + 1]
    method = (
        "simulation" if results.model.kind == "egarch" and horizon > 1 else "analytic"
    )
    extra: dict[str, Any] = {}
    if method == "simulation":
        extra = {"simulations": simulations, "rng": _innovations(results, seed)}
    # the volatility process's own forecast on residuals through the origin only
    fc = model.volatility.forecast(
        vol_params,
        resid,
        results.backcast,
        model.volatility.variance_bounds(resid),
        start=pos,
        horizon=horizon,
        method=method,
        **extra,
    )
    row = np.asarray(fc.forecasts, dtype=float)[-1]
    return pd.Series(
        row, index=pd.RangeIndex(1, horizon + 1, name="horizon"), name="variance"
    )


def _innovations(results: VolatilityResults, seed: SeedLike) -> Any:
    """Unit-variance innovation draws of the model's law from a seeded Generator."""
    gen = as_generator(seed)
    if results.model.dist == "t":
        nu = float(results.params["nu"])
        scale = float(np.sqrt((nu - 2.0) / nu))
        return lambda size: gen.standard_t(nu, size) * scale
    return lambda size: gen.standard_normal(size)


def move_in_sigmas(
    results: VolatilityResults,
    *,
    origin: Any,
    end: Any,
    seed: SeedLike = None,
) -> MoveSize:
    """Size the move from the ``origin`` close to the ``end`` close in sigmas.

    Parameters
    ----------
    results : VolatilityResults
        A model fitted on daily changes that include the move's days (only
        the data through ``origin`` enter the sigma).
    origin : date-like
        The last close before the move (on the model's index).
    end : date-like
        The last day of the move (on the model's index, after ``origin``).
    seed : int, Generator or None
        Only for EGARCH multi-day forecasts (simulated).

    Returns
    -------
    MoveSize

    Raises
    ------
    ModelSpecificationError
        If ``origin`` or ``end`` is not on the index, or ``end <= origin``.
    """
    y = results.model.endog
    idx = y.index
    pos = {}
    for name, value in (("origin", origin), ("end", end)):
        ts = pd.Timestamp(value)
        if ts not in idx:
            raise ModelSpecificationError(
                fmt(
                    name,
                    "a date of the model's index",
                    value,
                    "Use a trading day of the series.",
                )
            )
        pos[name] = position(idx, ts, "endog")
    horizon = pos["end"] - pos["origin"]
    if horizon < 1:
        raise ModelSpecificationError(fmt("end", "after origin", end))
    path = variance_forecast(results, idx[pos["origin"]], horizon, seed=seed)
    move = float(y.iloc[pos["origin"] + 1 : pos["end"] + 1].sum())
    mu = float(results.params.get("mu", 0.0))
    sigma_h = float(np.sqrt(path.sum()))
    sigma_1 = float(np.sqrt(path.iloc[0]))
    return MoveSize(
        series=str(y.name),
        origin=idx[pos["origin"]],
        end=idx[pos["end"]],
        horizon=horizon,
        move=move,
        expected=horizon * mu,
        sigma_1=sigma_1,
        sigma_h=sigma_h,
        k_sigma=(move - horizon * mu) / sigma_h,
        k_sigma_sqrt_h=(move - horizon * mu) / (np.sqrt(horizon) * sigma_1),
        variance_path=path,
    )


def volatility_regime(results: VolatilityResults, start: Any, end: Any) -> pd.DataFrame:
    """Conditional sigma on each day of ``[start, end]`` and its sample percentile.

    Returns
    -------
    DataFrame
        Columns ``sigma`` (series units) and ``percentile`` (0-100, share of
        the fitted sample's sigmas at or below it), indexed by date.
    """
    sigma = results.conditional_volatility
    window = sigma.loc[pd.Timestamp(start) : pd.Timestamp(end)]
    ranked = np.sort(sigma.to_numpy())
    pct = 100.0 * np.searchsorted(ranked, window.to_numpy(), side="right") / ranked.size
    return pd.DataFrame({"sigma": window, "percentile": pct}, index=window.index)

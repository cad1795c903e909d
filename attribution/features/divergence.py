r"""FX-differential divergence: the FX move that the rate differential does not explain.

For each region, over a pre-window sample, regress the FX return (positive =
foreign currency up, %) on the change in the US-minus-foreign 10y
differential (bp) by OLS:

.. math:: r_t = a + b \, \Delta d_t + e_t .

In the window :math:`W` (``n`` periods) the divergence is the cumulative
out-of-sample residual

.. math:: D = \sum_{t \in W} (r_t - \hat a - \hat b \, \Delta d_t),

with variance :math:`n \hat\sigma^2 + x' \widehat{\mathrm{Cov}}(\hat a, \hat b) x`,
:math:`x = (n, \sum_W \Delta d_t)`, under homoskedastic, serially
uncorrelated errors (a band, not a test). Normally :math:`b < 0`: a wider
differential strengthens the dollar. A currency that *strengthens* while the
differential moves against it gives :math:`D > 0`: the signature of selling
dollar assets and repatriating.

Identifying assumption: the sample relation between FX and the differential
holds in the window unless something else (flows) moves the currency.
Timing: daily closes (US: H.15 noon-NY CMT; FX: H.10 noon buying rates;
foreign yields at their local close) or calendar-month averages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from attribution._typing import SeedLike
from attribution._validation import as_float, as_generator, as_int
from attribution.domain.series import US_10Y
from attribution.exceptions import EmptySampleError, fmt
from attribution.features.fx import (
    REGIONS,
    differential_frequency,
    foreign_value_of_usd,
    rate_differentials_monthly,
)
from attribution.features.monthly import monthly_mean
from attribution.features.registry import register
from attribution.panel import Panel

ESTIMATOR = "OLS of FX return on the change in the differential, with a constant"


@dataclass(frozen=True)
class DivergenceResult:
    """One region's divergence in one window.

    Attributes
    ----------
    region, frequency : str
        Region and the data frequency used (``daily`` or ``monthly``).
    sample_start, sample_end : Timestamp
        Estimation sample (period end dates).
    nobs : int
        Sample size.
    params, std_err : Series
        ``const`` (%) and ``beta`` (% per bp).
    resid_std : float
        Residual standard deviation (%).
    window_start, window_end : Timestamp
        First and last period of the window.
    n_window : int
        Periods in the window.
    fx_move, diff_change, explained, divergence : float
        Cumulative FX move (%), differential change (bp), the part explained
        by the sample relation (%), and the divergence (%).
    lower, upper : float
        Band for the divergence at ``level``.
    level : float
        Coverage of the band.
    """

    region: str
    frequency: str
    sample_start: pd.Timestamp
    sample_end: pd.Timestamp
    nobs: int
    params: pd.Series
    std_err: pd.Series
    resid_std: float
    window_start: pd.Timestamp
    window_end: pd.Timestamp
    n_window: int
    fx_move: float
    diff_change: float
    explained: float
    divergence: float
    lower: float
    upper: float
    level: float

    @property
    def repatriation_signature(self) -> bool:
        """Whether the currency rose as the differential moved against it (band > 0)."""
        return self.fx_move > 0 and self.diff_change > 0 and self.lower > 0

    def summary(self) -> str:
        """Return a short text summary: sample, estimator, beta and the divergence."""
        return (
            f"{self.region}: {ESTIMATOR} ({self.frequency}), sample "
            f"{self.sample_start:%Y-%m-%d}..{self.sample_end:%Y-%m-%d}, "
            f"nobs {self.nobs}; beta {self.params['beta']:+.4f} % per bp "
            f"(s.e. {self.std_err['beta']:.4f}). Window "
            f"{self.window_start:%Y-%m-%d}..{self.window_end:%Y-%m-%d} "
            f"({self.n_window} periods): FX {self.fx_move:+.2f}%, differential "
            f"{self.diff_change:+.1f} bp, explained {self.explained:+.2f}%, divergence "
            f"{self.divergence:+.2f}% [{self.lower:+.2f}, {self.upper:+.2f}] "
            f"at {self.level:.0%}."
        )

    def to_frame(self) -> pd.DataFrame:
        """One labelled row (index = region)."""
        row = {
            "frequency": self.frequency,
            "sample_start": self.sample_start.date(),
            "sample_end": self.sample_end.date(),
            "nobs": self.nobs,
            "beta_pct_per_bp": float(self.params["beta"]),
            "beta_se": float(self.std_err["beta"]),
            "window_start": self.window_start.date(),
            "window_end": self.window_end.date(),
            "n_window": self.n_window,
            "fx_move_pct": self.fx_move,
            "diff_change_bp": self.diff_change,
            "explained_pct": self.explained,
            "divergence_pct": self.divergence,
            "lower_pct": self.lower,
            "upper_pct": self.upper,
            "repatriation_signature": self.repatriation_signature,
        }
        return pd.DataFrame([row], index=pd.Index([self.region], name="region"))


def estimate_divergence(
    data: pd.DataFrame,
    *,
    sample: tuple[pd.Timestamp, pd.Timestamp],
    window: tuple[pd.Timestamp, pd.Timestamp],
    region: str = "region",
    frequency: str = "daily",
    level: float = 0.90,
    min_obs: int = 20,
) -> DivergenceResult:
    """Estimate the divergence from a frame of ``fx`` returns and ``d_diff`` changes.

    Parameters
    ----------
    data : DataFrame
        Columns ``fx`` (%, + = foreign currency up) and ``d_diff`` (bp), by date.
    sample, window : (Timestamp, Timestamp)
        Inclusive date ranges of the estimation sample and of the window.
    region, frequency : str
        Labels carried into the result.
    level : float, default 0.90
        Band coverage (normal quantiles).
    min_obs : int, default 20
        Fewest sample periods accepted.

    Returns
    -------
    DivergenceResult

    Raises
    ------
    EmptySampleError
        If the sample has fewer than ``min_obs`` complete rows or the window none.
    """
    level = as_float(level, "level", low=0.5, high=0.999)
    clean = data[["fx", "d_diff"]].dropna()
    est = clean.loc[sample[0] : sample[1]]
    win = clean.loc[window[0] : window[1]]
    if len(est) < min_obs:
        raise EmptySampleError(
            fmt(
                f"{region} sample",
                f"at least {min_obs} periods",
                len(est),
                "Lengthen features.divergence.sample_years.",
            )
        )
    if win.empty:
        raise EmptySampleError(
            fmt(
                f"{region} window",
                "at least one period with data",
                f"{window[0]:%Y-%m-%d}..{window[1]:%Y-%m-%d}",
            )
        )
    x = np.column_stack([np.ones(len(est)), est["d_diff"].to_numpy()])
    y = est["fx"].to_numpy()
    theta, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ theta
    sigma2 = float(resid @ resid) / (len(est) - 2)
    cov = sigma2 * np.linalg.inv(x.T @ x)
    n, dsum, fsum = len(win), float(win["d_diff"].sum()), float(win["fx"].sum())
    xw = np.array([n, dsum])
    explained = float(xw @ theta)
    se = float(np.sqrt(n * sigma2 + xw @ cov @ xw))
    z = float(stats.norm.ppf(0.5 + level / 2.0))
    div = fsum - explained
    names = pd.Index(["const", "beta"])
    return DivergenceResult(
        region,
        frequency,
        est.index[0],
        est.index[-1],
        len(est),
        pd.Series(theta, index=names),
        pd.Series(np.sqrt(np.diag(cov)), index=names),
        float(np.sqrt(sigma2)),
        win.index[0],
        win.index[-1],
        n,
        fsum,
        dsum,
        explained,
        div,
        div - z * se,
        div + z * se,
        level,
    )


def region_data(panel: Panel, region: str, frequency: str) -> pd.DataFrame:
    """Aligned ``fx`` returns and ``d_diff`` changes for a region at a frequency."""
    reg = REGIONS[region]
    value = foreign_value_of_usd(panel.daily, reg)
    if frequency == "daily":
        assert reg.daily_yield is not None
        both = pd.DataFrame(
            {
                "logfx": np.log(value),
                "diff": (panel.daily[US_10Y] - panel.daily[reg.daily_yield]) * 100.0,
            }
        ).dropna()
    else:
        both = pd.DataFrame(
            {
                "logfx": np.log(monthly_mean(value)),
                "diff": rate_differentials_monthly(panel)[region],
            }
        ).dropna()
    out = pd.DataFrame(
        {"fx": both["logfx"].diff() * 100.0, "d_diff": both["diff"].diff()}
    )
    return out.dropna()


def panel_divergence(
    panel: Panel,
    region: str,
    base: pd.Timestamp,
    end: pd.Timestamp,
    *,
    sample_years: float = 3.0,
    level: float = 0.90,
    daily_min_obs: int = 60,
    monthly_min_obs: int = 24,
) -> DivergenceResult:
    """Estimate a region's divergence from the ``base`` close to the ``end`` close.

    Daily if the region has a daily foreign 10y covering the window and at
    least ``daily_min_obs`` sample days, else monthly: the window is then the
    calendar months from that of the day after ``base`` to that of ``end``
    (a window inside one month uses that month). The sample is the
    ``sample_years`` before the window.
    """
    freq = differential_frequency(panel, region, base, end)
    years = pd.DateOffset(days=int(round(365.25 * sample_years)))
    if freq == "daily":
        data = region_data(panel, region, "daily")
        if len(data.loc[base - years : base]) >= daily_min_obs:
            return estimate_divergence(
                data,
                sample=(base - years, base),
                window=(base + pd.Timedelta(days=1), end),
                region=region,
                frequency="daily",
                level=level,
                min_obs=daily_min_obs,
            )
    data = region_data(panel, region, "monthly")
    first_month = (base + pd.Timedelta(days=1)) + pd.offsets.MonthEnd(0)
    last_month = end + pd.offsets.MonthEnd(0)
    first_month = min(first_month, last_month)
    sample_end = first_month - pd.offsets.MonthEnd(1)
    return estimate_divergence(
        data,
        sample=(sample_end - years, sample_end),
        window=(first_month, last_month),
        region=region,
        frequency="monthly",
        level=level,
        min_obs=monthly_min_obs,
    )


@register("fx_divergence", units="%", frequency="daily or monthly (per region)")
def fx_divergence(
    panel: Panel,
    *,
    base: pd.Timestamp,
    end: pd.Timestamp,
    sample_years: float = 3.0,
    level: float = 0.90,
) -> pd.DataFrame:
    """Divergence per region with sample, beta and band; skip regions without data."""
    rows = []
    for region in REGIONS:
        try:
            rows.append(
                panel_divergence(
                    panel,
                    region,
                    base,
                    end,
                    sample_years=sample_years,
                    level=level,
                ).to_frame()
            )
        except (EmptySampleError, KeyError):
            continue
    return pd.concat(rows) if rows else pd.DataFrame()


def simulate_fx_divergence(
    *,
    n_sample: int = 750,
    n_window: int = 21,
    beta: float = -0.01,
    const: float = 0.0,
    sigma: float = 0.5,
    diff_sigma: float = 5.0,
    injected: float = 3.0,
    seed: SeedLike = None,
) -> tuple[pd.DataFrame, dict[str, object]]:
    r"""Simulate FX returns driven by the differential, with an injected divergence.

    :math:`r_t = a + b \Delta d_t + e_t + \delta_t`,
    :math:`\Delta d_t \sim N(0, s_d^2)`,
    :math:`e_t \sim N(0, \sigma^2)`, and :math:`\delta_t = \text{injected} / n_{window}`
    on each window day (zero before).

    Returns
    -------
    data : DataFrame
        Columns ``fx`` (%) and ``d_diff`` (bp) on business days.
    truth : dict
        ``sample`` and ``window`` date ranges, ``beta``, ``const``, ``injected``
        and ``noise_in_window`` (the sum of the window's :math:`e_t`).
    """
    n_s, n_w = as_int(n_sample, "n_sample", low=10), as_int(n_window, "n_window", low=1)
    rng = as_generator(seed)
    n = n_s + n_w
    dates = pd.bdate_range("2020-01-01", periods=n, name="date")
    d_diff = rng.normal(0.0, diff_sigma, n)
    noise = rng.normal(0.0, sigma, n)
    inj = np.zeros(n)
    inj[n_s:] = injected / n_w
    data = pd.DataFrame(
        {"fx": const + beta * d_diff + noise + inj, "d_diff": d_diff}, index=dates
    )
    truth: dict[str, object] = {
        "sample": (dates[0], dates[n_s - 1]),
        "window": (dates[n_s], dates[-1]),
        "beta": beta,
        "const": const,
        "injected": injected,
        "noise_in_window": float(noise[n_s:].sum()),
    }
    return data, truth

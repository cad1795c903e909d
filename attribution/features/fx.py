"""Rate differentials (US minus foreign 10y) and FX returns signed foreign-currency-up.

Regions and sources (the best available in the bundled data, in order):

===========  ====================================  ================  =======
region       foreign 10y yield                     FX (FRED H.10)    freq.
===========  ====================================  ================  =======
japan        JGB.10Y (MoF)                         DEXJPUS (JPY/$)   daily
germany      BUND10Y.investing (3rd party, 2025)   DEXUSEU ($/EUR)   daily
             else IRLTLT01DEM156N (OECD average)                     monthly
euro_area    IRLTLT01EZM156N (OECD average)        DEXUSEU           monthly
switzerland  IRLTLT01CHM156N (OECD average)        DEXSZUS (CHF/$)   monthly
china        CGB10Y.investing (3rd party)          DEXCHUS (CNY/$)   monthly
===========  ====================================  ================  =======

Sign: an FX return is ``100 * dlog(USD per unit of foreign currency)``, so a
positive value means the foreign currency strengthened against the dollar.
The differential is ``DGS10 - foreign 10y`` in bp: positive = US pays more.
Monthly regions use the monthly average of the daily US yield (matching the
OECD monthly averages) and of the daily FX rate, complete months only
(:func:`attribution.features.monthly.monthly_mean`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from attribution.domain import series
from attribution.domain.regions import REGIONS as REGIONS
from attribution.domain.regions import Region as Region
from attribution.features.monthly import monthly_mean
from attribution.features.registry import register
from attribution.panel import Panel

US_10Y = series.US_10Y


def fx_series_ids() -> list[str]:
    """Every series the FX and differential features read."""
    ids = [US_10Y]
    for r in REGIONS.values():
        ids += [r.fx_id] + [s for s in (r.daily_yield, r.monthly_yield) if s]
    return list(dict.fromkeys(ids))


def foreign_value_of_usd(panel_daily: pd.DataFrame, region: Region) -> pd.Series:
    """USD per unit of the foreign currency (up = foreign currency stronger)."""
    fx = panel_daily[region.fx_id]
    return (1.0 / fx if region.fx_quote == "foreign_per_usd" else fx).rename(
        region.name
    )


@register(
    "fx_returns", units="% log change, + = foreign currency up", frequency="daily"
)
def fx_returns(panel: Panel) -> pd.DataFrame:
    """Daily FX log returns (x100) per region, + = the foreign currency strengthens."""
    out = {}
    for name, region in REGIONS.items():
        if region.fx_id in panel.daily and name != "euro_area":
            px = foreign_value_of_usd(panel.daily, region).dropna()
            out[name] = log_change_pct(px).reindex(panel.daily.index)
    return pd.DataFrame(out, index=panel.daily.index)


@register("rate_differentials_daily", units="bp", frequency="daily")
def rate_differentials_daily(panel: Panel) -> pd.DataFrame:
    """US minus foreign 10y yield (bp) where the foreign yield is daily."""
    us = panel.daily[US_10Y]
    out = {}
    for name, region in REGIONS.items():
        if region.daily_yield and region.daily_yield in panel.daily:
            out[name] = (us - panel.daily[region.daily_yield]) * 100.0
    return pd.DataFrame(out, index=panel.daily.index)


def log_change_pct(level: pd.Series) -> pd.Series:
    """Return 100 x the first difference of the log level (percent).

    The change is taken between consecutive rows, so a NaN row is not
    bridged; drop NaN first to difference consecutive observations.
    """
    return pd.Series(np.log(level)).diff() * 100.0


@register("rate_differentials_monthly", units="bp", frequency="monthly")
def rate_differentials_monthly(panel: Panel) -> pd.DataFrame:
    """US minus foreign 10y (bp), monthly averages, for regions with a monthly yield."""
    us = monthly_mean(panel.daily[US_10Y])
    out = {}
    for name, region in REGIONS.items():
        sid = region.monthly_yield
        if sid and sid in panel.monthly:
            out[name] = (us - panel.monthly[sid].dropna()) * 100.0
    return pd.DataFrame(out)


@register(
    "fx_monthly", units="% log change, + = foreign currency up", frequency="monthly"
)
def fx_monthly(panel: Panel) -> pd.DataFrame:
    """Monthly log change (x100) of the average FX rate, + = foreign currency up."""
    out = {}
    for name, region in REGIONS.items():
        if region.fx_id in panel.daily:
            avg = monthly_mean(foreign_value_of_usd(panel.daily, region))
            out[name] = log_change_pct(avg)
    return pd.DataFrame(out)


def differential_frequency(
    panel: Panel, region: str, start: pd.Timestamp, end: pd.Timestamp
) -> str:
    """Return ``daily`` if a daily foreign yield covers the window, else ``monthly``.

    A daily series covers the window if it has observations within 5 days of both ends.
    """
    sid = REGIONS[region].daily_yield
    if not sid or sid not in panel.daily:
        return "monthly"
    obs = panel.daily[sid].dropna()
    if obs.empty:
        return "monthly"
    slack = pd.Timedelta(days=5)
    return (
        "daily" if obs.index[0] <= start and obs.index[-1] >= end - slack else "monthly"
    )

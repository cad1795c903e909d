"""The data of the ``breaks`` relations, built from a :class:`Panel`.

(a) FX ~ rate differential, per region: the change in the log exchange rate
    (local currency per USD, percent; positive = the dollar rose) on the change
    in the US-minus-local 10y differential (bp). Japan: DEXJPUS and US 10y
    (DGS10) minus JGB 10y (MoF), Wednesday closes (weekly, default) or daily
    closes on common days. Euro area (EUR per USD = 1/DEXUSEU; German or
    euro-area 10y), Switzerland (DEXSZUS, Swiss 10y): monthly, OECD 10y yields
    are monthly averages so FX and DGS10 are monthly averages too
    (:func:`attribution.features.monthly.monthly_mean`: complete months
    only). China (DEXCHUS, CGB 10y from investing.com): monthly, month-end
    closes (the CGB series is a month-end close;
    :func:`attribution.features.monthly.month_end_close`), 2019-12 onwards.
(b) The weekly flows relation reads
    :func:`attribution.features.weekly.weekly_design`.
(c) The change in the 30y-2y slope (bp), daily or weekly.

The tests themselves are in :mod:`attribution.engine.breaks`.
"""

from __future__ import annotations

import pandas as pd

from attribution.domain.regions import REGIONS
from attribution.domain.series import US_2Y, US_10Y, US_30Y
from attribution.features.fx import log_change_pct
from attribution.features.monthly import month_end_close, monthly_mean
from attribution.features.weekly import weekly_series_ids
from attribution.panel import Panel

US10 = US_10Y
#: region -> (FX id, invert to local-per-USD, local 10y id(s), frequency rule)
# from the one region table; the euro area's yield is chosen by breaks.euro_yield
EURO_YIELD = {k: str(REGIONS[k].monthly_yield) for k in ("germany", "euro_area")}
FX_REGIONS: dict[str, dict[str, str | bool]] = {
    name: {
        "fx": REGIONS[name].fx_id,
        "invert": REGIONS[name].invert,
        "local": EURO_YIELD["germany"]
        if name == "euro_area"
        else str(REGIONS[name].daily_yield or REGIONS[name].monthly_yield),
    }
    for name in ("japan", "euro_area", "switzerland", "china")
}


def local_yield(region: str, euro_yield: str) -> str:
    """Return a region's local 10y series (the euro area's: ``euro_yield``)."""
    spec = FX_REGIONS[region]
    return EURO_YIELD[euro_yield] if region == "euro_area" else str(spec["local"])


def breaks_series_ids(
    measure: str, regions: tuple[str, ...], euro_yield: str
) -> list[str]:
    """Every series the ``breaks`` relations read."""
    ids = [*weekly_series_ids(measure), US_30Y, US_2Y]
    for region in regions:
        ids += [str(FX_REGIONS[region]["fx"]), local_yield(region, euro_yield)]
    return ids


def local_per_usd(fx: pd.Series, invert: bool) -> pd.Series:
    """Exchange rate as local currency per USD (invert USD-per-local quotes)."""
    return 1.0 / fx if invert else fx


def fx_differential_frame(
    panel: Panel, region: str, frequency: str, local: str
) -> pd.DataFrame:
    """Return ``dfx`` (%, local per USD) and ``d_diff`` (bp, US minus local 10y)."""
    spec = FX_REGIONS[region]
    fx_id, invert = str(spec["fx"]), bool(spec["invert"])
    if frequency == "monthly":
        agg = month_end_close if region == "china" else monthly_mean
        fx = agg(local_per_usd(panel.daily[fx_id], invert))
        us = agg(panel.daily[US10])
        loc = panel.monthly[local].dropna()
    elif frequency == "weekly":
        fx = local_per_usd(panel.weekly[fx_id], invert)
        us, loc = panel.weekly[US10], panel.weekly[local]
    else:
        both = panel.daily[[fx_id, US10, local]].dropna()
        fx, us, loc = local_per_usd(both[fx_id], invert), both[US10], both[local]
    frame = pd.concat({"fx": fx, "diff": us - loc}, axis=1, sort=True)
    frame = frame.dropna(how="any") if frequency == "daily" else frame
    return pd.DataFrame(
        {"dfx": log_change_pct(frame["fx"]), "d_diff": frame["diff"].diff() * 100.0}
    )


def slope_change(panel: Panel, frequency: str) -> pd.Series:
    """Change in the 30y-2y slope (bp), daily (common days) or weekly (Wednesdays)."""
    src = panel.daily if frequency == "daily" else panel.weekly
    both = (
        src[[US_30Y, US_2Y]].dropna()
        if frequency == "daily"
        else src[[US_30Y, US_2Y]]
    )
    return ((both[US_30Y] - both[US_2Y]).diff() * 100.0).rename("d_slope_30s2s")

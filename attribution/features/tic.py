"""Monthly TIC data for the country panel and the nowcast, built from a :class:`Panel`.

Conventions
-----------
* TIC major foreign holders (``TIC_MFH.<country>``): end-of-month stocks,
  $bn; the change of month t is the stock at t minus the stock at t-1.
* ``fx_move``: 100 x change in log(local currency per USD) between month-end
  closes (positive = the dollar rose; EUR quotes are inverted).
* ``d_us10``: change in the month-end DGS10 close, bp (valuation of holdings).
* ``d_diff`` (panel only): change in the monthly average of the US 10y minus
  the local 10y (OECD monthly averages; China: investing.com CGB month-end
  close against the DGS10 month-end close), bp.
* ``d_custody`` (nowcast): change in H.4.1 foreign official custody holdings
  between the last Wednesdays of consecutive months (always within 6 days of
  the month end), $bn.
* A month counts only if every daily series has a close in its last
  ``attribution.features.monthly.SLACK_DAYS`` calendar days (no partial months).

No reserve or intervention series is in the data, so the panel has no
reserve-pressure regressor. The country-panel fit is in
:mod:`attribution.engine.country_panel`, the nowcasts in
:mod:`attribution.engine.nowcast`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from attribution.domain.regions import REGIONS
from attribution.domain.series import CUSTODY, US_10Y
from attribution.features.monthly import month_end_close, monthly_mean
from attribution.panel import Panel

US10 = US_10Y


@dataclass(frozen=True)
class Holder:
    """Data ids for one TIC holder (None where the data have no series)."""

    fx: str | None
    invert: bool
    monthly_local: str | None
    daily_local: str | None = None


def _holder(
    region: str, monthly_from: str | None = None, daily: bool = False
) -> Holder:
    """Return a TIC holder's ids from the region table (yields may be another's)."""
    r, y = REGIONS[region], REGIONS[monthly_from or region]
    return Holder(r.fx_id, r.invert, y.monthly_yield, r.daily_yield if daily else None)


HOLDERS: dict[str, Holder] = {
    "Japan": _holder("japan", daily=True),
    "China, Mainland": _holder("china"),
    "Switzerland": _holder("switzerland"),
    "Germany": _holder("euro_area", monthly_from="germany"),
    "France": _holder("euro_area"),
    "Belgium": _holder("euro_area"),
    "Ireland": _holder("euro_area"),
    "Luxembourg": _holder("euro_area"),
    "United Kingdom": Holder(None, False, None),
}


def tic_id(holder: str) -> str:
    """Return the TIC series id of a holder."""
    return f"TIC_MFH.{holder}"


def series_ids(holders: tuple[str, ...]) -> list[str]:
    """Every series the panel or nowcast needs for ``holders``."""
    ids = [US10, CUSTODY]
    for h in holders:
        spec = HOLDERS.get(h, Holder(None, False, None))
        ids += [
            tic_id(h),
            *(s for s in (spec.fx, spec.monthly_local, spec.daily_local) if s),
        ]
    return list(dict.fromkeys(ids))


def monthly_custody_change(weekly: pd.Series) -> pd.Series:
    """Change between last-Wednesday custody levels of consecutive months, $bn."""
    level = month_end_close(weekly, slack=6) / 1000.0  # a Wednesday is always found
    return level.diff().rename("d_custody")


def fx_move(panel: Panel, spec: Holder) -> pd.Series | None:
    """100 x change in log(local per USD) between month-end closes."""
    if spec.fx is None:
        return None
    fx = panel.daily[spec.fx]
    fx = 1.0 / fx if spec.invert else fx
    log_level: pd.Series = np.log(month_end_close(fx))
    return (log_level.diff() * 100.0).rename("fx_move")


def nowcast_frame(panel: Panel, holder: str) -> tuple[pd.Series, pd.DataFrame]:
    """Target (monthly $bn change) and month-end features for one holder."""
    spec = HOLDERS.get(holder, Holder(None, False, None))
    target = panel.monthly[tic_id(holder)].dropna().diff().rename(holder)
    cols: dict[str, pd.Series] = {
        "d_custody": monthly_custody_change(panel.weekly[CUSTODY]),
        "d_us10": month_end_close(panel.daily[US10]).diff() * 100.0,
    }
    move = fx_move(panel, spec)
    if move is not None:
        cols["fx_move"] = move
    if spec.daily_local is not None:
        cols["d_local10"] = (
            month_end_close(panel.daily[spec.daily_local]).diff() * 100.0
        )
    cols["target_lag2"] = target.shift(2)
    features = pd.DataFrame(cols).dropna()
    return target.loc[target.index.isin(features.index)], features


def country_panel_frame(panel: Panel, countries: tuple[str, ...]) -> pd.DataFrame:
    """Return the long (country, date) frame of the panel variables.

    Columns ``dep_pct``, ``dep_usd_bn``, ``fx_move``, ``d_diff``, ``d_us10``
    (module notes); countries without FX or a local yield are left out.
    """
    frames = []
    for c in countries:
        spec = HOLDERS.get(c)
        if spec is None or spec.fx is None or spec.monthly_local is None:
            continue
        stock = panel.monthly[tic_id(c)].dropna()
        stock = stock.loc[stock > 0]  # log change needs positive holdings
        month_end_us = spec.monthly_local.startswith("CGB")
        us = (month_end_close if month_end_us else monthly_mean)(panel.daily[US10])
        diff = (us - panel.monthly[spec.monthly_local].dropna()) * 100.0
        f = pd.DataFrame(
            {
                "dep_pct": np.log(stock).diff() * 100.0,
                "dep_usd_bn": stock.diff(),
                "fx_move": fx_move(panel, spec),
                "d_diff": diff.diff(),
                "d_us10": month_end_close(panel.daily[US10]).diff() * 100.0,
            }
        ).dropna()
        f["country"] = c
        frames.append(f)
    out = pd.concat(frames).reset_index(names="date").set_index(["country", "date"])
    return out.sort_index()


def published_through(as_of: pd.Timestamp, lag_days: int) -> pd.Timestamp:
    """Last month end whose TIC figure is out by ``as_of`` (``m + lag_days <= as_of``).

    Parameters
    ----------
    as_of : Timestamp
        The date the researcher stands at (e.g. the window's last day).
    lag_days : int
        Calendar days from a month's end to its TIC release (the catalogue
        gives 50: released around the 18th of month m + 2).

    Returns
    -------
    Timestamp
        The month end m of the latest month with ``m + lag_days <= as_of``.

    Notes
    -----
    A release dated exactly ``as_of`` counts as published (released in the
    afternoon, before the close the window ends on). The snapshot's TIC
    history is the latest vintage: a month counted as published enters with
    its revised figure.

    Examples
    --------
    >>> str(published_through(pd.Timestamp("2025-04-30"), 50).date())
    '2025-02-28'
    """
    m = pd.Timestamp(as_of).normalize() + pd.offsets.MonthEnd(0)
    while m + pd.Timedelta(days=int(lag_days)) > pd.Timestamp(as_of):
        m -= pd.offsets.MonthEnd(1)
    return m


def point_in_time_frame(
    panel: Panel, holder: str, as_of: pd.Timestamp, lag_days: int
) -> tuple[pd.Series, pd.DataFrame]:
    """Return :func:`nowcast_frame` as known at ``as_of``.

    Parameters
    ----------
    panel : Panel
        Holds the holder's TIC series, DGS10, custody and FX/local yields.
    holder : str
        TIC country name (a key of :data:`HOLDERS`, or any TIC holder).
    as_of : Timestamp
        The date the researcher stands at.
    lag_days : int
        TIC publication lag in calendar days.

    Returns
    -------
    target : Series
        Monthly $bn changes of the months published by ``as_of`` only.
    features : DataFrame
        Month-end features of the months ending on or before ``as_of``.

    Notes
    -----
    A month still running at ``as_of`` has no complete month-end features
    and is not nowcast. Target months after :func:`published_through` are
    removed: they are the months to nowcast. ``target_lag2`` of a month t
    is the TIC change of t-2, published by the end of t (t-2's end plus 50
    days is before t's end), so it never leaks an unpublished figure.
    """
    target, features = nowcast_frame(panel, holder)
    features = features.loc[features.index <= pd.Timestamp(as_of)]
    cutoff = published_through(as_of, lag_days)
    target = target.loc[(target.index <= cutoff) & target.index.isin(features.index)]
    return target, features


def window_month_ends(first: pd.Timestamp, last: pd.Timestamp) -> pd.DatetimeIndex:
    """Month ends of the calendar months a window from ``first`` to ``last`` touches.

    Examples
    --------
    >>> [str(d.date()) for d in window_month_ends(
    ...     pd.Timestamp("2025-03-31"), pd.Timestamp("2025-04-30"))]
    ['2025-03-31', '2025-04-30']
    """
    return pd.date_range(
        first + pd.offsets.MonthEnd(0), last + pd.offsets.MonthEnd(0), freq="ME"
    )

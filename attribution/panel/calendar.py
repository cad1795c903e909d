"""Put series of different frequencies and as-of conventions on one calendar.

Conventions (stated once, applied here)
---------------------------------------
* Weekly grid: Wednesdays (``W-WED``), the H.4.1 as-of day.
* Daily closes (yields, FX, dollar): the value on a Wednesday is the last
  close on or before it, at most 4 days stale (a Wednesday holiday takes
  Tuesday's close); otherwise missing.
* H.4.1 (``wednesday``): the Wednesday level itself.
* CFTC TFF (``tuesday``): positions as of Tuesday are placed on the next day's
  Wednesday; a report dated another day in a holiday week (e.g. Monday
  2023-07-03) goes to the Wednesday on or after it. A week with no report stays
  missing; nothing is filled.
* Monthly: month-end dates. TIC holdings are end-of-month stocks; OECD monthly
  yields (dated the 1st by FRED) are monthly averages and are moved to the
  month end.
"""

from __future__ import annotations

import pandas as pd

MAX_STALE_DAYS = 4


def weekly_grid(start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    """Wednesdays from the first on/after ``start`` to the last on/before ``end``."""
    return pd.date_range(start, end, freq="W-WED", name="date")


def to_weekly(values: pd.Series, as_of: str, grid: pd.DatetimeIndex) -> pd.Series:
    """Place one series on the Wednesday ``grid`` following its as-of convention.

    Parameters
    ----------
    values : Series
        Observations indexed by their as-of date (NaN = published missing).
    as_of : {"close", "wednesday", "tuesday", "month_end", "month_start"}
        The series' convention.
    grid : DatetimeIndex
        Wednesdays.

    Returns
    -------
    Series
        Indexed by ``grid``; missing where the convention finds no value.
    """
    obs = values.dropna()
    if as_of == "wednesday":
        return obs.reindex(grid)
    if as_of == "tuesday":
        shifted = obs.copy()
        dates = pd.DatetimeIndex(shifted.index)
        days_to_wed = (2 - dates.day_of_week) % 7
        shifted.index = dates + pd.to_timedelta(days_to_wed, unit="D")
        return shifted.groupby(level=0).last().reindex(grid)
    if as_of == "close":
        left = pd.DataFrame({"date": grid})
        right = pd.DataFrame({"date": obs.index, "value": obs.to_numpy()})
        merged = pd.merge_asof(
            left,
            right.sort_values("date"),
            on="date",
            tolerance=pd.Timedelta(days=MAX_STALE_DAYS),
        )
        return pd.Series(merged["value"].to_numpy(), index=grid, name=values.name)
    raise ValueError(f"`as_of` {as_of!r} has no weekly placement; use a monthly panel")


def to_month_end(values: pd.Series, as_of: str) -> pd.Series:
    """Date monthly observations at their month end (see module notes)."""
    obs = values.dropna()
    idx = pd.DatetimeIndex(obs.index) + pd.offsets.MonthEnd(0)
    out = pd.Series(obs.to_numpy(), index=idx, name=values.name)
    return out.groupby(level=0).last()


def close_on_or_before(values: pd.Series, dates: pd.DatetimeIndex) -> pd.Series:
    """Return the last observation on or before each date (no staleness limit)."""
    obs = values.dropna().sort_index()
    pos = obs.index.searchsorted(dates, side="right") - 1
    out = pd.Series(float("nan"), index=dates, name=values.name)
    ok = pos >= 0
    out[ok] = obs.to_numpy()[pos[ok]]
    return out

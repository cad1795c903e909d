"""Monthly aggregation of daily (or weekly) series: one convention for every command.

Two aggregates, both dated at the calendar month end:

* :func:`month_end_close`: the last close of the month, kept only when it
  falls within ``slack`` calendar days of the month end (default
  :data:`SLACK_DAYS`);
* :func:`monthly_mean`: the mean of the month's daily closes (for FRED H.10
  FX, the noon buying rates; for H.15 yields, the end-of-day CMT yields),
  kept only for a *complete* month, one whose last close falls within
  :data:`SLACK_DAYS` of its end. This is how the OECD and FRED monthly
  averages (``IRLTLT01*``, ``EXUSEU``) are built: a month still running, or
  a series that stops early in its last month, gives no average, rather
  than the mean of a few days.

Both return every month from the first to the last observation, with NaN
for a month that does not count, so a difference across it is NaN rather
than a two-month change. Dates are the calendar month end (not the last
business day).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: A month counts when its last close is at most this many days before its end.
SLACK_DAYS = 5


def month_end_close(daily: pd.Series, slack: int = SLACK_DAYS) -> pd.Series:
    """Last close of each month, NaN unless within ``slack`` days of the month end.

    Parameters
    ----------
    daily : Series
        Daily (or weekly) observations on a ``DatetimeIndex``; NaN is skipped.
    slack : int, default :data:`SLACK_DAYS`
        Calendar days the last close may fall before the month end.

    Returns
    -------
    Series
        Every month end from the first to the last observation's month.

    Examples
    --------
    >>> s = pd.Series([1.0, 2.0, 3.0], index=pd.to_datetime(
    ...     ["2025-01-30", "2025-02-10", "2025-03-31"]))
    >>> month_end_close(s).tolist()
    [1.0, nan, 3.0]
    """
    obs = daily.dropna()
    last = obs.groupby(pd.DatetimeIndex(obs.index).to_period("M")).tail(1)
    dates = pd.DatetimeIndex(last.index)
    month_end = dates + pd.offsets.MonthEnd(0)
    ok = np.asarray((month_end - dates).days <= slack)
    out = pd.Series(last.to_numpy()[ok], index=month_end[ok], name=daily.name)
    full = pd.date_range(month_end.min(), month_end.max(), freq="ME")
    return out.reindex(full)


def monthly_mean(daily: pd.Series) -> pd.Series:
    """Mean of each complete calendar month's closes, dated at the month end.

    Parameters
    ----------
    daily : Series
        Daily observations on a ``DatetimeIndex``; NaN is skipped.

    Returns
    -------
    Series
        Every month end from the first to the last observation's month; NaN
        for a month whose last close is more than :data:`SLACK_DAYS` days
        before its end.

    Examples
    --------
    >>> s = pd.Series([1.0, 2.0, 4.0, 5.0], index=pd.to_datetime(
    ...     ["2025-01-02", "2025-01-31", "2025-02-03", "2025-02-04"]))
    >>> monthly_mean(s).tolist()
    [1.5, nan]
    """
    obs = daily.dropna()
    complete = month_end_close(obs).dropna().index
    means: pd.Series = obs.resample("ME").mean()
    return means.where(means.index.isin(complete))


__all__ = ["SLACK_DAYS", "month_end_close", "monthly_mean"]

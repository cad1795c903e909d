r"""Observed flows on their own grids: H.4.1 custody, CFTC positioning, TIC SLT.

Grids (each flow keeps the calendar of its publisher; nothing is moved to another
grid):

=============  =======================================  ===========================
grid           period                                   labelled by
=============  =======================================  ===========================
``custody``    Thursday..Wednesday                      the H.4.1 Wednesday
``cftc``       Wednesday..Tuesday                       the CFTC as-of Tuesday
``slt``        calendar month                           the month end
=============  =======================================  ===========================

A daily date belongs to the period whose label is the first Wednesday (custody),
Tuesday (CFTC) or month end (SLT) on or after it: a Thursday shock lands in the
custody week that ends the next Wednesday, a Wednesday shock in that Wednesday's
week. A CFTC report dated a Monday in a holiday week is labelled by the Tuesday
after it (the week it belongs to).

Units: custody in $bn (``WMTSECL1`` is published in $mn and divided by 1,000
here); leveraged funds' net short in thousands of 10y-note-equivalent contracts
(DV01-weighted, :func:`attribution.features.positioning.net_short_10y_equivalent`;
net short positive); TIC SLT net purchases of long-term Treasuries in $bn
(positive = net foreign purchases), as stored by :mod:`attribution.sources.tic_slt`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

import numpy as np
import pandas as pd

from attribution.domain.series import CUSTODY
from attribution.exceptions import MissingColumnError, ModelSpecificationError, fmt
from attribution.features.positioning import net_short_10y_equivalent, tff_columns

FlowGrid = Literal["custody", "cftc", "slt"]
FLOW_GRIDS: tuple[FlowGrid, ...] = get_args(FlowGrid)
CUSTODY_ID = CUSTODY
SLT_IDS: dict[str, str] = {
    "official": "TIC_SLT3.Foreign Official.for_lt_treas_net",
    "private": "TIC_SLT3.Foreign Non-Official.for_lt_treas_net",
}
#: Face value of one 10-year T-note future (CBOT ZN), USD.
TEN_YEAR_FACE_USD = 100_000.0
_WEEKDAY = {"custody": 2, "cftc": 1}  # Wednesday, Tuesday


def period_end(dates: pd.DatetimeIndex, grid: FlowGrid) -> pd.DatetimeIndex:
    """Label each date with the end of the ``grid`` period holding it.

    Parameters
    ----------
    dates : DatetimeIndex
        Daily dates (tz-naive).
    grid : {"custody", "cftc", "slt"}
        Thursday..Wednesday weeks, Wednesday..Tuesday weeks, or calendar months.

    Returns
    -------
    DatetimeIndex
        The Wednesday, Tuesday or month end on or after each date.

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.DatetimeIndex(["2025-04-09", "2025-04-10"])  # Wed, Thu
    >>> [f"{d:%m-%d}" for d in period_end(days, "custody")]
    ['04-09', '04-16']
    """
    idx = pd.DatetimeIndex(dates).normalize()
    if grid == "slt":
        return pd.DatetimeIndex(idx + pd.offsets.MonthEnd(0))
    ahead = (_WEEKDAY[grid] - idx.day_of_week) % 7
    return pd.DatetimeIndex(idx + pd.to_timedelta(ahead, unit="D"))


def period_start(ends: pd.DatetimeIndex, grid: FlowGrid) -> pd.DatetimeIndex:
    """Return the first calendar day of each ``grid`` period, given its label."""
    idx = pd.DatetimeIndex(ends)
    if grid == "slt":
        return pd.DatetimeIndex(idx - pd.offsets.MonthBegin(1))
    return pd.DatetimeIndex(idx - pd.Timedelta(days=6))


def sum_to_grid(daily: pd.DataFrame, grid: FlowGrid) -> pd.DataFrame:
    """Sum daily rows over the periods of ``grid``, keeping only whole periods.

    A period is whole when the daily sample covers its first and last business
    day (so the partial weeks or months at either end of the sample are dropped).
    Days inside the sample that are missing from the index (holidays) do not
    make a period partial.

    Parameters
    ----------
    daily : DataFrame
        Daily values (e.g. structural shocks), ``DatetimeIndex`` sorted.
    grid : {"custody", "cftc", "slt"}

    Returns
    -------
    DataFrame
        Indexed by period label (Wednesday, Tuesday or month end), with the
        column ``n_days`` (days summed) added last.
    """
    ends = period_end(pd.DatetimeIndex(daily.index), grid)
    sums = daily.groupby(ends).sum()
    sums["n_days"] = daily.groupby(ends).size()
    first, last = daily.index[0], daily.index[-1]
    labels = pd.DatetimeIndex(sums.index)
    starts = period_start(labels, grid)
    bday = pd.offsets.BDay()
    first_bday = pd.DatetimeIndex([bday.rollforward(d) for d in starts])
    last_bday = pd.DatetimeIndex([bday.rollback(d) for d in labels])
    whole = (first_bday >= first) & (last_bday <= last)
    out = sums.loc[np.asarray(whole)]
    out.index = pd.DatetimeIndex(out.index, name="period_end")
    return out


def flow_on_grid(values: pd.Series, grid: FlowGrid) -> pd.Series:
    """Label a flow series by its ``grid`` period (a Monday CFTC report -> Tuesday).

    Raises
    ------
    ModelSpecificationError
        If two observations fall in the same period.
    """
    obs = values.dropna()
    labels = period_end(pd.DatetimeIndex(obs.index), grid)
    if labels.has_duplicates:
        dup = labels[labels.duplicated()][0]
        raise ModelSpecificationError(
            fmt(
                f"flows[{values.name!r}]",
                f"one observation per {grid} period",
                f"two in the period ending {dup:%Y-%m-%d}",
            )
        )
    return pd.Series(obs.to_numpy(dtype=float), index=labels, name=values.name)


def change_per_period(levels: pd.Series, grid: FlowGrid) -> pd.Series:
    """Change of a level series from one ``grid`` period to the next (never bridged).

    A change is reported only between consecutive periods (one week, or one
    month, apart); a missing week leaves the changes on both sides of it NaN.

    Parameters
    ----------
    levels : Series
        Levels (custody $bn, net short k contracts) at their as-of dates.
    grid : {"custody", "cftc", "slt"}

    Returns
    -------
    Series
        Indexed by period label.
    """
    lab = flow_on_grid(levels, grid)
    full = pd.date_range(
        lab.index.min(),
        lab.index.max(),
        freq={"custody": "W-WED", "cftc": "W-TUE", "slt": "ME"}[grid],
    )
    out: pd.Series = lab.reindex(full).diff()
    out.name = levels.name
    return out


def custody_levels_bn(weekly: pd.DataFrame) -> pd.Series:
    """Foreign official custody holdings (H.4.1 ``WMTSECL1``), Wednesday level, $bn.

    Raises
    ------
    MissingColumnError
        If the panel lacks ``WMTSECL1``.
    """
    if CUSTODY_ID not in weekly:
        raise MissingColumnError(fmt("weekly", f"a {CUSTODY_ID!r} column", "none"))
    return (weekly[CUSTODY_ID].dropna() / 1000.0).rename("custody_bn")


def leveraged_net_short_k(
    tff: pd.DataFrame, dv01: Mapping[str, float] | None = None
) -> pd.Series:
    """Leveraged funds' net short in k 10y-note equivalents, by CFTC report date.

    Parameters
    ----------
    tff : DataFrame
        ``TFF.<code>.lev_long`` / ``lev_short`` columns indexed by the CFTC
        as-of date (Tuesday; Monday in some holiday weeks): the series as the
        store loads them, not the Wednesday panel.
    dv01 : mapping, optional
        Contract DV01s (default :data:`attribution.config.schema.DEFAULT_DV01`).

    Returns
    -------
    Series
        Net short positive; report dates on which no contract reported are dropped.

    Raises
    ------
    MissingColumnError
        If a contract's long or short column is absent.
    """
    from attribution.config.schema import DEFAULT_DV01

    for col in [*tff_columns("lev_long").values(), *tff_columns("lev_short").values()]:
        if col not in tff:
            raise MissingColumnError(fmt("tff", f"a {col!r} column", "none"))
    reported = tff[list(tff_columns("lev_long").values())].notna().any(axis=1)
    level = net_short_10y_equivalent(tff, dv01 or DEFAULT_DV01).where(reported)
    return level.dropna().rename("lev_net_short_10yeq_k")


def slt_net_purchases_bn(monthly: pd.DataFrame, holder: str) -> pd.Series:
    """TIC SLT net foreign purchases of long-term Treasuries, $bn, at month ends.

    Parameters
    ----------
    monthly : DataFrame
        Monthly panel with the ``TIC_SLT3.*.for_lt_treas_net`` columns.
    holder : {"official", "private"}
        ``Foreign Official`` or ``Foreign Non-Official``.

    Raises
    ------
    ModelSpecificationError
        On an unknown holder.
    MissingColumnError
        If the column is absent.
    """
    if holder not in SLT_IDS:
        raise ModelSpecificationError(
            fmt("holder", f"one of {sorted(SLT_IDS)}", holder)
        )
    sid = SLT_IDS[holder]
    if sid not in monthly:
        raise MissingColumnError(fmt("monthly", f"a {sid!r} column", "none"))
    return monthly[sid].dropna().rename(f"slt_{holder}_bn")


def observed_flows(
    custody_bn: pd.Series,
    lev_net_short_k: pd.Series,
    slt_official_bn: pd.Series,
    slt_private_bn: pd.Series | None = None,
) -> dict[str, pd.Series]:
    """Per-period flows named as :func:`attribution.engine.flow_validation` expects.

    Parameters
    ----------
    custody_bn : Series
        Custody levels, Wednesdays, $bn (:func:`custody_levels_bn`).
    lev_net_short_k : Series
        Leveraged net short, k 10y-eq, CFTC report dates
        (:func:`leveraged_net_short_k`).
    slt_official_bn, slt_private_bn : Series
        SLT net purchases, $bn, month ends (:func:`slt_net_purchases_bn`).

    Returns
    -------
    dict of str to Series
        ``custody`` (weekly change, $bn), ``lev_net_short`` (weekly change, k
        10y-eq), ``slt_official`` and ``slt_private`` (monthly net purchases,
        $bn), each labelled by its period end; changes across a missing week
        are NaN (:func:`change_per_period`).
    """
    out = {
        "custody": change_per_period(custody_bn, "custody"),
        "lev_net_short": change_per_period(lev_net_short_k, "cftc"),
        "slt_official": flow_on_grid(slt_official_bn, "slt"),
    }
    if slt_private_bn is not None:
        out["slt_private"] = flow_on_grid(slt_private_bn, "slt")
    return out

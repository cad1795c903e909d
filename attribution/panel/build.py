"""Assemble loaded series into one dated panel (daily, weekly, monthly).

Point-in-time if asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from attribution.panel.calendar import to_month_end, to_weekly, weekly_grid
from attribution.sources.store import DataStore, Provenance


@dataclass(frozen=True)
class Panel:
    """Aligned data for one run.

    Attributes
    ----------
    daily : DataFrame
        Daily series on the union of their observation dates (no filling).
    weekly : DataFrame
        Every daily/weekly series on the Wednesday grid (see
        :mod:`attribution.panel.calendar`).
    monthly : DataFrame
        Monthly series at month ends.
    provenance : dict
        Series id -> :class:`Provenance`.
    point_in_time : Timestamp or None
        If set, only observations published by this date are present.
    units : dict
        Series id -> units, as published.
    """

    daily: pd.DataFrame
    weekly: pd.DataFrame
    monthly: pd.DataFrame
    provenance: dict[str, Provenance]
    point_in_time: pd.Timestamp | None = None
    units: dict[str, str] = field(default_factory=dict)


def published_by(values: pd.Series, lag_days: int, as_of: pd.Timestamp) -> pd.Series:
    """Keep observations published by ``as_of``.

    An observation counts as published when its as-of date plus the publication
    lag is on or before ``as_of``.
    """
    cutoff = as_of - pd.Timedelta(days=lag_days)
    return values.loc[values.index <= cutoff]


def build_panel(
    store: DataStore,
    series_ids: Iterable[str],
    *,
    point_in_time: pd.Timestamp | None = None,
) -> Panel:
    """Load ``series_ids`` from ``store`` and align them.

    Parameters
    ----------
    store : DataStore
        Where series come from.
    series_ids : iterable of str
        Ids to load.
    point_in_time : Timestamp, optional
        Use only data published by this date (per each series' publication lag).

    Returns
    -------
    Panel
    """
    daily, weekly_src, monthly = {}, {}, {}
    prov: dict[str, Provenance] = {}
    for sid in dict.fromkeys(series_ids):
        values, p = store.load(sid)
        if point_in_time is not None:
            values = published_by(values, p.publication_lag_days, point_in_time)
        prov[sid] = p
        if p.frequency == "monthly":
            monthly[sid] = to_month_end(values, p.as_of)
        else:
            weekly_src[sid] = (values, p.as_of)
            if p.frequency == "daily":
                daily[sid] = values
    daily_df = pd.DataFrame(daily).sort_index() if daily else pd.DataFrame()
    starts = [v.dropna().index.min() for v, _ in weekly_src.values() if v.notna().any()]
    ends = [v.dropna().index.max() for v, _ in weekly_src.values() if v.notna().any()]
    if starts:
        grid = weekly_grid(min(starts), max(ends) + pd.Timedelta(days=6))
        weekly = pd.DataFrame(
            {sid: to_weekly(v, a, grid) for sid, (v, a) in weekly_src.items()}
        )
    else:
        weekly = pd.DataFrame()
    monthly_df = pd.DataFrame(monthly).sort_index() if monthly else pd.DataFrame()
    for frame in (daily_df, weekly, monthly_df):
        frame.index.name = "date"
    return Panel(
        daily_df,
        weekly,
        monthly_df,
        prov,
        point_in_time,
        {k: v.units for k, v in prov.items()},
    )

"""As-of conventions and point-in-time filtering of the panel."""

from __future__ import annotations

import pandas as pd

from attribution.panel import build_panel, published_by, to_weekly, weekly_grid
from attribution.sources.store import DataStore


def test_tuesday_positions_land_on_wednesday_and_holiday_monday_too() -> None:
    obs = pd.Series(
        [1.0, 2.0, 3.0],
        index=pd.to_datetime(["2023-06-27", "2023-07-03", "2023-07-11"]),
    )
    grid = weekly_grid(pd.Timestamp("2023-06-28"), pd.Timestamp("2023-07-19"))
    w = to_weekly(obs, "tuesday", grid)
    assert w["2023-06-28"] == 1.0  # Tuesday -> next day
    assert w["2023-07-05"] == 2.0  # Monday report (July 4th week) -> that Wednesday
    assert w["2023-07-12"] == 3.0
    assert pd.isna(w["2023-07-19"])  # no report: stays missing, never filled


def test_daily_close_on_wednesday_holiday_takes_tuesday_but_not_stale() -> None:
    obs = pd.Series([4.0, 4.1], index=pd.to_datetime(["2024-12-24", "2024-12-26"]))
    grid = pd.DatetimeIndex(["2024-12-25", "2025-01-08"])
    w = to_weekly(obs, "close", grid)
    assert w["2024-12-25"] == 4.0  # Christmas Wednesday: Tuesday's close
    assert pd.isna(w["2025-01-08"])  # 13 days stale: missing


def test_point_in_time_drops_unpublished() -> None:
    s = pd.Series([1.0, 2.0], index=pd.to_datetime(["2025-03-31", "2025-04-30"]))
    # TIC April holdings (month end) are out around 18 June: not known on 1 June.
    assert published_by(s, 50, pd.Timestamp("2025-06-01")).index.tolist() == [
        pd.Timestamp("2025-03-31")
    ]


def test_panel_on_snapshot_aligns_custody_and_positions() -> None:
    panel = build_panel(
        DataStore(use_cache=False),
        ["DGS10", "WMTSECL1", "TFF.043602.lev_long", "TIC_MFH.Japan"],
    )
    w = panel.weekly
    assert w.loc["2025-04-09", "WMTSECL1"] == 2932857
    assert w.loc["2025-04-30", "TFF.043602.lev_long"] == 237175  # Tuesday 04-29 report
    assert w.loc["2025-04-09", "DGS10"] == 4.34
    assert panel.monthly.loc["2025-04-30", "TIC_MFH.Japan"] == 1134.5
    pit = build_panel(
        DataStore(use_cache=False),
        ["TIC_MFH.Japan"],
        point_in_time=pd.Timestamp("2025-06-01"),
    )
    assert pit.monthly.index.max() == pd.Timestamp("2025-03-31")

"""The panel loads the series of the second gathering by id, on their own calendars."""

from __future__ import annotations

import pandas as pd

from attribution.panel.build import build_panel
from attribution.sources.store import DataStore

IDS = [
    "THREEFYTP10",
    "DFII10",
    "VIXCLS",
    "BOE.IUDMNPY",
    "SWPT",
    "ACM.ACMTP10",
    "TIC_SLT3.Foreign Official.for_lt_treas_net",
    "TIC_SLT5.Japan",
]


def test_build_panel_places_each_frequency() -> None:
    panel = build_panel(DataStore(use_cache=False), IDS)
    daily, weekly, monthly = panel.daily, panel.weekly, panel.monthly
    assert {"THREEFYTP10", "DFII10", "VIXCLS", "BOE.IUDMNPY"} <= set(daily.columns)
    assert daily.loc["2025-04-09", "VIXCLS"] == 33.62
    # weekly grid is Wednesdays; SWPT is a Wednesday level, closes the last close
    assert (weekly.index.day_of_week == 2).all()
    assert weekly.loc["2020-04-01", "SWPT"] == 348544
    assert weekly.loc["2025-04-09", "THREEFYTP10"] == 0.5436
    # monthly series sit at calendar month ends, whatever day the publisher printed
    assert monthly.loc["2025-04-30", "ACM.ACMTP10"] == 0.609744768388385
    assert monthly.loc["2025-04-30", "TIC_SLT3.Foreign Official.for_lt_treas_net"] == (
        -5.692
    )
    assert monthly.loc["2025-04-30", "TIC_SLT5.Japan"] == 1134.5
    assert panel.units["TIC_SLT5.Japan"] == "USD billions"
    assert panel.units["SWPT"] == "USD millions"


def test_point_in_time_respects_the_new_lags() -> None:
    # TIC SLT (lag 50 days): on 2025-06-01 March 2025 is out, April 2025 is not
    sid = "TIC_SLT3.Foreign Official.for_lt_treas_net"
    panel = build_panel(
        DataStore(use_cache=False),
        [sid, "ACM.ACMTP10"],
        point_in_time=pd.Timestamp("2025-06-01"),
    )
    assert panel.monthly[sid].dropna().index.max() == pd.Timestamp("2025-03-31")
    # ACM (lag 31 days): April 2025 (dated 2025-04-30) is out by 2025-06-01
    acm = panel.monthly["ACM.ACMTP10"].dropna()
    assert acm.index.max() == pd.Timestamp("2025-04-30")

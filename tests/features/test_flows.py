"""Flow features: grids, never-bridged changes, units, and their errors.

Expected values are written out by hand from the inputs (calendar facts and
the publisher's H.4.1 levels for April 2025, $mn: 2,929,255 on 2 April,
2,932,857 on 9 April).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import MissingColumnError, ModelSpecificationError
from attribution.features.flows import (
    change_per_period,
    custody_levels_bn,
    flow_on_grid,
    leveraged_net_short_k,
    observed_flows,
    period_end,
    slt_net_purchases_bn,
    sum_to_grid,
)


def test_period_end_for_every_weekday() -> None:
    days = pd.date_range("2025-04-03", "2025-04-09")  # Thursday .. Wednesday
    assert set(period_end(days, "custody")) == {pd.Timestamp("2025-04-09")}
    days = pd.date_range("2025-04-02", "2025-04-08")  # Wednesday .. Tuesday
    assert set(period_end(days, "cftc")) == {pd.Timestamp("2025-04-08")}
    assert period_end(pd.DatetimeIndex(["2024-02-10"]), "slt")[0] == pd.Timestamp(
        "2024-02-29"
    )


def test_sum_to_grid_drops_partial_end_periods() -> None:
    days = pd.bdate_range("2025-04-07", "2025-04-25")  # Mon 7 .. Fri 25 April
    frame = pd.DataFrame({"x": 1.0}, index=days)
    summed = sum_to_grid(frame, "custody")
    # weeks Thu..Wed ending 16 and 23 April are whole; 9 April and 30 April not
    assert list(summed.index) == [
        pd.Timestamp("2025-04-16"),
        pd.Timestamp("2025-04-23"),
    ]
    assert list(summed["x"]) == [5.0, 5.0] and list(summed["n_days"]) == [5, 5]


def test_holiday_inside_the_sample_keeps_the_week() -> None:
    days = pd.bdate_range("2025-04-03", "2025-04-23").drop(pd.Timestamp("2025-04-18"))
    summed = sum_to_grid(pd.DataFrame({"x": 1.0}, index=days), "custody")
    assert summed.loc["2025-04-23", "n_days"] == 4  # Good Friday closed


def test_change_per_period_is_never_bridged() -> None:
    weds = pd.date_range("2025-04-02", periods=5, freq="W-WED")
    levels = pd.Series([1.0, 2.0, np.nan, 5.0, 7.0], index=weds)
    chg = change_per_period(levels, "custody")
    assert chg.loc["2025-04-09"] == 1.0
    assert np.isnan(chg.loc["2025-04-16"]) and np.isnan(chg.loc["2025-04-23"])
    assert chg.loc["2025-04-30"] == 2.0


def test_monday_cftc_report_belongs_to_its_week() -> None:
    lev = pd.Series([1.0, 3.0], index=pd.DatetimeIndex(["2025-04-08", "2025-04-14"]))
    labelled = flow_on_grid(lev, "cftc")
    assert list(labelled.index) == [
        pd.Timestamp("2025-04-08"),
        pd.Timestamp("2025-04-15"),
    ]
    with pytest.raises(ModelSpecificationError, match="one observation per cftc"):
        flow_on_grid(
            pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2025-04-14", "2025-04-15"])),
            "cftc",
        )


def test_custody_is_converted_to_bn_and_flows_are_named() -> None:
    weds = pd.DatetimeIndex(["2025-04-02", "2025-04-09"])
    weekly = pd.DataFrame({"WMTSECL1": [2929255.0, 2932857.0]}, index=weds)
    custody = custody_levels_bn(weekly)
    assert list(custody) == [2929.255, 2932.857]
    months = pd.DatetimeIndex(["2025-04-30"])
    flows = observed_flows(
        custody,
        pd.Series([10.0, 4.0], index=weds - pd.Timedelta(days=1)),
        pd.Series([-5.692], index=months),
    )
    assert sorted(flows) == ["custody", "lev_net_short", "slt_official"]
    assert flows["custody"].loc["2025-04-09"] == pytest.approx(3.602)
    assert flows["lev_net_short"].loc["2025-04-08"] == -6.0


def test_missing_columns_and_holders_raise() -> None:
    with pytest.raises(MissingColumnError, match="WMTSECL1"):
        custody_levels_bn(pd.DataFrame({"x": [1.0]}))
    with pytest.raises(MissingColumnError, match=r"TFF\.042601\.lev_long"):
        leveraged_net_short_k(pd.DataFrame({"x": [1.0]}))
    with pytest.raises(ModelSpecificationError, match="`holder` must be one of"):
        slt_net_purchases_bn(pd.DataFrame(), "central")
    with pytest.raises(MissingColumnError, match="Foreign Official"):
        slt_net_purchases_bn(pd.DataFrame(), "official")

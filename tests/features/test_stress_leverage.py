"""Leverage arithmetic in closed form and by balance-sheet simulation; liquidity flags,
the triple-decline flag and auction metrics on constructed data and the
TreasuryDirect row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.features import auctions, cross_asset, leverage, liquidity
from attribution.panel import Panel


def test_twenty_x_leverage_is_wiped_out_by_a_five_percent_loss() -> None:
    assert leverage.wipeout_loss(20) == pytest.approx(0.05)
    assert leverage.wipeout_loss(1) == pytest.approx(1.0)


def test_dv01_pnl_is_minus_dv01_times_the_move() -> None:
    # a long with DV01 $64 per bp loses $64 x 47 when yields rise 47 bp
    assert leverage.dv01_pnl(64.0, 47.0) == pytest.approx(-3008.0)
    assert leverage.dv01_pnl(-64.0, -10.0) == pytest.approx(-640.0)


@pytest.mark.parametrize(
    "lev,loss",
    [(20.0, 0.01), (5.0, 0.1), (50.0, 0.015)],
    ids=["20x-1pct", "5x-10pct", "50x-1.5pct"],
)
def test_forced_sales_restore_the_leverage(lev: float, loss: float) -> None:
    assets = 1000.0
    equity = assets / lev
    sales = leverage.forced_sales(assets, lev, loss)
    # simulate: take the loss, sell, check the leverage is back to L
    assets_after = assets * (1 - loss) - sales
    equity_after = equity - assets * loss
    assert assets_after / equity_after == pytest.approx(lev)


def test_a_loss_beyond_the_wipeout_forces_everything_out() -> None:
    assert leverage.forced_sales(100.0, 20.0, 0.06) == pytest.approx(94.0)


def test_implied_forced_selling_from_a_positioning_estimate() -> None:
    out = leverage.implied_forced_selling(1000.0, leverage=20.0, loss_fraction=0.01)
    # 1m contracts x $100k = $100bn; sales = 100 x 0.01 x 19 = $19bn
    assert out["position_bn"] == pytest.approx(100.0)
    assert out["forced_sales_bn"] == pytest.approx(19.0)


def test_leverage_below_one_is_rejected() -> None:
    with pytest.raises(ModelSpecificationError, match="`leverage` must be >= 1.0"):
        leverage.wipeout_loss(0.5)


def _panel(daily: pd.DataFrame) -> Panel:
    return Panel(daily, pd.DataFrame(), pd.DataFrame(), {})


def test_liquidity_flags_follow_the_thresholds() -> None:
    idx = pd.bdate_range("2025-01-01", periods=8)
    d = pd.DataFrame(
        {
            "SOFR": [4.30, 4.40, 4.50, 4.33, np.nan, 4.30, 4.30, 4.30],
            "EFFR": [4.33] * 8,
            "IORB": [4.40] * 8,
            "RRPONTSYD": [500.0, 450, 400, 300, 250, 200, 90, 80],
        },
        index=idx,
    )
    lq = liquidity.liquidity(_panel(d))
    assert lq["sofr_iorb_bp"].iloc[2] == pytest.approx(10.0)
    assert lq["sofr_effr_bp"].iloc[2] == pytest.approx(17.0)
    assert lq["rrp_chg5_bn"].iloc[5] == pytest.approx(-300.0)
    fl = liquidity.liquidity_flags(_panel(d))
    assert list(fl["sofr_iorb"].iloc[:4]) == [False, False, True, False]
    assert pd.isna(fl["sofr_iorb"].iloc[4])  # no SOFR that day: unknown, not False
    assert list(fl["sofr_effr"].iloc[:3]) == [False, False, True]
    assert list(fl["rrp_depleted"].iloc[5:]) == [False, True, True]
    # 5-day changes: day 6: 200 - 500 = -300, day 8: 80 - 400 = -320; none before day 6
    assert bool(fl["rrp_drain"].iloc[5]) and bool(fl["rrp_drain"].iloc[7])
    assert pd.isna(fl["rrp_drain"].iloc[4])


def test_triple_decline_needs_an_equity_series() -> None:
    idx = pd.bdate_range("2025-04-01", periods=5)
    d = pd.DataFrame(
        {
            "DGS10": [4.0, 4.1, 4.2, 4.1, 4.3],
            "DTWEXBGS": [100.0, 99.0, 98.0, 99.0, 97.0],
            "EQ": [50.0, 49.0, 51.0, 48.0, 47.0],
        },
        index=idx,
    )
    no_eq = cross_asset.triple_decline(_panel(d))
    assert no_eq["triple_decline"].isna().all()
    assert list(no_eq["yields_up_dollar_down"].iloc[1:]) == [True, True, False, True]
    w = cross_asset.window_triple_decline(no_eq, idx[0], idx[-1])
    assert w["window_triple_decline"] is None and w["days_yields_up_dollar_down"] == 3
    eq = cross_asset.triple_decline(_panel(d), equity_series="EQ")
    # day 2: yields up, dollar down, equity down; day 3: equity up; day 5: all three
    assert list(eq["triple_decline"].iloc[1:]) == [True, False, False, True]
    w = cross_asset.window_triple_decline(eq, idx[0], idx[-1])
    assert w["days_triple_decline"] == 2 and w["window_triple_decline"] is True


def test_auction_dealer_share_from_the_treasurydirect_row(
    real_panel: Panel, snapshot_store: object
) -> None:
    ids = auctions.auction_series_ids(("10-Year",))
    series = {sid: snapshot_store.get(sid) for sid in ids}  # type: ignore[attr-defined]
    m = auctions.auction_metrics(series).set_index("date")
    row = m.loc[pd.Timestamp("2025-04-09")]
    # TreasuryDirect 10-Year 2025-04-09: PD 4,162,929,500; direct 546,000,000;
    # indirect 34,194,897,500; high 4.435; median 4.340; bid-to-cover 2.67
    comp = 4162929500 + 546000000 + 34194897500
    assert row["dealer_share_pct"] == pytest.approx(100 * 4162929500 / comp)
    assert row["indirect_share_pct"] == pytest.approx(100 * 34194897500 / comp)
    assert row["high_minus_median_bp"] == pytest.approx(9.5)
    assert row["bid_to_cover"] == pytest.approx(2.67)


def test_auction_history_percentiles_by_brute_force() -> None:
    dates = pd.date_range("2024-01-10", periods=8, freq="MS") + pd.Timedelta(days=9)
    vals = [2.5, 2.6, 2.4, 2.7, 2.3, 2.55, 2.2, 2.8]
    m = pd.DataFrame(
        {
            "date": dates,
            "term": "10-Year",
            "bid_to_cover": vals,
            "dealer_share_pct": [10, 12, 45, 11, 9, 14, 50, 8.0],
            "indirect_share_pct": 60.0,
            "high_minus_median_bp": 5.0,
        }
    )
    out = auctions.auctions_vs_history(m, history=4)
    for i in range(3, 8):
        past = np.array(vals[max(0, i - 4) : i])
        assert out["bid_to_cover_pctile"].iloc[i] == pytest.approx(
            100 * np.mean(past <= vals[i])
        )
        assert out["bid_to_cover_z"].iloc[i] == pytest.approx(
            (vals[i] - past.mean()) / past.std(ddof=1)
        )
    assert list(out["near_failure"]) == [
        False,
        False,
        True,
        False,
        False,
        False,
        True,
        False,
    ]


def test_every_family_is_registered_with_units_and_frequency() -> None:
    from attribution.exceptions import UnknownSeriesError
    from attribution.features import FEATURES, get_feature

    for name in (
        "curve_changes",
        "curve_regime",
        "price_changes",
        "fx_returns",
        "rate_differentials_daily",
        "rate_differentials_monthly",
        "fx_divergence",
        "positions_by_contract",
        "positioning_aggregate",
        "custody_change",
        "tic_changes",
        "liquidity",
        "liquidity_flags",
        "triple_decline",
        "weekly_design",
    ):
        info = get_feature(name)
        assert info.units and info.frequency and info.description
    assert len(FEATURES) >= 15
    with pytest.raises(UnknownSeriesError, match="unknown feature 'nope'"):
        get_feature("nope")


def test_equity_from_a_local_series_reaches_the_triple_decline_flag(
    tmp_path: object,
) -> None:
    from pathlib import Path

    from attribution.panel import build_panel
    from attribution.sources.local import LocalSeries
    from attribution.sources.store import DataStore

    # a constructed equity file (test input, not market data): down on 04-09, up 04-10
    path = Path(str(tmp_path)) / "eq.csv"
    path.write_text("date,value\n2025-04-08,100\n2025-04-09,98\n2025-04-10,99\n")
    store = DataStore(
        use_cache=False,
        local=[LocalSeries(name="EQ", path=path, units="index", frequency="daily")],
    )
    panel = build_panel(store, ["DGS10", "DTWEXBGS", "DXY.close", "EQ"])
    td = cross_asset.triple_decline(panel, equity_series="EQ")
    # FRED: DGS10 4.26 -> 4.34 on 04-09; the broad dollar fell that day
    row = td.loc["2025-04-09"]
    assert row["dy10_bp"] == pytest.approx(8.0) and row["dollar_dlog_pct"] < 0
    assert bool(row["triple_decline"]) is True
    assert bool(td.loc["2025-04-10", "triple_decline"]) is False

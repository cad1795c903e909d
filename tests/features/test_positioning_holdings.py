"""Positioning straight from the CFTC row, custody and TIC changes from the files,
and the claim checker on real and constructed data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.config.features_section import FeaturesSection
from attribution.config.schema import DEFAULT_DV01
from attribution.exceptions import ModelSpecificationError
from attribution.features import claims, holdings
from attribution.features import positioning as pos
from attribution.features.episode import episode_facts
from attribution.panel import Panel
from attribution.sources.cftc import TREASURY_CONTRACTS

WED = pd.Timestamp("2025-04-30")  # the Tuesday 2025-04-29 report sits on this Wednesday


def test_lev_positions_in_the_10y_contract_from_the_cftc_row(real_panel: Panel) -> None:
    p = pos.positions_long(real_panel.weekly)
    # FinFutYY 2025, UST 10Y NOTE 043602, 2025-04-29: OI 4880010,
    # Lev_Money long 237175, short 2070536
    assert p.at[WED, "10y.lev_long"] == 237175
    assert p.at[WED, "10y.lev_short"] == 2070536
    assert p.at[WED, "10y.lev_net"] == 237175 - 2070536
    assert p.at[WED, "10y.open_interest"] == 4880010
    # Asset managers on the same row: long 2773117, short 712093
    assert p.at[WED, "10y.am_net"] == 2773117 - 712093


def _weekly_frame(values: dict[str, list[float]], n: int) -> pd.DataFrame:
    idx = pd.date_range("2025-01-01", periods=n, freq="W-WED", name="date")
    cols = {}
    for code in TREASURY_CONTRACTS:
        for field in ("lev_long", "lev_short", "am_long", "am_short", "open_interest"):
            cols[f"TFF.{code}.{field}"] = values.get(f"{code}.{field}", [0.0] * n)
    return pd.DataFrame(cols, index=idx)


def test_ten_year_equivalents_are_dv01_weighted() -> None:
    n = 4
    w = _weekly_frame(
        {
            "042601.lev_short": [1000.0] * n,
            "020604.lev_long": [500.0] * n,
            "043602.open_interest": [640.0] * n,
        },
        n,
    )
    t = pos.positioning_table(w, DEFAULT_DV01, zscore_weeks=8)
    # 1000 2y shorts x 38/64 minus 500 ultra-bond longs x 205/64, in thousands
    expected = (1000 * 38 / 64 - 500 * 205 / 64) / 1000
    assert t["lev_net_short_10yeq_k"].iloc[0] == pytest.approx(expected)
    assert t["open_interest_10yeq_k"].iloc[0] == pytest.approx(0.64)


def test_a_week_without_a_report_is_not_bridged() -> None:
    n = 6
    short = [100.0, 110.0, np.nan, 130.0, 150.0, 160.0]
    w = _weekly_frame({"043602.lev_short": short}, n)
    for code in TREASURY_CONTRACTS:
        w.loc[w.index[2], [c for c in w if c.startswith(f"TFF.{code}.")]] = np.nan
    t = pos.positioning_table(w, DEFAULT_DV01, zscore_weeks=8)
    chg = t["lev_net_short_10yeq_k_chg"]
    assert chg.iloc[2:4].isna().all()
    assert chg.iloc[4] == pytest.approx(0.020)


def test_trailing_zscore_matches_a_hand_computation() -> None:
    x = pd.Series([1.0, 3.0, 2.0, 5.0, 4.0, 10.0], index=pd.RangeIndex(6))
    z = pos.trailing_zscore(x, window=4)
    prev = np.array([3.0, 2.0, 5.0, 4.0])
    assert z.iloc[5] == pytest.approx((10.0 - prev.mean()) / prev.std(ddof=1))
    assert np.isnan(z.iloc[1])


def test_window_without_a_cftc_report(real_panel: Panel) -> None:
    # Wed 2025-04-09 close to Fri 04-11: the next report (Tue 04-15) is after the window
    f = episode_facts(
        real_panel,
        {},
        label="x",
        base=pd.Timestamp("2025-04-09"),
        end=pd.Timestamp("2025-04-11"),
        options=FeaturesSection(),
    )
    assert any("No CFTC report" in n for n in f.notes)
    assert f.positioning.index.max() <= pd.Timestamp("2025-04-09")


def test_custody_weekly_changes_from_the_h41_file(real_panel: Panel) -> None:
    c = holdings.custody_change(real_panel)
    # WMTSECL1 ($mn): 2929255 (04-02), 2932857 (04-09); 2943493 (04-23), 2916875 (04-30)
    assert c.loc["2025-04-09"] == pytest.approx((2932857 - 2929255) / 1000)
    assert round(c.loc["2025-04-09"], 1) == 3.6
    assert round(c.loc["2025-04-30"], 1) == -26.6


def test_tic_april_2025_changes_from_the_mfh_file(real_panel: Panel) -> None:
    chg = holdings.tic_changes(real_panel)
    # mfhhis01: Japan Mar 1130.8, Apr 1134.5; China, Mainland Mar 765.4, Apr 743.6
    apr = pd.Timestamp("2025-04-30")
    assert chg.at[apr, "Japan"] == pytest.approx(3.7, abs=1e-9)
    assert chg.at[apr, "China, Mainland"] == pytest.approx(-21.8, abs=1e-9)


def test_claims_on_the_real_data(real_panel: Panel) -> None:
    lv = holdings.tic_levels(real_panel)
    ok = claims.check_claim(
        "Japan and China together cut $18.1bn from March to April 2025", lv
    )
    assert ok.holds and ok.computed == pytest.approx(3.7 - 21.8)
    bad = claims.check_claim(
        "Japan and China together cut $217bn from August to October 2024", lv
    )
    assert not bad.holds and bad.claimed == -217.0
    # Counted by hand from the MFH table, Feb -> Mar 2023: Germany, Ireland, Italy,
    # Sweden,
    # UAE and Vietnam fell; 36 countries were reported in both months
    count = claims.check_claim("6 of 36 countries sold in March 2023", lv)
    assert count.holds and count.computed == 6
    assert not claims.check_claim("19 of 34 countries sold in March 2023", lv).holds


def _toy_levels() -> pd.DataFrame:
    idx = pd.date_range("2024-07-31", periods=4, freq="ME")
    return pd.DataFrame(
        {
            "Japan": [100.0, 90.0, 80.0, 85.0],
            "China, Mainland": [50.0, 40, 30, 20],
            "Korea": [10.0, 11, 12, 11],
            "Grand Total": [500.0, 480, 470, 460],
        },
        index=idx,
    )


def test_combined_change_closed_form() -> None:
    lv = _toy_levels()
    res = claims.check_claim(
        "Japan and China together cut $15bn from August to October 2024", lv
    )
    # end-Aug 90 + 40 = 130, end-Oct 85 + 20 = 105 -> -25
    # (from end-Jul: 150 -> 105, -45)
    assert res.computed == pytest.approx(-25.0) and not res.holds
    assert "-45.0" in res.detail
    assert claims.check_combined_change(
        lv, ["Japan", "China"], (2024, 8), (2024, 10), -25.0
    ).holds


def test_count_closed_form_and_totals_are_not_countries() -> None:
    lv = _toy_levels()
    res = claims.check_count_sold(lv, 2024, 10, 2, 3)
    assert (
        res.holds and res.computed == 2
    )  # Japan and China fell, Korea rose; total ignored
    assert claims.check_count_sold(lv, 2024, 10, 1, sold=False).holds


def test_unparseable_claim_raises() -> None:
    with pytest.raises(ModelSpecificationError, match="`claim` must be of the form"):
        claims.check_claim("foreigners dumped Treasuries", _toy_levels())


def test_record_flags_on_a_constructed_series() -> None:
    idx = pd.date_range("2020-01-31", periods=6, freq="ME")
    lv = pd.DataFrame({"A": [10.0, 12, 9, 8, 4, 6]}, index=idx)
    rec = holdings.record_flags(lv)
    cuts = rec.loc[rec["record"] == "largest cut"]
    # changes: +2, -3, -1, -4, +2 -> record cuts at -3 (first cut) and -4
    assert list(cuts["change_bn"]) == [-3.0, -4.0]


def test_weekly_changes_per_contract_from_two_cftc_rows(real_panel: Panel) -> None:
    ch = pos.positions_by_contract_changes(real_panel)
    # CFTC rows 2025-04-22 and 2025-04-29, 10y note: Lev long 204338 -> 237175,
    # short 1981285 -> 2070536, OI 4730339 -> 4880010
    assert ch.at[WED, "10y.lev_long"] == 237175 - 204338
    assert ch.at[WED, "10y.lev_short"] == 2070536 - 1981285
    assert ch.at[WED, "10y.open_interest"] == 4880010 - 4730339


def test_weeks_before_any_cftc_data_are_missing_not_zero(real_panel: Panel) -> None:
    t = pos.positioning_table(real_panel.weekly, DEFAULT_DV01)
    assert t.loc[:"2014-12-31", "lev_net_short_10yeq_k"].isna().all()
    assert t.loc["2025-04-30", "lev_net_short_10yeq_k"] > 0

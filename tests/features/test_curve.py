"""Curve moves on the real snapshot (values read off the FRED/Yahoo files), the
steepening rule in closed form, and the gap-aware rank against brute force on
constructed series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.config.features_section import FeaturesSection
from attribution.exceptions import ModelSpecificationError
from attribution.features import curve
from attribution.features.episode import curve_facts, regime_facts
from attribution.panel import Panel

BASE, END = pd.Timestamp("2025-04-04"), pd.Timestamp("2025-04-11")


def test_selloff_week_changes_from_the_fred_files(real_panel: Panel) -> None:
    tab = curve_facts(real_panel, BASE, END, FeaturesSection())
    # FRED DGS10: 4.01 (2025-04-04) -> 4.48 (2025-04-11); DGS30 4.41 -> 4.85;
    # DGS2 3.68 -> 3.96
    assert tab.at["10y", "base_pct"] == pytest.approx(4.01)
    assert tab.at["10y", "end_pct"] == pytest.approx(4.48)
    assert tab.at["10y", "change_bp"] == pytest.approx(47.0, abs=1e-9)
    assert tab.at["30y", "change_bp"] == pytest.approx(44.0, abs=1e-9)
    assert tab.at["2y", "change_bp"] == pytest.approx(28.0, abs=1e-9)
    assert tab.at["10y", "window_days"] == 5


def test_selloff_week_is_bear_steepening(real_panel: Panel) -> None:
    tab = curve_facts(real_panel, BASE, END, FeaturesSection())
    reg = regime_facts(tab, 0.0)
    # 2s10s: +28 and +47 -> level +37.5 (bear), slope +19 (steepening)
    assert reg.at["2s10s", "regime"] == "bear steepening"
    assert reg.at["2s10s", "slope_bp"] == pytest.approx(19.0)
    assert reg.at["2s10s", "level_bp"] == pytest.approx(37.5)


def test_daily_regime_labels_match_the_rule(real_panel: Panel) -> None:
    lab = curve.curve_regime(real_panel, k=5, pair="2s10s")
    assert lab.loc["2025-04-11"] == "bear steepening"
    # 2025-04-18 (Good Friday) has no H.15 row, so it is not a curve day at all
    assert (
        pd.Timestamp("2025-04-18") not in lab.index
        or lab.loc["2025-04-18"] == "unknown"
    )


@pytest.mark.parametrize(
    ("d_short", "d_long", "expected"),
    [
        (10, 30, "bear steepening"),
        (30, 10, "bear flattening"),
        (-30, -10, "bull steepening"),
        (-10, -30, "bull flattening"),
        (-10, 30, "bear steepening"),
        (10, -30, "bull flattening"),
        (20, 20, "parallel up"),
        (-5, -5, "parallel down"),
        (0, 0, "unchanged"),
        (np.nan, 3, "unknown"),
    ],
    ids=[
        "bear-steep",
        "bear-flat",
        "bull-steep",
        "bull-flat",
        "twist-up",
        "twist-down",
        "par-up",
        "par-down",
        "zero",
        "nan",
    ],
)
def test_classify_move_rule(d_short: float, d_long: float, expected: str) -> None:
    assert curve.classify_move(d_short, d_long) == expected


def test_tolerance_turns_small_slope_moves_parallel() -> None:
    assert curve.classify_move(43, 44, tolerance_bp=2.0) == "parallel up"
    assert curve.classify_move(43, 44, tolerance_bp=0.0) == "bear steepening"


def test_holiday_does_not_break_a_one_day_change(real_panel: Panel) -> None:
    ch = curve.curve_changes(real_panel, k=1)
    # FRED file: 4.34 on Thu 2025-04-17, empty on Good Friday 04-18, 4.42 on Mon 04-21
    assert ch.at[pd.Timestamp("2025-04-21"), "10y"] == pytest.approx(8.0, abs=1e-9)


def _gapped_series() -> pd.Series:
    """Business days 2000-2010 with a hole 2002-02-19..2006-02-08 and one holiday."""
    days = pd.bdate_range("2000-01-03", "2010-12-31")
    hole = (days >= "2002-02-19") & (days <= "2006-02-08")
    rng = np.random.default_rng(5)
    level = pd.Series(np.cumsum(rng.normal(0, 0.05, len(days))) + 5.0, index=days)
    level[days >= "2006-02-09"] += 3.0  # a jump hidden inside the gap
    level = level[~hole].drop(pd.Timestamp("2008-07-04"))
    return level


def test_gap_aware_diff_drops_changes_across_the_hole() -> None:
    s = _gapped_series()
    k = 5
    d = curve.gap_aware_diff(s, k)
    after = s.index[s.index >= "2006-02-09"][:k]
    assert d.loc[after].isna().all()  # the k changes that would span the hole
    assert d.loc[s.index[s.index >= "2006-02-09"][k]] == pytest.approx(
        s.iloc[s.index.get_loc(s.index[s.index >= "2006-02-09"][k])] - s.loc[after[0]]
    )
    assert int(d.iloc[k:].isna().sum()) == k  # the holiday (2008-07-04) breaks nothing
    assert np.isfinite(d.loc["2008-07-07"])


def _brute_rank(s: pd.Series, k: int, at: pd.Timestamp, gap: int) -> tuple[int, float]:
    vals, dates = s.to_numpy(), s.index
    changes = []
    for i in range(k, len(s)):
        span = np.busday_count(dates[i - k].date(), dates[i].date())
        changes.append(vals[i] - vals[i - k] if span <= k + gap else np.nan)
    ch = pd.Series([np.nan] * k + changes, index=dates)
    j = dates.get_loc(at)
    v = ch.iloc[j]
    hist = ch.iloc[: j - k + 1].dropna().to_numpy()
    rank = int((hist > v).sum()) + 1
    pct = 100.0 * (np.sum(hist <= v) + 1) / (len(hist) + 1)
    return rank, pct


def test_move_rank_matches_brute_force_and_ignores_the_gap() -> None:
    s = _gapped_series()
    at = s.index[s.index >= "2009-01-01"][40]
    r = curve.move_rank(s, 5, at)
    rank, pct = _brute_rank(s, 5, at, 3)
    assert (r.rank, r.percentile) == (rank, pytest.approx(pct))
    assert r.n_gap_excluded == 5
    # computed across the hole, the +3 jump would be the largest rise on record
    naive = (s - s.shift(5)).max()
    assert naive > 2.5 and r.value < 1.0


def test_largest_since_points_at_the_last_larger_move() -> None:
    days = pd.bdate_range("2020-01-01", periods=60)
    level = pd.Series(0.0, index=days)
    level.iloc[10:] += 1.0  # a +1 move ending on day 10
    level.iloc[30:] += 0.5  # +0.5 on day 30
    level.iloc[50:] += 0.8  # +0.8 on day 50
    r = curve.move_rank(level, 1, days[50])
    assert r.previous_larger == days[10] and r.rank == 2
    assert curve.move_rank(level, 1, days[10]).previous_larger is None


def test_tlt_five_day_fall_from_the_yahoo_closes(real_panel: Panel) -> None:
    pc = curve.price_changes(real_panel, k=5)
    # Yahoo TLT closes: 92.849998 (2025-04-04), 86.889999 (2025-04-11)
    expected = (86.889999 / 92.849998 - 1.0) * 100.0
    assert pc.at[pd.Timestamp("2025-04-11"), "TLT"] == pytest.approx(expected, abs=1e-6)
    assert expected == pytest.approx(-6.42, abs=0.01)


def test_move_rank_rejects_a_bad_direction() -> None:
    s = pd.Series([1.0, 2.0, 3.0], index=pd.bdate_range("2020-01-01", periods=3))
    with pytest.raises(
        ModelSpecificationError, match="`direction` must be 'rise' or 'fall'"
    ):
        curve.move_rank(s, 1, s.index[-1], direction="up")
    with pytest.raises(
        ModelSpecificationError, match="`at` must be a date ending a valid"
    ):
        curve.move_rank(s, 5, s.index[-1])


def test_curve_regime_rejects_an_unknown_pair(real_panel: Panel) -> None:
    with pytest.raises(ModelSpecificationError, match="`pair` must be one of"):
        curve.curve_regime(real_panel, pair="1s7s")


def test_bad_horizon_is_rejected() -> None:
    s = pd.Series([1.0, 2.0], index=pd.bdate_range("2020-01-01", periods=2))
    with pytest.raises(ModelSpecificationError, match="`k` must be >= 1; got 0"):
        curve.gap_aware_diff(s, 0)
    with pytest.raises(
        ModelSpecificationError, match="`max_gap_business_days` must be"
    ):
        curve.gap_aware_diff(s, 1, -1)

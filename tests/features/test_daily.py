"""Daily design: values recomputed by hand from the publishers' own numbers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ConfigError
from attribution.features.daily import (
    basis_proxy,
    daily_design,
    daily_series_ids,
    par_duration,
    roll_days,
    volatility_regime,
)
from attribution.panel import Panel, build_panel
from attribution.sources.store import DataStore

# Read off the raw files (FRED csv, Treasury daily par curve, Yahoo ZN=F csv).
PUBLISHED = {
    "2025-04-08": {
        "DGS10": 4.26, "DFII10": 2.04, "T10YIE": 2.22, "THREEFYTP10": 0.4769,
        "DTWEXBGS": 126.8668, "SP500": 4982.77, "VIXCLS": 52.33,
        "PAR.5y": 3.88, "PAR.7y": 4.05, "ZN": 111.46875,
    },
    "2025-04-09": {
        "DGS10": 4.34, "DFII10": 2.07, "T10YIE": 2.27, "THREEFYTP10": 0.5436,
        "DTWEXBGS": 126.6280, "SP500": 5456.90, "VIXCLS": 33.62,
        "PAR.5y": 4.06, "PAR.7y": 4.20, "ZN": 110.328125,
    },
}  # fmt: skip
DTWEXBGS_0410 = 125.0890


@pytest.fixture(scope="module")
def daily_panel() -> Panel:
    return build_panel(DataStore(use_cache=False), daily_series_ids())


def test_april_9_row_matches_the_published_closes(daily_panel: Panel) -> None:
    row = daily_design(daily_panel).loc["2025-04-09"]
    a, b = PUBLISHED["2025-04-08"], PUBLISHED["2025-04-09"]
    assert row["y10"] == pytest.approx((b["DGS10"] - a["DGS10"]) * 100, abs=1e-9)
    assert row["real10"] == pytest.approx(3.0, abs=1e-9)
    assert row["be10"] == pytest.approx(5.0, abs=1e-9)
    assert row["y10"] == pytest.approx(row["real10"] + row["be10"], abs=1e-9)
    assert row["tp10"] == pytest.approx((0.5436 - 0.4769) * 100, abs=1e-9)
    same = 100 * math.log(b["DTWEXBGS"] / a["DTWEXBGS"])
    nxt = 100 * math.log(DTWEXBGS_0410 / b["DTWEXBGS"])
    assert row["usd"] == pytest.approx(0.5 * (same + nxt), abs=1e-9)
    assert row["equity"] == pytest.approx(
        100 * math.log(b["SP500"] / a["SP500"]), abs=1e-9
    )
    assert row["stress"] == pytest.approx(b["VIXCLS"] - a["VIXCLS"], abs=1e-9)
    cash = {d: v["PAR.5y"] + 0.875 * (v["PAR.7y"] - v["PAR.5y"]) for d, v in
            PUBLISHED.items()}  # fmt: skip
    y = cash["2025-04-08"] / 100
    dur = (1 - (1 + y / 2) ** -13.5) / y
    implied = -math.log(b["ZN"] / a["ZN"]) * 1e4 / dur
    basis = (cash["2025-04-09"] - cash["2025-04-08"]) * 100 - implied
    assert row["basis"] == pytest.approx(basis, abs=1e-9)
    assert basis == pytest.approx(-2.18, abs=0.01)  # cash richened vs futures


def test_dollar_timing_options(daily_panel: Panel) -> None:
    same = daily_design(daily_panel, usd_timing="same_day")["usd"]
    nxt = daily_design(daily_panel, usd_timing="next_noon")["usd"]
    avg = daily_design(daily_panel, usd_timing="average")["usd"]
    common = avg.index
    assert np.allclose(avg, 0.5 * (same.reindex(common) + nxt.reindex(common)))
    a, b = PUBLISHED["2025-04-08"], PUBLISHED["2025-04-09"]
    assert same["2025-04-09"] == pytest.approx(
        100 * math.log(b["DTWEXBGS"] / a["DTWEXBGS"]), abs=1e-9
    )


def test_docstring_correlations_are_what_the_data_give(daily_panel: Panel) -> None:
    """The module docstring quotes these: the reason for the default timing."""
    got = {}
    for timing in ("average", "same_day", "next_noon"):
        d = daily_design(daily_panel, usd_timing=timing)  # type: ignore[arg-type]
        got[timing] = (round(d["usd"].corr(d["y2"]), 2),
                       round(d["usd"].corr(d["equity"]), 2))  # fmt: skip
    assert got == {
        "average": (0.18, -0.33),
        "same_day": (0.18, -0.27),
        "next_noon": (0.08, -0.2),
    }


def test_basis_proxy_is_zero_when_the_future_tracks_cash() -> None:
    days = pd.bdate_range("2024-01-02", periods=6)
    lo = pd.Series([4.0, 4.1, 4.05, 4.2, 4.2, 4.1], index=days)
    hi = lo + 0.2
    cash = lo + 0.875 * 0.2
    dur = par_duration(cash, 6.75)
    # a future whose log price moves by -D dy exactly
    logf = (
        np.log(110.0)
        + np.r_[0.0, np.cumsum(-(dur.shift().iloc[1:]) * cash.diff().iloc[1:] / 100)]
    )
    proxy = basis_proxy(pd.Series(np.exp(logf), index=days), lo, hi)
    assert np.allclose(proxy, 0.0, atol=1e-9)
    assert len(proxy) == 5


def test_roll_day_is_the_largest_mid_quarter_month_jump() -> None:
    days = pd.bdate_range("2024-03-01", "2024-04-30")
    proxy = pd.Series(0.1, index=days)
    proxy["2024-03-20"] = 9.0  # the calendar spread
    proxy["2024-04-16"] = 20.0  # April is not a roll month
    assert list(roll_days(proxy)) == [pd.Timestamp("2024-03-20")]


def test_bad_options_name_the_key(daily_panel: Panel) -> None:
    with pytest.raises(ConfigError, match="usd_timing"):
        daily_design(daily_panel, usd_timing="close")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="swap"):
        daily_design(daily_panel, columns=("y2", "swap"))


def test_volatility_regime_flags_the_top_quarter() -> None:
    x = pd.Series(np.r_[np.ones(300), 5 * np.ones(100)], name="y10")
    flag = volatility_regime(x, window=21, quantile=0.75)
    assert flag.iloc[-80:].all() and not flag.iloc[:280].any()
    assert volatility_regime(x).mean() <= 0.25 + 1e-12

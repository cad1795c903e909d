"""The weekly attribution: adding up, stubs, and recovery of known contributions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.config import Window
from attribution.engine.weekly_ols import WeeklySpec, attribute_weekly_ols, model_weeks
from attribution.exceptions import EmptySampleError, WindowError


def simulate_weekly_flows(
    n_weeks: int = 400, seed: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """Daily yields built from weekly flows with known betas (ground truth returned)."""
    rng = np.random.default_rng(seed)
    days = pd.bdate_range("2017-01-02", periods=n_weeks * 5)
    wed = pd.date_range(days[0], days[-1], freq="W-WED")
    beta = {"custody": -0.5, "lev_net_short": 0.02, "ctrl_2y": 0.7, "ctrl_dollar": 3.0}
    x = pd.DataFrame(
        rng.normal(size=(len(wed), 4)) * [5.0, 100.0, 8.0, 0.8],
        index=wed,
        columns=list(beta),
    )
    dy = pd.DataFrame(index=wed)
    dy["dy_10y"] = x.to_numpy() @ np.array(list(beta.values())) + rng.normal(
        size=len(wed)
    )
    dy["dy_2y"] = x["ctrl_2y"]
    design = pd.concat([dy, x], axis=1)
    daily = pd.DataFrame(index=days)
    for col, tenor in (("dy_10y", "10y"), ("dy_2y", "2y")):
        level = 3.0 + design[col].cumsum() / 100.0
        # daily path: weekly level on Wednesdays, linear noise in between
        daily[tenor] = level.reindex(days).interpolate().bfill() + rng.normal(
            scale=0.01, size=len(days)
        )
        daily.loc[level.index.intersection(days), tenor] = level
    return design, daily, beta


def _spec(**kw: object) -> WeeklySpec:
    base = dict(
        tenors=("10y",),
        drivers=("custody", "lev_net_short"),
        controls=("ctrl_2y", "ctrl_dollar"),
        estimation_start=pd.Timestamp("2017-01-01"),
        estimation_end=None,
        level=0.95,
        kernel="bartlett",
        bandwidth=None,
    )
    base.update(kw)
    return WeeklySpec(**base)  # type: ignore[arg-type]


def test_april_2025_grid_matches_issue_statement() -> None:
    grid = pd.date_range("2025-03-05", "2025-05-28", freq="W-WED")
    weeks = model_weeks(grid, pd.Timestamp("2025-03-31"), pd.Timestamp("2025-04-30"))
    assert [f"{w:%m-%d}" for w in weeks] == ["04-09", "04-16", "04-23", "04-30"]


def test_adds_up_and_recovers_known_contributions() -> None:
    design, daily, beta = simulate_weekly_flows()
    window = Window.parse("2024-03")
    res = attribute_weekly_ols(design, daily, window, _spec())
    t = res.table.set_index("driver")["contribution_bp"]
    base, end = window.resolve(daily["10y"].index)
    actual = (daily["10y"][end] - daily["10y"][base]) * 100
    assert t["actual"] == pytest.approx(actual, abs=1e-9)
    assert t.drop("actual").sum() == pytest.approx(actual, abs=1e-9)
    weeks = model_weeks(design.index, base, end)
    for name, b in beta.items():  # truth: beta * sum of x over the window's weeks
        true = b * design.loc[weeks, name].sum()
        row = res.table.set_index("driver").loc[name]
        assert abs(row["contribution_bp"] - true) <= 4 * row["std_err_bp"], name
        assert row["std_err_bp"] < 0.2 * abs(true) + 1.0, (
            name
        )  # and the band is informative


def test_neither_driver_is_a_possible_answer() -> None:
    design, daily, _ = simulate_weekly_flows()
    design["custody"] = np.random.default_rng(9).normal(
        size=len(design)
    )  # unrelated noise
    design["lev_net_short"] = np.random.default_rng(10).normal(size=len(design))
    res = attribute_weekly_ols(design, daily, Window.parse("2024-03"), _spec())
    assert res.verdict("ols_weekly", "10y").startswith(
        "10y: neither custody nor lev_net_short"
    )


def test_gap_in_window_is_an_error() -> None:
    design, daily, _ = simulate_weekly_flows()
    design.loc["2024-03-13", "lev_net_short"] = np.nan
    with pytest.raises(
        WindowError, match=r"week ending 2024-03-13 has no `lev_net_short`"
    ):
        attribute_weekly_ols(design, daily, Window.parse("2024-03"), _spec())


def test_empty_estimation_sample() -> None:
    design, daily, _ = simulate_weekly_flows()
    spec = _spec(estimation_start=pd.Timestamp("2024-02-20"))
    with pytest.raises(
        EmptySampleError,
        match=r"`estimation` sample for tenor 10y has \d+ usable weeks",
    ):
        attribute_weekly_ols(design, daily, Window.parse("2024-03"), spec)

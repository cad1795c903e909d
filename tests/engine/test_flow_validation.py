"""Flow validation: simulation truth, grid alignment on hand-made inputs, rules.

Simulation truth (``attribution.simulate.daily_world``, simulated data): the
latent daily official flow is ``-2.0 x sell_america + N(0, 2.5^2)``, so on weeks
whose days are all calm (shock s.d. 1) the weekly sums correlate at
``-2 / sqrt(4 + 6.25) = -0.6247``; leveraged positioning is ``+20 x
basis_deleveraging + N(0, 20^2)``, so ``20 / sqrt(400 + 400) = 0.7071``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from attribution.engine.flow_validation import (
    fisher_interval,
    validate_against_flows,
    verdict,
)
from attribution.exceptions import ModelSpecificationError, WindowError
from attribution.features.flows import period_end, sum_to_grid
from attribution.simulate import daily_world

RHO_OFFICIAL = -2.0 / math.sqrt(4.0 + 6.25)
RHO_LEVERAGED = 20.0 / math.sqrt(400.0 + 400.0)


def _calm_only(flow: pd.Series, world_volatility: pd.Series, grid: str) -> pd.Series:
    """Set to NaN the periods holding any episode day (shock s.d. not 1)."""
    days = pd.DatetimeIndex(world_volatility.index)
    hit = (
        pd.Series(
            (world_volatility == "episode").to_numpy(), index=period_end(days, grid)
        )  # type: ignore[arg-type]
        .groupby(level=0)
        .any()
    )
    labels = period_end(pd.DatetimeIndex(flow.index), grid)  # type: ignore[arg-type]
    bad = hit.reindex(labels).fillna(True).to_numpy(dtype=bool)
    return flow.mask(bad)


def _sim_flows(
    seed: int, n_days: int
) -> tuple[
    pd.DataFrame, dict[str, pd.Series], tuple[pd.Timestamp, pd.Timestamp], pd.Series
]:
    world = daily_world("zero", "holds", n_days=n_days, seed=seed)
    weekly = world.weekly_flows()
    flows = {
        "custody": weekly["custody"],
        "lev_net": weekly["lev_net"].set_axis(pd.DatetimeIndex(weekly["lev_net_asof"])),
    }
    return world.shocks, flows, world.window, world.volatility


@pytest.mark.parametrize(
    ("shock", "flow", "grid", "rho"),
    [
        ("sell_america", "custody", "custody", RHO_OFFICIAL),
        ("basis_deleveraging", "lev_net", "cftc", RHO_LEVERAGED),
    ],
)
def test_true_shocks_match_the_closed_form_correlation(
    shock: str, flow: str, grid: str, rho: float
) -> None:
    shocks, flows, window, vol = _sim_flows(seed=11, n_days=6000)
    calm = _calm_only(flows[flow], vol, grid)
    dropped = int(calm.isna().sum())
    table = validate_against_flows(
        shocks, {flow: calm}, window, {(shock, flow): int(np.sign(rho))}
    )
    row = table.iloc[0]
    n = int(row["n_sample"])
    assert n > 900
    se = (1.0 - rho**2) / math.sqrt(n)  # large-sample s.e. of r
    assert abs(row["corr_sample"] - rho) < 4.0 * se, (row["corr_sample"], rho, se)
    assert row["verdict_sample"] == "supports"
    # every week set to NaN and inside the whole-week sample is counted missing
    whole = sum_to_grid(shocks, grid).index  # type: ignore[arg-type]
    assert row["n_missing_sample"] == int(calm.reindex(whole).isna().sum())
    assert 0 < row["n_missing_sample"] <= dropped


def test_a_shock_without_loading_is_mostly_uninformative() -> None:
    verdicts_null, verdicts_true = [], []
    for seed in range(40):
        shocks, flows, window, _ = _sim_flows(seed=100 + seed, n_days=400)
        table = validate_against_flows(
            shocks,
            {"custody": flows["custody"]},
            window,
            {("risk_on", "custody"): -1, ("sell_america", "custody"): -1},
        ).set_index("shock")
        verdicts_null.append(table.loc["risk_on", "verdict_sample"])
        verdicts_true.append(table.loc["sell_america", "verdict_sample"])
    # 90% interval: about 90% uninformative under no loading (binomial s.d. 4.7%)
    assert np.mean(np.array(verdicts_null) == "uninformative") >= 0.75
    assert np.mean(np.array(verdicts_true) == "supports") >= 0.95


# ----------------------------------------------------------------------------
# Grid alignment on hand-made inputs
# ----------------------------------------------------------------------------
DAYS = pd.bdate_range("2025-03-03", "2025-05-30")


@pytest.mark.parametrize(
    ("day", "grid", "label"),
    [
        ("2025-04-10", "custody", "2025-04-16"),  # Thursday -> next Wednesday
        ("2025-04-09", "custody", "2025-04-09"),  # Wednesday -> its own week
        ("2025-04-09", "cftc", "2025-04-15"),  # Wednesday -> next Tuesday
        ("2025-04-08", "cftc", "2025-04-08"),  # Tuesday -> its own week
        ("2025-04-30", "slt", "2025-04-30"),
        ("2025-05-01", "slt", "2025-05-31"),
    ],
)
def test_one_shock_lands_in_its_flow_period(day: str, grid: str, label: str) -> None:
    shocks = pd.DataFrame({"pulse": 0.0}, index=DAYS)
    shocks.loc[day, "pulse"] = 1.0
    summed = sum_to_grid(shocks, grid)  # type: ignore[arg-type]
    assert summed["pulse"].idxmax() == pd.Timestamp(label)
    assert summed["pulse"].sum() == 1.0


@pytest.mark.parametrize(
    ("grid", "flow", "weekday", "period_days"),
    [("custody", "custody", 2, 7), ("cftc", "lev_net_short", 1, 7)],
)
def test_flows_built_on_the_right_week_correlate_exactly(
    grid: str, flow: str, weekday: int, period_days: int
) -> None:
    rng = np.random.default_rng(5)
    shocks = pd.DataFrame(
        {"basis_deleveraging": rng.standard_normal(len(DAYS))}, index=DAYS
    )
    shocks["sell_america"] = rng.standard_normal(len(DAYS))
    ends = [d for d in pd.date_range(DAYS[0], DAYS[-1]) if d.day_of_week == weekday]
    # hand-made: each flow is minus the shocks summed over the 7 days up to its day
    values = {
        end: -shocks.loc[end - pd.Timedelta(days=period_days - 1) : end].sum()
        for end in ends
    }
    shock = "sell_america" if grid == "custody" else "basis_deleveraging"
    series = pd.Series({k: v[shock] for k, v in values.items()})
    table = validate_against_flows(
        shocks, {flow: series}, ("2025-04-04", "2025-04-11"), {(shock, flow): -1}
    )
    row = table.iloc[0]
    assert row["corr_sample"] == pytest.approx(-1.0, abs=1e-12)
    assert row["sign_share_sample"] == 1.0
    # the first partial week is dropped; the episode overlaps two weeks
    assert row["n_sample"] == len(ends) - 1
    assert row["n_episode"] == 2
    # flows summed over the week ending a day earlier (the other publisher's
    # week) but dated the same day do not line up with this grid
    wrong = pd.Series(
        {
            end: -shocks.loc[
                end - pd.Timedelta(days=period_days) : end - pd.Timedelta(days=1), shock
            ].sum()
            for end in ends
        }
    )
    table = validate_against_flows(
        shocks, {flow: wrong}, ("2025-04-04", "2025-04-11"), {(shock, flow): -1}
    )
    assert table.iloc[0]["corr_sample"] > -0.95


def test_missing_flows_are_skipped_and_counted() -> None:
    rng = np.random.default_rng(1)
    shocks = pd.DataFrame({"sell_america": rng.standard_normal(len(DAYS))}, index=DAYS)
    months = pd.date_range("2025-03-31", "2025-05-31", freq="ME")
    slt = pd.Series([1.0, np.nan, -1.0], index=months)
    table = validate_against_flows(
        shocks, {"slt_official": slt}, ("2025-04-04", "2025-04-11")
    )
    row = table.iloc[0]
    assert (row["n_sample"], row["n_missing_sample"]) == (2, 1)
    assert (row["n_episode"], row["n_missing_episode"]) == (0, 1)
    assert row["verdict_sample"] == "uninformative"  # n < 4: no interval
    assert np.isnan(row["corr_low_sample"])


def test_fisher_interval_and_verdict_rule() -> None:
    low, high = fisher_interval(0.5, 28, 0.90)
    assert (low, high) == pytest.approx((0.21683773274503, 0.70555502961358))
    assert verdict(low, high, 1) == "supports"
    assert verdict(low, high, -1) == "contradicts"
    assert verdict(-0.1, 0.3, 1) == "uninformative"
    assert fisher_interval(0.5, 3, 0.9) == (pytest.approx(np.nan, nan_ok=True),) * 2


def test_default_pairs_are_the_expected_signs() -> None:
    rng = np.random.default_rng(2)
    shocks = pd.DataFrame(
        rng.standard_normal((len(DAYS), 3)),
        index=DAYS,
        columns=["sell_america", "flight_to_safety", "risk_on"],
    )
    months = pd.date_range("2025-03-31", "2025-05-31", freq="ME")
    flows = {"slt_private": pd.Series(1.0, index=months)}
    table = validate_against_flows(shocks, flows, ("2025-04-04", "2025-04-11"))
    assert dict(zip(table["shock"], table["expected_sign"], strict=True)) == {
        "sell_america": -1,
        "flight_to_safety": 1,
    }
    assert "90% Fisher-z interval" in table["rule"].iloc[0]


@pytest.mark.parametrize(
    ("kw", "err", "match"),
    [
        (
            {"flows": {"swaps": pd.Series(dtype=float)}},
            ModelSpecificationError,
            r"flows\['swaps'\]",
        ),
        (
            {"expected": {("policy", "custody"): -1}},
            ModelSpecificationError,
            "`expected` must be shocks among",
        ),
        (
            {"expected": {("sell_america", "slt_official"): -1}},
            ModelSpecificationError,
            "`expected` must be flows among",
        ),
        (
            {"expected": {("sell_america", "custody"): 0}},
            ModelSpecificationError,
            r"must be \+1 or -1",
        ),
        ({"expected": {}}, ModelSpecificationError, "at least one"),
        ({"episode": ("2025-04-11", "2025-04-04")}, WindowError, "start <= end"),
        ({"shocks": "x"}, ModelSpecificationError, "`shocks` must be a DataFrame"),
        (
            {"shocks": pd.DataFrame({"sell_america": [1.0, np.nan]}, index=DAYS[:2])},
            ModelSpecificationError,
            "free of NaN",
        ),
    ],
)
def test_bad_input_raises(
    kw: dict[str, object], err: type[Exception], match: str
) -> None:
    args: dict[str, object] = {
        "shocks": pd.DataFrame({"sell_america": 1.0}, index=DAYS),
        "flows": {
            "custody": pd.Series(
                1.0, index=pd.date_range(DAYS[0], DAYS[-1], freq="W-WED")
            )
        },
        "episode": ("2025-04-04", "2025-04-11"),
    }
    args.update(kw)
    with pytest.raises(err, match=match):
        validate_against_flows(**args)  # type: ignore[arg-type]

"""What the report's per-period figures draw, against independent numbers.

Simulated worlds with known structure (not real data): the weekly recursive
SVAR against a numpy-only VAR(1) and Cholesky computed here, and the daily
heteroskedasticity SVAR against the world's own daily changes.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest

from attribution.config import Window
from attribution.engine.svar_hetero_daily import attribute_daily_hetero
from attribution.engine.svar_weekly import VARIABLES, attribute_svar
from attribution.engine.weekly_ols import model_weeks
from attribution.simulate import daily_world
from attribution.validation.daily_worlds import world_levels, world_spec
from tests.engine.test_svar_weekly import _inputs, _spec


def _numpy_var1(data: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """OLS of a VAR(1) with a constant: coefficients, residuals, Cholesky B."""
    y = data.to_numpy()
    x = np.column_stack([np.ones(len(y) - 1), y[:-1]])
    coef, *_ = np.linalg.lstsq(x, y[1:], rcond=None)
    u = y[1:] - x @ coef
    b = np.linalg.cholesky(u.T @ u / (len(u) - x.shape[1]))
    return coef, u, b


@pytest.fixture(scope="module")
def chol():  # noqa: ANN201
    sim, design, daily = _inputs()
    window = Window.parse("1980-03")
    res = attribute_svar(design, daily, window, _spec(), model="svar_chol_weekly")
    base, end = window.resolve(daily.index)
    weeks = model_weeks(design.index, base, end)
    data = sim.data[list(VARIABLES)].loc[: weeks[-1]]
    return res, sim, data, weeks


def test_weekly_var_rsquared_matches_a_hand_ols(chol) -> None:  # noqa: ANN001
    res, _, data, _ = chol
    _, u, _ = _numpy_var1(data)
    y = data.to_numpy()[1:]
    hand = 1.0 - (u**2).sum(axis=0) / ((y - y.mean(axis=0)) ** 2).sum(axis=0)
    got = res.details["svar_chol_weekly"].rsquared
    assert list(got) == list(VARIABLES)
    np.testing.assert_allclose(list(got.values()), hand, rtol=1e-10)


def test_weekly_periods_add_up_to_each_week_and_to_the_table(chol) -> None:  # noqa: ANN001
    res, sim, _, weeks = chol
    fd = res.figures["svar_chol_weekly"]
    assert fd.frequency == "week" and fd.shocks is None
    p = fd.periods
    for tenor, col in (("2y", "y2"), ("10y", "y10")):
        g = p.loc[p["tenor"] == tenor]
        # each week's bars sum to that week's simulated change
        by_week = g.groupby("date")["contribution_bp"].sum()
        np.testing.assert_allclose(by_week.to_numpy(), sim.data.loc[weeks, col],
                                   atol=1e-8)  # fmt: skip
        t = res.table.loc[res.table["tenor"] == tenor].set_index("driver")
        total = g.groupby("driver", sort=False)["contribution_bp"].sum()
        np.testing.assert_allclose(
            total.to_numpy(), t.loc[total.index, "contribution_bp"], atol=1e-8
        )


def test_weekly_irf_on_impact_is_the_cholesky_factor(chol) -> None:  # noqa: ANN001
    res, _, data, _ = chol
    _, _, b = _numpy_var1(data)
    irf = res.figures["svar_chol_weekly"].irf
    assert irf is not None
    h0 = irf.xs(0, level="horizon")
    for tenor, col in (("2y", "y2"), ("10y", "y10")):
        row = h0.xs(tenor, level="response")["point"]
        np.testing.assert_allclose(
            row.reindex(list(VARIABLES)).to_numpy(),
            b[list(VARIABLES).index(col)], atol=1e-8,
        )  # fmt: skip
        assert (h0.xs(tenor, level="response")["lower"] <= row + 1e-12).all()


@pytest.fixture(scope="module")
def hetero():  # noqa: ANN201
    world = daily_world("large", "holds", n_days=1500, seed=11)
    spec = world_spec(world, seed=1)
    spec = dataclasses.replace(spec, n_boot=100)
    win = Window.parse(world.window_text())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result, _ = attribute_daily_hetero(
            world.data, world_levels(world), win, spec, world.volatility == "episode"
        )
    return world, result


def test_daily_periods_sum_to_each_days_change(hetero) -> None:  # noqa: ANN001
    world, result = hetero
    fd = result.figures["svar_hetero_daily"]
    assert fd.frequency == "day"
    p = fd.periods
    first, last = world.window
    days = world.data.loc[first:last]
    for tenor, col in (("10y", "y10"), ("30y", "y30"), ("2y", "y2")):
        g = p.loc[p["tenor"] == tenor]
        by_day = g.groupby("date")["contribution_bp"].sum()
        np.testing.assert_allclose(by_day.to_numpy(), days[col].to_numpy(),
                                   atol=1e-8)  # fmt: skip
        t = result.table.loc[result.table["tenor"] == tenor].set_index("driver")
        total = g.groupby("driver", sort=False)["contribution_bp"].sum()
        np.testing.assert_allclose(
            total.to_numpy(), t.loc[total.index, "contribution_bp"], atol=1e-8
        )
    assert fd.shocks is not None
    assert list(fd.shocks.index) == list(days.index)
    assert fd.irf is not None
    assert set(fd.irf.index.get_level_values("response")) >= {"2y", "10y", "30y"}


def test_weekly_residual_checks_match_the_ljung_box_formula(chol) -> None:  # noqa: ANN001
    from scipy import stats

    res, _, data, _ = chol
    _, u, _ = _numpy_var1(data)
    e = u[:, list(VARIABLES).index("y10")]
    e = e - e.mean()
    n = len(e)
    r = [float(e[k:] @ e[:-k] / (e @ e)) for k in range(1, 9)]
    checks = res.details["svar_chol_weekly"].residual_checks
    assert checks.equation == "y10"
    for lag in (4, 8):
        q = n * (n + 2) * sum(r[k - 1] ** 2 / (n - k) for k in range(1, lag + 1))
        got_q, got_p = checks.ljung_box[str(lag)]
        assert got_q == pytest.approx(q, rel=1e-10)
        assert got_p == pytest.approx(stats.chi2.sf(q, lag), rel=1e-8)
    stat, p = checks.cusum
    assert stat > 0 and 0 <= p <= 1

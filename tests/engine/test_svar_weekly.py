"""SVAR attribution: adding up, and recovery of true shock contributions.

The truth comes from a known SVAR.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from attribution.config import Window
from attribution.engine.svar_weekly import VARIABLES, SvarSpec, attribute_svar
from attribution.engine.weekly_ols import model_weeks
from attribution.models.var import simulate_svar


def _truth(sim, weeks: pd.DatetimeIndex) -> pd.DataFrame:  # noqa: ANN001
    """Brute force: sum over W of sum_s A^s B eps_{t-s}, shocks dated inside W only.

    The model is a VAR(1).
    """
    a, b = sim.lag_coefs[0], sim.impact
    eps = sim.shocks.loc[weeks].to_numpy()
    n = b.shape[0]
    total = np.zeros((n, n))  # (response, shock)
    for t in range(len(weeks)):
        for s in range(t + 1):
            total += np.linalg.matrix_power(a, s) @ b * eps[t - s][None, :]
    return pd.DataFrame(total, index=list(VARIABLES), columns=list(VARIABLES))


def _inputs(seed: int = 4, nobs: int = 900):  # noqa: ANN202
    n = len(VARIABLES)
    rng = np.random.default_rng(seed)
    a = np.diag(rng.uniform(-0.3, 0.3, n)) + 0.05 * rng.normal(size=(n, n))
    b = np.tril(rng.normal(size=(n, n)) * 0.5) + np.diag(rng.uniform(1.0, 3.0, n))
    sim = simulate_svar(
        a[None],
        b,
        nobs,
        names=list(VARIABLES),
        shock_names=list(VARIABLES),
        start="1966-01-05",
        freq="W-WED",
        seed=seed,
    )
    d = sim.data
    design = pd.DataFrame(
        {
            "custody": d["custody"],
            "lev_net_short": -d["lev_net"],
            "ctrl_dollar": d["dollar"],
            "dy_2y": d["y2"],
            "dy_5y": d["y5"],
            "dy_10y": d["y10"],
            "dy_30y": d["y30"],
        }
    )
    daily = pd.DataFrame(
        {t: 3.0 + d[f"y{t[:-1]}"].cumsum() / 100.0 for t in ("2y", "5y", "10y", "30y")}
    )
    return sim, design, daily


def _spec() -> SvarSpec:
    return SvarSpec(
        tenors=("2y", "10y"),
        estimation_start=pd.Timestamp("1966-01-01"),
        n_lags=1,
        n_draws=2000,
        n_boot=100,
        n_rotations=100,
        level=0.9,
        seed=0,
    )


def _independent_chol_hd(data: pd.DataFrame, weeks: pd.DatetimeIndex) -> pd.DataFrame:
    """Numpy-only VAR(1) OLS, Cholesky B, recovered shocks.

    The window contributions are then summed by brute force.
    """
    y = data.to_numpy()
    x = np.column_stack([np.ones(len(y) - 1), y[:-1]])
    coef, *_ = np.linalg.lstsq(x, y[1:], rcond=None)
    u = y[1:] - x @ coef
    b = np.linalg.cholesky(u.T @ u / (len(u) - x.shape[1]))
    eps = pd.DataFrame(
        np.linalg.solve(b, u.T).T, index=data.index[1:], columns=data.columns
    )

    class Est:
        lag_coefs, impact, shocks = coef[1:].T[None], b, eps

    return _truth(Est, weeks)


def test_recursive_svar_matches_independent_computation() -> None:
    sim, design, daily = _inputs()
    window = Window.parse("1980-03")
    res = attribute_svar(design, daily, window, _spec(), model="svar_chol_weekly")
    base, end = window.resolve(daily.index)
    weeks = model_weeks(design.index, base, end)
    ref = _independent_chol_hd(sim.data[list(VARIABLES)].loc[: weeks[-1]], weeks)
    for tenor, col in (("2y", "y2"), ("10y", "y10")):
        t = res.table.loc[res.table["tenor"] == tenor].set_index("driver")
        np.testing.assert_allclose(
            t.loc[list(VARIABLES), "contribution_bp"], ref.loc[col], atol=1e-8
        )
        actual = (daily[tenor][end] - daily[tenor][base]) * 100
        assert t.loc["actual", "contribution_bp"] == pytest.approx(actual, abs=1e-8)
        assert t.drop("actual")["contribution_bp"].sum() == pytest.approx(
            actual, abs=1e-6
        )


def test_recursive_svar_recovers_true_contributions() -> None:
    # Long sample so that estimation error is small relative to the window's shocks.
    sim, design, daily = _inputs(seed=7, nobs=4000)
    window = Window.parse("2030-06")
    res = attribute_svar(design, daily, window, _spec(), model="svar_chol_weekly")
    base, end = window.resolve(daily.index)
    truth = _truth(sim, model_weeks(design.index, base, end))
    for tenor, col in (("2y", "y2"), ("10y", "y10")):
        t = res.table.loc[res.table["tenor"] == tenor].set_index("driver")
        est = t.loc[list(VARIABLES), "contribution_bp"].to_numpy()
        true = truth.loc[col].to_numpy()
        assert np.abs(est - true).sum() < 0.25 * np.abs(true).sum() + 1.0, (est, true)


def test_sign_svar_adds_up_and_names_shocks() -> None:
    _, design, daily = _inputs(seed=5)
    spec = dataclasses.replace(_spec(), n_draws=8000)  # enough admissible rotations
    res = attribute_svar(
        design, daily, Window.parse("1980-03"), spec, model="svar_sign_weekly"
    )
    drivers = set(res.table["driver"])
    assert {
        "foreign_official_selling",
        "basis_unwind",
        "baseline",
        "other_shocks",
    } <= drivers
    assert "sign restrictions" in res.table["identification"].iloc[0]
    res.check_adding_up(tol=1e-6)

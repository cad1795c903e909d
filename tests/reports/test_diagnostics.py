"""Diagnostics of the daily VAR against closed forms, on simulated data.

The data are a simulated VAR(1) (known coefficients); R² comes from an
independent numpy least-squares fit and Ljung-Box Q from its formula
Q = n (n + 2) sum_k r_k^2 / (n - k).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.config.window import Window
from attribution.engine.diagnostics import daily_diagnostics, sensitivity_variants
from attribution.engine.svar_daily import CORE, REPORTED, DailySpec


@pytest.fixture(scope="module")
def design() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n, k = 600, len(CORE)
    a = np.diag(np.linspace(0.05, 0.4, k))
    y = np.zeros((n, k))
    for t in range(1, n):
        y[t] = a @ y[t - 1] + rng.standard_normal(k)
    idx = pd.bdate_range("2020-01-01", periods=n)
    return pd.DataFrame(y, index=idx, columns=list(CORE))


def _spec() -> DailySpec:
    return DailySpec(
        reported=tuple(REPORTED),
        estimation_start=pd.Timestamp("2020-01-01"),
        estimation_end=None,
        n_lags=1,
    )


def test_rsquared_and_ljung_box_match_closed_forms(design: pd.DataFrame) -> None:
    window = Window.parse("2022-04-04:2022-04-08")
    d = daily_diagnostics(design, design, window, _spec(), "basic")
    y = design.to_numpy()
    x = np.column_stack([np.ones(len(y) - 1), y[:-1]])
    beta, *_ = np.linalg.lstsq(x, y[1:], rcond=None)
    e = y[1:] - x @ beta
    yc = y[1:] - y[1:].mean(axis=0)
    want = 1.0 - (e**2).sum(axis=0) / (yc**2).sum(axis=0)
    assert d.rsquared[list(CORE)].to_numpy() == pytest.approx(want, rel=1e-8)
    e10 = e[:, CORE.index("real10")] + e[:, CORE.index("be10")]
    n = len(e10)
    c = e10 - e10.mean()
    r = np.array([(c[h:] * c[:-h]).sum() / (c**2).sum() for h in range(1, 11)])
    q10 = n * (n + 2) * np.sum(r**2 / (n - np.arange(1, 11)))
    assert d.ljung_box.loc[10, "statistic"] == pytest.approx(q10, rel=1e-8)
    assert d.nobs == n and d.sensitivity is None and d.level == "basic"
    assert 0.0 <= d.cusum_10y[1] <= 1.0


def test_sensitivity_variants_drop_each_sign_once() -> None:
    v = sensitivity_variants(_spec(), pd.Timestamp("2021-01-01"))
    drops = [k for k in v if k.startswith("drop ")]
    # DAILY_SHOCKS: policy 4, term_premium 3, sell_america 4, flight_to_safety 4,
    # risk_on 4, basis_deleveraging 2 signs
    assert len(drops) == 21
    assert {"baseline", "n_lags=2", "start=2021-01-01", "seed+1"} <= set(v)
    spec = v["drop term_premium: tp10 +"]
    assert (
        spec.shocks is not None and "tp10" not in spec.shocks["term_premium"]["signs"]
    )
    assert len(spec.shocks["policy"]["signs"]) == 4


def test_mean_break_test_finds_a_known_shift() -> None:
    """Simulated residuals whose mean shifts by 1.5 s.d. after day 300 of 600."""
    from attribution.engine.diagnostics import mean_break_test

    rng = np.random.default_rng(3)
    idx = pd.bdate_range("2020-01-01", periods=600)
    e = pd.Series(np.r_[np.zeros(300), np.full(300, 1.5)] + rng.standard_normal(600),
                  index=idx)  # fmt: skip
    b = mean_break_test(e)
    assert b["udmax"] > b["critical_5"] == pytest.approx(8.88)  # Bai-Perron table
    assert b["n_breaks"] == 1
    assert abs((pd.Timestamp(b["dates"][0]) - idx[299]).days) <= 10
    calm = mean_break_test(pd.Series(rng.standard_normal(600), index=idx))
    assert calm["udmax"] < calm["critical_5"] and calm["n_breaks"] == 0


def test_weekly_sensitivity_table_lists_every_variant() -> None:
    """Made-up details: the table has a row per variant and the largest moves."""
    from attribution.engine.details import (
        ResidualChecks,
        SetFacts,
        SignWeeklyDetails,
    )
    from attribution.engine.result import AttributionResult
    from attribution.reports.diagnostics_report import weekly_sensitivity_lines

    sens = {
        "baseline": {"foreign_official_selling": 1.0, "basis_unwind": -2.0},
        "seed+1": {"foreign_official_selling": 1.5, "basis_unwind": -2.0},
        "drop basis_unwind: 10y +": {"foreign_official_selling": 4.0,
                                     "basis_unwind": 1.0},  # fmt: skip
    }
    facts = SetFacts(
        n_boot_kept=1, n_boot=1, posterior_pairs=1, set_rotations=1,
        mc_converged=True, mc_se_max_bp=0.0, band_mc_se_max_bp=0.0,
        set_spread_max_bp=0.0, indistinct=(),
    )  # fmt: skip
    sign = SignWeeklyDetails(
        sample="", nobs=0, n_lags=1, model_weeks=(), rsquared={},
        residual_checks=ResidualChecks("y10", {}, (0.0, 1.0), {}, (0.0, 0.0, 1.0)),
        set_facts=facts, sensitivity=sens,
    )  # fmt: skip
    res = AttributionResult(pd.DataFrame(), {"svar_sign_weekly": sign})
    lines = weekly_sensitivity_lines(res)
    rows = [x for x in lines if x.startswith("| ") and not x.startswith("| variant")]
    assert [r.split(" | ")[0][2:] for r in rows] == list(sens)
    assert "| drop basis_unwind: 10y + | +4.0 | +1.0 |" in lines
    assert any("foreign official selling 3.0 bp" in x and "basis unwind 3.0 bp" in x
               for x in lines)  # fmt: skip
    assert weekly_sensitivity_lines(AttributionResult(pd.DataFrame(), {})) == []

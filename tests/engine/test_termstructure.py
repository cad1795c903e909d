"""Term-structure attribution on a simulated affine world (simulation truth)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.engine.result import COLUMNS
from attribution.engine.termstructure import (
    MODEL,
    TermStructureSpec,
    attribute_term_structure,
    term_premium_series,
)
from attribution.exceptions import EmptySampleError
from attribution.models.termstructure import ACMModel, simulate_world
from attribution.models.termstructure.simulate import default_world


@pytest.fixture(scope="module")
def setup():
    world = default_world()
    yields, true_tp, _ = simulate_world(world, 600, seed=3)
    fit = ACMModel(yields, n_factors=3).fit(n_boot=99, seed=0)
    # "par" yields: the zero yields plus a known coupon wedge of 2 bp per year
    par = pd.DataFrame(
        {"2y": yields[24] + 0.04, "10y": yields[120] + 0.20}, index=yields.index
    )
    return yields, true_tp, fit, par


def test_rows_add_up_and_name_the_identification(setup) -> None:
    yields, _, fit, par = setup
    base, end = yields.index[100], yields.index[112]
    spec = TermStructureSpec(("2y", "10y"), 0.9, "sim")
    res = attribute_term_structure(fit, yields, par, base, end, spec)
    res.check_adding_up(tol=1e-9)
    t = res.table
    assert list(t.columns) == list(COLUMNS)
    assert set(t["model"]) == {MODEL}
    assert "ACM (2013)" in t["identification"].iloc[0]
    assert set(t["driver"]) == {
        "expected_path",
        "term_premium",
        "pricing_error",
        "par_minus_zero",
        "actual",
    }
    row = t.set_index(["tenor", "driver"])
    # the par-zero wedge is constant, so its change is zero; the model prices
    # the simulated curve exactly, so the pricing error is zero too
    assert row.loc[("10y", "par_minus_zero"), "contribution_bp"] == pytest.approx(
        0.0, abs=1e-9
    )
    assert abs(row.loc[("10y", "pricing_error"), "contribution_bp"]) < 1e-4
    actual = (yields[120].loc[end] - yields[120].loc[base]) * 100
    assert row.loc[("10y", "actual"), "contribution_bp"] == pytest.approx(actual)
    tp = row.loc[("10y", "term_premium")]
    assert tp["lower_bp"] <= tp["contribution_bp"] <= tp["upper_bp"]
    assert tp["std_err_bp"] > 0


def test_term_premium_change_tracks_the_true_change() -> None:
    # the monthly change in the true 10y term premium has s.d. 1.4 bp here;
    # measured corr of the estimated changes with it: 0.13 at T = 600 months,
    # 0.91 at 3,000 and 0.994 at 6,000 (seed 3): the premium is weakly
    # identified in short samples, which the bootstrap bands must show
    yields, true_tp, _ = simulate_world(default_world(), 6000, seed=3)
    fit = ACMModel(yields, n_factors=3).fit()
    series = term_premium_series(fit, yields, "10y")
    est = series["d_term_premium_bp"].dropna()
    true = true_tp[120].diff().dropna() * 100
    assert np.corrcoef(est, true)[0, 1] > 0.98
    assert (est - true).abs().max() < 2.0
    parts = series["expected_path"] + series["term_premium"]
    np.testing.assert_allclose(parts, series["fitted"], atol=1e-12)


def test_missing_close_names_the_date(setup) -> None:
    yields, _, fit, par = setup
    spec = TermStructureSpec(("10y",), 0.9, "sim")
    with pytest.raises(EmptySampleError, match="no fitted zero curve on 1999-12-31"):
        attribute_term_structure(
            fit, yields, par, pd.Timestamp("1999-12-31"), yields.index[5], spec
        )


def test_rows_fixed_by_the_bootstrap_are_exact(setup) -> None:
    # the bands come from the factor VAR with the pricing held fixed, so the
    # pricing-error row has no sampling spread: its interval is the point
    yields, _, fit, par = setup
    spec = TermStructureSpec(("10y",), 0.95, "sim")
    t = attribute_term_structure(
        fit, yields, par, yields.index[200], yields.index[230], spec
    ).table.set_index("driver")
    row = t.loc["pricing_error"]
    assert row["std_err_bp"] == 0.0
    assert row["lower_bp"] == row["contribution_bp"] == row["upper_bp"]
    ep, tp = t.loc["expected_path"], t.loc["term_premium"]
    assert ep["std_err_bp"] == pytest.approx(tp["std_err_bp"], rel=1e-9)

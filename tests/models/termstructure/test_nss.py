"""NSS par-curve fits against par yields that can be repriced exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import EmptySampleError, ModelSpecificationError
from attribution.models.termstructure import NSSCurveModel
from attribution.models.termstructure.curve import tenor_years
from attribution.models.termstructure.nss import par_yields, zero_yields

TENORS = ["1m", "2m", "3m", "4m", "6m", "1y", "2y", "3y", "5y", "7y", "10y", "20y"]
TENORS += ["30y"]
YEARS = np.array([tenor_years(t) for t in TENORS])
TRUE = np.array(
    [
        [4.6, -0.4, -1.2, 1.5, 1.4, 9.0],  # mildly humped
        [4.7, -0.5, -1.0, 1.4, 1.5, 9.5],
        [4.9, 0.8, -2.0, 0.9, 1.0, 12.0],  # inverted front end
    ]
)


def test_flat_curve_par_yields_match_the_closed_form() -> None:
    # flat continuously compounded zero rate r: a semiannual par bond pays
    # 2 (exp(r/2) - 1); a bill's bond-equivalent yield is (exp(r m) - 1) / m.
    r = 0.05
    flat = np.array([100 * r, 0.0, 0.0, 0.0, 1.0, 5.0])
    got = par_yields(flat, np.array([0.25, 0.5, 2.0, 10.0, 30.0]))
    bill = [(np.exp(r * m) - 1) / m * 100 for m in (0.25, 0.5)]
    bond = 2 * (np.exp(r / 2) - 1) * 100
    np.testing.assert_allclose(got, [*bill, bond, bond, bond], rtol=0, atol=1e-12)


def test_fit_reprices_par_yields_and_recovers_the_zero_curve() -> None:
    par = pd.DataFrame(
        par_yields(TRUE, YEARS),
        index=pd.bdate_range("2024-01-02", periods=len(TRUE)),
        columns=TENORS,
    )
    fit = NSSCurveModel(par).fit()
    assert fit.fit_error_bp["max_abs_bp"].max() < 0.01
    grid = np.arange(1, 361) / 12
    gap = (fit.zero(grid).to_numpy() - zero_yields(TRUE, grid)) * 100
    assert np.abs(gap).max() < 0.5  # bp, 1 month to 30 years
    assert np.abs(gap[:, (grid >= 0.25) & (grid <= 20)]).max() < 0.1


def test_missing_tenors_are_skipped_not_filled() -> None:
    values = par_yields(TRUE, YEARS)
    values[:, TENORS.index("30y")] = np.nan  # the 2002-2006 gap
    values[1, TENORS.index("20y")] = np.nan
    par = pd.DataFrame(
        values, index=pd.bdate_range("2004-01-02", periods=3), columns=TENORS
    )
    fit = NSSCurveModel(par).fit()
    assert fit.residuals_bp["30y"].isna().all()
    assert fit.fit_error_bp["n_tenors"].tolist() == [12, 11, 12]
    assert fit.fit_error_bp["max_abs_bp"].max() < 0.1  # bp; the fitter stops there


def test_warm_and_cold_starts_give_the_same_curves() -> None:
    par = pd.DataFrame(
        par_yields(TRUE, YEARS),
        index=pd.bdate_range("2024-01-02", periods=3),
        columns=TENORS,
    )
    grid = np.array([0.5, 2, 5, 10, 30.0])
    warm = NSSCurveModel(par).fit(warm_start=True).zero(grid)
    cold = NSSCurveModel(par).fit(warm_start=False).zero(grid)
    assert (warm - cold).abs().to_numpy().max() * 100 < 0.5


def test_real_par_curve_april_2025_fits_within_a_few_bp(fixtures_dir) -> None:
    from attribution.sources.treasury import parse_par_curve

    raw = parse_par_curve(
        (fixtures_dir / "treasury/daily-treasury-rates_2025_apr.csv").read_bytes(),
        "apr",
    )
    par = raw.pivot(index="date", columns="series_id", values="value")
    par.columns = [c.removeprefix("PAR.") for c in par.columns]
    fit = NSSCurveModel(par).fit()
    # 10y par on 2025-04-11 is 4.48 (read off the file); the fit reprices it
    assert par.loc["2025-04-11", "10y"] == pytest.approx(4.48)
    assert fit.fit_error_bp["rmse_bp"].median() < 6.0
    assert fit.summary().startswith("NSS par-curve fits")


def test_bad_tenor_and_thin_days_raise() -> None:
    idx = pd.bdate_range("2024-01-02", periods=2)
    with pytest.raises(ModelSpecificationError, match="`tenor` must be"):
        NSSCurveModel(pd.DataFrame({"10yr": [4.0, 4.1]}, index=idx))
    with pytest.raises(EmptySampleError, match="at least one date with 7"):
        NSSCurveModel(pd.DataFrame({"2y": [4.0, 4.1], "10y": [4.2, 4.3]}, index=idx))
    with pytest.raises(ModelSpecificationError, match="`par_yields` must be"):
        NSSCurveModel(np.zeros((3, 3)))  # type: ignore[arg-type]

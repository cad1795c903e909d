"""Local projections: R reference, VAR impact, AR(1) truth, LP-IV truth, statsmodels."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.api import VAR
from statsmodels.tsa.api import LocalProjections as SMLocalProjections

from attribution.exceptions import (
    EmptySampleError,
    ModelSpecificationError,
    WeakIdentificationWarning,
)
from attribution.models.lp import (
    LocalProjections,
    simulate_ar1,
    simulate_lp_iv,
    simulate_var,
)
from attribution.models.regression import IVRegression

RESULTS = Path(__file__).parent / "results"
REF = pd.read_csv(RESULTS / "lp_reference.csv")
A1 = np.array([[[0.5, 0.1, 0.0], [0.2, 0.4, 0.1], [-0.1, 0.3, 0.3]]])
B = np.array([[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [-0.3, 0.4, 0.8]])


def _seatbelts() -> pd.DataFrame:
    df = pd.read_csv(RESULTS / "seatbelts_lp.csv", parse_dates=["date"]).set_index(
        "date"
    )
    return df[["petrol", "logdrivers"]]


@pytest.mark.parametrize("cumulative", [False, True], ids=["level", "cumulative"])
@pytest.mark.parametrize("spec", ["rule", "fixed2"])
def test_matches_r_newey_west_by_horizon(cumulative: bool, spec: str) -> None:
    model = LocalProjections(
        _seatbelts(),
        shock="petrol",
        responses=["logdrivers", "petrol"],
        horizon=4,
        n_lags=2,
        cumulative=cumulative,
    )
    res = model.fit(bandwidth=None if spec == "rule" else 2)
    ref = REF[(REF["cumulative"] == cumulative) & (REF["spec"] == spec)]
    ref = ref.set_index(["horizon", "response"])
    got = res.to_frame().droplevel("shock")
    ref = ref.loc[got.index]
    np.testing.assert_array_equal(got["bandwidth"], ref["bandwidth"])
    np.testing.assert_array_equal(got["nobs"], ref["nobs"])
    np.testing.assert_allclose(got["irf"], ref["irf"], rtol=1e-10, atol=1e-12)
    big = ref["std_err"] > 1e-10  # the shock's own h=0 response is exact (SE ~ 1e-16)
    np.testing.assert_allclose(
        got.loc[big, "std_err"], ref.loc[big, "std_err"], rtol=1e-8
    )
    assert (got.loc[~big, "std_err"] < 1e-10).all()


def test_default_bandwidth_is_at_least_h_plus_one() -> None:
    res = LocalProjections(
        simulate_ar1(300, seed=0), shock="y", horizon=10, n_lags=1
    ).fit()
    assert all(res.bandwidths[h] >= h + 1 for h in res.bandwidths.index)
    assert res.bandwidths[10] == 11


@pytest.mark.parametrize("shock_pos", [0, 1, 2])
def test_horizon0_equals_var_cholesky_impact(shock_pos: int) -> None:
    data = simulate_var(400, A1, B, names=["a", "b", "c"], seed=11)
    names = list(data.columns)
    var = VAR(data).fit(2, trend="c")
    chol = var.orth_ma_rep(0)[0]  # P with P P' = Sigma_u, impact responses
    unit = chol[:, shock_pos] / chol[shock_pos, shock_pos]
    shock = names[shock_pos]
    res = LocalProjections(
        data,
        shock=shock,
        recursive=names[:shock_pos],
        responses=names[shock_pos:],
        horizon=0,
        n_lags=2,
    ).fit()
    got = res.irf.xs(0, level="horizon").droplevel("shock")
    np.testing.assert_allclose(
        got.loc[names[shock_pos:]].to_numpy(), unit[shock_pos:], rtol=1e-9, atol=1e-12
    )


def test_ar1_recovers_phi_power_h() -> None:
    phi = 0.7
    res = LocalProjections(
        simulate_ar1(5000, phi=phi, seed=3), shock="y", horizon=6, n_lags=1
    ).fit()
    irf = res.irf.xs("y", level="response").droplevel("shock")
    truth = phi ** np.arange(7)
    se = res.std_err.xs("y", level="response").droplevel("shock")
    assert np.all(np.abs(irf - truth)[1:] < 4 * se[1:])
    assert np.max(np.abs(irf - truth)) < 0.06
    ci = res.conf_int()
    assert (ci["lower"] <= ci["upper"]).all()


def test_point_estimates_match_statsmodels_common_sample() -> None:
    data = simulate_var(300, A1, B, names=["a", "b", "c"], seed=5)
    ours = LocalProjections(
        data, shock="a", horizon=5, n_lags=2, sample="common"
    ).fit()
    sm = SMLocalProjections(data, shock_idx=0, lags=2, horizons=5).fit()
    got = ours.irf.to_numpy().reshape(6, 3)
    np.testing.assert_allclose(got, sm.irfs[:, :, 0], rtol=1e-9, atol=1e-12)


def test_cumulative_equals_cumsum_on_common_sample() -> None:
    data = simulate_var(300, A1, B, names=["a", "b", "c"], seed=6)
    kw = dict(shock="b", recursive=["a"], horizon=4, n_lags=2, sample="common")
    lvl = LocalProjections(data, **kw).fit().irf  # type: ignore[arg-type]
    cum = LocalProjections(data, cumulative=True, **kw).fit().irf  # type: ignore[arg-type]
    expected = lvl.groupby(level=["response", "shock"]).cumsum()
    np.testing.assert_allclose(
        cum.to_numpy(), expected.loc[cum.index].to_numpy(), rtol=1e-9
    )


def test_lp_iv_recovers_truth_where_ols_is_biased() -> None:
    sim = simulate_lp_iv(4000, seed=2, horizon=4)
    iv = LocalProjections(
        sim.data,
        shock="flows",
        responses=["y"],
        horizon=4,
        n_lags=1,
        instrument=sim.instrument,
    ).fit()
    ols = LocalProjections(
        sim.data, shock="flows", responses=["y"], horizon=4, n_lags=1
    ).fit()
    est = iv.irf.droplevel(["response", "shock"])
    se = iv.std_err.droplevel(["response", "shock"])
    assert np.all(np.abs(est - sim.irf) < 4 * se)
    # plim of LP-OLS: (theta_0 + gamma)/2 = 1 at h = 0 (= theta_0 by coincidence here),
    # theta_h / 2 for h >= 1 (Var(flows) = 2 and the confounder does not persist)
    assert abs(ols.irf.iloc[1] - sim.irf.iloc[1]) > 8 * ols.std_err.iloc[1]
    assert len(iv.first_stage) == 5 and (iv.first_stage["partial_f"] > 100).all()
    assert "LP-IV" in iv.summary()


def test_lp_iv_horizon_equals_iv_regression() -> None:
    sim = simulate_lp_iv(500, seed=4, horizon=2)
    res = LocalProjections(
        sim.data,
        shock="flows",
        responses=["y"],
        horizon=2,
        n_lags=1,
        instrument=sim.instrument,
    ).fit()
    d = sim.data
    h = 2
    lhs = d["y"].shift(-h).iloc[1 : len(d) - h]
    ctrl = d.shift(1).add_suffix(".L1").iloc[1 : len(d) - h]
    ref = IVRegression(
        lhs,
        ctrl,
        d[["flows"]].iloc[1 : len(d) - h],
        sim.instrument.iloc[1 : len(d) - h],
    ).fit(cov="hac", bandwidth=int(res.bandwidths[h]))
    assert res.bandwidths[h] == max(h + 1, int(4 * (len(lhs) / 100) ** (2 / 9)))
    assert res.irf[(h, "y", "flows")] == pytest.approx(ref.params["flows"], rel=1e-12)
    assert res.std_err[(h, "y", "flows")] == pytest.approx(
        ref.std_err["flows"], rel=1e-12
    )


def test_lp_iv_weak_instrument_warns_once() -> None:
    sim = simulate_lp_iv(300, seed=8)
    noise = pd.Series(np.sin(np.arange(300) * 1.7), index=sim.data.index, name="z")
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        LocalProjections(
            sim.data, shock="flows", horizon=3, n_lags=1, instrument=noise
        ).fit()
    weak = [w for w in rec if issubclass(w.category, WeakIdentificationWarning)]
    assert len(weak) == 1 and "Weak instrument at horizons" in str(weak[0].message)


def test_errors() -> None:
    data = simulate_ar1(50, seed=1)
    with pytest.raises(ModelSpecificationError, match="`shock` must be one of"):
        LocalProjections(data, shock="x")
    with pytest.raises(ModelSpecificationError, match="`recursive` must be one of"):
        LocalProjections(data.assign(z=1.0), shock="y", recursive=["y"])
    with pytest.raises(EmptySampleError, match="`data` must be longer than"):
        LocalProjections(data, shock="y", horizon=45, n_lags=2)
    with pytest.raises(ModelSpecificationError, match="`data.index` must be tz-naive"):
        LocalProjections(data.tz_localize("UTC"), shock="y")


def test_each_horizon_equals_hac_regression_on_hand_built_design() -> None:
    from attribution.models.regression import HACRegression

    data = simulate_var(250, A1, B, names=["a", "b", "c"], seed=12)
    res = LocalProjections(data, shock="b", recursive=["a"], horizon=3, n_lags=2).fit()
    for h in range(4):
        rows = slice(2, 250 - h)
        design = pd.concat(
            [
                data[["b", "a"]],
                data.shift(1).add_suffix(".L1"),
                data.shift(2).add_suffix(".L2"),
            ],
            axis=1,
        ).iloc[rows]
        lhs = data["c"].shift(-h).iloc[rows]
        ref = HACRegression(lhs, design).fit(
            cov="hac", bandwidth=int(res.bandwidths[h])
        )
        got = res.regressions[(h, "c")]
        assert got.params["b"] == pytest.approx(ref.params["b"], rel=1e-10)
        assert res.std_err[(h, "c", "b")] == pytest.approx(ref.std_err["b"], rel=1e-10)
        assert got.nobs == ref.nobs == 248 - h


def test_nan_and_index_errors() -> None:
    data = simulate_ar1(60, seed=1)
    gap = data.copy()
    gap.iloc[10, 0] = np.nan
    with pytest.raises(
        ModelSpecificationError, match="`data` must be free of NaN.*gap-free"
    ):
        LocalProjections(gap, shock="y")
    with pytest.raises(
        ModelSpecificationError, match="`instrument.index` must be equal"
    ):
        LocalProjections(data, shock="y", instrument=data["y"].iloc[1:])
    with pytest.raises(ModelSpecificationError, match="`responses` must be one of"):
        LocalProjections(data, shock="y", responses=["q"])
    with pytest.raises(ModelSpecificationError, match="`sample` must be one of"):
        LocalProjections(data, shock="y", sample="min")  # type: ignore[arg-type]


@pytest.mark.parametrize("cumulative", [False, True], ids=["level", "cumulative"])
def test_horizon_lag_rule_and_classical_se_match_r(cumulative: bool) -> None:
    """NeweyWest(lag = h + 1) (Jorda, lpirfs) and summary.lm standard errors."""
    model = LocalProjections(
        _seatbelts(),
        shock="petrol",
        responses=["logdrivers", "petrol"],
        horizon=4,
        n_lags=2,
        cumulative=cumulative,
    )
    res = model.fit(lag_rule="horizon")
    ref = REF[(REF["cumulative"] == cumulative) & (REF["spec"] == "horizon")]
    ref = ref.set_index(["horizon", "response"])
    got = res.to_frame().droplevel("shock")
    ref = ref.loc[got.index]
    np.testing.assert_array_equal(got["bandwidth"], ref["bandwidth"])
    np.testing.assert_array_equal(res.bandwidths.to_numpy(), np.arange(1, 6))
    big = ref["std_err"] > 1e-10
    np.testing.assert_allclose(
        got.loc[big, "std_err"], ref.loc[big, "std_err"], rtol=1e-8
    )
    classical = res.std_err_classical.droplevel("shock").loc[got.index]
    big = ref["std_err_classical"] > 1e-10
    np.testing.assert_allclose(
        classical[big.to_numpy()], ref.loc[big, "std_err_classical"], rtol=1e-8
    )
    with pytest.raises(ModelSpecificationError, match="`lag_rule` must be one of"):
        model.fit(lag_rule="h+1")  # type: ignore[arg-type]


def test_any_sorted_index() -> None:
    """Integer and period indexes give the same fit as the dated one."""
    data = _seatbelts()
    kw = {"shock": "petrol", "horizon": 3, "n_lags": 2}
    dated = LocalProjections(data, **kw).fit()  # type: ignore[arg-type]
    for index in (
        pd.RangeIndex(len(data)),
        pd.period_range("1969-01", periods=len(data), freq="M"),
    ):
        other = LocalProjections(data.set_axis(index), **kw).fit()  # type: ignore[arg-type]
        np.testing.assert_array_equal(other.irf.to_numpy(), dated.irf.to_numpy())
        np.testing.assert_array_equal(
            other.std_err.to_numpy(), dated.std_err.to_numpy()
        )
    with pytest.raises(ModelSpecificationError, match="`data.index` must be sorted"):
        LocalProjections(data.set_axis(pd.RangeIndex(len(data))[::-1]), **kw)  # type: ignore[arg-type]
    dup = pd.Index([0, *range(len(data) - 1)])
    with pytest.raises(ModelSpecificationError, match="`data.index` must be unique"):
        LocalProjections(data.set_axis(dup), **kw)  # type: ignore[arg-type]


def test_lp_iv_classical_se_equals_2sls_formula() -> None:
    """LP-IV: classical s.e. = IVRegression(cov='nonrobust') on the same horizon."""
    from attribution.models.regression import IVRegression

    rng = np.random.default_rng(5)
    n = 300
    z = rng.standard_normal(n)
    e = rng.standard_normal(n)
    s = 0.8 * z + 0.5 * e + rng.standard_normal(n)
    y = 0.7 * s + e
    idx = pd.date_range("2000-01-03", periods=n, freq="W-MON")
    data = pd.DataFrame({"s": s, "y": y}, index=idx)
    res = LocalProjections(
        data,
        shock="s",
        responses=["y"],
        horizon=1,
        n_lags=1,
        instrument=pd.Series(z, index=idx, name="z"),
    ).fit()
    fit = res.regressions[(1, "y")]
    exog = fit.exog.drop(columns=["const", "s"])
    iv = IVRegression(
        fit.endog,
        exog,
        data[["s"]].loc[fit.endog.index],
        pd.DataFrame({"z": z}, index=idx).loc[fit.endog.index],
    ).fit(cov="nonrobust")
    assert res.std_err_classical[(1, "y", "s")] == pytest.approx(
        iv.std_err["s"], rel=1e-10
    )

"""IV/2SLS: closed forms, simulation truth, and linearmodels for plumbing only."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from linearmodels.iv import IV2SLS

from attribution.exceptions import ModelSpecificationError, WeakIdentificationWarning
from attribution.models.regression import HACRegression, IVRegression
from attribution.models.regression.simulate import simulate_iv
from tests.models.regression.conftest import RESULTS, load_dataset


def _fit(sim, **kw):  # type: ignore[no-untyped-def]
    return IVRegression(sim.endog, None, sim.endogenous, sim.instruments).fit(**kw)


def test_just_identified_closed_form() -> None:
    sim = simulate_iv(300, seed=1)
    res = _fit(sim)
    y = sim.endog.to_numpy()
    x = sim.endogenous.to_numpy()[:, 0]
    z = sim.instruments.to_numpy()[:, 0]
    zc = z - z.mean()
    beta = (zc @ (y - y.mean())) / (zc @ (x - x.mean()))  # Cov(z, y) / Cov(z, x)
    assert res.params["official_flows"] == pytest.approx(beta, rel=1e-10)
    assert res.params["const"] == pytest.approx(y.mean() - beta * x.mean(), rel=1e-10)


def test_simulation_iv_unbiased_ols_biased() -> None:
    sim = simulate_iv(20_000, beta=1.0, strength=1.0, rho=0.6, seed=7)
    iv = _fit(sim, cov="hc0")
    ols = HACRegression(sim.endog, sim.endogenous).fit(cov="hc0")
    # OLS converges to beta + rho/(pi^2+1) = 1.3; 2SLS to beta = 1
    assert abs(ols.params["official_flows"] - sim.ols_plim) < 0.02
    assert (
        abs(iv.params["official_flows"] - sim.beta) < 4 * iv.std_err["official_flows"]
    )
    assert abs(iv.params["official_flows"] - sim.beta) < 0.05
    # one endogenous regressor: Shea's partial R2 equals the partial R2, which is
    # pi^2 / (pi^2 + 1) = 0.5 in population
    fs = iv.first_stage.loc["official_flows"]
    assert fs["shea_rsquared"] == pytest.approx(fs["partial_rsquared"], rel=1e-10)
    assert fs["partial_rsquared"] == pytest.approx(0.5, abs=0.02)


@pytest.mark.parametrize(
    ("ours", "theirs", "extra"),
    [
        ("hac", "kernel", {"kernel": "bartlett", "bandwidth": 3, "debiased": False}),
        ("hc0", "robust", {"debiased": False}),
        ("nonrobust", "unadjusted", {"debiased": True}),
    ],
)
def test_plumbing_matches_linearmodels(ours: str, theirs: str, extra: dict) -> None:
    sim = simulate_iv(400, strength=0.8, seed=3)
    exog = pd.DataFrame({"ctrl": np.sin(np.arange(400) / 7.0)}, index=sim.endog.index)
    res = IVRegression(sim.endog, exog, sim.endogenous, sim.instruments).fit(
        cov=ours, bandwidth=3
    )  # type: ignore[arg-type]
    lm_exog = exog.assign(const=1.0)[["const", "ctrl"]]
    lm = IV2SLS(sim.endog, lm_exog, sim.endogenous, sim.instruments).fit(
        cov_type=theirs, **extra
    )
    np.testing.assert_allclose(res.params.to_numpy(), lm.params.to_numpy(), rtol=1e-10)
    np.testing.assert_allclose(
        res.std_err.to_numpy(), lm.std_errors.to_numpy(), rtol=1e-8
    )
    diag = lm.first_stage.diagnostics.loc["official_flows"]
    fs = res.first_stage.loc["official_flows"]
    assert fs["partial_rsquared"] == pytest.approx(diag["partial.rsquared"], rel=1e-8)
    assert fs["shea_rsquared"] == pytest.approx(diag["shea.rsquared"], rel=1e-8)
    if theirs != "unadjusted":  # linearmodels reports the Wald statistic (not / q)
        assert fs["partial_f"] == pytest.approx(diag["f.stat"], rel=1e-8)


def test_weak_instrument_warns() -> None:
    sim = simulate_iv(200, strength=0.02, seed=5)
    with pytest.warns(WeakIdentificationWarning, match="first-stage partial F"):
        res = _fit(sim)
    assert bool(res.first_stage.loc["official_flows", "weak"])
    assert "First stage" in res.summary()


def test_strong_instrument_does_not_warn() -> None:
    sim = simulate_iv(200, strength=1.0, seed=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error", WeakIdentificationWarning)
        _fit(sim)


def test_under_identified_raises() -> None:
    sim = simulate_iv(100, seed=2)
    two = sim.endogenous.assign(other=np.arange(100.0))
    with pytest.raises(
        ModelSpecificationError, match="`instruments` must be at least 2"
    ):
        IVRegression(sim.endog, None, two, sim.instruments)


IV_REF = pd.read_csv(RESULTS / "iv_reference.csv")


@pytest.mark.parametrize("spec", ["hac_lag0", "hac_lag3", "hac_lag6", "hc0"])
def test_matches_r_two_stage_hac(spec: str) -> None:
    y, x = load_dataset("seatbelts")
    kw = (
        {"cov": "hc0"}
        if spec == "hc0"
        else {"cov": "hac", "bandwidth": int(spec.removeprefix("hac_lag"))}
    )
    with pytest.warns(
        WeakIdentificationWarning
    ):  # PetrolPrice is a weak instrument here
        res = IVRegression(y, x[["law"]], x[["logkms"]], x[["PetrolPrice"]]).fit(**kw)
    ref = IV_REF[IV_REF["spec"] == spec].set_index("term").loc[list(res.params.index)]
    # logkms ~ 9.1 with little spread (cond(X) ~ 500) and the instrument is weak: the
    # two closed forms agree to ~2e-10 relative, so params are held to 1e-8 like SEs
    np.testing.assert_allclose(res.params.to_numpy(), ref["params"], rtol=1e-8)
    np.testing.assert_allclose(res.std_err.to_numpy(), ref["std_err"], rtol=1e-8)
    assert res.first_stage.loc["logkms", "partial_f"] == pytest.approx(
        ref["partial_f"].iloc[0], rel=1e-8
    )

"""GARCH family: FCP DEM/GBP benchmark, simulation truth, sigma scaling, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.volatility import (
    VolatilityModel,
    move_in_sigmas,
    simulate_garch,
    volatility_regime,
)

RESULTS = Path(__file__).parent / "results"
# Fiorentini, Calzolari and Panattoni (1996); see results/PROVENANCE.md
FCP = pd.DataFrame(
    {
        "params": [-0.619041e-2, 0.107613e-1, 0.153134, 0.805974],
        "se_hessian": [0.846212e-2, 0.285271e-2, 0.265228e-1, 0.335527e-1],
        "se_qmle": [0.918935e-2, 0.649319e-2, 0.535317e-1, 0.724614e-1],
    },
    index=["mu", "omega", "alpha", "beta"],
)


@pytest.fixture(scope="module")
def dem2gbp() -> pd.Series:
    y = pd.read_csv(RESULTS / "dem2gbp.csv")["dem2gbp"]
    y.index = pd.bdate_range("1984-01-03", periods=len(y), name="date")
    assert len(y) == 1974
    return y.rename("DEM2GBP")


@pytest.mark.parametrize(
    "cov, se_col", [("robust", "se_qmle"), ("classic", "se_hessian")]
)
def test_fcp_benchmark(dem2gbp: pd.Series, cov: str, se_col: str) -> None:
    res = VolatilityModel(dem2gbp, presample="sample_variance").fit(cov=cov)
    np.testing.assert_allclose(res.params[FCP.index], FCP["params"], atol=1e-4, rtol=0)
    np.testing.assert_allclose(res.std_err[FCP.index], FCP[se_col], atol=1e-4, rtol=0)
    # presample is the mean squared residual at the estimated mean
    y = dem2gbp.to_numpy()
    assert res.backcast == pytest.approx(np.mean((y - res.params["mu"]) ** 2), abs=1e-9)


def test_default_backcast_differs_from_benchmark(dem2gbp: pd.Series) -> None:
    """arch's EWMA backcast is a different convention: omega moves by ~8%."""
    res = VolatilityModel(dem2gbp).fit()
    assert abs(res.params["omega"] / FCP.loc["omega", "params"] - 1) > 0.03


@pytest.mark.parametrize(
    "kind, truth, nu",
    [
        ("garch", {"omega": 0.05, "alpha": 0.08, "beta": 0.90}, None),
        ("gjr", {"omega": 0.05, "alpha": 0.04, "gamma": 0.10, "beta": 0.88}, 6.0),
    ],
)
def test_parameter_recovery(
    kind: str, truth: dict[str, float], nu: float | None
) -> None:
    y = simulate_garch(6000, mu=0.02, nu=nu, seed=20250401, **truth)
    res = VolatilityModel(y, kind=kind, dist="normal" if nu is None else "t").fit()
    for name, value in {**truth, "mu": 0.02}.items():
        z = (res.params[name] - value) / res.std_err[name]
        assert abs(z) < 3.5, (name, res.params[name], value, res.std_err[name])
    if nu is not None:
        assert abs(res.params["nu"] - nu) < 3.5 * res.std_err["nu"]


def test_variance_term_structure_closed_form() -> None:
    """GARCH forecasts: s2(1) = w + a e_t^2 + b s2_t, then geometric reversion."""
    y = simulate_garch(1500, omega=0.1, alpha=0.1, beta=0.85, mu=0.05, seed=7)
    res = VolatilityModel(y).fit()
    p = res.params
    t0 = 700
    e, s2 = res.resid.iloc[t0], res.conditional_volatility.iloc[t0] ** 2
    h = 5
    s2_next = p["omega"] + p["alpha"] * e**2 + p["beta"] * s2
    lr = p["omega"] / (1 - p["alpha"] - p["beta"])
    path = lr + (p["alpha"] + p["beta"]) ** np.arange(h) * (s2_next - lr)
    move = move_in_sigmas(res, origin=y.index[t0], end=y.index[t0 + h])
    np.testing.assert_allclose(move.variance_path.to_numpy(), path, rtol=1e-10)
    raw = y.iloc[t0 + 1 : t0 + h + 1].sum()
    assert move.move == pytest.approx(raw, rel=1e-12)
    assert move.k_sigma == pytest.approx(
        (raw - h * p["mu"]) / np.sqrt(path.sum()), rel=1e-10
    )
    assert move.k_sigma_sqrt_h == pytest.approx(
        (raw - h * p["mu"]) / (np.sqrt(h) * np.sqrt(s2_next)), rel=1e-10
    )
    assert "5-day" in move.statement() and "conditional sigma" in move.statement()


def test_k_sigma_is_standardised_under_the_true_model() -> None:
    """Non-overlapping 5-day moves in sigmas have variance ~1 (simulation truth)."""
    y = simulate_garch(4000, omega=0.1, alpha=0.1, beta=0.85, seed=11)
    res = VolatilityModel(y).fit()
    ks = [
        move_in_sigmas(res, origin=y.index[t], end=y.index[t + 5]).k_sigma
        for t in range(100, 3990, 25)
    ]
    ks_arr = np.asarray(ks)
    # 156 draws: s.e. of the variance ~ sqrt(2/156) = 0.11 (more with fat tails)
    assert abs(ks_arr.var() - 1.0) < 0.35
    assert abs(ks_arr.mean()) < 0.3


def test_egarch_student_t_runs_and_regime() -> None:
    y = simulate_garch(1500, omega=0.1, alpha=0.1, beta=0.85, nu=5.0, seed=5)
    res = VolatilityModel(y, kind="egarch", dist="t").fit()
    assert set(res.params.index) == {"mu", "omega", "alpha", "gamma", "beta", "nu"}
    m1 = move_in_sigmas(res, origin=y.index[500], end=y.index[503], seed=1)
    m2 = move_in_sigmas(res, origin=y.index[500], end=y.index[503], seed=1)
    assert m1.sigma_h == m2.sigma_h  # seeded simulation
    reg = volatility_regime(res, y.index[10], y.index[20])
    assert len(reg) == 11 and reg["percentile"].between(0, 100).all()
    assert res.to_frame().shape == (6, 6) and "EGARCH" in res.summary()


def test_errors() -> None:
    y = simulate_garch(300, omega=0.1, alpha=0.1, beta=0.8, seed=1)
    with pytest.raises(ModelSpecificationError, match=r"`kind` must be one of"):
        VolatilityModel(y, kind="figarch")  # type: ignore[arg-type]
    with pytest.raises(
        ModelSpecificationError, match=r"`endog` must be a series that varies"
    ):
        VolatilityModel(pd.Series(1.0, index=y.index))
    with pytest.raises(ModelSpecificationError, match=r"`endog` must be free of NaN"):
        VolatilityModel(y.where(y.index != y.index[5]))
    res = VolatilityModel(y).fit()
    with pytest.raises(ModelSpecificationError, match=r"`origin` must be a date of"):
        move_in_sigmas(res, origin="1990-01-01", end=y.index[3])
    with pytest.raises(ModelSpecificationError, match=r"`end` must be after origin"):
        move_in_sigmas(res, origin=y.index[5], end=y.index[3])
    with pytest.raises(ModelSpecificationError, match=r"non-negative with alpha"):
        simulate_garch(10, omega=0.1, alpha=0.5, beta=0.6)

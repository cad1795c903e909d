"""The one results base: one `level` check everywhere, the t hook against R."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models._estimates import (
    check_level,
    critical_value,
    two_sided_pvalues,
)

RESULTS = Path(__file__).parent / "results"
QT = pd.read_csv(RESULTS / "qt_reference.csv", skipinitialspace=True)


def _regression() -> Any:
    from attribution.models.regression import HACRegression
    from tests.models.regression.conftest import load_dataset

    y, x = load_dataset("seatbelts")
    return HACRegression(y, x).fit(cov="hac", use_t=True)


def _iv() -> Any:
    from attribution.models.regression import IVRegression
    from attribution.models.regression.simulate import simulate_iv

    sim = simulate_iv(200, seed=3)
    return IVRegression(sim.endog, None, sim.endogenous, sim.instruments).fit()


def _rolling() -> Any:
    from attribution.models.regression import RollingRegression
    from tests.models.regression.conftest import load_dataset

    y, x = load_dataset("seatbelts")
    return RollingRegression(y, x, window=60).fit(cov="nonrobust")


def _lp() -> Any:
    from attribution.models.lp import LocalProjections
    from tests.models.regression.conftest import load_dataset

    y, x = load_dataset("seatbelts")
    data = pd.concat([x["PetrolPrice"], y], axis=1)
    return LocalProjections(
        data, shock="PetrolPrice", responses=["logdrivers"], horizon=2, n_lags=1
    ).fit()


def _var() -> Any:
    from attribution.models.var import VAR
    from tests.models.regression.conftest import load_dataset

    y, x = load_dataset("seatbelts")
    return VAR(pd.concat([x["PetrolPrice"], y], axis=1), n_lags=1).fit()


def _breaks() -> Any:
    from attribution.models.breaks import BaiPerron

    rng = np.random.default_rng(0)
    y = pd.Series(np.r_[np.zeros(60), np.ones(60)] + rng.normal(size=120))
    return BaiPerron(y, max_breaks=1).fit(n_breaks=1)


def _panel() -> Any:
    from attribution.models.country_panel import CountryPanel, simulate_country_panel

    sim = simulate_country_panel(4, 60, beta=(0.7, -0.4), seed=12)
    return CountryPanel(sim.endog, sim.exog).fit()


def _volatility() -> Any:
    from attribution.models.volatility import VolatilityModel

    y = pd.read_csv(Path(__file__).parent / "volatility/results/dem2gbp.csv")
    return VolatilityModel(y["dem2gbp"].iloc[:600]).fit()


def _acm() -> Any:
    from attribution.models.termstructure import ACMModel, simulate_world
    from attribution.models.termstructure.simulate import default_world

    yields, _, _ = simulate_world(default_world(), 400, seed=7)
    return ACMModel(yields, n_factors=3).fit(n_boot=5, seed=1)


FITS: dict[str, Callable[[], Any]] = {
    "regression": _regression,
    "iv": _iv,
    "rolling": _rolling,
    "lp": _lp,
    "var": _var,
    "breaks": _breaks,
    "panel": _panel,
    "volatility": _volatility,
    "acm": _acm,
}


@pytest.fixture(scope="module", params=sorted(FITS))
def fit(request: pytest.FixtureRequest) -> Any:
    return FITS[request.param]()


@pytest.mark.parametrize("level", [95, 1.0, 0.0, -0.1, float("nan"), "high", True])
def test_every_results_class_rejects_a_level_outside_0_1_the_same_way(
    fit: Any, level: Any
) -> None:
    with pytest.raises(ModelSpecificationError, match=r"^`level` must be"):
        fit.conf_int(level)
    with pytest.raises(ModelSpecificationError, match=r"^`level` must be"):
        fit.to_frame(level)


def test_a_percentage_is_rejected_with_a_hint(fit: Any) -> None:
    with pytest.raises(ValueError, match="not a percentage"):
        fit.conf_int(95)


def test_every_results_class_has_the_same_inference_surface(fit: Any) -> None:
    lo = fit.conf_int(0.9)
    assert list(lo.columns) == ["lower", "upper"]
    c = fit.critical_value(0.9)
    # the interval is params -/+ c std_err with c from the class's own df
    half = (lo["upper"] - lo["lower"]).to_numpy() / 2.0
    se = fit.std_err if fit.std_err.ndim == 1 else fit._stack(fit.std_err)
    np.testing.assert_allclose(half, c * se.to_numpy(), rtol=1e-12, atol=1e-15)
    lo95 = fit.conf_int()
    assert (lo95["upper"] - lo95["lower"] >= lo["upper"] - lo["lower"]).all()
    assert fit.tvalues.shape == fit.params.shape


def test_nowcast_interval_level_uses_the_same_check() -> None:
    from attribution.models.nowcast import TicNowcast

    rng = np.random.default_rng(1)
    idx = pd.date_range("2010-01-31", periods=80, freq="ME")
    x = pd.DataFrame({"a": rng.normal(size=80)}, index=idx)
    y = pd.Series(rng.normal(size=80), index=idx, name="y")
    with pytest.raises(ModelSpecificationError, match="`level` must be"):
        TicNowcast(y, x).fit(level=80)


@pytest.mark.parametrize("row", QT.itertuples(index=False), ids=lambda r: str(r))
def test_t_hook_matches_r_qt_and_pt(row: Any) -> None:
    df = float(row.df)
    assert critical_value(row.level, df) == pytest.approx(row.critical, rel=1e-10)
    assert two_sided_pvalues([2.1], df)[0] == pytest.approx(row.p_2_1, rel=1e-10)


@pytest.mark.parametrize("level", [0.5, 0.9, 0.95, 0.99])
def test_t_hook_closed_forms(level: float) -> None:
    p = (1 + level) / 2
    # t(1) is Cauchy: q = tan(pi (p - 1/2)); t(2): q = (2p - 1) / sqrt(2 p (1 - p))
    assert critical_value(level, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)))
    assert critical_value(level, 2) == pytest.approx(
        (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    )


def test_regression_hook_is_t_with_t_minus_k_when_asked() -> None:
    res = _regression()  # seatbelts, use_t=True: t(192 - 4)
    assert res.df == 188
    row = QT[(QT["df"] == 188) & (QT["level"].round(3) == 0.95)].iloc[0]
    assert res.critical_value(0.95) == pytest.approx(row["critical"], rel=1e-10)
    lo = res.conf_int(0.95)
    np.testing.assert_allclose(
        lo["upper"] - res.params, row["critical"] * res.std_err, rtol=1e-10
    )


def test_check_level_returns_the_float() -> None:
    assert check_level(0.9) == 0.9
    assert check_level(np.float64(0.5)) == 0.5

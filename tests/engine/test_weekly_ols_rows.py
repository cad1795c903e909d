"""Every row of the weekly OLS table against a numpy-only recomputation.

The drift row must be the constant times the number of model weeks, each
regressor row its coefficient times the window's sum of that regressor, the
residual the actual change over the model weeks minus the fitted one, with a
band that carries the innovation variance, and the stub the days outside the
model weeks. The coefficients come from ``numpy.linalg.lstsq`` here, not from
the package. Swapping the drift and residual rows, or any two rows, fails.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from attribution.config import Window
from attribution.engine.details import OLSDetails
from attribution.engine.weekly_ols import attribute_weekly_ols, model_weeks
from tests.engine.test_weekly_ols import _spec, simulate_weekly_flows

REGS = ["custody", "lev_net_short", "ctrl_2y", "ctrl_dollar"]


def _numpy_ols(design: pd.DataFrame, base: pd.Timestamp, regs: list[str]):  # noqa: ANN202
    s = design.loc[(design.index >= "2017-01-01") & (design.index <= base)]
    s = s[["dy_10y", *regs]].dropna()
    x = np.column_stack([np.ones(len(s)), s[regs].to_numpy()])
    coef, *_ = np.linalg.lstsq(x, s["dy_10y"].to_numpy(), rcond=None)
    resid = s["dy_10y"].to_numpy() - x @ coef
    sigma2 = float(resid @ resid) / (len(s) - x.shape[1])
    return dict(zip(["const", *regs], coef, strict=True)), sigma2


@pytest.mark.parametrize("controls", [("ctrl_2y", "ctrl_dollar"), ()])
def test_rows_match_a_numpy_recomputation(controls: tuple[str, ...]) -> None:
    design, daily, _ = simulate_weekly_flows()
    design["dy_10y"] += 0.8  # a drift the constant must carry
    daily["10y"] += 0.008 * np.arange(len(daily)) / 5  # the same drift, daily
    for w in design.index:  # keep the Wednesday closes consistent with dy_10y
        if w in daily.index:
            daily.loc[w, "10y"] = 3.0 + design.loc[:w, "dy_10y"].sum() / 100.0
    window = Window.parse("2024-03")
    spec = _spec(controls=controls, level=0.9)
    res = attribute_weekly_ols(design, daily, window, spec)
    t = res.table.set_index("driver")
    base, end = window.resolve(daily["10y"].dropna().index)
    weeks = model_weeks(design.index, base, end)
    n = len(weeks)
    regs = ["custody", "lev_net_short", *controls]
    coef, sigma2 = _numpy_ols(design, base, regs)

    assert t.loc["drift", "role"] == "deterministic"
    drift = t.loc["drift", "contribution_bp"]
    assert drift == pytest.approx(coef["const"] * n, abs=1e-8)
    # sanity of the setup (without controls the noise is larger)
    assert coef["const"] == pytest.approx(0.8, abs=0.3 if controls else 1.0)
    assert t.loc["drift", "note"] == f"mean weekly change {coef['const']:+.2f} bp x {n}"
    fitted = coef["const"] * n
    for name in regs:
        want = coef[name] * design.loc[weeks, name].sum()
        fitted += want
        assert t.loc[name, "contribution_bp"] == pytest.approx(want, abs=1e-8), name
        role = "driver" if name in ("custody", "lev_net_short") else "control"
        assert t.loc[name, "role"] == role, name
    assert set(t.index) == {"drift", *regs, "residual", "stub", "actual"}

    wed = daily["10y"]
    prev = wed[wed.index <= weeks[0] - pd.Timedelta(days=7)].iloc[-1]
    last = wed[wed.index <= weeks[-1]].iloc[-1]
    actual_w = (last - prev) * 100.0
    stub = ((prev - wed[base]) + (wed[end] - last)) * 100.0
    resid = actual_w - fitted
    r = t.loc["residual"]
    assert r["role"] == "residual"
    assert r["contribution_bp"] == pytest.approx(resid, abs=1e-8)
    assert t.loc["stub", "contribution_bp"] == pytest.approx(stub, abs=1e-8)
    assert t.loc["actual", "contribution_bp"] == pytest.approx(
        (wed[end] - wed[base]) * 100.0, abs=1e-8
    )
    # band = fitted-value (parameter) variance + n weeks of innovation variance
    details = res.details["ols_weekly"]
    assert isinstance(details, OLSDetails)
    fit = details.tenors["10y"].fit
    g = pd.Series({"const": float(n), **{k: design.loc[weeks, k].sum() for k in regs}})
    v_fit = float(g @ fit.cov.loc[g.index, g.index] @ g)
    se = np.sqrt(v_fit + n * sigma2)
    assert r["std_err_bp"] == pytest.approx(se, rel=1e-8)
    z = stats.norm.ppf(0.95)
    assert r["lower_bp"] == pytest.approx(resid - z * se, rel=1e-8)
    assert r["upper_bp"] == pytest.approx(resid + z * se, rel=1e-8)
    assert r["note"] == f"band includes the innovation variance of {n} weeks"

"""Weekly simulated worlds: exact truth checked by closed forms and identities.

No test re-asserts the simulator's own output: contributions are checked against
(a) the data (adding up), (b) a counterfactual re-run of the VAR recursion with
and without a shock path (no MA code), (c) attribution.models.var's historical
decomposition at the true parameters, and (d) closed forms (OLS beta in the
exogenous world, exact zeros when a driver is switched off).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from attribution.config.window import Window
from attribution.engine.svar_weekly import ROLES
from attribution.engine.svar_weekly import VARIABLES as ENGINE_VARIABLES
from attribution.engine.weekly_ols import model_weeks
from attribution.exceptions import ModelSpecificationError, WindowError
from attribution.models.var import (
    VAR,
    FixedImpact,
    VARResults,
    historical_decomposition,
    shocks_from_spec,
)
from attribution.models.var._arrays import deterministic, lag_design
from attribution.simulate import weekly_world

STRUCTURES = ("sign", "recursive", "exogenous")
REGIMES = (
    "holds",
    "noisy_lagged_flows",
    "basis_without_positioning",
    "dash_for_cash",
    "vol_regimes",
    "fat_tails",
)
DRIVERS = ("foreign_official_selling", "basis_unwind")
YIELDS = ("y2", "y5", "y10", "y30")


def _recursion(world, eps: np.ndarray, lo: int, hi: int) -> np.ndarray:  # noqa: ANN001
    """Brute-force VAR recursion over rows lo..hi from the true rows before lo."""
    y = world.true_data.to_numpy()
    a = world.lag_coefs
    b = world.impact.to_numpy()
    p = a.shape[0]
    path = list(y[lo - p : lo])
    for t in range(lo, hi + 1):
        nxt = world.intercept + b @ eps[t]
        for i in range(p):
            nxt = nxt + a[i] @ path[-1 - i]
        path.append(nxt)
    return np.array(path[p:])


@pytest.mark.parametrize(
    ("structure", "regime"), list(itertools.product(STRUCTURES, REGIMES))
)
def test_contributions_add_up_and_match_a_counterfactual_rerun(
    structure: str, regime: str
) -> None:
    world = weekly_world(structure, "both", regime, n_weeks=120, seed=3)
    table = world.contributions()
    first, last = world.window
    assert last == world.true_data.index[-1]
    weeks = world.true_data.loc[first:last]
    np.testing.assert_allclose(table.sum(axis=1), weeks.sum(), rtol=0, atol=1e-9)

    # counterfactual: the same recursion with a shock's window path removed
    eps = world.shocks.to_numpy()
    lo = world.true_data.index.get_loc(first)
    hi = world.true_data.index.get_loc(last)
    actual = _recursion(world, eps, lo, hi)
    np.testing.assert_allclose(actual, weeks.to_numpy(), atol=1e-9)
    for j, shock in enumerate(world.shocks.columns):
        cf = eps.copy()
        cf[lo : hi + 1, j] = 0.0
        effect = (actual - _recursion(world, cf, lo, hi)).sum(axis=0)
        np.testing.assert_allclose(table[shock], effect, rtol=0, atol=1e-9)
    none = eps.copy()
    none[lo : hi + 1] = 0.0
    np.testing.assert_allclose(
        table["baseline"], _recursion(world, none, lo, hi).sum(axis=0), atol=1e-9
    )


def _true_results(world) -> VARResults:  # noqa: ANN001
    """A VARResults whose parameters are the true ones (not estimated)."""
    data = world.true_data
    p = world.lag_coefs.shape[0]
    params = np.vstack([world.intercept[None, :], *[a.T for a in world.lag_coefs]])
    y = data.to_numpy()
    x = lag_design(y, p, deterministic(len(y), "c"))
    return VARResults(
        model=VAR(data, n_lags=p, trend="c"), n_lags=p, params_array=params, design=x
    )


@pytest.mark.parametrize("structure", STRUCTURES)
@pytest.mark.parametrize("regime", ["holds", "vol_regimes", "noisy_lagged_flows"])
def test_models_var_historical_decomposition_at_true_params_reproduces_truth(
    structure: str, regime: str
) -> None:
    world = weekly_world(structure, "both", regime, n_weeks=150, seed=11)
    res = _true_results(world)
    ident = FixedImpact(world.impact.to_numpy(), list(world.shocks.columns))
    for first, last in [world.window, (world.true_data.index[60], world.window[1])]:
        hd = historical_decomposition(res, ident, start=first, end=last)
        summed = hd.contributions.groupby(level=["response", "shock"]).sum()
        expected = world.contributions(first, last)
        got = summed.unstack("shock").loc[expected.index, expected.columns]
        np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), atol=1e-10)
    # the recovered shocks are the true ones
    resid = world.true_data.to_numpy()[2:] - res.design @ res.params_array
    eps = np.linalg.solve(world.impact.to_numpy(), resid.T).T
    np.testing.assert_allclose(eps, world.shocks.to_numpy()[2:], atol=1e-9)


def _theta(world, horizon: int) -> np.ndarray:  # noqa: ANN001
    """Theta_h = Phi_h B by brute-force recursion of the companion form."""
    n, p = world.impact.shape[0], world.lag_coefs.shape[0]
    comp = np.zeros((n * p, n * p))
    comp[:n] = np.hstack(list(world.lag_coefs))
    comp[n:, :-n] = np.eye(n * (p - 1))
    phi = np.linalg.matrix_power(comp, horizon)[:n, :n]
    return phi @ world.impact.to_numpy()


def _violations(world) -> list[str]:  # noqa: ANN001
    names = list(world.data.columns)
    bad = []
    for r in shocks_from_spec(mapping=ROLES, columns=names):
        j = list(world.shocks.columns).index(r.shock)
        for h in r.horizons:
            col = _theta(world, h)[:, j]
            for (w, sign), key in zip(r.weights(names), r.signs, strict=True):
                if not sign * (w @ col) > 0:
                    bad.append(f"{r.shock}:{key}")
    return bad


def test_sign_world_satisfies_every_default_restriction() -> None:
    world = weekly_world("sign", "both", "holds")
    restrictions = shocks_from_spec(mapping=ROLES, columns=list(world.data.columns))
    assert [r.shock for r in restrictions] == list(world.shocks.columns[:4])
    assert sum(len(r.signs) for r in restrictions) == 10
    assert _violations(world) == []
    b = world.impact
    # foreign selling moves custody by about -1 s.d. (8 $bn)
    assert -8.0 < b.loc["custody", "foreign_official_selling"] < -6.0
    assert b.loc["lev_net", "basis_unwind"] > 40.0
    assert np.linalg.cond(b.to_numpy() / b.abs().max(axis=1).to_numpy()[:, None]) < 50


def test_regimes_break_what_they_say() -> None:
    no_pos = weekly_world("sign", "both", "basis_without_positioning")
    assert no_pos.impact.loc["lev_net", "basis_unwind"] == 0.0
    assert _violations(no_pos) == ["basis_unwind:lev_net"]
    other2 = no_pos.impact["other_2"]
    assert other2.drop("lev_net").eq(0).all() and other2["lev_net"] > 0
    dash = weekly_world("sign", "both", "dash_for_cash")
    assert dash.impact.loc["dollar", "foreign_official_selling"] > 0
    assert _violations(dash) == ["foreign_official_selling:dollar"]
    for structure in ("recursive", "exogenous"):
        d = weekly_world(structure, "both", "dash_for_cash")
        assert d.impact.loc["dollar", "foreign_official_selling"] > 0
        n = weekly_world(structure, "both", "basis_without_positioning")
        assert n.impact.loc["lev_net", "basis_unwind"] == 0.0
        assert np.triu(n.impact.to_numpy(), 1).any()  # no longer recursive


def test_noisy_lagged_flows_observes_last_weeks_flows_plus_noise() -> None:
    world = weekly_world("recursive", "both", "noisy_lagged_flows", n_weeks=3000)
    obs, true = world.data, world.true_data
    pd.testing.assert_frame_equal(obs.iloc[:, 2:], true.iloc[:, 2:])
    noise = obs[["custody", "lev_net"]] - true[["custody", "lev_net"]].shift(1)
    sd = noise.iloc[1:].std()
    assert sd["custody"] == pytest.approx(4.0, rel=0.06)
    assert sd["lev_net"] == pytest.approx(30.0, rel=0.06)
    assert abs(noise["custody"].corr(true["custody"])) < 0.08
    design = world.design()
    np.testing.assert_allclose(design["lev_net_short"], -obs["lev_net"])


def test_vol_regimes_and_fat_tails() -> None:
    world = weekly_world("sign", "none", "vol_regimes", n_weeks=1000, seed=2)
    others = world.shocks.iloc[:, 2:]
    n = len(others)
    spell = np.zeros(n, dtype=bool)
    for f in (0.20, 0.45, 0.70):
        spell[int(f * n) : int(f * n) + 6] = True
    spell[-4:] = True
    ratio = others[spell].to_numpy().std() / others[~spell].to_numpy().std()
    assert 2.4 < ratio < 3.6
    kurt = {}
    for regime in ("holds", "fat_tails"):
        z = weekly_world("sign", "none", regime, n_weeks=3000).shocks.iloc[:-4]
        flat = z.to_numpy().ravel()
        assert flat.std() == pytest.approx(1.0, abs=0.05)
        kurt[regime] = float(pd.Series(flat).kurt())
    assert abs(kurt["holds"]) < 0.3 and kurt["fat_tails"] > 1.5


def test_recursive_world_is_lower_triangular_in_engine_order() -> None:
    world = weekly_world("recursive", "both", "holds")
    assert tuple(world.data.columns) == ENGINE_VARIABLES
    b = world.impact.to_numpy()
    assert not np.triu(b, 1).any()
    # the engine's Cholesky of Sigma_u = BB' gives B back up to column signs
    chol = np.linalg.cholesky(b @ b.T)
    np.testing.assert_allclose(chol * np.sign(np.diag(b)), b, atol=1e-12)
    assert b[0, 0] < 0 and b[5, 0] > 0 and b[1, 1] > 0 and b[5, 1] > 0


@pytest.mark.parametrize("regime", ["holds", "vol_regimes", "fat_tails"])
def test_exogenous_world_truth_is_total_beta_times_summed_flow(regime: str) -> None:
    world = weekly_world("exogenous", "both", regime, seed=5)
    assert not world.lag_coefs[:, [0, 1, 3, 4, 5, 6], :].any()  # only usd has lags
    b = world.impact
    flows = world.data.loc[world.window[0] : world.window[1]]
    table = world.contributions()
    for shock, flow in zip(DRIVERS, ("custody", "lev_net"), strict=True):
        for y in YIELDS:
            beta = b.loc[y, shock] / b.loc[flow, shock]
            assert table.loc[y, shock] == pytest.approx(
                beta * flows[flow].sum(), abs=1e-10
            )


def test_exogenous_world_ols_without_controls_estimates_the_total_beta() -> None:
    world = weekly_world("exogenous", "both", "holds", n_weeks=20000, seed=1)
    d = world.data
    x = np.column_stack([np.ones(len(d)), d["custody"], d["lev_net"]])
    coef, *_ = np.linalg.lstsq(x, d["y10"], rcond=None)
    b = world.impact
    assert coef[1] == pytest.approx(
        b.loc["y10", DRIVERS[0]] / b.loc["custody", DRIVERS[0]], abs=0.02
    )
    assert coef[2] == pytest.approx(
        b.loc["y10", DRIVERS[1]] / b.loc["lev_net", DRIVERS[1]], abs=0.003
    )


@pytest.mark.parametrize("structure", STRUCTURES)
def test_scenarios_switch_drivers_on_and_off(structure: str) -> None:
    size = {}
    for scenario in ("both", "fos_only", "basis_only", "none"):
        world = weekly_world(structure, scenario, "holds", seed=4)
        table = world.contributions()
        win = world.shocks.iloc[-4:]
        fos, basis = table[DRIVERS[0]], table[DRIVERS[1]]
        if scenario in ("none", "basis_only"):
            assert (fos == 0.0).all() and (win[DRIVERS[0]] == 0.0).all()
        if scenario in ("none", "fos_only"):
            assert (basis == 0.0).all() and (win[DRIVERS[1]] == 0.0).all()
        size[scenario] = (fos["y10"], basis["y10"])
    # both = fos_only + basis_only for the drivers (linearity, same other shocks)
    assert size["both"][0] == pytest.approx(size["fos_only"][0], abs=1e-12)
    assert size["both"][1] == pytest.approx(size["basis_only"][1], abs=1e-12)
    assert size["both"][0] > 20.0 and size["both"][1] > 15.0


def test_sign_world_drivers_are_large_like_the_issue() -> None:
    world = weekly_world("sign", "both", "holds")
    assert world.true_contribution("foreign_official_selling", "10y") == (
        pytest.approx(30.2, abs=0.5)
    )
    assert world.true_contribution("basis_unwind", "10y") == pytest.approx(
        21.4, abs=0.5
    )
    # window shocks are +2.5 s.d. every week
    np.testing.assert_array_equal(world.shocks.iloc[-4:, :2].to_numpy(), 2.5)


def test_realistic_scales() -> None:
    world = weekly_world("sign", "none", "holds", n_weeks=4000, seed=9)
    target = pd.Series([8, 60, 0.8, 10, 11, 10, 9], index=world.data.columns)
    ratio = world.data.std() / target
    assert ratio.between(0.9, 1.12).all(), ratio


def test_seeds_are_reproducible() -> None:
    a = weekly_world("sign", "both", "fat_tails", seed=7)
    b = weekly_world("sign", "both", "fat_tails", seed=7)
    c = weekly_world("sign", "both", "fat_tails", seed=8)
    pd.testing.assert_frame_equal(a.data, b.data)
    pd.testing.assert_frame_equal(a.shocks, b.shocks)
    assert not np.allclose(a.data.to_numpy(), c.data.to_numpy())


def test_index_window_text_and_daily_yields_fit_the_engine() -> None:
    world = weekly_world("sign", "both", "holds", n_weeks=100, window_weeks=3)
    idx = world.data.index
    assert idx.freqstr == "W-WED" and (idx.day_of_week == 2).all() and len(idx) == 100
    assert world.window == (idx[-3], idx[-1])
    levels = world.daily_yields()
    assert levels.index[0] == idx[0] - pd.Timedelta(days=7)
    assert levels.iloc[0].to_dict() == {"2y": 4.0, "5y": 4.1, "10y": 4.2, "30y": 4.5}
    np.testing.assert_allclose(levels["10y"].diff().iloc[1:] * 100, world.data["y10"])
    window = Window.parse(world.window_text())
    base, end = window.resolve(levels["10y"].index)
    weeks = model_weeks(world.design().index, base, end)
    assert list(weeks) == list(idx[-3:])
    design = world.design()
    assert list(design.columns) == [
        "custody", "lev_net_short", "ctrl_dollar", "dy_2y", "dy_5y", "dy_10y", "dy_30y"
    ]  # fmt: skip
    assert "Impact matrix" in world.description and "sign" in world.description


def test_bad_options_and_windows_raise_named_errors() -> None:
    with pytest.raises(ModelSpecificationError, match="`structure` must be one of"):
        weekly_world("cholesky", "both", "holds")  # type: ignore[arg-type]
    with pytest.raises(ModelSpecificationError, match="`regime` must be one of"):
        weekly_world("sign", "both", "dash")  # type: ignore[arg-type]
    with pytest.raises(ModelSpecificationError, match="`n_weeks` must be >= 24"):
        weekly_world("sign", "both", "holds", n_weeks=10)
    world = weekly_world("sign", "both", "holds", n_weeks=60)
    with pytest.raises(WindowError, match="`first:last` must be a window"):
        world.contributions("2030-01-01", "2030-02-01")
    with pytest.raises(ModelSpecificationError, match="`shock` must be one of"):
        world.true_contribution("sell_america", "10y")
    with pytest.raises(ModelSpecificationError, match="`tenor` must be one of"):
        world.true_contribution("basis_unwind", "7y")

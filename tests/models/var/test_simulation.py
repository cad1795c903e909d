"""Simulation truth and closed forms: HD recovers the truth; AR(1) IRF = phi^h."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.models.var import (
    VAR,
    Cholesky,
    FixedImpact,
    historical_decomposition,
    simulate_svar,
    window_contributions,
)
from tests.models.var.dgp import IMPACT, INTERCEPT, LAGS, true_results


def _brute_force_hd(sim, start: int):
    """Contributions by explicit MA convolution with companion-matrix powers."""
    y, eps = sim.data.to_numpy(), sim.shocks.to_numpy()
    p, n = LAGS.shape[0], LAGS.shape[1]
    comp = np.zeros((n * p, n * p))
    comp[:n] = np.hstack(list(LAGS))
    comp[n:, :-n] = np.eye(n * (p - 1))
    power, theta = np.eye(n * p), np.empty((len(y), n, n))
    for s in range(len(y)):  # Theta_s = J F^s J' B
        theta[s] = power[:n, :n] @ IMPACT
        power = power @ comp
    contrib = np.zeros((len(y) - start, n, n))
    for t in range(start, len(y)):
        k = t - start + 1
        contrib[t - start] = (theta[:k] * eps[t - k + 1 : t + 1][::-1, None, :]).sum(
            axis=0
        )
    base = np.zeros((len(y) - start, n))
    z = np.concatenate([y[start - i] for i in range(1, p + 1)])  # (y_{t-1},...,y_{t-p})
    for t in range(start, len(y)):
        z = comp @ z
        z[:n] += INTERCEPT
        base[t - start] = z[:n]
    return base, contrib


@pytest.mark.parametrize("start", [None, "2012-06-01"])
def test_true_model_recovers_true_contributions(sim3, start) -> None:
    res = true_results(sim3)
    hd = historical_decomposition(
        res, FixedImpact(IMPACT, ("s1", "s2", "s3")), start=start
    )
    lo = res.n_lags if start is None else int(sim3.data.index.searchsorted(start))
    base, contrib = _brute_force_hd(sim3, lo)
    wide = hd.to_frame()
    np.testing.assert_allclose(
        wide["baseline"].unstack("response")[["a", "b", "c"]], base, atol=1e-10
    )
    for j, shock in enumerate(["s1", "s2", "s3"]):
        got = wide[shock].unstack("response")[["a", "b", "c"]].to_numpy()
        np.testing.assert_allclose(got, contrib[:, :, j], atol=1e-10)
    assert hd.adding_up_error() < 1e-10


def test_estimated_model_close_to_truth() -> None:
    sim = simulate_svar(LAGS, IMPACT, 2000, intercept=INTERCEPT, seed=5)
    res = VAR(sim.data, n_lags=2).fit()
    hd = historical_decomposition(res, FixedImpact(IMPACT, ("e0", "e1", "e2")))
    _, contrib = _brute_force_hd(sim, 2)
    wide = hd.to_frame()
    for j in range(3):
        got = wide[f"e{j}"].unstack("response")[["y0", "y1", "y2"]].to_numpy()
        err = np.abs(got - contrib[:, :, j]).max() / np.abs(contrib[:, :, j]).max()
        assert err < 0.1


def test_adding_up_cholesky_with_trend(sim3) -> None:
    res = VAR(sim3.data, n_lags=3, trend="ct").fit()
    for order in (None, ("c", "a", "b")):
        hd = res.historical_decomposition(Cholesky(order), start="2011-01-07")
        assert hd.adding_up_error() < 1e-10


def test_window_contributions_add_up(sim3) -> None:
    res = VAR(sim3.data, n_lags=2).fit()
    w = window_contributions(res, "2013-03-01", "2013-05-31", Cholesky(("b", "a", "c")))
    y = sim3.data
    lo = y.index.searchsorted("2013-03-01")
    hi = y.index.searchsorted("2013-05-31", side="right") - 1
    move = y.iloc[hi] - y.iloc[lo - 1]
    np.testing.assert_allclose(
        w.groupby(level="response").sum()[move.index], move, atol=1e-10
    )
    assert list(w.index.get_level_values("shock").unique()) == [
        "baseline",
        "b",
        "a",
        "c",
    ]


def test_ar1_irf_is_phi_power() -> None:
    phi, sd = 0.8, 2.0
    sim = simulate_svar([[[phi]]], [[sd]], 500, seed=3)
    res = VAR(sim.data, n_lags=1, trend="n").fit()
    phi_hat = float(res.params_array[0, 0])
    sigma_hat = float(np.sqrt(res._sigma[0, 0]))
    h = np.arange(11)
    np.testing.assert_allclose(
        res.irf(10).to_numpy(), sigma_hat * phi_hat**h, rtol=1e-12
    )
    np.testing.assert_allclose(
        res.irf(10, orthogonalised=False).to_numpy(), phi_hat**h, rtol=1e-12
    )
    np.testing.assert_allclose(
        res.irf(10, cumulative=True).to_numpy(),
        sigma_hat * np.cumsum(phi_hat**h),
        rtol=1e-12,
    )
    np.testing.assert_allclose(res.fevd(5).to_numpy(), 1.0)
    # phi_hat by hand: sum(y_t y_{t-1}) / sum(y_{t-1}^2)
    y = sim.data.to_numpy()[:, 0]
    assert abs(phi_hat - (y[1:] @ y[:-1]) / (y[:-1] @ y[:-1])) < 1e-12


def test_bivariate_closed_form_fevd() -> None:
    """VAR(1), diagonal A, triangular B: impact FEVD = b_ij^2 / sum_k b_ik^2."""
    a = np.diag([0.5, 0.2])
    b = np.array([[1.0, 0.0], [0.6, 0.8]])
    sim = simulate_svar([a], b, 300, seed=8)
    res = true_results(sim)
    fe = res.fevd(1, FixedImpact(b, ("e0", "e1"))).unstack("shock")
    np.testing.assert_allclose(fe.loc[(0, "y1")].to_numpy(), [0.36, 0.64], atol=1e-14)
    # horizon 1: Theta_1 = A B
    t1 = a @ b
    tot = b**2 + t1**2
    np.testing.assert_allclose(
        fe.loc[(1, "y1")].to_numpy(), tot[1] / tot[1].sum(), atol=1e-14
    )


def test_irf_labels(sim3) -> None:
    res = VAR(sim3.data, n_lags=2).fit()
    irf = res.irf(3, Cholesky(("c", "b", "a")))
    assert irf.index.names == ["horizon", "response", "shock"]
    assert isinstance(irf, pd.Series)
    # recursive: shock "b" (2nd in order) does not move "c" (1st) on impact
    assert irf.loc[(0, "c", "b")] == 0.0
    assert irf.loc[(0, "c", "a")] == 0.0
    assert irf.loc[(0, "b", "a")] == 0.0
    assert irf.loc[(0, "a", "c")] != 0.0

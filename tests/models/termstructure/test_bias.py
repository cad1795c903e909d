"""Bootstrap bias correction of the factor VAR on simulated VARs with known truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import EmptySampleError
from attribution.models.termstructure import ACMModel, simulate_world
from attribution.models.termstructure.bias import bias_corrected_var, var_ols

# Truth: a persistent two-factor VAR(1), eigenvalues 0.98 and 0.90.
P = np.array([[1.0, 0.5], [-0.3, 1.0]])
PHI = P @ np.diag([0.98, 0.90]) @ np.linalg.inv(P)
MU = np.array([0.1, -0.05])


def _simulate(
    t_obs: int, rng: np.random.Generator, phi: np.ndarray = PHI
) -> np.ndarray:
    k = phi.shape[0]
    mean = np.linalg.solve(np.eye(k) - phi, MU[:k])
    x = np.empty((t_obs + 1, k))
    x[0] = mean
    for t in range(t_obs):
        x[t + 1] = MU[:k] + phi @ x[t] + rng.standard_normal(k) * 0.2
    return x


def test_bias_shrinks_versus_ols_on_a_known_var() -> None:
    # Across 60 samples of 240 months the OLS largest eigenvalue is biased
    # down (too little persistence); the corrected one is much closer to 0.98,
    # and so is the slope matrix as a whole.
    rng = np.random.default_rng(7)
    ols_eig, bc_eig, ols_err, bc_err = [], [], [], []
    for _ in range(60):
        fit = bias_corrected_var(_simulate(240, rng), n_draws=200, seed=rng)
        ols_eig.append(fit.max_eig_ols)
        bc_eig.append(fit.max_eig)
        ols_err.append(fit.phi_ols - PHI)
        bc_err.append(fit.phi - PHI)
    bias_ols = np.mean(ols_eig) - 0.98
    bias_bc = np.mean(bc_eig) - 0.98
    assert bias_ols < -0.01  # the small-sample bias is there to correct
    assert abs(bias_bc) < 0.5 * abs(bias_ols)
    mean_ols = np.abs(np.mean(ols_err, axis=0)).sum()
    mean_bc = np.abs(np.mean(bc_err, axis=0)).sum()
    assert mean_bc < 0.5 * mean_ols


def test_stationarity_adjustment_keeps_the_var_stable() -> None:
    # a random walk (seed 0: OLS slope 0.988) where the full correction would be
    # explosive: Kilian's adjustment removes only part of the bias
    x = np.cumsum(np.random.default_rng(0).standard_normal(121))[:, None] * 0.2
    fit = bias_corrected_var(x, n_draws=300, seed=1)
    assert abs(fit.phi_ols[0, 0] - fit.bias[0, 0]) >= 1.0  # full correction explodes
    assert fit.delta < 1.0
    assert fit.max_eig_ols < fit.max_eig < 1.0
    # the intercept keeps the sample mean as the long-run mean
    assert fit.mu[0] == pytest.approx((1 - fit.phi[0, 0]) * x.mean())


def test_ols_matches_lstsq_and_bad_input_raises() -> None:
    x = _simulate(100, np.random.default_rng(0))
    mu, phi = var_ols(x[None, :-1], x[None, 1:])
    z = np.column_stack([np.ones(100), x[:-1]])
    coef = np.linalg.lstsq(z, x[1:], rcond=None)[0]
    np.testing.assert_allclose(mu[0], coef[0], atol=1e-10)
    np.testing.assert_allclose(phi[0], coef[1:].T, atol=1e-10)
    with pytest.raises(EmptySampleError, match="transitions"):
        bias_corrected_var(x[:3])
    bad = x.copy()
    bad[5, 0] = np.nan
    with pytest.raises(EmptySampleError, match="finite"):
        bias_corrected_var(bad)


def test_acm_bias_correction_leaves_the_fitted_yields_alone() -> None:
    # the risk-neutral dynamics are kept, so fitted yields are unchanged while
    # the physical VAR (and so the expected path) becomes more persistent
    from attribution.models.termstructure.simulate import default_world

    zero, _, _ = simulate_world(default_world(), 400, seed=2)
    model = ACMModel(zero, n_factors=3)
    plain, corrected = model.fit(), model.fit(bias_correction=True, seed=5)
    x = model.factors(zero)
    a = plain.decompose(x, (24, 120))
    b = corrected.decompose(x, (24, 120))
    np.testing.assert_allclose(b["fitted"], a["fitted"], atol=1e-10)
    e, f = plain.estimates, corrected.estimates
    np.testing.assert_allclose(f.mu - f.lambda0, e.mu - e.lambda0, atol=1e-12)
    np.testing.assert_allclose(f.phi - f.lambda1, e.phi - e.lambda1, atol=1e-12)
    assert corrected.bias is not None
    assert corrected.bias.max_eig > corrected.bias.max_eig_ols
    assert "bias-corrected" in corrected.summary()
    assert isinstance(a, pd.DataFrame)

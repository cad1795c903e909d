"""Window contributions: delta method (closed form) and moving-block bootstrap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.regression import (
    HACRegression,
    IVRegression,
    window_contributions,
)
from attribution.models.regression.bootstrap import (
    bootstrap_ols_params,
    default_block_length,
    moving_block_indices,
)
from attribution.models.regression.simulate import simulate_iv, simulate_regression

BETA = (0.5, 1.0, -0.5)


def test_delta_closed_form_and_adding_up() -> None:
    y, x = simulate_regression(150, seed=0)
    res = HACRegression(y, x).fit(bandwidth=3)
    w = x.iloc[-10:]
    out = window_contributions(res, w)
    s = np.r_[10.0, w.sum().to_numpy()]
    np.testing.assert_allclose(
        out["contribution"].iloc[:-1], res.params * s, rtol=1e-12
    )
    assert out.loc["fitted", "contribution"] == pytest.approx(
        float(res.fitted.iloc[-10:].sum()), rel=1e-10
    )
    v = res.cov.to_numpy()
    assert out.loc["fitted", "std_err"] == pytest.approx(
        float(np.sqrt(s @ v @ s)), rel=1e-12
    )
    np.testing.assert_allclose(
        out["std_err"].iloc[:-1], np.abs(s) * res.std_err, rtol=1e-12
    )


def test_block_indices_are_contiguous_blocks() -> None:
    idx = moving_block_indices(23, 5, 4, seed=1)
    assert idx.shape == (4, 23) and idx.min() >= 0 and idx.max() <= 22
    blocks = idx[:, :20].reshape(4, 4, 5)
    assert (np.diff(blocks, axis=2) == 1).all()
    np.testing.assert_array_equal(idx, moving_block_indices(23, 5, 4, seed=1))
    assert default_block_length(520) == 9 and default_block_length(1000) == 10


def test_batched_bootstrap_equals_loop_of_refits() -> None:
    y, x = simulate_regression(60, seed=2)
    xc = np.column_stack([np.ones(60), x.to_numpy()])
    draws = bootstrap_ols_params(xc, y.to_numpy(), n_boot=7, block_length=4, seed=3)
    idx = moving_block_indices(60, 4, 7, seed=3)
    for b in range(7):
        ref = np.linalg.lstsq(xc[idx[b]], y.to_numpy()[idx[b]], rcond=None)[0]
        np.testing.assert_allclose(draws[b], ref, rtol=1e-9)


def test_bootstrap_seeded_and_sd_close_to_hac() -> None:
    y, x = simulate_regression(600, seed=4)
    res = HACRegression(y, x).fit()
    w = x.iloc[-8:]
    a = window_contributions(res, w, method="bootstrap", n_boot=400, seed=9)
    b = window_contributions(res, w, method="bootstrap", n_boot=400, seed=9)
    pd.testing.assert_frame_equal(a, b)
    d = window_contributions(res, w)
    np.testing.assert_allclose(a["contribution"], d["contribution"])
    # both estimate the same sampling s.d.; agree within bootstrap noise
    np.testing.assert_allclose(a["std_err"], d["std_err"], rtol=0.3)


def _coverage(reps: int, nobs: int, n_boot: int) -> pd.Series:
    hits = pd.Series(0.0, index=["const", "x1", "x2", "fitted"])
    for r in range(reps):
        y, x = simulate_regression(nobs, beta=BETA, seed=1000 + r)
        res = HACRegression(y, x).fit()
        w = x.iloc[-20:]
        truth = np.asarray(BETA) * np.r_[20.0, w.sum().to_numpy()]
        truth = pd.Series(np.append(truth, truth.sum()), index=hits.index)
        out = window_contributions(
            res, w, level=0.9, method="bootstrap", n_boot=n_boot, seed=r
        )
        hits += ((out["lower"] <= truth) & (truth <= out["upper"])).astype(float)
    return hits / reps


def test_bootstrap_coverage_small() -> None:
    cover = _coverage(60, 300, 199)
    assert ((cover > 0.72) & (cover < 0.99)).all(), cover


@pytest.mark.slow
def test_bootstrap_coverage_large() -> None:
    cover = _coverage(1000, 1000, 499)
    assert ((cover - 0.9).abs() < 0.04).all(), cover


def test_bootstrap_errors() -> None:
    sim = simulate_iv(100, seed=1)
    iv = IVRegression(sim.endog, None, sim.endogenous, sim.instruments).fit()
    with pytest.raises(ModelSpecificationError, match="`results` must be OLS results"):
        window_contributions(iv, sim.endogenous.iloc[-5:], method="bootstrap")
    y, x = simulate_regression(50, seed=1)
    res = HACRegression(y, x).fit()
    with pytest.raises(ModelSpecificationError, match="`block_length` must be <= 50"):
        window_contributions(res, x.iloc[-5:], method="bootstrap", block_length=80)
    with pytest.raises(ModelSpecificationError, match="`method` must be one of"):
        window_contributions(res, x.iloc[-5:], method="jackknife")  # type: ignore[arg-type]

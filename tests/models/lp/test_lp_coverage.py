"""Monte Carlo coverage of LP and LP-IV Newey-West intervals (slow-marked)."""

from __future__ import annotations

import numpy as np
import pytest

from attribution.models.lp import LocalProjections, simulate_ar1, simulate_lp_iv

REPS, NOBS, H = 300, 400, 4


def _covered(lower: np.ndarray, upper: np.ndarray, truth: np.ndarray) -> np.ndarray:
    return ((lower <= truth) & (truth <= upper)).astype(float)


@pytest.mark.slow
def test_lp_ar1_interval_coverage() -> None:
    hits = np.zeros(H + 1)
    truth = 0.5 ** np.arange(H + 1)
    for r in range(REPS):
        res = LocalProjections(
            simulate_ar1(NOBS, phi=0.5, seed=r), shock="y", horizon=H, n_lags=1
        ).fit()
        ci = res.conf_int(0.9)
        hits += _covered(ci["lower"].to_numpy(), ci["upper"].to_numpy(), truth)
    cover = hits[1:] / REPS  # h = 0 is the exact own response 1 (SE ~ 1e-16)
    assert ((cover > 0.84) & (cover < 0.96)).all(), cover


@pytest.mark.slow
def test_lp_iv_interval_coverage() -> None:
    hits = np.zeros(H + 1)
    for r in range(REPS):
        sim = simulate_lp_iv(NOBS, seed=r, horizon=H)
        res = LocalProjections(
            sim.data,
            shock="flows",
            responses=["y"],
            horizon=H,
            n_lags=1,
            instrument=sim.instrument,
        ).fit()
        ci = res.conf_int(0.9)
        hits += _covered(
            ci["lower"].to_numpy(), ci["upper"].to_numpy(), sim.irf.to_numpy()
        )
    cover = hits / REPS
    assert ((cover > 0.84) & (cover < 0.96)).all(), cover

"""Known SVAR used across the VAR tests (ground truth)."""

from __future__ import annotations

import numpy as np

from attribution.models.var import VAR, VARResults, _arrays
from attribution.models.var.simulate import SimulatedSVAR

LAGS = np.array(
    [
        [[0.5, 0.1, 0.0], [0.2, 0.3, -0.1], [0.0, 0.2, 0.4]],
        [[-0.2, 0.0, 0.1], [0.1, 0.1, 0.0], [0.05, -0.1, 0.2]],
    ]
)
# Non-triangular, non-identity impact matrix: column j = response to shock j.
IMPACT = np.array([[1.0, 0.4, -0.3], [0.5, -1.0, 0.2], [-0.3, 0.6, 0.7]])
INTERCEPT = np.array([0.2, -0.1, 0.05])


def true_results(sim: SimulatedSVAR, trend: str = "c") -> VARResults:
    """VARResults carrying the TRUE coefficients (residuals are then true u_t)."""
    n_lags = sim.lag_coefs.shape[0]
    model = VAR(sim.data, n_lags=n_lags, trend=trend)
    det = _arrays.deterministic(len(sim.data), trend)
    x = _arrays.lag_design(sim.data.to_numpy(), n_lags, det)
    lag_rows = np.concatenate([a.T for a in sim.lag_coefs], axis=0)
    params = np.vstack([sim.intercept[None, :], lag_rows]) if trend == "c" else lag_rows
    return VARResults(model=model, n_lags=n_lags, params_array=params, design=x)

"""Small-sample bias correction of the factor VAR(1) by bootstrap.

OLS estimates of a persistent VAR are biased towards too little persistence
(so expected short rates revert too fast and term premia are too large and too
smooth). Bauer, Rudebusch and Wu (2012, JBES 30(3)) correct the bias of the
VAR in affine term structure models; this module implements their bootstrap
variant: the bias of the OLS slope is estimated by simulating the estimated
VAR with resampled residuals (Kilian 1998), subtracted once, and shrunk by
Kilian's stationarity adjustment when the corrected matrix has an eigenvalue
of modulus one or more. The intercept is set so that the VAR's long-run mean
stays the sample mean of the factors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attribution._typing import Float64Array, SeedLike
from attribution._validation import as_int
from attribution.exceptions import EmptySampleError


@dataclass(frozen=True)
class BiasCorrection:
    """A bias-corrected VAR(1) ``x_{t+1} = mu + Phi x_t + v``.

    Attributes
    ----------
    mu, phi : ndarray
        Corrected intercept (K,) and slope (K, K).
    mu_ols, phi_ols : ndarray
        The OLS estimates.
    bias : ndarray
        Estimated bias of the OLS slope (mean of the bootstrap slopes minus
        the OLS slope), (K, K).
    delta : float
        Share of the bias removed (1 unless the stationarity adjustment
        shrank it).
    n_draws : int
        Bootstrap samples used.
    """

    mu: Float64Array
    phi: Float64Array
    mu_ols: Float64Array
    phi_ols: Float64Array
    bias: Float64Array
    delta: float
    n_draws: int

    @property
    def max_eig_ols(self) -> float:
        """Largest eigenvalue modulus of the OLS slope."""
        return float(np.abs(np.linalg.eigvals(self.phi_ols)).max())

    @property
    def max_eig(self) -> float:
        """Largest eigenvalue modulus of the corrected slope."""
        return float(np.abs(np.linalg.eigvals(self.phi)).max())

    def summary(self) -> str:
        """One line: the persistence before and after."""
        return (
            f"VAR bias-corrected by bootstrap (Bauer-Rudebusch-Wu 2012; "
            f"{self.n_draws} draws): largest eigenvalue {self.max_eig_ols:.4f} -> "
            f"{self.max_eig:.4f}, share of the bias removed {self.delta:.2f}"
        )


def var_ols(x_lag: Float64Array, x_next: Float64Array) -> tuple[Float64Array, ...]:
    """VAR(1) by OLS on a batch: intercepts (D, K) and slopes (D, K, K).

    Parameters
    ----------
    x_lag, x_next : ndarray, shape (D, T, K)
        Regressors and targets of D samples.
    """
    z = np.concatenate([np.ones(x_lag.shape[:2] + (1,)), x_lag], axis=2)
    zt = z.transpose(0, 2, 1)
    coef = np.linalg.solve(zt @ z, zt @ x_next)
    return coef[:, 0], coef[:, 1:].transpose(0, 2, 1)


def bias_corrected_var(
    factors: Float64Array, *, n_draws: int = 500, seed: SeedLike = None
) -> BiasCorrection:
    """Bootstrap bias correction of a VAR(1) with the stationarity adjustment.

    Parameters
    ----------
    factors : ndarray, shape (T + 1, K)
        The factor series.
    n_draws : int, default 500
        Bootstrap samples, each simulated from the OLS VAR with residuals
        drawn with replacement and started at the first observation.
    seed : int, Generator or None
        Randomness.

    Returns
    -------
    BiasCorrection

    Raises
    ------
    EmptySampleError
        With fewer than ``K + 2`` transitions or non-finite factors.

    Notes
    -----
    ``Phi_bc = Phi_ols - delta (mean_b Phi_b - Phi_ols)`` with ``delta = 1``
    unless ``Phi_bc`` would have an eigenvalue of modulus >= 1, in which case
    ``delta`` is lowered in steps of 0.01 until it has none (Kilian 1998,
    as used by Bauer, Rudebusch and Wu 2012). ``mu_bc = (I - Phi_bc) xbar``.
    """
    n_draws = as_int(n_draws, "n_draws", low=10)
    x = np.asarray(factors, dtype=np.float64)
    t_obs, k = x.shape[0] - 1, x.shape[1]
    if t_obs < k + 2 or not np.isfinite(x).all():
        raise EmptySampleError(
            f"bias correction: need {k + 2} finite transitions; got {t_obs}"
        )
    mu_b, phi_b = var_ols(x[None, :-1], x[None, 1:])
    mu, phi = mu_b[0], phi_b[0]
    resid = x[1:] - mu - x[:-1] @ phi.T
    resid = resid - resid.mean(axis=0)
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, t_obs, (n_draws, t_obs))
    sims = np.empty((n_draws, t_obs + 1, k))
    sims[:, 0] = x[0]
    for s in range(t_obs):
        sims[:, s + 1] = mu + sims[:, s] @ phi.T + resid[pick[:, s]]
    _, phis = var_ols(sims[:, :-1], sims[:, 1:])
    bias = phis.mean(axis=0) - phi
    delta = 1.0
    corrected = phi - bias
    while np.abs(np.linalg.eigvals(corrected)).max() >= 1.0 and delta > 0:
        delta = round(delta - 0.01, 2)
        corrected = phi - delta * bias
    mu_bc = (np.eye(k) - corrected) @ x.mean(axis=0)
    return BiasCorrection(mu_bc, corrected, mu, phi, bias, delta, n_draws)

"""A simulated Gaussian affine world with known prices of risk (simulation truth).

Monthly factors follow ``X_{t+1} = mu + Phi X_t + v_{t+1}``, ``v ~ N(0, Sigma)``;
the one-month rate is ``r_t = delta0 + delta1' X_t`` and the prices of risk are
``lambda0 + lambda1 X_t``. Zero yields are computed here by the closed forms

``B_n' = -delta1' (I - Phi*)^{-1} (I - Phi*^n)``,
``A_n = sum_{j<n} [B_j' mu* + B_j' Sigma B_j / 2 - delta0]``,

with ``mu* = mu - lambda0`` and ``Phi* = Phi - lambda1`` (independently of the
recursion in :mod:`attribution.models.termstructure.acm`), so the estimator can
be checked against the truth. The data are simulated, not real.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from attribution._typing import Float64Array, SeedLike


@dataclass(frozen=True)
class AffineWorld:
    """Parameters of a simulated affine term structure (monthly, decimal)."""

    mu: Float64Array
    phi: Float64Array
    sigma: Float64Array
    lambda0: Float64Array
    lambda1: Float64Array
    delta0: float
    delta1: Float64Array

    def loadings(
        self, maturities: Float64Array, *, risk_neutral: bool = False
    ) -> tuple[Float64Array, Float64Array]:
        """Closed-form ``A_n, B_n`` (log price ``A_n + B_n' X``) at maturities."""
        k = len(self.mu)
        lam0 = np.zeros(k) if risk_neutral else self.lambda0
        lam1 = np.zeros((k, k)) if risk_neutral else self.lambda1
        mu_q, phi_q = self.mu - lam0, self.phi - lam1
        inv = np.linalg.inv(np.eye(k) - phi_q)
        n_max = int(np.max(maturities))
        powers = [np.linalg.matrix_power(phi_q, n) for n in range(n_max + 1)]
        b_all = np.array([-self.delta1 @ inv @ (np.eye(k) - p) for p in powers])
        terms = (
            b_all[:-1] @ mu_q
            + 0.5 * np.einsum("ni,ij,nj->n", b_all[:-1], self.sigma, b_all[:-1])
            - self.delta0
        )
        a_all = np.concatenate([[0.0], np.cumsum(terms)])
        idx = np.asarray(maturities, dtype=int)
        return a_all[idx], b_all[idx]

    def yields(
        self,
        factors: Float64Array,
        maturities: Float64Array,
        *,
        risk_neutral: bool = False,
    ) -> Float64Array:
        """Zero yields in percent per year, shape (T, n_maturities)."""
        a, b = self.loadings(maturities, risk_neutral=risk_neutral)
        n = np.asarray(maturities, dtype=float)
        out: Float64Array = -(a + factors @ b.T) * 1200.0 / n
        return out


def default_world() -> AffineWorld:
    """Return a three-factor world with persistent factors and sizeable risk prices.

    The factors are in "yield units" (decimal per month), scaled so that the
    10-year term premium moves by about one percentage point.
    """
    phi = np.array([[0.985, 0.0, 0.0], [0.02, 0.95, 0.0], [0.0, 0.03, 0.85]])
    chol = np.array([[6e-4, 0.0, 0.0], [-2e-4, 5e-4, 0.0], [1e-4, 1e-4, 4e-4]]) / 12
    return AffineWorld(
        mu=np.zeros(3),
        phi=phi,
        sigma=chol @ chol.T,
        lambda0=np.array([-2e-5, 1e-5, 0.0]),
        lambda1=np.array([[0.01, 0.0, 0.0], [0.0, 0.02, -0.01], [0.0, 0.0, 0.05]]),
        delta0=0.04 / 12,
        delta1=np.array([1.0, 1.0, 0.5]),
    )


def simulate_world(
    world: AffineWorld,
    n_months: int,
    *,
    maturities: Float64Array | None = None,
    noise_bp: float = 0.0,
    seed: SeedLike = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Simulate factors and zero yields.

    Parameters
    ----------
    world : AffineWorld
        True parameters.
    n_months : int
        Months to simulate (after a burn-in of 200).
    maturities : ndarray, optional
        Months (default 1..120).
    noise_bp : float, default 0
        Standard deviation of i.i.d. yield measurement errors, bp (not added
        to the one-month yield).
    seed : int, Generator or None
        Randomness.

    Returns
    -------
    yields : DataFrame
        Observed zero yields, percent, month-end dates from 2000-01.
    true_tp : DataFrame
        True term premium (percent): yield minus risk-neutral yield.
    factors : DataFrame
        The true factors.
    """
    rng = np.random.default_rng(seed)
    mats = np.arange(1.0, 121.0) if maturities is None else np.asarray(maturities)
    mats = mats.astype(float)
    k = len(world.mu)
    chol = np.linalg.cholesky(world.sigma)
    x = np.zeros((n_months + 200, k))
    for t in range(1, len(x)):
        x[t] = world.mu + world.phi @ x[t - 1] + chol @ rng.standard_normal(k)
    x = x[200:]
    y = world.yields(x, mats)
    tp = y - world.yields(x, mats, risk_neutral=True)
    if noise_bp:
        noise = rng.standard_normal(y.shape) * noise_bp / 100.0
        noise[:, mats == 1] = 0.0
        y = y + noise
    idx = pd.date_range("2000-01-31", periods=n_months, freq="ME")
    cols = [int(m) for m in mats]
    return (
        pd.DataFrame(y, index=idx, columns=cols),
        pd.DataFrame(tp, index=idx, columns=cols),
        pd.DataFrame(x, index=idx, columns=[f"x{i + 1}" for i in range(k)]),
    )

"""Vectorised variable-projection Levenberg-Marquardt for many NSS fits at once.

Each problem fits the six NSS parameters to one day's observed par yields.
For given decays ``u = log(tau)`` the four betas come from Gauss-Newton steps
with the analytic Jacobian (par yields are nearly linear in the zero curve);
the decays then move by Levenberg-Marquardt on the profiled residuals, with
Kaufman's (1975) projected Jacobian. All problems of a batch advance together
in array operations; each keeps its own damping and stops on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from attribution._typing import Float64Array
from attribution.models.termstructure.nss import ParPricer, nss_loadings

#: Bounds on the decays (years); ``tau2 >= TAU_RATIO * tau1`` keeps the two
#: humps apart, so the four betas stay identified. ``tau1 >= 0.25`` keeps the
#: curve below the shortest observed bill from bending into a spike: before
#: 2001 (no 1-month bill) a free ``tau1`` let the 1-month zero yield swing by
#: 2 percentage points s.d. against the 3-month, which wrecked the ACM short
#: rate (1-month minus 3-month s.d. 13 bp with the bound).
TAU1_BOUNDS = (0.25, 5.0)
TAU2_BOUNDS = (1.0, 15.0)
TAU_RATIO = 1.5
#: A problem stops when an iteration lowers its sum of squared errors by less
#: than this share of it (its RMSE then moves by under 0.005%).
SSR_TOL = 1e-4
_FD = 1e-6


def clip_decays(u: Float64Array) -> Float64Array:
    """Project ``log(tau1), log(tau2)`` (shape (B, 2)) onto the bounds."""
    out = u.copy()
    out[:, 0] = np.clip(out[:, 0], math.log(TAU1_BOUNDS[0]), math.log(TAU1_BOUNDS[1]))
    low2 = np.maximum(math.log(TAU2_BOUNDS[0]), out[:, 0] + math.log(TAU_RATIO))
    out[:, 1] = np.clip(out[:, 1], low2, math.log(TAU2_BOUNDS[1]))
    return out


@dataclass(frozen=True)
class BatchFit:
    """Solutions of a batch: ``theta`` = beta0..3, log tau1, log tau2."""

    theta: Float64Array  # (B, 6)
    resid: Float64Array  # (B, n) percent, 0 where not observed
    jac: Float64Array  # (B, n, 6) d resid / d theta, 0 where not observed
    iterations: Float64Array  # (B,)
    converged: Float64Array  # (B,) bool


class BatchProblem:
    """Observed par yields ``y`` with weights ``w`` (1 observed, 0 not)."""

    def __init__(self, pricer: ParPricer, y: Float64Array, w: Float64Array) -> None:
        self.grid = pricer.grid
        self.final = pricer.final
        self.annuity = pricer.annuity
        self.bill = pricer.is_bill
        self.mats = pricer.maturities
        self.y = np.where(w > 0, y, 0.0)
        self.w = w

    def loadings(self, u: Float64Array) -> Float64Array:
        """NSS loadings on the cash-flow grid, shape (B, G, 4)."""
        tau = np.exp(u)
        l1, l2, l3 = nss_loadings(self.grid[None, :], tau[:, :1], tau[:, 1:])
        return np.stack([np.ones_like(l1), l1, l2, l3], axis=-1)

    def par_jac(
        self, beta: Float64Array, load: Float64Array, rows: slice | Float64Array
    ) -> tuple[Float64Array, Float64Array]:
        """Weighted residuals (B, n) and their beta Jacobian (B, n, 4)."""
        d = np.exp(-(load @ beta[:, :, None])[:, :, 0] * self.grid / 100.0)
        d_m = d @ self.final.T
        ann = np.where(self.bill, 1.0, d @ self.annuity.T)
        bond = 100.0 * (1.0 - d_m) / ann
        with np.errstate(divide="ignore", invalid="ignore"):
            bill = 100.0 * (1.0 / d_m - 1.0) / self.mats
            coef_f = np.where(self.bill, -100.0 / (self.mats * d_m**2), -100.0 / ann)
        par = np.where(self.bill, bill, bond)
        coef_a = np.where(self.bill, 0.0, bond / ann)
        dd = (-self.grid / 100.0 * d)[:, :, None] * load
        jac = coef_f[:, :, None] * (self.final @ dd)
        jac -= coef_a[:, :, None] * (self.annuity @ dd)
        w = self.w[rows]
        resid = (par - self.y[rows]) * w
        jac *= w[:, :, None]
        if not np.isfinite(resid).all():  # overflowing trial curves lose
            resid = np.nan_to_num(resid, nan=1e6, posinf=1e6, neginf=-1e6)
            jac = np.nan_to_num(jac)
        return resid, jac

    def profile(
        self,
        u: Float64Array,
        beta: Float64Array,
        rows: Float64Array,
        n_steps: int = 1,
    ) -> tuple[Float64Array, Float64Array, Float64Array]:
        """Gauss-Newton for the betas at decays ``u`` (step halving keeps it down)."""
        load = self.loadings(u)
        resid, jac = self.par_jac(beta, load, rows)
        ssr = np.einsum("bn,bn->b", resid, resid)
        eye = 1e-10 * np.eye(4)
        for _ in range(n_steps):
            jtj = jac.transpose(0, 2, 1) @ jac + eye
            step = np.linalg.solve(jtj, -np.einsum("bnk,bn->bk", jac, resid)[..., None])
            step = step[..., 0]
            scale = np.ones(len(beta))
            done = np.zeros(len(beta), dtype=bool)
            new_b, new_r, new_j, new_s = (
                beta.copy(),
                resid.copy(),
                jac.copy(),
                ssr.copy(),
            )
            for _half in range(3):
                trial = beta + scale[:, None] * step
                r_t, j_t = self.par_jac(trial, load, rows)
                s_t = np.einsum("bn,bn->b", r_t, r_t)
                ok = (s_t <= ssr) & ~done
                new_b[ok], new_r[ok], new_j[ok], new_s[ok] = (
                    trial[ok], r_t[ok], j_t[ok], s_t[ok]
                )  # fmt: skip
                done |= ok
                if done.all():
                    break
                scale = np.where(done, scale, scale / 2.0)
            gain = ssr - new_s
            beta, resid, jac, ssr = new_b, new_r, new_j, new_s
            if np.all(gain <= 1e-6 * ssr):
                break
        return beta, resid, jac

    def decay_jacobian(
        self,
        u: Float64Array,
        beta: Float64Array,
        resid: Float64Array,
        rows: Float64Array,
    ) -> Float64Array:
        """Forward-difference d resid / d log tau at fixed betas, (B, n, 2)."""
        cols = []
        for k in range(2):
            du = u.copy()
            du[:, k] += _FD
            r_k, _ = self.par_jac(beta, self.loadings(du), rows)
            cols.append((r_k - resid) / _FD)
        return np.stack(cols, axis=-1)


def fit_batch(
    prob: BatchProblem, theta0: Float64Array, rows: Float64Array, max_iter: int
) -> BatchFit:
    """Fit the problems ``rows`` of ``prob`` from ``theta0`` (B, 6)."""
    n_prob = len(rows)
    u = clip_decays(theta0[:, 4:])
    beta, resid, jac_b = prob.profile(u, theta0[:, :4].copy(), rows)
    ssr = np.einsum("bn,bn->b", resid, resid)
    mu = np.full(n_prob, 1e-2)
    active = np.ones(n_prob, dtype=bool)
    iters = np.zeros(n_prob)
    eye2 = 1e-12 * np.eye(2)
    for _ in range(max_iter):
        if not active.any():
            break
        a_idx = np.flatnonzero(active)
        sub = rows[a_idx]
        raw = prob.decay_jacobian(u[a_idx], beta[a_idx], resid[a_idx], sub)
        jb = jac_b[a_idx]
        gram = jb.transpose(0, 2, 1) @ jb + 1e-10 * np.eye(4)
        coef = np.linalg.solve(gram, jb.transpose(0, 2, 1) @ raw)
        ju = raw - jb @ coef
        a = ju.transpose(0, 2, 1) @ ju
        g = np.einsum("bnk,bn->bk", ju, resid[a_idx])
        diag = a * np.eye(2)
        pending = np.ones(len(a_idx), dtype=bool)
        improved = np.zeros(len(a_idx), dtype=bool)
        gain = np.zeros(len(a_idx))
        moved = np.zeros(len(a_idx))
        mu_a = mu[a_idx]
        for _try in range(6):
            p_idx = np.flatnonzero(pending)
            if len(p_idx) == 0:
                break
            damp = a[p_idx] + mu_a[p_idx, None, None] * diag[p_idx] + eye2
            step = np.linalg.solve(damp, -g[p_idx][..., None])[..., 0]
            u_old = u[a_idx[p_idx]]
            trial = clip_decays(u_old + step)
            b_new, r_new, j_new = prob.profile(trial, beta[a_idx[p_idx]], sub[p_idx])
            s_new = np.einsum("bn,bn->b", r_new, r_new)
            ok = s_new < ssr[a_idx[p_idx]]
            acc = p_idx[ok]
            tgt = a_idx[acc]
            gain[acc] = ssr[tgt] - s_new[ok]
            moved[acc] = np.max(np.abs(trial[ok] - u_old[ok]), axis=1)
            u[tgt], beta[tgt], resid[tgt], jac_b[tgt], ssr[tgt] = (
                trial[ok], b_new[ok], r_new[ok], j_new[ok], s_new[ok]
            )  # fmt: skip
            improved[acc] = True
            pending[acc] = False
            mu_a[acc] = np.maximum(mu_a[acc] / 3.0, 1e-9)
            mu_a[p_idx[~ok]] *= 4.0
        mu[a_idx] = mu_a
        iters[a_idx] += 1
        stop = ~improved | (gain <= SSR_TOL * ssr[a_idx]) | (moved < 1e-6)
        active[a_idx[stop]] = False
    beta, resid, jac_b = prob.profile(u, beta, rows, n_steps=4)  # polish betas
    raw = prob.decay_jacobian(u, beta, resid, rows)
    return BatchFit(
        np.hstack([beta, u]),
        resid,
        np.concatenate([jac_b, raw], axis=-1),
        iters,
        ~active,
    )

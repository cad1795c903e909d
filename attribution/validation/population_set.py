r"""Population identified sets of the daily sign SVAR at the world's true parameters.

Issue 9 asks whether the sign-identified daily SVAR can name ``sell_america``
and ``term_premium`` in the simulated daily world. This module answers with
population quantities: at the world's *true* reduced form (lag matrix A,
zero constant, :math:`\Sigma = B D B'`) and its true window residuals
:math:`u_t = B\varepsilon_t`, the identified set of a shock's window
contribution is

.. math::

    \{\, S_j(CQ) : Q \text{ orthogonal},\ CQ \text{ meets every sign} \,\},
    \qquad CC' = \Sigma,

the set that every estimator of the scheme converges to (no sampling error
left). If it contains zero, no estimator of the scheme can tell a positive
contribution from none, whatever the sample size. Two Sigma are offered:
``"calm"`` (:math:`BB'`, shocks of unit variance) and ``"sample"``
(:math:`B\bar DB'`, :math:`\bar D` the shock variances averaged over the
sample's calm and episode days: the probability limit of the VAR's residual
covariance, which the Monte Carlo estimates).

Two independent computations:

* :func:`package_bounds` -- the package's own machinery
  (:func:`attribution.models.var.setid_refine.identified_sets`: Haar draws,
  column-by-column paths and the local search that pushes the bounds out),
  fed the true reduced form instead of the estimate;
* :func:`brute_force` -- Haar rotations drawn with numpy's QR, the
  admissible ones kept, each contribution computed by running the
  historical decomposition forward (no quadratic-form kernels): an inner
  approximation of the set, and the Haar posterior mean at the true Sigma.

Restrictions are linear: per shock, rows ``(weights over variables, sign)``
on the impact response, so that relative-magnitude restrictions
(``tp10 - 0.5 y10 > 0``) are expressible; :func:`default_rows` gives the
daily defaults (:data:`attribution.models.var.daily_shocks.DAILY_SHOCKS`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from attribution._typing import Float64Array
from attribution.engine.svar_daily import CORE, daily_restrictions
from attribution.models.var import VAR
from attribution.models.var.hd import window_positions
from attribution.models.var.narrative import NarrativeRestriction, narrative_from_spec
from attribution.models.var.setid import (
    _draw_admissible,
    _draw_sequential,
    _narrative_rows,
)
from attribution.models.var.setid_refine import (
    _contributions,
    identified_sets,
    refine_bounds,
)
from attribution.models.var.window_forms import window_forms
from attribution.simulate import DailyWorld
from attribution.simulate._daily_params import EPISODE_SD, IMPACT_CORE, OWN_LAG

#: reported responses as weights over :data:`CORE` (the 10y is real10 + be10)
RESPONSES: dict[str, dict[str, float]] = {
    "10y": {"real10": 1.0, "be10": 1.0},
    "30y": {"y30": 1.0},
}
#: per shock: rows (weights over variables, +1 or -1) on the impact response
Rows = dict[str, list[tuple[dict[str, float], float]]]


def default_rows() -> Rows:
    """Return the default daily sign restrictions as linear rows (ordered)."""
    out: Rows = {}
    for r in daily_restrictions(None, CORE):
        out[r.shock] = [
            ({v: float(c) for v, c in zip(CORE, w, strict=True) if c}, s)
            for w, s in r.weights(CORE)
        ]
    return out


def with_extra(
    base: Rows, extra: Mapping[str, Sequence[tuple[dict[str, float], float]]]
) -> Rows:
    """Return ``base`` with ``extra`` rows appended to their shocks (order kept)."""
    out = {k: list(v) for k, v in base.items()}
    for shock, rows in extra.items():
        out.setdefault(shock, [])
        out[shock] = out[shock] + list(rows)
    return out


def _weights(spec: Mapping[str, float]) -> Float64Array:
    w = np.zeros(len(CORE))
    for var, coef in spec.items():
        w[CORE.index(var)] += coef
    return w


def _matrix(rows: Rows) -> list[Float64Array]:
    """Per shock ``(R_j, n)``: sign times weights (a response row is w' B)."""
    return [np.stack([s * _weights(w) for w, s in rr]) for rr in rows.values()]


def true_sigma(world: DailyWorld, which: str = "sample") -> Float64Array:
    r"""Return the true residual covariance of the core VAR.

    ``"calm"``: :math:`BB'`; ``"sample"``: :math:`B\bar DB'` with
    :math:`\bar D_j` shock j's variance averaged over the sample's days
    (1 on calm days, the regime's squared episode s.d. on episode days).
    """
    if which == "calm":
        d = np.ones(len(OWN_LAG))
    else:
        episode = (world.volatility == "episode").to_numpy()
        sd2 = EPISODE_SD[world.regime] ** 2
        d = np.where(episode[:, None], sd2[None, :], 1.0).mean(axis=0)
    out: Float64Array = IMPACT_CORE @ np.diag(d) @ IMPACT_CORE.T
    return out


@dataclass(frozen=True)
class Population:
    """The world's true reduced form and window, in the core VAR's terms.

    Attributes
    ----------
    y : ndarray, shape (T, n)
        Core columns of the world's data.
    lag : ndarray, shape (n, n)
        True A.
    chol : ndarray, shape (n, n)
        Lower Cholesky factor of the true Sigma.
    window : tuple of int
        Window rows ``[lo, hi)`` of ``y``.
    weights : ndarray, shape (r, n)
        Response rows (:data:`RESPONSES`).
    labels : list of str
    """

    y: Float64Array
    lag: Float64Array
    chol: Float64Array
    window: tuple[int, int]
    weights: Float64Array
    labels: list[str]

    def resid(self, rows: np.ndarray) -> Float64Array:
        """Return the true reduced-form residuals ``(len(rows), n)`` at ``rows``."""
        out: Float64Array = self.y[rows] - self.y[rows - 1] @ self.lag.T
        return out


def population(world: DailyWorld, sigma: str = "sample") -> Population:
    """Return the true reduced form of ``world`` (core VAR(1), zero constant)."""
    data = world.data[list(CORE)]
    index = pd.DatetimeIndex(data.index)
    lo = int(index.searchsorted(world.window[0]))
    hi = int(index.searchsorted(world.window[1], side="right"))
    return Population(
        y=np.asarray(data.to_numpy(), dtype=np.float64),
        lag=np.diag(OWN_LAG),
        chol=np.asarray(np.linalg.cholesky(true_sigma(world, sigma)), dtype=np.float64),
        window=(lo, hi),
        weights=np.stack([_weights(w) for w in RESPONSES.values()]),
        labels=list(RESPONSES),
    )


def narrative_sums(
    world: DailyWorld, facts: Sequence[Mapping[str, object]]
) -> list[tuple[np.ndarray, str, float]]:
    """Narrative facts as (rows of ``y``, shock, sign): the shock summed over rows."""
    index = pd.DatetimeIndex(world.data.index)
    out = []
    for nr in narrative_from_spec(facts, list(default_rows()), period="day"):
        end = nr.date if nr.end is None else nr.end
        rows = np.flatnonzero((index >= nr.date) & (index <= end))
        out.append((rows, nr.shock, 1.0 if nr.sign == "+" else -1.0))
    return out


def _haar(rng: np.random.Generator, size: int, n: int) -> Float64Array:
    """Haar orthogonal matrices by the QR of Gaussian ones (R's diagonal > 0)."""
    q, r = np.linalg.qr(rng.standard_normal((size, n, n)))
    out: Float64Array = q * np.sign(np.diagonal(r, axis1=1, axis2=2))[:, None, :]
    return out


def _admissible(
    pop: Population,
    rows: Rows,
    narrative: Sequence[tuple[np.ndarray, str, float]],
    q: Float64Array,
) -> tuple[np.ndarray, Float64Array]:
    """Keep the Q whose C Q meets every restriction, column j flipped if needed."""
    impact = pop.chol @ q  # (N, n, n); shock j is column j
    ok = np.ones(len(q), dtype=bool)
    shocks = list(rows)
    for j, mat in enumerate(_matrix(rows)):
        vals = impact[:, :, j] @ mat.T  # (N, R_j)
        pos, neg = (vals > 0).all(axis=1), (vals < 0).all(axis=1)
        impact[neg, :, j] *= -1.0
        ok &= pos | neg
    for rws, shock, sign in narrative:
        u = pop.resid(rws).sum(axis=0)  # (n,)
        eps = np.linalg.solve(
            impact[ok], np.broadcast_to(u, (int(ok.sum()), len(u)))[..., None]
        )[..., 0]
        good = sign * eps[:, shocks.index(shock)] > 0
        idx = np.flatnonzero(ok)
        ok[idx[~good]] = False
    return ok, impact[ok]


def _decompose(pop: Population, impact: Float64Array, m: int) -> Float64Array:
    """Return the window contributions ``(N, r, m)`` of the first m shocks.

    Computed by running the decomposition forward (restarted at the window).
    """
    lo, hi = pop.window
    rows = np.arange(lo, hi)
    u = pop.resid(rows)  # (L, n)
    eps = np.linalg.solve(impact[:, None], u[None, :, :, None])[..., 0]  # (N, L, n)
    n_draw = len(impact)
    total = np.zeros((n_draw, pop.weights.shape[0], m))
    for j in range(m):
        state = np.zeros((n_draw, impact.shape[1]))
        acc = np.zeros_like(state)
        for t in range(len(rows)):
            state = state @ pop.lag.T + impact[:, :, j] * eps[:, t, j][:, None]
            acc += state
        total[:, :, j] = acc @ pop.weights.T
    return total


@dataclass(frozen=True)
class BruteForce:
    """Contributions of the admissible Haar rotations at the true reduced form.

    Attributes
    ----------
    values : ndarray, shape (N, r, m)
        One row per admissible rotation (responses x restricted shocks).
    impacts : ndarray, shape (N, n, n)
        Their impact matrices C Q (columns signed).
    n_tried : int
    shocks, labels : list of str
    """

    values: Float64Array
    impacts: Float64Array
    n_tried: int
    shocks: list[str]
    labels: list[str]

    def table(self) -> pd.DataFrame:
        """Min, max and mean of each (response, shock) over the kept rotations."""
        idx = pd.MultiIndex.from_product([self.labels, self.shocks])
        v = self.values
        return pd.DataFrame(
            {
                "bf_lower": v.min(axis=0).reshape(-1),
                "bf_upper": v.max(axis=0).reshape(-1),
                "haar_mean": v.mean(axis=0).reshape(-1),
            },
            index=idx,
        )


def brute_force(
    pop: Population,
    rows: Rows,
    narrative: Sequence[tuple[np.ndarray, str, float]] = (),
    *,
    n_rotations: int = 200_000,
    chunk: int = 50_000,
    seed: int = 0,
) -> BruteForce:
    """Haar rotations by QR; keep the admissible ones; decompose the window.

    Raises
    ------
    ValueError
        If no rotation is admissible.
    """
    rng = np.random.default_rng(seed)
    m = len(rows)
    kept, imps = [], []
    for lo in range(0, n_rotations, chunk):
        q = _haar(rng, min(chunk, n_rotations - lo), pop.chol.shape[0])
        _, impact = _admissible(pop, rows, narrative, q)
        if len(impact):
            kept.append(_decompose(pop, impact, m))
            imps.append(impact)
    if not kept:
        raise ValueError(f"no admissible rotation in {n_rotations}")
    return BruteForce(
        np.concatenate(kept), np.concatenate(imps), n_rotations, list(rows), pop.labels
    )


def climb(
    pop: Population,
    rows: Rows,
    narrative: Sequence[tuple[np.ndarray, str, float]],
    start: BruteForce,
    *,
    shocks: Sequence[str] | None = None,
    steps: int = 150,
    n_prop: int = 48,
    seed: int = 1,
) -> pd.DataFrame:
    """Push the brute-force bounds outward by an independent random local search.

    For each (response, shock, end), start at the best admissible rotation
    of ``start`` and repeat: perturb its Q (Gaussian step, re-orthonormalised
    by QR), keep the admissible proposals (:func:`_admissible`), move to the
    best (:func:`_decompose`), shrink the step when none improves. Every
    value reported is attained by an admissible rotation, so the result is
    still an inner approximation of the set. Returns ``bf_lower``,
    ``bf_upper`` per (response, shock), for ``shocks`` (default all
    restricted shocks).
    """
    rng = np.random.default_rng(seed)
    m = len(rows)
    r = len(pop.labels)
    cinv = np.linalg.inv(pop.chol)
    names = list(rows) if shocks is None else list(shocks)
    out = np.zeros((r, len(names), 2))
    for i in range(r):
        for jj, name in enumerate(names):
            j = list(rows).index(name)
            for d, sense in ((0, -1.0), (1, 1.0)):
                vals = start.values[:, i, j] * sense
                k = int(vals.argmax())
                best, q = float(vals[k]), cinv @ start.impacts[k]
                scale = 0.2
                for _ in range(steps):
                    prop = q[None] + scale * rng.standard_normal((n_prop, *q.shape))
                    qq, rr = np.linalg.qr(prop)
                    qq = qq * np.sign(np.diagonal(rr, axis1=1, axis2=2))[:, None, :]
                    ok, impact = _admissible(pop, rows, narrative, qq)
                    if not len(impact):
                        scale = max(scale * 0.7, 1e-4)
                        continue
                    obj = _decompose(pop, impact, m)[:, i, j] * sense
                    a = int(obj.argmax())
                    if obj[a] > best:
                        best, q = float(obj[a]), cinv @ impact[a]
                    else:
                        scale = max(scale * 0.7, 1e-4)
                out[i, jj, d] = best * sense
    idx = pd.MultiIndex.from_product([pop.labels, names])
    return pd.DataFrame(
        {"bf_lower": out[..., 0].reshape(-1), "bf_upper": out[..., 1].reshape(-1)},
        index=idx,
    )


def package_bounds(
    pop: Population,
    rows: Rows,
    narrative: Sequence[tuple[np.ndarray, str, float]] = (),
    *,
    n_tries: int = 200_000,
    n_paths: int = 20_000,
    n_starts: int = 4,
    refine_steps: int = 60,
    refine_proposals: int = 64,
    seed: int = 0,
) -> pd.DataFrame:
    """Return the identified set by the package's samplers and search, at the truth.

    Uses :func:`attribution.models.var.setid._draw_admissible` (Haar columns
    by Gram-Schmidt, the admissible kept: the posterior),
    :func:`~attribution.models.var.setid._draw_sequential` (admissible
    columns built one at a time: more of the set's support when the
    restrictions are tight), :func:`~attribution.models.var.setid_refine.
    refine_bounds` (each bound pushed outward, from the best draw of each of
    ``n_starts`` disjoint groups of draws: the admissible set need not be
    connected, so one start can stall) and the quadratic-form kernels of
    :func:`~attribution.models.var.window_forms.window_forms`, all fed the
    true reduced form. Returns ``set_lower``, ``set_upper``, ``haar_mean``
    (NaN without an admissible Haar draw) and ``n_admissible`` (Haar draws)
    per (response, shock).

    Raises
    ------
    ValueError
        If no rotation is admissible.
    """
    rng = np.random.default_rng(seed)
    n, m = pop.chol.shape[0], len(rows)
    det = np.ones((len(pop.y), 1))
    forms = window_forms(
        pop.y, det, np.zeros((1, 1, n)), pop.lag[None, None], pop.chol[None],
        *pop.window, pop.weights,
    )  # fmt: skip
    mats = [(mat @ pop.chol)[None] for mat in _matrix(rows)]  # rows w' C
    shocks = list(rows)
    narr = []
    for rws, shock, sign in narrative:
        w = np.linalg.solve(pop.chol, pop.resid(rws).sum(axis=0))
        narr.append((w[None], shocks.index(shock), sign))
    draw, q = _draw_admissible(mats, narr, 1, n_tries, n, rng)
    d2, q2 = _draw_sequential(mats, narr, 1, n_paths, 32, n, rng)
    q_all = np.concatenate([q, q2])
    if not len(q_all):
        raise ValueError(f"no admissible rotation in {n_tries} + {n_paths} paths")
    zero = np.zeros(len(q_all), dtype=np.int64)
    vals = _contributions(forms.kernel, forms.baseline, zero, q_all)[..., 1 : m + 2]
    lo, hi = vals.min(axis=0)[:, :m], vals.max(axis=0)[:, :m]
    group = np.arange(len(q_all)) % n_starts
    for g in range(min(n_starts, len(q_all))):
        v, qg = vals[group == g], q_all[group == g]
        starts = np.stack([qg[v.argmin(axis=0)], qg[v.argmax(axis=0)]], axis=2)
        bounds = refine_bounds(
            [forms.kernel[0]], [x[0] for x in mats],
            [(w[0], j, s) for w, j, s in narr], [starts], rng,
            steps=refine_steps, n_prop=refine_proposals,
        )[0]  # fmt: skip  # (r, m + 1, 2)
        lo = np.minimum(lo, bounds[:, :m, 0])
        hi = np.maximum(hi, bounds[:, :m, 1])
    haar = vals[: len(q)].mean(axis=0)[:, :m] if len(q) else np.full(lo.shape, np.nan)
    idx = pd.MultiIndex.from_product([pop.labels, shocks])
    return pd.DataFrame(
        {
            "set_lower": lo.reshape(-1),
            "set_upper": hi.reshape(-1),
            "haar_mean": haar.reshape(-1),
            "n_admissible": len(q),
        },
        index=idx,
    )


def engine_bounds(
    world: DailyWorld,
    sigma: str = "sample",
    narrative: Sequence[Mapping[str, object]] = (),
    *,
    n_set_tries: int = 200_000,
    set_paths: int = 5,
    seed: int = 0,
) -> pd.DataFrame:
    """Return the engine's set routine (:func:`identified_sets`) at the truth.

    A VAR is fitted to the world only for its data layout; the constant, lag
    matrix and Cholesky factor handed to the routine are the true ones, so
    the result is the population set under the default restrictions.
    """
    restrictions = daily_restrictions(None, CORE)
    pop = population(world, sigma)
    res = VAR(world.data[list(CORE)], n_lags=1, trend="c").fit()
    narr: list[NarrativeRestriction] = list(
        narrative_from_spec(narrative, [r.shock for r in restrictions], period="day")
    )
    rows = _narrative_rows(res, restrictions, narr)
    spot = window_positions(res, world.window[0], world.window[1])
    n = len(CORE)
    lower, upper, _, n_set = identified_sets(
        res, restrictions, rows, np.zeros((1, 1, n)), pop.lag[None, None],
        pop.chol[None], [spot], pop.weights, n_set_tries,
        np.random.default_rng(seed), 50 * set_paths,
    )[0]  # fmt: skip
    shocks = [r.shock for r in restrictions]
    m = len(shocks)
    idx = pd.MultiIndex.from_product([pop.labels, shocks])
    return pd.DataFrame(
        {
            "set_lower": lower[:, 1 : m + 1].reshape(-1),
            "set_upper": upper[:, 1 : m + 1].reshape(-1),
            "n_admissible": n_set,
        },
        index=idx,
    )

r"""Window contributions of a sign-identified VAR: the identified set and its posterior.

A sign-restricted SVAR does not identify one model but a set of them, all
fitting the data equally well. This module reports, for the contribution of
each shock to each response summed over a window:

* the **identified set** at the estimated reduced form: the smallest and
  largest contribution over the admissible rotations (``set_lower``,
  ``set_upper``);
* a **robust band** for that set in the spirit of Giacomini and Kitagawa
  (2021): the ``(1-level)/2`` quantile of the set's lower bound and the
  ``(1+level)/2`` quantile of its upper bound over bootstrap draws of the
  reduced form, so that the set lies inside the band in at least ``level``
  of the draws (a union bound; the band is conservative);
* the **posterior** under the uniform (Haar) prior on rotations and the
  bootstrap distribution of the reduced form: ``point`` is the posterior
  mean and ``lower``/``upper`` its quantiles, all from the *same* draws, so
  the rows add up exactly (means are additive: every draw adds up) and the
  point sits inside its band unless the posterior is extremely skewed.

The posterior's location inside the set is the prior's doing, not the
data's (Baumeister and Hamilton 2015): read a contribution as identified
only when the robust band excludes zero.

Monte Carlo error
-----------------
Draws are added in batches until the Monte Carlo standard error of every
posterior mean (batch means over groups of bootstrap draws) is at most
``mc_tol / 5``, so that two seeds differ by more than ``mc_tol`` with
probability below 0.1% per number, or until ``max_boot`` reduced-form
draws. The achieved error is reported.

Rotations
---------
Only the first m columns of Q (the restricted shocks) matter for their
contributions, and the unrestricted shocks' total is the window's shock
part minus theirs (:mod:`attribution.models.var.window_forms`). The columns
are drawn as Gram-Schmidt orthonormalisations of Gaussian vectors, which is
the QR construction of a Haar Q (Rubio-Ramírez, Waggoner and Zha 2010,
Algorithm 2) restricted to its first m columns; a column that satisfies all
of its shock's signs after multiplication by -1 is flipped.

References
----------
Giacomini, R. and Kitagawa, T. (2021). Robust Bayesian inference for
set-identified models. *Econometrica* 89(4), 1519-1556.
Baumeister, C. and Hamilton, J. D. (2015). Sign restrictions, structural
vector autoregressions, and useful prior information. *Econometrica* 83(5),
1963-1999.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from attribution._typing import Float64Array, SeedLike
from attribution.exceptions import IdentificationError, WeakIdentificationWarning, fmt
from attribution.models.var import _arrays
from attribution.models.var.narrative import NarrativeRestriction
from attribution.models.var.sign import SignRestriction, _restriction_rows
from attribution.models.var.window_forms import WindowForms, residuals, window_forms

if TYPE_CHECKING:
    from attribution.models.var.results import VARResults

#: Two independent estimates with standard error s differ by more than 5 s
#: with probability below 0.1% (a 3.5-sigma event of their difference).
_SEED_FACTOR = 5.0
_GROUPS = 20


def _orthonormalise(v: Float64Array, cols: Sequence[Float64Array]) -> Float64Array:
    """Gram-Schmidt step: ``v`` ``(N, n)`` made orthogonal to ``cols``, unit length."""
    for q in cols:
        v -= np.einsum("nk,nk->n", q, v)[:, None] * q
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v


def _sign_column(proj: Float64Array, v: Float64Array) -> np.ndarray:
    """Flip ``v`` where every restriction row ``proj`` ``(N, R)`` is negative.

    Returns the rows whose restrictions all hold after the flip.
    """
    pos = (proj > 0).all(axis=1)
    neg = (proj < 0).all(axis=1)
    v[neg] *= -1.0
    return np.asarray(pos | neg)


def _project(mat: Float64Array, draw: np.ndarray, v: Float64Array) -> Float64Array:
    """``mat[draw[i]] @ v[i]`` for every row ``i``, without gathering ``mat``.

    ``mat`` is ``(B, R, n)``, ``draw`` ``(N,)`` sorted and ``v`` ``(N, n)``;
    returns ``(N, R)``. Rows of one draw are contiguous, so each draw is one
    matrix product (gathering ``mat`` per row would copy ``N * R * n`` numbers).
    """
    if mat.shape[0] == 1:
        out: Float64Array = v @ mat[0].T
        return out
    ends = np.searchsorted(draw, np.arange(1, mat.shape[0] + 1))
    res = np.empty((len(draw), mat.shape[1]))
    lo = 0
    for b, hi in enumerate(ends.tolist()):
        if hi > lo:
            res[lo:hi] = v[lo:hi] @ mat[b].T
        lo = hi
    return res


def _draw_admissible(
    mats: list[Float64Array],
    narrative: Sequence[tuple[Float64Array, int, float]],
    n_draws: int,
    n_tries: int,
    n: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, Float64Array]:
    """Admissible first-m columns of Haar rotations, tried ``n_tries`` per draw.

    Columns are built one at a time by Gram-Schmidt on Gaussian vectors (the
    QR construction of a Haar Q), and a try is dropped as soon as one of its
    columns fails its shock's signs (after a sign flip), so later columns are
    only built for the survivors. ``mats[j]`` is ``(B, R_j, n)``; a narrative
    entry is ``(w, j, sign)`` with ``w`` the ``(B, n)`` orthogonalised
    residual of its date. Returns the draw index ``(N,)`` (sorted) and the
    signed columns ``(N, n, m)`` of the admissible tries.
    """
    m = len(mats)
    draw = np.repeat(np.arange(n_draws), n_tries)
    cols: list[Float64Array] = []
    for j in range(m):
        v = _orthonormalise(rng.standard_normal((len(draw), n)), cols)
        keep = _sign_column(_project(mats[j], draw, v), v)
        for w, shock, sign in narrative:
            if shock == j:
                keep &= sign * _project(w[:, None], draw, v)[:, 0] > 0
        draw = draw[keep]
        cols = [q[keep] for q in cols] + [v[keep]]
    return draw, np.stack(cols, axis=-1)


def _segment_extremes(
    values: Float64Array, draw: np.ndarray, n_draws: int
) -> tuple[Float64Array, Float64Array]:
    """Per-draw min and max of ``values`` ``(N, ...)`` (NaN for draws with none)."""
    lower = np.full((n_draws,) + values.shape[1:], np.nan)
    upper = np.full_like(lower, np.nan)
    if len(draw):
        starts = np.flatnonzero(np.r_[True, draw[1:] != draw[:-1]])
        lower[draw[starts]] = np.minimum.reduceat(values, starts, axis=0)
        upper[draw[starts]] = np.maximum.reduceat(values, starts, axis=0)
    return lower, upper


@dataclass(frozen=True)
class _Prepared:
    """What a batch of reduced forms needs before any rotation is drawn."""

    mats: list[Float64Array]  # per shock (B, R_j, n): restriction rows
    forms: WindowForms
    narrative: list[tuple[Float64Array, int, float]]  # (w (B, n), shock, sign)


def _prepare(
    results: VARResults,
    restrictions: Sequence[SignRestriction],
    narrative: Sequence[tuple[np.ndarray, int, float]],
    det_coefs: Float64Array,
    lag_coefs: Float64Array,
    chol: Float64Array,
    window: tuple[int, int],
    responses: list[int] | Float64Array,
) -> _Prepared:
    """Restriction rows, window forms and narrative residuals of a batch."""
    h_max = max(max(r.horizons) for r in restrictions)
    chol_irf = _arrays.ma_coefs(lag_coefs, h_max) @ chol[:, None]
    mats = _restriction_rows(restrictions, results.names, chol_irf)
    forms = window_forms(
        results._y, results._det, det_coefs, lag_coefs, chol, *window, responses
    )
    narr: list[tuple[Float64Array, int, float]] = []
    for rows, shock, sign in narrative:
        u = residuals(results._y, results._det, det_coefs, lag_coefs, rows)
        solved = np.linalg.solve(chol[:, None], u[..., None])[..., 0]
        w = np.asarray(solved, dtype=np.float64).sum(axis=1)  # (B, n)
        narr.append((w, shock, sign))
    return _Prepared(mats, forms, narr)


def _draw_sequential(
    mats: list[Float64Array],
    narrative: Sequence[tuple[Float64Array, int, float]],
    n_draws: int,
    n_paths: int,
    n_cand: int,
    n: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, Float64Array]:
    """Admissible columns built one column at a time (support only, not Haar).

    Each of ``n_paths`` paths per draw builds column j from ``n_cand``
    Gaussian candidates orthonormalised against its earlier columns and
    keeps one that satisfies shock j's signs (and narrative), chosen at
    random; a path with none dies. Every result is admissible, but the
    columns are not distributed as a Haar rotation conditional on
    admissibility, so these draws serve the identified set's bounds (which
    depend on the support only), never the posterior.
    """
    draw = np.repeat(np.arange(n_draws), n_paths)
    cols: list[Float64Array] = []
    for j, mat in enumerate(mats):
        rep = np.repeat(np.arange(len(draw)), n_cand)
        v = _orthonormalise(rng.standard_normal((len(rep), n)), [c[rep] for c in cols])
        ok = _sign_column(_project(mat, draw[rep], v), v)
        for w, shock, sign in narrative:
            if shock == j:
                ok &= sign * _project(w[:, None], draw[rep], v)[:, 0] > 0
        ok2 = ok.reshape(len(draw), n_cand)
        pick = np.where(ok2, rng.random(ok2.shape), -1.0).argmax(axis=1)
        alive = ok2.any(axis=1)
        chosen = v.reshape(len(draw), n_cand, n)[np.arange(len(draw)), pick]
        draw = draw[alive]
        cols = [c[alive] for c in cols] + [chosen[alive]]
    return draw, np.stack(cols, axis=-1)


@dataclass(frozen=True)
class SetIdentifiedWindow:
    """Identified set, robust band and posterior of window contributions.

    Attributes
    ----------
    frame : DataFrame
        Indexed by (``response``, ``shock``), ``shock`` = ``baseline``, the
        restricted shocks, then ``other_shocks``; columns ``point`` (posterior
        mean), ``std_err``, ``lower``, ``upper`` (posterior quantiles at
        ``level``), ``set_lower``, ``set_upper`` (identified set at the
        estimated reduced form), ``robust_lower``, ``robust_upper`` (robust
        band for the set), ``mc_se`` (Monte Carlo error of ``point``),
        ``band_mc_se`` (of the band's ends, batch quantiles) and
        ``set_spread`` (largest gap between the set bounds found from two
        independent halves of the rotation draws).
    level : float
    n_boot : int
        Reduced-form draws made.
    n_kept : int
        Draws with at least one admissible rotation.
    n_pairs : int
        Admissible (draw, rotation) pairs behind the posterior.
    n_set : int
        Admissible rotations behind the identified set at the estimate.
    mc_converged : bool
        Whether the Monte Carlo error target was met before ``max_boot``.
    draws : ndarray, shape (n_pairs, r, m + 2)
        The posterior draws (baseline, shocks, other) behind ``frame``.
    """

    frame: pd.DataFrame
    level: float
    n_boot: int
    n_kept: int
    n_pairs: int
    n_set: int
    mc_converged: bool
    draws: Float64Array


def _narrative_rows(
    results: VARResults,
    restrictions: Sequence[SignRestriction],
    narrative: Sequence[NarrativeRestriction],
) -> list[tuple[np.ndarray, int, float]]:
    index = results.model.data.index
    shocks = [r.shock for r in restrictions]
    out = []
    for nr in narrative:
        if nr.shock not in shocks:
            raise IdentificationError(
                fmt("narrative.shock", f"one of the shocks {shocks}", nr.shock)
            )
        row = int(index.searchsorted(nr.date))  # the VAR index is sorted
        last = row if nr.end is None else int(index.searchsorted(nr.end, "right")) - 1
        exact = nr.end is not None or (row < len(index) and index[row] == nr.date)
        if row >= len(index) or not exact or row < results.n_lags or last < row:
            raise IdentificationError(
                fmt(
                    "narrative.date",
                    f"a date of the VAR sample after its first {results.n_lags} rows",
                    f"{nr.date:%Y-%m-%d}",
                )
            )
        rows = np.arange(row, last + 1)
        out.append((rows, shocks.index(nr.shock), 1.0 if nr.sign == "+" else -1.0))
    return out


def set_identified_window(
    results: VARResults,
    restrictions: Sequence[SignRestriction],
    start: object,
    end: object,
    *,
    responses: Sequence[str] | None = None,
    combinations: Mapping[str, Mapping[str, float]] | None = None,
    narrative: Sequence[NarrativeRestriction] = (),
    level: float = 0.9,
    n_boot: int = 500,
    max_boot: int = 4000,
    n_tries: int = 2000,
    n_set_tries: int = 1_000_000,
    mc_tol: float = 0.5,
    block_length: int | None = None,
    set_paths: int = 0,
    seed: SeedLike = None,
) -> SetIdentifiedWindow:
    """Return the identified set and posterior of each shock's window contribution.

    Parameters
    ----------
    results : VARResults
        Reduced-form fit.
    restrictions : sequence of SignRestriction
        The sign restrictions (ordered assignment: shock j is column j).
    start, end : date-like
        Window rows (decomposition restarted at ``start``).
    responses : sequence of str, optional
        Variables whose contributions are reported (default all).
    combinations : mapping of str to mapping of str to float, optional
        Further responses that are linear combinations of the variables,
        e.g. ``{"y10": {"real10": 1.0, "be10": 1.0}}``; their sets are those
        of the combination (not the sum of the parts' sets).
    narrative : sequence of NarrativeRestriction
        Shock signs on given dates; draws violating them are dropped.
    level : float, default 0.9
        Level of the posterior and robust bands.
    n_boot : int, default 500
        Moving-block bootstrap draws of the reduced form per batch.
    max_boot : int, default 4000
        Largest number of reduced-form draws.
    n_tries : int, default 2000
        Rotations tried per reduced-form draw.
    n_set_tries : int, default 1000000
        Rotations tried at the estimated reduced form for the identified set.
    mc_tol : float, default 0.5
        Target for the seed-to-seed difference of every posterior mean (bp).
    block_length : int, optional
        Bootstrap block length (default ``ceil(T^(1/3))``).
    set_paths : int, default 0
        Column-by-column admissible paths per reduced-form draw (and, times
        fifty, per chunk at the estimate) added to the *set* bounds only, for
        restrictions so tight that Haar draws rarely satisfy them (see
        :func:`_draw_sequential`); the posterior never uses them.
    seed : int, Generator or None

    Returns
    -------
    SetIdentifiedWindow

    Raises
    ------
    IdentificationError
        If no rotation is admissible at the estimate or in any draw.
    """
    from attribution.models.var.setid_shared import set_identified_windows

    return set_identified_windows(
        results,
        restrictions,
        start,
        end,
        narratives=[narrative],
        responses=responses,
        combinations=combinations,
        level=level,
        n_boot=n_boot,
        max_boot=max_boot,
        n_tries=n_tries,
        n_set_tries=n_set_tries,
        mc_tol=mc_tol,
        block_length=block_length,
        set_paths=set_paths,
        seed=seed,
    )[0]


def _response_weights(
    names: Sequence[str],
    responses: Sequence[str],
    combinations: Mapping[str, Mapping[str, float]],
) -> Float64Array:
    """Weights ``(r, n)``: one row per response, then one per combination."""
    rows = [np.eye(len(names))[list(names).index(v)] for v in responses]
    for label, parts in combinations.items():
        row = np.zeros(len(names))
        for var, coef in parts.items():
            if var not in names:
                raise IdentificationError(
                    fmt(f"combinations[{label}]", f"variables in {list(names)}", var)
                )
            row[list(names).index(var)] += float(coef)
        rows.append(row)
    return np.asarray(rows, dtype=np.float64)


def _warn_if_thin(n_set: int, n_set_tries: int, n_pairs: int, n_draws: int) -> None:
    """Warn when the admissible set is explored by too few rotations."""
    if n_set < 1000 or n_pairs < 5 * n_draws:
        warnings.warn(
            f"The sign restrictions admit only {n_set} of {n_set_tries} rotations at "
            f"the estimate and {n_pairs / n_draws:.1f} per bootstrap draw: the "
            "identified set is thinly explored and its bounds are too narrow. Raise "
            "n_draws / n_rotations (attribution.svar for the weekly models, "
            "attribution.daily for the daily ones; the daily set_paths widen the "
            "sets) or relax the restrictions.",
            WeakIdentificationWarning,
            stacklevel=3,
        )


def quantile_mc_se(values: Float64Array, ids: np.ndarray, q: float) -> Float64Array:
    """Return the Monte Carlo error of the ``q`` and ``1 - q`` quantiles of ``values``.

    Batch quantiles over 20 groups of draws (``ids % 20``): the larger of the
    two ends' standard errors, per entry; infinite with fewer than two groups.
    """
    group = ids % _GROUPS
    per_group = [
        np.quantile(values[group == g], [q, 1.0 - q], axis=0)
        for g in range(_GROUPS)
        if (group == g).sum() > 1
    ]  # each (2, ...)
    if len(per_group) < 2:
        return np.full(values.shape[1:], np.inf)
    spread = np.stack(per_group).std(axis=0, ddof=1).max(axis=0)
    se: Float64Array = spread / np.sqrt(len(per_group))
    return se


def _mc_se(pairs: Float64Array, ids: np.ndarray) -> Float64Array:
    """Batch-means standard error of the posterior means, by groups of draws."""
    group = ids % _GROUPS
    means = np.stack(
        [pairs[group == g].mean(axis=0) for g in range(_GROUPS) if (group == g).any()]
    )
    if len(means) < 2:
        return np.full(pairs.shape[1:], np.inf)
    se: Float64Array = means.std(axis=0, ddof=1) / np.sqrt(len(means))
    return se


def _frame(
    pairs: Float64Array,
    ids: np.ndarray,
    per_lo: Float64Array,
    per_hi: Float64Array,
    lo_set: Float64Array,
    hi_set: Float64Array,
    set_spread: Float64Array,
    q: float,
    responses: list[str],
    shocks: list[str],
) -> pd.DataFrame:
    band_se = quantile_mc_se(pairs, ids, q)
    cols = {
        "point": pairs.mean(axis=0),
        "std_err": pairs.std(axis=0, ddof=1) if len(pairs) > 1 else pairs[0] * 0.0,
        "lower": np.quantile(pairs, q, axis=0),
        "upper": np.quantile(pairs, 1.0 - q, axis=0),
        "set_lower": lo_set,
        "set_upper": hi_set,
        "robust_lower": np.quantile(per_lo, q, axis=0),
        "robust_upper": np.quantile(per_hi, 1.0 - q, axis=0),
        "mc_se": _mc_se(pairs, ids),
        "band_mc_se": band_se,
        "set_spread": set_spread,
    }
    idx = pd.MultiIndex.from_product([responses, shocks], names=["response", "shock"])
    return pd.DataFrame({k: np.asarray(v).reshape(-1) for k, v in cols.items()}, idx)

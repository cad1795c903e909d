"""The identified set at the estimate: drawn bounds, pushed outward by local search.

:func:`identified_sets` returns, for each of several windows of one VAR, the
bounds of each shock's window contribution over the admissible rotations at
the estimated reduced form. The rotations are drawn once for every window
(they do not depend on it), and the local search that refines each bound
(:func:`refine_bounds`) uses the same random proposals for every window, so
a window's bounds are exactly those it gets alone with the same seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from attribution._typing import Float64Array
from attribution.exceptions import IdentificationError, fmt
from attribution.models.var.setid import (
    _draw_admissible,
    _draw_sequential,
    _orthonormalise,
    _prepare,
    _Prepared,
    _sign_column,
)
from attribution.models.var.sign import SignRestriction
from attribution.models.var.window_forms import WindowForms, window_forms

if TYPE_CHECKING:
    from attribution.models.var.results import VARResults

#: (lower (r, m + 2), upper (r, m + 2), spread of the two halves, rotations)
SetBounds = tuple[Float64Array, Float64Array, Float64Array, int]


def _contributions(
    forms_kernel: Float64Array,
    forms_baseline: Float64Array,
    draw: np.ndarray,
    q: Float64Array,
) -> Float64Array:
    """``(N, r, m + 2)``: baseline, restricted shocks, the others' total."""
    kernel = forms_kernel[draw]  # (N, r, n, n)
    shocks = np.einsum("nkj,nikl,nlj->nij", q, kernel, q)  # (N, r, m)
    total = np.trace(kernel, axis1=-2, axis2=-1)  # (N, r)
    other = total - shocks.sum(axis=-1)
    base = forms_baseline[draw]
    return np.concatenate([base[..., None], shocks, other[..., None]], axis=-1)


def draw_rotations(
    prep: _Prepared,
    n_draws: int,
    n_tries: int,
    rng: np.random.Generator,
    n_paths: int = 0,
    n_cand: int = 32,
) -> tuple[np.ndarray, Float64Array, np.ndarray, Float64Array]:
    """Draw the rotations of a batch (they do not depend on the window).

    Returns the Haar draws (draw index, columns) behind the posterior and the
    set-only draws (:func:`~attribution.models.var.setid._draw_sequential`;
    empty when ``n_paths`` is 0), Haar draws first.
    """
    n = prep.forms.kernel.shape[-1]
    draw, q = _draw_admissible(prep.mats, prep.narrative, n_draws, n_tries, n, rng)
    if n_paths > 0:
        d2, q2 = _draw_sequential(
            prep.mats, prep.narrative, n_draws, n_paths, n_cand, n, rng
        )
    else:
        d2, q2 = draw[:0], q[:0]
    return draw, q, d2, q2


def window_batch(
    kernel: Float64Array,
    baseline: Float64Array,
    draws: tuple[np.ndarray, Float64Array, np.ndarray, Float64Array],
) -> tuple[Float64Array, np.ndarray, Float64Array, Float64Array]:
    """One window's contributions of shared rotation draws.

    Returns the posterior contributions ``(N, r, m + 2)`` and, for the set,
    the draw index, columns and contributions of every admissible rotation
    (Haar and set-only draws merged, sorted by draw).
    """
    draw, q, d2, q2 = draws
    full = _contributions(kernel, baseline, draw, q)
    if not len(d2):
        return full, draw, q, full
    order = np.argsort(np.concatenate([draw, d2]), kind="stable")
    set_draw = np.concatenate([draw, d2])[order]
    set_q = np.concatenate([q, q2])[order]
    set_full = np.concatenate([full, _contributions(kernel, baseline, d2, q2)])
    return full, set_draw, set_q, set_full[order]


def _signed_admissible(
    mats: list[Float64Array],
    narrative: Sequence[tuple[Float64Array, int, float]],
    q: Float64Array,
) -> tuple[np.ndarray, Float64Array]:
    """Check columns ``q`` ``(N, n, m)`` of one reduced form; flip columns to sign.

    ``mats[j]`` is ``(R_j, n)``; a narrative entry is ``(w, j, sign)`` with ``w``
    of shape ``(n,)``.
    """
    ok = np.ones(q.shape[0], dtype=bool)
    out = q.copy()
    for j, mat in enumerate(mats):
        col = out[..., j]  # a copy (advanced slicing is not); written back below
        ok &= _sign_column(col @ mat.T, col)
        out[..., j] = col
    for w, shock, sign in narrative:
        ok &= sign * (out[..., shock] @ w) > 0
    return ok, out


def _orthonormal(z: Float64Array) -> Float64Array:
    """Gram-Schmidt on the columns of ``z`` ``(N, n, m)``."""
    cols: list[Float64Array] = []
    for j in range(z.shape[-1]):
        cols.append(_orthonormalise(z[..., j].copy(), cols))
    return np.stack(cols, axis=-1)


def _target_values(
    kernel: Float64Array, q: Float64Array, component: np.ndarray
) -> Float64Array:
    """Each target's own component ``(T, P)`` for its proposals ``q`` ``(T, P, n, m)``.

    ``kernel`` ``(T, n, n)`` is the target response's kernel; ``component`` is
    a shock's column or m for the others' total.
    """
    kq = kernel[:, None] @ q  # (T, P, n, m)
    shocks = (q * kq).sum(axis=2)  # (T, P, m)
    trace = np.trace(kernel, axis1=-2, axis2=-1)[:, None]
    other = trace - shocks.sum(axis=-1)
    full = np.concatenate([shocks, other[..., None]], axis=-1)
    out: Float64Array = np.take_along_axis(
        full, np.broadcast_to(component[:, None, None], (*full.shape[:2], 1)), axis=2
    )[..., 0]
    return out


def refine_bounds(
    kernels: Sequence[Float64Array],
    mats: list[Float64Array],
    narrative: Sequence[tuple[Float64Array, int, float]],
    starts: Sequence[Float64Array],
    rng: np.random.Generator,
    *,
    steps: int = 60,
    n_prop: int = 64,
) -> list[Float64Array]:
    """Push each bound of the identified set outward by local search.

    Per window, ``kernels[w]`` is ``(r, n, n)`` and ``starts[w]``
    ``(r, m + 1, 2, n, m)`` holds, for each (response, component, min/max),
    the admissible columns of the best draw. Each step perturbs them
    (Gaussian steps, the same for every window, whose scale shrinks when no
    proposal improves), keeps the admissible proposals, and moves to the
    best. Returns the bounds ``(r, m + 1, 2)`` per window. Draw-based bounds
    are inner approximations of the set; the search closes most of the gap,
    so the bounds no longer move with the rotation seed by more than a few
    hundredths of a bp.
    """
    r, c = starts[0].shape[0], starts[0].shape[1]
    n, m = starts[0].shape[-2], starts[0].shape[-1]
    which = np.array([(i, j, d) for i in range(r) for j in range(c) for d in (0, 1)])
    sense = np.where(which[:, 2] == 0, -1.0, 1.0)  # minimise lower, maximise upper
    n_t = len(which)
    rows = np.arange(n_t)
    k_t = [kernel[which[:, 0]] for kernel in kernels]  # (T, n, n) per window
    targets = [s.reshape(n_t, n, m).copy() for s in starts]
    best = [
        _target_values(k, t[:, None], which[:, 1])[:, 0]
        for k, t in zip(k_t, targets, strict=True)
    ]
    scale = [np.full(n_t, 0.2) for _ in starts]
    for _ in range(steps):
        z = rng.standard_normal((n_t, n_prop, n, m))
        for w in range(len(starts)):
            prop = targets[w][:, None] + scale[w][:, None, None, None] * z
            flat = _orthonormal(prop.reshape(-1, n, m))
            ok, flat = _signed_admissible(mats, narrative, flat)
            obj = _target_values(
                k_t[w], flat.reshape(n_t, n_prop, n, m), which[:, 1]
            )  # (T, P)
            obj = np.where(ok.reshape(n_t, n_prop), obj * sense[:, None], -np.inf)
            k = obj.argmax(axis=1)
            gain = obj[rows, k] > best[w] * sense
            moved = flat.reshape(n_t, n_prop, n, m)[rows, k]
            targets[w][gain] = moved[gain]
            best[w] = np.where(gain, obj[rows, k] * sense, best[w])
            scale[w] = np.where(gain, scale[w], np.maximum(scale[w] * 0.7, 1e-3))
    return [np.asarray(b, dtype=np.float64).reshape(r, c, 2) for b in best]


def _track(half: list[Float64Array], vals: Float64Array, q: Float64Array) -> None:
    """Keep, per bound, the best value and its columns seen in one half."""
    i_lo, i_hi = vals.argmin(axis=0), vals.argmax(axis=0)  # (r, m + 1)
    c_lo = np.take_along_axis(vals, i_lo[None], axis=0)[0]
    c_hi = np.take_along_axis(vals, i_hi[None], axis=0)[0]
    if not half:
        half += [c_lo, c_hi, q[i_lo], q[i_hi]]
        return
    better_lo, better_hi = c_lo < half[0], c_hi > half[1]
    half[0] = np.where(better_lo, c_lo, half[0])
    half[1] = np.where(better_hi, c_hi, half[1])
    half[2] = np.where(better_lo[..., None, None], q[i_lo], half[2])
    half[3] = np.where(better_hi[..., None, None], q[i_hi], half[3])


def identified_sets(
    results: VARResults,
    restrictions: Sequence[SignRestriction],
    narr: Sequence[tuple[np.ndarray, int, float]],
    det0: Float64Array,
    lag0: Float64Array,
    chol0: Float64Array,
    windows: Sequence[tuple[int, int]],
    cols: list[int] | Float64Array,
    n_set_tries: int,
    rng: np.random.Generator,
    set_paths: int = 0,
    refine_steps: int = 60,
    refine_proposals: int = 64,
) -> list[SetBounds]:
    """Bounds ``(r, m + 2)`` of the identified set at the estimate, per window.

    ``windows`` are row positions ``[lo, hi)``. The rotations are drawn in
    chunks that alternate between two halves; the best draw of each half for
    each bound is pushed outward by :func:`refine_bounds`, and the outer
    result is the bound. The largest gap between the two halves' refined
    bounds is returned as their Monte Carlo spread (what a seed change could
    move them by), with the number of admissible rotations. The baseline does
    not depend on the rotation.
    """
    prep = _prepare(results, restrictions, narr, det0, lag0, chol0, windows[0], cols)
    forms: list[WindowForms] = [prep.forms] + [
        window_forms(results._y, results._det, det0, lag0, chol0, *w, cols)
        for w in windows[1:]
    ]
    halves: list[list[list[Float64Array]]] = [[[], []] for _ in windows]
    n_set = 0
    chunk = 100_000
    n_chunks = max(2, -(-n_set_tries // chunk))
    for k in range(n_chunks):
        draws = draw_rotations(prep, 1, -(-n_set_tries // n_chunks), rng, set_paths)
        if not len(draws[0]) + len(draws[2]):
            continue
        for f, per in zip(forms, halves, strict=True):
            _, _, set_q, set_full = window_batch(f.kernel, f.baseline, draws)
            _track(per[k % 2], set_full[..., 1:], set_q)
        n_set += len(draws[0]) + len(draws[2])
    if not halves[0][0] and not halves[0][1]:
        raise IdentificationError(
            fmt(
                "restrictions",
                "satisfiable at the estimated reduced form",
                f"0 of {n_set_tries} rotations admissible",
                "Relax a restriction or a narrative date.",
            )
        )
    mats = [x[0] for x in prep.mats]
    narrative = [(w[0], shock, sign) for w, shock, sign in prep.narrative]
    refined = [
        refine_bounds(
            [f.kernel[0] for f in forms],
            mats,
            narrative,
            [np.stack([per[h][2], per[h][3]], axis=2) for per in halves],
            rng,
            steps=refine_steps,
            n_prop=refine_proposals,
        )
        for h in (0, 1)
        if halves[0][h]
    ]  # per half, per window (r, m + 1, 2), from independent starting draws
    out = []
    for w, f in enumerate(forms):
        bounds = np.stack([per_half[w] for per_half in refined])
        spread = np.abs(bounds[0] - bounds[-1]).max(axis=-1)  # (r, m + 1)
        base = f.baseline[0][:, None]
        lower = np.concatenate([base, bounds[..., 0].min(axis=0)], axis=1)
        upper = np.concatenate([base, bounds[..., 1].max(axis=0)], axis=1)
        zero = np.zeros_like(base)
        out.append((lower, upper, np.concatenate([zero, spread], axis=1), n_set))
    return out

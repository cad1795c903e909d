"""Several narrative variants and windows of one set-identified VAR, from shared draws.

:func:`set_identified_windows` returns what
:func:`attribution.models.var.setid.set_identified_window` returns, for each
of several lists of narrative restrictions (e.g. none, and the April 2025
facts), from one bootstrap of the reduced form and one set of rotation draws:
the rotations are drawn under the sign restrictions alone and each variant
keeps those that also satisfy its narrative. That is the same acceptance event
as dropping them while the columns are drawn, so each variant's posterior is
the one :func:`~attribution.models.var.setid.set_identified_window` targets;
only the Monte Carlo noise is shared. Each variant's identified set at the
estimate is computed (and refined) on its own. With one variant the
narrative drops rotations while they are drawn, which is what
:func:`~attribution.models.var.setid.set_identified_window` (a call of this
function) does.

:func:`set_identified_multi` does the same for several windows of one VAR
(e.g. a month and its largest move): the rotations and the bootstrap do not
depend on the window (only the window's kernels do), so one bootstrap and one
set of rotation draws serve every window, and the local search that refines
each window's identified set uses the same random proposals for every window.
Each window's numbers are therefore exactly those of a call for that window
alone with the same seed (while ``max_boot`` equals ``n_boot``; with more
batches, draws continue until every window meets the Monte Carlo target).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from attribution._typing import Float64Array, SeedLike
from attribution._validation import as_generator, as_int
from attribution.exceptions import IdentificationError, fmt
from attribution.models.var import _arrays
from attribution.models.var.hd import window_positions
from attribution.models.var.identification import Cholesky
from attribution.models.var.narrative import NarrativeRestriction
from attribution.models.var.setid import (
    _SEED_FACTOR,
    SetIdentifiedWindow,
    _frame,
    _mc_se,
    _narrative_rows,
    _prepare,
    _response_weights,
    _segment_extremes,
    _warn_if_thin,
)
from attribution.models.var.setid_refine import (
    draw_rotations,
    identified_sets,
    window_batch,
)
from attribution.models.var.sign import SignRestriction
from attribution.models.var.window_forms import window_forms

if TYPE_CHECKING:
    from attribution.models.var.results import VARResults

#: per (window, variant): posterior pairs, their draw ids, per-draw set extremes
_Store = dict[str, list[Float64Array]]


def _narrative_ok(
    narrative: Sequence[tuple[Float64Array, int, float]],
    draw: np.ndarray,
    q: Float64Array,
) -> np.ndarray:
    """Which admissible rotations ``q`` ``(N, n, m)`` also satisfy ``narrative``."""
    ok = np.ones(len(draw), dtype=bool)
    for w, shock, sign in narrative:
        ok &= sign * np.einsum("nk,nk->n", w[draw], q[..., shock]) > 0
    return ok


def set_identified_windows(
    results: VARResults,
    restrictions: Sequence[SignRestriction],
    start: object,
    end: object,
    *,
    narratives: Sequence[Sequence[NarrativeRestriction]],
    responses: Sequence[str] | None = None,
    combinations: Mapping[str, Mapping[str, float]] | None = None,
    level: float = 0.9,
    n_boot: int = 500,
    max_boot: int = 4000,
    n_tries: int = 2000,
    n_set_tries: int = 1_000_000,
    mc_tol: float = 0.5,
    block_length: int | None = None,
    set_paths: int = 0,
    refine_steps: int = 60,
    refine_proposals: int = 64,
    seed: SeedLike = None,
) -> list[SetIdentifiedWindow]:
    """Return one :class:`SetIdentifiedWindow` per narrative variant.

    Parameters are those of
    :func:`~attribution.models.var.setid.set_identified_window`, with
    ``narratives`` a list of narrative-restriction lists (``[]`` for the
    sign restrictions alone), and ``refine_steps`` and ``refine_proposals``
    the local-search steps (and proposals per step) that push each
    identified-set bound outward. Draws continue until every
    variant meets the Monte Carlo target or ``max_boot``.

    Raises
    ------
    IdentificationError
        If a variant has no admissible rotation at the estimate or in any draw.
    """
    return set_identified_multi(
        results, restrictions, [(start, end)], narratives=narratives,
        responses=responses, combinations=combinations, level=level,
        n_boot=n_boot, max_boot=max_boot, n_tries=n_tries,
        n_set_tries=n_set_tries, mc_tol=mc_tol, block_length=block_length,
        set_paths=set_paths, refine_steps=refine_steps,
        refine_proposals=refine_proposals, seed=seed,
    )[0]  # fmt: skip


def set_identified_multi(
    results: VARResults,
    restrictions: Sequence[SignRestriction],
    windows: Sequence[tuple[object, object]],
    *,
    narratives: Sequence[Sequence[NarrativeRestriction]],
    responses: Sequence[str] | None = None,
    combinations: Mapping[str, Mapping[str, float]] | None = None,
    level: float = 0.9,
    n_boot: int = 500,
    max_boot: int = 4000,
    n_tries: int = 2000,
    n_set_tries: int = 1_000_000,
    mc_tol: float = 0.5,
    block_length: int | None = None,
    set_paths: int = 0,
    refine_steps: int = 60,
    refine_proposals: int = 64,
    seed: SeedLike = None,
) -> list[list[SetIdentifiedWindow]]:
    """Return, per window ``(start, end)``, one result per narrative variant.

    Parameters are those of :func:`set_identified_windows`, with ``windows``
    the ``(start, end)`` pairs in place of ``start`` and ``end``. One
    bootstrap and one set of rotation draws serve every window (see the
    module docstring); draws continue until every window and variant meets
    the Monte Carlo target or ``max_boot``.

    Raises
    ------
    IdentificationError
        If a variant has no admissible rotation at the estimate or in any draw.
    """
    rng = as_generator(seed)
    n_boot = as_int(n_boot, "n_boot", low=20)
    max_boot = as_int(max_boot, "max_boot", low=n_boot)
    n_tries = as_int(n_tries, "n_tries", low=1)
    names = results.names
    resp = list(names if responses is None else responses)
    cols: list[int] | Float64Array = [names.index(v) for v in resp]
    if combinations:
        cols = _response_weights(names, resp, combinations)
        resp = [*resp, *combinations]
    spots = [window_positions(results, a, b) for a, b in windows]
    narrs = [_narrative_rows(results, restrictions, nv) for nv in narratives]
    spans, flat, k = [], [], 0
    for nv in narrs:
        spans.append((k, k + len(nv)))
        flat += nv
        k += len(nv)
    shock_names = ["baseline", *[r.shock for r in restrictions], "other_shocks"]
    chol0 = np.asarray(np.linalg.cholesky(results._sigma)[None], dtype=np.float64)
    det0, lag0 = results._det_coefs[None], results._lag_coefs[None]
    sets = [
        identified_sets(
            results, restrictions, nv, det0, lag0, chol0, spots, cols,
            n_set_tries, rng, 50 * set_paths, refine_steps, refine_proposals,
        )
        for nv in narrs
    ]  # fmt: skip  # per variant, per window
    store: list[list[_Store]] = [
        [{"pairs": [], "ids": [], "lo": [], "hi": []} for _ in narrs] for _ in spots
    ]
    made, converged = 0, False
    while made < max_boot:
        boot = results.bootstrap(
            n_boot, method="block", identification=Cholesky(),
            block_length=block_length, seed=rng,
        )  # fmt: skip
        det_c, lag_c = _arrays.split_params(
            boot.params, results.model.n_det, results.n_lags
        )
        chol = np.asarray(np.linalg.cholesky(boot.sigma), dtype=np.float64)
        for lo in range(0, n_boot, 100):
            sl = slice(lo, min(lo + 100, n_boot))
            n_here = len(range(n_boot)[sl])
            prep = _prepare(
                results, restrictions, flat, det_c[sl], lag_c[sl], chol[sl],
                spots[0], cols,
            )  # fmt: skip
            # one variant: its narrative drops rotations while they are drawn;
            # several: drawn under the signs alone, then filtered per variant
            shared = prep if len(narrs) == 1 else replace(prep, narrative=[])
            draws = draw_rotations(shared, n_here, n_tries, rng, set_paths)
            for i, spot in enumerate(spots):
                forms = prep.forms if i == 0 else window_forms(
                    results._y, results._det, det_c[sl], lag_c[sl], chol[sl],
                    *spot, cols,
                )  # fmt: skip
                full, set_draw, set_q, set_full = window_batch(
                    forms.kernel, forms.baseline, draws
                )
                for (a, z), got in zip(spans, store[i], strict=True):
                    nv = prep.narrative[a:z]
                    keep = _narrative_ok(nv, draws[0], draws[1])
                    skeep = _narrative_ok(nv, set_draw, set_q)
                    lower, upper = _segment_extremes(
                        set_full[skeep], set_draw[skeep], n_here
                    )
                    got["pairs"].append(full[keep])
                    got["ids"].append(draws[0][keep] + made + lo)
                    got["lo"].append(lower)
                    got["hi"].append(upper)
        made += n_boot
        if all(_met(got, mc_tol) for per in store for got in per):
            converged = True
            break
    q = (1.0 - level) / 2.0
    return [
        [
            _result(
                got,
                sets[v][i],
                made,
                converged,
                (mc_tol, n_set_tries),
                (q, level),
                resp,
                shock_names,
            )  # fmt: skip
            for v, got in enumerate(per)
        ]
        for i, per in enumerate(store)
    ]


def _result(
    got: _Store,
    the_set: tuple[Float64Array, Float64Array, Float64Array, int],
    made: int,
    converged: bool,
    tol_tries: tuple[float, int],
    q_level: tuple[float, float],
    resp: list[str],
    shock_names: list[str],
) -> SetIdentifiedWindow:
    """One window's and variant's result from its stored draws."""
    lo_set, hi_set, spread, n_set = the_set
    mc_tol, n_set_tries = tol_tries
    q, level = q_level
    pairs = np.concatenate(got["pairs"])
    ids = np.concatenate(got["ids"]).astype(np.int64)
    if len(ids) == 0:
        raise IdentificationError(
            fmt("restrictions", "admissible in some bootstrap draw",
                f"0 of {made} draws", "Raise n_tries.")
        )  # fmt: skip
    _warn_if_thin(n_set, n_set_tries, len(ids), made)
    per_lo, per_hi = np.concatenate(got["lo"]), np.concatenate(got["hi"])
    kept = ~np.isnan(per_lo[:, 0, 0])
    frame = _frame(
        pairs, ids, per_lo[kept], per_hi[kept], lo_set, hi_set, spread, q,
        resp, shock_names,
    )  # fmt: skip
    return SetIdentifiedWindow(
        frame=frame,
        level=level,
        n_boot=made,
        n_kept=int(kept.sum()),
        n_pairs=int(len(ids)),
        n_set=n_set,
        mc_converged=converged or _met(got, mc_tol),
        draws=pairs,
    )


def _met(got: Mapping[str, list[Float64Array]], mc_tol: float) -> bool:
    ids = np.concatenate(got["ids"]) if got["ids"] else np.zeros(0)
    if len(ids) == 0:
        return False
    pairs = np.concatenate(got["pairs"])
    return bool(_mc_se(pairs, ids.astype(np.int64)).max() * _SEED_FACTOR <= mc_tol)

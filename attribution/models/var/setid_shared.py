"""Several narrative variants of one set-identified window, from shared draws.

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
    _evaluate,
    _frame,
    _identified_set,
    _mc_se,
    _narrative_rows,
    _prepare,
    _response_weights,
    _segment_extremes,
    _warn_if_thin,
)
from attribution.models.var.sign import SignRestriction

if TYPE_CHECKING:
    from attribution.models.var.results import VARResults


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
    window = window_positions(results, start, end)
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
        _identified_set(
            results,
            restrictions,
            nv,
            det0,
            lag0,
            chol0,
            window,
            cols,
            n_set_tries,
            rng,
            50 * set_paths,
            refine_steps,
            refine_proposals,
        )
        for nv in narrs
    ]
    store: list[dict[str, list[Float64Array]]] = [
        {"pairs": [], "ids": [], "lo": [], "hi": []} for _ in narrs
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
                window, cols,
            )  # fmt: skip
            # one variant: its narrative drops rotations while they are drawn;
            # several: drawn under the signs alone, then filtered per variant
            shared = prep if len(narrs) == 1 else replace(prep, narrative=[])
            b = _evaluate(shared, n_tries, rng, set_paths)
            for (a, z), got in zip(spans, store, strict=True):
                nv = prep.narrative[a:z]
                keep = _narrative_ok(nv, b.draw, b.q)
                skeep = _narrative_ok(nv, b.set_draw, b.set_q)
                lower, upper = _segment_extremes(
                    b.set_contrib[skeep], b.set_draw[skeep], n_here
                )
                got["pairs"].append(b.contrib[keep])
                got["ids"].append(b.draw[keep] + made + lo)
                got["lo"].append(lower)
                got["hi"].append(upper)
        made += n_boot
        if all(_met(got, mc_tol) for got in store):
            converged = True
            break
    q = (1.0 - level) / 2.0
    out = []
    for (lo_set, hi_set, spread, n_set), got in zip(sets, store, strict=True):
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
        out.append(
            SetIdentifiedWindow(
                frame=frame,
                level=level,
                n_boot=made,
                n_kept=int(kept.sum()),
                n_pairs=int(len(ids)),
                n_set=n_set,
                mc_converged=converged or _met(got, mc_tol),
                draws=pairs,
            )  # fmt: skip
        )
    return out


def _met(got: Mapping[str, list[Float64Array]], mc_tol: float) -> bool:
    ids = np.concatenate(got["ids"]) if got["ids"] else np.zeros(0)
    if len(ids) == 0:
        return False
    pairs = np.concatenate(got["pairs"])
    return bool(_mc_se(pairs, ids.astype(np.int64)).max() * _SEED_FACTOR <= mc_tol)

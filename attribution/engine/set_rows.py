"""Table rows of a set-identified window, shared by the weekly and daily SVARs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from attribution.engine.details import SetFacts
from attribution.engine.shock_naming import reference_variable, reversed_note
from attribution.models.var import SignRestriction
from attribution.models.var.cv_window import CVWindow
from attribution.models.var.setid import SetIdentifiedWindow


def set_identified_rows(
    tenor: str,
    response: str,
    win: SetIdentifiedWindow,
    restrictions: Sequence[SignRestriction],
    role_of: Callable[[str], str],
) -> list[dict[str, Any]]:
    """Rows for one reported tenor: posterior, identified set, robust band.

    ``response`` is the VAR response behind ``tenor``; ``role_of`` maps a row
    name (``baseline``, a shock, ``other_shocks``) to its role. A shock that ran
    against its defining sign gets a ``reversed: ...`` note.
    """
    frame = win.frame.loc[response]
    rows = []
    for shock, r in frame.iterrows():
        name = str(shock)
        role = role_of(name)
        note = ""
        if role in ("driver", "shock"):
            restriction = next(x for x in restrictions if x.shock == name)
            ref = reference_variable(restriction)
            if ref is not None and ref in win.frame.index.get_level_values(0):
                note = reversed_note(
                    restriction, ref, float(win.frame["point"][(ref, name)])
                )
        rows.append(
            {
                "tenor": tenor,
                "driver": name,
                "role": role,
                "contribution_bp": float(r["point"]),
                "std_err_bp": float(r["std_err"]),
                "lower_bp": float(r["lower"]),
                "upper_bp": float(r["upper"]),
                "set_lower_bp": float(r["set_lower"]),
                "set_upper_bp": float(r["set_upper"]),
                "set_band_lower_bp": float(r["robust_lower"]),
                "set_band_upper_bp": float(r["robust_upper"]),
                "mc_se_bp": float(r["mc_se"]),
                "status": "set_identified" if role != "deterministic" else "estimated",
                "note": note,
            }
        )
    return rows


def set_window_details(win: SetIdentifiedWindow, indistinct: Sequence[str]) -> SetFacts:
    """Return a set-identified window's draw counts and Monte Carlo errors.

    The same facts for the weekly and the daily sign models (report and
    manifest): draws kept, admissible pairs and rotations, whether the Monte
    Carlo target was met, the largest errors (bp) and the indistinct pairs.
    """
    return SetFacts(
        n_boot_kept=win.n_kept,
        n_boot=win.n_boot,
        posterior_pairs=win.n_pairs,
        set_rotations=win.n_set,
        mc_converged=win.mc_converged,
        mc_se_max_bp=float(win.frame["mc_se"].max()),
        band_mc_se_max_bp=float(win.frame["band_mc_se"].max()),
        set_spread_max_bp=float(win.frame["set_spread"].max()),
        indistinct=tuple(indistinct),
    )


def set_draws(
    win: SetIdentifiedWindow | CVWindow, responses: Mapping[str, str]
) -> dict[str, tuple[list[str], np.ndarray]]:
    """Draws per reported tenor, for :func:`~.result.draws_series`.

    ``responses`` maps each reported tenor to its VAR response; each value is
    (row names, array ``(n_draws, rows)``): for a set-identified window the
    posterior (draw, rotation) pairs whose mean and quantiles are the rows'
    ``contribution_bp``, ``lower_bp`` and ``upper_bp``; for the
    heteroskedasticity window the bootstrap draws behind the percentile bands.
    """
    order = list(dict.fromkeys(win.frame.index.get_level_values("response")))
    names = [str(s) for s in win.frame.loc[order[0]].index]
    return {
        tenor: (names, win.draws[:, order.index(resp), :])
        for tenor, resp in responses.items()
    }

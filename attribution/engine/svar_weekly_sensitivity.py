"""Sensitivity of the weekly sign SVAR's 10y points (``report.diagnostics: full``).

The reruns mirror the daily model's (:mod:`attribution.engine.diagnostics`):
one more lag, a later sample start, each sign restriction dropped in turn
(a shock with a single sign keeps it), and a second seed, each at fewer
draws than the main run (:data:`SENSITIVITY_DRAWS`), so they show the
direction and size of a change, not the reported bands.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import pandas as pd

from attribution.domain.shocks import DEFAULT_SHOCKS
from attribution.domain.window import Window
from attribution.engine.svar_weekly import SvarSpec, attribute_svar
from attribution.exceptions import AttributionError, WeakIdentificationWarning

#: draws of each rerun
SENSITIVITY_DRAWS: dict[str, int] = {
    "n_boot": 200,
    "max_boot": 200,
    "n_rotations": 500,
    "n_draws": 20_000,
}


def weekly_variants(spec: SvarSpec, sample_start: pd.Timestamp) -> dict[str, SvarSpec]:
    """Label -> specification of each rerun (sensitivity off in all of them)."""
    base = replace(spec, sensitivity=False, **SENSITIVITY_DRAWS)  # type: ignore[arg-type]
    out = {
        "baseline": base,
        f"n_lags={spec.n_lags + 1}": replace(base, n_lags=spec.n_lags + 1),
        f"start={sample_start:%Y-%m-%d}": replace(base, estimation_start=sample_start),
        "seed+1": replace(base, seed=spec.seed + 1),
    }
    src = spec.shocks if spec.shocks is not None else DEFAULT_SHOCKS
    shocks = {k: {**dict(v), "signs": dict(v["signs"])} for k, v in src.items()}
    for name, entry in shocks.items():
        signs = {
            k: s for k, s in entry["signs"].items()
            if spec.swap_spread or k != "swap_spread"
        }  # fmt: skip
        if len(signs) < 2:
            continue  # dropping its only sign would leave it unnamed
        for key, sign in signs.items():
            edited = {k: {**v, "signs": dict(v["signs"])} for k, v in shocks.items()}
            edited[name]["signs"] = {k: s for k, s in signs.items() if k != key}
            out[f"drop {name}: {key} {sign}"] = replace(base, shocks=edited)
    return out


def weekly_sensitivity(
    design: pd.DataFrame,
    daily_yields: pd.DataFrame,
    window: Window,
    spec: SvarSpec,
) -> dict[str, dict[str, float]]:
    """Posterior-mean 10y contribution of each shock under every variant (bp).

    Returns
    -------
    dict
        Variant label -> {shock: 10y posterior mean}; a variant the data cannot
        run (e.g. a sample start that leaves too few weeks) is left out.
    """
    start = pd.Timestamp(spec.estimation_start) + pd.DateOffset(years=2)
    out: dict[str, dict[str, float]] = {}
    for label, variant in weekly_variants(spec, pd.Timestamp(start)).items():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", WeakIdentificationWarning)
                got = attribute_svar(
                    design, daily_yields, window, variant, "svar_sign_weekly"
                )
        except AttributionError:
            continue
        t = got.table
        rows = t.loc[
            (t["tenor"] == "10y")
            & t["role"].isin(["driver", "shock"])
            & (t["status"] != "not_estimated")
        ]
        out[label] = {
            str(d): float(v)
            for d, v in zip(rows["driver"], rows["contribution_bp"], strict=True)
        }
    return out

"""Monte Carlo of the weekly attribution models against simulated truth.

Every replication draws a world of :func:`attribution.simulate.weekly_world`
with known shock contributions, runs the model *through the engine entry
points the CLI uses* (:func:`attribution.engine.weekly_ols.attribute_weekly_ols`,
:func:`attribution.engine.svar_weekly.attribute_svar`) and compares each
driver row with the true contribution of its structural shock over the
window.

Worlds
------
For each model, "assumption holds" is the world its identification is
right in, and "assumption violated" one where it is not:

============================  ======================  =========================
model                         holds                   violated
============================  ======================  =========================
``ols_weekly``                ``exogenous``           ``sign`` (endogenous flows)
``ols_weekly_total``          ``exogenous``           ``sign`` (endogenous flows)
``svar_chol_weekly``          ``recursive``           ``sign`` (not recursive)
``svar_sign_weekly``          ``sign``                ``sign``, ``dash_for_cash``
``svar_narrative_weekly``     ``sign``                ``sign``, ``dash_for_cash``
============================  ======================  =========================

Each replication runs the scenarios ``fos_only`` (foreign official selling
large, basis unwind zero) and ``basis_only`` (the reverse), so a driver is
*large* in one and *zero* in the other.

Metrics, per model x driver x tenor x regime
--------------------------------------------
* ``bias_pct``: mean error over the large scenario as a percentage of the mean
  true contribution;
* ``rmse_bp`` over the large scenario;
* ``cover68``, ``cover90``: share of all replications (both scenarios) whose
  band at that level contains the truth; for set-identified models also
  ``cover90_set``: share whose robust band of the identified set contains it;
* ``power``: share of large-scenario replications whose verdict names the
  driver (the verdict rule of :mod:`attribution.engine.verdict` at the 90%
  level);
* ``size``: the same share in the zero scenario.

Targets when the assumption holds: ``|bias| < 10%``, ``cover90`` in
[0.85, 0.95], ``power >= 0.8``, ``size <= 0.10``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from attribution._validation import to_float
from attribution.domain.window import Window
from attribution.engine.svar_weekly import SvarSpec, attribute_svar
from attribution.engine.verdict import names_row
from attribution.engine.weekly_ols import WeeklySpec, attribute_weekly_ols
from attribution.simulate import (
    SimulatedWorld,
    WeeklyRegime,
    WeeklyScenario,
    WeeklyStructure,
    weekly_world,
)

DRIVERS = ("foreign_official_selling", "basis_unwind")
SCENARIOS: dict[WeeklyScenario, str] = {
    "fos_only": "foreign_official_selling",
    "basis_only": "basis_unwind",
}
MODELS = (
    "ols_weekly",
    "ols_weekly_total",
    "svar_chol_weekly",
    "svar_sign_weekly",
    "svar_narrative_weekly",
)
WORLDS: dict[str, dict[str, tuple[WeeklyStructure, WeeklyRegime]]] = {
    "ols_weekly": {"holds": ("exogenous", "holds"), "violated": ("sign", "holds")},
    "ols_weekly_total": {
        "holds": ("exogenous", "holds"),
        "violated": ("sign", "holds"),
    },
    "svar_chol_weekly": {
        "holds": ("recursive", "holds"),
        "violated": ("sign", "holds"),
    },
    "svar_sign_weekly": {
        "holds": ("sign", "holds"),
        "violated": ("sign", "dash_for_cash"),
    },
    "svar_narrative_weekly": {
        "holds": ("sign", "holds"),
        "violated": ("sign", "dash_for_cash"),
    },
}
#: The table row standing for each driver's structural shock, per model.
ROW_OF: dict[str, dict[str, str]] = {
    "ols_weekly": {
        "foreign_official_selling": "custody",
        "basis_unwind": "lev_net_short",
    },
    "ols_weekly_total": {
        "foreign_official_selling": "custody",
        "basis_unwind": "lev_net_short",
    },
    "svar_chol_weekly": {
        "foreign_official_selling": "custody",
        "basis_unwind": "lev_net",
    },
    "svar_sign_weekly": {d: d for d in DRIVERS},
    "svar_narrative_weekly": {d: d for d in DRIVERS},
}
LEVELS = (0.68, 0.9)


@dataclass(frozen=True)
class Settings:
    """Inference settings of the models inside the Monte Carlo.

    The sign models use fewer draws than the CLI (no seed-stability loop):
    the Monte Carlo measures bias, coverage, power and size, for which the
    draw noise of one replication averages out.
    """

    tenors: tuple[str, ...] = ("10y", "30y")
    n_weeks: int = 300
    n_boot: int = 200
    n_rotations: int = 500
    n_set_tries: int = 100_000
    narrative_threshold: float = 1.0


def _ols(world: SimulatedWorld, model: str, level: float, s: Settings) -> pd.DataFrame:
    design = world.design()
    design["ctrl_2y"] = design["dy_2y"]  # the 2y control, as features.weekly builds it
    spec = WeeklySpec(
        tenors=s.tenors,
        drivers=("custody", "lev_net_short"),
        controls=("ctrl_2y", "ctrl_dollar") if model == "ols_weekly" else (),
        estimation_start=design.index[0],
        estimation_end=None,
        level=level,
        kernel="bartlett",
        bandwidth=None,
        model=model,
    )
    window = Window.parse(world.window_text())
    return attribute_weekly_ols(design, world.daily_yields(), window, spec).table


def narrative_facts(
    world: SimulatedWorld, threshold: float
) -> tuple[dict[str, Any], ...]:
    """Narrative restrictions a researcher could state in this world.

    The sign of each driver shock in the window's last week, when its true
    size is at least ``threshold`` standard deviations (a fact large enough
    to be documented).
    """
    last = world.window[1]
    out = []
    for shock in DRIVERS:
        eps = to_float(world.shocks.loc[last, shock])
        if abs(eps) >= threshold:
            sign = "+" if eps > 0 else "-"
            out.append({"date": f"{last:%Y-%m-%d}", "shock": shock, "sign": sign})
    return tuple(out)


def _svar(
    world: SimulatedWorld, model: str, level: float, s: Settings, seed: int
) -> pd.DataFrame:
    design = world.design()
    spec = SvarSpec(
        tenors=s.tenors,
        estimation_start=design.index[0],
        n_lags=2,
        n_draws=s.n_set_tries,
        n_boot=s.n_boot,
        n_rotations=s.n_rotations,
        level=level,
        seed=seed,
        narrative=narrative_facts(world, s.narrative_threshold),
        mc_tol=1e9,
        max_boot=s.n_boot,
    )
    window = Window.parse(world.window_text())
    return attribute_svar(design, world.daily_yields(), window, spec, model).table


def run_model(
    world: SimulatedWorld, model: str, level: float, settings: Settings, seed: int
) -> pd.DataFrame:
    """Run one model on one world through the engine; return its table."""
    if model.startswith("ols"):
        return _ols(world, model, level, settings)
    return _svar(world, model, level, settings, seed)


def replicate(
    model: str, regime: str, rep: int, settings: Settings, seed0: int = 0
) -> list[dict[str, Any]]:
    """One replication: both scenarios, both band levels, every driver and tenor."""
    structure, world_regime = WORLDS[model][regime]
    records = []
    for k, (scenario, large) in enumerate(SCENARIOS.items()):
        seed = seed0 + 1000 * rep + k
        world = weekly_world(
            structure, scenario, world_regime, n_weeks=settings.n_weeks, seed=seed
        )
        tables = {lv: run_model(world, model, lv, settings, seed) for lv in LEVELS}
        for driver in DRIVERS:
            for tenor in settings.tenors:
                name = ROW_OF[model][driver]
                rows = {
                    lv: t.loc[(t["tenor"] == tenor) & (t["driver"] == name)]
                    for lv, t in tables.items()
                }
                if any(len(r) != 1 for r in rows.values()):
                    continue  # not estimated (e.g. no narrative fact)
                r68, r90 = rows[0.68].iloc[0], rows[0.9].iloc[0]
                set_id = r90["status"] == "set_identified"
                records.append(
                    {
                        "model": model,
                        "regime": regime,
                        "scenario": scenario,
                        "rep": rep,
                        "driver": driver,
                        "tenor": tenor,
                        "large": driver == large,
                        "truth": world.true_contribution(driver, tenor),
                        "estimate": float(r90["contribution_bp"]),
                        "lower68": float(r68["lower_bp"]),
                        "upper68": float(r68["upper_bp"]),
                        "lower90": float(r90["lower_bp"]),
                        "upper90": float(r90["upper_bp"]),
                        "set_lower90": float(r90["set_band_lower_bp"]),
                        "set_upper90": float(r90["set_band_upper_bp"]),
                        "named": names_row(r90, set_id),
                    }
                )
    return records


def summarize(records: pd.DataFrame) -> pd.DataFrame:
    """Bias, RMSE, coverage, power and size per model x regime x driver x tenor."""
    out = []
    for key, g in records.groupby(["model", "regime", "driver", "tenor"], sort=False):
        big = g.loc[g["large"]]
        zero = g.loc[~g["large"]]
        err = big["estimate"] - big["truth"]
        inside68 = (g["lower68"] <= g["truth"]) & (g["truth"] <= g["upper68"])
        inside90 = (g["lower90"] <= g["truth"]) & (g["truth"] <= g["upper90"])
        set_in = (g["set_lower90"] <= g["truth"]) & (g["truth"] <= g["set_upper90"])
        out.append(
            {
                **dict(zip(["model", "regime", "driver", "tenor"], key, strict=True)),
                "n_reps": int(g["rep"].nunique()),
                "truth_bp": float(big["truth"].mean()) if len(big) else np.nan,
                "bias_pct": float(100 * err.mean() / big["truth"].mean())
                if len(big)
                else np.nan,
                "rmse_bp": float(np.sqrt((err**2).mean())) if len(big) else np.nan,
                "cover68": float(inside68.mean()),
                "cover90": float(inside90.mean()),
                "cover90_set": float(set_in.mean())
                if g["set_lower90"].notna().any()
                else np.nan,
                "power": float(big["named"].mean()) if len(big) else np.nan,
                "size": float(zero["named"].mean()) if len(zero) else np.nan,
            }
        )
    return pd.DataFrame(out)


def monte_carlo(
    models: Sequence[str] = MODELS,
    regimes: Sequence[str] = ("holds", "violated"),
    n_reps: int = 100,
    *,
    settings: Settings | None = None,
    n_jobs: int = 1,
    seed0: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the Monte Carlo in parallel (joblib); return (records, summary).

    Parameters
    ----------
    models, regimes : sequence of str
        Which models and regimes ("holds", "violated").
    n_reps : int, default 100
        Replications per model and regime (each runs both scenarios).
    settings : Settings, optional
    n_jobs : int, default 1
        joblib workers.
    seed0 : int, default 0
        Replication r of scenario k uses world seed ``seed0 + 1000 r + k``.

    Returns
    -------
    records, summary : DataFrame
    """
    s = settings or Settings()
    jobs = [
        delayed(replicate)(m, reg, rep, s, seed0)
        for m in models
        for reg in regimes
        for rep in range(n_reps)
    ]
    chunks = Parallel(n_jobs=n_jobs)(jobs)
    records = pd.DataFrame([r for chunk in chunks for r in chunk])
    return records, summarize(records)


def with_tenors(settings: Settings, tenors: tuple[str, ...]) -> Settings:
    """Return ``settings`` with other tenors."""
    return replace(settings, tenors=tenors)

"""Monte Carlo of the daily models against the simulated daily world's truth.

Every replication draws :func:`attribution.simulate.daily_world` twice (the
``large`` scenario: ``sell_america`` and ``term_premium`` +2 calm s.d. on
every window day; and ``zero``: both 0), runs each model *through the engine
entry point the CLI uses* and compares its ``sell_america`` and
``term_premium`` rows with the true window contributions.

=========================  =============================  ====================
model                      assumption holds               violated
=========================  =============================  ====================
``svar_sign_daily``        ``holds`` (true B obeys the    --
                           default signs)
``svar_narrative_daily``   ``holds`` + custody facts      --
``svar_hetero_daily``      ``holds`` (variance ratios     ``close_ratios``
                           clearly distinct; only the     (term premium's
                           named shock's own column       ratio near two
                           meets all its signs)           others, weakly told
                                                          apart);
                                                          ``weak_hetero-
                                                          skedasticity``
=========================  =============================  ====================

Metrics as in :mod:`attribution.validation.montecarlo` (bias over the large
scenario, 90% coverage over both, power in the large and size in the zero
scenario under the verdict rule: a row is named when its band excludes zero
and it is not ``weakly_identified``, as in
:func:`attribution.engine.verdict.verdict_text`); ``cover90_set`` is the share
of robust set bands that contain the truth (set-identified models);
``weak_share`` is the share of rows flagged ``weakly_identified``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from joblib import Parallel, delayed

from attribution.engine.verdict import names_row
from attribution.simulate import DailyRegime, DailyWorld, daily_world
from attribution.validation.daily_worlds import (
    custody_narrative,
    run_daily,
    run_hetero,
    truth,
    world_spec,
)
from attribution.validation.montecarlo import summarize

DRIVERS = ("sell_america", "term_premium")
MODELS = ("svar_hetero_daily", "svar_sign_daily", "svar_narrative_daily")
WORLDS: dict[str, dict[str, DailyRegime]] = {
    "svar_sign_daily": {"holds": "holds"},
    "svar_narrative_daily": {"holds": "holds"},
    "svar_hetero_daily": {
        "holds": "holds",
        "close_ratios": "close_ratios",
        "violated": "weak_heteroskedasticity",
    },
}
Runner = Callable[[DailyWorld, str, "DailySettings", int], pd.DataFrame]


@dataclass(frozen=True)
class DailySettings:
    """Inference settings inside the Monte Carlo (lighter than the CLI's)."""

    tenors: tuple[str, ...] = ("10y", "30y")
    n_days: int = 1500
    n_boot: int = 100
    n_rotations: int = 300
    n_set_tries: int = 20_000
    set_paths: int = 5
    narrative_threshold: float = 10.0
    n_hetero_boot: int = 200
    known_regimes: bool = True


def _sign(world: DailyWorld, model: str, s: DailySettings, seed: int) -> pd.DataFrame:
    narrative = (
        custody_narrative(world, s.narrative_threshold)
        if model == "svar_narrative_daily"
        else ()
    )
    spec = world_spec(
        world,
        n_boot=s.n_boot,
        max_boot=s.n_boot,
        n_rotations=s.n_rotations,
        n_draws=s.n_set_tries,
        set_paths=s.set_paths,
        narrative=narrative,
        seed=seed,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_daily(world, model, spec)


def _hetero(world: DailyWorld, model: str, s: DailySettings, seed: int) -> pd.DataFrame:
    spec = world_spec(world, n_boot=s.n_hetero_boot, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_hetero(world, spec, known_regimes=s.known_regimes)


RUNNERS: dict[str, Runner] = {m: _sign for m in MODELS[1:]}
RUNNERS["svar_hetero_daily"] = _hetero


def replicate(
    model: str, regime: str, rep: int, settings: DailySettings, seed0: int = 0
) -> list[dict[str, Any]]:
    """One replication: both scenarios, every driver and tenor, 90% bands."""
    records = []
    for k, scenario in enumerate(("large", "zero")):
        seed = seed0 + 1000 * rep + k
        world = daily_world(
            scenario,  # type: ignore[arg-type]
            WORLDS[model][regime],
            n_days=settings.n_days,
            seed=seed,
        )
        t = RUNNERS[model](world, model, settings, seed)
        for driver in DRIVERS:
            for tenor in settings.tenors:
                rows = t.loc[(t["tenor"] == tenor) & (t["driver"] == driver)]
                if len(rows) != 1 or rows.iloc[0]["status"] == "not_estimated":
                    continue
                r = rows.iloc[0]
                set_id = r["status"] == "set_identified"
                records.append(
                    {
                        "model": model,
                        "regime": regime,
                        "scenario": scenario,
                        "rep": rep,
                        "driver": driver,
                        "tenor": tenor,
                        "large": scenario == "large",
                        "truth": truth(world, driver, tenor),
                        "estimate": float(r["contribution_bp"]),
                        "lower68": float("nan"),
                        "upper68": float("nan"),
                        "lower90": float(r["lower_bp"]),
                        "upper90": float(r["upper_bp"]),
                        "set_lower90": float(r["set_band_lower_bp"]),
                        "set_upper90": float(r["set_band_upper_bp"]),
                        "named": names_row(r, set_id)
                        and r["status"] != "weakly_identified",
                        "weak": r["status"] == "weakly_identified",
                    }
                )
    return records


def monte_carlo_daily(
    models: Sequence[str] = MODELS,
    n_reps: int = 40,
    *,
    settings: DailySettings | None = None,
    n_jobs: int = 1,
    seed0: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the daily Monte Carlo (joblib); return (records, summary)."""
    s = settings or DailySettings()
    jobs = [
        delayed(replicate)(m, reg, rep, s, seed0)
        for m in models
        for reg in WORLDS[m]
        for rep in range(n_reps)
    ]
    chunks = Parallel(n_jobs=n_jobs)(jobs)
    records = pd.DataFrame([r for chunk in chunks for r in chunk])
    return records, summarize_daily(records)


def summarize_daily(records: pd.DataFrame) -> pd.DataFrame:
    """:func:`~attribution.validation.montecarlo.summarize` plus ``weak_share``.

    ``weak_share``: share of the group's rows (both scenarios) flagged
    ``weakly_identified`` (NaN for records without a ``weak`` column).
    """
    summary = summarize(records)
    summary["cover68"] = float("nan")
    keys = ["model", "regime", "driver", "tenor"]
    if "weak" in records.columns:
        share = (
            records.assign(weak=records["weak"].astype(float))
            .groupby(keys, sort=False)["weak"]
            .mean()
            .rename("weak_share")
        )
        summary = summary.merge(share.reset_index(), on=keys, how="left")
    else:
        summary["weak_share"] = float("nan")
    return summary

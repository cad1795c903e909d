"""The daily models inside ``attribute``: panel -> daily design -> SVARs -> rows.

Thin orchestration: the specification comes from ``attribution.daily``; the
work is in :mod:`attribution.features.daily` and
:mod:`attribution.engine.svar_daily`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.config.window import Window
from attribution.engine.largest_move import largest_move
from attribution.engine.result import AttributionResult
from attribution.engine.svar_daily import (
    REPORTED,
    DailySpec,
    attribute_daily_signs,
    daily_levels,
)
from attribution.engine.svar_hetero_daily import attribute_daily_hetero
from attribution.features.daily import daily_design, daily_series_ids
from attribution.panel import Panel
from attribution.pipeline.flows import bounds_table, flow_inputs, validation_table
from attribution.sources.store import DataStore

DAILY_MODELS = ("svar_hetero_daily", "svar_sign_daily", "svar_narrative_daily")


@dataclass(frozen=True)
class DailyInputs:
    """What every daily model of a run shares."""

    design: pd.DataFrame
    levels: pd.DataFrame
    spec: DailySpec


def series_ids(config: RunConfig | None = None) -> list[str]:
    """Panel series the daily models need (with the config's extra variables)."""
    extra = list(config.attribution.daily.extra_variables) if config else []
    return [*daily_series_ids(), *extra]


def daily_spec(config: RunConfig) -> DailySpec:
    """Build the :class:`DailySpec` of a config."""
    d = config.attribution.daily
    shocks = (
        {name: s.model_dump(mode="json") for name, s in d.shocks.items()}
        if d.shocks is not None
        else None
    )
    return DailySpec(
        reported=tuple(REPORTED),
        estimation_start=pd.Timestamp(d.start),
        estimation_end=pd.Timestamp(d.end) if d.end is not None else None,
        n_lags=d.n_lags,
        n_draws=d.n_draws,
        n_boot=d.n_boot,
        max_boot=d.max_boot,
        n_rotations=d.n_rotations,
        set_paths=d.set_paths,
        ci_level=config.attribution.ci_level,
        seed=config.run.seed,
        mc_tol=d.mc_tol,
        shocks=shocks,
        narrative=tuple(n.model_dump(mode="json") for n in d.narrative),
        driver_shocks=d.driver_shocks,
        usd_timing=d.usd_timing,
        regime=d.regime.model_dump(mode="json"),
        variables=(*d.variables, *d.extra_variables),
    )


def daily_inputs(config: RunConfig, panel: Panel) -> DailyInputs:
    """Design, levels and spec of the daily models."""
    spec = daily_spec(config)
    d = config.attribution.daily
    columns = (*d.variables, "y10") if "y10" not in d.variables else d.variables
    design = daily_design(
        panel, usd_timing=d.usd_timing, columns=columns, extra=d.extra_variables
    )
    return DailyInputs(design, daily_levels(panel.daily), spec)


def attribute_daily(
    inputs: DailyInputs, window: Window, models: Sequence[str]
) -> tuple[list[AttributionResult], pd.DataFrame | None]:
    """Run the configured daily models on ``window``.

    Returns the results and the heteroskedasticity model's daily structural
    shocks (``None`` if it did not run), for the validation against flows.
    """
    out = []
    shocks = None
    for model in models:
        if model == "svar_hetero_daily":
            res, shocks = attribute_daily_hetero(
                inputs.design, inputs.levels, window, inputs.spec
            )
            out.append(res)
    signs = [m for m in models if m in ("svar_sign_daily", "svar_narrative_daily")]
    if signs:
        got = attribute_daily_signs(
            inputs.design, inputs.levels, window, inputs.spec, signs
        )
        out += [got[m] for m in signs]
    return out, shocks


def run_daily_models(
    config: RunConfig, store: DataStore, panel: Panel, models: Sequence[str]
) -> tuple[list[AttributionResult], AttributionResult | None, dict[str, pd.DataFrame]]:
    """Daily models on the window (and on its largest move), with the flow tables.

    Returns the window's results, the largest move's (``None`` unless the
    window is a month or an ISO week with a larger move inside it) and the
    flow tables: ``flow_bounds``, ``flow_validation`` (when the
    heteroskedasticity model ran) and ``flow_bounds_largest``.
    """
    inputs = daily_inputs(config, panel)
    fi = flow_inputs(store, panel, config)
    window = config.parsed_window
    y10 = inputs.levels["y10"]
    results, shocks = attribute_daily(inputs, window, models)
    base, end = window.resolve(pd.DatetimeIndex(y10.index))
    flows = {"flow_bounds": bounds_table(fi, base, end, config)}
    if shocks is not None:
        flows["flow_validation"] = validation_table(fi, shocks, (base, end))
    largest = None
    found = (
        largest_move(y10, window)
        if config.attribution.daily.largest_move and window.kind in ("month", "week")
        else None
    )
    if found is not None:
        sub, _ = attribute_daily(inputs, found[0], models)
        largest = AttributionResult(
            pd.concat([r.table for r in sub], ignore_index=True),
            {k: v for r in sub for k, v in r.details.items()},
            {k: v for r in sub for k, v in r.draws.items()},
        )
        sub_base, sub_end = found[0].resolve(pd.DatetimeIndex(y10.index))
        flows["flow_bounds_largest"] = bounds_table(fi, sub_base, sub_end, config)
    return results, largest, flows

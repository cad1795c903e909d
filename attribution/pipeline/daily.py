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
    attribute_daily_signs_multi,
    daily_levels,
)
from attribution.engine.svar_hetero_daily import attribute_daily_hetero
from attribution.features.daily import daily_design, daily_series_ids
from attribution.panel import Panel
from attribution.pipeline.background import Pending, start
from attribution.pipeline.flows import (
    FlowInputs,
    bounds_table,
    flow_inputs,
    validation_table,
)
from attribution.pipeline.prestart import (
    DAILY_MODELS,
    SIGN_MODELS,
    SignsResult,
    sign_models,
)
from attribution.sources.store import DataStore

__all__ = ["DAILY_MODELS", "SIGN_MODELS"]


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
        level=config.attribution.level,
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
    return attribute_daily_windows(inputs, [window], models)[0]


def daily_windows(
    config: RunConfig, levels: pd.DataFrame
) -> tuple[list[Window], Window | None]:
    """Return the windows the daily models run on: the window, its largest move.

    The largest move (the sub-window with the largest 10y change) is looked
    for in a month or an ISO week when ``attribution.daily.largest_move`` is
    on; it is the second window and also returned alone (else ``None``).
    """
    window = config.parsed_window
    found = (
        largest_move(levels["y10"], window)
        if config.attribution.daily.largest_move and window.kind in ("month", "week")
        else None
    )
    if found is None:
        return [window], None
    return [window, found[0]], found[0]


def _signs_on(
    design: pd.DataFrame,
    levels: pd.DataFrame,
    windows: list[Window],
    spec: DailySpec,
    models: list[str],
) -> SignsResult:
    """Run the sign models on ``windows``; return them with the windows.

    Module-level, so that the worker can unpickle it.
    """
    return windows, attribute_daily_signs_multi(design, levels, windows, spec, models)


def attribute_daily_windows(
    inputs: DailyInputs,
    windows: Sequence[Window],
    models: Sequence[str],
    signs_started: Pending[SignsResult] | None = None,
) -> list[tuple[list[AttributionResult], pd.DataFrame | None]]:
    """:func:`attribute_daily` on several windows (e.g. a month, its largest move).

    The sign models share one bootstrap and one set of rotation draws across
    the windows (:func:`attribution.engine.svar_daily.attribute_daily_signs_multi`);
    each window's rows are those it gets alone. ``signs_started`` is that call
    already started for these windows (see :func:`start_daily_models`).
    """
    out = hetero_windows(inputs, windows, models)
    return add_signs(out, inputs, windows, models, signs_started)


def hetero_windows(
    inputs: DailyInputs, windows: Sequence[Window], models: Sequence[str]
) -> list[tuple[list[AttributionResult], pd.DataFrame | None]]:
    """Per window: ``[svar_hetero_daily]`` (if configured) and its daily shocks."""
    out: list[tuple[list[AttributionResult], pd.DataFrame | None]] = []
    for window in windows:
        results: list[AttributionResult] = []
        shocks = None
        if "svar_hetero_daily" in models:
            res, shocks = attribute_daily_hetero(
                inputs.design, inputs.levels, window, inputs.spec
            )
            results.append(res)
        out.append((results, shocks))
    return out


def add_signs(
    runs: list[tuple[list[AttributionResult], pd.DataFrame | None]],
    inputs: DailyInputs,
    windows: Sequence[Window],
    models: Sequence[str],
    signs_started: Pending[SignsResult] | None = None,
) -> list[tuple[list[AttributionResult], pd.DataFrame | None]]:
    """Append each window's sign-model rows to ``runs`` (waiting for the worker).

    Raises
    ------
    RuntimeError
        If the worker ran on other windows than ``windows`` (a bug: both
        derive them from the same panel).
    """
    signs = list(sign_models(list(models)))
    if not signs:
        return runs
    if signs_started is not None:
        ran_on, got = signs_started.result()
        if list(ran_on) != list(windows):
            raise RuntimeError(
                f"the daily sign models ran on {[w.label for w in ran_on]}, "
                f"not on {[w.label for w in windows]}"
            )
    else:
        got = attribute_daily_signs_multi(
            inputs.design, inputs.levels, windows, inputs.spec, signs
        )
    out = []
    for (results, shocks), per in zip(runs, got, strict=True):
        out.append(([*results, *(per[m] for m in signs)], shocks))
    return out


@dataclass(frozen=True)
class DailyJob:
    """The daily models of a run, with the sign models already started."""

    inputs: DailyInputs
    windows: list[Window]
    largest: Window | None
    models: tuple[str, ...]
    signs: Pending[SignsResult] | None


def start_daily_models(
    config: RunConfig,
    panel: Panel,
    models: Sequence[str],
    started: Pending[SignsResult] | None = None,
) -> DailyJob:
    """Start the sign models of the window (and of its largest move).

    They run in a worker process (:mod:`attribution.pipeline.background`)
    while the caller runs the other models; :func:`run_daily_models`
    collects them. ``started`` is the same step already started from the
    config (:func:`attribution.pipeline.prestart.start_daily_signs`): it is
    used instead of starting another.
    """
    inputs = daily_inputs(config, panel)
    windows, largest = daily_windows(config, inputs.levels)
    signs = list(sign_models(list(models)))
    pending = started
    if signs and pending is None:
        pending = start(
            _signs_on, inputs.design, inputs.levels, windows, inputs.spec, signs
        )
    return DailyJob(inputs, windows, largest, tuple(models), pending if signs else None)


@dataclass(frozen=True)
class DailyBegun:
    """The daily models' part that needs no sign model: hetero rows, flow tables."""

    job: DailyJob
    runs: list[tuple[list[AttributionResult], pd.DataFrame | None]]
    flows: dict[str, pd.DataFrame]
    fi: FlowInputs


def begin_daily_models(
    config: RunConfig, store: DataStore, panel: Panel, job: DailyJob
) -> DailyBegun:
    """Run what does not wait for the sign models: hetero rows, flow tables."""
    inputs, windows = job.inputs, job.windows
    fi = flow_inputs(store, panel, config)
    y10 = inputs.levels["y10"]
    runs = hetero_windows(inputs, windows, job.models)
    shocks = runs[0][1]
    base, end = config.parsed_window.resolve(pd.DatetimeIndex(y10.index))
    flows = {"flow_bounds": bounds_table(fi, base, end, config)}
    if shocks is not None:
        flows["flow_validation"] = validation_table(fi, shocks, (base, end))
    return DailyBegun(job, runs, flows, fi)


def end_daily_models(
    config: RunConfig, begun: DailyBegun
) -> tuple[list[AttributionResult], AttributionResult | None, dict[str, pd.DataFrame]]:
    """Collect the sign models (waiting for the worker): see run_daily_models."""
    job = begun.job
    runs = add_signs(begun.runs, job.inputs, job.windows, job.models, job.signs)
    results = runs[0][0]
    flows = dict(begun.flows)
    largest = None
    if job.largest is not None:
        sub = runs[1][0]
        largest = AttributionResult(
            pd.concat([r.table for r in sub], ignore_index=True),
            {k: v for r in sub for k, v in r.details.items()},
            {k: v for r in sub for k, v in r.draws.items()},
        )
        y10 = job.inputs.levels["y10"]
        sub_base, sub_end = job.largest.resolve(pd.DatetimeIndex(y10.index))
        flows["flow_bounds_largest"] = bounds_table(begun.fi, sub_base, sub_end, config)
    return results, largest, flows


def run_daily_models(
    config: RunConfig,
    store: DataStore,
    panel: Panel,
    models: Sequence[str],
    job: DailyJob | None = None,
) -> tuple[list[AttributionResult], AttributionResult | None, dict[str, pd.DataFrame]]:
    """Daily models on the window (and on its largest move), with the flow tables.

    Returns the window's results, the largest move's (``None`` unless the
    window is a month or an ISO week with a larger move inside it) and the
    flow tables: ``flow_bounds``, ``flow_validation`` (when the
    heteroskedasticity model ran) and ``flow_bounds_largest``. ``job`` is
    what :func:`start_daily_models` started (default: start it now).
    """
    job = job if job is not None else start_daily_models(config, panel, models)
    return end_daily_models(config, begin_daily_models(config, store, panel, job))

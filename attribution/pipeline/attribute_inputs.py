"""The panel of an ``attribute`` run, and its daily sign models from the config alone.

:func:`attribution_panel` is the one place that says which series an
attribution reads; the main process and the worker that runs the daily sign
models (:mod:`attribution.pipeline.prestart`) both build their panel with it,
so both see the same data.
"""

from __future__ import annotations

from attribution.config.schema import RunConfig
from attribution.engine.svar_daily import attribute_daily_signs_multi
from attribution.features.weekly import weekly_series_ids
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import (
    check_daily_series,
    check_weekly_drivers,
    point_in_time,
    store_from_config,
)
from attribution.pipeline.daily import daily_inputs, daily_windows
from attribution.pipeline.daily import series_ids as daily_series_ids
from attribution.pipeline.flows import flow_series_ids
from attribution.pipeline.prestart import DAILY_MODELS, SignsResult
from attribution.sources.store import DataStore


def attribution_panel(config: RunConfig, store: DataStore) -> Panel:
    """Check the configured series and build the panel every model of a run reads.

    Raises
    ------
    ConfigError
        If an extra daily variable is not a daily series, or an extra weekly
        driver (or the SVAR's swap spread) is monthly.
    """
    att = config.attribution
    svar_models = [
        m for m in att.models if m.startswith("svar") and m not in DAILY_MODELS
    ]
    ids = weekly_series_ids(att.positioning.measure) + list(att.extra_drivers)
    if any(m in DAILY_MODELS for m in att.models):
        ids += daily_series_ids(config) + flow_series_ids()
        check_daily_series(store, att.daily.extra_variables)
    if svar_models:
        ids += weekly_series_ids("tff_10y_derived")
        if att.svar.swap_spread:
            ids.append(att.svar.swap_spread)
    check_weekly_drivers(store, att.extra_drivers, "attribution.extra_drivers")
    if svar_models and att.svar.swap_spread:
        key = "attribution.svar.swap_spread"
        check_weekly_drivers(store, [att.svar.swap_spread], key)
    return build_panel(store, ids, point_in_time=point_in_time(config))


def daily_signs(config: RunConfig, models: tuple[str, ...]) -> SignsResult:
    """Run the daily sign models of a config: store -> panel -> design -> rows.

    What the worker started by :func:`attribution.pipeline.prestart.start_daily_signs`
    runs; the windows are those :func:`attribution.pipeline.daily.start_daily_models`
    finds from the same panel (the window, and its largest move).
    """
    panel = attribution_panel(config, store_from_config(config))
    inputs = daily_inputs(config, panel)
    windows, _ = daily_windows(config, inputs.levels)
    got = attribute_daily_signs_multi(
        inputs.design, inputs.levels, windows, inputs.spec, list(models)
    )
    return windows, got

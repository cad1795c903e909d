"""What the attribution report needs beyond the results: facts and diagnostics."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.engine.diagnostics import DailyDiagnostics, daily_diagnostics
from attribution.exceptions import (
    EmptySampleError,
    MissingColumnError,
    ModelSpecificationError,
)
from attribution.features.episode import EpisodeFacts, episode_facts
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import point_in_time
from attribution.pipeline.daily import daily_inputs
from attribution.pipeline.feature_inputs import (
    REFERENCE,
    auction_series,
    feature_series_ids,
)
from attribution.sources.store import DataStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportExtras:
    """The episode's facts and the daily VAR's diagnostics (None when not run).

    ``facts_note`` says why the facts are missing when they could not be
    gathered for this window (the attribution itself still stands).
    """

    facts: EpisodeFacts | None = None
    diagnostics: DailyDiagnostics | None = None
    facts_note: str = ""


def report_extras(
    config: RunConfig, store: DataStore, panel: Panel, daily: bool
) -> ReportExtras:
    """Gather the facts (``report.facts``) and the daily diagnostics.

    Parameters
    ----------
    config : RunConfig
    store : DataStore
    panel : Panel
        The attribution's panel (the daily models' series).
    daily : bool
        Whether a daily model ran (the diagnostics are of the daily VAR).
    """
    facts, note = None, ""
    if config.report.facts:
        try:
            facts = _facts(config, store)
        except (EmptySampleError, ModelSpecificationError, MissingColumnError) as exc:
            note = f"the facts of the episode could not be gathered: {exc}"
            log.warning(note)
    else:
        note = "the facts of the episode are off (`report.facts: false`)"
    diagnostics = None
    if daily:
        inputs = daily_inputs(config, panel)
        diagnostics = daily_diagnostics(
            inputs.design,
            inputs.levels,
            config.parsed_window,
            inputs.spec,
            config.report.diagnostics,
        )
    return ReportExtras(facts, diagnostics, note)


def _facts(config: RunConfig, store: DataStore) -> EpisodeFacts:
    fpanel = build_panel(
        store,
        feature_series_ids(store, config),
        point_in_time=point_in_time(config),
    )
    closes = pd.DatetimeIndex(fpanel.daily[REFERENCE].dropna().index)
    base, end = config.parsed_window.resolve(closes)
    return episode_facts(
        fpanel,
        auction_series(store),
        label=config.window,
        base=base,
        end=end,
        options=config.features,
        dv01=config.attribution.positioning.dv01,
    )

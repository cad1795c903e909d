"""``features``: load the panel, compute the feature families and volatility, write.

Orchestration only: the feature families are in :mod:`attribution.features`,
the volatility fits in :mod:`attribution.engine.volatility`, the text and
figures in :mod:`attribution.reports`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from threadpoolctl import threadpool_limits

from attribution.config.schema import RunConfig
from attribution.engine.volatility import volatility_rows
from attribution.features.episode import EpisodeFacts, episode_facts
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import (
    point_in_time,
    store_from_config,
    write_with_manifest,
)
from attribution.pipeline.feature_inputs import (
    REFERENCE,
    auction_series,
    feature_series_ids,
)
from attribution.reports.episode_days import DAY_SERIES, day_by_day
from attribution.reports.features_figures import feature_pngs
from attribution.reports.features_report import features_csv_text, features_markdown
from attribution.reports.volatility_report import volatility_frame

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeaturesRun:
    """A finished features run: the facts and the panel they came from."""

    config: RunConfig
    facts: EpisodeFacts
    panel: Panel
    volatility: pd.DataFrame = field(default_factory=pd.DataFrame)
    days: pd.DataFrame = field(default_factory=pd.DataFrame)


def volatility_facts(
    panel: Panel, config: RunConfig, base: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Per tenor: the window's largest k-day move in conditional sigmas and the regime.

    Parameters
    ----------
    panel : Panel
        Holds the CMT yields of ``config.volatility.tenors``.
    config : RunConfig
        ``volatility`` gives kind, dist, tenors, sample start and k
        (``move_days``); ``run.seed`` seeds EGARCH forecast simulations.
    base, end : Timestamp
        The window's base and end closes.

    Returns
    -------
    DataFrame
        One row per tenor (see
        :func:`~attribution.reports.features_report.volatility_frame`):
        the move (origin, end, bp), sigma over h days, k, the naive
        sqrt(h) k, one-day sigma and its sample percentile on the first,
        last and peak days of the window, persistence, ``converged``.

    Notes
    -----
    The model is fitted to daily changes (bp) from ``volatility.sample_start``
    to the window end, no later data. The move is sized by
    :func:`~attribution.models.volatility.move_in_sigmas`
    (the fits: :func:`attribution.engine.volatility.volatility_rows`):
    k = (move - h mu) / sqrt(sum_j E_t0[sigma^2_t0+j]), variance forecasts
    made at the origin close t0. sigma_t uses information through t-1. A
    non-converged fit is logged and flagged, not dropped.

    The fits run with one BLAS/OpenMP thread (``threadpoolctl``): with two,
    OpenBLAS sums in another order and the optimiser's path, hence the sixth
    digit of sigma and even the convergence flag, changed with the machine's
    thread setting.
    """
    with threadpool_limits(limits=1):
        rows = volatility_rows(panel, config, base, end)
    return volatility_frame(rows, config.volatility.kind, config.volatility.dist)


def run_features(config: RunConfig) -> FeaturesRun:
    """Compute every feature family for the config's window (no files written)."""
    store = store_from_config(config)
    panel = build_panel(
        store, feature_series_ids(store, config), point_in_time=point_in_time(config)
    )
    base, end = config.parsed_window.resolve(
        pd.DatetimeIndex(panel.daily[REFERENCE].dropna().index)
    )
    log.info("features window %s: %s -> %s", config.window, base.date(), end.date())
    facts = episode_facts(
        panel,
        auction_series(store),
        label=config.window,
        base=base,
        end=end,
        options=config.features,
        dv01=config.attribution.positioning.dv01,
    )
    vol = volatility_facts(panel, config, base, end)
    known = set(store.known())
    day_panel = build_panel(
        store,
        [sid for sid in DAY_SERIES if sid in known],
        point_in_time=point_in_time(config),
    )
    return FeaturesRun(config, facts, panel, vol, day_by_day(day_panel, base, end))


def write_features(run: FeaturesRun, out_root: Path) -> Path:
    """Write features.csv/.md, PNGs and manifest.json into ``out_root/<run-id>/``."""
    cfg = run.config
    extra = []
    if cfg.data.point_in_time:
        extra.append(f"Point in time: only data published by {cfg.data.point_in_time}.")
    files: dict[str, bytes] = {
        "features.csv": features_csv_text(run.facts, run.volatility).encode(),
        "features.md": features_markdown(
            run.facts, extra, run.volatility, days=run.days
        ).encode(),
    }
    if cfg.output.figures:
        files.update(feature_pngs(run.facts))
    details = {
        "features": {
            "base": f"{run.facts.base:%Y-%m-%d}",
            "end": f"{run.facts.end:%Y-%m-%d}",
            "divergence_missing": run.facts.divergence_missing,
            "notes": run.facts.notes,
        }
    }
    return write_with_manifest(
        cfg, "features", files, run.panel.provenance, details, out_root
    )


def run_and_write(cfg: RunConfig, out_root: Path) -> Path:
    """Run the features pipeline and write its folder; return the folder written."""
    return write_features(run_features(cfg), Path(out_root))

"""``nowcast``: TIC holdings changes not yet published at the window end.

Orchestration only: load the holders' series, nowcast them as of the window's
last day (:func:`attribution.engine.nowcast.nowcast_holders`, which documents
the point-in-time rule), render with :mod:`attribution.reports.nowcast_report`
and write the run folder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.engine.nowcast import HolderNowcast, nowcast_holders
from attribution.features.tic import (
    US10,
    published_through,
    series_ids,
    tic_id,
    window_month_ends,
)
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import (
    point_in_time,
    store_from_config,
    write_with_manifest,
)
from attribution.reports.nowcast_report import (
    nowcast_csv,
    nowcast_details,
    nowcast_markdown,
    nowcast_png,
)
from attribution.sources.catalog import spec_for

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NowcastRun:
    """A finished ``nowcast`` run: one :class:`HolderNowcast` per holder."""

    config: RunConfig
    as_of: pd.Timestamp
    holders: tuple[HolderNowcast, ...]
    panel: Panel


def _progress(holder: str, done: int, total: int) -> None:
    if done == total or done % 12 == 0:
        log.info("nowcast %s: backtest origin %d/%d", holder, done, total)


def run_nowcast(config: RunConfig) -> NowcastRun:
    """Backtest and nowcast every configured holder as of the window end."""
    opts = config.nowcast
    store = store_from_config(config)
    panel = build_panel(
        store, series_ids(opts.holders), point_in_time=point_in_time(config)
    )
    # the window must lie inside the data: a window past the last close would
    # otherwise report months "published" that do not exist yet
    config.parsed_window.resolve(pd.DatetimeIndex(panel.daily[US10].dropna().index))
    as_of = config.parsed_window.last
    # one catalogue prefix today; the most conservative lag if that changes
    lag = max(spec_for(tic_id(h)).publication_lag_days for h in opts.holders)
    log.info(
        "nowcast as of %s: TIC published through %s",
        as_of.date(),
        published_through(as_of, lag).date(),
    )
    holders = nowcast_holders(panel, opts, as_of, lag, progress=_progress)
    return NowcastRun(config, as_of, holders, panel)


def write_nowcast(run: NowcastRun, out_root: Path) -> Path:
    """Write nowcast.csv/.md, the PNG and manifest.json atomically."""
    cfg, w = run.config, run.config.parsed_window
    months = window_month_ends(w.first, w.last)
    files: dict[str, bytes] = {
        "nowcast.csv": nowcast_csv(run.holders, months),
        "nowcast.md": nowcast_markdown(
            run.holders, cfg.window, run.as_of, months, cfg.nowcast
        ).encode(),
    }
    if cfg.output.figures:
        files["nowcast.png"] = nowcast_png(
            run.holders, f"TIC nowcast as of {run.as_of:%Y-%m-%d} (window {cfg.window})"
        )
    details = nowcast_details(run.as_of, run.holders)
    return write_with_manifest(
        cfg, "nowcast", files, run.panel.provenance, details, out_root
    )


def run_and_write(cfg: RunConfig, out_root: Path) -> Path:
    """Entry point of ``python cli.py nowcast``: compute, then write atomically."""
    return write_nowcast(run_nowcast(cfg), Path(out_root))

"""``nowcast``: TIC holdings changes not yet published at the window end.

For every configured holder the pipeline works as a researcher standing at
the window's last day (``as_of``) would:

* targets: only TIC months published by ``as_of``, a month m counting as
  published when ``m + lag <= as_of`` (``lag`` = the catalogue's 50 days, the
  release around the 18th of month m + 2);
* features: month-end data of months ending on or before ``as_of`` (the
  window-end close is taken as known at the window end; a month still
  running at ``as_of`` is not nowcast);
* nowcasts: every month with features after the holder's last published
  month, with the interval, the backtest RMSE against no change, the
  Diebold-Mariano p-value and the skill verdict of
  :class:`~attribution.models.nowcast.TicNowcast`.

The snapshot's TIC figures are the latest vintage; where a month treated as
unpublished is in the snapshot its (later) figure is shown beside the
nowcast, never used to fit it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.models.nowcast import NowcastResults
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import (
    point_in_time,
    store_from_config,
    write_with_manifest,
)
from attribution.pipeline.tic_models import (
    US10,
    nowcast_frame,
    published_through,
    run_nowcasts,
    series_ids,
    tic_id,
)
from attribution.reports.nowcast_report import (
    HolderNowcast,
    nowcast_markdown,
    nowcast_png,
    nowcast_table,
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


def window_months(config: RunConfig) -> pd.DatetimeIndex:
    """Month ends of the calendar months the window touches."""
    w = config.parsed_window
    return pd.date_range(
        w.first + pd.offsets.MonthEnd(0), w.last + pd.offsets.MonthEnd(0), freq="ME"
    )


def _progress(holder: str, done: int, total: int) -> None:
    if done == total or done % 12 == 0:
        log.info("nowcast %s: backtest origin %d/%d", holder, done, total)


def _holder(
    panel: Panel, name: str, res: NowcastResults, as_of: pd.Timestamp, lag: int
) -> HolderNowcast:
    realised, _ = nowcast_frame(panel, name)  # latest vintage, for display only
    return HolderNowcast(
        holder=name,
        results=res,
        lag_days=lag,
        cutoff=published_through(as_of, lag),
        realised_later=realised.loc[realised.index > res.model.last_published],
    )


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
    fits = run_nowcasts(panel, opts, as_of=as_of, lag_days=lag, progress=_progress)
    holders = tuple(_holder(panel, h, r, as_of, lag) for h, r in fits.items())
    return NowcastRun(config, as_of, holders, panel)


def _details(run: NowcastRun) -> dict[str, object]:
    out: dict[str, object] = {"as_of": str(run.as_of.date())}
    for h in run.holders:
        r = h.results
        out[h.holder] = {
            "lag_days": h.lag_days,
            "published_through": str(h.cutoff.date()),
            "last_published_used": str(r.model.last_published.date()),
            "nowcast_months": [str(d.date()) for d in r.future_dates],
            "family": r.family,
            "selected": {k: str(v) for k, v in r.selected.items()},
            "stats": {k: v for k, v in r.stats.items()},
        }
    return {"nowcast": out}


def write_nowcast(run: NowcastRun, out_root: Path) -> Path:
    """Write nowcast.csv/.md, the PNG and manifest.json atomically."""
    cfg = run.config
    months = window_months(cfg)
    files: dict[str, bytes] = {
        "nowcast.csv": nowcast_table(run.holders, months)
        .to_csv(index=False, float_format="%.6g")
        .encode(),
        "nowcast.md": nowcast_markdown(
            run.holders, cfg.window, run.as_of, months, cfg.nowcast
        ).encode(),
    }
    if cfg.output.figures:
        files["nowcast.png"] = nowcast_png(
            run.holders, f"TIC nowcast as of {run.as_of:%Y-%m-%d} (window {cfg.window})"
        )
    return write_with_manifest(
        cfg, "nowcast", files, run.panel.provenance, _details(run), out_root
    )


def run_and_write(cfg: RunConfig, out_root: Path) -> Path:
    """Entry point of ``python cli.py nowcast``: compute, then write atomically."""
    return write_nowcast(run_nowcast(cfg), Path(out_root))

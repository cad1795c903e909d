"""``features``: sources -> panel -> every feature family -> CSV, Markdown, PNGs."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from attribution._typing import DateLike
from attribution._validation import to_float, to_timestamp
from attribution.config.schema import RunConfig
from attribution.exceptions import ConvergenceWarning
from attribution.features import curve
from attribution.features.episode import EpisodeFacts, episode_facts
from attribution.models.volatility import (
    VolatilityModel,
    move_in_sigmas,
    volatility_regime,
)
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


def daily_changes_bp(
    panel: Panel, tenor: str, start: DateLike, end: DateLike
) -> pd.Series:
    """Daily changes (bp) of a CMT tenor between consecutive published closes."""
    sid = curve.TENOR_IDS[tenor]
    levels = panel.daily[sid].dropna().loc[pd.Timestamp(start) : pd.Timestamp(end)]
    return (levels.diff() * 100.0).dropna().rename(sid)


def largest_move(
    dy: pd.Series, base: pd.Timestamp, end: pd.Timestamp, days: int
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return (origin, end) of the window's largest absolute ``days``-observation move.

    Parameters
    ----------
    dy : Series
        Daily changes on the dates of consecutive closes.
    base : Timestamp
        The window's base close (on ``dy``'s index); the earliest origin.
    end : Timestamp
        The last close a move may end on.
    days : int
        Observations per move, h.

    Returns
    -------
    tuple of Timestamp
        The origin close t0 and the end close t0 + h of the move
        ``sum(dy[t0+1 .. t0+h])`` largest in absolute value (first one on
        ties). A window with fewer than ``days`` observations gives its
        whole span.
    """
    idx = dy.index
    first = int(idx.searchsorted(base, side="left"))  # the origin may be base itself
    last = int(idx.searchsorted(end, side="right")) - 1
    n_obs = last - first  # observations after the first possible origin
    h = max(1, min(days, n_obs))
    csum = np.concatenate([[0.0], np.cumsum(dy.to_numpy())])
    origins = np.arange(first, last - h + 1)
    sums = csum[origins + h + 1] - csum[origins + 1]
    o = int(origins[np.argmax(np.abs(sums))])
    return idx[o], idx[o + h]


def _tenor_volatility(
    dy: pd.Series, base: pd.Timestamp, end: pd.Timestamp, config: RunConfig
) -> dict[str, object]:
    """Fit one tenor, size its largest window move and describe the regime."""
    opts = config.volatility
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        res = VolatilityModel(dy, kind=opts.kind, dist=opts.dist).fit()
    flags = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    if flags:
        log.warning("volatility %s: %s", dy.name, flags[0].message)
    origin, stop = largest_move(dy, base, end, opts.move_days)
    move = move_in_sigmas(res, origin=origin, end=stop, seed=config.run.seed)
    reg = volatility_regime(res, dy.index[dy.index > base][0], end)
    peak = to_timestamp(reg["sigma"].idxmax())
    return {
        **move.to_dict(),
        "sigma_first": float(reg["sigma"].iloc[0]),
        "pctile_first": float(reg["percentile"].iloc[0]),
        "sigma_last": float(reg["sigma"].iloc[-1]),
        "pctile_last": float(reg["percentile"].iloc[-1]),
        "sigma_peak": to_float(reg.loc[peak, "sigma"]),
        "pctile_peak": to_float(reg.loc[peak, "percentile"]),
        "peak_date": f"{peak:%Y-%m-%d}",
        "sigma_median": float(res.conditional_volatility.median()),
        "persistence": float(res.persistence),
        "nobs": res.nobs,
        "converged": not flags,
        "statement": move.statement(),
    }


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
    :func:`~attribution.models.volatility.move_in_sigmas`:
    k = (move - h mu) / sqrt(sum_j E_t0[sigma^2_t0+j]), variance forecasts
    made at the origin close t0. sigma_t uses information through t-1. A
    non-converged fit is logged and flagged, not dropped.

    The fits run with one BLAS/OpenMP thread (``threadpoolctl``): with two,
    OpenBLAS sums in another order and the optimiser's path, hence the sixth
    digit of sigma and even the convergence flag, changed with the machine's
    thread setting.
    """
    with threadpool_limits(limits=1):
        return _volatility_rows(panel, config, base, end)


def _volatility_rows(
    panel: Panel, config: RunConfig, base: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    opts = config.volatility
    rows = []
    for tenor in opts.tenors:
        dy = daily_changes_bp(panel, tenor, opts.sample_start, end)
        before = dy.index[dy.index <= base]
        if len(before) == 0 or not (dy.index > base).any():
            log.warning("volatility: %s has no data in the window; skipped", tenor)
            continue
        b = before[-1]  # the tenor's last close on or before the base close
        rows.append({"tenor": tenor, **_tenor_volatility(dy, b, end, config)})
    return volatility_frame(rows, opts.kind, opts.dist)


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

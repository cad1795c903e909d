"""``features``: sources -> panel -> every feature family -> CSV, Markdown, PNGs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.features import auctions, cross_asset, curve, fx, holdings, liquidity
from attribution.features import positioning as pos
from attribution.features.episode import EpisodeFacts, episode_facts
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import point_in_time, run_id, store_from_config
from attribution.reports.features_figures import feature_pngs
from attribution.reports.features_report import features_csv_text, features_markdown
from attribution.reports.manifest import manifest_text
from attribution.reports.output import write_run_dir
from attribution.sources.store import DataStore

log = logging.getLogger(__name__)
REFERENCE = "DGS10"


@dataclass(frozen=True)
class FeaturesRun:
    """A finished features run: the facts and the panel they came from."""

    config: RunConfig
    facts: EpisodeFacts
    panel: Panel


def feature_series_ids(store: DataStore, config: RunConfig) -> list[str]:
    """Every series the feature families read (the equity series only if configured)."""
    ids = [
        *curve.TENOR_IDS.values(),
        *curve.PRICE_IDS.values(),
        *fx.fx_series_ids(),
        *pos.positioning_series_ids(),
        holdings.CUSTODY_ID,
        *holdings.tic_series_ids(store.known()),
        *liquidity.LIQUIDITY_IDS,
        *cross_asset.DOLLAR_IDS,
    ]
    if config.features.equity_series:
        ids.append(config.features.equity_series)
    return list(dict.fromkeys(ids))


def auction_series(store: DataStore) -> dict[str, pd.Series]:
    """Nominal coupon auction results in the store (events, not panel series)."""
    known = set(store.known())
    return {
        sid: store.get(sid) for sid in auctions.auction_series_ids() if sid in known
    }


def run_features(config: RunConfig) -> FeaturesRun:
    """Compute every feature family for the config's window (no files written)."""
    store = store_from_config(config)
    panel = build_panel(
        store, feature_series_ids(store, config), point_in_time=point_in_time(config)
    )
    base, end = config.parsed_window.resolve(panel.daily[REFERENCE].dropna().index)
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
    return FeaturesRun(config, facts, panel)


def write_features(run: FeaturesRun, out_root: Path) -> Path:
    """Write features.csv/.md, PNGs and manifest.json into ``out_root/<run-id>/``."""
    cfg = run.config
    extra = []
    if cfg.data.point_in_time:
        extra.append(f"Point in time: only data published by {cfg.data.point_in_time}.")
    files: dict[str, bytes] = {
        "features.csv": features_csv_text(run.facts).encode(),
        "features.md": features_markdown(run.facts, extra).encode(),
    }
    if cfg.output.figures:
        files.update(feature_pngs(run.facts))
    names = sorted([*files, "manifest.json"])
    details = {
        "features": {
            "base": f"{run.facts.base:%Y-%m-%d}",
            "end": f"{run.facts.end:%Y-%m-%d}",
            "divergence_missing": run.facts.divergence_missing,
            "notes": run.facts.notes,
        }
    }
    files["manifest.json"] = manifest_text(
        cfg.model_dump(mode="json"), run.panel.provenance, details, cfg.run.seed, names
    ).encode()
    return write_run_dir(out_root / run_id(cfg, "features"), files)


def run_and_write(cfg: RunConfig, out_root: Path) -> Path:
    """Run the features pipeline and write its folder; return the folder written."""
    return write_features(run_features(cfg), Path(out_root))

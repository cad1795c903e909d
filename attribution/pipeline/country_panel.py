"""``panel``: country panel of monthly TIC holdings changes with country effects.

Orchestration only: load the countries' series, fit the panel
(:func:`attribution.engine.country_panel.fit_country_panel`, which documents
the model), render with :mod:`attribution.reports.country_panel_report` and write
the run folder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from attribution.config.schema import RunConfig
from attribution.engine.country_panel import CountryPanelFit, fit_country_panel
from attribution.features.tic import series_ids as tic_series_ids
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import (
    point_in_time,
    store_from_config,
    write_with_manifest,
)
from attribution.reports.country_panel_report import (
    panel_coefficients,
    panel_csv,
    panel_details,
    panel_markdown,
    panel_png,
    window_rows,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CountryPanelRun:
    """A finished ``panel`` run."""

    config: RunConfig
    fit: CountryPanelFit
    panel: Panel


def run_panel(config: RunConfig) -> CountryPanelRun:
    """Build the monthly country data and fit the panel (no files written)."""
    opts, w = config.country_panel, config.parsed_window
    store = store_from_config(config)
    panel = build_panel(
        store, tic_series_ids(opts.countries), point_in_time=point_in_time(config)
    )
    fit = fit_country_panel(panel, opts, w.first, w.last)
    res = fit.results
    log.info("country panel: nobs %d, within R2 %.4f", res.nobs, res.rsquared_within)
    return CountryPanelRun(config, fit, panel)


def write_panel(run: CountryPanelRun, out_root: Path) -> Path:
    """Write panel.csv/.md, panel.png and manifest.json atomically."""
    cfg, res, months = run.config, run.fit.results, run.fit.window_months
    coef = panel_coefficients(res, cfg.country_panel)
    rows = window_rows(res, months)
    files: dict[str, bytes] = {
        "panel.csv": panel_csv(coef),
        "panel.md": panel_markdown(
            res, coef, rows, cfg.window, cfg.country_panel
        ).encode(),
    }
    if cfg.output.figures:
        files["panel.png"] = panel_png(
            res, coef, months, f"Country panel, window {cfg.window}"
        )
    return write_with_manifest(
        cfg, "panel", files, run.panel.provenance, panel_details(run.fit), out_root
    )


def run_and_write(cfg: RunConfig, out_root: Path) -> Path:
    """Entry point of ``python cli.py panel``: compute, then write atomically."""
    return write_panel(run_panel(cfg), Path(out_root))


__all__ = ["CountryPanelRun", "run_and_write", "run_panel", "write_panel"]

"""``panel``: country panel of monthly TIC holdings changes with country effects.

``y_it = a_i (+ d_t) + b1 fx_move_it + b2 d_diff_it (+ b3 d_us10_t) + u_it``
estimated by :class:`~attribution.models.panel.CountryPanel` on the months
from ``country_panel.sample_start`` to the latest month the data allow
(variables in :mod:`attribution.pipeline.tic_models`). The window does not
restrict the sample: its months are reported beside the fit (observed
change, fitted value, residual) where the data reach them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.models.panel import CountryPanelResults
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import (
    point_in_time,
    store_from_config,
    write_with_manifest,
)
from attribution.pipeline.tic_models import country_panel_data, run_country_panel
from attribution.pipeline.tic_models import series_ids as tic_series_ids
from attribution.reports.panel_report import (
    panel_coefficients,
    panel_markdown,
    panel_png,
    window_rows,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PanelRun:
    """A finished ``panel`` run."""

    config: RunConfig
    results: CountryPanelResults
    window_months: pd.DatetimeIndex
    panel: Panel


def run_panel(config: RunConfig) -> PanelRun:
    """Build the monthly country data and fit the panel (no files written)."""
    opts = config.country_panel
    store = store_from_config(config)
    panel = build_panel(
        store, tic_series_ids(opts.countries), point_in_time=point_in_time(config)
    )
    res = run_country_panel(panel, opts)
    w = config.parsed_window
    months = pd.date_range(
        w.first + pd.offsets.MonthEnd(0), w.last + pd.offsets.MonthEnd(0), freq="ME"
    )
    log.info("country panel: nobs %d, within R2 %.4f", res.nobs, res.rsquared_within)
    return PanelRun(config, res, months, panel)


def write_panel(run: PanelRun, out_root: Path) -> Path:
    """Write panel.csv/.md, panel.png and manifest.json atomically."""
    cfg, res = run.config, run.results
    coef = panel_coefficients(res, cfg.country_panel)
    rows = window_rows(res, run.window_months)
    files: dict[str, bytes] = {
        "panel.csv": coef.to_csv(index=False, float_format="%.10g").encode(),
        "panel.md": panel_markdown(
            res, coef, rows, cfg.window, cfg.country_panel
        ).encode(),
    }
    if cfg.output.figures:
        files["panel.png"] = panel_png(
            res, coef, run.window_months, f"Country panel, window {cfg.window}"
        )
    used = tuple(res.model.endog.index.get_level_values(0).unique())
    details = {
        "country_panel": {
            "countries_used": list(used),
            "countries_dropped": [
                c for c in cfg.country_panel.countries if c not in used
            ],
            "nobs": res.nobs,
            "cov_type": res.cov_type,
            "bandwidth": res.bandwidth,
            "rsquared_within": res.rsquared_within,
            "reserve_pressure": "not available: no reserve or intervention series "
            "in the bundled data",
        }
    }
    return write_with_manifest(
        cfg, "panel", files, run.panel.provenance, details, out_root
    )


def run_and_write(cfg: RunConfig, out_root: Path) -> Path:
    """Entry point of ``python cli.py panel``: compute, then write atomically."""
    return write_panel(run_panel(cfg), Path(out_root))


__all__ = [
    "PanelRun",
    "country_panel_data",
    "run_and_write",
    "run_panel",
    "write_panel",
]

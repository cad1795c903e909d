"""The figures ``attribution.md`` links to, as PNG bytes under ``figures/``."""

from __future__ import annotations

import pandas as pd

from attribution.engine.result import AttributionResult
from attribution.panel import Panel
from attribution.reports.attribution_figures import (
    daily_path_figure,
    png_bytes,
    positioning_figure,
    waterfall_figure,
)
from attribution.reports.tables import MODEL_TITLES


def report_figures(
    result: AttributionResult, panel: Panel, days: pd.DataFrame, tenors: list[str]
) -> dict[str, tuple[str, bytes]]:
    """File name -> (caption, PNG bytes); models that estimated nothing get none."""
    out: dict[str, tuple[str, bytes]] = {}
    t = result.table
    for model in dict.fromkeys(t["model"]):
        out.update(model_figures(result, model, tenors))
    base, end = (
        pd.Timestamp(t["base_date"].iloc[0]),
        pd.Timestamp(t["end_date"].iloc[0]),
    )
    out.update(window_figures(panel, days, str(t["window"].iloc[0]), base, end))
    return out


def model_figures(
    result: AttributionResult, model: str, tenors: list[str]
) -> dict[str, tuple[str, bytes]]:
    """Draw the figures of one model (its waterfall) from its own rows."""
    fig = waterfall_figure(result, model, tenors)
    if fig is None:
        return {}
    caption = "Waterfall of contributions per tenor, " + MODEL_TITLES.get(model, model)
    return {f"figures/waterfall_{model}.png": (caption, png_bytes(fig))}


def window_figures(
    panel: Panel,
    days: pd.DataFrame,
    window: str,
    base: pd.Timestamp,
    end: pd.Timestamp,
) -> dict[str, tuple[str, bytes]]:
    """Draw the figures of the window itself (daily path, positioning, custody)."""
    out: dict[str, tuple[str, bytes]] = {}
    fig = daily_path_figure(days, f"The window day by day, {window}")
    if fig is not None:
        out["figures/daily_path.png"] = (
            "Daily path of the yields and daily changes (10y, term premium, basis)",
            png_bytes(fig),
        )
    fig = positioning_figure(panel, base, end)
    if fig is not None:
        out["figures/positioning_custody.png"] = (
            "Positioning and custody against the 10y yield",
            png_bytes(fig),
        )
    return out

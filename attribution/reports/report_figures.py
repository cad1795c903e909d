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
    window = str(t["window"].iloc[0])
    for model in dict.fromkeys(t["model"]):
        fig = waterfall_figure(result, model, tenors)
        if fig is not None:
            out[f"figures/waterfall_{model}.png"] = (
                "Waterfall of contributions per tenor, "
                + MODEL_TITLES.get(model, model),
                png_bytes(fig),
            )
    fig = daily_path_figure(days, f"The window day by day, {window}")
    if fig is not None:
        out["figures/daily_path.png"] = (
            "Daily path of the yields and daily changes (10y, term premium, basis)",
            png_bytes(fig),
        )
    base, end = (
        pd.Timestamp(t["base_date"].iloc[0]),
        pd.Timestamp(t["end_date"].iloc[0]),
    )
    fig = positioning_figure(panel, base, end)
    if fig is not None:
        out["figures/positioning_custody.png"] = (
            "Positioning and custody against the 10y yield",
            png_bytes(fig),
        )
    return out

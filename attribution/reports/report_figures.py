"""The figures ``report.md`` links to, as PNG bytes under ``figures/``."""

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
from attribution.reports.path_figures import hd_bars_figure, irf_bands_figure
from attribution.reports.tables import MODEL_TITLES


def _weak_note(result: AttributionResult, model: str) -> str:
    if result.details.get(model, {}).get("weak_named"):
        return (
            "Weak identification: the volatility regimes do not tell these shocks "
            "apart, so only their sum is identified; the split drawn is the "
            "estimate's, not a finding."
        )
    return ""


def _estimated(result: AttributionResult, model: str) -> bool:
    t = result.table
    rows = t.loc[(t["model"] == model) & t["role"].isin(["driver", "shock"])]
    return bool((rows["status"] != "not_estimated").any())


def model_figures(
    result: AttributionResult, tenors: list[str]
) -> dict[str, tuple[str, bytes]]:
    """Historical-decomposition bars and IRFs of the models that expose them."""
    out: dict[str, tuple[str, bytes]] = {}
    window = str(result.table["window"].iloc[0])
    for model, data in result.figures.items():
        if not _estimated(result, model):
            continue
        title = MODEL_TITLES.get(model, model)
        note = _weak_note(result, model)
        per = "day" if data.frequency == "day" else "week"
        fig = hd_bars_figure(
            data, tenors, f"The window {per} by {per}, {window}: {title}", note
        )
        if fig is not None:
            out[f"figures/decomposition_{model}.png"] = (
                f"Historical decomposition {per} by {per} (stacked bars), {title}",
                png_bytes(fig),
            )
        fig = irf_bands_figure(data, tenors, f"Impulse responses, {title}", note)
        if fig is not None:
            out[f"figures/irf_{model}.png"] = (
                f"Impulse responses with {data.level:.0%} bands, {title}",
                png_bytes(fig),
            )
    return out


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
    hetero = result.figures.get("svar_hetero_daily")
    shocks = (
        hetero.shocks
        if hetero is not None and _estimated(result, "svar_hetero_daily")
        else None
    )
    fig = daily_path_figure(
        days,
        f"The window day by day, {window}",
        shocks,
        "Identified daily shocks, " + MODEL_TITLES["svar_hetero_daily"]
        + (" (weakly identified: only their joint span is)"
           if _weak_note(result, "svar_hetero_daily") else ""),
    )  # fmt: skip
    if fig is not None:
        out["figures/daily_path.png"] = (
            "Daily path of the yields and daily changes (10y, term premium, basis)"
            + (", with the identified daily shocks" if shocks is not None else ""),
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
    out.update(model_figures(result, tenors))
    return out

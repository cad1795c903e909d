"""The figures ``report.md`` links to, as PNG bytes under ``figures/``.

:func:`model_figures` draws one model's figures from its own rows and figure
data; :func:`window_figures` those of the window (the daily path, with the
identified daily shocks of ``svar_hetero_daily`` when it estimated them, and
positioning), so that a pipeline can draw a model's figures as soon as the
model is done. :func:`report_figures` is both, in the report's order.
"""

from __future__ import annotations

import pandas as pd

from attribution.engine.details import weak_named
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

#: The model whose identified daily shocks the daily-path figure overlays.
SHOCKS_MODEL = "svar_hetero_daily"


def _weak_note(result: AttributionResult, model: str) -> str:
    if weak_named(result.details.get(model)):
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
    result: AttributionResult, model: str, tenors: list[str]
) -> dict[str, tuple[str, bytes]]:
    """Draw one model's figures from its own rows and figure data.

    Its waterfall, and its day-by-day (week-by-week) decomposition and IRFs
    when the model exposes them and estimated them.
    """
    out: dict[str, tuple[str, bytes]] = {}
    title = MODEL_TITLES.get(model, model)
    fig = waterfall_figure(result, model, tenors)
    if fig is not None:
        caption = "Waterfall of contributions per tenor, " + title
        out[f"figures/waterfall_{model}.png"] = (caption, png_bytes(fig))
    data = result.figures.get(model)
    if data is None or not _estimated(result, model):
        return out
    window = str(result.table["window"].iloc[0])
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


def window_figures(
    result: AttributionResult,
    panel: Panel,
    days: pd.DataFrame,
    base: pd.Timestamp,
    end: pd.Timestamp,
) -> dict[str, tuple[str, bytes]]:
    """Draw the figures of the window itself (daily path, positioning, custody).

    Only the rows and figure data of :data:`SHOCKS_MODEL` are read from
    ``result`` (its shocks are overlaid on the daily path).
    """
    out: dict[str, tuple[str, bytes]] = {}
    window = str(result.table["window"].iloc[0])
    hetero = result.figures.get(SHOCKS_MODEL)
    shocks = (
        hetero.shocks
        if hetero is not None and _estimated(result, SHOCKS_MODEL)
        else None
    )
    fig = daily_path_figure(
        days,
        f"The window day by day, {window}",
        shocks,
        "Identified daily shocks, " + MODEL_TITLES[SHOCKS_MODEL]
        + (" (weakly identified: only their joint span is)"
           if _weak_note(result, SHOCKS_MODEL) else ""),
    )  # fmt: skip
    if fig is not None:
        out["figures/daily_path.png"] = (
            "Daily path of the yields and daily changes (10y, term premium, basis)"
            + (", with the identified daily shocks" if shocks is not None else ""),
            png_bytes(fig),
        )
    fig = positioning_figure(panel, base, end)
    if fig is not None:
        out["figures/positioning_custody.png"] = (
            "Positioning and custody against the 10y yield",
            png_bytes(fig),
        )
    return out


def in_report_order(
    per_model: list[dict[str, tuple[str, bytes]]],
    window: dict[str, tuple[str, bytes]],
) -> dict[str, tuple[str, bytes]]:
    """Order figures as the report lists them.

    Every waterfall (model order), the window's figures, then the
    decompositions and IRFs (model order).
    """
    out = {k: v for figs in per_model for k, v in figs.items() if "/waterfall_" in k}
    out.update(window)
    out.update(
        {k: v for figs in per_model for k, v in figs.items() if "/waterfall_" not in k}
    )
    return out


def report_figures(
    result: AttributionResult, panel: Panel, days: pd.DataFrame, tenors: list[str]
) -> dict[str, tuple[str, bytes]]:
    """File name -> (caption, PNG bytes); models that estimated nothing get none."""
    t = result.table
    per_model = [model_figures(result, m, tenors) for m in dict.fromkeys(t["model"])]
    base, end = (
        pd.Timestamp(t["base_date"].iloc[0]),
        pd.Timestamp(t["end_date"].iloc[0]),
    )
    return in_report_order(per_model, window_figures(result, panel, days, base, end))

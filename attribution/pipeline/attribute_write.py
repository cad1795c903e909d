"""``attribute``'s files: tables, figures, report and manifest of one run.

Orchestration only (the words and pictures are in :mod:`attribution.reports`).
A model's figures depend on its own rows only, so the figures of the models
already estimated can be drawn (:func:`prerender`) while the worker still
runs the daily sign models; :func:`write_attribution` then draws only the
figures it was not given, and uses a drawn one only if the rows (or, for the
window's own figures, the window's dates) it was drawn from are those of the
finished result. The bytes are the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from attribution.config.episodes import about_episode_lines
from attribution.config.schema import RunConfig
from attribution.engine.details import details_manifest
from attribution.engine.result import AttributionResult
from attribution.features.weekly import YIELD_IDS
from attribution.panel import Panel
from attribution.pipeline.common import run_id, with_standalone, write_with_manifest
from attribution.pipeline.prestart import DAILY_MODELS
from attribution.reports.attribution_captions import (
    contributions_title,
    largest_caption,
    table_caption,
)
from attribution.reports.attribution_report import ReportInputs, attribution_markdown
from attribution.reports.episode_days import day_by_day
from attribution.reports.figures import contributions_png
from attribution.reports.flows_report import to_csv as flows_csv
from attribution.reports.latex import to_latex_text
from attribution.reports.report_figures import (
    SHOCKS_MODEL,
    in_report_order,
    model_figures,
    window_figures,
)
from attribution.reports.tables import to_csv_text

if TYPE_CHECKING:
    from attribution.pipeline.attribute import AttributionRun

#: file name -> (caption, PNG bytes), as :mod:`attribution.reports.report_figures`
Pngs = dict[str, tuple[str, bytes]]


@dataclass(frozen=True)
class ModelFigures:
    """One model's figures and the rows they were drawn from."""

    rows: pd.DataFrame
    contributions: dict[str, bytes]
    report: Pngs


@dataclass(frozen=True)
class Rendered:
    """Figures drawn before the result was complete (see :func:`prerender`)."""

    models: dict[str, ModelFigures] = field(default_factory=dict)
    #: (base, end) the window's figures and ``days`` were drawn for
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None
    days: pd.DataFrame | None = None
    report: Pngs = field(default_factory=dict)
    #: the rows of the model whose shocks the window's daily path overlays
    shocks_rows: pd.DataFrame | None = None


def _rows(table: pd.DataFrame, model: str) -> pd.DataFrame:
    return table.loc[table["model"] == model].reset_index(drop=True)


def _dates(table: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the base and end close of the result's first row."""
    return pd.Timestamp(table["base_date"].iloc[0]), pd.Timestamp(
        table["end_date"].iloc[0]
    )


def _model_figures(
    result: AttributionResult, model: str, cfg: RunConfig
) -> ModelFigures:
    """Draw one model's contributions bars (if it estimated any) and waterfall."""
    rows = _rows(result.table, model)
    shocks = ~rows["driver"].isin(["stub", "actual"])
    contributions = {}
    if (shocks & (rows["status"] != "not_estimated")).any():  # no figure of NA rows
        contributions[f"attribution_{model}.png"] = contributions_png(
            result, model, contributions_title(cfg.window, model)
        )
    report = model_figures(result, model, list(cfg.attribution.tenors))
    return ModelFigures(rows, contributions, report)


def prerender(
    result: AttributionResult, panel: Panel, cfg: RunConfig, first: bool = True
) -> Rendered:
    """Draw the figures of the models in ``result`` (a part of the final result).

    ``first`` says that ``result``'s first row is the final result's first
    row: the window's dates are taken from it and the window's own figures
    are drawn too. Nothing is drawn when ``output.figures`` is off.
    """
    t = result.table
    if not cfg.output.figures or t.empty:
        return Rendered()
    models = {m: _model_figures(result, m, cfg) for m in dict.fromkeys(t["model"])}
    if not first:
        return Rendered(models)
    base, end = _dates(t)
    days = day_by_day(panel, base, end)
    report = window_figures(result, panel, days, base, end)
    return Rendered(models, (base, end), days, report, _rows(t, SHOCKS_MODEL))


def figure_files(
    result: AttributionResult,
    panel: Panel,
    cfg: RunConfig,
    rendered: Rendered | None = None,
) -> tuple[dict[str, bytes], Pngs, pd.DataFrame]:
    """Return the PNG files of a result, its report figures and the window's days.

    Returns the ``attribution_<model>.png`` files, the report's figures
    (name -> caption, bytes, in
    :func:`~attribution.reports.report_figures.in_report_order`) and
    :func:`day_by_day` of the window. Figures in ``rendered`` are reused when
    they were drawn from the same rows (the window's: the same dates and the
    same rows of the model whose shocks they overlay).
    """
    rendered = rendered if rendered is not None else Rendered()
    t = result.table
    base, end = _dates(t)
    same_window = rendered.window == (base, end) and rendered.days is not None
    days = rendered.days if same_window else day_by_day(panel, base, end)
    same_shocks = rendered.shocks_rows is not None and rendered.shocks_rows.equals(
        _rows(t, SHOCKS_MODEL)
    )
    assert days is not None
    if not cfg.output.figures:
        return {}, {}, days
    contributions: dict[str, bytes] = {}
    per_model: list[Pngs] = []
    for model in dict.fromkeys(t["model"]):
        got = rendered.models.get(model)
        if got is None or not got.rows.equals(_rows(t, model)):
            got = _model_figures(result, model, cfg)
        contributions.update(got.contributions)
        per_model.append(got.report)
    window = (
        rendered.report
        if same_window and same_shocks
        else window_figures(result, panel, days, base, end)
    )
    return contributions, in_report_order(per_model, window), days


def _details_for_manifest(run: AttributionRun) -> dict[str, object]:
    """Return the manifest's ``models`` section: each model's ``to_manifest()``."""
    return details_manifest(run.result.details)


def write_parts(
    run: AttributionRun,
    out_root: Path,
    *,
    standalone: bool = False,
    rendered: Rendered | None = None,
) -> Path:
    """Write CSV, Markdown, LaTeX, PNG and manifest into ``out_root/<run-id>/``.

    The folder appears atomically. ``standalone`` adds, for each ``<name>.tex``,
    a compilable ``<name>_standalone.tex``; ``rendered`` holds figures drawn
    earlier (:func:`prerender`).
    """
    cfg = run.config
    rid = run_id(cfg, "attribute")
    sources = sorted({p.source for p in run.panel.provenance.values()})
    files: dict[str, bytes] = {
        "attribution.csv": to_csv_text(run.result).encode(),
        "attribution.tex": to_latex_text(
            run.result,
            table_caption(cfg.window),
            label=f"{rid}:attribution",
            sources=sources,
        ).encode(),
    }
    if run.largest is not None:
        files["largest_move.csv"] = to_csv_text(run.largest).encode()
        files["largest_move.tex"] = to_latex_text(
            run.largest,
            largest_caption(cfg.window, run.largest),
            label=f"{rid}:largest_move",
            sources=sources,
        ).encode()
    for name, table in run.flows.items():
        files[f"{name}.csv"] = flows_csv(table).encode()
    contributions, pngs, days = figure_files(run.result, run.panel, cfg, rendered)
    files.update(contributions)
    files.update({name: data for name, (_, data) in pngs.items()})
    tenors = dict.fromkeys([*cfg.attribution.tenors, "10y"])
    yields = pd.DataFrame({t: run.panel.daily[YIELD_IDS[t]] for t in tenors})
    files["report.md"] = attribution_markdown(
        ReportInputs(
            config=cfg,
            result=run.result,
            panel=run.panel,
            days=days,
            daily_models=DAILY_MODELS,
            largest=run.largest,
            flows=run.flows,
            facts=run.extras.facts,
            diagnostics=run.extras.diagnostics,
            figures=[(name, caption) for name, (caption, _) in pngs.items()],
            facts_note=run.extras.facts_note,
            about=about_episode_lines(cfg, yields),
        )
    ).encode()
    return write_with_manifest(
        cfg,
        "attribute",
        with_standalone(files) if standalone else files,
        run.panel.provenance,
        _details_for_manifest(run),
        out_root,
    )

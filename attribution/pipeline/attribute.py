"""``attribute``: the chain from sources to the written contribution files.

sources -> panel -> the weekly design (OLS and weekly SVARs), the daily panel
(daily SVARs, flow bounds) and the par curve (ACM term structure) -> one
engine attribution per configured model -> one ``AttributionResult`` -> CSV,
Markdown, LaTeX, PNG and manifest in one atomic run folder. The daily models
run last (the weekly ones fail fast on bad input) but lead the table.
docs/architecture.md traces one cell of it from the CLI to the source file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import pandas as pd

from attribution.config.episodes import about_episode_lines
from attribution.config.schema import RunConfig
from attribution.engine.result import AttributionResult
from attribution.engine.svar_weekly import SvarSpec, attribute_svar
from attribution.engine.weekly_ols import (
    MODEL,
    MODEL_TOTAL,
    WeeklySpec,
    attribute_weekly_ols,
)
from attribution.features.weekly import YIELD_IDS, weekly_design, weekly_series_ids
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import (
    check_daily_series,
    check_weekly_drivers,
    point_in_time,
    run_id,
    store_from_config,
    with_standalone,
    write_with_manifest,
)
from attribution.pipeline.daily import (
    DAILY_MODELS,
    run_daily_models,
    start_daily_models,
)
from attribution.pipeline.daily import series_ids as daily_series_ids
from attribution.pipeline.flows import flow_series_ids
from attribution.pipeline.holes import (
    check_some_model_ran,
    guarded,
    not_estimated_result,
)
from attribution.pipeline.report_inputs import ReportExtras, report_extras
from attribution.reports.attribution_report import (
    ReportInputs,
    attribution_markdown,
    largest_title,
)
from attribution.reports.episode_days import day_by_day
from attribution.reports.figures import contributions_png
from attribution.reports.flows_report import to_csv as flows_csv
from attribution.reports.latex import to_latex_text
from attribution.reports.report_figures import report_figures
from attribution.reports.tables import MODEL_TITLES, to_csv_text


@dataclass(frozen=True)
class AttributionRun:
    """A finished attribution: the result and the panel it came from.

    ``largest`` is the daily models' attribution of the largest move inside
    the window (``None`` when there is none, or no daily model runs).
    """

    config: RunConfig
    result: AttributionResult
    panel: Panel
    largest: AttributionResult | None = None
    flows: dict[str, pd.DataFrame] = field(default_factory=dict)
    extras: ReportExtras = field(default_factory=ReportExtras)


def run_attribution(config: RunConfig) -> AttributionRun:
    """Compute the attribution a config describes, for every configured model.

    No files are written.
    """
    store = store_from_config(config)
    att = config.attribution
    svar_models = [
        m for m in att.models if m.startswith("svar") and m not in DAILY_MODELS
    ]
    daily_models = [m for m in att.models if m in DAILY_MODELS]
    ids = weekly_series_ids(att.positioning.measure) + list(att.extra_drivers)
    if daily_models:
        ids += daily_series_ids(config) + flow_series_ids()
        check_daily_series(store, att.daily.extra_variables)
    if svar_models:
        ids += weekly_series_ids("tff_10y_derived")
        if att.svar.swap_spread:
            ids.append(att.svar.swap_spread)
    check_weekly_drivers(store, att.extra_drivers, "attribution.extra_drivers")
    if svar_models and att.svar.swap_spread:
        key = "attribution.svar.swap_spread"
        check_weekly_drivers(store, [att.svar.swap_spread], key)
    panel = build_panel(store, ids, point_in_time=point_in_time(config))
    # the daily sign models (the longest step) run in a worker meanwhile
    job = start_daily_models(config, panel, daily_models) if daily_models else None
    daily = pd.DataFrame({t: panel.daily[YIELD_IDS[t]] for t in att.tenors})
    daily["10y"] = panel.daily[YIELD_IDS["10y"]]
    results: list[AttributionResult] = []
    failures: dict[str, str] = {}  # model -> data hole (pipeline/holes.py)

    def hole(model: str, why: str) -> AttributionResult:
        return not_estimated_result(
            model, att.tenors, daily, config.parsed_window, why, att.ci_level
        )

    ols_models = [m for m in att.models if m in (MODEL, MODEL_TOTAL)]
    for m in ols_models:
        results += guarded(
            [m], partial(_ols, config, panel, daily, [m]), hole, failures
        )
    for m in svar_models:
        results += guarded(
            [m], partial(_svar, config, panel, daily, [m]), hole, failures
        )
    if "acm_termstructure" in att.models:
        from attribution.pipeline.termpremium import attribute_rows

        got = guarded(
            ["acm_termstructure"], lambda: attribute_rows(config, store), hole, failures
        )
        if isinstance(got, list):
            results += got
        else:
            results.append(got[0])
            panel = replace(panel, provenance={**panel.provenance, **got[1]})
    # the daily models run last (the weekly ones fail fast on bad input) but
    # lead the table: they are the ones that see inside a week
    largest: AttributionResult | None = None
    flows: dict[str, pd.DataFrame] = {}
    if daily_models:
        got_daily = guarded(
            daily_models,
            lambda: run_daily_models(config, store, panel, daily_models, job),
            hole,
            failures,
        )
        if isinstance(got_daily, list):
            results = got_daily + results
        else:
            daily_results, largest, flows = got_daily
            results = daily_results + results
    check_some_model_ran(att.models, failures)
    combined = AttributionResult(
        pd.concat([r.table for r in results], ignore_index=True),
        {k: v for r in results for k, v in r.details.items()},
        {k: v for r in results for k, v in r.draws.items()},
        {k: v for r in results for k, v in r.figures.items()},
    )
    extras = report_extras(config, store, panel, bool(daily_models))
    return AttributionRun(config, combined, panel, largest, flows, extras)


def _ols(
    config: RunConfig, panel: Panel, daily: pd.DataFrame, ols_models: list[str]
) -> list[AttributionResult]:
    """Run the weekly OLS models (``ols_weekly``, ``ols_weekly_total``)."""
    att = config.attribution
    results = []
    if ols_models:
        design = weekly_design(
            panel, measure=att.positioning.measure, dv01=att.positioning.dv01
        )
        for sid in att.extra_drivers:
            design[sid] = panel.weekly[sid].diff()
        spec = WeeklySpec(
            tenors=att.tenors,
            drivers=(*att.drivers, *att.extra_drivers),
            controls=att.controls,
            estimation_start=pd.Timestamp(config.estimation.start),
            estimation_end=pd.Timestamp(config.estimation.end)
            if config.estimation.end
            else None,
            ci_level=att.ci_level,
            kernel=att.hac.kernel,
            bandwidth=att.hac.bandwidth,
        )
        for model in ols_models:
            variant = (
                spec
                if model == MODEL
                else replace(spec, controls=(), model=MODEL_TOTAL)
            )
            results.append(
                attribute_weekly_ols(design, daily, config.parsed_window, variant)
            )
    return results


def _svar(
    config: RunConfig, panel: Panel, daily: pd.DataFrame, svar_models: list[str]
) -> list[AttributionResult]:
    """Run the weekly SVARs (sign, narrative, recursive)."""
    att = config.attribution
    results = []
    if svar_models:
        design = weekly_design(panel, measure="tff_10y_derived")
        if att.svar.swap_spread:
            design["swap_spread"] = panel.weekly[att.svar.swap_spread].diff()
        shocks = (
            {
                name: shock.model_dump(mode="json")
                for name, shock in att.svar.shocks.items()
            }
            if att.svar.shocks is not None
            else None
        )
        sv = SvarSpec(
            tenors=att.tenors,
            estimation_start=pd.Timestamp(config.estimation.start),
            n_lags=att.svar.n_lags,
            n_draws=att.svar.n_draws,
            n_boot=att.svar.n_boot,
            n_rotations=att.svar.n_rotations,
            ci_level=att.ci_level,
            seed=config.run.seed,
            shocks=shocks,
            driver_shocks=att.svar.driver_shocks,
            swap_spread=att.svar.swap_spread is not None,
            narrative=tuple(n.model_dump(mode="json") for n in att.svar.narrative),
            mc_tol=att.svar.mc_tol,
            max_boot=att.svar.max_boot,
            sensitivity=config.report.diagnostics == "full",
        )
        for model in svar_models:
            results.append(
                attribute_svar(design, daily, config.parsed_window, sv, model)
            )
    return results


def _details_for_manifest(run: AttributionRun) -> dict[str, object]:
    out: dict[str, object] = dict(run.result.details)
    for model in (MODEL, MODEL_TOTAL):
        d = run.result.details.get(model)
        if d is None or "tenors" not in d:
            continue
        tenors = {
            t: {k: v for k, v in info.items() if k != "fit"}
            for t, info in d["tenors"].items()
        }
        for t, info in d["tenors"].items():
            fit = info["fit"]
            tenors[t]["params"] = {k: float(v) for k, v in fit.params.items()}
            tenors[t]["std_err"] = {k: float(v) for k, v in fit.std_err.items()}
        out[model] = {**{k: v for k, v in d.items() if k != "tenors"}, "tenors": tenors}
    return out


def write_attribution(
    run: AttributionRun, out_root: Path, *, standalone: bool = False
) -> Path:
    """Write CSV, Markdown, LaTeX, PNG and manifest into ``out_root/<run-id>/``.

    The folder appears atomically. ``standalone`` adds, for each ``<name>.tex``,
    a compilable ``<name>_standalone.tex``.
    """
    cfg = run.config
    rid = run_id(cfg, "attribute")
    sources = sorted({p.source for p in run.panel.provenance.values()})
    files: dict[str, bytes] = {
        "attribution.csv": to_csv_text(run.result).encode(),
        "attribution.tex": to_latex_text(
            run.result,
            f"Attribution of Treasury yield changes, {cfg.window}.",
            label=f"{rid}:attribution",
            sources=sources,
        ).encode(),
    }
    if run.largest is not None:
        title = largest_title(cfg.window, run.largest)
        files["largest_move.csv"] = to_csv_text(run.largest).encode()
        files["largest_move.tex"] = to_latex_text(
            run.largest, f"{title}.", label=f"{rid}:largest_move", sources=sources
        ).encode()
    for name, table in run.flows.items():
        files[f"{name}.csv"] = flows_csv(table).encode()
    t = run.result.table
    base = pd.Timestamp(t["base_date"].iloc[0])
    end = pd.Timestamp(t["end_date"].iloc[0])
    days = day_by_day(run.panel, base, end)
    figures: list[tuple[str, str]] = []
    if cfg.output.figures:
        shocks = ~t["driver"].isin(["stub", "actual"])
        estimated = t.loc[shocks & (t["status"] != "not_estimated"), "model"]
        for model in dict.fromkeys(estimated):  # no figure of NA rows
            files[f"attribution_{model}.png"] = contributions_png(
                run.result,
                model,
                f"{cfg.window}: contributions to yield changes (bp), "
                f"{MODEL_TITLES.get(model, model)} ({model})",
            )
        pngs = report_figures(run.result, run.panel, days, list(cfg.attribution.tenors))
        for name, (caption, data) in pngs.items():
            files[name] = data
            figures.append((name, caption))
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
            figures=figures,
            facts_note=run.extras.facts_note,
            about=about_episode_lines(
                cfg,
                pd.DataFrame(
                    {
                        t: run.panel.daily[YIELD_IDS[t]]
                        for t in dict.fromkeys([*cfg.attribution.tenors, "10y"])
                    }
                ),
            ),
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

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
from pathlib import Path

import pandas as pd

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
    store_from_config,
    write_with_manifest,
)
from attribution.pipeline.daily import DAILY_MODELS, run_daily_models
from attribution.pipeline.daily import series_ids as daily_series_ids
from attribution.pipeline.flows import flow_series_ids
from attribution.reports.daily_report import answer_lines, daily_lines
from attribution.reports.figures import contributions_png
from attribution.reports.flows_report import bounds_markdown, validation_markdown
from attribution.reports.flows_report import to_csv as flows_csv
from attribution.reports.tables import (
    MODEL_TITLES,
    to_csv_text,
    to_latex_text,
    to_markdown_text,
)


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
    daily = pd.DataFrame({t: panel.daily[YIELD_IDS[t]] for t in att.tenors})
    daily["10y"] = panel.daily[YIELD_IDS["10y"]]
    results: list[AttributionResult] = []
    ols_models = [m for m in att.models if m in (MODEL, MODEL_TOTAL)]
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
        )
        for model in svar_models:
            results.append(
                attribute_svar(design, daily, config.parsed_window, sv, model)
            )
    if "acm_termstructure" in att.models:
        from attribution.pipeline.termpremium import attribute_rows

        rows, par_provenance = attribute_rows(config, store)
        results.append(rows)
        panel = replace(panel, provenance={**panel.provenance, **par_provenance})
    # the daily models run last (the weekly ones fail fast on bad input) but
    # lead the table: they are the ones that see inside a week
    largest: AttributionResult | None = None
    flows: dict[str, pd.DataFrame] = {}
    if daily_models:
        daily_results, largest, flows = run_daily_models(
            config, store, panel, daily_models
        )
        results = daily_results + results
    combined = AttributionResult(
        pd.concat([r.table for r in results], ignore_index=True),
        {k: v for r in results for k, v in r.details.items()},
        {k: v for r in results for k, v in r.draws.items()},
    )
    return AttributionRun(config, combined, panel, largest, flows)


def _header(run: AttributionRun) -> list[str]:
    cfg = run.config
    t = run.result.table
    lines = [
        f"# Attribution of Treasury yield changes, window {cfg.window}",
        "",
        f"- Change measured from the {t['base_date'].iloc[0]} close to the "
        f"{t['end_date'].iloc[0]} close (yields in percent, changes in bp).",
        "- Custody: H.4.1 foreign official custody holdings (WMTSECL1), "
        "Wednesday level, $bn.",
        "- Positioning: CFTC TFF leveraged funds, as of Tuesday, placed on Wednesday.",
    ]
    if cfg.data.point_in_time:
        lines.append(
            f"- Point in time: only data published by {cfg.data.point_in_time}."
        )
    d = run.result.details.get(MODEL) or run.result.details.get(MODEL_TOTAL)
    if d is not None and not d["tenors"]:
        lines += [
            "",
            "Weekly OLS: not estimated: the window holds no whole "
            "Wednesday-to-Wednesday week.",
        ]
    elif d is not None:
        first = next(iter(d["tenors"].values()))
        lines += [
            "",
            "Weekly OLS (`ols_weekly`, `ols_weekly_total`): model weeks "
            "(Wednesday to Wednesday) inside the window: "
            f"{', '.join(d['model_weeks']) or 'none'}; "
            "the rest of the window is the `stub` row. "
            f"Estimation sample {first['start']} to {first['end']} "
            f"({first['nobs']} weeks used, "
            f"{first['skipped_weeks']} skipped for missing data). Newey-West HAC, "
            f"{first['kernel']} kernel, {first['hac_lags']} lags "
            "(floor(4 (T/100)^(2/9)) unless "
            f"set); delta-method intervals. Positioning measure "
            f"{cfg.attribution.positioning.measure} "
            "(net short, 10y-note equivalents, thousands).",
        ]
        skipped: dict[str, list[str]] = {}
        for tenor, info in d["tenors"].items():
            for col, runs in info["skipped_by_column"].items():
                skipped.setdefault(f"missing `{col}`: {'; '.join(runs)}", []).append(
                    tenor
                )
        for text, tenors in skipped.items():
            lines.append(f"- Weeks skipped ({', '.join(tenors)}), {text}.")
    for model, info in run.result.details.items():
        if model in DAILY_MODELS:
            lines += daily_lines(model, info)
            continue
        if not model.startswith("svar"):
            continue
        if not info.get("estimated", True):
            lines += ["", f"`{model}`: not estimated: {info['note']}."]
            continue
        if "posterior_pairs" in info:
            conv = (
                "met"
                if info["mc_converged"]
                else "not met: the numbers may move with the seed by more"
            )
            lines += [
                "",
                f"`{model}`: VAR({info['n_lags']}) on {info['sample']} "
                "(in-sample through the window), positioning from the continuous "
                f"10y-note series; set-identified: identified set from "
                f"{info['set_rotations']} admissible rotations at the estimate; "
                f"posterior from {info['posterior_pairs']} admissible (draw, rotation) "
                f"pairs over {info['n_boot']} moving-block bootstrap draws "
                f"({info['n_boot_kept']} with an admissible rotation); largest Monte "
                f"Carlo error of a posterior mean {info['mc_se_max_bp']:.2f} bp "
                f"(target: two seeds within the configured mc_tol; {conv}); of a "
                f"band end {info['band_mc_se_max_bp']:.2f} bp; the identified-set "
                "bounds (best draws pushed outward by local search) differ by up to "
                f"{info['set_spread_max_bp']:.2f} bp between two independent halves "
                "of the rotations, which is what a seed change can move them by.",
            ]
            if info["indistinct"]:
                lines.append(
                    "- What the signs cannot tell apart: "
                    + "; ".join(info["indistinct"])
                    + "."
                )
        else:
            lines += [
                "",
                f"`{model}`: VAR({info['n_lags']}) on {info['sample']} "
                "(in-sample through the window), positioning from the continuous "
                f"10y-note series; {info['n_boot_kept']} moving-block bootstrap "
                "draws; percentile bands (Monte Carlo error of a band end up to "
                f"{info['band_mc_se_max_bp']:.2f} bp: a seed change moves the bands, "
                "not the points).",
            ]
    return lines


def _details_for_manifest(run: AttributionRun) -> dict[str, object]:
    out: dict[str, object] = dict(run.result.details)
    for model in (MODEL, MODEL_TOTAL):
        d = run.result.details.get(model)
        if d is None:
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


def write_attribution(run: AttributionRun, out_root: Path) -> Path:
    """Write CSV, Markdown, LaTeX, PNG and manifest into ``out_root/<run-id>/``.

    The folder appears atomically.
    """
    cfg = run.config
    answer = answer_lines(run.result, run.flows, DAILY_MODELS, run.largest)
    head = _header(run)  # title, blank, what is measured, then the models
    markdown = to_markdown_text(run.result, [*head[:3], *answer, "", *head[3:]])
    if "flow_bounds" in run.flows:
        markdown += (
            "\n"
            + "\n".join(
                bounds_markdown(
                    run.flows["flow_bounds"], f"Flow-based bounds, {cfg.window}"
                )
            )
            + "\n"
        )
    files: dict[str, bytes] = {
        "attribution.csv": to_csv_text(run.result).encode(),
        "attribution.tex": to_latex_text(
            run.result, f"Attribution of Treasury yield changes, {cfg.window}."
        ).encode(),
    }
    if run.largest is not None:
        t = run.largest.table
        move = t.loc[
            (t["tenor"] == "10y") & (t["driver"] == "actual"), "contribution_bp"
        ].iloc[0]
        label = str(t["window"].iloc[0])
        title = (
            f"Largest move inside {cfg.window}: {label} "
            f"(10y {move:+.1f} bp, from daily closes)"
        )
        markdown += "\n" + to_markdown_text(
            run.largest,
            [
                f"# {title}",
                "",
                "The daily models on the sub-window with the largest absolute 10y "
                "change inside the window (a month nets a selloff against what "
                "followed).",
            ],
        )
        if "flow_bounds_largest" in run.flows:
            markdown += (
                "\n"
                + "\n".join(
                    bounds_markdown(
                        run.flows["flow_bounds_largest"], f"Flow bounds, {label}"
                    )
                )
                + "\n"
            )
        files["largest_move.csv"] = to_csv_text(run.largest).encode()
        files["largest_move.tex"] = to_latex_text(run.largest, f"{title}.").encode()
    if "flow_validation" in run.flows:
        markdown += (
            "\n"
            + "\n".join(
                validation_markdown(run.flows["flow_validation"], "svar_hetero_daily")
            )
            + "\n"
        )
    files["attribution.md"] = markdown.encode()
    for name, table in run.flows.items():
        files[f"{name}.csv"] = flows_csv(table).encode()
    if cfg.output.figures:
        t = run.result.table
        shocks = ~t["driver"].isin(["stub", "actual"])
        estimated = t.loc[shocks & (t["status"] != "not_estimated"), "model"]
        for model in dict.fromkeys(estimated):  # no figure of NA rows
            files[f"attribution_{model}.png"] = contributions_png(
                run.result,
                model,
                f"{cfg.window}: contributions to yield changes (bp), "
                f"{MODEL_TITLES.get(model, model)} ({model})",
            )
    return write_with_manifest(
        cfg,
        "attribute",
        files,
        run.panel.provenance,
        _details_for_manifest(run),
        out_root,
    )

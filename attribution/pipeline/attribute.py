"""``attribute``: sources -> panel -> weekly features -> OLS per tenor -> contributions -> files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.engine.result import AttributionResult
from attribution.engine.weekly_ols import MODEL, WeeklySpec, attribute_weekly_ols
from attribution.features.weekly import YIELD_IDS, weekly_design, weekly_series_ids
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import point_in_time, run_id, store_from_config
from attribution.reports.figures import contributions_png
from attribution.reports.manifest import manifest_text
from attribution.reports.output import write_run_dir
from attribution.reports.tables import to_csv_text, to_latex_text, to_markdown_text


@dataclass(frozen=True)
class AttributionRun:
    """A finished attribution: the result and the panel it came from."""

    config: RunConfig
    result: AttributionResult
    panel: Panel


def run_attribution(config: RunConfig) -> AttributionRun:
    """Compute the attribution a config describes (no files written)."""
    store = store_from_config(config)
    att = config.attribution
    ids = weekly_series_ids(att.positioning.measure) + list(att.extra_drivers)
    panel = build_panel(store, ids, point_in_time=point_in_time(config))
    design = weekly_design(panel, measure=att.positioning.measure, dv01=att.positioning.dv01)
    for sid in att.extra_drivers:
        design[sid] = panel.weekly[sid].diff()
    daily = pd.DataFrame({t: panel.daily[YIELD_IDS[t]] for t in att.tenors})
    daily["10y"] = panel.daily[YIELD_IDS["10y"]]
    spec = WeeklySpec(
        tenors=att.tenors, drivers=(*att.drivers, *att.extra_drivers), controls=att.controls,
        estimation_start=pd.Timestamp(config.estimation.start),
        estimation_end=pd.Timestamp(config.estimation.end) if config.estimation.end else None,
        ci_level=att.ci_level, kernel=att.hac.kernel, bandwidth=att.hac.bandwidth,
    )
    result = attribute_weekly_ols(design, daily, config.parsed_window, spec)
    return AttributionRun(config, result, panel)


def _header(run: AttributionRun) -> list[str]:
    d = run.result.details[MODEL]
    cfg = run.config
    first = next(iter(d["tenors"].values()))
    lines = [
        f"# Attribution of Treasury yield changes, window {cfg.window}",
        "",
        f"- Change measured from the {d['base']} close to the {d['end']} close "
        f"(yields in percent, changes in bp).",
        f"- Model weeks (Wednesday to Wednesday) inside the window: "
        f"{', '.join(d['model_weeks']) or 'none'}; the rest of the window is the `stub` row.",
        f"- Estimation sample: {first['start']} to {first['end']} "
        f"({first['nobs']} weeks used, {first['skipped_weeks']} skipped for missing data).",
        f"- Inference: Newey-West HAC, {first['kernel']} kernel, {first['hac_lags']} lags "
        "(rule floor(4 (T/100)^(2/9)) unless set); delta-method intervals.",
        f"- Positioning measure: {cfg.attribution.positioning.measure} "
        "(leveraged funds' net short, 10y-note equivalents, thousands; as of Tuesday, "
        "placed on Wednesday).",
        "- Custody: H.4.1 foreign official custody holdings (WMTSECL1), Wednesday level, $bn.",
    ]
    skipped: dict[str, list[str]] = {}
    for tenor, info in d["tenors"].items():
        for col, runs in info["skipped_by_column"].items():
            skipped.setdefault(f"missing `{col}`: {'; '.join(runs)}", []).append(tenor)
    for text, tenors in skipped.items():
        lines.append(f"- Weeks skipped ({', '.join(tenors)}), {text}.")
    if cfg.data.point_in_time:
        lines.append(f"- Point in time: only data published by {cfg.data.point_in_time}.")
    return lines


def _details_for_manifest(run: AttributionRun) -> dict[str, object]:
    d = run.result.details[MODEL]
    tenors = {t: {k: v for k, v in info.items() if k != "fit"} for t, info in d["tenors"].items()}
    for t, info in d["tenors"].items():
        tenors[t]["params"] = {k: float(v) for k, v in info["fit"].params.items()}
        tenors[t]["std_err"] = {k: float(v) for k, v in info["fit"].std_err.items()}
    return {MODEL: {**{k: v for k, v in d.items() if k != "tenors"}, "tenors": tenors}}


def write_attribution(run: AttributionRun, out_root: Path) -> Path:
    """Write CSV, Markdown, LaTeX, PNG and manifest into ``out_root/<run-id>/`` atomically."""
    cfg = run.config
    files: dict[str, bytes] = {
        "attribution.csv": to_csv_text(run.result).encode(),
        "attribution.md": to_markdown_text(run.result, _header(run)).encode(),
        "attribution.tex": to_latex_text(
            run.result, f"Attribution of Treasury yield changes, {cfg.window}.").encode(),
    }
    if cfg.output.figures:
        files["attribution.png"] = contributions_png(
            run.result, MODEL, f"{cfg.window}: contributions to yield changes (bp), {MODEL}")
    names = sorted([*files, "manifest.json"])
    files["manifest.json"] = manifest_text(
        cfg.model_dump(mode="json"), run.panel.provenance, _details_for_manifest(run),
        cfg.run.seed, names).encode()
    return write_run_dir(out_root / run_id(cfg, "attribute"), files)

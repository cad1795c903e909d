"""How each model of an attribution was estimated, as report lines."""

from __future__ import annotations

from attribution.config.schema import RunConfig
from attribution.engine.details import (
    CholWeeklyDetails,
    NotEstimatedDetails,
    OLSDetails,
    SignWeeklyDetails,
)
from attribution.engine.result import AttributionResult
from attribution.engine.weekly_ols import MODEL, MODEL_TOTAL
from attribution.reports.daily_report import daily_lines


def model_lines(
    cfg: RunConfig, result: AttributionResult, daily_models: tuple[str, ...]
) -> list[str]:
    """Title, what is measured, then how each model was estimated.

    The first three lines are the title, a blank and the measured change.
    """
    t = result.table
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
    found = result.details.get(MODEL) or result.details.get(MODEL_TOTAL)
    # a data hole is said below, with every model that hit one
    d = found if isinstance(found, OLSDetails) else None
    if d is not None and not d.tenors:
        lines += [
            "",
            "Weekly OLS: not estimated: the window holds no whole "
            "Wednesday-to-Wednesday week.",
        ]
    elif d is not None:
        first = next(iter(d.tenors.values()))
        lines += [
            "",
            "Weekly OLS (`ols_weekly`, `ols_weekly_total`): model weeks "
            "(Wednesday to Wednesday) inside the window: "
            f"{', '.join(d.model_weeks) or 'none'}; "
            "the rest of the window is the `stub` row. "
            f"Estimation sample {first.start} to {first.end} "
            f"({first.nobs} weeks used, "
            f"{first.skipped_weeks} skipped for missing data). Newey-West HAC, "
            f"{first.kernel} kernel, {first.bandwidth} lags "
            "(floor(4 (T/100)^(2/9)) unless "
            f"set); delta-method intervals. Positioning measure "
            f"{cfg.attribution.positioning.measure} "
            "(net short, 10y-note equivalents, thousands).",
        ]
        skipped: dict[str, list[str]] = {}
        for tenor, fit in d.tenors.items():
            for col, runs in fit.skipped_by_column.items():
                skipped.setdefault(f"missing `{col}`: {'; '.join(runs)}", []).append(
                    tenor
                )
        for text, tenors in skipped.items():
            lines.append(f"- Weeks skipped ({', '.join(tenors)}), {text}.")
    for model, info in result.details.items():
        if isinstance(info, NotEstimatedDetails) and info.data_hole:
            lines += ["", f"`{model}`: not estimated: {info.note}."]
            continue
        if model in daily_models:
            lines += daily_lines(model, info)
            continue
        if not model.startswith("svar"):
            continue
        if isinstance(info, NotEstimatedDetails):
            lines += ["", f"`{model}`: not estimated: {info.note}."]
            continue
        if isinstance(info, SignWeeklyDetails):
            f = info.set_facts
            conv = (
                "met"
                if f.mc_converged
                else "not met: the numbers may move with the seed by more"
            )
            lines += [
                "",
                f"`{model}`: VAR({info.n_lags}) on {info.sample} "
                "(in-sample through the window), positioning from the continuous "
                f"10y-note series; set-identified: identified set from "
                f"{f.set_rotations} admissible rotations at the estimate; "
                f"posterior from {f.posterior_pairs} admissible (draw, rotation) "
                f"pairs over {f.n_boot} moving-block bootstrap draws "
                f"({f.n_boot_kept} with an admissible rotation); largest Monte "
                f"Carlo error of a posterior mean {f.mc_se_max_bp:.2f} bp "
                f"(target: two seeds within the configured mc_tol; {conv}); of a "
                f"band end {f.band_mc_se_max_bp:.2f} bp; the identified-set "
                "bounds (best draws pushed outward by local search) differ by up to "
                f"{f.set_spread_max_bp:.2f} bp between two independent halves "
                "of the rotations, which is what a seed change can move them by.",
            ]
            if f.indistinct:
                lines.append(
                    "- What the signs cannot tell apart: "
                    + "; ".join(f.indistinct)
                    + "."
                )
        elif isinstance(info, CholWeeklyDetails):
            lines += [
                "",
                f"`{model}`: VAR({info.n_lags}) on {info.sample} "
                "(in-sample through the window), positioning from the continuous "
                f"10y-note series; {info.n_boot_kept} moving-block bootstrap "
                "draws; percentile bands (Monte Carlo error of a band end up to "
                f"{info.band_mc_se_max_bp:.2f} bp: a seed change moves the bands, "
                "not the points).",
            ]
    return lines

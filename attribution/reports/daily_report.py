"""Report lines for the daily models: samples, draws, tests and what they mean."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _sign_lines(model: str, info: Mapping[str, Any]) -> list[str]:
    conv = (
        "met"
        if info["mc_converged"]
        else "not met at max_boot: a seed change can move a point by about "
        f"{2 * info['mc_se_max_bp']:.1f} bp"
    )
    lines = [
        "",
        f"`{model}`: daily VAR({info['n_lags']}) on {info['sample']} "
        f"({info['nobs']} days), window days {', '.join(info['model_days'])}; "
        f"identified set from {info['set_rotations']} admissible rotations at the "
        f"estimate; posterior from {info['posterior_pairs']} admissible (draw, "
        f"rotation) pairs over {info['n_boot']} moving-block bootstrap draws; "
        f"largest Monte Carlo error of a posterior mean {info['mc_se_max_bp']:.2f} "
        f"bp (target {conv}), of a band end {info['band_mc_se_max_bp']:.2f} bp; "
        "set bounds differ by up to "
        f"{info['set_spread_max_bp']:.2f} bp between two halves of the rotations.",
    ]
    if info.get("indistinct"):
        lines.append(
            "- What the signs cannot tell apart: " + "; ".join(info["indistinct"]) + "."
        )
    return lines


def _hetero_lines(model: str, info: Mapping[str, Any]) -> list[str]:
    cov = info["covariance_test"]
    named = ", ".join(
        f"{k} = {v['column']} ({v['satisfied']}/{v['total']} signs)"
        for k, v in info["naming"].items()
    )
    lam = ", ".join(f"{k} {v:.2f}" for k, v in info["lambdas"].items())
    lines = [
        "",
        f"`{model}`: daily VAR({info['n_lags']}) on {info['sample']} "
        f"({info['n_high_days']} high-volatility and {info['n_calm_days']} calm "
        f"days); {info['n_boot']} regime-carrying block-bootstrap draws.",
        f"- Do the regimes differ? LR test of equal covariances: "
        f"{cov['statistic']:.1f} on {cov['df']} df, p = {cov['pvalue']:.2g}.",
        f"- Variance ratios (high / calm) of the statistical shocks: {lam}.",
        f"- {info['weak_text']}",
        f"- Naming by the sign restrictions: {named}; every named shock named "
        f"alike in {info['naming_agreement']:.0%} of the bootstrap draws.",
    ]
    if info["weak_named"]:
        lines.append(
            "- Named shocks that cannot be told apart (reported, never named by "
            f"the verdict): {', '.join(info['weak_named'])}."
        )
    lines += [f"- Warning: {w}" for w in info.get("warnings", [])]
    return lines


def daily_lines(model: str, info: Mapping[str, Any]) -> list[str]:
    """Return the report lines that describe one daily model's estimation."""
    if not info.get("estimated", True):
        return ["", f"`{model}`: not estimated: {info['note']}."]
    if model == "svar_hetero_daily":
        return _hetero_lines(model, info)
    return _sign_lines(model, info)

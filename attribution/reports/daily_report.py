"""Report lines for the daily models: samples, draws, tests and what they mean."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attribution.engine.details import (
    HeteroDailyDetails,
    ModelDetails,
    NotEstimatedDetails,
    SignDailyDetails,
)

#: words for the validation table's shocks and flows in the answer lines
_FLOW_SHOCKS = {"sell_america": "sell America", "flight_to_safety": "flight to safety",
                "basis_deleveraging": "basis deleveraging"}  # fmt: skip
_FLOWS = {
    "custody": "H.4.1 custody",
    "slt_official": "TIC SLT official flows",
    "slt_private": "TIC SLT private flows",
    "lev_net_short": "leveraged funds' net short (CFTC)",
}


def _sign_lines(model: str, info: SignDailyDetails) -> list[str]:
    f = info.set_facts
    conv = (
        "met"
        if f.mc_converged
        else "not met at max_boot: a seed change can move a point by about "
        f"{2 * f.mc_se_max_bp:.1f} bp"
    )
    lines = [
        "",
        f"`{model}`: daily VAR({info.n_lags}) on {info.sample} "
        f"({info.nobs} days), window days {', '.join(info.model_days)}; "
        f"identified set from {f.set_rotations} admissible rotations at the "
        f"estimate; posterior from {f.posterior_pairs} admissible (draw, "
        f"rotation) pairs over {f.n_boot} moving-block bootstrap draws; "
        f"largest Monte Carlo error of a posterior mean {f.mc_se_max_bp:.2f} "
        f"bp (target {conv}), of a band end {f.band_mc_se_max_bp:.2f} bp; "
        "set bounds differ by up to "
        f"{f.set_spread_max_bp:.2f} bp between two halves of the rotations.",
    ]
    if f.indistinct:
        lines.append(
            "- What the signs cannot tell apart: " + "; ".join(f.indistinct) + "."
        )
    return lines


def _hetero_lines(model: str, info: HeteroDailyDetails) -> list[str]:
    cov = info.covariance_test
    named = ", ".join(
        f"{k} = {v.column} ({v.satisfied}/{v.total} signs)"
        for k, v in info.naming.items()
    )
    lam = ", ".join(f"{k} {v:.2f}" for k, v in info.lambdas.items())
    lines = [
        "",
        f"`{model}`: daily VAR({info.n_lags}) on {info.sample} "
        f"({info.n_high_days} high-volatility and {info.n_calm_days} calm "
        f"days); {info.n_boot} regime-carrying block-bootstrap draws.",
        f"- Do the regimes differ? LR test of equal covariances: "
        f"{cov.statistic:.1f} on {cov.df} df, p = {cov.pvalue:.2g}.",
        f"- Variance ratios (high / calm) of the statistical shocks: {lam}.",
        f"- {info.weak_text}",
        f"- Naming by the sign restrictions: {named}; every named shock named "
        f"alike in {info.naming_agreement:.0%} of the bootstrap draws.",
    ]
    if info.weak_named:
        lines.append(
            "- Named shocks that cannot be told apart (reported, never named by "
            f"the verdict): {', '.join(info.weak_named)}."
        )
    lines += [f"- Warning: {w}" for w in info.warnings]
    return lines


def daily_lines(model: str, info: ModelDetails) -> list[str]:
    """Return the report lines that describe one daily model's estimation."""
    if isinstance(info, NotEstimatedDetails):
        return ["", f"`{model}`: not estimated: {info.note}."]
    if isinstance(info, HeteroDailyDetails):
        return _hetero_lines(model, info)
    if isinstance(info, SignDailyDetails):
        return _sign_lines(model, info)
    raise TypeError(f"`{model}`: not a daily model's details: {type(info).__name__}")


_FLOW_LABELS = {
    "official_custody": "foreign official (custody)",
    "official_slt": "foreign official (TIC SLT)",
    "private_slt": "foreign private (TIC SLT)",
    "leveraged_cftc": "leveraged funds' cash leg (CFTC)",
}


def _actual(table: Any, model: str, tenor: str) -> float | None:
    rows = table.loc[
        (table["model"] == model)
        & (table["tenor"] == tenor)
        & (table["driver"] == "actual")
    ]
    return float(rows["contribution_bp"].iloc[0]) if len(rows) else None


def answer_lines(
    result: Any,
    flows: Mapping[str, Any],
    models: tuple[str, ...],
    largest: Any = None,
) -> list[str]:
    """Return the report's opening answer for the 10y from the daily models.

    What the prices say (real versus breakeven, the Kim-Wright term premium),
    what each daily model's verdict is, and what the observed flows allow.
    """
    t = result.table
    present = [m for m in models if (t["model"] == m).any()]
    if not present:
        return []
    m0 = present[0]
    y10, real, be, tp = (
        _actual(t, m0, k) for k in ("10y", "10y_real", "10y_breakeven", "10y_tp_kw")
    )
    lines = ["", "## The answer for the 10y, from the daily models", ""]
    if None not in (y10, real, be, tp):
        lines.append(
            f"- Prices: the 10y moved {y10:+.1f} bp: real yield {real:+.1f} bp, "
            f"breakeven {be:+.1f} bp; the Kim-Wright term premium {tp:+.1f} bp "
            "(measured, not identified)."
        )
    for m in present:
        lines.append(f"- `{m}`: {result.verdict(m, '10y').split(': ', 1)[1]}")
    bounds = flows.get("flow_bounds")
    if bounds is not None and len(bounds):
        ok = bounds.loc[bounds["status"] == "bounded"]
        parts = [
            f"{_FLOW_LABELS.get(str(r.measure), str(r.measure))} "
            f"[{r.contribution_low_bp:+.1f}, "
            f"{r.contribution_high_bp:+.1f}] bp"
            for r in ok.itertuples()
        ]
        lines.append(
            "- Flows, at the published price-impact range: " + "; ".join(parts) + "."
        )
    if largest is not None:
        lt = largest.table
        label = str(lt["window"].iloc[0])
        got = _actual(lt, str(lt["model"].iloc[0]), "10y")
        move = float("nan") if got is None else got
        lines.append(
            f"- The largest move inside the window, {label} "
            f"({move:+.1f} bp; its own section below):"
        )
        for m in [m for m in models if (lt["model"] == m).any()]:
            lines.append(f"  - `{m}`: {largest.verdict(m, '10y').split(': ', 1)[1]}")
    val = flows.get("flow_validation")
    if val is not None and len(val):
        for word in ("supports", "contradicts"):
            hits = val.loc[val["verdict_sample"] == word]
            if len(hits):
                pairs = ", ".join(
                    f"{_FLOW_SHOCKS.get(str(r.shock), str(r.shock).replace('_', ' '))}"
                    f" vs {_FLOWS.get(str(r.flow), str(r.flow))}"
                    for r in hits.itertuples()
                )
                verb = "support" if word == "supports" else "contradict"
                lines.append(
                    f"- Over the sample, the observed flows {verb} the "
                    f"heteroskedasticity model's shocks: {pairs}."
                )
    return lines

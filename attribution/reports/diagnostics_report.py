"""The "Diagnostics" section of ``report.md``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from attribution.engine.details import (
    OLSDetails,
    ResidualChecks,
    SignWeeklyDetails,
    WeeklyVARDetails,
    set_facts,
)
from attribution.engine.diagnostics import DailyDiagnostics, spread
from attribution.engine.result import AttributionResult
from attribution.reports.markdown import md_header, md_row
from attribution.reports.tables import LABELS


def _p(x: float) -> str:
    return f"= {x:.3f}" if x >= 0.001 else "< 0.001"


def _seed_lines(result: AttributionResult) -> list[str]:
    out = []
    for model, info in result.details.items():
        f = set_facts(info)
        if f is not None:
            out.append(
                f"- Seed stability, `{model}`: largest Monte Carlo error of a "
                f"posterior mean {f.mc_se_max_bp:.2f} bp (a second seed moves "
                f"a point by about twice that), of a band end "
                f"{f.band_mc_se_max_bp:.2f} bp; the identified-set bounds "
                f"differ by up to {f.set_spread_max_bp:.2f} bp between two "
                "independent halves of the rotations."
            )
    return out


def _sensitivity_lines(d: DailyDiagnostics) -> list[str]:
    s = d.sensitivity
    if s is None or s.empty:
        return [
            "Sensitivity reruns (lag length, sample start, each sign restriction "
            "dropped in turn, a second seed) were not run: set "
            "`report.diagnostics: full` (about 25 reruns of the daily sign model, "
            "and 14 of the weekly sign model when it is estimated).",
            "",
        ]
    lines = [
        "### Sensitivity of the daily sign model's 10y points (bp)",
        "",
        f"Posterior means of each shock's 10y contribution; {d.sensitivity_note}. "
        "The `seed+1` row shows the reruns' own Monte Carlo noise: a move of that "
        "size is noise. A shock left with a single sign is only normalised in "
        "sign (a contribution does not change when a shock and its column flip "
        "together), so dropping either of two signs can give the same numbers.",
        "",
        *_sensitivity_rows(s),
    ]
    return lines


def break_text(b: Mapping[str, Any]) -> str:
    """One clause on the Bai-Perron test for shifts in the residual mean."""
    verdict = (
        "rejects no break at 5%" if b["udmax"] > b["critical_5"] else
        "does not reject no break at 5%"
    )  # fmt: skip
    where = (
        f"; BIC picks {b['n_breaks']} break(s), ending regimes on "
        + ", ".join(b["dates"])
        if b["n_breaks"]
        else "; BIC picks no break"
    )
    return (
        f"break test (Bai-Perron, mean of the residuals, up to 3 breaks, "
        f"homoskedastic statistics: fat tails make it reject too often): UDmax "
        f"{b['udmax']:.2f} against {b['critical_5']:.2f} at 5%, {verdict}{where}"
    )


WEEKLY_VARS: tuple[str, ...] = (
    "svar_sign_weekly",
    "svar_narrative_weekly",
    "svar_chol_weekly",
)
WEEKLY_OLS: tuple[str, ...] = ("ols_weekly", "ols_weekly_total")


def weekly_fit_lines(result: AttributionResult) -> list[str]:
    """R², residual and stability checks of the weekly VARs; the weekly OLS R².

    The weekly SVARs that share one reduced form (same sample and lags) get
    one line.
    """
    groups: dict[tuple[str, int, int], list[str]] = {}
    fits: dict[tuple[str, int, int], dict[str, float]] = {}
    checks: dict[tuple[str, int, int], ResidualChecks] = {}
    for model in WEEKLY_VARS:
        info = result.details.get(model)
        if not isinstance(info, WeeklyVARDetails):
            continue
        key = (info.sample, info.n_lags, info.nobs)
        groups.setdefault(key, []).append(f"`{model}`")
        fits[key] = dict(info.rsquared)
        checks[key] = info.residual_checks
    out = []
    for key, models in groups.items():
        sample, lags, nobs = key
        rsq = ", ".join(f"{k} {v:.3f}" for k, v in fits[key].items())
        out.append(
            f"- Fit of the weekly VAR({lags}) with a constant behind "
            f"{', '.join(models)} ({sample}, {nobs} weeks), R² per equation: {rsq}."
        )
        c = checks[key]
        lb = ", ".join(
            f"Q({lag}) = {q:.2f}, p {_p(pv)}" for lag, (q, pv) in c.ljung_box.items()
        )
        stat, df, pv = c.portmanteau
        out.append(
            f"- Residual checks of that weekly VAR: Ljung-Box on the "
            f"{c.equation} equation {lb}; all equations jointly, "
            f"Portmanteau({max(int(k) for k in c.ljung_box)}) = {stat:.0f} "
            f"on {df:.0f} df, p {_p(pv)}; stability, OLS-CUSUM of the "
            f"{c.equation} residuals {c.cusum[0]:.3f}, p "
            f"{_p(c.cusum[1])}; {break_text(c.breaks)}."
        )
    for model in WEEKLY_OLS:
        ols = result.details.get(model)
        tenors = ols.tenors if isinstance(ols, OLSDetails) else {}
        rsq = ", ".join(f"{t} {float(fit.rsquared):.3f}" for t, fit in tenors.items())
        if rsq:
            out.append(f"- Fit of `{model}`, R² of each tenor's regression: {rsq}.")
    return out


def weekly_sensitivity_lines(result: AttributionResult) -> list[str]:
    """Return the weekly sign model's sensitivity table (``full`` only) or nothing."""
    sign = result.details.get("svar_sign_weekly")
    sens = sign.sensitivity if isinstance(sign, SignWeeklyDetails) else None
    if not sens:
        return []
    from attribution.engine.svar_weekly_sensitivity import SENSITIVITY_DRAWS

    frame = pd.DataFrame({k: dict(v) for k, v in sens.items()}).T
    lines = [
        "### Sensitivity of the weekly sign model's 10y points (bp)",
        "",
        "Posterior means of each shock's 10y contribution under `svar_sign_weekly`; "
        f"each rerun with {SENSITIVITY_DRAWS['n_boot']} bootstrap draws, "
        f"{SENSITIVITY_DRAWS['n_rotations']} rotations per draw and "
        f"{SENSITIVITY_DRAWS['n_draws']} at the estimate. The `seed+1` row is the "
        "reruns' own Monte Carlo noise. A shock left with a single sign is only "
        "normalised in sign, so dropping either of two signs can give the same "
        "numbers.",
        "",
        *_sensitivity_rows(frame),
    ]
    return lines


def _sensitivity_rows(frame: pd.DataFrame) -> list[str]:
    """Return a sensitivity table (variants x shocks) and its largest move."""
    cols = list(frame.columns)
    lines = md_header(
        ["variant", *(LABELS.get(c, c).removeprefix("Shock: ") for c in cols)],
        "l" + "r" * len(cols),
    )
    for label, row in frame.iterrows():
        cells = ["" if pd.isna(row[c]) else f"{row[c]:+.1f}" for c in cols]
        lines.append(md_row([label, *cells]))
    dev = spread(frame)
    return [
        *lines,
        "",
        "Largest move of a point away from the baseline rerun: "
        + ", ".join(
            f"{LABELS.get(c, c).removeprefix('Shock: ')} {dev[c]:.1f} bp"
            for c in cols
            if pd.notna(dev[c])
        )
        + ".",
        "",
    ]


def diagnostics_lines(
    d: DailyDiagnostics | None, result: AttributionResult
) -> list[str]:
    """Fit, residual checks, stability, sensitivity and seed stability."""
    lines = ["## Diagnostics", ""]
    weekly = weekly_fit_lines(result)
    if weekly:
        lines += [*weekly, ""]
    lines += weekly_sensitivity_lines(result)
    if d is None:
        return [*lines, "No daily model ran: the daily VAR's diagnostics are not "
                "computed.", ""]  # fmt: skip
    rsq = ", ".join(f"{k} {v:.3f}" for k, v in d.rsquared.items())
    lb = d.ljung_box
    cols = list(d.portmanteau.columns)
    pm, nm = (
        {
            str(k): float(v)
            for k, v in zip(cols, d.portmanteau.loc[row].to_numpy(), strict=True)
        }
        for row in ("portmanteau", "normality")
    )
    lines += [
        f"Level run: **{d.level}** (`report.diagnostics`). Reduced-form daily "
        f"VAR({d.n_lags}) with a constant on {d.sample} ({d.nobs} days), the VAR "
        "behind the daily models.",
        "",
        f"- Fit, R² per equation: {rsq} (daily changes are close to unpredictable "
        "from their own lags: a low R² is expected, the identification works on "
        "the residuals).",
        "- Residual autocorrelation, 10y equation (real + breakeven residuals), "
        "Ljung-Box: "
        + ", ".join(
            f"Q({lag}) = {q:.2f}, p {_p(float(pv))}"
            for lag, q, pv in zip(lb.index, lb["statistic"], lb["pvalue"], strict=True)
        )
        + f"; all equations jointly, Portmanteau(10) = "
        f"{pm['statistic']:.0f} on "
        f"{pm['df']:.0f} df, p "
        f"{_p(pm['pvalue'])}.",
        f"- Normality: Jarque-Bera of the 10y residuals "
        f"{d.jarque_bera_10y[0]:.1f}, p {_p(d.jarque_bera_10y[1])}; multivariate "
        f"{nm['statistic']:.0f} on "
        f"{nm['df']:.0f} df, p "
        f"{_p(nm['pvalue'])} (fat tails: the bootstrap "
        "bands do not assume normality).",
        f"- Stability: OLS-CUSUM of the 10y residuals {d.cusum_10y[0]:.3f}, "
        f"p {_p(d.cusum_10y[1])} (a small p says the residual mean shifted "
        "within the sample)"
        + (f"; {break_text(d.breaks_10y)}" if d.breaks_10y else "")
        + ".",
        *_seed_lines(result),
        "",
    ]
    lines += _sensitivity_lines(d)
    return lines

"""Report of the ``termpremium`` command: Markdown, figure and manifest details."""

from __future__ import annotations

from typing import Any

import pandas as pd

from attribution.engine.details import TermStructureDetails
from attribution.engine.termstructure import MODEL
from attribution.engine.termstructure_run import TermStructureRun
from attribution.plotting import png_bytes, subplots
from attribution.reports.markdown import md_header, md_row
from attribution.reports.tables import to_markdown_text

LABELS = {
    "expected_path": "Expected path (risk-neutral yield)",
    "term_premium": "Term premium",
    "pricing_error": "ACM pricing error (zero minus fitted)",
    "par_minus_zero": "Par minus zero (coupon effect, NSS error)",
}


def termpremium_markdown(run: TermStructureRun) -> str:
    """Return the ``termpremium.md`` text for a finished run."""
    t = run.result.table
    d = termstructure_facts(run)
    err = run.fit_error_bp
    header = [
        f"# Expected path and term premium, window {run.spec.window_label}",
        "",
        f"- Change from the {t['base_date'].iloc[0]} close to the "
        f"{t['end_date'].iloc[0]} close (par yields in percent, changes in bp).",
        "- Zero curves: Nelson-Siegel-Svensson fitted to the Treasury par curve "
        "each day (warm-started); par-yield fit error median "
        f"{_median_rmse(err, 'monthly'):.2f} bp RMSE at month ends, "
        f"{_median_rmse(err, 'daily'):.2f} bp on the daily fits "
        f"(largest single error {err['max_abs_bp'].max():.1f} bp).",
        f"- ACM: {run.acm.summary()}",
        f"- Bands: {d.bands} ({d.n_boot} draws, blocks of 12 months).",
        "- 30y: priced by the model beyond its 10y estimation maturities "
        "(extrapolation).",
    ]
    header += _sample_lines(run)
    if run.kw_change_bp is not None:
        header.append(
            f"- Kim-Wright 10y term premium (THREEFYTP10) over the same closes: "
            f"{run.kw_change_bp:+.1f} bp."
        )
    text = to_markdown_text(run.result, header)
    for key, label in LABELS.items():
        text = text.replace(f"| {key} |", f"| {label} |")
    lines = [text, *_window_days(run), "## Agreement with published term premia", ""]
    if run.validation.empty:
        lines.append("No published series available in the store.")
    else:
        lines += md_header(
            [
                "reference",
                "maturity (months)",
                "frequency",
                "n",
                "corr",
                "RMSE bp",
                "mean gap bp",
                "largest gap bp (date)",
            ],
            "lrlrrrrl",
        )
        for r in run.validation.itertuples():
            lines.append(
                md_row(
                    [
                        r.reference,
                        r.months,
                        r.frequency,
                        r.n,
                        f"{r.corr:.3f}",
                        f"{r.rmse_bp:.1f}",
                        f"{r.mean_gap_bp:+.1f}",
                        f"{r.max_gap_bp:+.1f} ({r.max_gap_date})",
                    ]
                )
            )
        lines += ["", _agreement_note(run)]
    return "\n".join(lines) + "\n"


def _median_rmse(err: pd.DataFrame, fits: str) -> float:
    """Median RMSE (bp) of the ``monthly`` or ``daily`` NSS fits."""
    rmse = err["rmse_bp"]
    return float(rmse[rmse.index.get_level_values(0) == fits].median())


def _sample_lines(run: TermStructureRun) -> list[str]:
    """Describe the estimation sample: own curve, borrowed pre-sample."""
    pre = run.presample
    if pre is None:
        return [
            "- Estimation sample: our NSS zero curve only (month ends from 1990-01; "
            "`termpremium.presample: none`)."
        ]
    lines = [
        "- **Pre-sample borrowed from the publisher:** for "
        f"{pre.zero_yields.index.min():%Y-%m} to {pre.zero_yields.index.max():%Y-%m} "
        "the factor loadings and VAR are estimated on the NY Fed's published zero "
        "yields (ACMY01..ACMY10), from 1990 on our own NSS zero curve of the par "
        "curve (`termpremium.presample: nyfed_1961`)."
    ]
    gap = run.splice_gap_bp
    if gap is not None and len(gap):
        first = gap.iloc[0]
        cells = ", ".join(f"{k}y {v:+.1f}" for k, v in first.items())
        lines.append(
            f"- Splice gap at {gap.index[0]:%Y-%m} (our zero minus ACMY, bp): "
            f"{cells}; median over {len(gap)} common months "
            f"{gap.median().median():+.1f} bp."
        )
    return lines


def _agreement_note(run: TermStructureRun) -> str:
    if run.presample is not None:
        return (
            "The published ACM is estimated from 1961 on the GSW curve. This run "
            "uses the NY Fed's own zero yields for 1961-1989 as its pre-sample, so "
            "the agreement is partly by construction (docs/termstructure.md)."
        )
    return (
        "The published ACM is estimated from 1961 on the GSW curve; this model "
        "from 1990 on the par curve, so levels differ (see docs/termstructure.md)."
    )


def _window_days(run: TermStructureRun) -> list[str]:
    """Day-by-day 10y decomposition over the window beside Kim-Wright."""
    t = run.result.table
    base, end = t["base_date"].iloc[0], t["end_date"].iloc[0]
    days = run.daily.loc[base:end]
    kw = run.published.get("THREEFYTP10")
    lines = [
        "## 10y day by day (percent)",
        "",
        *md_header(
            ["date", "10y zero (NSS)", "expected path", "term premium", "Kim-Wright"],
            "lrrrr",
        ),
    ]
    for day, r in days.iterrows():
        k = kw.get(day, float("nan")) if kw is not None else float("nan")
        lines.append(
            md_row(
                [
                    f"{day:%Y-%m-%d}",
                    f"{r['zero']:.3f}",
                    f"{r['expected_path']:.3f}",
                    f"{r['term_premium']:.3f}",
                    f"{k:.4f}",
                ]
            )
        )
    return [*lines, ""]


def termpremium_png(run: TermStructureRun) -> bytes:
    """10y yield, expected path and term premium since 2020, window shaded."""
    daily = run.daily.loc["2020-01-01":]
    t = run.result.table
    base, end = (
        pd.Timestamp(t["base_date"].iloc[0]),
        pd.Timestamp(t["end_date"].iloc[0]),
    )
    fig, (ax1, ax2) = subplots(2, 1, figsize=(9, 7), sharex=True)
    ax1.plot(daily.index, daily["zero"], color="black", lw=1, label="10y zero (NSS)")
    ax1.plot(
        daily.index, daily["expected_path"], color="#2e86c1", lw=1,
        label="expected path (ACM risk-neutral)",
    )  # fmt: skip
    ax1.set_ylabel("percent")
    ax2.plot(
        daily.index, daily["term_premium"], color="#c0392b", lw=1,
        label="term premium (this model)",
    )  # fmt: skip
    acm = run.published.get("ACM.ACMTP10")
    if acm is not None:
        a = acm.loc["2020-01-01":]
        ax2.plot(
            a.index, a, "o-", ms=2.5, lw=0.8, color="#7d3c98", label="ACM (NY Fed)"
        )
    kw = run.published.get("THREEFYTP10")
    if kw is not None:
        k = kw.loc["2020-01-01" : daily.index.max()]
        ax2.plot(k.index, k, lw=0.8, color="#27ae60", label="Kim-Wright")
    ax2.set_ylabel("percent")
    for ax in (ax1, ax2):
        ax.axvspan(base, end, color="#f5b041", alpha=0.4, lw=0)
        ax.legend(fontsize=8, loc="best")
        ax.grid(alpha=0.3)
    ax1.set_title(
        "10y: yield, expected path and term premium "
        f"(window {run.spec.window_label} shaded)"
    )
    fig.tight_layout()
    return png_bytes(fig, dpi=110, metadata={"Software": None})


def termstructure_details(run: TermStructureRun) -> dict[str, Any]:
    """Render the manifest's ``models`` section: one ``acm_termstructure`` entry.

    The window's details (sample, bootstrap, per-tenor shares), then the ACM
    parameters and standard errors, the seed, the pre-sample and the VAR
    treatment.
    """
    return {
        MODEL: {
            **termstructure_facts(run).to_manifest(),
            "acm_params": {k: float(v) for k, v in run.acm.params.items()},
            "acm_std_err": {k: float(v) for k, v in run.acm.std_err.items()},
            "seed": run.seed,
            **_sample_details(run),
        }
    }


def termstructure_facts(run: TermStructureRun) -> TermStructureDetails:
    """Return the run's :class:`~attribution.engine.details.TermStructureDetails`."""
    d = run.result.details[MODEL]
    if not isinstance(d, TermStructureDetails):
        raise TypeError(f"`{MODEL}` details are {type(d).__name__}")
    return d


def _sample_details(run: TermStructureRun) -> dict[str, Any]:
    out: dict[str, Any] = {
        "presample": run.options.presample,
        "var_bias_correction": run.options.var_bias_correction,
    }
    if run.presample is not None:
        out["presample_note"] = run.presample.note
        out["presample_fit_rmse_bp_max"] = float(run.presample.fit_rmse_bp.max())
    gap = run.splice_gap_bp
    if gap is not None and len(gap):
        first = gap.iloc[0]
        out["splice_gap_bp_first_month"] = {
            "month": f"{gap.index[0]:%Y-%m}",
            **{f"{k}y": round(float(v), 4) for k, v in first.items()},
        }
    if run.acm.bias is not None:
        out["var_bias"] = run.acm.bias.summary()
    return out

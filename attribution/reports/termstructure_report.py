"""Report of the ``termpremium`` command: agreement table, Markdown and figure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from attribution._validation import to_float, to_timestamp
from attribution.plotting import png_bytes, subplots
from attribution.reports.markdown import md_header, md_row
from attribution.reports.tables import to_markdown_text

LABELS = {
    "expected_path": "Expected path (risk-neutral yield)",
    "term_premium": "Term premium",
    "pricing_error": "ACM pricing error (zero minus fitted)",
    "par_minus_zero": "Par minus zero (coupon effect, NSS error)",
}


def compare(ours: pd.Series, ref: pd.Series) -> dict[str, Any]:
    """Correlation, RMSE, mean and largest gap (bp) on the common dates."""
    both = pd.concat({"ours": ours, "ref": ref}, axis=1, sort=True).dropna()
    if len(both) < 3:
        return {"n": len(both)}
    gap = (both["ours"] - both["ref"]) * 100.0
    worst = to_timestamp(gap.abs().idxmax())
    return {
        "n": len(both),
        "start": f"{both.index.min():%Y-%m-%d}",
        "end": f"{both.index.max():%Y-%m-%d}",
        "corr": float(np.corrcoef(both["ours"], both["ref"])[0, 1]),
        "rmse_bp": float(np.sqrt((gap**2).mean())),
        "mean_gap_bp": float(gap.mean()),
        "max_gap_bp": float(gap.loc[worst]),
        "max_gap_date": f"{worst:%Y-%m-%d}",
        "corr_changes": to_float(both.diff().dropna().corr().iloc[0, 1]),
    }


def to_month(series: pd.Series) -> pd.Series:
    """Re-index a month-end series by calendar month end (publishers differ)."""
    out = series.copy()
    out.index = pd.DatetimeIndex(out.index).to_period("M").to_timestamp("M")
    return out


def agreement(
    monthly: Mapping[int, pd.Series],
    daily_10y: pd.Series,
    published: Mapping[str, pd.Series],
    acm_ids: Mapping[int, str],
    kw_id: str,
) -> pd.DataFrame:
    """Agreement of our term premia with the published ACM and Kim-Wright.

    Returns
    -------
    DataFrame
        One row per (reference, maturity): ``n``, dates, ``corr``,
        ``rmse_bp``, ``mean_gap_bp`` (ours minus theirs), ``max_gap_bp`` and
        its date, and the correlation of changes.
    """
    rows = []
    for n, sid in acm_ids.items():
        if sid in published and n in monthly:
            stats = compare(to_month(monthly[n]), to_month(published[sid]))
            rows.append(
                {"reference": sid, "months": n, "frequency": "monthly", **stats}
            )
    if kw_id in published:
        stats = compare(daily_10y, published[kw_id])
        rows.append({"reference": kw_id, "months": 120, "frequency": "daily", **stats})
    return pd.DataFrame(rows)


def termpremium_markdown(run: Any) -> str:
    """Return the ``termpremium.md`` text for a finished run."""
    cfg = run.config
    t = run.result.table
    d = run.result.details["acm_termstructure"]
    err = run.fit_error_bp
    header = [
        f"# Expected path and term premium, window {cfg.window}",
        "",
        f"- Change from the {t['base_date'].iloc[0]} close to the "
        f"{t['end_date'].iloc[0]} close (par yields in percent, changes in bp).",
        "- Zero curves: Nelson-Siegel-Svensson fitted to the Treasury par curve "
        "each day (warm-started); par-yield fit error median "
        f"{err.loc['monthly', 'rmse_bp'].median():.2f} bp RMSE at month ends, "
        f"{err.loc['daily', 'rmse_bp'].median():.2f} bp on the daily fits "
        f"(largest single error {err['max_abs_bp'].max():.1f} bp).",
        f"- ACM: {run.acm.summary()}",
        f"- Bands: {d['bands']} ({d['n_boot']} draws, blocks of 12 months).",
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


def _sample_lines(run: Any) -> list[str]:
    """Describe the estimation sample: own curve, borrowed pre-sample."""
    pre = getattr(run, "presample", None)
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
    gap = getattr(run, "splice_gap_bp", None)
    if gap is not None and len(gap):
        first = gap.iloc[0]
        cells = ", ".join(f"{k}y {v:+.1f}" for k, v in first.items())
        lines.append(
            f"- Splice gap at {gap.index[0]:%Y-%m} (our zero minus ACMY, bp): "
            f"{cells}; median over {len(gap)} common months "
            f"{gap.median().median():+.1f} bp."
        )
    return lines


def _agreement_note(run: Any) -> str:
    if getattr(run, "presample", None) is not None:
        return (
            "The published ACM is estimated from 1961 on the GSW curve. This run "
            "uses the NY Fed's own zero yields for 1961-1989 as its pre-sample, so "
            "the agreement is partly by construction (docs/termstructure.md)."
        )
    return (
        "The published ACM is estimated from 1961 on the GSW curve; this model "
        "from 1990 on the par curve, so levels differ (see docs/termstructure.md)."
    )


def _window_days(run: Any) -> list[str]:
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


def termpremium_png(run: Any) -> bytes:
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
        f"(window {run.config.window} shaded)"
    )
    fig.tight_layout()
    return png_bytes(fig, dpi=110, metadata={"Software": None})

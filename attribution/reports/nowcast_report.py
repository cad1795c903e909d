"""Tables, Markdown and a figure for the ``nowcast`` command.

Every nowcast row repeats its holder's skill verdict: a nowcast without skill
(RMSE not below the no-change forecast, or a one-sided Diebold-Mariano
p-value not below the level) is labelled ``no skill`` wherever it appears.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from attribution.engine.nowcast import HolderNowcast
from attribution.models.nowcast import NowcastResults
from attribution.reports.markdown import md_header, md_row


def verdict(res: NowcastResults) -> str:
    """``skill`` or ``no skill``."""
    return "skill" if res.skill else "no skill"


def _stats_columns(h: HolderNowcast) -> dict[str, Any]:
    s, r = h.results.stats, h.results
    return {
        "verdict": verdict(r),
        "rmse": s["rmse"],
        "rmse_naive": s["rmse_naive"],
        "rmse_ratio": s["rmse_ratio"],
        "dm_statistic": s["dm_statistic"],
        "dm_pvalue": s["dm_pvalue"],
        "skill_alpha": s["skill_alpha"],
        "n_backtest": s["n_backtest"],
        "coverage_out_of_sample": s["coverage_out_of_sample"],
        "family": r.family,
        "hyperparameters": r.selected_text(),
        "last_published_used": f"{r.model.last_published:%Y-%m-%d}",
    }


def nowcast_table(
    holders: Sequence[HolderNowcast], window_months: pd.DatetimeIndex
) -> pd.DataFrame:
    """Return nowcast rows (``kind="nowcast"``), then backtest rows, with stats."""
    rows = []
    for h in holders:
        r, stats = h.results, _stats_columns(h)
        nc = r.nowcasts
        for month, row in nc.iterrows():
            m = pd.Timestamp(cast(pd.Timestamp, month))  # index: month ends
            rows.append(
                {
                    "kind": "nowcast",
                    "holder": h.holder,
                    "month": f"{m:%Y-%m-%d}",
                    "in_window": bool(m in window_months),
                    "nowcast": row["nowcast"],
                    "lower": row["lower"],
                    "upper": row["upper"],
                    "level": r.level,
                    "actual": float(h.realised_later.get(m, np.nan)),
                    "published_on": f"{m + pd.Timedelta(days=h.lag_days):%Y-%m-%d}",
                    **stats,
                }
            )
        bt = r.backtest
        for month, row in bt.iterrows():
            rows.append(
                {
                    "kind": "backtest",
                    "holder": h.holder,
                    "month": f"{cast(pd.Timestamp, month):%Y-%m-%d}",
                    "in_window": False,
                    "nowcast": row["nowcast"],
                    "lower": row["nowcast"] + r.stats["error_lower"],
                    "upper": row["nowcast"] + r.stats["error_upper"],
                    "level": r.level,
                    "actual": row["actual"],
                    "published_on": "",
                    **stats,
                }
            )
    return pd.DataFrame(rows)


def _fmt(x: float, spec: str = "+.1f") -> str:
    return "n/a" if pd.isna(x) else format(x, spec)


def _months_text(months: Sequence[pd.Timestamp], lag: int) -> str:
    return ", ".join(
        f"{m:%Y-%m} (out about {m + pd.Timedelta(days=lag):%Y-%m-%d})" for m in months
    )


def _header(
    holders: Sequence[HolderNowcast], window: str, as_of: pd.Timestamp, opts: Any
) -> list[str]:
    h0 = holders[0]
    unpublished = sorted({d for h in holders for d in h.results.future_dates})
    return [
        f"# TIC nowcast, window {window}",
        "",
        f"- **Point in time: as of {as_of:%Y-%m-%d}** (the window end). A TIC month m "
        f"counts as published when m + {h0.lag_days} days <= {as_of:%Y-%m-%d} "
        "(release around the 18th of month m + 2), so TIC is published through "
        f"**{h0.cutoff:%Y-%m}**. Treated as unpublished and nowcast: "
        f"{_months_text(unpublished, h0.lag_days) or 'none'}.",
        "- Figures of those months in the snapshot (latest vintage) are shown as "
        "'realised later' for comparison only; they are not used to fit anything. "
        "The backtest also uses the latest vintage, so it ignores TIC revisions.",
        "- Target: monthly change in TIC holdings, $bn. Features, all known at the "
        "month end: H.4.1 custody change (last Wednesdays), month-end DGS10 change, "
        "FX move where an FX series exists, JGB 10y change (Japan), and the latest "
        "published TIC change (t-2). A month still running at the as-of date is not "
        "nowcast; the window-end close counts as known at the window end.",
        f"- Model: {', '.join(opts.families)} with penalties {list(opts.alphas)}, "
        f"chosen by {opts.cv_splits}-fold expanding-window time-series CV, redone "
        f"every {opts.refit_every} backtest origins; backtest = the last "
        f"{opts.backtest_months} published months, each nowcast trained only on "
        "months published at that time (t-2 and earlier).",
        f"- Interval: nowcast + the {(1 - opts.level) / 2:.0%} and "
        f"{(1 + opts.level) / 2:.0%} quantiles of the backtest errors "
        f"({opts.level:.0%}); 'OOS coverage' rebuilds it from earlier "
        "errors only.",
        "- **Skill** only if the backtest RMSE is below the no-change forecast's "
        "(change = 0) *and* the one-sided Diebold-Mariano test rejects at "
        f"{h0.results.stats['skill_alpha']:.0%}; otherwise **no skill**, and the "
        "nowcast should not be preferred to 'unchanged'.",
        "",
    ]


def _why_not(h: HolderNowcast, month: pd.Timestamp) -> str:
    if month <= h.results.model.last_published:
        return "published by the as-of date"
    return (
        "not nowcast: a feature series has no close near this month end by the "
        "as-of date (month still running or the series ends earlier)"
    )


def _nowcast_lines(
    holders: Sequence[HolderNowcast], months: pd.DatetimeIndex, as_of: pd.Timestamp
) -> list[str]:
    lines = [
        "## Nowcasts ($bn change in holdings)",
        "",
        *md_header(
            [
                "holder",
                "month",
                "in window",
                "nowcast",
                "interval",
                "verdict",
                "realised later",
            ],
            "lllllll",
        ),
    ]
    for h in holders:
        nc = h.results.nowcasts
        unpublished = pd.date_range(
            h.cutoff + pd.offsets.MonthEnd(1), as_of + pd.offsets.MonthEnd(0), freq="ME"
        )
        wanted = nc.index.union(months).union(unpublished)
        for ts in wanted:
            here = "yes" if ts in months else "no"
            if ts not in nc.index:
                why = f"({_why_not(h, ts)})"
                month = f"{ts:%Y-%m}"
                lines.append(md_row([h.holder, month, here, "-", "-", "-", why]))
                continue
            row = nc.loc[ts]
            lines.append(
                md_row(
                    [
                        h.holder,
                        f"{ts:%Y-%m}",
                        here,
                        _fmt(row["nowcast"]),
                        f"[{_fmt(row['lower'])}, {_fmt(row['upper'])}]",
                        verdict(h.results),
                        _fmt(float(h.realised_later.get(ts, np.nan))),
                    ]
                )
            )
    return [*lines, ""]


def _backtest_lines(holders: Sequence[HolderNowcast]) -> list[str]:
    lines = [
        "## Backtest against the no-change forecast",
        "",
        *md_header(
            [
                "holder",
                "months",
                "span",
                "RMSE",
                "no-change RMSE",
                "ratio",
                "DM stat",
                "DM p (one-sided)",
                "verdict",
                "OOS coverage",
                "final model",
            ],
            "l" * 11,
        ),
    ]
    for h in holders:
        r, s = h.results, h.results.stats
        bt = r.backtest.index
        lines.append(
            md_row(
                [
                    h.holder,
                    s["n_backtest"],
                    f"{bt[0]:%Y-%m} to {bt[-1]:%Y-%m}",
                    f"{s['rmse']:.2f}",
                    f"{s['rmse_naive']:.2f}",
                    f"{s['rmse_ratio']:.3f}",
                    f"{s['dm_statistic']:.2f}",
                    f"{s['dm_pvalue']:.3f}",
                    f"**{verdict(r)}**",
                    f"{s['coverage_out_of_sample']:.2f}",
                    f"{r.family} ({r.selected_text()})",
                ]
            )
        )
    lines.append("")
    for h in holders:
        lines.append(f"- {h.results.summary().splitlines()[0]}")
        last = h.results.model.last_published
        if last < h.cutoff:
            lines.append(
                f"  - {h.holder}: TIC is published through {h.cutoff:%Y-%m}, but the "
                f"last month with both TIC and complete features is {last:%Y-%m}; "
                "later months are neither fitted nor nowcast unless they have features."
            )
        slopes = h.results.params.drop("const")
        if bool((slopes.abs() < 1e-12).all()):
            lines.append(
                f"  - {h.holder}: the penalty sets every coefficient to zero; the "
                "nowcast is the training mean of the TIC change."
            )
    return [*lines, ""]


def nowcast_markdown(
    holders: Sequence[HolderNowcast],
    window: str,
    as_of: pd.Timestamp,
    months: pd.DatetimeIndex,
    opts: Any,
) -> str:
    """Return ``nowcast.md``: point-in-time rule, nowcasts, backtest, verdicts."""
    if not holders:
        return f"# TIC nowcast, window {window}\n\nNo holders configured.\n"
    lines = _header(holders, window, as_of, opts)
    lines += _nowcast_lines(holders, months, as_of)
    lines += _backtest_lines(holders)
    return "\n".join(lines).rstrip() + "\n"


def nowcast_png(holders: Sequence[HolderNowcast], title: str) -> bytes:
    """Backtest nowcasts with intervals against realised TIC, one panel per holder."""
    from attribution.plotting import png_bytes, subplots

    n = max(len(holders), 1)
    fig, axes = subplots(n, 1, figsize=(9, 2.8 * n + 0.6), squeeze=False)
    for ax, h in zip(axes[:, 0], holders, strict=False):
        r = h.results
        bt, lo, hi = r.backtest, r.stats["error_lower"], r.stats["error_upper"]
        ax.fill_between(
            bt.index,
            bt["nowcast"] + lo,
            bt["nowcast"] + hi,
            color="#aed6f1",
            alpha=0.6,
            label=f"{r.level:.0%} interval (backtest error quantiles)",
        )
        ax.plot(bt.index, bt["nowcast"], color="#2e86c1", lw=1.2, label="nowcast")
        ax.plot(bt.index, bt["actual"], "k.-", lw=0.8, label="realised TIC")
        nc = r.nowcasts
        if len(nc):
            ax.errorbar(
                nc.index,
                nc["nowcast"],
                yerr=[nc["nowcast"] - nc["lower"], nc["upper"] - nc["nowcast"]],
                fmt="o",
                color="#c0392b",
                capsize=3,
                label="nowcast, unpublished months",
            )
            later = h.realised_later.reindex(nc.index).dropna()
            ax.plot(
                later.index,
                later,
                "o",
                mfc="none",
                mec="black",
                label="realised later (not used)",
            )
        ax.axhline(0, color="grey", lw=0.6)
        ax.set_title(
            f"{h.holder}: RMSE ratio {r.stats['rmse_ratio']:.2f}, DM p "
            f"{r.stats['dm_pvalue']:.2f}, {verdict(r)}",
            fontsize=10,
        )
        ax.set_ylabel("$bn")
        ax.grid(alpha=0.3)
    axes[0, 0].legend(fontsize=7, ncol=3, frameon=False, loc="upper left")
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return png_bytes(fig, dpi=110)


def nowcast_csv(
    holders: Sequence[HolderNowcast], window_months: pd.DatetimeIndex
) -> bytes:
    """``nowcast.csv``: :func:`nowcast_table` with six significant digits."""
    text: str = nowcast_table(holders, window_months).to_csv(
        index=False, float_format="%.6g"
    )
    return text.encode()


def nowcast_details(
    as_of: pd.Timestamp, holders: Sequence[HolderNowcast]
) -> dict[str, object]:
    """Return the manifest's ``nowcast`` entry: each holder's cut-off and model."""
    out: dict[str, object] = {"as_of": str(as_of.date())}
    for h in holders:
        r = h.results
        out[h.holder] = {
            "lag_days": h.lag_days,
            "published_through": str(h.cutoff.date()),
            "last_published_used": str(r.model.last_published.date()),
            "nowcast_months": [str(d.date()) for d in r.future_dates],
            "family": r.family,
            "selected": {k: str(v) for k, v in r.selected.items()},
            "stats": {k: v for k, v in r.stats.items()},
        }
    return {"nowcast": out}

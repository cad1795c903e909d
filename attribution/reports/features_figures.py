"""PNG charts of an episode: curve, divergence, positioning, holdings.

Object API on an Agg canvas (:mod:`attribution.plotting`): no pyplot, the
session's backend is left alone.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from attribution.domain.series import US_10Y
from attribution.features.episode import EpisodeFacts
from attribution.plotting import png_bytes, subplots

_UP, _DOWN, _GREY = "#c0392b", "#2e86c1", "#7f8c8d"


def _png(fig: Figure) -> bytes:
    fig.tight_layout()
    return png_bytes(fig, dpi=110, metadata={"Software": None})


def curve_png(f: EpisodeFacts) -> bytes:
    """Left: window change per tenor (bp). Right: the yields through the window."""
    fig, (ax1, ax2) = subplots(1, 2, figsize=(11, 4.2))
    ch = f.curve["change_bp"].astype(float)
    ax1.bar(ch.index, ch.to_numpy(), color=[_UP if v > 0 else _DOWN for v in ch])
    for i, v in enumerate(ch):
        ax1.annotate(
            f"{v:+.0f}",
            (i, v),
            ha="center",
            va="bottom" if v >= 0 else "top",
            fontsize=9,
        )
    ax1.axhline(0, color="black", lw=0.8)
    regime = (
        str(f.regimes["regime"].at[f.options.curve.slope_pair])
        if f.options.curve.slope_pair in f.regimes.index
        else "n/a"
    )
    ax1.set_title(
        f"Change {f.base:%Y-%m-%d} to {f.end:%Y-%m-%d} (bp)\n"
        f"{f.options.curve.slope_pair}: {regime}",
        fontsize=10,
    )
    ax1.set_ylabel("bp")
    ax1.grid(axis="y", alpha=0.3)
    y = f.history["yields"]
    for col in y:
        ax2.plot(y.index, y[col], marker=".", label=col)
    ax2.set_title("CMT yields (%)", fontsize=10)
    ax2.legend(fontsize=8, ncol=5, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    ax2.grid(alpha=0.3)
    ax2.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=7))  # type: ignore[no-untyped-call]
    ax2.xaxis.set_major_formatter(mdates.DateFormatter("%b %d"))  # type: ignore[no-untyped-call]
    ax2.tick_params(axis="x", labelsize=8)
    return _png(fig)


def _region_label(region: object, row: pd.Series) -> str:
    if row["frequency"] == "monthly":
        return f"{region}\n(monthly: {row['window_end']:%b %Y})"
    return f"{region}\n(daily)"


def divergence_png(f: EpisodeFacts) -> bytes:
    """Per region: FX move, the part the differential explains, divergence and band."""
    fig, ax = subplots(figsize=(8, 4.2))
    d = f.divergence
    if d.empty:
        ax.text(0.5, 0.5, "no region has data for this window", ha="center")
        return _png(fig)
    x = np.arange(len(d))
    w = 0.27
    ax.bar(x - w, d["fx_move_pct"], w, color=_GREY, label="FX move (+ = currency up)")
    ax.bar(x, d["explained_pct"], w, color=_DOWN, label="explained by differential")
    div = d["divergence_pct"].to_numpy(float)
    err = [div - d["lower_pct"].to_numpy(float), d["upper_pct"].to_numpy(float) - div]
    ax.bar(
        x + w,
        div,
        w,
        color=_UP,
        yerr=err,
        capsize=3,
        label=f"divergence ({f.options.divergence.level:.0%} band)",
    )
    ax.set_xticks(x, [_region_label(r, row) for r, row in d.iterrows()])
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("%")
    ax.set_title(f"FX-differential divergence, {f.label}", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def positioning_png(f: EpisodeFacts, years: int = 3) -> bytes:
    """Leveraged funds' net short (10y-eq) against the 10y yield, ``years`` years."""
    p = f.history["positioning"]
    start = f.end - pd.DateOffset(years=years)
    lev = p["lev_net_short_10yeq_k"].loc[
        start:
    ]  # NaN kept: weeks without a report show as gaps
    am = p["am_net_short_10yeq_k"].loc[start:]
    y10 = f.history["dgs10_weekly"][US_10Y].loc[start:].dropna()
    fig, ax = subplots(figsize=(10, 4.2))
    ax.plot(lev.index, lev / 1000.0, color=_UP, label="leveraged funds net short")
    ax.plot(am.index, -am / 1000.0, color=_GREY, label="asset managers net long")
    ax.set_ylabel("million 10y-note equivalents")
    ax.axvspan(f.base, f.end, color="#f5b041", alpha=0.3, label="window")
    ax2 = ax.twinx()
    ax2.plot(y10.index, y10, color="black", lw=1, label="10y yield (rhs, %)")
    ax2.set_ylabel("10y yield, %")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=8, loc="upper left")
    ax.set_title(
        "Treasury futures positioning (CFTC TFF, DV01-weighted) and the 10y yield\n"
        "(breaks = weeks missing from the CFTC files)",
        fontsize=10,
    )
    ax.grid(alpha=0.3)
    return _png(fig)


def holdings_png(f: EpisodeFacts) -> bytes:
    """TIC change by holder in the window's last month, and custody weekly changes."""
    fig, (ax1, ax2) = subplots(
        1, 2, figsize=(11, 5), gridspec_kw={"width_ratios": [3, 2]}
    )
    t = f.tic_changes
    t = t.loc[~t["line"].str.startswith(("For. Official", "Grand Total", "All Other"))]
    if len(t):
        month = t["month"].max()
        g = t.loc[t["month"] == month].set_index("line")["chg_1m_bn"]
        g = (
            g.reindex(g.abs().sort_values(ascending=False).index)
            .head(f.options.holdings_top_n)
            .sort_values()
        )
        ax1.barh(g.index, g.to_numpy(), color=[_UP if v < 0 else _DOWN for v in g])
        ax1.set_title(f"TIC holdings, change in {month:%B %Y} ($bn)", fontsize=10)
        ax1.axvline(0, color="black", lw=0.8)
        ax1.grid(axis="x", alpha=0.3)
        ax1.tick_params(axis="y", labelsize=8)
    else:
        ax1.text(0.5, 0.5, "TIC not yet published for the window", ha="center")
        ax1.axis("off")
    c = f.custody
    ax2.bar(
        [f"{d:%m-%d}" for d in c.index],
        c.to_numpy(),
        color=[_UP if v < 0 else _DOWN for v in c],
    )
    pad = max(0.0, (5 - len(c)) / 2)
    ax2.set_xlim(-0.5 - pad, len(c) - 0.5 + pad)
    for i, v in enumerate(c):
        ax2.annotate(
            f"{v:+.1f}",
            (i, v),
            ha="center",
            va="bottom" if v >= 0 else "top",
            fontsize=8,
        )
    ax2.axhline(0, color="black", lw=0.8)
    ax2.set_title(
        "H.4.1 foreign official custody,\nweekly change ($bn, week to Wed)", fontsize=10
    )
    ax2.grid(axis="y", alpha=0.3)
    return _png(fig)


def feature_pngs(f: EpisodeFacts) -> dict[str, bytes]:
    """Every chart, by file name."""
    return {
        "curve.png": curve_png(f),
        "divergence.png": divergence_png(f),
        "positioning.png": positioning_png(f),
        "holdings.png": holdings_png(f),
    }

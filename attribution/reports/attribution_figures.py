"""Figures of ``report.md`` (matplotlib object API, Agg canvas; no pyplot).

Each function returns a :class:`matplotlib.figure.Figure` (or None when there
is nothing to draw); :func:`png_bytes` renders one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from attribution import plotting
from attribution.config.schema import DEFAULT_DV01
from attribution.domain.series import CUSTODY, US_10Y
from attribution.engine.result import AttributionResult
from attribution.features.positioning import net_short_10y_equivalent
from attribution.panel import Panel
from attribution.reports.tables import LABELS, MODEL_TITLES, canonical_order

_ROLE_COLORS = {
    "driver": ("#c0392b", "driver (the question's channels)"),
    "shock": ("#8e44ad", "other identified shock"),
    "control": ("#2e86c1", "control"),
    "deterministic": ("#7f8c8d", "baseline / drift"),
    "residual": ("#bdc3c7", "residual / unrestricted shocks"),
    "stub": ("#f5b041", "stub (outside the model's periods)"),
}
_TENOR_COLORS = {"2y": "#1f77b4", "5y": "#2ca02c", "10y": "#d62728", "30y": "#9467bd"}


def png_bytes(fig: Figure) -> bytes:
    """Render ``fig`` as PNG bytes (Agg canvas, no timestamp: same bytes on rerun)."""
    FigureCanvasAgg(fig)
    return plotting.png_bytes(
        fig, dpi=100, metadata={"Software": None}, pil_kwargs={"compress_level": 1}
    )


def waterfall_figure(
    result: AttributionResult, model: str, tenors: list[str]
) -> Figure | None:
    """Waterfall of one model's contributions per tenor, ending at the actual move.

    Not-estimated rows are not drawn; None if the model estimated nothing.
    """
    t = result.table.loc[
        (result.table["model"] == model) & result.table["tenor"].isin(tenors)
    ]
    est = t.loc[(t["status"] != "not_estimated") & (t["driver"] != "actual")]
    if est.loc[est["role"].isin(["driver", "shock"])].empty:
        return None
    here = [x for x in tenors if (est["tenor"] == x).any()]
    parts = [d for d in canonical_order(est["driver"]) if d != "actual"]
    fig = Figure(figsize=(2.6 * len(here) + 2.6, 4.6))
    axes = fig.subplots(1, len(here), sharex=True, sharey=True, squeeze=False)[0]
    for ax, tenor in zip(axes, here, strict=True):
        g = est.loc[est["tenor"] == tenor]
        vals = dict(zip(g["driver"], g["contribution_bp"].astype(float), strict=True))
        role_of = dict(zip(g["driver"], g["role"].astype(str), strict=True))
        level = 0.0
        for i, p in enumerate(parts):
            if p not in vals:
                continue
            v = vals[p]
            color = _ROLE_COLORS.get(role_of[p], ("#bdc3c7", ""))[0]
            ax.barh(i, v, left=level, color=color, height=0.7)
            level += v
        actual = t.loc[(t["tenor"] == tenor) & (t["driver"] == "actual")]
        a = float(actual["contribution_bp"].iloc[0])
        ax.barh(len(parts), a, color="black", height=0.7)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_title(f"{tenor}: actual {a:+.1f} bp", fontsize=10)
        ax.set_xlabel("cumulative contribution, bp")
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(
        np.arange(len(parts) + 1),
        [LABELS.get(p, p).removeprefix("Shock: ").split(" (")[0] for p in parts]
        + ["Actual change"],
        fontsize=8,
    )
    axes[0].invert_yaxis()
    roles = [r for r in _ROLE_COLORS if r in set(est["role"])]
    handles = [Patch(color=_ROLE_COLORS[r][0], label=_ROLE_COLORS[r][1]) for r in roles]
    handles.append(Patch(color="black", label="actual change"))
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=8, frameon=False)
    fig.suptitle(
        f"How the move adds up: {MODEL_TITLES.get(model, model)} "
        f"({t['window'].iloc[0]}, bp)",
        fontsize=11,
    )
    fig.subplots_adjust(left=0.2, right=0.98, top=0.86, bottom=0.24, wspace=0.1)
    return fig


def daily_path_figure(
    days: pd.DataFrame,
    title: str,
    shocks: pd.DataFrame | None = None,
    shocks_title: str = "",
) -> Figure | None:
    """Draw the window's daily path: yield levels, daily changes, and the shocks.

    ``days`` is :func:`attribution.reports.episode_days.day_by_day` output;
    the x axis is the trading days (no weekend gaps), shared by the panels.
    ``shocks`` (day x shock, standard deviations), when given, is drawn in a
    third panel on the same days: each day's identified structural shocks.
    """
    ycols = [c for c in ("2y %", "5y %", "10y %", "30y %") if c in days]
    if len(days) < 2 or not ycols:
        return None
    with_shocks = shocks is not None and not shocks.empty
    fig = Figure(figsize=(9.6, 8.4 if with_shocks else 6.0))
    FigureCanvasAgg(fig)
    panels = fig.subplots(3 if with_shocks else 2, 1, sharex=True)
    top, bottom = panels[0], panels[1]
    when = pd.DatetimeIndex(days.index)
    x = np.arange(len(when))
    marker = "o" if len(x) <= 25 else None
    for c in ycols:
        top.plot(x, days[c].to_numpy(), marker=marker, label=c.replace(" %", ""),
                 color=_TENOR_COLORS[c.replace(" %", "")])  # fmt: skip
    top.set_ylabel("yield, percent")
    _outside_legend(top, "H.15 CMT yields")
    top.grid(alpha=0.3)
    width = 0.26
    if "10y %" in days:
        ch = days["10y %"].diff().iloc[1:] * 100.0
        bottom.bar(x[1:] - width, ch.to_numpy(), width=width, color="#d62728",
                   label="10y yield change")  # fmt: skip
    if "KW TP 10y %" in days:
        tp = days["KW TP 10y %"].diff().iloc[1:] * 100.0
        bottom.bar(x[1:], tp.to_numpy(), width=width, color="#ff9896",
                   label="Kim-Wright 10y term premium change")  # fmt: skip
    if "basis proxy bp" in days:
        bottom.bar(x[1:] + width, days["basis proxy bp"].iloc[1:].to_numpy(),
                   width=width, color="#7f7f7f",
                   label="cash-futures basis proxy")  # fmt: skip
    bottom.axhline(0, color="black", lw=0.8)
    bottom.set_ylabel("daily change, bp")
    _outside_legend(bottom, "")
    bottom.grid(alpha=0.3)
    if with_shocks and shocks is not None:
        pos = {d: k for k, d in enumerate(when)}
        at = np.array([pos.get(pd.Timestamp(d), -1) for d in shocks.index])
        keep = at >= 0
        _shock_panel(panels[2], at[keep], shocks.loc[keep], shocks_title)
    step = max(1, -(-len(x) // 14))
    panels[-1].set_xticks(x[::step], [f"{d:%a %d %b}" for d in when[::step]],
                          rotation=30, ha="right")  # fmt: skip
    panels[-1].set_xlim(-0.6, len(x) - 0.4)
    fig.suptitle(title, fontsize=11)
    fig.subplots_adjust(left=0.08, right=0.7, top=0.93, bottom=0.1, hspace=0.3)
    return fig


def _outside_legend(ax: Any, title: str) -> None:
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
              title=title or None, title_fontsize=8, frameon=False)  # fmt: skip


def _shock_panel(ax: Any, x: np.ndarray, shocks: pd.DataFrame, title: str) -> None:
    """Draw grouped bars of each day's structural shocks (s.d.), a colour each."""
    from attribution.reports.path_figures import shock_colors, short_label

    colors = shock_colors([str(c) for c in shocks.columns])
    n = len(shocks.columns)
    step = 0.8 / n
    cumulate = len(x) > 25  # bars of a long window are unreadable: cumulate
    for k, col in enumerate(shocks.columns):
        v = shocks[col].to_numpy(dtype=float)
        if cumulate:
            ax.plot(x, np.cumsum(v), color=colors[str(col)], lw=1.3,
                    label=short_label(str(col)))  # fmt: skip
        else:
            ax.bar(x + (k - (n - 1) / 2) * step, v, width=step,
                   color=colors[str(col)], label=short_label(str(col)))  # fmt: skip
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel(
        "cumulated shocks, s.d." if cumulate else "shock, standard deviations"
    )
    ax.text(0.0, 1.02, title, transform=ax.transAxes, fontsize=8, va="bottom")
    _outside_legend(ax, "identified shocks")
    ax.grid(alpha=0.3)


def positioning_figure(
    panel: Panel, base: pd.Timestamp, end: pd.Timestamp, weeks: int = 52
) -> Figure | None:
    """Custody and leveraged funds' net short against the 10y, weekly.

    The ``weeks`` Wednesdays before ``end`` and the window shaded; shared x axis.
    """
    w = panel.weekly
    start = end - pd.Timedelta(weeks=weeks)
    series: list[tuple[str, pd.Series, str]] = []
    if US_10Y in panel.daily:
        y = panel.daily[US_10Y].dropna().loc[start:end]
        series.append(("10y yield, percent (H.15, daily)", y, "#d62728"))
    if CUSTODY in w:
        c = (w[CUSTODY].dropna() / 1000.0).loc[start:end]
        series.append(
            ("foreign official custody, $bn (H.4.1, Wednesday)", c, "#2e86c1")
        )
    try:
        lev = net_short_10y_equivalent(w, DEFAULT_DV01).loc[start:end]  # gaps show
        series.append(
            ("leveraged funds' net short, k 10y-note equivalents (CFTC TFF)", lev,
             "#8e44ad")
        )  # fmt: skip
    except KeyError:
        pass
    if len(series) < 2:
        return None
    fig = Figure(figsize=(8.0, 2.2 * len(series) + 0.8))
    axes = fig.subplots(len(series), 1, sharex=True, squeeze=False)[:, 0]
    for ax, (label, s, color) in zip(axes, series, strict=True):
        ax.plot(s.index, s.to_numpy(), color=color, label=label)
        ax.axvspan(base, end, color="#f5b041", alpha=0.3, label="the window")
        ax.legend(loc="upper left", fontsize=8)
        ax.grid(alpha=0.3)
    fig.suptitle(
        f"Positioning and custody against the 10y, {weeks} weeks to {end:%Y-%m-%d}",
        fontsize=11,
    )
    fig.autofmt_xdate()
    return fig

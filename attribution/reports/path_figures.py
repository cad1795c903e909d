"""Figures of the fitted models behind ``report.md``: the window period by period.

From :class:`~attribution.engine.result.FigureData` (what the engines
computed anyway): stacked historical-decomposition bars over the window's
days or weeks, cumulative impulse responses with their bootstrap bands, and
the structural shocks of the window's days. Matplotlib object API on an Agg
canvas: no pyplot, no backend switch.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from attribution.engine.result import FigureData
from attribution.plotting import subplots
from attribution.reports.tables import LABELS

_BASELINE = "#7f8c8d"
_OTHER = "#d5d8dc"
_PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#393b79",
)  # fmt: skip


def _title(ax: Any, text: str) -> None:
    """Put a panel title as plain text (set_title re-measures the ticks on draw)."""
    ax.text(0.5, 1.02, text, transform=ax.transAxes, ha="center", va="bottom",
            fontsize=8)  # fmt: skip


def _bottom_axes(axes: Any, used: int) -> list[Any]:
    """Return the lowest used panel of each column (the x labels go there)."""
    nrows, ncols = axes.shape
    out = []
    for j in range(ncols):
        rows = [i for i in range(nrows) if i * ncols + j < used]
        if rows:
            out.append(axes[rows[-1], j])
    return out


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))


def short_label(name: str) -> str:
    """Return a shock's or row's name in words, without 'Shock:' or a gloss."""
    if name == "baseline":
        return "baseline (pre-window forecast)"
    if name == "other_shocks":
        return "other (unnamed) shocks"
    label = LABELS.get(name, name.replace("_", " "))
    return label.removeprefix("Shock: ").split(" (")[0]


def shock_colors(shocks: Sequence[str]) -> dict[str, str]:
    """One colour per driver: grey baseline, light-grey other shocks, a palette."""
    out: dict[str, str] = {}
    k = 0
    for s in shocks:
        if s == "baseline":
            out[s] = _BASELINE
        elif s == "other_shocks":
            out[s] = _OTHER
        else:
            out[s] = _PALETTE[k % len(_PALETTE)]
            k += 1
    return out


def _drivers(periods: pd.DataFrame) -> list[str]:
    names = list(dict.fromkeys(periods["driver"]))
    head = [n for n in names if n == "baseline"]
    tail = [n for n in names if n == "other_shocks"]
    return head + [n for n in names if n not in ("baseline", "other_shocks")] + tail


def _stacked(ax: Any, x: np.ndarray, wide: pd.DataFrame, colors: list[str]) -> None:
    """Stacked bars (positive parts up, negative down) as one collection."""
    verts, faces = [], []
    up, down = np.zeros(len(x)), np.zeros(len(x))
    for col, color in zip(wide.columns, colors, strict=True):
        v = wide[col].to_numpy(dtype=float)
        low = np.where(v >= 0, up, down)
        for xi, b, h in zip(x, low, v, strict=True):
            verts.append([(xi - 0.375, b), (xi + 0.375, b), (xi + 0.375, b + h),
                          (xi - 0.375, b + h)])  # fmt: skip
            faces.append(color)
        up += np.where(v >= 0, v, 0.0)
        down += np.where(v < 0, v, 0.0)
    ax.add_collection(PolyCollection(verts, facecolors=faces, edgecolors="white",
                                     linewidths=0.3))  # fmt: skip
    ax.set_xlim(-0.6, len(x) - 0.4)
    lo, hi = float(down.min()), float(up.max())
    pad = 0.05 * (hi - lo or 1.0)
    ax.update_datalim([(-0.6, lo - pad), (len(x) - 0.4, hi + pad)])
    ax.autoscale_view()


def hd_bars_figure(
    data: FigureData, tenors: Sequence[str], title: str, note: str = ""
) -> Figure | None:
    """Stacked bars of each period's change split into baseline and shocks.

    One panel per tenor (shared axes); positive parts stack up from zero,
    negative ones down; the black dots are the period's change (the sum of
    its bars). None if no reported tenor is in ``data``.
    """
    p = data.periods
    here = [t for t in tenors if (p["tenor"] == t).any()]
    if not here:
        return None
    drivers = _drivers(p)
    colors = shock_colors(drivers)
    dates = pd.DatetimeIndex(sorted(set(p["date"])))
    x = np.arange(len(dates))
    ncols = min(2, len(here))
    nrows = -(-len(here) // ncols)
    fig, axes = subplots(
        nrows, ncols, figsize=(4.2 * ncols + 2.4, 2.8 * nrows + 1.1),
        sharex=True, sharey=True, squeeze=False,
    )  # fmt: skip
    flat = list(axes.reshape(-1))
    for ax, tenor in zip(flat, here, strict=False):
        wide = (
            p.loc[p["tenor"] == tenor]
            .pivot(index="date", columns="driver", values="contribution_bp")
            .reindex(index=dates, columns=drivers)
            .fillna(0.0)
        )
        _stacked(ax, x, wide, [colors[d] for d in drivers])
        ax.plot(x, wide.sum(axis=1).to_numpy(), "o", color="black", ms=4)
        ax.axhline(0.0, color="black", lw=0.6)
        _title(ax, f"{tenor} yield")
        ax.grid(axis="y", alpha=0.3)
        ax.tick_params(labelsize=7)
    for ax in flat[len(here) :]:
        ax.set_visible(False)
    fmt = "%d %b" if data.frequency == "day" else "week to %d %b"
    step = max(1, -(-len(x) // 12))
    for ax in _bottom_axes(axes, len(here)):
        ax.set_xticks(x[::step], [f"{d:{fmt}}" for d in dates[::step]],
                      rotation=45, ha="right")  # fmt: skip
        ax.xaxis.set_tick_params(labelbottom=True)
    for ax in axes[:, 0]:
        ax.set_ylabel(f"change per {data.frequency}, bp", fontsize=8)
    handles = [Patch(color=colors[d], label=short_label(d)) for d in drivers]
    handles.append(
        Patch(color="black", label=f"actual change of the {data.frequency} (dot)")
    )
    fig.legend(handles=handles, loc="center left", bbox_to_anchor=(0.77, 0.5),
               fontsize=7, frameon=False)  # fmt: skip
    fig.suptitle(title, fontsize=10)
    bottom = 0.19 if note else 0.14
    if note:
        fig.text(0.01, 0.01, _wrap(note, 150), fontsize=7, va="bottom")
    fig.subplots_adjust(left=0.09, right=0.76, top=0.88, bottom=bottom,
                        hspace=0.3, wspace=0.08)  # fmt: skip
    return fig


def irf_bands_figure(
    data: FigureData, tenors: Sequence[str], title: str, note: str = ""
) -> Figure | None:
    """Cumulative responses of the tenors to each shock, with bootstrap bands.

    One panel per shock, all on one y axis; inside a panel each tenor's
    response over horizons 0..H is drawn side by side (a block per tenor).
    None without impulse responses.
    """
    irf = data.irf
    if irf is None or irf.empty:
        return None
    resp = set(irf.index.get_level_values("response"))
    cols = [t for t in tenors if t in resp]
    shocks = list(dict.fromkeys(irf.index.get_level_values("shock")))
    if not cols or not shocks:
        return None
    ncols = min(3, len(shocks))
    nrows = -(-len(shocks) // ncols)
    fig, axes = subplots(
        nrows, ncols, figsize=(3.0 * ncols + 0.6, 2.1 * nrows + 1.1),
        sharex=True, sharey=True, squeeze=False,
    )  # fmt: skip
    flat = list(axes.reshape(-1))
    horizon = int(irf.index.get_level_values("horizon").max())
    gap = max(2, horizon // 3)
    unit = "day" if data.frequency == "day" else "week"
    for ax, shock in zip(flat, shocks, strict=False):
        # the tenors' blocks in one line and one band, split by NaN gaps
        parts = []
        for j, tenor in enumerate(cols):
            b = irf.xs((tenor, shock), level=("response", "shock"))
            h = b.index.to_numpy(dtype=float) + j * (horizon + gap)
            block = np.column_stack([h, b[["point", "lower", "upper"]].to_numpy()])
            parts += [block, np.full((1, 4), np.nan)]
        arr = np.vstack(parts)
        ax.fill_between(arr[:, 0], arr[:, 2], arr[:, 3], color="#aed6f1", lw=0)
        ax.plot(arr[:, 0], arr[:, 1], color="#1f618d", lw=1.2)
        ax.axhline(0.0, color="black", lw=0.5)
        _title(ax, f"shock: {short_label(shock)}")
        ax.tick_params(labelsize=7)
        ax.grid(axis="y", alpha=0.3)
    for ax in flat[len(shocks) :]:
        ax.set_visible(False)
    centres = [j * (horizon + gap) + horizon / 2 for j in range(len(cols))]
    for ax in _bottom_axes(axes, len(shocks)):
        ax.set_xticks(centres, cols)
        ax.xaxis.set_tick_params(labelbottom=True)
    for ax in axes[:, 0]:
        ax.set_ylabel("cumulative response, bp", fontsize=7)
    handles = [
        Line2D([], [], color="#1f618d", lw=1.2, label="estimate"),
        Patch(color="#aed6f1", label=f"{data.level:.0%} bootstrap band"),
    ]
    fig.legend(handles=handles, loc="upper right", ncol=2, fontsize=7,
               frameon=False, bbox_to_anchor=(0.99, 1.0))  # fmt: skip
    fig.suptitle(title, fontsize=9, x=0.02, ha="left")
    fig.text(0.01, 0.01,
             _wrap(f"Each panel: the yield's cumulative response, bp, to a one-"
                   f"standard-deviation shock, {unit}s 0 to {horizon} after it, for "
                   "each tenor in turn" + (f". {note}" if note else ""), 170),
             fontsize=6.5, va="bottom")  # fmt: skip
    height = fig.get_size_inches()[1]
    fig.subplots_adjust(left=0.08, right=0.99, top=1 - 0.5 / height,
                        bottom=0.65 / height, hspace=0.3, wspace=0.06)  # fmt: skip
    return fig

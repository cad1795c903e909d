"""Figures of VAR results: impulse responses with bands, historical decompositions.

Each function returns a :class:`matplotlib.figure.Figure` on an Agg canvas
(:mod:`attribution.plotting`): no pyplot, no backend switch, nothing left
open. The results objects' ``plot`` methods call them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from attribution.exceptions import ModelSpecificationError, fmt
from attribution.plotting import subplots

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_BASELINE_COLOR = "#7f8c8d"


def _pick(given: Sequence[str] | None, names: list[str], key: str) -> list[str]:
    if given is None:
        return names
    bad = [g for g in given if g not in names]
    if bad:
        raise ModelSpecificationError(fmt(key, f"names among {names}", bad))
    return list(given)


def irf_figure(
    bands: pd.DataFrame,
    *,
    responses: Sequence[str] | None = None,
    shocks: Sequence[str] | None = None,
    level: float,
    units: str = "",
) -> Figure:
    """Grid of impulse responses (rows: responses, columns: shocks) with bands.

    Parameters
    ----------
    bands : DataFrame
        Indexed by (``horizon``, ``response``, ``shock``) with columns
        ``point``, ``lower`` and ``upper`` (e.g.
        :meth:`~attribution.models.var.bootstrap.VARBootstrap.irf_bands`).
    responses, shocks : sequence of str, optional
        Subsets to draw (default all).
    level : float
        Coverage of the bands, for the legend.
    units : str, default ""
        Units of the responses, for the axis label.

    Returns
    -------
    Figure
    """
    all_resp = list(dict.fromkeys(bands.index.get_level_values("response")))
    all_shock = list(dict.fromkeys(bands.index.get_level_values("shock")))
    rows = _pick(responses, all_resp, "responses")
    cols = _pick(shocks, all_shock, "shocks")
    fig, axes = subplots(
        len(rows),
        len(cols),
        figsize=(2.6 * len(cols) + 0.8, 1.9 * len(rows) + 0.9),
        sharex=True,
        squeeze=False,
    )
    for i, resp in enumerate(rows):
        for j, shock in enumerate(cols):
            ax = axes[i, j]
            b = bands.xs((resp, shock), level=("response", "shock"))
            h = b.index.to_numpy()
            ax.fill_between(
                h, b["lower"], b["upper"], color="#aed6f1", lw=0,
                label=f"{level:.0%} bootstrap band",
            )  # fmt: skip
            ax.plot(h, b["point"], color="#1f618d", lw=1.4, label="estimate")
            ax.axhline(0.0, color="black", lw=0.6)
            ax.tick_params(labelsize=7)
            if i == 0:
                ax.set_title(f"shock: {shock}", fontsize=9)
            if j == 0:
                ax.set_ylabel(f"{resp}" + (f" ({units})" if units else ""), fontsize=8)
            if i == len(rows) - 1:
                ax.set_xlabel("horizon (periods)", fontsize=8)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=8, frameon=False)
    fig.suptitle("Impulse responses to one-standard-deviation structural shocks")
    fig.subplots_adjust(bottom=0.9 / fig.get_size_inches()[1], top=0.9, hspace=0.35)
    return fig


def hd_figure(
    wide: pd.DataFrame,
    shocks: Sequence[str],
    response: str,
    *,
    units: str = "",
) -> Figure:
    """Stacked bars of one response's decomposition per date, with the data line.

    Parameters
    ----------
    wide : DataFrame
        :meth:`HistoricalDecomposition.to_frame` (rows (date, response);
        columns ``baseline``, the shocks, ``data``).
    shocks : sequence of str
        Shock columns, in order.
    response : str
        The variable drawn.
    units : str, default ""
        Units, for the axis label.

    Returns
    -------
    Figure
        Positive parts stack upwards from zero, negative ones downwards; the
        black line is the observed value, the sum of the bars.
    """
    names = list(dict.fromkeys(wide.index.get_level_values("response")))
    if response not in names:
        raise ModelSpecificationError(fmt("response", f"one of {names}", response))
    w = wide.xs(response, level="response")
    parts = ["baseline", *shocks]
    dates = pd.Index(w.index)
    x = np.arange(len(dates))
    fig, ax = subplots(figsize=(max(7.5, 0.35 * len(x) + 4.5), 4.6))
    cmap = _colors(len(shocks))
    up = np.zeros(len(x))
    down = np.zeros(len(x))
    for k, name in enumerate(parts):
        v = w[name].to_numpy(dtype=float)
        bottom = np.where(v >= 0, up, down)
        color = _BASELINE_COLOR if name == "baseline" else cmap[k - 1]
        ax.bar(x, v, bottom=bottom, color=color, width=0.8, label=name)
        up += np.where(v >= 0, v, 0.0)
        down += np.where(v < 0, v, 0.0)
    ax.plot(x, w["data"].to_numpy(), color="black", lw=1.4, marker="o", ms=3,
            label="actual")  # fmt: skip
    ax.axhline(0.0, color="black", lw=0.6)
    step = max(1, len(x) // 12)
    labels = [
        f"{d:%Y-%m-%d}" if isinstance(d, pd.Timestamp) else str(d) for d in dates
    ]
    ax.set_xticks(x[::step], labels[::step], rotation=45, ha="right", fontsize=7)
    ax.set_ylabel(f"{response}" + (f" ({units})" if units else ""))
    ax.set_title(f"Historical decomposition of {response}: baseline and shocks")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    fig.subplots_adjust(bottom=0.22, top=0.9, left=0.1, right=0.8)
    return fig


def _colors(n: int) -> list[tuple[float, float, float, float]]:
    from matplotlib import colormaps

    cmap = colormaps["tab10" if n <= 10 else "tab20"]
    return [cmap(i % cmap.N) for i in range(n)]


def window_figure(
    frame: pd.DataFrame,
    *,
    level: float,
    responses: Sequence[str] | None = None,
    units: str = "",
) -> Figure:
    """Horizontal bars of a window's contributions per response, with bands.

    Parameters
    ----------
    frame : DataFrame
        Indexed by (``response``, ``shock``) with columns ``point``, ``lower``
        and ``upper`` (e.g. :attr:`~attribution.models.var.cv_window.CVWindow.frame`).
    level : float
        Coverage of the bands, for the legend.
    responses : sequence of str, optional
        Panels to draw (default all), on a shared axis.
    units : str, default ""
        Units of the contributions, for the axis label.

    Returns
    -------
    Figure
        One panel per response; each bar is a shock's point, the whisker its
        band; the panel title gives the window's total (the sum of the bars).
    """
    all_resp = list(dict.fromkeys(frame.index.get_level_values("response")))
    rows = _pick(responses, all_resp, "responses")
    shocks = list(dict.fromkeys(frame.index.get_level_values("shock")))
    fig, axes = subplots(
        1, len(rows), figsize=(2.8 * len(rows) + 1.8, 0.35 * len(shocks) + 1.6),
        sharey=True, sharex=True, squeeze=False,
    )  # fmt: skip
    y = np.arange(len(shocks))
    for ax, resp in zip(axes[0], rows, strict=True):
        f = frame.xs(resp, level="response").reindex(shocks)
        point = f["point"].to_numpy(dtype=float)
        err = np.vstack([point - f["lower"].to_numpy(), f["upper"].to_numpy() - point])
        ax.barh(y, point, color="#5dade2", label="estimate")
        ax.errorbar(point, y, xerr=np.abs(err), fmt="none", ecolor="black",
                    elinewidth=0.8, capsize=2, label=f"{level:.0%} band")  # fmt: skip
        ax.axvline(0.0, color="black", lw=0.6)
        ax.set_title(f"{resp}: total {point.sum():+.1f}" + (f" {units}" if units
                     else ""), fontsize=9)  # fmt: skip
        ax.set_xlabel("contribution" + (f" ({units})" if units else ""), fontsize=8)
        ax.grid(axis="x", alpha=0.3)
    axes[0, 0].set_yticks(y, shocks, fontsize=8)
    axes[0, 0].invert_yaxis()
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=8, frameon=False)
    fig.suptitle("Contributions over the window, by shock")
    fig.subplots_adjust(left=0.2, bottom=0.9 / fig.get_size_inches()[1] + 0.08,
                        top=0.85, wspace=0.08)  # fmt: skip
    return fig

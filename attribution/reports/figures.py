"""Matplotlib figures of an attribution (object API on an Agg canvas, no pyplot)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from attribution.engine.result import AttributionResult
from attribution.plotting import png_bytes, subplots
from attribution.reports.tables import LABELS, canonical_order

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_COLORS = {
    "driver": "#c0392b",
    "shock": "#8e44ad",
    "control": "#2e86c1",
    "deterministic": "#7f8c8d",
    "residual": "#bdc3c7",
    "stub": "#f5b041",
}


_ROLE_NAMES = {
    "driver": "driver (the question's channels)",
    "shock": "other identified shock",
    "control": "control",
    "deterministic": "baseline / drift",
    "residual": "residual / unrestricted shocks",
    "stub": "stub (outside the model's periods)",
}


def contributions_png(result: AttributionResult, model: str, title: str) -> bytes:
    """Draw each row's contribution per tenor as horizontal bars (PNG bytes).

    The bars carry their intervals, and the actual move is drawn beside them.
    """
    return png_bytes(
        contributions_figure(result, model, title),
        dpi=110,
        metadata={"Software": None},
        pil_kwargs={"compress_level": 1},
    )


def contributions_figure(result: AttributionResult, model: str, title: str) -> Figure:
    """Return the figure :func:`contributions_png` writes, for one model.

    One panel per tenor (shared rows): a bar per driver coloured by its role,
    the interval as a line through it, zero and the actual change as
    vertical lines; rows that are not estimated are not drawn.
    """
    from matplotlib.patches import Patch

    t = result.table.loc[result.table["model"] == model]
    tenors = list(dict.fromkeys(t["tenor"]))
    longest_label = max(
        (len(LABELS.get(d, d)) for d in t["driver"].unique() if d != "actual"),
        default=10,
    )
    fig, axes = subplots(
        1,
        len(tenors),
        figsize=(2.9 * len(tenors) + 0.074 * longest_label + 0.4, 4.8),
        sharey=True,
    )
    axes = np.atleast_1d(axes)
    parts = [d for d in canonical_order(t["driver"]) if d != "actual"]
    for ax, tenor in zip(axes, tenors, strict=True):
        g = t.loc[t["tenor"] == tenor].set_index("driver")
        # the 2y has no 2y control; NA rows (not estimated) are not drawn
        here = [
            p for p in parts if p in g.index and g.loc[p, "status"] != "not_estimated"
        ]
        y = np.array([parts.index(p) for p in here])
        vals = g.loc[here, "contribution_bp"].to_numpy()
        ax.barh(
            y,
            vals,
            color=[_COLORS[g.loc[p, "role"]] for p in here],
        )
        # the band as it is (a bootstrap band need not contain its point)
        ax.hlines(
            y,
            g.loc[here, "lower_bp"].to_numpy(),
            g.loc[here, "upper_bp"].to_numpy(),
            color="#333333",
            lw=1.2,
        )
        actual = float(g.loc["actual", "contribution_bp"])
        ax.axvline(0, color="black", lw=0.8)
        ax.axvline(actual, color="black", ls="--", lw=1, label="actual change")
        ax.set_title(f"{tenor}: actual {actual:+.0f} bp", fontsize=10)
        ax.set_xlabel("bp")
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(np.arange(len(parts)), [LABELS.get(p, p) for p in parts])
    axes[0].invert_yaxis()
    roles = [r for r in _ROLE_NAMES if r in set(t["role"])]
    handles = [
        Patch(color=_COLORS[r], label=_ROLE_NAMES[r]) for r in roles if r in _COLORS
    ]
    line = axes[-1].get_legend_handles_labels()[0]
    fig.legend(
        handles=[*handles, *line],
        loc="lower center",
        ncol=len(handles) + len(line),
        fontsize=8,
        frameon=False,
    )
    fig.suptitle(title, fontsize=11)
    # fixed margins from the longest label (tight_layout costs ~0.5 s a figure)
    width = fig.get_size_inches()[0]
    longest = max((len(LABELS.get(p, p)) for p in parts), default=10)
    fig.subplots_adjust(
        left=min(0.6, (0.074 * longest + 0.3) / width),
        right=0.99,
        top=0.86,
        bottom=0.2,
        wspace=0.08,
    )
    return fig

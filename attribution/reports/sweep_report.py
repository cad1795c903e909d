"""Write a sweep's tidy table as CSV and Markdown, and draw ``sweep.png``.

Numbers are formatted with fixed decimals so that the same table gives
byte-identical files whichever backend produced it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from attribution.config.sweep_section import DIMENSIONS
from attribution.plotting import png_bytes, subplots
from attribution.reports.markdown import md_header, md_row
from attribution.reports.tables import LABELS

#: Rows drawn and tabulated: every channel except the measured move itself.
_SKIP = ("actual",)


def sweep_csv(table: pd.DataFrame) -> str:
    """Return the tidy table as CSV (4 decimals; NaN as an empty field)."""
    text: str = table.to_csv(index=False, float_format="%.4f", lineterminator="\n")
    return text


def varying(table: pd.DataFrame) -> list[str]:
    """Return the grid dimensions whose value changes from point to point."""
    points = table.drop_duplicates("point")
    return [d for d in DIMENSIONS if points[d].nunique() > 1]


def _point_labels(table: pd.DataFrame) -> pd.Series:
    """Label each point by its varying coordinates other than the models.

    Each model has its own table and line, so the models are not in the label.
    """
    dims = [d for d in varying(table) if d != "models"] or ["window"]
    points = table.drop_duplicates("point").set_index("point")
    return points[dims].astype(str).agg(" / ".join, axis=1)


def _tenor(table: pd.DataFrame) -> str:
    tenors = list(dict.fromkeys(table["tenor"]))
    return "10y" if "10y" in tenors else str(tenors[0])


def _cell(row: pd.Series) -> str:
    if row["status"] == "not_estimated" or np.isnan(row["contribution_bp"]):
        return "n.e."
    point = f"{row['contribution_bp']:+.1f}"
    if np.isnan(row["lower_bp"]) or row["status"] == "exact":
        return point
    return f"{point} [{row['lower_bp']:+.1f}, {row['upper_bp']:+.1f}]"


def sweep_markdown(table: pd.DataFrame, name: str) -> str:
    """Return a summary: per model, the 10y contributions across the grid.

    Cells are ``point [lower, upper]`` in bp (the model's interval at its
    ``level``); ``n.e.`` is not estimated, with the reasons listed below.
    """
    tenor = _tenor(table)
    labels = _point_labels(table)
    dims = varying(table) or ["window"]
    n_points = table["point"].nunique()
    failed = table.loc[table["driver"] == "all"].drop_duplicates("point")
    lines = [
        f"# Sweep `{name}`: {n_points} grid points",
        "",
        f"- Varied across the grid: {', '.join(dims)}. Changes in bp; each cell is "
        "the contribution with its band `[lower, upper]` (the model's interval at "
        "its level); `n.e.` = not estimated.",
        f"- Shown: the {tenor} tenor; every tenor is in `sweep.csv`.",
        f"- Points not estimated at all: {len(failed)} of {n_points}.",
    ]
    clamped = table.loc[table["sample_clamped"].astype(bool)]
    if not clamped.empty:
        for model, g in clamped.groupby("model", sort=False):
            first = sorted(set(g["sample_used"].str.split("..", regex=False).str[0]))
            n = g["point"].nunique()
            lines.append(
                f"- `{model}`: at {n} point{'s' if n != 1 else ''} the sample starts "
                f"later than asked (data begin {first[0]}): the requested start "
                "is clamped to the data; see `sample_used`."
            )
    for model in dict.fromkeys(table["model"]):
        t = table.loc[
            (table["model"] == model)
            & (table["tenor"].isin([tenor]) | (table["driver"] == "all"))
            & ~table["driver"].isin(_SKIP)
        ]
        channels = [c for c in dict.fromkeys(t["driver"]) if c != "all"]
        lines += ["", f"## `{model}`, {tenor} (bp)", ""]
        head = ["grid point", *[LABELS.get(c, c) for c in channels]]
        lines += md_header(head, "l" * len(head))
        for point, g in t.groupby("point", sort=True):
            by = g.set_index("driver")
            cells = [_cell(by.loc[c]) if c in by.index else "n.e." for c in channels]
            lines.append(md_row([labels[point], *cells]))
    if not failed.empty:
        lines += ["", "## Not estimated", ""]
        for _, row in failed.iterrows():
            where = f"`{row['models']}`, {labels[row['point']]}"
            lines.append(f"- point {row['point']} ({where}): {row['note']}")
    return "\n".join(lines) + "\n"


def sweep_png(table: pd.DataFrame, name: str) -> bytes:
    """One panel per channel: each model's contribution across the grid points.

    Lines are the point estimates, shaded bands their intervals; a point not
    estimated is a gap in its line. The x axis lists the grid points by their
    varying coordinates.
    """
    from matplotlib import colormaps

    tenor = _tenor(table)
    labels = _point_labels(table)
    t = table.loc[(table["tenor"] == tenor) & ~table["driver"].isin([*_SKIP, "all"])]
    channels = list(dict.fromkeys(t["driver"])) or ["all"]
    ncols = min(3, len(channels))
    nrows = -(-len(channels) // ncols)
    fig, axes = subplots(
        nrows,
        ncols,
        figsize=(4.2 * ncols + 0.5, 3.0 * nrows + 1.6),
        sharex=True,
        squeeze=False,
    )
    categories = list(dict.fromkeys(labels))
    x = np.arange(len(categories))
    models = list(dict.fromkeys(table["model"]))
    colors = colormaps["tab10"]
    for ax, channel in zip(axes.flat, channels, strict=False):
        for k, model in enumerate(models):
            g = t.loc[(t["model"] == model) & (t["driver"] == channel)]
            g = g.set_index(g["point"].map(labels)).reindex(categories)
            if g["contribution_bp"].isna().all():
                continue
            c = colors(k % 10)
            ax.plot(x, g["contribution_bp"], marker="o", ms=3, color=c, label=model)
            ax.fill_between(x, g["lower_bp"], g["upper_bp"], color=c, alpha=0.15)
            if len(x) <= 4:  # a band at a point without neighbours is a bar
                ax.vlines(x, g["lower_bp"], g["upper_bp"], color=c, lw=0.8, alpha=0.5)
        ax.axhline(0, color="black", lw=0.6)
        ax.set_title(LABELS.get(channel, channel), fontsize=9)
        ax.set_ylabel("bp")
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(channels) :]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xticks(x, categories, rotation=60, ha="right", fontsize=7)
    dims = ", ".join([d for d in varying(table) if d != "models"] or ["window"])
    fig.suptitle(
        f"Sweep {name}: {tenor} contributions to the yield change (bp) "
        f"across {dims}; bands = each model's interval",
        fontsize=10,
    )
    handles, names = [], []
    for ax in axes.flat:
        for h, n in zip(*ax.get_legend_handles_labels(), strict=True):
            if n not in names:
                handles.append(h)
                names.append(n)
    fig.legend(handles, names, loc="upper right", fontsize=8, frameon=False)
    height = fig.get_size_inches()[1]
    fig.subplots_adjust(top=1 - 0.9 / height, bottom=1.5 / height, hspace=0.35)
    return png_bytes(fig, dpi=100, metadata={"Software": None})

"""Markdown pipe tables shared by every report (no tabulate dependency)."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd


def _missing(v: object) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(cast(Any, v))))


def pipe_table(frame: pd.DataFrame, float_format: str = ".4f") -> list[str]:
    """Render ``frame`` (columns only, no index) as pipe-table lines.

    Floats use ``float_format`` (e.g. ``".4f"``, ``".4g"``); missing values are blank.
    """

    def cell(v: object) -> str:
        if isinstance(v, (float, np.floating)):
            return "" if np.isnan(v) else format(v, float_format)
        return "" if _missing(v) else str(v)

    lines = [
        "| " + " | ".join(str(c) for c in frame.columns) + " |",
        "|" + "---|" * len(frame.columns),
    ]
    lines += [
        "| " + " | ".join(cell(v) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return lines


def format_table(
    frame: pd.DataFrame, fmts: dict[str, str], index_name: str
) -> list[str]:
    """Render the index and the columns named in ``fmts``, each with its own format.

    Missing values print ``n/a``; dates print as ``YYYY-MM-DD``; an empty format
    prints the value as is. A blank line ends the table.
    """
    cols = [c for c in fmts if c in frame.columns]
    lines = [
        "| " + " | ".join([index_name, *cols]) + " |",
        "|---|" + "---:|" * len(cols),
    ]
    for key, row in frame.iterrows():
        cells = []
        for c in cols:
            v = row[c]
            if _missing(v):
                cells.append("n/a")
            elif isinstance(v, pd.Timestamp):
                cells.append(f"{v:%Y-%m-%d}")
            else:
                cells.append(format(v, fmts[c]) if fmts[c] else str(v))
        label = f"{key:%Y-%m-%d}" if isinstance(key, pd.Timestamp) else str(key)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return [*lines, ""]

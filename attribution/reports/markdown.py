"""Markdown pipe tables shared by every report (no tabulate dependency).

Every table of every report goes through :func:`md_header` and :func:`md_row`
(or :func:`md_table`, which calls both): cells are formatted by the caller and
written as ``| a | b |``; the rule under the header sets each column's
alignment. :func:`pipe_table` and :func:`format_table` format a DataFrame's
cells first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd


def _missing(v: object) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(cast(Any, v))))


_RULE = {"l": "---", "r": "---:", "c": ":-:"}


def md_row(cells: Sequence[object]) -> str:
    """Return one table row: ``| a | b |`` (an empty cell prints as ``|  |``).

    Examples
    --------
    >>> md_row(["10y", "+4.2", ""])
    '| 10y | +4.2 |  |'
    """
    return "| " + " | ".join(str(c) for c in cells) + " |"


def md_header(header: Sequence[object], align: str) -> list[str]:
    """Return the header row and the rule that sets the columns' alignment.

    Parameters
    ----------
    header : sequence
        Column titles. An empty title (the corner above row labels) prints
        as ``| |``.
    align : str
        One letter per column: ``l`` (``---``, the default alignment), ``r``
        (``---:``) or ``c`` (``:-:``).

    Examples
    --------
    >>> md_header(["", "2y", "10y"], "lrr")
    ['| | 2y | 10y |', '|---|---:|---:|']
    """
    if len(align) != len(header):
        raise ValueError(f"{len(header)} columns but alignment {align!r}")
    first = md_row(header).replace("|  |", "| |")
    return [first, "|" + "".join(f"{_RULE[a]}|" for a in align)]


def md_table(
    header: Sequence[object], rows: Iterable[Sequence[object]], align: str
) -> list[str]:
    """Return the lines of a table: :func:`md_header`, then a :func:`md_row` each.

    Examples
    --------
    >>> md_table(["tenor", "bp"], [["10y", "+4.2"]], "lr")
    ['| tenor | bp |', '|---|---:|', '| 10y | +4.2 |']
    """
    return [*md_header(header, align), *(md_row(r) for r in rows)]


def pipe_table(frame: pd.DataFrame, float_format: str = ".4f") -> list[str]:
    """Render ``frame`` (columns only, no index) as pipe-table lines.

    Floats use ``float_format`` (e.g. ``".4f"``, ``".4g"``); missing values are blank.
    """

    def cell(v: object) -> str:
        if isinstance(v, (float, np.floating)):
            return "" if np.isnan(v) else format(v, float_format)
        return "" if _missing(v) else str(v)

    rows = ([cell(v) for v in row] for row in frame.itertuples(index=False))
    return md_table(list(frame.columns), rows, "l" * len(frame.columns))


def format_table(
    frame: pd.DataFrame, fmts: dict[str, str], index_name: str
) -> list[str]:
    """Render the index and the columns named in ``fmts``, each with its own format.

    Missing values print ``n/a``; dates print as ``YYYY-MM-DD``; an empty format
    prints the value as is. A blank line ends the table.
    """
    cols = [c for c in fmts if c in frame.columns]
    lines = md_header([index_name, *cols], "l" + "r" * len(cols))
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
        lines.append(md_row([label, *cells]))
    return [*lines, ""]
